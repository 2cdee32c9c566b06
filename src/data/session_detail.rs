//! `session_detail`: the same functions on either database; see `sql/session_detail.rs` for the SQL.

use crate::error::AppError;
use crate::scheduling::enrolment::Reach;
use crate::scheduling::session::SessionId;
use crate::scheduling::session_api::SessionDetail;
use chrono::NaiveDate;

use super::Db;

/// The session's page. `changes`: `Some(reach)` for one of its leads or the coordinator, who
/// may change it and see who is on it; `None` for anyone else.
pub async fn load(
    db: &Db,
    id: SessionId,
    changes: Option<Reach>,
    today: NaiveDate,
) -> Result<SessionDetail, AppError> {
    dispatch!(db, session_detail::load(id, changes, today))
}
