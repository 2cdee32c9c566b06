//! `enrolment`: the same functions on either database; see `sql/enrolment.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::{EnrolRefusal, Enrolled, Reach};
use crate::scheduling::session::SessionId;

use super::Db;

/// Books `participant` on `session`, or puts them on its waitlist when it is full. Someone
/// outside `reach` is not found, exactly as an id that belongs to nobody.
pub async fn enrol(
    db: &Db,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Enrolled, EnrolRefusal>, AppError> {
    dispatch!(db, enrolment::enrol(session, participant, by, reach))
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
    dispatch!(db, enrolment::cancel(session, participant, by, late))
}
