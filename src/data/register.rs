//! `register`: the same functions on either database; see `sql/register.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::{SessionId, SessionStatus};
use chrono::NaiveDate;

use super::{Db, Tx};

/// The date of a session (the register opens on it).
pub async fn session_day(db: &Db, session: SessionId) -> Result<NaiveDate, AppError> {
    dispatch!(db, register::session_day(session))
}

/// The session's status; `None` when there is no such session.
pub async fn session_status(
    tx: &mut Tx,
    session: SessionId,
) -> Result<Option<SessionStatus>, AppError> {
    in_tx!(tx, register::session_status(session))
}

/// The participants holding a place on `session`.
pub async fn booked_on(tx: &mut Tx, session: SessionId) -> Result<Vec<PersonId>, AppError> {
    in_tx!(tx, register::booked_on(session))
}

/// Writes the register's marks and the lead's note.
pub async fn write(
    tx: &mut Tx,
    session: SessionId,
    marks: &[CheckedMark],
    note: Option<&str>,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, register::write(session, marks, note, by))
}
