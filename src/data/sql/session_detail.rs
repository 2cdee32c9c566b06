//! One session for its page: the summary, its list of people with the register, and what the
//! person asking may do. Participants' names are read only for a lead or the coordinator
//! (`changes` is `Some`), so nobody else's answer can carry them; the people who could be added
//! are only those within the asker's reach (the activity's group and their own mentees, or
//! everyone for the coordinator).

use chrono::{Duration, NaiveDate, NaiveTime};

use super::{planning, schedule, Pool};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::Reach;
use crate::scheduling::register::{register_open, Outcome};
use crate::scheduling::session::SessionId;
use crate::scheduling::session_api::{RosterLine, SessionDetail};
use crate::venues::SpaceId;

#[derive(sqlx::FromRow)]
struct Extra {
    space_id: SpaceId,
    notes: Option<String>,
    in_series: bool,
    register_note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    participant: PersonId,
    name: String,
    waitlisted: bool,
    needs_lift: bool,
    outcome: Option<Outcome>,
    absent_reason: Option<String>,
}

/// The session's page. `changes`: `Some(reach)` for one of its leads or the coordinator, who
/// may change it and see who is on it; `None` for anyone else.
pub async fn load(
    db: &Pool,
    id: SessionId,
    changes: Option<Reach>,
    today: NaiveDate,
) -> Result<SessionDetail, AppError> {
    let may_change = changes.is_some();
    let summary = schedule::session_summary(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("that session".into()))?;
    let extra: Extra = sqlx::query_as(
        "SELECT space_id, notes, series_id IS NOT NULL AS in_series, register_note
         FROM sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await?;
    let leads: Vec<PersonId> =
        sqlx::query_scalar("SELECT person_id FROM session_leads WHERE session_id = $1")
            .bind(id)
            .fetch_all(db)
            .await?;
    let people = match changes {
        Some(_) => Some(roster(db, id).await?),
        None => None,
    };
    let participants = match changes {
        Some(reach) => enrollable(db, id, reach).await?,
        None => Vec::new(),
    };
    let day = summary.starts_at.date();
    let mut conn = db.acquire().await?;
    let calendar = planning::calendar(
        &mut conn,
        (day - Duration::days(1)).and_time(NaiveTime::MIN),
        (day + Duration::days(15)).and_time(NaiveTime::MIN),
    )
    .await?;
    Ok(SessionDetail {
        register_open: register_open(day, today),
        summary,
        space: extra.space_id,
        leads,
        notes: extra.notes,
        in_series: extra.in_series,
        register_note: extra.register_note,
        people,
        may_change,
        participants,
        adds_anyone: changes == Some(Reach::Everyone),
        calendar,
    })
}

/// Booked people first, then the waitlist in its order, each with what the register says.
async fn roster(db: &Pool, id: SessionId) -> Result<Vec<RosterLine>, AppError> {
    let rows: Vec<RosterRow> = sqlx::query_as(
        "SELECT b.participant_id AS participant,
                coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                b.status = 'waitlisted' AS waitlisted, b.needs_lift,
                at.outcome, at.absent_reason
         FROM bookings b
         JOIN people p ON p.id = b.participant_id
         LEFT JOIN attendance at
             ON at.session_id = b.session_id AND at.participant_id = b.participant_id
         WHERE b.session_id = $1 AND b.status <> 'cancelled'
         ORDER BY b.status = 'waitlisted', b.created_at, b.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut position = 0;
    Ok(rows
        .into_iter()
        .map(|row| RosterLine {
            participant: row.participant,
            name: row.name,
            waiting: row.waitlisted.then(|| {
                position += 1;
                position
            }),
            needs_lift: row.needs_lift,
            outcome: row.outcome,
            absent_reason: row.absent_reason,
        })
        .collect())
}

/// Active participants within `reach` not already on the session, by name.
async fn enrollable(
    db: &Pool,
    id: SessionId,
    reach: Reach,
) -> Result<Vec<(PersonId, String)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active AND pa.status IN ('referred', 'active')
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = $1
                           AND b.participant_id = p.id AND b.status <> 'cancelled')
           AND {}
         ORDER BY name",
        super::activity_groups::IN_REACH
    ))
    .bind(id)
    .bind(reach.limited_to())
    .fetch_all(db)
    .await?)
}
