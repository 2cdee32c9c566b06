//! Planning sessions in the database: the calendar the clash rules read, and the rows creating,
//! moving and cancelling sessions write (the use cases are `scheduling::use_cases::planning`,
//! each in one write transaction, so the clash check and the write happen with no other writer in
//! between). The triggers in the scheduler migration refuse anything the code would ever miss.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{Conn, Pool};
use crate::days_and_times::day_from_number;
use crate::error::AppError;
use crate::people::{display_first_name, PersonId};
use crate::scheduling::clash::{Booked, Calendar, OpeningHours, Space};
use crate::scheduling::planning::NewSession;
use crate::scheduling::series::SeriesId;
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

/// Spaces, opening hours, staff names and the planned sessions from `from` to `until`.
pub async fn calendar_between(
    db: &Pool,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Calendar, AppError> {
    let mut conn = db.acquire().await?;
    calendar(&mut conn, from, until).await
}

pub async fn calendar(
    conn: &mut Conn,
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
    let hours: Vec<(VenueId, i64, NaiveTime, NaiveTime)> =
        sqlx::query_as("SELECT venue_id, weekday, opens, closes FROM venue_opening_hours")
            .fetch_all(&mut *conn)
            .await?;
    let sessions: Vec<SessionRow> = sqlx::query_as(
        "SELECT s.id, a.name AS activity, s.space_id AS space, s.starts_at, s.ends_at,
                (SELECT string_agg(CAST(person_id AS text), ',') FROM session_leads l
                 WHERE l.session_id = s.id)
                    AS leads
         FROM sessions s JOIN activities a ON a.id = s.activity_id
         WHERE s.status = 'scheduled' AND s.ends_at > $1 AND s.starts_at < $2
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
            // The schema keeps each day number within 0–6.
            .filter_map(|(venue, day, opens, closes)| {
                Some(OpeningHours {
                    venue,
                    weekday: day_from_number(day)?,
                    opens,
                    closes,
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

/// The calendar from the day before `first` to a fortnight after `last`: enough for every rule
/// about sessions on those days, and for the free alternatives a refusal offers.
pub async fn calendar_spanning(
    conn: &mut Conn,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Calendar, AppError> {
    let from = first.pred_opt().unwrap_or(first).and_time(NaiveTime::MIN);
    let until = last.succ_opt().unwrap_or(last).and_time(NaiveTime::MIN);
    let until = until
        .checked_add_signed(chrono::Duration::days(14))
        .unwrap_or(until);
    calendar(conn, from, until).await
}

/// The activity's name (for clash messages) and the places a session has when the planner
/// gives none; `None` when there is no such activity.
pub async fn activity_defaults(
    conn: &mut Conn,
    activity: ActivityId,
) -> Result<Option<(String, i64)>, AppError> {
    Ok(
        sqlx::query_as("SELECT name, default_capacity FROM activities WHERE id = $1")
            .bind(activity)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Writes one session (not its leads) with `capacity` places. `series`: the series it is one
/// occurrence of.
pub async fn insert_session(
    conn: &mut Conn,
    session: &NewSession,
    capacity: i64,
    series: Option<SeriesId>,
) -> Result<SessionId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity, notes, series_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(session.activity)
    .bind(session.space)
    .bind(session.starts_at)
    .bind(session.ends_at)
    .bind(capacity)
    .bind(session.notes.as_deref().filter(|n| !n.trim().is_empty()))
    .bind(series)
    .fetch_one(&mut *conn)
    .await?)
}

/// Makes `lead` one of the session's leads. The schema refuses anyone who is not staff.
pub async fn add_lead(conn: &mut Conn, session: SessionId, lead: PersonId) -> Result<(), AppError> {
    sqlx::query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
        .bind(session)
        .bind(lead)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Cancels a planned session with `reason` (a cancelled one stays as it is).
pub async fn cancel(conn: &mut Conn, session: SessionId, reason: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET status = 'cancelled', cancel_reason = $1
         WHERE id = $2 AND status = 'scheduled'",
    )
    .bind(reason)
    .bind(session)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Activities to choose from when planning: (id, name, default minutes, default capacity).
pub async fn activity_choices(db: &Pool) -> Result<Vec<(ActivityId, String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, default_duration_minutes, default_capacity FROM activities ORDER BY name",
    )
    .fetch_all(db)
    .await?)
}
