//! `accounts`: the same functions on either database; see `sql/accounts.rs` for the SQL.

use crate::error::AppError;
use crate::people::{PersonId, Role};
use chrono::{DateTime, Utc};

use super::Db;

/// The account by the name typed at sign-in (not case-sensitive).
pub async fn credentials_by_username(
    db: &Db,
    username: &str,
) -> Result<Option<Credentials>, AppError> {
    dispatch!(db, accounts::credentials_by_username(username))
}

/// An active person with an account and a password, with their roles.
pub async fn active_account_holder(
    db: &Db,
    person_id: PersonId,
) -> Result<Option<AccountHolder>, AppError> {
    dispatch!(db, accounts::active_account_holder(person_id))
}

pub async fn roles_of(db: &Db, person_id: PersonId) -> Result<Vec<Role>, AppError> {
    dispatch!(db, accounts::roles_of(person_id))
}

/// Stores a new password hash. With `end_sessions`, every open session of the person ends at
/// its next request.
pub async fn set_password_hash(
    db: &Db,
    person_id: PersonId,
    hash: &str,
    end_sessions: bool,
) -> Result<(), AppError> {
    dispatch!(
        db,
        accounts::set_password_hash(person_id, hash, end_sessions)
    )
}

/// Counts a sign-in try against each `(key, limit)` *before* the password is checked, in one
/// write transaction: the count and the new rows cannot interleave with another try's, so 40
/// simultaneous wrong passwords for one account get at most `limit` checks between them.
/// Failures older than `forget_before` are deleted on the way.
pub async fn count_sign_in_try(
    db: &Db,
    keys: &[(&str, i64)],
    window_start: DateTime<Utc>,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<SignInTry, AppError> {
    dispatch!(
        db,
        accounts::count_sign_in_try(keys, window_start, now, forget_before)
    )
}

/// Takes back a try counted in advance: the password was right, or the server was too busy to
/// check it (not the person's fault).
pub async fn withdraw_sign_in_try(db: &Db, ids: &[i64]) -> Result<(), AppError> {
    dispatch!(db, accounts::withdraw_sign_in_try(ids))
}

/// Records that the authenticator code of `step` (Unix time / 30) was accepted, unless that
/// step or a later one already was: true when this is the first use. One statement, so two
/// sign-ins racing with the same code cannot both win.
pub async fn accept_totp_step(db: &Db, person_id: PersonId, step: i64) -> Result<bool, AppError> {
    dispatch!(db, accounts::accept_totp_step(person_id, step))
}

/// After a successful sign-in the account's count starts again (the address's does not).
pub async fn clear_failures(db: &Db, key: &str) -> Result<(), AppError> {
    dispatch!(db, accounts::clear_failures(key))
}

/// The authenticator secret on the account and whether two-step sign-in is on.
pub async fn totp_state(db: &Db, person_id: PersonId) -> Result<(Option<String>, bool), AppError> {
    dispatch!(db, accounts::totp_state(person_id))
}

/// Stores a secret waiting for its first code. Does nothing once two-step is on.
pub async fn set_pending_totp(db: &Db, person_id: PersonId, secret: &str) -> Result<(), AppError> {
    dispatch!(db, accounts::set_pending_totp(person_id, secret))
}

/// Turns two-step sign-in on and replaces the recovery codes (stored as SHA-256 hex), at once.
pub async fn enable_totp(
    db: &Db,
    person_id: PersonId,
    recovery_code_hashes: &[String],
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    dispatch!(
        db,
        accounts::enable_totp(person_id, recovery_code_hashes, now)
    )
}

/// Spends one unused recovery code; true when it was valid.
pub async fn use_recovery_code(
    db: &Db,
    person_id: PersonId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    dispatch!(db, accounts::use_recovery_code(person_id, code_hash, now))
}

/// What the sign-in check needs about an account. Held only inside the server.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub person_id: PersonId,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    /// The last authenticator time step accepted (a code works once).
    pub totp_last_step: Option<i64>,
    pub is_active: bool,
}

/// The signed-in person as every request sees them: loaded afresh on each request, so a
/// deactivation, a role change or a password change takes effect at once.
#[derive(Debug, Clone)]
pub struct AccountHolder {
    pub person_id: PersonId,
    pub first_name: String,
    pub roles: Vec<Role>,
    pub two_step_enabled: bool,
    /// Changes whenever the password changes or the sessions are ended on purpose.
    pub session_stamp: String,
}

/// What [`count_sign_in_try`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInTry {
    /// Counted as a failure in advance (rows `ids`); withdrawn if it turns out right.
    Counted { ids: Vec<i64> },
    /// One of the keys is at its limit: this try is not checked at all.
    OverLimit,
}

/// UTC instants are stored as RFC 3339 text with a `Z`, so they sort as text.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
