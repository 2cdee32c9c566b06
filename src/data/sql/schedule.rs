//! Sessions for the week page: two queries per week, however many sessions it holds.

use crate::data::words::small;
use std::collections::HashMap;

use chrono::{NaiveDateTime, NaiveTime};

use super::Pool;
use crate::error::AppError;
use crate::people::display_first_name;
use crate::scheduling::session::{ActivityKind, SessionId, SessionStatus, SessionSummary};
use crate::scheduling::week::Week;

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: SessionId,
    activity: String,
    kind: ActivityKind,
    venue: String,
    space: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    capacity: i64,
    status: SessionStatus,
    cancel_reason: Option<String>,
    places_taken: i64,
    waitlisted: i64,
}

#[derive(sqlx::FromRow)]
struct LeadRow {
    session_id: SessionId,
    given_name: String,
    preferred_name: Option<String>,
    family_name: String,
}

/// The summary's columns, for any `WHERE` over `sessions s`.
const SUMMARY_SELECT: &str =
    "SELECT s.id, a.name AS activity, a.kind, v.name AS venue, sp.name AS space,
        s.starts_at, s.ends_at, s.capacity, s.status, s.cancel_reason,
        (SELECT count(*) FROM bookings b
          WHERE b.session_id = s.id AND b.status = 'booked') AS places_taken,
        (SELECT count(*) FROM bookings b
          WHERE b.session_id = s.id AND b.status = 'waitlisted') AS waitlisted
 FROM sessions s
 JOIN activities a ON a.id = s.activity_id
 JOIN venue_spaces sp ON sp.id = s.space_id
 JOIN venues v ON v.id = sp.venue_id";

/// The leads' names, for any `WHERE` over `sessions s`.
const LEADS_SELECT: &str = "SELECT sl.session_id, p.given_name, p.preferred_name, p.family_name
 FROM session_leads sl
 JOIN sessions s ON s.id = sl.session_id
 JOIN people p ON p.id = sl.person_id";

/// Every session starting in `week`, in start order, with its leads and how full it is.
/// Holds no participant's name: only counts of places.
pub async fn sessions_in_week(db: &Pool, week: Week) -> Result<Vec<SessionSummary>, AppError> {
    let from = week.monday().and_time(NaiveTime::MIN);
    let until = week.next().monday().and_time(NaiveTime::MIN);
    let in_week = "WHERE s.starts_at >= $1 AND s.starts_at < $2";
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} {in_week} ORDER BY s.starts_at, v.name, sp.name, s.id"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    let lead_rows: Vec<LeadRow> = sqlx::query_as(&format!(
        "{LEADS_SELECT} {in_week} ORDER BY sl.session_id, p.family_name, p.given_name"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    Ok(summarise(rows, lead_rows))
}

/// One session's summary, or `None` if there is no such session.
pub async fn session_summary(db: &Pool, id: SessionId) -> Result<Option<SessionSummary>, AppError> {
    let rows: Vec<SessionRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_all(db)
        .await?;
    let lead_rows: Vec<LeadRow> = sqlx::query_as(&format!(
        "{LEADS_SELECT} WHERE s.id = $1 ORDER BY p.family_name, p.given_name"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(summarise(rows, lead_rows).pop())
}

fn summarise(rows: Vec<SessionRow>, lead_rows: Vec<LeadRow>) -> Vec<SessionSummary> {
    let mut leads: HashMap<SessionId, Vec<String>> = HashMap::new();
    for lead in lead_rows {
        let first = display_first_name(&lead.given_name, lead.preferred_name.as_deref());
        leads
            .entry(lead.session_id)
            .or_default()
            .push(format!("{first} {}", lead.family_name));
    }
    rows.into_iter()
        .map(|row| SessionSummary {
            leads: leads.remove(&row.id).unwrap_or_default(),
            id: row.id,
            activity: row.activity,
            kind: row.kind,
            venue: row.venue,
            space: row.space,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            places_taken: small(row.places_taken),
            capacity: small(row.capacity),
            waitlisted: small(row.waitlisted),
            status: row.status,
            cancel_reason: row.cancel_reason,
        })
        .collect()
}
