//! The append-only audit log: who did what, to whose record, when (UTC).

use crate::data::audit::{AuditAction, Actor, AuditEvent};
use super::Conn;

use super::Pool;
use crate::error::AppError;

/// Appends an event. A failure to audit is a failure of the request: access that cannot be
/// recorded is not given.
pub async fn record(db: &Pool, event: AuditEvent<'_>) -> Result<(), AppError> {
    record_in(&mut *db.acquire().await?, event).await
}

/// Appends an event inside a transaction, so that a change and its record commit together.
pub async fn record_in(conn: &mut Conn, event: AuditEvent<'_>) -> Result<(), AppError> {
    let detail: String = event.detail.chars().take(500).collect();
    sqlx::query(
        "INSERT INTO audit_events (actor_id, action, subject_id, detail, ip)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(detail)
    .bind(event.ip)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that `actor` read a list of people with their contact details: one entry per view,
/// about nobody in particular (`detail` says which list and how many people).
pub async fn roster_read(db: &Pool, actor: &Actor<'_>, detail: &str) -> Result<(), AppError> {
    let event = AuditEvent {
        actor: Some(actor.person),
        action: AuditAction::RosterRead,
        subject: None,
        detail,
        ip: actor.ip,
    };
    record(db, event).await
}
