//! `schedule`: the same functions on either database; see `sql/schedule.rs` for the SQL.

use crate::error::AppError;
use crate::scheduling::session::{SessionId, SessionSummary};
use crate::scheduling::week::Week;

use super::Db;

/// Every session starting in `week`, in start order, with its leads and how full it is.
/// Holds no participant's name: only counts of places.
pub async fn sessions_in_week(db: &Db, week: Week) -> Result<Vec<SessionSummary>, AppError> {
    dispatch!(db, schedule::sessions_in_week(week))
}

/// One session's summary, or `None` if there is no such session.
pub async fn session_summary(db: &Db, id: SessionId) -> Result<Option<SessionSummary>, AppError> {
    dispatch!(db, schedule::session_summary(id))
}
