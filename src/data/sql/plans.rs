//! Needs, goals, steps and one-to-one contacts. The use cases (`plans::use_cases`) decide who
//! may read and change them; this reads and writes.

use chrono::NaiveDate;

use super::Conn;
use crate::data::plans::{GoalRow, OneToOneRow, StepRow};
use crate::error::AppError;
use crate::people::PersonId;
use crate::plans::form::{GoalDraft, OneToOneDraft};
use crate::plans::{AreaId, AreaNeed, GoalId, NeedLevel, Review, StepId};

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

/// The participant's name and mentor, when they are a participant.
pub async fn participant(
    conn: &mut Conn,
    person: PersonId,
) -> Result<Option<(String, Option<PersonId>)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {NAME}, pa.mentor_id FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.person_id = $1"
    ))
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?)
}

/// A person's display name.
pub async fn name(conn: &mut Conn, person: PersonId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(&format!("SELECT {NAME} FROM people p WHERE p.id = $1"))
        .bind(person)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Every area still in use, in order, with where the participant stands in each; retired
/// areas only where the participant was assessed in them.
pub async fn needs(conn: &mut Conn, participant: PersonId) -> Result<Vec<AreaNeed>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.id AS area_id, a.name AS area, n.level, n.note, n.assessed_on
         FROM need_areas a
         LEFT JOIN assessed_needs n ON n.area_id = a.id AND n.participant_id = $1
         WHERE NOT a.retired OR n.level IS NOT NULL
         ORDER BY a.position, a.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether `area` exists and takes new goals and notes.
pub async fn area_in_use(conn: &mut Conn, area: AreaId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM need_areas WHERE id = $1 AND NOT retired)")
        .bind(area)
        .fetch_one(&mut *conn)
        .await?)
}

/// Records (or replaces) the participant's level of need in an area.
pub async fn write_need(
    conn: &mut Conn,
    participant: PersonId,
    area: AreaId,
    level: NeedLevel,
    note: Option<&str>,
    on: NaiveDate,
    by: PersonId,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO assessed_needs (participant_id, area_id, level, note, assessed_on, assessed_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (participant_id, area_id) DO UPDATE SET
             level = excluded.level, note = excluded.note,
             assessed_on = excluded.assessed_on, assessed_by = excluded.assessed_by",
    )
    .bind(participant)
    .bind(area)
    .bind(level)
    .bind(note)
    .bind(on)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const GOAL: &str = "SELECT g.id, g.participant_id, g.area_id, a.name AS area, g.title, g.owner_id,
        (SELECT coalesce(o.preferred_name, o.given_name) || ' ' || o.family_name
         FROM people o WHERE o.id = g.owner_id) AS owner,
        g.target_on, g.review, g.review_comment, g.reviewed_on
    FROM goals g JOIN need_areas a ON a.id = g.area_id";

/// The participant's goals, area by area, soonest target first.
pub async fn goals(conn: &mut Conn, participant: PersonId) -> Result<Vec<GoalRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{GOAL} WHERE g.participant_id = $1 ORDER BY a.position, a.id, g.target_on, g.id"
    ))
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// One goal.
pub async fn goal(conn: &mut Conn, id: GoalId) -> Result<Option<GoalRow>, AppError> {
    Ok(sqlx::query_as(&format!("{GOAL} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Every step of the participant's goals, in order.
pub async fn steps(conn: &mut Conn, participant: PersonId) -> Result<Vec<StepRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.goal_id, s.step, s.done_on FROM goal_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.participant_id = $1 ORDER BY s.goal_id, s.position",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// Writes a new goal and its steps.
pub async fn insert_goal(
    conn: &mut Conn,
    participant: PersonId,
    goal: &GoalDraft,
    on: NaiveDate,
    by: PersonId,
) -> Result<GoalId, AppError> {
    let id: GoalId = sqlx::query_scalar(
        "INSERT INTO goals (participant_id, area_id, title, owner_id, target_on, created_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(participant)
    .bind(goal.area)
    .bind(&goal.title)
    .bind(goal.owner)
    .bind(goal.target_on)
    .bind(on)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    for (position, step) in goal.steps.iter().enumerate() {
        sqlx::query("INSERT INTO goal_steps (goal_id, position, step) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(step)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Records how a goal went.
pub async fn review_goal(
    conn: &mut Conn,
    id: GoalId,
    review: Review,
    comment: Option<&str>,
    on: NaiveDate,
    by: PersonId,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE goals SET review = $2, review_comment = $3, reviewed_on = $4, reviewed_by = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(review)
    .bind(comment)
    .bind(on)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The participant whose goal a step is on.
pub async fn participant_of_step(conn: &mut Conn, step: StepId) -> Result<Option<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT g.participant_id FROM goal_steps s JOIN goals g ON g.id = s.goal_id WHERE s.id = $1",
    )
    .bind(step)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Ticks a step done on `on` by `by`, or (`on` None) un-ticks it.
pub async fn mark_step(
    conn: &mut Conn,
    step: StepId,
    on: Option<NaiveDate>,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE goal_steps SET done_on = $2, done_by = $3 WHERE id = $1")
        .bind(step)
        .bind(on)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The participant's one-to-one contacts, latest first, with who recorded each.
pub async fn one_to_ones(conn: &mut Conn, participant: PersonId) -> Result<Vec<OneToOneRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT o.id, o.met_on, o.kind, o.note, {NAME} AS by_name,
                (SELECT string_agg(a.name, '; ') FROM one_to_one_areas x
                 JOIN need_areas a ON a.id = x.area_id WHERE x.one_to_one_id = o.id) AS areas
         FROM one_to_ones o JOIN people p ON p.id = o.recorded_by
         WHERE o.participant_id = $1 ORDER BY o.met_on DESC, o.id DESC"
    ))
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// Writes a one-to-one contact with the areas talked about.
pub async fn insert_one_to_one(
    conn: &mut Conn,
    participant: PersonId,
    contact: &OneToOneDraft,
    by: PersonId,
) -> Result<(), AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO one_to_ones (participant_id, met_on, kind, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(participant)
    .bind(contact.met_on)
    .bind(contact.kind)
    .bind(&contact.note)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    for area in &contact.areas {
        sqlx::query("INSERT INTO one_to_one_areas (one_to_one_id, area_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*area)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
