//! The register: attendance for a session's booked participants, and the lead's note. Saved
//! whole, in one transaction: a register is never half-written.

use chrono::{NaiveDate, NaiveDateTime};

use super::Db;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::SessionId;

/// The date of a session (the register opens on it).
pub async fn session_day(db: &Db, session: SessionId) -> Result<NaiveDate, AppError> {
    let starts_at: Option<NaiveDateTime> =
        sqlx::query_scalar("SELECT starts_at FROM sessions WHERE id = ?")
            .bind(session)
            .fetch_optional(db)
            .await?;
    starts_at
        .map(|at| at.date())
        .ok_or_else(|| AppError::NotFound("that session".into()))
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
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM sessions WHERE id = ?")
        .bind(session)
        .fetch_optional(&mut *tx)
        .await?;
    match status.as_deref() {
        None => return Err(AppError::NotFound("that session".into())),
        Some("cancelled") => {
            return Err(AppError::Conflict(
                "That session was cancelled: there is no register to take.".into(),
            ))
        }
        Some(_) => {}
    }
    let booked: Vec<PersonId> = sqlx::query_scalar(
        "SELECT participant_id FROM bookings WHERE session_id = ? AND status = 'booked'",
    )
    .bind(session)
    .fetch_all(&mut *tx)
    .await?;
    if marks.iter().any(|m| !booked.contains(&m.participant)) {
        return Err(AppError::Conflict(
            "Someone on this register is no longer booked on the session. Reload the page and try again."
                .into(),
        ));
    }
    for mark in marks {
        match mark.outcome {
            Some(outcome) => {
                sqlx::query(
                    "INSERT INTO attendance (session_id, participant_id, outcome, absent_reason, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (session_id, participant_id) DO UPDATE SET
                         outcome = ?3, absent_reason = ?4, recorded_by = ?5,
                         recorded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                )
                .bind(session)
                .bind(mark.participant)
                .bind(outcome)
                .bind(mark.reason.as_deref())
                .bind(by)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM attendance WHERE session_id = ? AND participant_id = ?")
                    .bind(session)
                    .bind(mark.participant)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    sqlx::query("UPDATE sessions SET register_note = ? WHERE id = ?")
        .bind(note)
        .bind(session)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
