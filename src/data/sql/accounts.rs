//! Accounts: finding who is signing in, passwords, invites, and the sign-in back-off.

use crate::data::values::{Stamp};
use crate::data::accounts::{Credentials, AccountHolder, SignInTry};
use chrono::{DateTime, Utc};

use super::Pool;
use crate::error::AppError;
use crate::people::{display_first_name, PersonId, Role};

/// The account by the name typed at sign-in (not case-sensitive).
pub async fn credentials_by_username(
    db: &Pool,
    username: &str,
) -> Result<Option<Credentials>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.person_id, a.password_hash, a.totp_secret,
                a.totp_enabled_at IS NOT NULL AS totp_enabled, a.totp_last_step, p.is_active
         FROM accounts a JOIN people p ON p.id = a.person_id
         WHERE lower(a.username) = lower($1)",
    )
    .bind(username.trim())
    .fetch_optional(db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct HolderRow {
    person_id: PersonId,
    given_name: String,
    preferred_name: Option<String>,
    two_step_enabled: bool,
    password_hash: Option<String>,
    session_epoch: i64,
}

/// An active person with an account and a password, with their roles.
pub async fn active_account_holder(
    db: &Pool,
    person_id: PersonId,
) -> Result<Option<AccountHolder>, AppError> {
    let row: Option<HolderRow> = sqlx::query_as(
        "SELECT a.person_id, p.given_name, p.preferred_name,
                a.totp_enabled_at IS NOT NULL AS two_step_enabled,
                a.password_hash, a.session_epoch
         FROM accounts a JOIN people p ON p.id = a.person_id
         WHERE a.person_id = $1 AND p.is_active AND a.password_hash IS NOT NULL",
    )
    .bind(person_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let roles = roles_of(db, person_id).await?;
    Ok(Some(AccountHolder {
        person_id: row.person_id,
        first_name: display_first_name(&row.given_name, row.preferred_name.as_deref()).to_owned(),
        roles,
        two_step_enabled: row.two_step_enabled,
        session_stamp: format!(
            "{}:{}",
            row.session_epoch,
            row.password_hash.unwrap_or_default()
        ),
    }))
}

pub async fn roles_of(db: &Pool, person_id: PersonId) -> Result<Vec<Role>, AppError> {
    let mut roles: Vec<Role> =
        sqlx::query_scalar("SELECT role FROM person_roles WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(db)
            .await?;
    roles.sort();
    Ok(roles)
}

/// Stores a new password hash. With `end_sessions`, every open session of the person ends at
/// its next request.
pub async fn set_password_hash(
    db: &Pool,
    person_id: PersonId,
    hash: &str,
    end_sessions: bool,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE accounts
         SET password_hash = $2, session_epoch = session_epoch + $3
         WHERE person_id = $1",
    )
    .bind(person_id)
    .bind(hash)
    .bind(i64::from(end_sessions))
    .execute(db)
    .await?;
    Ok(())
}

/// Counts a sign-in try against each `(key, limit)` *before* the password is checked, in one
/// write transaction: the count and the new rows cannot interleave with another try's, so 40
/// simultaneous wrong passwords for one account get at most `limit` checks between them.
/// Failures older than `forget_before` are deleted on the way.
pub async fn count_sign_in_try(
    db: &Pool,
    keys: &[(&str, i64)],
    window_start: DateTime<Utc>,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<SignInTry, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    for (key, limit) in keys {
        let recent: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sign_in_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(Stamp(window_start))
                .fetch_one(&mut *tx)
                .await?;
        if recent >= *limit {
            tx.rollback().await?;
            return Ok(SignInTry::OverLimit);
        }
    }
    let mut ids = Vec::with_capacity(keys.len());
    for (key, _) in keys {
        let id: i64 = sqlx::query_scalar(&format!(
            "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2) RETURNING {}",
            super::dialect::ROW_ID
        ))
        .bind(key)
        .bind(Stamp(now))
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(Stamp(forget_before))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(SignInTry::Counted { ids })
}

/// Takes back a try counted in advance: the password was right, or the server was too busy to
/// check it (not the person's fault).
pub async fn withdraw_sign_in_try(db: &Pool, ids: &[i64]) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    for id in ids {
        sqlx::query(&format!(
            "DELETE FROM sign_in_failures WHERE {} = $1",
            super::dialect::ROW_ID
        ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records that the authenticator code of `step` (Unix time / 30) was accepted, unless that
/// step or a later one already was: true when this is the first use. One statement, so two
/// sign-ins racing with the same code cannot both win.
pub async fn accept_totp_step(db: &Pool, person_id: PersonId, step: i64) -> Result<bool, AppError> {
    let accepted = sqlx::query(
        "UPDATE accounts SET totp_last_step = $2
         WHERE person_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(person_id)
    .bind(step)
    .execute(db)
    .await?
    .rows_affected();
    Ok(accepted == 1)
}

/// After a successful sign-in the account's count starts again (the address's does not).
pub async fn clear_failures(db: &Pool, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// The authenticator secret on the account and whether two-step sign-in is on.
pub async fn totp_state(db: &Pool, person_id: PersonId) -> Result<(Option<String>, bool), AppError> {
    Ok(sqlx::query_as(
        "SELECT totp_secret, totp_enabled_at IS NOT NULL FROM accounts WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(db)
    .await?
    .unwrap_or((None, false)))
}

/// Stores a secret waiting for its first code. Does nothing once two-step is on.
pub async fn set_pending_totp(db: &Pool, person_id: PersonId, secret: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE accounts SET totp_secret = $1 WHERE person_id = $2 AND totp_enabled_at IS NULL",
    )
    .bind(secret)
    .bind(person_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Turns two-step sign-in on and replaces the recovery codes (stored as SHA-256 hex), at once.
/// False, with nothing changed, when it was already on (or was never set up).
pub async fn enable_totp(
    db: &Pool,
    person_id: PersonId,
    recovery_code_hashes: &[String],
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE accounts SET totp_enabled_at = $1
         WHERE person_id = $2 AND totp_secret IS NOT NULL AND totp_enabled_at IS NULL",
    )
    .bind(Stamp(now))
    .bind(person_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    for hash in recovery_code_hashes {
        sqlx::query("INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)")
            .bind(person_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Spends one unused recovery code; true when it was valid.
pub async fn use_recovery_code(
    db: &Pool,
    person_id: PersonId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let spent = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE person_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(Stamp(now))
    .bind(person_id)
    .bind(code_hash)
    .execute(db)
    .await?
    .rows_affected();
    Ok(spent == 1)
}
