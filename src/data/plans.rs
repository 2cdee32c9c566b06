//! `plans`: the same functions on either database; see `sql/plans.rs` for the SQL.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::people::PersonId;
use crate::plans::form::{GoalDraft, OneToOneDraft};
use crate::plans::{AreaId, AreaNeed, ContactKind, GoalId, NeedLevel, Review, StepId};

use super::Tx;

/// A goal as stored, with its area's and owner's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: GoalId,
    pub participant_id: PersonId,
    pub area_id: AreaId,
    pub area: String,
    pub title: String,
    pub owner_id: PersonId,
    pub owner: Option<String>,
    pub target_on: NaiveDate,
    pub review: Option<Review>,
    pub review_comment: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
}

/// A step as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StepRow {
    pub id: StepId,
    pub goal_id: GoalId,
    pub step: String,
    pub done_on: Option<NaiveDate>,
}

/// A one-to-one contact as stored, with the areas' names joined.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OneToOneRow {
    pub id: i64,
    pub met_on: NaiveDate,
    pub kind: ContactKind,
    pub note: String,
    pub by_name: String,
    pub areas: Option<String>,
}

pub async fn participant(
    tx: &mut Tx,
    person: PersonId,
) -> Result<Option<(String, Option<PersonId>)>, AppError> {
    in_tx!(tx, plans::participant(person))
}

pub async fn name(tx: &mut Tx, person: PersonId) -> Result<Option<String>, AppError> {
    in_tx!(tx, plans::name(person))
}

pub async fn needs(tx: &mut Tx, participant: PersonId) -> Result<Vec<AreaNeed>, AppError> {
    in_tx!(tx, plans::needs(participant))
}

pub async fn area_in_use(tx: &mut Tx, area: AreaId) -> Result<bool, AppError> {
    in_tx!(tx, plans::area_in_use(area))
}

pub async fn write_need(
    tx: &mut Tx,
    participant: PersonId,
    area: AreaId,
    level: NeedLevel,
    note: Option<&str>,
    on: NaiveDate,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        plans::write_need(participant, area, level, note, on, by)
    )
}

pub async fn goals(tx: &mut Tx, participant: PersonId) -> Result<Vec<GoalRow>, AppError> {
    in_tx!(tx, plans::goals(participant))
}

pub async fn goal(tx: &mut Tx, id: GoalId) -> Result<Option<GoalRow>, AppError> {
    in_tx!(tx, plans::goal(id))
}

pub async fn steps(tx: &mut Tx, participant: PersonId) -> Result<Vec<StepRow>, AppError> {
    in_tx!(tx, plans::steps(participant))
}

pub async fn insert_goal(
    tx: &mut Tx,
    participant: PersonId,
    goal: &GoalDraft,
    on: NaiveDate,
    by: PersonId,
) -> Result<GoalId, AppError> {
    in_tx!(tx, plans::insert_goal(participant, goal, on, by))
}

pub async fn review_goal(
    tx: &mut Tx,
    id: GoalId,
    review: Review,
    comment: Option<&str>,
    on: NaiveDate,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, plans::review_goal(id, review, comment, on, by))
}

pub async fn participant_of_step(tx: &mut Tx, step: StepId) -> Result<Option<PersonId>, AppError> {
    in_tx!(tx, plans::participant_of_step(step))
}

pub async fn mark_step(
    tx: &mut Tx,
    step: StepId,
    on: Option<NaiveDate>,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    in_tx!(tx, plans::mark_step(step, on, by))
}

pub async fn one_to_ones(tx: &mut Tx, participant: PersonId) -> Result<Vec<OneToOneRow>, AppError> {
    in_tx!(tx, plans::one_to_ones(participant))
}

pub async fn insert_one_to_one(
    tx: &mut Tx,
    participant: PersonId,
    contact: &OneToOneDraft,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, plans::insert_one_to_one(participant, contact, by))
}
