//! Calendar links and what a feed shows. A feed is read without a sign-in (calendar apps send
//! no cookies), so the token is the only key, and every query below is limited to the one
//! person it belongs to.

use crate::data::values::Stamp;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::audit;
use crate::data::audit::{AuditAction, AuditEvent};
use super::Pool;
use crate::calendar_feed::events::{
    BookedSession, DrivenRun, FeedItems, LedSession, Place, RunStop,
};
use crate::calendar_feed::token::FeedToken;
use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::solver::Direction;

/// Whose link this is. Nobody's when it was never issued, has been replaced, or its owner is
/// no longer active: all three look the same to the caller.
pub async fn owner_of(db: &Pool, token: &FeedToken) -> Result<Option<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT f.person_id FROM calendar_feeds f JOIN people p ON p.id = f.person_id
         WHERE f.token = $1 AND p.is_active",
    )
    .bind(token.as_str())
    .fetch_optional(db)
    .await?)
}

/// The person's link, made now (with `fresh`) if they never had one. Two first visits at once
/// both end with the same link: the second insert does nothing and both read the stored one.
pub async fn get_or_create(
    db: &Pool,
    person: PersonId,
    fresh: &FeedToken,
) -> Result<FeedToken, AppError> {
    sqlx::query(
        "INSERT INTO calendar_feeds (person_id, token) VALUES ($1, $2)
         ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person)
    .bind(fresh.as_str())
    .execute(db)
    .await?;
    let stored: String = sqlx::query_scalar("SELECT token FROM calendar_feeds WHERE person_id = $1")
        .bind(person)
        .fetch_one(db)
        .await?;
    FeedToken::parse(&stored).ok_or_else(|| {
        tracing::error!("calendar_feeds holds a malformed token");
        AppError::Internal
    })
}

/// Replaces the person's link with `fresh`; the old one stops working when this commits. The
/// change is in the audit log (without either secret), in the same transaction.
pub async fn replace(
    db: &Pool,
    person: PersonId,
    fresh: &FeedToken,
    ip: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    sqlx::query(
        "INSERT INTO calendar_feeds (person_id, token, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET
             token = excluded.token,
             created_at = excluded.created_at",
    )
    .bind(person)
    .bind(fresh.as_str())
    .bind(Stamp::now())
    .execute(&mut *tx)
    .await?;
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor: Some(person),
            action: AuditAction::PersonChanged,
            subject: Some(person),
            detail: "changed: calendar link",
            ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BookedRow {
    session_id: i64,
    activity: String,
    venue: String,
    address: String,
    latitude: f64,
    longitude: f64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    session_cancelled: bool,
    cancel_reason: Option<String>,
    booking_cancelled: bool,
    needs_lift: bool,
    what_to_bring: Option<String>,
    sequence: i64,
}

#[derive(sqlx::FromRow)]
struct LedRow {
    session_id: i64,
    activity: String,
    space: String,
    venue: String,
    address: String,
    latitude: f64,
    longitude: f64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    cancelled: bool,
    cancel_reason: Option<String>,
    booked: i64,
    capacity: i64,
    sequence: i64,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    direction: Direction,
    run_date: NaiveDate,
    departs_at: NaiveTime,
    arrives_at: NaiveTime,
    venue: String,
    address: String,
    latitude: f64,
    longitude: f64,
    /// Names joined by the unit separator (U+001F), which no name contains.
    activities: Option<String>,
    revision: i64,
}

#[derive(sqlx::FromRow)]
struct StopRow {
    run_id: i64,
    name: String,
    landmark: String,
    at: NaiveTime,
    latitude: f64,
    longitude: f64,
    riders: i64,
}

fn place(name: String, address: String, latitude: f64, longitude: f64) -> Place {
    Place {
        name,
        address,
        latitude,
        longitude,
    }
}

/// Joins a run's activity names: the unit separator, which no name contains.
const ACTIVITY_SEPARATOR: &str = "\u{1f}";

/// Everything `person`'s feed shows between `from` and `until` (local programme times): their
/// own places (booked or cancelled, not waitlisted), the sessions they lead, the published runs
/// they drive. A fixed number of queries, whatever the number of events.
pub async fn feed_items(
    db: &Pool,
    person: PersonId,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<FeedItems, AppError> {
    let booked: Vec<BookedRow> = sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, v.name AS venue, v.address,
                v.latitude, v.longitude, s.starts_at, s.ends_at,
                s.status = 'cancelled' AS session_cancelled, s.cancel_reason,
                b.status = 'cancelled' AS booking_cancelled, b.needs_lift, a.what_to_bring,
                s.revision + b.revision AS sequence
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN venues v ON v.id = vs.venue_id
         WHERE b.participant_id = $1 AND b.status IN ('booked', 'cancelled')
           AND s.starts_at >= $2 AND s.starts_at < $3
         ORDER BY s.starts_at, s.id",
    )
    .bind(person)
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    // Who to ask for: the leads' first names, for all those sessions at once.
    let leads: Vec<(i64, String)> = sqlx::query_as(
        "SELECT l.session_id, coalesce(p.preferred_name, p.given_name)
         FROM session_leads l
         JOIN people p ON p.id = l.person_id
         JOIN bookings b ON b.session_id = l.session_id AND b.participant_id = $1
         JOIN sessions s ON s.id = l.session_id
         WHERE b.status = 'booked' AND s.starts_at >= $2 AND s.starts_at < $3
         ORDER BY l.session_id, p.given_name",
    )
    .bind(person)
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    let mut leads_by_session: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (session, name) in leads {
        leads_by_session.entry(session).or_default().push(name);
    }
    let mut rides = if booked.is_empty() {
        BTreeMap::new()
    } else {
        super::pickup_lists::rides_of(db, person).await?
    };
    let booked = booked
        .into_iter()
        .map(|row| BookedSession {
            ride: (!row.session_cancelled && !row.booking_cancelled)
                .then(|| rides.remove(&row.session_id))
                .flatten(),
            leads: leads_by_session.remove(&row.session_id).unwrap_or_default(),
            session_id: row.session_id,
            activity: row.activity,
            place: place(row.venue, row.address, row.latitude, row.longitude),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            session_cancelled: row.session_cancelled,
            cancel_reason: row.cancel_reason,
            booking_cancelled: row.booking_cancelled,
            needs_lift: row.needs_lift,
            what_to_bring: row.what_to_bring,
            sequence: row.sequence,
        })
        .collect();

    let led: Vec<LedRow> = sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, vs.name AS space, v.name AS venue,
                v.address, v.latitude, v.longitude, s.starts_at, s.ends_at,
                s.status = 'cancelled' AS cancelled, s.cancel_reason, s.capacity,
                (SELECT count(*) FROM bookings b
                 WHERE b.session_id = s.id AND b.status = 'booked') AS booked,
                s.revision AS sequence
         FROM session_leads l
         JOIN sessions s ON s.id = l.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN venues v ON v.id = vs.venue_id
         WHERE l.person_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
         ORDER BY s.starts_at, s.id",
    )
    .bind(person)
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    let led = led
        .into_iter()
        .map(|row| LedSession {
            session_id: row.session_id,
            activity: row.activity,
            space: row.space,
            place: place(row.venue, row.address, row.latitude, row.longitude),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            cancelled: row.cancelled,
            cancel_reason: row.cancel_reason,
            booked: row.booked,
            capacity: row.capacity,
            sequence: row.sequence,
        })
        .collect();

    let (first_day, last_day) = (from.date(), until.date());
    let runs: Vec<RunRow> = sqlx::query_as(&format!(
        "SELECT r.id, r.direction, r.run_date, r.departs_at, r.arrives_at, v.name AS venue,
                v.address, v.latitude, v.longitude, r.revision,
                (SELECT string_agg(name, $4 ORDER BY name) FROM (
                    SELECT DISTINCT a.name FROM sessions s
                    JOIN venue_spaces vs ON vs.id = s.space_id
                    JOIN activities a ON a.id = s.activity_id
                    WHERE vs.venue_id = r.venue_id AND {} = r.run_date
                      AND s.status = 'scheduled') AS names) AS activities
         FROM runs r JOIN venues v ON v.id = r.venue_id
         WHERE r.driver_id = $1 AND r.published_at IS NOT NULL
           AND r.run_date >= $2 AND r.run_date < $3
         ORDER BY r.run_date, r.departs_at, r.id",
        super::dialect::day_of("s.starts_at")
    ))
    .bind(person)
    .bind(first_day)
    .bind(last_day)
    .bind(ACTIVITY_SEPARATOR)
    .fetch_all(db)
    .await?;
    let stops: Vec<StopRow> = sqlx::query_as(
        "SELECT st.run_id, p.name, p.landmark, st.at, p.latitude, p.longitude,
                (SELECT count(*) FROM run_seats rs
                 WHERE rs.run_id = st.run_id AND rs.pickup_point_id = st.pickup_point_id) AS riders
         FROM run_stops st
         JOIN runs r ON r.id = st.run_id
         JOIN pickup_points p ON p.id = st.pickup_point_id
         WHERE r.driver_id = $1 AND r.published_at IS NOT NULL
           AND r.run_date >= $2 AND r.run_date < $3
         ORDER BY st.run_id, st.stop_order",
    )
    .bind(person)
    .bind(first_day)
    .bind(last_day)
    .fetch_all(db)
    .await?;
    let mut driven = Vec::with_capacity(runs.len());
    for run in runs {
        let mut run_stops = Vec::new();
        for stop in stops.iter().filter(|s| s.run_id == run.id) {
            run_stops.push(RunStop {
                name: stop.name.clone(),
                landmark: stop.landmark.clone(),
                at: stop.at,
                latitude: stop.latitude,
                longitude: stop.longitude,
                riders: stop.riders,
            });
        }
        driven.push(DrivenRun {
            run_id: run.id,
            direction: run.direction,
            date: run.run_date,
            departs: run.departs_at,
            arrives: run.arrives_at,
            activities: run
                .activities
                .map(|list| list.split(ACTIVITY_SEPARATOR).map(str::to_owned).collect())
                .unwrap_or_default(),
            venue: place(run.venue, run.address, run.latitude, run.longitude),
            stops: run_stops,
            sequence: run.revision,
        });
    }
    Ok(FeedItems {
        booked,
        led,
        driven,
    })
}
