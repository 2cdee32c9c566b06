//! `register`: the same functions on either database; see `sql/register.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::SessionId;
use chrono::NaiveDate;

use super::Db;

/// The date of a session (the register opens on it).
pub async fn session_day(db: &Db, session: SessionId) -> Result<NaiveDate, AppError> {
    dispatch!(db, register::session_day(session))
}

/// Records every mark (a mark without an outcome clears that line) and the note. Only people
/// booked on the session can be marked; anyone else refuses the whole register.
pub async fn save(
    db: &Db,
    session: SessionId,
    marks: &[CheckedMark],
    note: Option<&str>,
    by: PersonId,
) -> Result<(), AppError> {
    dispatch!(db, register::save(session, marks, note, by))
}
