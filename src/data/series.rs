//! `series`: the same functions on either database; see `sql/series.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::{EnrolRefusal, Reach, SeriesPlace};
use crate::scheduling::planning::NewSession;
use crate::scheduling::series::{EditScope, Repeat};
use crate::scheduling::session::SessionId;
use chrono::NaiveDate;

use super::Db;

/// Plans every occurrence of a series: `template` gives the first date, the times and
/// everything else, `repeat` the dates. Each occurrence is checked against the calendar (and
/// the occurrences before it); one clash refuses the whole series, naming the dates, and
/// nothing is written.
pub async fn create_series(
    db: &Db,
    template: &NewSession,
    repeat: &Repeat,
) -> Result<Vec<SessionId>, AppError> {
    dispatch!(db, series::create_series(template, repeat))
}

/// Does `person` lead session `id` and every other session the change reaches? Tutors and
/// mentors change only what they lead, so "this and following" needs every one of them.
pub async fn leads_all(
    db: &Db,
    id: SessionId,
    scope: EditScope,
    person: PersonId,
) -> Result<bool, AppError> {
    dispatch!(db, series::leads_all(id, scope, person))
}

/// Enrols `participant` on `session` and every later planned session of its series (a course),
/// each booked or waitlisted exactly as [`enrolment::enrol`] would. Sessions they are already on
/// are skipped. Someone they are kept apart from on any one of them refuses the whole
/// enrolment, with the date; nothing is written then. Someone outside `reach` on any of them is
/// not found, as in [`enrolment::enrol`].
pub async fn enrol_series(
    db: &Db,
    session: SessionId,
    participant: PersonId,
    by: PersonId,
    reach: Reach,
) -> Result<Result<Vec<SeriesPlace>, (NaiveDate, EnrolRefusal)>, AppError> {
    dispatch!(db, series::enrol_series(session, participant, by, reach))
}
