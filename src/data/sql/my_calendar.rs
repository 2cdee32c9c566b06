//! A participant's own calendar: their sessions with what changed since they last looked, their
//! past sessions with the register's outcome, and the rows the two things they may change
//! themselves ("I can't come" and "I need a lift", in `my_activities::use_cases`) read and
//! write. Every query takes the participant's id from their sign-in, never from the request.

use crate::data::values::Clock;
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use super::Conn;

use super::Pool;
use crate::error::AppError;
use crate::geo::GeoPoint;
use crate::my_activities::changes::{self, Names, Shown};
use crate::my_activities::{BookingStatus, MySession, PastSession};
use crate::people::PersonId;
use crate::scheduling::session::{ActivityKind, SessionId, SessionStatus};
use crate::transport::allocate::BookingId;
use crate::transport::pickup_list::Ride;
use crate::transport::PickupPointId;

/// How far back "Before" reaches.
const PAST_DAYS: i64 = 42;

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_id: SessionId,
    activity: String,
    kind: ActivityKind,
    venue_id: i64,
    venue: String,
    address: String,
    latitude: f64,
    longitude: f64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    booking_status: BookingStatus,
    waitlist_position: Option<i64>,
    session_status: SessionStatus,
    cancel_reason: Option<String>,
    what_to_bring: Option<String>,
    lead: Option<String>,
    needs_lift: bool,
    seen_starts_at: Option<NaiveDateTime>,
    seen_ends_at: Option<NaiveDateTime>,
    seen_venue_id: Option<i64>,
    seen_status: Option<SessionStatus>,
    seen_pickup_point_id: Option<i64>,
    seen_pickup_at: Option<Clock>,
}

impl SessionRow {
    fn shown_now(&self, ride: Option<&Ride>) -> Shown {
        Shown {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue_id: self.venue_id,
            cancelled: self.session_status == SessionStatus::Cancelled,
            pickup: ride.map(|ride| (ride.pickup_point_id.0, ride.pickup_at.clone())),
        }
    }

    fn shown_before(&self) -> Option<Shown> {
        Some(Shown {
            starts_at: self.seen_starts_at?,
            ends_at: self.seen_ends_at?,
            venue_id: self.seen_venue_id?,
            cancelled: self.seen_status? == SessionStatus::Cancelled,
            pickup: self
                .seen_pickup_point_id
                .zip(self.seen_pickup_at.map(|at| at.to_string())),
        })
    }
}

/// The participant's sessions that have not ended by `now` (the next 100), with their rides and
/// what changed since they last looked. Sessions they see for the first time are
/// remembered as seen, so a later change is marked.
pub async fn upcoming(
    db: &Pool,
    participant: PersonId,
    now: NaiveDateTime,
    late_cancel_hours: u32,
) -> Result<Vec<MySession>, AppError> {
    let rows = session_rows(db, participant, now).await?;
    let mut rides = super::pickup_lists::rides_of(db, participant).await?;
    let late_from = Duration::hours(i64::from(late_cancel_hours));
    let mut first_seen = Vec::new();
    let mut sessions = Vec::with_capacity(rows.len());
    for row in rows {
        let ride = (row.booking_status == BookingStatus::Booked
            && row.session_status == SessionStatus::Scheduled)
            .then(|| rides.remove(&row.session_id.0))
            .flatten();
        let mut now_shown = row.shown_now(ride.as_ref());
        if row.booking_status == BookingStatus::Cancelled {
            // Their place is gone, and with it the ride: that is not a pick-up change to report.
            now_shown.pickup = row.shown_before().and_then(|before| before.pickup);
        }
        let changes = match row.shown_before() {
            Some(before) => changes::described(
                &before,
                &now_shown,
                &Names {
                    venue: &row.venue,
                    pickup_point: ride.as_ref().map(|r| r.pickup_point.as_str()),
                },
            ),
            None => {
                first_seen.push((row.session_id, now_shown));
                Vec::new()
            }
        };
        sessions.push(MySession {
            session_id: row.session_id,
            activity: row.activity,
            kind: row.kind,
            venue: row.venue,
            address: row.address,
            place: GeoPoint::new(row.latitude, row.longitude).ok(),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            booking_status: row.booking_status,
            waitlist_position: row.waitlist_position.map(crate::data::words::small),
            session_status: row.session_status,
            cancel_reason: row.cancel_reason,
            what_to_bring: row.what_to_bring,
            lead: row.lead,
            needs_lift: row.needs_lift,
            ride,
            changes,
            cancel_is_late: now + late_from >= row.starts_at,
        });
    }
    if !first_seen.is_empty() {
        let mut tx = super::dialect::begin_write(db).await?;
        for (session, shown) in first_seen {
            remember(&mut tx, participant, session, &shown, false).await?;
        }
        tx.commit().await?;
    }
    Ok(sessions)
}

async fn session_rows(
    db: &Pool,
    participant: PersonId,
    now: NaiveDateTime,
) -> Result<Vec<SessionRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, a.kind, v.id AS venue_id, v.name AS venue,
                v.address, v.latitude, v.longitude, s.starts_at, s.ends_at,
                b.status AS booking_status,
                CASE WHEN b.status = 'waitlisted' THEN
                    (SELECT count(*) FROM bookings w
                     WHERE w.session_id = b.session_id AND w.status = 'waitlisted'
                       AND (w.created_at, w.id) <= (b.created_at, b.id))
                END AS waitlist_position,
                s.status AS session_status, s.cancel_reason, a.what_to_bring,
                (SELECT coalesce(p.preferred_name, p.given_name)
                 FROM session_leads l JOIN people p ON p.id = l.person_id
                 WHERE l.session_id = s.id ORDER BY p.id LIMIT 1) AS lead,
                b.needs_lift,
                seen.starts_at AS seen_starts_at, seen.ends_at AS seen_ends_at,
                seen.venue_id AS seen_venue_id, seen.status AS seen_status,
                seen.pickup_point_id AS seen_pickup_point_id, seen.pickup_at AS seen_pickup_at
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces sp ON sp.id = s.space_id
         JOIN venues v ON v.id = sp.venue_id
         LEFT JOIN sessions_seen seen
             ON seen.participant_id = b.participant_id AND seen.session_id = s.id
         WHERE b.participant_id = $1 AND s.ends_at > $2
         ORDER BY s.starts_at, s.id
         LIMIT 100",
    )
    .bind(participant)
    .bind(now)
    .fetch_all(db)
    .await?)
}

/// Writes what the participant has now been shown of `session`. `replace`: overwrite what was
/// there (they said they have seen the change); otherwise only a first sighting is written.
async fn remember(
    conn: &mut Conn,
    participant: PersonId,
    session: SessionId,
    shown: &Shown,
    replace: bool,
) -> Result<(), AppError> {
    let on_conflict = if replace {
        "DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
             venue_id = excluded.venue_id, status = excluded.status,
             pickup_point_id = excluded.pickup_point_id, pickup_at = excluded.pickup_at"
    } else {
        "DO NOTHING"
    };
    sqlx::query(&format!(
        "INSERT INTO sessions_seen
             (participant_id, session_id, starts_at, ends_at, venue_id, status,
              pickup_point_id, pickup_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (participant_id, session_id) {on_conflict}"
    ))
    .bind(participant)
    .bind(session)
    .bind(shown.starts_at)
    .bind(shown.ends_at)
    .bind(shown.venue_id)
    .bind(if shown.cancelled {
        "cancelled"
    } else {
        "scheduled"
    })
    .bind(shown.pickup.as_ref().map(|(point, _)| *point))
    .bind(shown.pickup.as_ref().and_then(|(_, at)| Clock::parse(at)))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// "OK, I've seen it": every change on the participant's page stops being marked.
pub async fn mark_seen(db: &Pool, participant: PersonId, now: NaiveDateTime) -> Result<(), AppError> {
    let rows = session_rows(db, participant, now).await?;
    let rides: BTreeMap<i64, Ride> = super::pickup_lists::rides_of(db, participant).await?;
    let mut tx = super::dialect::begin_write(db).await?;
    for row in &rows {
        let ride = (row.booking_status == BookingStatus::Booked
            && row.session_status == SessionStatus::Scheduled)
            .then(|| rides.get(&row.session_id.0))
            .flatten();
        remember(
            &mut tx,
            participant,
            row.session_id,
            &row.shown_now(ride),
            true,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The participant's sessions of the last few weeks that have ended, newest first, with what
/// the register says. Waiting-list places that never became a place are left out.
pub async fn past(
    db: &Pool,
    participant: PersonId,
    now: NaiveDateTime,
) -> Result<Vec<PastSession>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, a.kind, v.name AS venue, s.starts_at,
                s.ends_at, b.status AS booking_status, s.status AS session_status, att.outcome
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces sp ON sp.id = s.space_id
         JOIN venues v ON v.id = sp.venue_id
         LEFT JOIN attendance att
             ON att.session_id = s.id AND att.participant_id = b.participant_id
         WHERE b.participant_id = $1 AND s.ends_at <= $2 AND s.starts_at >= $3
           AND b.status <> 'waitlisted'
         ORDER BY s.starts_at DESC, s.id DESC
         LIMIT 30",
    )
    .bind(participant)
    .bind(now)
    .bind(now - Duration::days(PAST_DAYS))
    .fetch_all(db)
    .await?)
}

/// The start and status of the session `participant` holds a place on (or waits for); `None`
/// when they have no such place.
pub async fn place_on(
    tx: &mut Conn,
    participant: PersonId,
    session: SessionId,
) -> Result<Option<(NaiveDateTime, SessionStatus)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.starts_at, s.status FROM bookings b JOIN sessions s ON s.id = b.session_id
         WHERE b.session_id = $1 AND b.participant_id = $2 AND b.status <> 'cancelled'",
    )
    .bind(session)
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?)
}

/// The participant's usual pick-up point, if they have one.
pub async fn pickup_point_of(
    tx: &mut Conn,
    participant: PersonId,
) -> Result<Option<PickupPointId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT default_pickup_point_id FROM participants WHERE person_id = $1",
    )
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?
    .flatten())
}

/// Records whether the participant needs a lift to `session`; their booking's id, `None` when
/// they hold no place on it. Giving up a lift frees their seats (a trigger).
pub async fn set_needs_lift(
    tx: &mut Conn,
    participant: PersonId,
    session: SessionId,
    needs_lift: bool,
) -> Result<Option<BookingId>, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE bookings SET needs_lift = $1
         WHERE session_id = $2 AND participant_id = $3 AND status <> 'cancelled'
         RETURNING id",
    )
    .bind(needs_lift)
    .bind(session)
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?)
}

/// Forgets the pick-up the participant last saw for `session`, so giving it up themselves is
/// not later shown to them as a pick-up lost.
pub async fn forget_seen_pickup(
    tx: &mut Conn,
    participant: PersonId,
    session: SessionId,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions_seen SET pickup_point_id = NULL, pickup_at = NULL
         WHERE participant_id = $1 AND session_id = $2",
    )
    .bind(participant)
    .bind(session)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
