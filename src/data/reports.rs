//! `reports`: the same functions on either database; see `sql/reports.rs` for the SQL.

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::AppError;
use crate::people::PersonId;
use crate::referrals::Source;

use super::Tx;

/// A referral received in the period, and when each step of its journey came.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralRow {
    pub source: Source,
    pub received_on: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
    pub first_session_at: Option<NaiveDateTime>,
    pub completed_on: Option<NaiveDate>,
}

/// Goals in one area of need.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AreaGoalsRow {
    pub area: String,
    pub set_in_period: i64,
    pub achieved: i64,
    pub partly: i64,
    pub not_yet: i64,
}

/// The people carrier's runs in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct RunsRow {
    pub runs: i64,
    pub miles: i64,
    pub without_readings: i64,
    pub boarded: i64,
}

/// A participant's date of birth, gender (`female`, `male`, `another`) and the day they agreed
/// to the Justice Data Lab study.
#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct IdentityRow {
    pub born_on: Option<NaiveDate>,
    pub gender: Option<String>,
    pub data_lab_consent_on: Option<NaiveDate>,
}

/// One consenting participant for the Data Lab extract.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DataLabRow {
    pub family_name: String,
    pub given_name: String,
    pub born_on: Option<NaiveDate>,
    pub gender: Option<String>,
    pub started_at: Option<NaiveDateTime>,
}

pub async fn referrals(
    tx: &mut Tx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<ReferralRow>, AppError> {
    in_tx!(tx, reports::referrals(first, last))
}

pub async fn register_outcomes(
    tx: &mut Tx,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<(String, i64)>, AppError> {
    in_tx!(tx, reports::register_outcomes(from, until))
}

pub async fn places_without_register(
    tx: &mut Tx,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<i64, AppError> {
    in_tx!(tx, reports::places_without_register(from, until))
}

pub async fn engagement(
    tx: &mut Tx,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<(i64, i64), AppError> {
    in_tx!(tx, reports::engagement(from, until))
}

pub async fn goals_by_area(
    tx: &mut Tx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<AreaGoalsRow>, AppError> {
    in_tx!(tx, reports::goals_by_area(first, last))
}

pub async fn scores(
    tx: &mut Tx,
    instrument: &str,
    last: NaiveDate,
) -> Result<Vec<(PersonId, NaiveDate, i64)>, AppError> {
    in_tx!(tx, reports::scores(instrument, last))
}

pub async fn runs(tx: &mut Tx, first: NaiveDate, last: NaiveDate) -> Result<RunsRow, AppError> {
    in_tx!(tx, reports::runs(first, last))
}

pub async fn identity(tx: &mut Tx, participant: PersonId) -> Result<Option<IdentityRow>, AppError> {
    in_tx!(tx, reports::identity(participant))
}

pub async fn save_identity(
    tx: &mut Tx,
    participant: PersonId,
    row: &IdentityRow,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, reports::save_identity(participant, row, by))
}

pub async fn data_lab_rows(tx: &mut Tx) -> Result<Vec<DataLabRow>, AppError> {
    in_tx!(tx, reports::data_lab_rows())
}
