//! `planning`: the same functions on either database; see `sql/planning.rs` for the SQL.

use crate::error::AppError;
use crate::scheduling::clash::Calendar;
use crate::scheduling::planning::NewSession;
use crate::scheduling::series::EditScope;
use crate::scheduling::session::{ActivityId, SessionId};
use crate::venues::SpaceId;
use chrono::NaiveDateTime;

use super::Db;

/// Plans a one-off session. The activity's default capacity applies when none is given.
pub async fn create_session(db: &Db, session: &NewSession) -> Result<SessionId, AppError> {
    dispatch!(db, planning::create_session(session))
}

/// Moves a session to another space or time (or changes its length). With
/// [`EditScope::ThisAndFollowing`], every later planned session of its series moves too: by the
/// same number of days, to the same space and the new times of day. All of them move or none.
pub async fn move_session(
    db: &Db,
    id: SessionId,
    space: SpaceId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    scope: EditScope,
) -> Result<(), AppError> {
    dispatch!(
        db,
        planning::move_session(id, space, starts_at, ends_at, scope)
    )
}

/// Cancels a session with a reason, and with [`EditScope::ThisAndFollowing`] every later
/// planned session of its series, each with the same reason. Bookings stay, so booked people
/// see their sessions as cancelled. Returns how many were cancelled.
pub async fn cancel_session(
    db: &Db,
    id: SessionId,
    reason: &str,
    scope: EditScope,
) -> Result<usize, AppError> {
    dispatch!(db, planning::cancel_session(id, reason, scope))
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
