//! Connecting to a PostgreSQL server and bringing its schema up to date.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::Pool;
use crate::data::database::{plain_reason, SchemaState, StartupError};

/// The migrations in `migrations/postgres/`, embedded in the binary.
static MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How many connections one app server keeps. Several app servers share one database, so each
/// keeps few; PostgreSQL's default `max_connections` (100) allows about ten of them.
const CONNECTIONS: u32 = 8;

/// Connects to the server `url` names and checks it answers. The database itself must exist
/// (`createdb turnaround`): creating databases is the administrator's call, not the app's.
pub async fn open(url: &str) -> Result<Pool, StartupError> {
    let options = PgConnectOptions::from_str(url).map_err(|e| StartupError::BadUrl {
        url: redacted(url),
        reason: e.to_string(),
    })?;
    PgPoolOptions::new()
        .max_connections(CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| StartupError::Open {
            url: redacted(url),
            reason: match e {
                // sqlx keeps trying until its time is up; the plain fact is that nobody answered.
                sqlx::Error::PoolTimedOut => "no answer from the server within 10 seconds".into(),
                other => plain_reason(&other),
            },
        })
}

/// Applies the migrations. sqlx takes an advisory lock while it does, so two app servers
/// starting together migrate once.
pub async fn migrate(db: &Pool) -> Result<(), StartupError> {
    MIGRATIONS
        .run(db)
        .await
        .map_err(|e| StartupError::Migrate(e.to_string()))
}

/// Compares the migrations the database records as applied with the ones embedded here.
pub async fn schema_state(db: &Pool) -> Result<SchemaState, StartupError> {
    let unreadable = |e: sqlx::Error| StartupError::Unreadable(plain_reason(&e));
    let tracked: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(db)
        .await
        .map_err(unreadable)?;
    if !tracked {
        return Ok(SchemaState::Foreign);
    }
    let applied: BTreeSet<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(db)
            .await
            .map_err(unreadable)?
            .into_iter()
            .collect();
    Ok(SchemaState::compare(&applied, &MIGRATIONS))
}

/// The address without its password, for messages that end up in logs.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
