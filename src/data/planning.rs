//! `planning`: the same functions on either database; see `sql/planning.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::clash::Calendar;
use crate::scheduling::planning::NewSession;
use crate::scheduling::series::SeriesId;
use crate::scheduling::session::{ActivityId, SessionId};
use chrono::{NaiveDate, NaiveDateTime};

use super::{Db, Tx};

/// The calendar from the day before `first` to a fortnight after `last`.
pub async fn calendar_spanning(
    tx: &mut Tx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Calendar, AppError> {
    in_tx!(tx, planning::calendar_spanning(first, last))
}

/// The activity's name and default places; `None` when there is no such activity.
pub async fn activity_defaults(
    tx: &mut Tx,
    activity: ActivityId,
) -> Result<Option<(String, i64)>, AppError> {
    in_tx!(tx, planning::activity_defaults(activity))
}

/// Writes one session (not its leads) with `capacity` places, as an occurrence of `series`.
pub async fn insert_session(
    tx: &mut Tx,
    session: &NewSession,
    capacity: i64,
    series: Option<SeriesId>,
) -> Result<SessionId, AppError> {
    in_tx!(tx, planning::insert_session(session, capacity, series))
}

/// Makes `lead` one of the session's leads; the schema refuses anyone who is not staff.
pub async fn add_lead(tx: &mut Tx, session: SessionId, lead: PersonId) -> Result<(), AppError> {
    in_tx!(tx, planning::add_lead(session, lead))
}

/// Cancels a planned session with `reason`.
pub async fn cancel(tx: &mut Tx, session: SessionId, reason: &str) -> Result<(), AppError> {
    in_tx!(tx, planning::cancel(session, reason))
}

/// Activities to choose from when planning: (id, name, default minutes, default capacity).
pub async fn activity_choices(db: &Db) -> Result<Vec<(ActivityId, String, i64, i64)>, AppError> {
    dispatch!(db, planning::activity_choices())
}

/// The planner's calendar of sessions from `from` to `until`: what the clash rules read.
pub async fn calendar(
    db: &Db,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Calendar, AppError> {
    dispatch!(db, planning::calendar_between(from, until))
}
