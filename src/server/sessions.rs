//! Session cookies and the sign-in layer (tower-sessions with a SQLite store, axum-login on top).

use std::time::Duration;

use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use super::auth::Backend;
use crate::data::Db;

pub type SignInLayer = AuthManagerLayer<Backend, SqliteStore>;

/// The cookie is `HttpOnly`, `SameSite=Lax` and, when the site is served over HTTPS, `Secure`
/// with the `__Host-` prefix (which also pins it to this host and path `/`).
///
/// A session ends `idle_seconds` after its last request (the absolute limit is in
/// `auth::guard`). For that limit to *slide*, every request must push the stored expiry on:
/// tower-sessions writes the store only when the session changed, unless told to always save —
/// without it, "60 minutes idle" was 60 minutes after signing in, however busy the person was.
pub async fn layer(db: &Db, secure: bool, idle_seconds: i64) -> Result<SignInLayer, sqlx::Error> {
    let store = SqliteStore::new(db.clone());
    store.migrate().await?;
    tokio::spawn(delete_expired_sessions(store.clone()));

    let name = if secure {
        "__Host-turnaround"
    } else {
        "turnaround"
    };
    let sessions = SessionManagerLayer::new(store)
        .with_name(name)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(idle_seconds)));
    Ok(AuthManagerLayerBuilder::new(Backend::new(db.clone()), sessions).build())
}

/// Expired sessions are refused anyway; this keeps the table small.
async fn delete_expired_sessions(store: SqliteStore) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "cannot delete expired sessions");
        }
    }
}
