//! `my_calendar`: the same functions on either database; see `sql/my_calendar.rs` for the SQL.

use crate::error::AppError;
use crate::my_activities::{MySession, PastSession};
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::allocate::BookingId;
use crate::transport::PickupPointId;
use chrono::NaiveDateTime;

use super::{Db, Tx};

/// The participant's sessions that have not ended by `now` (the next 100), with their rides and
/// what changed since they last looked. Sessions they see for the first time are
/// remembered as seen, so a later change is marked.
pub async fn upcoming(
    db: &Db,
    participant: PersonId,
    now: NaiveDateTime,
    late_cancel_hours: u32,
) -> Result<Vec<MySession>, AppError> {
    dispatch!(
        db,
        my_calendar::upcoming(participant, now, late_cancel_hours)
    )
}

/// "OK, I've seen it": every change on the participant's page stops being marked.
pub async fn mark_seen(db: &Db, participant: PersonId, now: NaiveDateTime) -> Result<(), AppError> {
    dispatch!(db, my_calendar::mark_seen(participant, now))
}

/// The participant's sessions of the last few weeks that have ended, newest first, with what
/// the register says. Waiting-list places that never became a place are left out.
pub async fn past(
    db: &Db,
    participant: PersonId,
    now: NaiveDateTime,
) -> Result<Vec<PastSession>, AppError> {
    dispatch!(db, my_calendar::past(participant, now))
}

/// The start and status of the session `participant` holds a place on (or waits for).
pub async fn place_on(
    tx: &mut Tx,
    participant: PersonId,
    session: SessionId,
) -> Result<Option<(NaiveDateTime, SessionStatus)>, AppError> {
    in_tx!(tx, my_calendar::place_on(participant, session))
}

/// The participant's usual pick-up point, if they have one.
pub async fn pickup_point_of(
    tx: &mut Tx,
    participant: PersonId,
) -> Result<Option<PickupPointId>, AppError> {
    in_tx!(tx, my_calendar::pickup_point_of(participant))
}

/// Records whether the participant needs a lift to `session`; their booking, `None` when they
/// hold no place on it.
pub async fn set_needs_lift(
    tx: &mut Tx,
    participant: PersonId,
    session: SessionId,
    needs_lift: bool,
) -> Result<Option<BookingId>, AppError> {
    in_tx!(
        tx,
        my_calendar::set_needs_lift(participant, session, needs_lift)
    )
}

/// Forgets the pick-up the participant last saw for `session`.
pub async fn forget_seen_pickup(
    tx: &mut Tx,
    participant: PersonId,
    session: SessionId,
) -> Result<(), AppError> {
    in_tx!(tx, my_calendar::forget_seen_pickup(participant, session))
}

/// What "I can't come" did.
pub struct CantCome {
    pub late: bool,
}
