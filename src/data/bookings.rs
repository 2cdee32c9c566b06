//! Bookings as each role may see them.

use chrono::NaiveDateTime;

use super::Db;
use crate::error::AppError;
use crate::my_activities::MyBooking;
use crate::people::PersonId;

/// A participant's own bookings from `from` on (booked, waitlisted or on a cancelled session),
/// in time order. Only their own: the person id comes from their session, never from the request.
pub async fn upcoming_for_participant(
    db: &Db,
    participant: PersonId,
    from: NaiveDateTime,
) -> Result<Vec<MyBooking>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, v.name AS venue, v.address,
                s.starts_at, s.ends_at, b.status AS booking_status, s.status AS session_status,
                s.cancel_reason, a.what_to_bring
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces sp ON sp.id = s.space_id
         JOIN venues v ON v.id = sp.venue_id
         WHERE b.participant_id = ? AND b.status <> 'cancelled' AND s.ends_at >= ?
         ORDER BY s.starts_at",
    )
    .bind(participant)
    .bind(from)
    .fetch_all(db)
    .await?)
}
