//! `claims`: the same functions on either database; see `sql/claims.rs` for the SQL.

use chrono::NaiveDate;

use crate::claims::money::{Pence, Tenths};
use crate::claims::rates::{MileageRate, Priced};
use crate::claims::states::{ClaimState, ClaimStep};
use crate::claims::{ClaimId, ClaimMonth, ExpenseCategory, LineDraft, LineId};
use crate::error::AppError;
use crate::people::PersonId;

use super::{Db, Tx};

/// A claim as the use cases check it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimRow {
    pub id: ClaimId,
    pub person_id: PersonId,
    pub month: NaiveDate,
    pub state: ClaimState,
    pub paid_on: Option<NaiveDate>,
}

/// One line, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LineRow {
    pub id: LineId,
    pub claim_id: ClaimId,
    pub kind: String,
    pub line_date: NaiveDate,
    pub from_place: Option<String>,
    pub to_place: Option<String>,
    pub purpose: Option<String>,
    pub tenths: Option<Tenths>,
    pub category: Option<ExpenseCategory>,
    pub description: String,
    pub amount_pence: Option<Pence>,
    pub rate_pence: Option<i64>,
    pub priced_as: Option<String>,
    /// Of `tenths`, those paid at `rate_after_pence` (past the threshold); `None` before sending.
    pub lower_tenths: Option<Tenths>,
    pub rate_after_pence: Option<i64>,
    pub has_receipt: bool,
}

/// One change of state, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub step: ClaimStep,
    pub by_name: String,
    pub on_date: NaiveDate,
    pub reason: Option<String>,
}

/// The person's claim for `month`, when there is one.
pub async fn claim_for(
    tx: &mut Tx,
    person: PersonId,
    month: ClaimMonth,
) -> Result<Option<ClaimRow>, AppError> {
    in_tx!(tx, claims::claim_for(person, month))
}

/// A claim by its id.
pub async fn claim(tx: &mut Tx, id: ClaimId) -> Result<Option<ClaimRow>, AppError> {
    in_tx!(tx, claims::claim(id))
}

/// Starts the person's (empty, draft) claim for `month`.
pub async fn insert_claim(
    tx: &mut Tx,
    person: PersonId,
    month: ClaimMonth,
) -> Result<ClaimId, AppError> {
    in_tx!(tx, claims::insert_claim(person, month))
}

/// The line an earlier send of the same form added, if any.
pub async fn line_with_key(
    tx: &mut Tx,
    claim: ClaimId,
    form_key: &str,
) -> Result<Option<LineId>, AppError> {
    in_tx!(tx, claims::line_with_key(claim, form_key))
}

/// Adds a line (a journey unpriced until the claim is sent).
pub async fn insert_line(
    tx: &mut Tx,
    claim: ClaimId,
    line: &LineDraft,
    form_key: Option<&str>,
) -> Result<LineId, AppError> {
    in_tx!(tx, claims::insert_line(claim, line, form_key))
}

/// The claim a line is on; `None` when there is no such line.
pub async fn claim_of_line(tx: &mut Tx, line: LineId) -> Result<Option<ClaimRow>, AppError> {
    in_tx!(tx, claims::claim_of_line(line))
}

/// Removes a line and its receipt.
pub async fn delete_line(tx: &mut Tx, line: LineId) -> Result<(), AppError> {
    in_tx!(tx, claims::delete_line(line))
}

/// Keeps (or replaces) a line's receipt photo.
pub async fn write_receipt(
    tx: &mut Tx,
    line: LineId,
    content_type: &str,
    bytes: &[u8],
    sha256: &str,
) -> Result<(), AppError> {
    in_tx!(tx, claims::write_receipt(line, content_type, bytes, sha256))
}

/// A receipt's type and bytes.
pub async fn receipt(tx: &mut Tx, line: LineId) -> Result<Option<(String, Vec<u8>)>, AppError> {
    in_tx!(tx, claims::receipt(line))
}

/// A claim's lines in date order.
pub async fn lines(tx: &mut Tx, claim: ClaimId) -> Result<Vec<LineRow>, AppError> {
    in_tx!(tx, claims::lines(claim))
}

/// A claim's lines in date order, read outside a write.
pub async fn lines_read(db: &Db, claim: ClaimId) -> Result<Vec<LineRow>, AppError> {
    dispatch!(db, claims::lines_read(claim))
}

/// How far `person` has been paid for in own-car journeys dated from `from` to `to` on their
/// claims other than `except` that have been sent (or approved, or paid).
pub async fn journeys_sent_between(
    tx: &mut Tx,
    person: PersonId,
    from: NaiveDate,
    to: NaiveDate,
    except: ClaimId,
) -> Result<Tenths, AppError> {
    in_tx!(tx, claims::journeys_sent_between(person, from, to, except))
}

/// Fixes a journey's amount and how it was priced, as the claim is sent.
pub async fn set_priced(tx: &mut Tx, line: LineId, price: &Priced) -> Result<(), AppError> {
    in_tx!(tx, claims::set_priced(line, price))
}

/// Moves a claim to `state` (with the day it was paid, for paid).
pub async fn set_state(
    tx: &mut Tx,
    claim: ClaimId,
    state: ClaimState,
    paid_on: Option<NaiveDate>,
) -> Result<(), AppError> {
    in_tx!(tx, claims::set_state(claim, state, paid_on))
}

/// Records who moved the claim, and when.
pub async fn insert_event(
    tx: &mut Tx,
    claim: ClaimId,
    step: ClaimStep,
    by: PersonId,
    on_date: NaiveDate,
    reason: Option<&str>,
) -> Result<(), AppError> {
    in_tx!(tx, claims::insert_event(claim, step, by, on_date, reason))
}

/// A claim's history, oldest first.
pub async fn events(tx: &mut Tx, claim: ClaimId) -> Result<Vec<EventRow>, AppError> {
    in_tx!(tx, claims::events(claim))
}

/// The claims in `states` (in that order), the longest waiting first: by when each was last
/// sent.
pub async fn claims_in(db: &Db, states: &[ClaimState]) -> Result<Vec<ClaimRow>, AppError> {
    dispatch!(db, claims::claims_in(states))
}

/// Everyone's name, for a claim page's heading.
pub async fn person_name(tx: &mut Tx, person: PersonId) -> Result<Option<String>, AppError> {
    in_tx!(tx, claims::person_name(person))
}

/// The mileage rates table, oldest first.
pub async fn rates(tx: &mut Tx) -> Result<Vec<MileageRate>, AppError> {
    in_tx!(tx, claims::rates())
}

/// Adds a rate, or replaces the one taking effect the same day.
pub async fn write_rate(tx: &mut Tx, rate: &MileageRate) -> Result<(), AppError> {
    in_tx!(tx, claims::write_rate(rate))
}
