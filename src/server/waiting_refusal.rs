//! A plain form's refusal, kept in the session for the page the form goes back to, which shows
//! it once. Never carried in the address: a sentence read from a link could put anyone's words
//! in the app's own alert box. The app's own calls (JavaScript) get the refusal as their answer
//! and show it themselves, so only plain forms keep one.

use tower_sessions::Session;

use crate::error::AppError;
use crate::server::auth;

/// Which page a refusal waits for: one key per page family, so a refusal never shows on a page
/// that did not send the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusalFor(&'static str);

/// The case meeting's pages (the list, the agenda, a pack) and the home page's actions.
pub const CASE_MEETING: RefusalFor = RefusalFor("case_meeting_refusal");
/// The claimant's claim page.
pub const CLAIM: RefusalFor = RefusalFor("claim_form_refusal");

/// Keeps `sentence` for the page. Best effort: when the session store cannot take it, the page
/// shows no sentence, and the change was refused all the same; `false` says so.
pub async fn keep(session: &Session, page: RefusalFor, sentence: String) -> bool {
    let kept = session.insert(page.0, sentence).await.is_ok();
    if !kept {
        tracing::warn!(page = page.0, "a refusal could not be kept for its page");
    }
    kept
}

/// A server function's answer, with its refusal kept for the page when a plain form sent it.
pub async fn kept_for<T>(page: RefusalFor, result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if crate::server::is_plain_form() {
            if let Ok(signed_in) = auth::auth_session().await {
                keep(&signed_in.session, page, error.to_string()).await;
            }
        }
    }
    result
}

/// The session of a page that may have a refusal waiting. Fetch it with the caller, before
/// anything else is awaited: a page's later reads may no longer reach the request.
pub struct Waiting {
    session: Session,
    page: RefusalFor,
}

impl Waiting {
    pub async fn for_page(page: RefusalFor) -> Result<Self, AppError> {
        Ok(Self {
            session: auth::auth_session().await?.session,
            page,
        })
    }

    /// The refusal waiting for the page, taken so it shows once.
    pub async fn take(self) -> Option<String> {
        self.session
            .remove::<String>(self.page.0)
            .await
            .ok()
            .flatten()
    }
}
