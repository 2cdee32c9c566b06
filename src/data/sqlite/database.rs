//! Opening the embedded SQLite database the way the invariants need it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::Pool;
use crate::data::database::{plain_reason, SchemaState, StartupError};

/// How long a writer waits for another writer before giving up with "busy".
///
/// SQLite waits only where it can: a statement or `BEGIN IMMEDIATE` that needs the write lock
/// waits up to this long, but a deferred transaction that has already read and then writes is
/// refused at once ("database is locked") whatever the timeout, because another writer may
/// have changed what it read. So every transaction in `src/data` that writes begins with
/// `BEGIN IMMEDIATE`, even one whose first statement writes (which would wait today, until
/// someone puts a read before it); the test below keeps it that way. `scripts/soak.sh` checks
/// the result under load.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The migrations in `migrations/`, embedded in the binary: the schema this release knows.
static MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");

/// Opens (creating if missing) the database with WAL, foreign keys and a busy timeout on every
/// connection, then checks it can really be used: a missing folder or a read-only file fails here,
/// at start-up, rather than on somebody's first booking.
pub async fn open(url: &str) -> Result<Pool, StartupError> {
    let options = connect_options(url)?
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
pub async fn migrate(db: &Pool) -> Result<(), StartupError> {
    MIGRATIONS
        .run(db)
        .await
        .map_err(|e| StartupError::Migrate(e.to_string()))
}

/// The migrations this binary carries, oldest first. `restore` refuses a backup that has one
/// these do not (it comes from a newer release, and start-up would refuse it anyway).
pub fn known_migrations() -> impl Iterator<Item = &'static Migration> {
    MIGRATIONS.iter()
}

/// The file a `DATABASE_URL` names (relative to the working directory, as the server reads it),
/// or `None` for an in-memory database, which has no file to lock, back up or restore.
pub fn database_file(url: &str) -> Result<Option<PathBuf>, StartupError> {
    let options = connect_options(url)?;
    // sqlx keeps whether a database is in memory to itself; the address says it plainly.
    let address = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (name, query) = address.split_once('?').unwrap_or((address, ""));
    if name == ":memory:" || query.split('&').any(|pair| pair == "mode=memory") {
        return Ok(None);
    }
    Ok(Some(options.get_filename().to_path_buf()))
}

/// A `DATABASE_URL` read as SQLite connection options, refused in one sentence when it is not
/// a SQLite address.
fn connect_options(url: &str) -> Result<SqliteConnectOptions, StartupError> {
    // sqlx reads any other text as a file name, so `postgres://…` would quietly become a file.
    if !url.starts_with("sqlite:") {
        return Err(StartupError::BadUrl {
            url: url.to_owned(),
            reason: "it does not start with sqlite:".into(),
        });
    }
    SqliteConnectOptions::from_str(url).map_err(|e| StartupError::BadUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })
}

/// Opens an existing database file for reading only: nothing is created, migrated or written,
/// so a backup can be checked as it is (`turnaround check`), also while a server writes to it.
/// The file is first read by [`schema_state`], which says what is wrong with it, if anything.
///
/// `query_only` refuses every write. The connection itself is not opened read-only: SQLite
/// would then leave the WAL's two side files behind it, beside a backup that had none.
pub fn open_read_only(path: &Path) -> Pool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .pragma("query_only", "ON")
        .busy_timeout(BUSY_TIMEOUT);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_lazy_with(options)
}

/// Compares the migrations the database records as applied with the ones embedded here.
pub async fn schema_state(db: &Pool) -> Result<SchemaState, StartupError> {
    let unreadable = |e: sqlx::Error| StartupError::Unreadable(plain_reason(&e));
    // SQLite reads the file's header only on the first query: this is where a file that is
    // not a database at all shows (SQLITE_NOTADB).
    let tracked: Result<bool, sqlx::Error> = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master
                        WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(db)
    .await;
    let tracked = match tracked {
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("26") => {
            return Ok(SchemaState::Foreign)
        }
        other => other.map_err(unreadable)?,
    };
    if !tracked {
        return Ok(SchemaState::Foreign);
    }
    let applied: BTreeSet<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(db)
            .await
            .map_err(unreadable)?
            .into_iter()
            .collect();
    Ok(SchemaState::compare(&applied, &MIGRATIONS))
}
