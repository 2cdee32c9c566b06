//! Repeating series in the database: a new series, the sessions a "this and following" change
//! (or a course enrolment) reaches, and moving checked sessions into place. The use cases are
//! `scheduling::use_cases`, each in one write transaction.

use chrono::NaiveDateTime;

use super::{Conn, Pool};
use crate::data::series::Anchor;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::clash::Proposal;
use crate::scheduling::series::{EditScope, SeriesId};
use crate::scheduling::session::{SessionId, SessionStatus};

/// A new, empty series for the occurrences about to be written.
pub async fn new_series(conn: &mut Conn) -> Result<SeriesId, AppError> {
    Ok(
        sqlx::query_scalar("INSERT INTO session_series DEFAULT VALUES RETURNING id")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The session a change starts from, if it exists.
pub async fn anchor(
    conn: &mut Conn,
    id: SessionId,
) -> Result<Option<Anchor>, AppError> {
    let found: Option<(SessionStatus, NaiveDateTime)> =
        sqlx::query_as("SELECT status, starts_at FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.map(|(status, starts_at)| Anchor { status, starts_at }))
}

/// The sessions a change to session ?1 reaches: itself and, when ?2 is true ("this and
/// following"), every later planned session of its series. A session without a series reaches
/// only itself.
const IN_SCOPE: &str = "SELECT s.id, s.starts_at FROM sessions s JOIN sessions a ON a.id = $1
     WHERE (s.id = a.id
            OR ($2 AND s.series_id = a.series_id AND s.status = 'scheduled'
                AND s.starts_at >= a.starts_at))";

/// The sessions a change to `id` reaches, `id` first, then the rest in start order.
pub async fn in_scope(
    conn: &mut Conn,
    id: SessionId,
    scope: EditScope,
) -> Result<Vec<(SessionId, NaiveDateTime)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{IN_SCOPE} ORDER BY s.id <> $1, s.starts_at, s.id"
    ))
    .bind(id)
    .bind(scope == EditScope::ThisAndFollowing)
    .fetch_all(&mut *conn)
    .await?)
}

/// Does `person` lead session `id` and every other session the change reaches? Tutors and
/// mentors change only what they lead, so "this and following" needs every one of them.
pub async fn leads_all(
    db: &Pool,
    id: SessionId,
    scope: EditScope,
    person: PersonId,
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM session_leads WHERE session_id = $1 AND person_id = $3)
            AND NOT EXISTS ({IN_SCOPE} AND NOT EXISTS (
                SELECT 1 FROM session_leads l WHERE l.session_id = s.id AND l.person_id = $3))"
    ))
    .bind(id)
    .bind(scope == EditScope::ThisAndFollowing)
    .bind(person)
    .fetch_one(db)
    .await?)
}

/// Writes checked moves. The triggers check each row as it is written, so moving a series row
/// by row would meet its own sessions that have not moved yet (Tuesdays moved a week on land
/// on the next Tuesday's old place). The moving sessions are first set aside, then each is put
/// in its new place: every trigger then sees what the Rust check saw — the rest of the
/// calendar and the sessions already placed. Nothing outside the transaction sees the
/// set-aside state.
pub async fn place(
    conn: &mut Conn,
    proposals: &[Proposal],
) -> Result<(), AppError> {
    for proposal in proposals {
        sqlx::query(
            "UPDATE sessions SET status = 'cancelled', cancel_reason = 'Being moved' WHERE id = $1",
        )
        .bind(proposal.id)
        .execute(&mut *conn)
        .await?;
    }
    for proposal in proposals {
        sqlx::query(
            "UPDATE sessions SET status = 'scheduled', cancel_reason = NULL,
                 space_id = $1, starts_at = $2, ends_at = $3
             WHERE id = $4",
        )
        .bind(proposal.space)
        .bind(proposal.starts_at)
        .bind(proposal.ends_at)
        .bind(proposal.id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

