//! Server functions for signing in and out. Public HTTP endpoints: each checks what it needs.

use leptos::prelude::*;

use crate::access::SignedIn;
use crate::error::AppError;

/// Who is signed in on this browser, if anyone.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<SignedIn>, AppError> {
    crate::error::respond(crate::server::auth::current_user().await)
}

/// Checks the name, password and (for two-step accounts) the code, starts a new session, and
/// answers with the page to go to: `then` when it is a page of this site (someone signing in
/// again where their sign-in ran out), else their home. A plain HTML form (no JavaScript) is
/// redirected there.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    username: String,
    password: String,
    #[server(default)] code: Option<String>,
    #[server(default)] then: Option<String>,
) -> Result<String, AppError> {
    crate::error::respond(server::sign_in(username, password, code, then).await)
}

/// `then` when it is a path on this site ("/driver?date=2026-03-03"), never another site
/// ("//evil.example", "https://…", "/\\evil"): signing in must not send anyone elsewhere.
pub fn page_to_return_to(then: Option<&str>) -> Option<&str> {
    let then = then?.trim();
    let local = then.starts_with('/') && !then.starts_with("//") && then.len() <= 200;
    let plain = then
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-_.?=&%".contains(c));
    (local && plain).then_some(then)
}

/// Ends the session on the server (the cookie is worthless afterwards).
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::error::respond(server::sign_out().await)
}

#[cfg(test)]
mod tests {
    use super::page_to_return_to;

    #[test]
    fn only_pages_of_this_site_are_returned_to() {
        assert_eq!(page_to_return_to(Some("/driver")), Some("/driver"));
        let dated = "/driver?date=2026-03-03";
        assert_eq!(page_to_return_to(Some(dated)), Some(dated));
        for elsewhere in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "driver",
            "/a b",
            "",
        ] {
            assert_eq!(page_to_return_to(Some(elsewhere)), None, "{elsewhere}");
        }
        assert_eq!(page_to_return_to(None), None);
    }
}

#[cfg(feature = "ssr")]
mod server {
    use crate::data::audit::{self, AuditAction, AuditEvent};
    use crate::error::AppError;
    use crate::server::auth::{self, Attempt, Outcome};
    use crate::server::{redirect_plain_form, state::app_state};

    pub async fn sign_in(
        username: String,
        password: String,
        code: Option<String>,
        then: Option<String>,
    ) -> Result<String, AppError> {
        let state = app_state()?;
        let mut session = auth::auth_session().await?;
        let attempt = Attempt {
            username,
            password,
            code,
            ip: auth::client_ip().await,
        };
        match auth::sign_in(&state.db, &mut session, attempt).await? {
            Outcome::NeedCode => Err(AppError::TwoStepCodeNeeded),
            Outcome::SignedIn(user) => {
                let home = super::page_to_return_to(then.as_deref())
                    .unwrap_or(user.home())
                    .to_owned();
                redirect_plain_form(&home);
                Ok(home)
            }
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let state = app_state()?;
        let mut session = auth::auth_session().await?;
        let ip = auth::client_ip().await;
        let person = session.user.as_ref().map(|user| user.holder.person_id);
        session.logout().await.map_err(|e| {
            tracing::error!(error = ?e, "cannot end the session");
            AppError::Internal
        })?;
        if person.is_some() {
            audit::record(
                &state.db,
                AuditEvent {
                    actor: person,
                    action: AuditAction::SignOut,
                    subject: person,
                    detail: "",
                    ip: ip.as_deref(),
                },
            )
            .await?;
        }
        redirect_plain_form("/sign-in");
        Ok(())
    }
}
