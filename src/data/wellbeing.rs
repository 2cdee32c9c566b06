//! `wellbeing`: the same functions on either database; see `sql/wellbeing.rs` for the SQL.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::people::PersonId;
use crate::wellbeing::{ResponseId, TimePoint};

use super::Tx;

/// An unfinished questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenRow {
    pub id: ResponseId,
    pub instrument: String,
    pub time_point: TimePoint,
    pub answers: String,
}

/// A finished one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CompletedRow {
    pub completed_on: NaiveDate,
    pub score: i64,
    pub time_point: TimePoint,
    pub assisted: bool,
}

/// A participant's last check-in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LastRow {
    pub participant: PersonId,
    pub name: String,
    pub finished: bool,
    pub last_on: Option<NaiveDate>,
    pub last_point: Option<TimePoint>,
}

pub async fn open_response(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Option<OpenRow>, AppError> {
    in_tx!(tx, wellbeing::open_response(participant))
}

pub async fn insert_response(
    tx: &mut Tx,
    participant: PersonId,
    instrument: &str,
    time_point: TimePoint,
    on: NaiveDate,
    assisted_by: Option<PersonId>,
) -> Result<ResponseId, AppError> {
    in_tx!(
        tx,
        wellbeing::insert_response(participant, instrument, time_point, on, assisted_by)
    )
}

pub async fn save_answers(tx: &mut Tx, id: ResponseId, answers: &str) -> Result<(), AppError> {
    in_tx!(tx, wellbeing::save_answers(id, answers))
}

pub async fn complete(
    tx: &mut Tx,
    id: ResponseId,
    score: i64,
    on: NaiveDate,
) -> Result<(), AppError> {
    in_tx!(tx, wellbeing::complete(id, score, on))
}

pub async fn completed(
    tx: &mut Tx,
    participant: PersonId,
    instrument: &str,
) -> Result<Vec<CompletedRow>, AppError> {
    in_tx!(tx, wellbeing::completed(participant, instrument))
}

pub async fn last_check_ins(tx: &mut Tx) -> Result<Vec<LastRow>, AppError> {
    in_tx!(tx, wellbeing::last_check_ins())
}

pub async fn last_check_in(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Option<LastRow>, AppError> {
    in_tx!(tx, wellbeing::last_check_in(participant))
}
