//! Places on sessions in the database: the rows an enrolment, a cancellation and a promotion
//! read and write, and the `booking_events` history every step is written to. The decisions
//! (who gets a place, who waits, who is promoted) are `scheduling::use_cases`'; the capacity
//! and keep-apart triggers refuse a broken rule whatever the code does.

use super::Conn;
use crate::data::values::StampMillis;
use crate::error::AppError;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::allocate::BookingId;

/// The session's status and capacity; `None` when there is no such session.
pub async fn session_state(
    conn: &mut Conn,
    session: SessionId,
) -> Result<Option<(SessionStatus, i64)>, AppError> {
    Ok(
        sqlx::query_as("SELECT status, capacity FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Someone on `session` (booked or waiting) whom `participant` is kept apart from: their
/// display name and the coordinator's reason.
pub async fn kept_apart_on(
    conn: &mut Conn,
    session: SessionId,
    participant: PersonId,
) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name, k.reason
         FROM bookings b JOIN people p ON p.id = b.participant_id JOIN keep_apart k
             ON (k.person_a = b.participant_id AND k.person_b = $1)
             OR (k.person_b = b.participant_id AND k.person_a = $1)
         WHERE b.session_id = $2 AND b.status <> 'cancelled'
         LIMIT 1",
    )
    .bind(participant)
    .bind(session)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The participant's booking on `session`, whatever its status (one row per person and session).
pub async fn booking_on(
    conn: &mut Conn,
    session: SessionId,
    participant: PersonId,
) -> Result<Option<(BookingId, BookingStatus)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, status FROM bookings WHERE session_id = $1 AND participant_id = $2",
    )
    .bind(session)
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// How many hold a place on `session`, and how many wait for one.
pub async fn places_taken(conn: &mut Conn, session: SessionId) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'booked'),
                count(*) FILTER (WHERE status = 'waitlisted')
         FROM bookings WHERE session_id = $1",
    )
    .bind(session)
    .fetch_one(&mut *conn)
    .await?)
}

/// Re-opens a cancelled booking as `status`; it joins the back of any queue (its time is now).
pub async fn reopen(
    conn: &mut Conn,
    booking: BookingId,
    status: BookingStatus,
    needs_lift: bool,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE bookings SET status = $1, needs_lift = $2, created_at = $4
         WHERE id = $3",
    )
    .bind(status)
    .bind(needs_lift)
    .bind(booking)
    .bind(StampMillis::now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A new booking of `participant` on `session`, as `status`.
pub async fn insert(
    conn: &mut Conn,
    session: SessionId,
    participant: PersonId,
    status: BookingStatus,
    needs_lift: bool,
) -> Result<BookingId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(session)
    .bind(participant)
    .bind(status)
    .bind(needs_lift)
    .fetch_one(&mut *conn)
    .await?)
}

/// Sets a booking's status.
pub async fn set_status(
    conn: &mut Conn,
    booking: BookingId,
    status: BookingStatus,
) -> Result<(), AppError> {
    sqlx::query("UPDATE bookings SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(booking)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The first in the queue for a place on `session` (first come, first served), if the session
/// still goes ahead.
pub async fn first_waiting(
    conn: &mut Conn,
    session: SessionId,
) -> Result<Option<(BookingId, PersonId)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT b.id, b.participant_id FROM bookings b JOIN sessions s ON s.id = b.session_id
         WHERE b.session_id = $1 AND b.status = 'waitlisted' AND s.status = 'scheduled'
         ORDER BY b.created_at, b.id LIMIT 1",
    )
    .bind(session)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Appends one step to the booking's history: "booked", "waitlisted", "cancelled",
/// "late_cancelled" or "promoted", by `by` (`None`: the programme itself).
pub async fn record_event(
    conn: &mut Conn,
    booking: BookingId,
    event: &str,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO booking_events (booking_id, event, by_person_id) VALUES ($1, $2, $3)")
        .bind(booking)
        .bind(event)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets how many places `session` has. The schema refuses fewer than the places taken.
pub async fn set_capacity(conn: &mut Conn, session: SessionId, capacity: u32) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET capacity = $1 WHERE id = $2")
        .bind(i64::from(capacity))
        .bind(session)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
