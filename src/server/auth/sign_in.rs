//! Signing in: the password, the authenticator code, the back-off, and the audit trail.

use chrono::{Duration, Utc};

use super::backend::{AuthSession, Checked};
use super::passwords::{self, Verified};
use super::two_step;
use crate::access::SignedIn;
use crate::data::accounts::{self, Credentials};
use crate::data::audit::{self, AuditAction, AuditEvent};
use crate::data::Db;
use crate::error::AppError;

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
    let window_start = now - Duration::minutes(WINDOW_MINUTES);
    let account_key = format!("user:{}", attempt.username.trim().to_lowercase());
    let address_key = format!("ip:{}", attempt.ip.as_deref().unwrap_or("unknown"));
    let audit_ip = attempt.ip.as_deref();

    if accounts::failures_since(db, &account_key, window_start).await? >= ACCOUNT_LIMIT
        || accounts::failures_since(db, &address_key, window_start).await? >= ADDRESS_LIMIT
    {
        let detail = format!("back-off for {}", attempt.username.trim());
        audit::record(
            db,
            event(None, AuditAction::SignInThrottled, &detail, audit_ip),
        )
        .await?;
        return Err(AppError::TooManyAttempts);
    }

    let account = accounts::credentials_by_username(db, &attempt.username).await?;
    // Always verify against something, so no answer is faster for a name that does not exist.
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let verified = passwords::verify(attempt.password.clone(), stored).await?;
    let account = match (account, verified) {
        (Some(account), Verified::Yes { needs_rehash }) if account.is_active => {
            (account, needs_rehash)
        }
        (account, _) => {
            let subject = account.map(|a| a.person_id);
            return refuse(db, &[&account_key, &address_key], subject, &attempt).await;
        }
    };
    let (account, needs_rehash) = account;

    if account.totp_enabled {
        match attempt
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            None => return Ok(Outcome::NeedCode),
            Some(code) if code_is_right(&account, code, now.timestamp()) => {}
            Some(code) if recovery_code_spent(db, &account, code, audit_ip).await? => {}
            Some(_) => {
                return refuse(
                    db,
                    &[&account_key, &address_key],
                    Some(account.person_id),
                    &attempt,
                )
                .await
            }
        }
    }

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

fn code_is_right(account: &Credentials, code: &str, unix_time: i64) -> bool {
    let unix_time = u64::try_from(unix_time).unwrap_or_default();
    account
        .totp_secret
        .as_deref()
        .is_some_and(|secret| two_step::code_is_valid(secret, code, unix_time))
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

async fn refuse(
    db: &Db,
    keys: &[&str],
    subject: Option<crate::people::PersonId>,
    attempt: &Attempt,
) -> Result<Outcome, AppError> {
    let now = Utc::now();
    accounts::record_failure(db, keys, now, now - Duration::days(1)).await?;
    let detail = format!("as {}", attempt.username.trim());
    let mut failed = event(
        None,
        AuditAction::SignInFailed,
        &detail,
        attempt.ip.as_deref(),
    );
    failed.subject = subject;
    audit::record(db, failed).await?;
    Err(AppError::SignInRefused)
}

fn event<'a>(
    actor: Option<crate::people::PersonId>,
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
