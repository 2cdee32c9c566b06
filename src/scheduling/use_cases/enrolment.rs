//! Places on sessions, written once for both databases: enrolling someone (on one session or
//! the rest of a course) and cancelling a place, with the waitlist's promotion and the seats in
//! the people carrier that follow. Each is one write transaction, so the last place cannot be
//! given twice; the order of the checks is here, the rules in `enrolment`, the SQL in
//! `data::enrolment`.

use chrono::NaiveDate;

use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::enrolment::{
    place_for, unknown_participant, EnrolRefusal, Enrolled, Reach, SeriesPlace,
};
use crate::scheduling::series::EditScope;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::use_cases::hold_seats;

/// Books `participant` on `session`, or puts them on its waitlist when it is full. Someone
/// outside `reach` is not found, exactly as an id that belongs to nobody.
pub async fn enrol(
    db: &Db,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Enrolled, EnrolRefusal>, AppError> {
    let mut tx = db.write().await?;
    let outcome = enrol_in(&mut tx, session, participant, by, reach).await?;
    if outcome.is_ok() {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// [`enrol`] inside the caller's write transaction, so a course enrolment books every session
/// of a series or none. Writes nothing when it refuses.
async fn enrol_in(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Enrolled, EnrolRefusal>, AppError> {
    let Some((status, capacity)) = data::enrolment::session_state(tx, session).await? else {
        return Err(AppError::NotFound("that session".into()));
    };
    if status == SessionStatus::Cancelled {
        return Ok(Err(EnrolRefusal::SessionCancelled));
    }
    // Before anything else is said about them (kept apart, already booked): someone outside
    // the lead's reach gets the answer a made-up id gets.
    let needs_lift =
        data::activity_groups::needs_lift_if_within_reach(tx, session, participant, reach).await?;
    let Some(needs_lift) = needs_lift else {
        return Err(unknown_participant());
    };
    if let Some((other, reason)) = data::enrolment::kept_apart_on(tx, session, participant).await? {
        return Ok(Err(EnrolRefusal::KeptApart { other, reason }));
    }
    let existing = data::enrolment::booking_on(tx, session, participant).await?;
    match existing.map(|(_, status)| status) {
        Some(BookingStatus::Booked) => return Ok(Err(EnrolRefusal::AlreadyBooked)),
        Some(BookingStatus::Waitlisted) => return Ok(Err(EnrolRefusal::AlreadyWaitlisted)),
        _ => {}
    }
    let (booked, waiting) = data::enrolment::places_taken(tx, session).await?;
    let outcome = place_for(capacity, booked, waiting);
    let status = match outcome {
        Enrolled::Booked => BookingStatus::Booked,
        Enrolled::Waitlisted { .. } => BookingStatus::Waitlisted,
    };
    let booking = match existing {
        // A cancelled booking is re-opened, and joins the back of any queue.
        Some((id, _)) => {
            data::enrolment::reopen(tx, id, status, needs_lift).await?;
            id
        }
        None => data::enrolment::insert(tx, session, participant, status, needs_lift).await?,
    };
    let event = match status {
        BookingStatus::Booked => "booked",
        _ => "waitlisted",
    };
    data::enrolment::record_event(tx, booking, event, Some(by)).await?;
    if outcome == Enrolled::Booked {
        hold_seats(tx, booking).await?;
    }
    Ok(Ok(outcome))
}

/// Enrols `participant` on `session` and every later planned session of its series (a course),
/// each booked or waitlisted exactly as [`enrol`] would. Sessions they are already on are
/// skipped. Someone they are kept apart from on any one of them refuses the whole enrolment,
/// with the date; nothing is written then. Someone outside `reach` on any of them is not found,
/// as in [`enrol`].
pub async fn enrol_series(
    db: &Db,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Vec<SeriesPlace>, (NaiveDate, EnrolRefusal)>, AppError> {
    let mut tx = db.write().await?;
    let Some(start) = data::series::anchor(&mut tx, session).await? else {
        return Err(AppError::NotFound("that session".into()));
    };
    if start.status == SessionStatus::Cancelled {
        let on = start.starts_at.date();
        return Ok(Err((on, EnrolRefusal::SessionCancelled)));
    }
    let mut places = Vec::new();
    let sessions = data::series::in_scope(&mut tx, session, EditScope::ThisAndFollowing).await?;
    for (id, starts_at) in sessions {
        match enrol_in(&mut tx, id, participant, by, reach).await? {
            Ok(outcome) => places.push(SeriesPlace {
                session: id,
                starts_at,
                outcome,
            }),
            // Already on it: nothing to do there. (Cancelled ones are not in scope.)
            Err(
                EnrolRefusal::AlreadyBooked
                | EnrolRefusal::AlreadyWaitlisted
                | EnrolRefusal::SessionCancelled,
            ) => {}
            Err(refusal @ EnrolRefusal::KeptApart { .. }) => {
                return Ok(Err((starts_at.date(), refusal)));
            }
        }
    }
    tx.commit().await?;
    Ok(Ok(places))
}

/// Changes how many places `session` has (1 to 100; the caller has read the form). Refused
/// below the places already taken, saying how many. Raised, the new places go to the people
/// waiting, first come first served, each with their seats where a run already calls at their
/// stop. Returns who was given a place.
pub async fn set_capacity(
    db: &Db,
    session: SessionId,
    capacity: u32,
) -> Result<Vec<PersonId>, AppError> {
    let mut tx = db.write().await?;
    match data::enrolment::session_state(&mut tx, session).await? {
        None => return Err(AppError::NotFound("that session".into())),
        Some((SessionStatus::Cancelled, _)) => {
            return Err(AppError::Conflict(
                "That session is cancelled: its places cannot change.".into(),
            ))
        }
        Some((SessionStatus::Scheduled, _)) => {}
    }
    let (booked, _) = data::enrolment::places_taken(&mut tx, session).await?;
    if i64::from(capacity) < booked {
        return Err(AppError::Conflict(too_few_places(booked)));
    }
    data::enrolment::set_capacity(&mut tx, session, capacity).await?;
    let mut promoted = Vec::new();
    for _ in booked..i64::from(capacity) {
        let Some(person) = promote_first_waiting(&mut tx, session).await? else {
            break;
        };
        promoted.push(person);
    }
    tx.commit().await?;
    Ok(promoted)
}

/// The refusal of fewer places than are taken.
fn too_few_places(booked: i64) -> String {
    let (are, people, places) = if booked == 1 {
        ("is", "person", "place")
    } else {
        ("are", "people", "places")
    };
    format!(
        "There {are} already {booked} {people} with a place: the session needs at least {booked} {places}. Cancel a place first."
    )
}

/// Gives the first person waiting on `session` a place (and their seats); who, if anyone.
async fn promote_first_waiting(
    tx: &mut Tx,
    session: SessionId,
) -> Result<Option<PersonId>, AppError> {
    let Some((next, person)) = data::enrolment::first_waiting(tx, session).await? else {
        return Ok(None);
    };
    data::enrolment::set_status(tx, next, BookingStatus::Booked).await?;
    data::enrolment::record_event(tx, next, "promoted", None).await?;
    // The seats just freed (or never taken) are the promoted person's, if their stop is on the run.
    hold_seats(tx, next).await?;
    Ok(Some(person))
}

/// Cancels a booking or a place on the waitlist. When a booked place frees up, the first person
/// waiting gets it; their id is returned. `late`: within the programme's cut-off.
pub async fn cancel(
    db: &Db,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    late: bool,
) -> Result<Option<PersonId>, AppError> {
    let mut tx = db.write().await?;
    let promoted = cancel_in(&mut tx, session, participant, by, late).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// [`cancel`] inside the caller's write transaction ("I can't come" decides `late` first).
pub async fn cancel_in(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    late: bool,
) -> Result<Option<PersonId>, AppError> {
    let existing = data::enrolment::booking_on(tx, session, participant).await?;
    let Some((booking, status)) = existing.filter(|(_, s)| *s != BookingStatus::Cancelled) else {
        return Err(AppError::NotFound(
            "a booking for them on that session".into(),
        ));
    };
    data::enrolment::set_status(tx, booking, BookingStatus::Cancelled).await?;
    let event = if late { "late_cancelled" } else { "cancelled" };
    data::enrolment::record_event(tx, booking, event, Some(by)).await?;
    if status != BookingStatus::Booked {
        return Ok(None);
    }
    promote_first_waiting(tx, session).await
}

#[cfg(test)]
mod tests {
    use super::too_few_places;

    #[test]
    fn fewer_places_than_people_booked_is_refused_with_the_count() {
        assert_eq!(
            too_few_places(1),
            "There is already 1 person with a place: the session needs at least 1 place. Cancel a place first."
        );
        assert_eq!(
            too_few_places(6),
            "There are already 6 people with a place: the session needs at least 6 places. Cancel a place first."
        );
    }
}
