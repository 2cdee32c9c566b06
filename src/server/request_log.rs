//! One log line per request, with nothing secret or personal in it.
//!
//! The path is logged without its query string (a form's redirect carries its error there, and
//! anything else may), and the kinds of path that *are* secrets — an invite link
//! (`/invite/{token}`: it sets a password for seven days), a calendar feed
//! (`/calendar/{token}.ics`: it reads someone's programme) and a partner's referral link
//! (`/refer/{token}`: it sends referrals) — lose their token.

use axum::http::Request;
use tracing::Span;

/// The path as it may be written down.
pub fn loggable_path(path: &str) -> String {
    if path.starts_with("/invite/") {
        return "/invite/…".into();
    }
    if let Some(rest) = path.strip_prefix("/refer/") {
        if !matches!(rest, "self" | "thanks") {
            return "/refer/…".into();
        }
    }
    if let Some(file) = path.strip_prefix("/calendar/") {
        if file.ends_with(".ics") {
            return "/calendar/….ics".into();
        }
    }
    // Keep the log one readable line whatever was asked for.
    path.chars().take(200).collect()
}

/// The span every request's log lines belong to: method and loggable path only.
pub fn span_for<B>(request: &Request<B>) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
    )
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn secret_links_lose_their_token() {
        let token = "k3J9xQ0aZ7pLmN2vB8cD4eF6gH1iJ5kL";
        assert_eq!(loggable_path(&format!("/invite/{token}")), "/invite/…");
        assert_eq!(
            loggable_path(&format!("/calendar/{token}.ics")),
            "/calendar/….ics"
        );
        assert_eq!(loggable_path(&format!("/refer/{token}")), "/refer/…");
        assert_eq!(loggable_path("/refer/self"), "/refer/self");
        assert_eq!(loggable_path("/calendar"), "/calendar");
        assert_eq!(loggable_path("/api/week_programme"), "/api/week_programme");
        assert_eq!(loggable_path(&"/x".repeat(500)).chars().count(), 200);
    }
}
