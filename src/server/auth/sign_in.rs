//! Signing in: the password, the authenticator code, the back-off, and the audit trail.

use chrono::{Duration, Utc};

use super::backend::{AuthSession, Checked};
use super::passwords::{self, Verified};
use super::two_step;
use crate::access::SignedIn;
use crate::data::accounts::{self, Credentials, SignInTry};
use crate::data::audit::{self, AuditAction, AuditEvent};
use crate::data::Db;
use crate::error::AppError;
use crate::people::PersonId;

/// Failed tries allowed per account name within [`WINDOW_MINUTES`] before it backs off.
pub const ACCOUNT_LIMIT: i64 = 10;
/// Failed tries allowed per network address (a shared office or hostel counts as one).
pub const ADDRESS_LIMIT: i64 = 30;
pub const WINDOW_MINUTES: i64 = 15;

/// The session key holding when the person signed in (Unix seconds), for the absolute lifetime.
pub const SIGNED_IN_AT: &str = "signed_in_at";

/// What a sign-in attempt came to, when it did not fail outright.
pub enum Outcome {
    /// Name and password are right; the account needs a code from the authenticator app.
    NeedCode,
    SignedIn(SignedIn),
}

pub struct Attempt {
    pub username: String,
    pub password: String,
    pub code: Option<String>,
    pub ip: Option<String>,
}

pub async fn sign_in(
    db: &Db,
    auth: &mut AuthSession,
    attempt: Attempt,
) -> Result<Outcome, AppError> {
    let now = Utc::now();
    let account_key = account_key(&attempt.username);
    let address_key = format!("ip:{}", attempt.ip.as_deref().unwrap_or("unknown"));
    let audit_ip = attempt.ip.as_deref();
    let account = accounts::credentials_by_username(db, &attempt.username).await?;
    let subject = account.as_ref().map(|a| a.person_id);

    // Counted before anything is checked, so parallel tries cannot all slip under the limit.
    let counted = accounts::count_sign_in_try(
        db,
        &[(&account_key, ACCOUNT_LIMIT), (&address_key, ADDRESS_LIMIT)],
        now - Duration::minutes(WINDOW_MINUTES),
        now,
        now - Duration::days(1),
    )
    .await?;
    let try_ids = match counted {
        SignInTry::Counted { ids } => ids,
        SignInTry::OverLimit => {
            return Err(throttled(audit_ip, "sign-in back-off"));
        }
    };

    // Always verify against something, so no answer is faster for a name that does not exist.
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let verified = match passwords::verify(attempt.password.clone(), stored).await {
        Ok(verified) => verified,
        Err(error) => {
            // Too busy to check (or our failure): not the person's fault, so not counted.
            accounts::withdraw_sign_in_try(db, &try_ids).await?;
            if error == AppError::TooManyAttempts {
                return Err(throttled(audit_ip, "sign-in queue full"));
            }
            return Err(error);
        }
    };
    let (account, needs_rehash) = match (account, verified) {
        (Some(account), Verified::Yes { needs_rehash }) if account.is_active => {
            (account, needs_rehash)
        }
        _ => return refuse(db, subject, audit_ip, "wrong name or password").await,
    };

    if account.totp_enabled {
        let code = attempt
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let Some(code) = code else {
            // The password was right: not a failure, and the next request brings the code.
            accounts::withdraw_sign_in_try(db, &try_ids).await?;
            return Ok(Outcome::NeedCode);
        };
        match code_step(&account, code, now.timestamp()) {
            Some(step) => {
                if !accounts::accept_totp_step(db, account.person_id, step).await? {
                    // Right code, already used: someone may have watched it being typed.
                    accounts::withdraw_sign_in_try(db, &try_ids).await?;
                    return Err(replayed(db, account.person_id, audit_ip).await?);
                }
            }
            None if recovery_code_spent(db, &account, code, audit_ip).await? => {}
            None => return refuse(db, subject, audit_ip, "wrong two-step code").await,
        }
    }

    accounts::withdraw_sign_in_try(db, &try_ids).await?;
    accounts::clear_failures(db, &account_key).await?;
    if needs_rehash {
        let personal = vec![attempt.username.clone()];
        if let Ok(hash) = passwords::hash_new(attempt.password, personal).await {
            accounts::set_password_hash(db, account.person_id, &hash, false).await?;
        }
    }
    let user = auth
        .authenticate(Checked(account.person_id))
        .await
        .map_err(session_error)?
        .ok_or(AppError::SignInRefused)?;
    // A new session id at every sign-in, also over an existing one (axum-login only changes it
    // when nobody was signed in): an id someone planted or saw before cannot ride along.
    auth.session.cycle_id().await.map_err(|e| {
        tracing::error!(error = %e, "cannot renew the session id");
        AppError::Internal
    })?;
    auth.login(&user).await.map_err(session_error)?;
    auth.session
        .insert(SIGNED_IN_AT, now.timestamp())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot write the session");
            AppError::Internal
        })?;
    audit::record(
        db,
        AuditEvent {
            actor: Some(account.person_id),
            action: AuditAction::SignIn,
            subject: Some(account.person_id),
            detail: "",
            ip: audit_ip,
        },
    )
    .await?;
    Ok(Outcome::SignedIn(user.signed_in()))
}

/// The back-off key for a typed name: a hash, so the failures table never holds what was typed
/// (a password typed into the name box, say).
fn account_key(username: &str) -> String {
    use sha2::{Digest, Sha256};
    let name = username.trim().to_lowercase();
    format!("name:{:x}", Sha256::digest(name.as_bytes()))
}

fn code_step(account: &Credentials, code: &str, unix_time: i64) -> Option<i64> {
    let unix_time = u64::try_from(unix_time).unwrap_or_default();
    let secret = account.totp_secret.as_deref()?;
    two_step::matching_step(secret, code, unix_time)
}

/// A recovery code in place of the app's code: valid once, and the use is audited.
async fn recovery_code_spent(
    db: &Db,
    account: &Credentials,
    code: &str,
    ip: Option<&str>,
) -> Result<bool, AppError> {
    let hash = two_step::recovery_code_hash(code);
    let spent = accounts::use_recovery_code(db, account.person_id, &hash, Utc::now()).await?;
    if spent {
        let mut used = event(
            Some(account.person_id),
            AuditAction::RecoveryCodeUsed,
            "",
            ip,
        );
        used.subject = Some(account.person_id);
        audit::record(db, used).await?;
    }
    Ok(spent)
}

/// A failed try: it stays counted, and the audit log records whose account it was (or that an
/// unknown name was tried) — never the name as typed.
async fn refuse(
    db: &Db,
    subject: Option<PersonId>,
    ip: Option<&str>,
    what: &str,
) -> Result<Outcome, AppError> {
    let detail = match subject {
        Some(_) => what.to_owned(),
        None => format!("{what} (a name that is no one's)"),
    };
    let mut failed = event(None, AuditAction::SignInFailed, &detail, ip);
    failed.subject = subject;
    audit::record(db, failed).await?;
    Err(AppError::SignInRefused)
}

async fn replayed(db: &Db, person: PersonId, ip: Option<&str>) -> Result<AppError, AppError> {
    let mut failed = event(
        None,
        AuditAction::SignInFailed,
        "two-step code used again",
        ip,
    );
    failed.subject = Some(person);
    audit::record(db, failed).await?;
    Ok(AppError::TwoStepCodeUsed)
}

/// Refused without checking. Such refusals come in floods, so they are counted a minute at a
/// time (one audit row per address per minute, see `refusal_tally`), not written one by one.
fn throttled(ip: Option<&str>, what: &str) -> AppError {
    match crate::server::state::app_state() {
        Ok(state) => {
            state.refusals.note(ip, what, Utc::now().timestamp());
            AppError::TooManyAttempts
        }
        Err(error) => error,
    }
}

fn event<'a>(
    actor: Option<PersonId>,
    action: AuditAction,
    detail: &'a str,
    ip: Option<&'a str>,
) -> AuditEvent<'a> {
    AuditEvent {
        actor,
        action,
        subject: None,
        detail,
        ip,
    }
}

pub(super) fn session_error(error: axum_login::Error<super::backend::Backend>) -> AppError {
    tracing::error!(error = ?error, "session store failed");
    AppError::Internal
}
