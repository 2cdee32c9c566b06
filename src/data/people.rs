//! `people`: the same functions on either database; see `sql/people.rs` for the SQL.

use crate::error::AppError;
use crate::people::records::{AuditEntry, NewPerson, PersonRecord, PersonSummary};
use crate::people::PersonId;
use chrono::{DateTime, Utc};

use super::Db;

/// Everyone, active first, by family name.
pub async fn list(db: &Db) -> Result<Vec<PersonSummary>, AppError> {
    dispatch!(db, people::list())
}

/// One person's whole record, referral included. Coordinator views only.
pub async fn record(db: &Db, id: PersonId) -> Result<PersonRecord, AppError> {
    dispatch!(db, people::record(id))
}

/// Adds a person with their roles, participant details and an account (no password yet: they
/// choose it from their invite). One transaction: all of it or none.
pub async fn create(db: &Db, person: &NewPerson) -> Result<PersonId, AppError> {
    dispatch!(db, people::create(person))
}

/// Deactivates or reactivates a person. Deactivating ends their sessions at once (they are
/// re-read on every request) and their unused invites stop working.
pub async fn set_active(db: &Db, id: PersonId, active: bool) -> Result<(), AppError> {
    dispatch!(db, people::set_active(id, active))
}

/// The audit log, newest first, optionally about (or by) one person.
pub async fn audit_log(
    db: &Db,
    person: Option<PersonId>,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    dispatch!(db, people::audit_log(person, limit))
}

/// Stores a new invite (only the hash of its secret) and returns when it expires.
pub async fn create_invite(
    db: &Db,
    person: PersonId,
    created_by: PersonId,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    dispatch!(
        db,
        people::create_invite(person, created_by, token_hash, expires_at)
    )
}

/// Who an unused, unexpired invite is for: (person, first name, sign-in name).
pub async fn open_invite(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(PersonId, String, String)>, AppError> {
    dispatch!(db, people::open_invite(token_hash, now))
}

/// Uses an invite once: marks it used and sets the password, or does nothing at all. Two
/// presses at once cannot both succeed (the first write wins the `used_at IS NULL` test).
pub async fn use_invite(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
    password_hash: &str,
) -> Result<Option<PersonId>, AppError> {
    dispatch!(db, people::use_invite(token_hash, now, password_hash))
}
