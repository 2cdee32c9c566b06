//! `series`: the same functions on either database; see `sql/series.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::{EnrolRefusal, Reach, SeriesPlace};
use crate::scheduling::planning::NewSession;
use crate::scheduling::series::{EditScope, Repeat};
use crate::scheduling::session::{SessionId, SessionStatus};
use chrono::{NaiveDate, NaiveDateTime};

use super::{Db, Tx};

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

/// Where a session stands before a change: planned or cancelled, and when it starts.
pub struct Anchor {
    pub status: SessionStatus,
    pub starts_at: NaiveDateTime,
}

/// The session a change starts from, if it exists.
pub async fn anchor(tx: &mut Tx, id: SessionId) -> Result<Option<Anchor>, AppError> {
    in_tx!(tx, series::anchor(id))
}

/// The sessions a change to `id` reaches, `id` first, then the rest in start order.
pub async fn in_scope(
    tx: &mut Tx,
    id: SessionId,
    scope: EditScope,
) -> Result<Vec<(SessionId, NaiveDateTime)>, AppError> {
    in_tx!(tx, series::in_scope(id, scope))
}
