//! The check at the top of every server function: who is asking, and may they?

use chrono::Utc;
use leptos::prelude::use_context;

use super::backend::AuthSession;
use super::sign_in::{session_error, SIGNED_IN_AT};
use crate::access::{Permission, SignedIn};
use crate::data::audit::{self, AuditAction, AuditEvent};
use crate::error::AppError;
use crate::server::client_address::ClientAddress;
use crate::server::state::{app_state, AppState};

/// How long a sign-in lasts at most, however busy the session (the idle limit is shorter).
pub const ABSOLUTE_LIFETIME_HOURS: i64 = 12;

/// The person behind a request that passed its check.
pub struct Caller {
    pub user: SignedIn,
    pub ip: Option<String>,
    pub state: AppState,
}

impl Caller {
    /// Who is acting, for the audit entry written alongside a change or a sensitive read.
    pub fn actor(&self) -> crate::data::audit::Actor<'_> {
        crate::data::audit::Actor {
            person: self.user.person_id,
            ip: self.ip.as_deref(),
        }
    }
}

/// The signed-in person, or `None`. Ends a session that has outlived its absolute lifetime.
pub async fn current_user() -> Result<Option<SignedIn>, AppError> {
    user_of(&mut auth_session().await?).await
}

async fn user_of(auth: &mut AuthSession) -> Result<Option<SignedIn>, AppError> {
    let Some(user) = auth.user.clone() else {
        return Ok(None);
    };
    let signed_in_at: Option<i64> = auth.session.get(SIGNED_IN_AT).await.ok().flatten();
    let too_old =
        signed_in_at.is_none_or(|at| Utc::now().timestamp() - at > ABSOLUTE_LIFETIME_HOURS * 3600);
    if too_old {
        auth.logout().await.map_err(session_error)?;
        return Ok(None);
    }
    Ok(Some(user.signed_in()))
}

/// A request as the check sees it, from a server function or a plain route.
pub struct Asking {
    pub auth: AuthSession,
    pub ip: Option<String>,
    pub path: String,
    pub state: AppState,
}

/// Passes when someone is signed in and the policy grants them `permission`; otherwise refuses
/// (401 or 403) and records the refusal in the audit log.
pub async fn require(permission: Permission) -> Result<Caller, AppError> {
    let asking = Asking {
        auth: auth_session().await?,
        ip: client_ip().await,
        path: request_path(),
        state: app_state()?,
    };
    check(asking, permission).await
}

/// [`require`] for a plain route (a file download), which has no server function's context.
pub async fn check(mut asking: Asking, permission: Permission) -> Result<Caller, AppError> {
    let Asking {
        ip, path, state, ..
    } = &asking;
    let (ip, path, state) = (ip.clone(), path.clone(), state.clone());
    let user = user_of(&mut asking.auth).await?;
    match user {
        Some(user) if user.may(permission) => Ok(Caller { user, ip, state }),
        None => {
            // Someone not signed in: counted a minute at a time, not a row each (see
            // `refusal_tally`), so anonymous traffic cannot fill the audit log.
            let what = format!("{permission:?} at {path}");
            let now = Utc::now().timestamp();
            state.refusals.note(ip.as_deref(), &what, now);
            Err(AppError::Unauthorised)
        }
        Some(user) => {
            let actor = Some(user.person_id);
            let detail = format!("{permission:?} at {path}");
            audit::record(
                &state.db,
                AuditEvent {
                    actor,
                    action: AuditAction::AccessRefused,
                    subject: None,
                    detail: &detail,
                    ip: ip.as_deref(),
                },
            )
            .await?;
            Err(AppError::Forbidden)
        }
    }
}

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = %e, "the sign-in layer is missing");
        AppError::Internal
    })
}

/// The address the request came from: the TCP peer, or the client a trusted reverse proxy
/// forwarded for (see `server::client_address`).
pub async fn client_ip() -> Option<String> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().copied())
        .map(|ClientAddress(address)| address.to_string())
}

fn request_path() -> String {
    use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default()
}
