//! The register in the database: attendance for a session's booked participants, and the lead's
//! note. `scheduling::use_cases::register` saves it whole, in one transaction.

use crate::data::values::Stamp;
use chrono::{NaiveDate, NaiveDateTime};

use super::{Conn, Pool};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::{SessionId, SessionStatus};

/// The date of a session (the register opens on it).
pub async fn session_day(db: &Pool, session: SessionId) -> Result<NaiveDate, AppError> {
    let starts_at: Option<NaiveDateTime> =
        sqlx::query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_optional(db)
            .await?;
    starts_at
        .map(|at| at.date())
        .ok_or_else(|| AppError::NotFound("that session".into()))
}

/// The session's status; `None` when there is no such session.
pub async fn session_status(
    conn: &mut Conn,
    session: SessionId,
) -> Result<Option<SessionStatus>, AppError> {
    Ok(sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1")
        .bind(session)
        .fetch_optional(&mut *conn)
        .await?)
}

/// The participants holding a place on `session` (not those waiting).
pub async fn booked_on(conn: &mut Conn, session: SessionId) -> Result<Vec<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT participant_id FROM bookings WHERE session_id = $1 AND status = 'booked'",
    )
    .bind(session)
    .fetch_all(&mut *conn)
    .await?)
}

/// Writes the register's marks (a mark without an outcome clears that line), recorded by `by`
/// now, and the lead's note.
pub async fn write(
    conn: &mut Conn,
    session: SessionId,
    marks: &[CheckedMark],
    note: Option<&str>,
    by: PersonId,
) -> Result<(), AppError> {
    for mark in marks {
        match mark.outcome {
            Some(outcome) => {
                sqlx::query(
                    "INSERT INTO attendance (session_id, participant_id, outcome, absent_reason,
                                             recorded_by, recorded_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (session_id, participant_id) DO UPDATE SET
                         outcome = $3, absent_reason = $4, recorded_by = $5, recorded_at = $6",
                )
                .bind(session)
                .bind(mark.participant)
                .bind(outcome)
                .bind(mark.reason.as_deref())
                .bind(by)
                .bind(Stamp::now())
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM attendance WHERE session_id = $1 AND participant_id = $2")
                    .bind(session)
                    .bind(mark.participant)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    sqlx::query("UPDATE sessions SET register_note = $1 WHERE id = $2")
        .bind(note)
        .bind(session)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
