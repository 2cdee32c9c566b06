//! Taking the register, written once for both databases: saved whole, in one write transaction,
//! so a register is never half-written.

use crate::data::{self, Db};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::CheckedMark;
use crate::scheduling::session::{SessionId, SessionStatus};

/// Records every mark (a mark without an outcome clears that line) and the note. Only people
/// booked on the session can be marked; anyone else refuses the whole register.
pub async fn save(
    db: &Db,
    session: SessionId,
    marks: &[CheckedMark],
    note: Option<&str>,
    by: PersonId,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    match data::register::session_status(&mut tx, session).await? {
        None => return Err(AppError::NotFound("that session".into())),
        Some(SessionStatus::Cancelled) => {
            return Err(AppError::Conflict(
                "That session was cancelled: there is no register to take.".into(),
            ))
        }
        Some(SessionStatus::Scheduled) => {}
    }
    let booked = data::register::booked_on(&mut tx, session).await?;
    if marks.iter().any(|m| !booked.contains(&m.participant)) {
        return Err(AppError::Conflict(
            "Someone on this register is no longer booked on the session. Reload the page and try again."
                .into(),
        ));
    }
    data::register::write(&mut tx, session, marks, note, by).await?;
    tx.commit().await
}
