//! `rosters`: the same functions on either database; see `sql/rosters.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::staff_views::{LedSession, Mentee};
use chrono::NaiveDateTime;

use super::Db;

/// Sessions `lead` leads from `from` on, each with its bookings (booked first, then the queue).
pub async fn sessions_led_by(
    db: &Db,
    lead: PersonId,
    from: NaiveDateTime,
) -> Result<Vec<LedSession>, AppError> {
    dispatch!(db, rosters::sessions_led_by(lead, from))
}

/// The participants `mentor` mentors, active ones first.
pub async fn mentees_of(db: &Db, mentor: PersonId) -> Result<Vec<Mentee>, AppError> {
    dispatch!(db, rosters::mentees_of(mentor))
}
