//! Planning sessions: the calendar the clash rules read, and creating, moving and cancelling
//! sessions. Each write runs in a `BEGIN IMMEDIATE` transaction, so the clash check and the write
//! happen with no other writer in between; the triggers in the scheduler migration refuse
//! anything this code would ever miss.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use sqlx::SqliteConnection;

use super::Db;
use crate::error::AppError;
use crate::people::{display_first_name, PersonId};
use crate::scheduling::clash::{Booked, Calendar, OpeningHours, Proposal, Space};
use crate::scheduling::planning::{refusal, NewSession};
use crate::scheduling::session::{ActivityId, SessionId};
use crate::venues::{SpaceId, VenueId};

#[derive(sqlx::FromRow)]
struct SpaceRow {
    id: SpaceId,
    venue: VenueId,
    venue_name: String,
    name: String,
    part_of: Option<SpaceId>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: SessionId,
    activity: String,
    space: SpaceId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    leads: Option<String>,
}

fn weekday_from_sqlite(day: i64) -> Weekday {
    // SQLite's %w: 0 = Sunday.
    [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ][day.rem_euclid(7) as usize]
}

/// Spaces, opening hours, staff names and the planned sessions from `from` to `until`.
pub async fn calendar(
    conn: &mut SqliteConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Calendar, AppError> {
    let spaces: Vec<SpaceRow> = sqlx::query_as(
        "SELECT sp.id, sp.venue_id AS venue, v.name AS venue_name, sp.name,
                sp.part_of_space_id AS part_of
         FROM venue_spaces sp JOIN venues v ON v.id = sp.venue_id
         ORDER BY v.name, sp.name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let hours: Vec<(VenueId, i64, String, String)> =
        sqlx::query_as("SELECT venue_id, weekday, opens, closes FROM venue_opening_hours")
            .fetch_all(&mut *conn)
            .await?;
    let sessions: Vec<SessionRow> = sqlx::query_as(
        "SELECT s.id, a.name AS activity, s.space_id AS space, s.starts_at, s.ends_at,
                (SELECT group_concat(person_id) FROM session_leads l WHERE l.session_id = s.id)
                    AS leads
         FROM sessions s JOIN activities a ON a.id = s.activity_id
         WHERE s.status = 'scheduled' AND s.ends_at > ? AND s.starts_at < ?
         ORDER BY s.starts_at",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let lead_names: Vec<(PersonId, String, Option<String>, String)> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.preferred_name, p.family_name FROM people p
         WHERE EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id
                       AND r.role IN ('tutor', 'mentor', 'coordinator', 'team_leader'))
         ORDER BY p.given_name, p.family_name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let buffer_minutes: i64 =
        sqlx::query_scalar("SELECT changeover_buffer_minutes FROM programme_settings")
            .fetch_one(&mut *conn)
            .await?;
    let time = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").ok();
    Ok(Calendar {
        spaces: spaces
            .into_iter()
            .map(|row| Space {
                id: row.id,
                venue: row.venue,
                venue_name: row.venue_name,
                name: row.name,
                part_of: row.part_of,
            })
            .collect(),
        hours: hours
            .into_iter()
            .filter_map(|(venue, day, opens, closes)| {
                Some(OpeningHours {
                    venue,
                    weekday: weekday_from_sqlite(day),
                    opens: time(&opens)?,
                    closes: time(&closes)?,
                })
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|row| Booked {
                id: row.id,
                activity: row.activity,
                space: row.space,
                leads: row
                    .leads
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|id| id.parse().ok().map(PersonId))
                    .collect(),
                starts_at: row.starts_at,
                ends_at: row.ends_at,
            })
            .collect(),
        lead_names: lead_names
            .into_iter()
            .map(|(id, given, preferred, family)| {
                let first = display_first_name(&given, preferred.as_deref());
                (id, format!("{first} {family}"))
            })
            .collect(),
        buffer_minutes,
    })
}

/// The calendar around one day: enough for every rule about a session on it.
async fn calendar_around(
    conn: &mut SqliteConnection,
    date: NaiveDate,
) -> Result<Calendar, AppError> {
    let from = date.pred_opt().unwrap_or(date).and_time(NaiveTime::MIN);
    let until = date.succ_opt().unwrap_or(date).and_time(NaiveTime::MIN);
    calendar(conn, from, until + chrono::Duration::days(14)).await
}

/// Refuses `proposal` with the clash in words and the nearest free alternatives.
fn check(calendar: &Calendar, proposal: &Proposal) -> Result<(), AppError> {
    let clashes = calendar.clashes(proposal);
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(AppError::Conflict(refusal(calendar, proposal, &clashes)))
    }
}

/// Plans a one-off session. The activity's default capacity applies when none is given.
pub async fn create_session(db: &Db, session: &NewSession) -> Result<SessionId, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let calendar = calendar_around(&mut tx, session.starts_at.date()).await?;
    check(&calendar, &session.proposal(None))?;
    let capacity: Option<i64> = match session.capacity {
        Some(capacity) => Some(i64::from(capacity)),
        None => {
            sqlx::query_scalar("SELECT default_capacity FROM activities WHERE id = ?")
                .bind(session.activity)
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    let capacity =
        capacity.ok_or_else(|| AppError::Invalid("Choose an activity from the list.".into()))?;
    let id: SessionId = sqlx::query_scalar(
        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity, notes)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(session.activity)
    .bind(session.space)
    .bind(session.starts_at)
    .bind(session.ends_at)
    .bind(capacity)
    .bind(session.notes.as_deref().filter(|n| !n.trim().is_empty()))
    .fetch_one(&mut *tx)
    .await?;
    for lead in &session.leads {
        sqlx::query("INSERT INTO session_leads (session_id, person_id) VALUES (?, ?)")
            .bind(id)
            .bind(lead)
            .execute(&mut *tx)
            .await
            .map_err(|_| AppError::Invalid("Choose the leads from the list of staff.".into()))?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The leads of a session: who may change it, and whose diaries a move must fit.
pub async fn leads_of<'c>(
    conn: impl sqlx::SqliteExecutor<'c>,
    id: SessionId,
) -> Result<Vec<PersonId>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT person_id FROM session_leads WHERE session_id = ?")
            .bind(id)
            .fetch_all(conn)
            .await?,
    )
}

/// Moves a session to another space or time (or changes its length).
pub async fn move_session(
    db: &Db,
    id: SessionId,
    space: SpaceId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM sessions WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    match status.as_deref() {
        None => return Err(AppError::NotFound("that session".into())),
        Some("cancelled") => {
            return Err(AppError::Conflict(
                "That session is cancelled: it cannot be moved.".into(),
            ))
        }
        Some(_) => {}
    }
    let leads = leads_of(&mut *tx, id).await?;
    let calendar = calendar_around(&mut tx, starts_at.date()).await?;
    let proposal = Proposal {
        id: Some(id),
        space,
        leads,
        starts_at,
        ends_at,
    };
    check(&calendar, &proposal)?;
    sqlx::query("UPDATE sessions SET space_id = ?, starts_at = ?, ends_at = ? WHERE id = ?")
        .bind(space)
        .bind(starts_at)
        .bind(ends_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels a session with a reason. Bookings stay, so booked people see it as cancelled.
pub async fn cancel_session(db: &Db, id: SessionId, reason: &str) -> Result<(), AppError> {
    let changed = sqlx::query(
        "UPDATE sessions SET status = 'cancelled', cancel_reason = ?
         WHERE id = ? AND status = 'scheduled'",
    )
    .bind(reason.trim())
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound("a planned session to cancel".into()));
    }
    Ok(())
}

/// Activities to choose from when planning: (id, name, default minutes, default capacity).
pub async fn activity_choices(db: &Db) -> Result<Vec<(ActivityId, String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, default_duration_minutes, default_capacity FROM activities ORDER BY name",
    )
    .fetch_all(db)
    .await?)
}
