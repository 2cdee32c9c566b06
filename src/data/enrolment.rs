//! `enrolment`: the same functions on either database; see `sql/enrolment.rs` for the SQL.
//! Enrolling and cancelling are written once in `scheduling::use_cases`, on these.

use crate::error::AppError;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::allocate::BookingId;

use super::Tx;

/// The session's status and capacity; `None` when there is no such session.
pub async fn session_state(
    tx: &mut Tx,
    session: SessionId,
) -> Result<Option<(SessionStatus, i64)>, AppError> {
    in_tx!(tx, enrolment::session_state(session))
}

/// Someone on `session` whom `participant` is kept apart from: their name and the reason.
pub async fn kept_apart_on(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
) -> Result<Option<(String, String)>, AppError> {
    in_tx!(tx, enrolment::kept_apart_on(session, participant))
}

/// The participant's booking on `session`, whatever its status.
pub async fn booking_on(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
) -> Result<Option<(BookingId, BookingStatus)>, AppError> {
    in_tx!(tx, enrolment::booking_on(session, participant))
}

/// How many hold a place on `session`, and how many wait for one.
pub async fn places_taken(tx: &mut Tx, session: SessionId) -> Result<(i64, i64), AppError> {
    in_tx!(tx, enrolment::places_taken(session))
}

/// Re-opens a cancelled booking as `status`, at the back of any queue.
pub async fn reopen(
    tx: &mut Tx,
    booking: BookingId,
    status: BookingStatus,
    needs_lift: bool,
) -> Result<(), AppError> {
    in_tx!(tx, enrolment::reopen(booking, status, needs_lift))
}

/// A new booking of `participant` on `session`, as `status`.
pub async fn insert(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
    status: BookingStatus,
    needs_lift: bool,
) -> Result<BookingId, AppError> {
    in_tx!(
        tx,
        enrolment::insert(session, participant, status, needs_lift)
    )
}

/// Sets a booking's status.
pub async fn set_status(
    tx: &mut Tx,
    booking: BookingId,
    status: BookingStatus,
) -> Result<(), AppError> {
    in_tx!(tx, enrolment::set_status(booking, status))
}

/// The first in the queue for a place on `session`, if the session still goes ahead.
pub async fn first_waiting(
    tx: &mut Tx,
    session: SessionId,
) -> Result<Option<(BookingId, PersonId)>, AppError> {
    in_tx!(tx, enrolment::first_waiting(session))
}

/// Appends one step to the booking's history.
pub async fn record_event(
    tx: &mut Tx,
    booking: BookingId,
    event: &str,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    in_tx!(tx, enrolment::record_event(booking, event, by))
}

/// Sets how many places `session` has; the schema refuses fewer than the places taken.
pub async fn set_capacity(tx: &mut Tx, session: SessionId, capacity: u32) -> Result<(), AppError> {
    in_tx!(tx, enrolment::set_capacity(session, capacity))
}
