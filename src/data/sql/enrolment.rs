//! Enrolment: a place on a session, or a place in its queue. Each change is one `BEGIN
//! IMMEDIATE` transaction, so the last place cannot be given twice; the capacity and keep-apart
//! triggers refuse it too. Every step is written to `booking_events`, promotions included.

use crate::data::values::StampMillis;
use super::Conn;

use super::Pool;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::{unknown_participant, EnrolRefusal, Enrolled, Reach};
use crate::scheduling::session::SessionId;

async fn event(
    conn: &mut Conn,
    booking: i64,
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

/// Books `participant` on `session`, or puts them on its waitlist when it is full. Someone
/// outside `reach` is not found, exactly as an id that belongs to nobody.
pub async fn enrol(
    db: &Pool,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Enrolled, EnrolRefusal>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let outcome = enrol_in(&mut tx, session, participant, by, reach).await?;
    if outcome.is_ok() {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// [`enrol`] inside the caller's `BEGIN IMMEDIATE` transaction, so a course enrolment books
/// every session of a series or none. Writes nothing when it refuses.
pub(super) async fn enrol_in(
    tx: &mut Conn,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Enrolled, EnrolRefusal>, AppError> {
    let found: Option<(String, i64)> =
        sqlx::query_as("SELECT status, capacity FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, capacity)) = found else {
        return Err(AppError::NotFound("that session".into()));
    };
    if status == "cancelled" {
        return Ok(Err(EnrolRefusal::SessionCancelled));
    }
    // Before anything else is said about them (kept apart, already booked): someone outside
    // the lead's reach gets the answer a made-up id gets.
    let needs_lift =
        super::activity_groups::needs_lift_if_within_reach(tx, session, participant, reach).await?;
    let Some(needs_lift) = needs_lift else {
        return Err(unknown_participant());
    };
    let kept_apart: Option<(String, String)> = sqlx::query_as(
        "SELECT coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name, k.reason
         FROM bookings b JOIN people p ON p.id = b.participant_id JOIN keep_apart k
             ON (k.person_a = b.participant_id AND k.person_b = $1)
             OR (k.person_b = b.participant_id AND k.person_a = $1)
         WHERE b.session_id = $2 AND b.status <> 'cancelled'
         LIMIT 1",
    )
    .bind(participant)
    .bind(session)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((other, reason)) = kept_apart {
        return Ok(Err(EnrolRefusal::KeptApart { other, reason }));
    }
    let existing: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM bookings WHERE session_id = $1 AND participant_id = $2",
    )
    .bind(session)
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?;
    match existing.as_ref().map(|(_, status)| status.as_str()) {
        Some("booked") => return Ok(Err(EnrolRefusal::AlreadyBooked)),
        Some("waitlisted") => return Ok(Err(EnrolRefusal::AlreadyWaitlisted)),
        _ => {}
    }
    let (booked, waiting): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'booked'),
                count(*) FILTER (WHERE status = 'waitlisted')
         FROM bookings WHERE session_id = $1",
    )
    .bind(session)
    .fetch_one(&mut *tx)
    .await?;
    // Nobody jumps the queue: a free place with people waiting goes to them first.
    let outcome = if booked < capacity && waiting == 0 {
        Enrolled::Booked
    } else {
        Enrolled::Waitlisted {
            position: u32::try_from(waiting + 1).unwrap_or(u32::MAX),
        }
    };
    let status = match outcome {
        Enrolled::Booked => "booked",
        Enrolled::Waitlisted { .. } => "waitlisted",
    };
    let booking: i64 = match existing {
        // A cancelled booking is re-opened, and joins the back of any queue.
        Some((id, _)) => {
            sqlx::query(
                "UPDATE bookings SET status = $1, needs_lift = $2, created_at = $4
                 WHERE id = $3",
            )
            .bind(status)
            .bind(needs_lift)
            .bind(id)
            .bind(StampMillis::now())
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(session)
            .bind(participant)
            .bind(status)
            .bind(needs_lift)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    event(tx, booking, status, Some(by)).await?;
    if outcome == Enrolled::Booked {
        super::runs::hold_seats(tx, booking).await?;
    }
    Ok(Ok(outcome))
}

/// Cancels a booking or a place on the waitlist. When a booked place frees up, the first person
/// waiting gets it; their id is returned. `late`: within the programme's cut-off.
pub async fn cancel(
    db: &Pool,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    late: bool,
) -> Result<Option<PersonId>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let promoted = cancel_in(&mut tx, session, participant, by, late).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// [`cancel`] inside the caller's `BEGIN IMMEDIATE` transaction.
pub(super) async fn cancel_in(
    tx: &mut Conn,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    late: bool,
) -> Result<Option<PersonId>, AppError> {
    let existing: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM bookings
         WHERE session_id = $1 AND participant_id = $2 AND status <> 'cancelled'",
    )
    .bind(session)
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((booking, status)) = existing else {
        return Err(AppError::NotFound(
            "a booking for them on that session".into(),
        ));
    };
    sqlx::query("UPDATE bookings SET status = 'cancelled' WHERE id = $1")
        .bind(booking)
        .execute(&mut *tx)
        .await?;
    let what = if late { "late_cancelled" } else { "cancelled" };
    event(tx, booking, what, Some(by)).await?;
    let mut promoted = None;
    if status == "booked" {
        let next: Option<(i64, PersonId)> = sqlx::query_as(
            "SELECT b.id, b.participant_id FROM bookings b JOIN sessions s ON s.id = b.session_id
             WHERE b.session_id = $1 AND b.status = 'waitlisted' AND s.status = 'scheduled'
             ORDER BY b.created_at, b.id LIMIT 1",
        )
        .bind(session)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((next_booking, next_person)) = next {
            sqlx::query("UPDATE bookings SET status = 'booked' WHERE id = $1")
                .bind(next_booking)
                .execute(&mut *tx)
                .await?;
            event(tx, next_booking, "promoted", None).await?;
            // The seats just freed are the promoted person's, if their stop is on the run.
            super::runs::hold_seats(tx, next_booking).await?;
            promoted = Some(next_person);
        }
    }
    Ok(promoted)
}
