//! `my_calendar`: the same functions on either database; see `sql/my_calendar.rs` for the SQL.

use crate::error::AppError;
use crate::my_activities::{MySession, PastSession};
use crate::people::PersonId;
use crate::scheduling::session::SessionId;
use chrono::NaiveDateTime;

use super::Db;

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

/// "I can't come": cancels the participant's place (or their place in the queue) on a session
/// that has not started, late when within `late_cancel_hours` of the start. Frees their seats
/// (the database's triggers) and gives the place to the first person waiting, all in one
/// transaction.
pub async fn cant_come(
    db: &Db,
    participant: PersonId,
    session: SessionId,
    now: NaiveDateTime,
    late_cancel_hours: u32,
) -> Result<CantCome, AppError> {
    dispatch!(
        db,
        my_calendar::cant_come(participant, session, now, late_cancel_hours)
    )
}

/// "I need a lift" (`true`) or "I'll get there myself" (`false`) for one session. A lift takes a
/// free seat on a run that already stops at their pick-up point, if there is one; otherwise the
/// coordinator sees them waiting for a seat. Giving up a lift frees the seats (a trigger).
pub async fn set_lift(
    db: &Db,
    participant: PersonId,
    session: SessionId,
    needs_lift: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    dispatch!(
        db,
        my_calendar::set_lift(participant, session, needs_lift, now)
    )
}

/// What "I can't come" did.
pub struct CantCome {
    pub late: bool,
}
