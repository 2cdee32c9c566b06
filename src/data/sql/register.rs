//! The register: attendance for a session's booked participants, and the lead's note. Saved
//! whole, in one transaction: a register is never half-written.

use crate::data::values::Stamp;
use chrono::{NaiveDate, NaiveDateTime};

use super::Pool;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::SessionId;

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

/// Records every mark (a mark without an outcome clears that line) and the note. Only people
/// booked on the session can be marked; anyone else refuses the whole register.
pub async fn save(
    db: &Pool,
    session: SessionId,
    marks: &[CheckedMark],
    note: Option<&str>,
    by: PersonId,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1")
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
        "SELECT participant_id FROM bookings WHERE session_id = $1 AND status = 'booked'",
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
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM attendance WHERE session_id = $1 AND participant_id = $2")
                    .bind(session)
                    .bind(mark.participant)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    sqlx::query("UPDATE sessions SET register_note = $1 WHERE id = $2")
        .bind(note)
        .bind(session)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
