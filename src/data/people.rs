//! `people`: the same functions on either database; see `sql/people.rs` for the SQL.

use crate::data::people_edits::Contact;
use crate::error::AppError;
use crate::people::records::{AuditEntry, PersonRecord, PersonSummary};
use crate::people::{PersonId, ReferralSource};
use chrono::{DateTime, NaiveDate, Utc};

use super::{Db, Tx};

/// Everyone, active first, by family name.
pub async fn list(db: &Db) -> Result<Vec<PersonSummary>, AppError> {
    dispatch!(db, people::list())
}

/// One person's whole record, referral included. Coordinator views only.
pub async fn record(db: &Db, id: PersonId) -> Result<PersonRecord, AppError> {
    dispatch!(db, people::record(id))
}

/// A new person with their names and contact details; an email someone else has is a conflict.
pub async fn insert_person(tx: &mut Tx, new: &Contact) -> Result<PersonId, AppError> {
    in_tx!(tx, people::insert_person(new))
}

/// A participant row for a person just referred.
pub async fn insert_participant(
    tx: &mut Tx,
    id: PersonId,
    source: Option<ReferralSource>,
    date: Option<NaiveDate>,
) -> Result<(), AppError> {
    in_tx!(tx, people::insert_participant(id, source, date))
}

/// Whether an account already signs in as `username`.
pub async fn username_taken(tx: &mut Tx, username: &str) -> Result<bool, AppError> {
    in_tx!(tx, people::username_taken(username))
}

/// An account for the person, with no password yet; a taken name is a conflict.
pub async fn insert_account(tx: &mut Tx, id: PersonId, username: &str) -> Result<(), AppError> {
    in_tx!(tx, people::insert_account(id, username))
}

/// Marks the person active or not; false when there is no such person.
pub async fn set_active(tx: &mut Tx, id: PersonId, active: bool) -> Result<bool, AppError> {
    in_tx!(tx, people::set_active(id, active))
}

/// Ends every session the person has signed in with, and withdraws their unused invites.
pub async fn end_sessions_and_invites(tx: &mut Tx, id: PersonId) -> Result<(), AppError> {
    in_tx!(tx, people::end_sessions_and_invites(id))
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
