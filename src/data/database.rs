//! Opening the embedded SQLite database the way the invariants need it.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::AppError;

/// The connection pool every data function takes.
pub type Db = SqlitePool;

/// Why the server could not start on its database. Printed as one line, then the server stops.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "DATABASE_URL “{url}” is not a SQLite address ({reason}); use e.g. sqlite://turnaround.db"
    )]
    BadUrl { url: String, reason: String },
    #[error("cannot open the database “{url}”: {reason}. Check that DATABASE_URL points at a folder this user may write to")]
    Open { url: String, reason: String },
    #[error("the database could not be brought up to date (migration failed: {0}); nothing was changed by the failed step")]
    Migrate(String),
}

/// How long a writer waits for another writer before giving up with "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (creating if missing) the database with WAL, foreign keys and a busy timeout on every
/// connection, then checks it can really be used: a missing folder or a read-only file fails here,
/// at start-up, rather than on somebody's first booking.
pub async fn open(url: &str) -> Result<Db, StartupError> {
    // sqlx reads any other text as a file name, so `postgres://…` would quietly become a file.
    if !url.starts_with("sqlite:") {
        return Err(StartupError::BadUrl {
            url: url.to_owned(),
            reason: "it does not start with sqlite:".into(),
        });
    }
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StartupError::BadUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable in WAL mode except on power loss mid-checkpoint; the usual choice.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    let open_error = |e: sqlx::Error| StartupError::Open {
        url: url.to_owned(),
        reason: plain_reason(&e),
    };
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(open_error)?;
    // A read-only file opens fine and only fails on the first write: find out now, by writing the
    // header's user_version back unchanged (sqlx's migrations do not use it).
    let version: i64 = sqlx::query_scalar("PRAGMA user_version")
        .fetch_one(&db)
        .await
        .map_err(open_error)?;
    sqlx::query(&format!("PRAGMA user_version = {version}"))
        .execute(&db)
        .await
        .map_err(open_error)?;
    Ok(db)
}

/// Applies the migrations in `migrations/` (embedded in the binary). Each runs in a transaction.
pub async fn migrate(db: &Db) -> Result<(), StartupError> {
    sqlx::migrate!()
        .run(db)
        .await
        .map_err(|e| StartupError::Migrate(e.to_string()))
}

/// For `/healthz`: can we read the database right now?
pub async fn ping(db: &Db) -> Result<(), AppError> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM programme_settings")
        .fetch_one(db)
        .await?;
    Ok(())
}

/// The database's own message without sqlx's "error returned from database:" wrapper.
fn plain_reason(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}
