//! Planning sessions: the calendar the clash rules read, and creating, moving and cancelling
//! sessions. Each write runs in a `BEGIN IMMEDIATE` transaction, so the clash check and the write
//! happen with no other writer in between; the triggers in the scheduler migration refuse
//! anything this code would ever miss.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use super::Conn;
use crate::days_and_times::day_from_number;

use super::{series, Pool};
use crate::error::AppError;
use crate::people::{display_first_name, PersonId};
use crate::scheduling::clash::{Booked, Calendar, OpeningHours, Proposal, Space};
use crate::scheduling::planning::{refusal, NewSession, Refusals};
use crate::scheduling::series::{EditScope, SeriesId, Shift};
use crate::scheduling::session::{ActivityId, SessionId, SessionStatus};
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

pub(super) async fn calendar(
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
pub(super) async fn calendar_spanning(
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

/// Refuses `proposal` with the clash in words and the nearest free alternatives.
fn check(calendar: &Calendar, proposal: &Proposal) -> Result<(), AppError> {
    let clashes = calendar.clashes(proposal);
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(AppError::Conflict(refusal(calendar, proposal, &clashes)))
    }
}

/// The activity's name (for clash messages) and the places a session has when the planner
/// gives none.
pub(super) async fn activity_defaults(
    conn: &mut Conn,
    activity: ActivityId,
) -> Result<(String, i64), AppError> {
    sqlx::query_as("SELECT name, default_capacity FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| AppError::Invalid("Choose an activity from the list.".into()))
}

/// Writes one session and its leads inside the caller's transaction, after the caller has
/// checked it against the calendar. `series`: the series it is one occurrence of.
pub(super) async fn insert_session(
    conn: &mut Conn,
    session: &NewSession,
    default_capacity: i64,
    series: Option<SeriesId>,
) -> Result<SessionId, AppError> {
    let id: SessionId = sqlx::query_scalar(
        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity, notes, series_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(session.activity)
    .bind(session.space)
    .bind(session.starts_at)
    .bind(session.ends_at)
    .bind(session.capacity.map_or(default_capacity, i64::from))
    .bind(session.notes.as_deref().filter(|n| !n.trim().is_empty()))
    .bind(series)
    .fetch_one(&mut *conn)
    .await?;
    for lead in &session.leads {
        sqlx::query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
            .bind(id)
            .bind(lead)
            .execute(&mut *conn)
            .await
            .map_err(|_| AppError::Invalid("Choose the leads from the list of staff.".into()))?;
    }
    Ok(id)
}

/// Plans a one-off session. The activity's default capacity applies when none is given.
pub async fn create_session(db: &Pool, session: &NewSession) -> Result<SessionId, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let date = session.starts_at.date();
    let calendar = calendar_spanning(&mut tx, date, date).await?;
    check(&calendar, &session.proposal(None))?;
    let (_, default_capacity) = activity_defaults(&mut tx, session.activity).await?;
    let id = insert_session(&mut tx, session, default_capacity, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves a session to another space or time (or changes its length). With
/// [`EditScope::ThisAndFollowing`], every later planned session of its series moves too: by the
/// same number of days, to the same space and the new times of day. All of them move or none.
pub async fn move_session(
    db: &Pool,
    id: SessionId,
    space: SpaceId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    scope: EditScope,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let anchor = match series::anchor(&mut tx, id).await? {
        None => return Err(AppError::NotFound("that session".into())),
        Some(anchor) if anchor.status == SessionStatus::Cancelled => {
            return Err(AppError::Conflict(
                "That session is cancelled: it cannot be moved.".into(),
            ))
        }
        Some(anchor) => anchor,
    };
    let shift = Shift::between(anchor.starts_at, starts_at, ends_at);
    let moving = series::in_scope(&mut tx, id, scope).await?;
    let planned = moving
        .iter()
        .map(|(id, at)| Some((*id, shift.apply(*at)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| AppError::Invalid("Choose a date between 2000 and 2100.".into()))?;
    let proposals = fit(&mut tx, space, &moving, &planned).await?;
    series::place(&mut tx, &proposals).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks where each moving session is going against the rest of the calendar and against the
/// others already placed: the moving sessions' old places count as free. Returns the checked
/// proposals, or the refusal (dated when several move).
async fn fit(
    conn: &mut Conn,
    space: SpaceId,
    moving: &[(SessionId, NaiveDateTime)],
    planned: &[(SessionId, (NaiveDateTime, NaiveDateTime))],
) -> Result<Vec<Proposal>, AppError> {
    let days = moving
        .iter()
        .map(|(_, at)| at.date())
        .chain(planned.iter().map(|(_, (at, _))| at.date()));
    let (first, last) = (days.clone().min(), days.max());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let mut calendar = calendar_spanning(conn, first, last).await?;
    let (old, rest): (Vec<Booked>, Vec<Booked>) = std::mem::take(&mut calendar.sessions)
        .into_iter()
        .partition(|booked| moving.iter().any(|(id, _)| *id == booked.id));
    calendar.sessions = rest;
    let mut refusals = Refusals::default();
    let mut proposals = Vec::new();
    for &(id, (starts_at, ends_at)) in planned {
        // The calendar spans every moving session, planned as they all are.
        let Some(was) = old.iter().find(|booked| booked.id == id) else {
            tracing::error!(session = %id, "a moving session is missing from its calendar");
            return Err(AppError::Internal);
        };
        let proposal = Proposal {
            id: Some(id),
            space,
            leads: was.leads.clone(),
            starts_at,
            ends_at,
        };
        if planned.len() == 1 {
            check(&calendar, &proposal)?;
        } else if !refusals.check(&calendar, &proposal) {
            continue;
        }
        calendar.sessions.push(proposal.booked(id, &was.activity));
        proposals.push(proposal);
    }
    refusals.into_result().map_err(AppError::Conflict)?;
    Ok(proposals)
}

/// Cancels a session with a reason, and with [`EditScope::ThisAndFollowing`] every later
/// planned session of its series, each with the same reason. Bookings stay, so booked people
/// see their sessions as cancelled. Returns how many were cancelled.
pub async fn cancel_session(
    db: &Pool,
    id: SessionId,
    reason: &str,
    scope: EditScope,
) -> Result<usize, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let planned = series::anchor(&mut tx, id)
        .await?
        .is_some_and(|anchor| anchor.status == SessionStatus::Scheduled);
    if !planned {
        return Err(AppError::NotFound("a planned session to cancel".into()));
    }
    let cancelling = series::in_scope(&mut tx, id, scope).await?;
    for (session, _) in &cancelling {
        sqlx::query(
            "UPDATE sessions SET status = 'cancelled', cancel_reason = $1
             WHERE id = $2 AND status = 'scheduled'",
        )
        .bind(reason.trim())
        .bind(session)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(cancelling.len())
}

/// Activities to choose from when planning: (id, name, default minutes, default capacity).
pub async fn activity_choices(db: &Pool) -> Result<Vec<(ActivityId, String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, default_duration_minutes, default_capacity FROM activities ORDER BY name",
    )
    .fetch_all(db)
    .await?)
}
