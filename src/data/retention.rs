//! `retention`: the same functions on either database; see `sql/retention.rs` for the SQL.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::AppError;
use crate::people::PersonId;
use crate::referrals::ReferralId;
use crate::retention::RecordKind;

use super::Tx;

/// A legal hold, with the names joined.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HoldRow {
    pub participant: PersonId,
    pub name: String,
    pub reason: String,
    pub placed_on: NaiveDate,
    pub placed_by: String,
}

/// A closed case not yet anonymised.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClosedRow {
    pub participant: PersonId,
    pub name: String,
    pub closed_on: NaiveDate,
}

/// A referral due to be anonymised, with the birth date whose year stays.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralDue {
    pub id: ReferralId,
    pub born_on: Option<NaiveDate>,
}

pub async fn periods(tx: &mut Tx) -> Result<Vec<(RecordKind, i32)>, AppError> {
    in_tx!(tx, retention::periods())
}

pub async fn set_period(
    tx: &mut Tx,
    kind: RecordKind,
    months: i32,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, retention::set_period(kind, months, by))
}

pub async fn holds(tx: &mut Tx) -> Result<Vec<HoldRow>, AppError> {
    in_tx!(tx, retention::holds())
}

pub async fn closed_cases(tx: &mut Tx) -> Result<Vec<ClosedRow>, AppError> {
    in_tx!(tx, retention::closed_cases())
}

pub async fn record_is_whole(tx: &mut Tx, participant: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, retention::record_is_whole(participant))
}

pub async fn is_anonymised(tx: &mut Tx, person: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, retention::is_anonymised(person))
}

pub async fn place_hold(
    tx: &mut Tx,
    participant: PersonId,
    reason: &str,
    by: PersonId,
    on: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(tx, retention::place_hold(participant, reason, by, on))
}

pub async fn lift_hold(tx: &mut Tx, participant: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, retention::lift_hold(participant))
}

pub async fn cases_due(tx: &mut Tx, closed_by: NaiveDate) -> Result<Vec<PersonId>, AppError> {
    in_tx!(tx, retention::cases_due(closed_by))
}

pub async fn anonymise_participant(
    tx: &mut Tx,
    participant: PersonId,
    today: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(tx, retention::anonymise_participant(participant, today))
}

pub async fn referrals_due(
    tx: &mut Tx,
    closed_by: NaiveDate,
) -> Result<Vec<ReferralDue>, AppError> {
    in_tx!(tx, retention::referrals_due(closed_by))
}

pub async fn anonymise_referral(
    tx: &mut Tx,
    referral: ReferralId,
    born_year: Option<i32>,
    today: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(
        tx,
        retention::anonymise_referral(referral, born_year, today)
    )
}

pub async fn notes_due(
    tx: &mut Tx,
    closed_by: NaiveDate,
) -> Result<Vec<(PersonId, i64)>, AppError> {
    in_tx!(tx, retention::notes_due(closed_by))
}

pub async fn remove_notes(
    tx: &mut Tx,
    participant: PersonId,
    today: NaiveDate,
) -> Result<u64, AppError> {
    in_tx!(tx, retention::remove_notes(participant, today))
}

pub async fn receipts_due(tx: &mut Tx, paid_by: NaiveDate) -> Result<i64, AppError> {
    in_tx!(tx, retention::receipts_due(paid_by))
}

pub async fn delete_receipts(tx: &mut Tx, paid_by: NaiveDate) -> Result<u64, AppError> {
    in_tx!(tx, retention::delete_receipts(paid_by))
}

pub async fn audit_due(tx: &mut Tx, before: NaiveDate) -> Result<i64, AppError> {
    in_tx!(tx, retention::audit_due(before))
}

pub async fn purge_audit(tx: &mut Tx, before: NaiveDate) -> Result<u64, AppError> {
    in_tx!(tx, retention::purge_audit(before))
}

pub async fn last_run(tx: &mut Tx) -> Result<Option<(DateTime<Utc>, String)>, AppError> {
    in_tx!(tx, retention::last_run())
}
