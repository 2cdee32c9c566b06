//! What tutors and mentors see: the sessions they lead with who is booked, and their mentees.
//! No referral data is selected here, so none can reach their answers.

use chrono::NaiveDateTime;

use super::Pool;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::SessionId;
use crate::staff_views::{LedSession, Mentee, RosterEntry};

#[derive(sqlx::FromRow)]
struct LedRow {
    session_id: SessionId,
    activity: String,
    venue: String,
    space: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    capacity: i64,
    cancelled: bool,
}

/// Sessions `lead` leads from `from` on, each with its bookings (booked first, then the queue).
pub async fn sessions_led_by(
    db: &Pool,
    lead: PersonId,
    from: NaiveDateTime,
) -> Result<Vec<LedSession>, AppError> {
    let sessions: Vec<LedRow> = sqlx::query_as(
        "SELECT s.id AS session_id, a.name AS activity, v.name AS venue, sp.name AS space,
                s.starts_at, s.ends_at, s.capacity, s.status = 'cancelled' AS cancelled
         FROM session_leads l
         JOIN sessions s ON s.id = l.session_id
         JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces sp ON sp.id = s.space_id
         JOIN venues v ON v.id = sp.venue_id
         WHERE l.person_id = $1 AND s.ends_at >= $2
         ORDER BY s.starts_at",
    )
    .bind(lead)
    .bind(from)
    .fetch_all(db)
    .await?;
    let entries: Vec<(i64, RosterEntry)> = sqlx::query_as::<_, RosterRow>(
        "SELECT b.session_id, coalesce(p.preferred_name, p.given_name) AS first_name,
                p.family_name, p.phone, b.needs_lift, pa.mobility_needs,
                b.status = 'waitlisted' AS waitlisted
         FROM bookings b
         JOIN people p ON p.id = b.participant_id
         JOIN participants pa ON pa.person_id = b.participant_id
         WHERE b.status <> 'cancelled' AND b.session_id IN (
             SELECT l.session_id FROM session_leads l JOIN sessions s ON s.id = l.session_id
             WHERE l.person_id = $1 AND s.ends_at >= $2)
         ORDER BY b.session_id, b.status = 'waitlisted', b.created_at, b.id",
    )
    .bind(lead)
    .bind(from)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(RosterRow::split)
    .collect();
    Ok(sessions
        .into_iter()
        .map(|s| LedSession {
            id: s.session_id,
            roster: entries
                .iter()
                .filter(|(id, _)| *id == s.session_id.0)
                .map(|(_, entry)| entry.clone())
                .collect(),
            activity: s.activity,
            venue: s.venue,
            space: s.space,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            capacity: s.capacity,
            cancelled: s.cancelled,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    session_id: i64,
    first_name: String,
    family_name: String,
    phone: Option<String>,
    needs_lift: bool,
    mobility_needs: Option<String>,
    waitlisted: bool,
}

impl RosterRow {
    fn split(self) -> (i64, RosterEntry) {
        (
            self.session_id,
            RosterEntry {
                name: format!("{} {}", self.first_name, self.family_name),
                phone: self.phone,
                needs_lift: self.needs_lift,
                mobility_needs: self.mobility_needs,
                waitlisted: self.waitlisted,
            },
        )
    }
}

/// The participants `mentor` mentors, active ones first.
pub async fn mentees_of(db: &Pool, mentor: PersonId) -> Result<Vec<Mentee>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                p.phone, pp.name AS pickup_point, pa.needs_lift, pa.mobility_needs, pa.status
         FROM participants pa
         JOIN people p ON p.id = pa.person_id
         LEFT JOIN pickup_points pp ON pp.id = pa.default_pickup_point_id
         WHERE pa.mentor_id = $1 AND p.is_active
         ORDER BY pa.status <> 'active', p.family_name, p.given_name",
    )
    .bind(mentor)
    .fetch_all(db)
    .await?)
}
