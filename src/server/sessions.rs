//! Session cookies and the sign-in layer (tower-sessions with its store in the programme's own
//! database, axum-login on top). The sessions live in the database, not in the process, so
//! several app servers in front of one PostgreSQL database share them.

use std::time::Duration;

use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store;
use tower_sessions::SessionStore;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use super::auth::Backend;
use crate::data::Db;

pub type SignInLayer = AuthManagerLayer<Backend, Store>;

/// tower-sessions' store for whichever database the programme uses.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// The cookie is `HttpOnly`, `SameSite=Lax` and, when the site is served over HTTPS, `Secure`
/// with the `__Host-` prefix (which also pins it to this host and path `/`).
///
/// A session ends `idle_seconds` after its last request (the absolute limit is in
/// `auth::guard`). For that limit to *slide*, every request must push the stored expiry on:
/// tower-sessions writes the store only when the session changed, unless told to always save —
/// without it, "60 minutes idle" was 60 minutes after signing in, however busy the person was.
pub async fn layer(db: &Db, secure: bool, idle_seconds: i64) -> Result<SignInLayer, sqlx::Error> {
    let store = match db {
        Db::Sqlite(pool) => Store::Sqlite(SqliteStore::new(pool.clone())),
        Db::Postgres(pool) => Store::Postgres(PostgresStore::new(pool.clone())),
    };
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
async fn delete_expired_sessions(store: Store) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "cannot delete expired sessions");
        }
    }
}

impl Store {
    /// Makes the store's table when it is missing.
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite(store) => store.migrate().await,
            Store::Postgres(store) => store.migrate().await,
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(store) => store.create(record).await,
            Store::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Sqlite(store) => store.save(record).await,
            Store::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Sqlite(store) => store.load(id).await,
            Store::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Sqlite(store) => store.delete(id).await,
            Store::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Store::Sqlite(store) => store.delete_expired().await,
            Store::Postgres(store) => store.delete_expired().await,
        }
    }
}
