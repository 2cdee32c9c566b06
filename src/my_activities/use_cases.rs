//! The two things a participant changes themselves, written once for both databases: "I can't
//! come" and "I need a lift" / "I'll get there myself". Each is one write transaction; whether
//! a cancellation is late, and every sentence the participant reads, is decided here.

use chrono::{Duration, NaiveDateTime};

use crate::data::my_calendar::CantCome;
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::scheduling::use_cases::enrolment::cancel_in;
use crate::transport::use_cases::hold_seats;

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
    let mut tx = db.write().await?;
    let starts_at = changeable(&mut tx, participant, session, now).await?;
    let late = is_late(now, starts_at, late_cancel_hours);
    cancel_in(&mut tx, session, participant, participant, late).await?;
    tx.commit().await?;
    Ok(CantCome { late })
}

/// A cancellation `late_cancel_hours` or less before the start is late: the tutor may already
/// have planned around the place.
pub fn is_late(now: NaiveDateTime, starts_at: NaiveDateTime, late_cancel_hours: u32) -> bool {
    now + Duration::hours(i64::from(late_cancel_hours)) >= starts_at
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
    let mut tx = db.write().await?;
    changeable(&mut tx, participant, session, now).await?;
    if needs_lift
        && data::my_calendar::pickup_point_of(&mut tx, participant)
            .await?
            .is_none()
    {
        return Err(AppError::Invalid(
            "We do not have a pick-up point for you yet. Please ask the coordinator.".into(),
        ));
    }
    let booking = data::my_calendar::set_needs_lift(&mut tx, participant, session, needs_lift)
        .await?
        .ok_or_else(|| AppError::NotFound("a place for you on that session".into()))?;
    if needs_lift {
        hold_seats(&mut tx, booking).await?;
    } else {
        // Their own choice is not news to them: the pick-up they gave up is not marked as lost.
        data::my_calendar::forget_seen_pickup(&mut tx, participant, session).await?;
    }
    tx.commit().await
}

/// The start of a session the participant may still change, or the sentence saying why not.
async fn changeable(
    tx: &mut Tx,
    participant: PersonId,
    session: SessionId,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, AppError> {
    match data::my_calendar::place_on(tx, participant, session).await? {
        None => Err(AppError::NotFound("a place for you on that session".into())),
        Some((_, SessionStatus::Cancelled)) => Err(AppError::Conflict(
            "This session is cancelled. You do not need to do anything.".into(),
        )),
        Some((starts_at, _)) if starts_at <= now => Err(AppError::Conflict(
            "This has already started. Please phone your tutor or the coordinator.".into(),
        )),
        Some((starts_at, _)) => Ok(starts_at),
    }
}

#[cfg(test)]
mod tests {
    use super::is_late;
    use chrono::NaiveDate;

    #[test]
    fn a_cancellation_within_the_cut_off_is_late() {
        let starts = NaiveDate::from_ymd_opt(2026, 3, 4)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let hours_before = |h| starts - chrono::Duration::hours(h);
        assert!(
            is_late(hours_before(24), starts, 24),
            "exactly at the cut-off"
        );
        assert!(is_late(hours_before(2), starts, 24));
        assert!(!is_late(hours_before(25), starts, 24));
    }
}
