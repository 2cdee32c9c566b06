//! `subject_access`: the same functions on either database; see `sql/subject_access.rs`.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::people::PersonId;
use crate::subject_access::{HowReceived, RequestId};

use super::Tx;

pub use super::sqlite::subject_access::{AuditRow, CaseActionRow, GoalRow, HistoryRow, ScoreRow};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestRow {
    pub id: RequestId,
    pub participant: PersonId,
    pub name: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub how: HowReceived,
    pub answered_on: Option<NaiveDate>,
}

/// The person's own record.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRow {
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub referral_source: String,
    pub referral_date: NaiveDate,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
    pub mentor: Option<String>,
    pub pickup_point: Option<String>,
    pub needs_lift: bool,
    pub uses_wheelchair: bool,
    pub mobility_needs: Option<String>,
    pub notes: Option<String>,
}

/// A referral about the person, whole.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralRow {
    pub id: i64,
    pub source: String,
    pub referrer_organisation: Option<String>,
    pub referrer_name: Option<String>,
    pub referrer_contact: Option<String>,
    pub received_on: NaiveDate,
    pub given_name: String,
    pub family_name: String,
    pub born_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub town: Option<String>,
    pub in_area: bool,
    pub reason: Option<String>,
    pub consent_how: String,
    pub consent_on: NaiveDate,
    pub share_back: String,
    pub status: String,
    pub close_reason: Option<String>,
}

pub async fn insert_request(
    tx: &mut Tx,
    participant: PersonId,
    received_on: NaiveDate,
    due_on: NaiveDate,
    how: HowReceived,
    by: PersonId,
) -> Result<RequestId, AppError> {
    in_tx!(
        tx,
        subject_access::insert_request(participant, received_on, due_on, how, by)
    )
}

pub async fn requests(tx: &mut Tx) -> Result<Vec<RequestRow>, AppError> {
    in_tx!(tx, subject_access::requests())
}

pub async fn participants(tx: &mut Tx) -> Result<Vec<(PersonId, String)>, AppError> {
    in_tx!(tx, subject_access::participants())
}

pub async fn request(
    tx: &mut Tx,
    id: RequestId,
) -> Result<Option<(PersonId, NaiveDate)>, AppError> {
    in_tx!(tx, subject_access::request(id))
}

pub async fn mark_answered(tx: &mut Tx, id: RequestId, on: NaiveDate) -> Result<bool, AppError> {
    in_tx!(tx, subject_access::mark_answered(id, on))
}

pub async fn person(tx: &mut Tx, participant: PersonId) -> Result<Option<PersonRow>, AppError> {
    in_tx!(tx, subject_access::person(participant))
}

pub async fn referrals(tx: &mut Tx, participant: PersonId) -> Result<Vec<ReferralRow>, AppError> {
    in_tx!(tx, subject_access::referrals(participant))
}

pub async fn referral_history(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<HistoryRow>, AppError> {
    in_tx!(tx, subject_access::referral_history(participant))
}

pub async fn bookings(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(chrono::NaiveDateTime, String, String)>, AppError> {
    in_tx!(tx, subject_access::bookings(participant))
}

pub async fn attendance(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(chrono::NaiveDateTime, String, String, Option<String>)>, AppError> {
    in_tx!(tx, subject_access::attendance(participant))
}

pub async fn rides(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, String, Option<String>)>, AppError> {
    in_tx!(tx, subject_access::rides(participant))
}

pub async fn groups(tx: &mut Tx, participant: PersonId) -> Result<Vec<String>, AppError> {
    in_tx!(tx, subject_access::groups(participant))
}

pub async fn needs(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(String, String, Option<String>, NaiveDate)>, AppError> {
    in_tx!(tx, subject_access::needs(participant))
}

pub async fn goals(tx: &mut Tx, participant: PersonId) -> Result<Vec<GoalRow>, AppError> {
    in_tx!(tx, subject_access::goals(participant))
}

pub async fn steps(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(i64, String, Option<NaiveDate>)>, AppError> {
    in_tx!(tx, subject_access::steps(participant))
}

pub async fn one_to_ones(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, String, Option<String>)>, AppError> {
    in_tx!(tx, subject_access::one_to_ones(participant))
}

pub async fn case_minutes(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, bool, Option<String>)>, AppError> {
    in_tx!(tx, subject_access::case_minutes(participant))
}

pub async fn case_actions(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Vec<CaseActionRow>, AppError> {
    in_tx!(tx, subject_access::case_actions(participant))
}

pub async fn wellbeing(tx: &mut Tx, participant: PersonId) -> Result<Vec<ScoreRow>, AppError> {
    in_tx!(tx, subject_access::wellbeing(participant))
}

pub async fn kept_apart_from(tx: &mut Tx, participant: PersonId) -> Result<i64, AppError> {
    in_tx!(tx, subject_access::kept_apart_from(participant))
}

pub async fn hold_since(tx: &mut Tx, participant: PersonId) -> Result<Option<NaiveDate>, AppError> {
    in_tx!(tx, subject_access::hold_since(participant))
}

pub async fn audit(tx: &mut Tx, participant: PersonId) -> Result<Vec<AuditRow>, AppError> {
    in_tx!(tx, subject_access::audit(participant))
}
