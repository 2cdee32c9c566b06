//! Which database the program talks to, chosen by `DATABASE_URL` at start-up, and what start-up
//! says when it cannot use it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sqlx::migrate::Migrator;

use super::{postgres, sqlite};
use crate::error::AppError;

/// The database every storage function takes: the embedded SQLite file, or a PostgreSQL server.
/// Cloning it clones the pool's handle, not the connections.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(sqlite::Pool),
    Postgres(postgres::Pool),
}

impl Db {
    /// "SQLite" or "PostgreSQL", for start-up messages and benchmark tables.
    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    /// Closes every connection, waiting for those in use to come back.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Why the server (or a command) could not use its database. Printed as one line, then the
/// program stops.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "DATABASE_URL “{url}” is not a database address ({reason}); use e.g. sqlite://turnaround.db or postgres://user@host/turnaround"
    )]
    BadUrl { url: String, reason: String },
    #[error("cannot open the database “{url}”: {reason}. Check that DATABASE_URL points at a folder this user may write to, or at a PostgreSQL server that accepts this user")]
    Open { url: String, reason: String },
    #[error("the database could not be brought up to date (migration failed: {0}); nothing was changed by the failed step")]
    Migrate(String),
    #[error("cannot read the database: {0}")]
    Unreadable(String),
}

/// Opens the database `url` names: `sqlite:…` (created if missing) or `postgres://…` (the
/// database must exist; its tables are made by [`migrate`]).
pub async fn open(url: &str) -> Result<Db, StartupError> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        postgres::database::open(url).await.map(Db::Postgres)
    } else {
        sqlite::database::open(url).await.map(Db::Sqlite)
    }
}

/// Applies the migrations this binary carries for the database's engine (`migrations/sqlite/`
/// or `migrations/postgres/`, embedded in the binary). Each runs in a transaction.
pub async fn migrate(db: &Db) -> Result<(), StartupError> {
    match db {
        Db::Sqlite(pool) => sqlite::database::migrate(pool).await,
        Db::Postgres(pool) => postgres::database::migrate(pool).await,
    }
}

/// The SQLite file a `DATABASE_URL` names (relative to the working directory, as the server
/// reads it), or `None` for an in-memory database or a PostgreSQL server: nothing to lock, back
/// up or restore as a file (PostgreSQL's own tools, `pg_dump`, do that).
pub fn database_file(url: &str) -> Result<Option<PathBuf>, StartupError> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Ok(None);
    }
    sqlite::database::database_file(url)
}

/// Opens an existing SQLite file for reading only (see [`sqlite::database::open_read_only`]).
pub fn open_read_only(path: &Path) -> Db {
    Db::Sqlite(sqlite::database::open_read_only(path))
}

/// How a database's schema stands against the migrations this binary carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// Every migration this binary carries is applied, and nothing else.
    Current,
    /// Some of this binary's migrations are not applied yet: an older TurnAround made it.
    Behind,
    /// It records migrations this binary does not know: a newer TurnAround made it.
    Ahead,
    /// Not a TurnAround database: not a database at all, or none of our migrations applied.
    Foreign,
}

impl SchemaState {
    /// The state of a database that records `applied` migrations, against `ours`.
    pub(crate) fn compare(applied: &BTreeSet<i64>, ours: &Migrator) -> Self {
        let ours: BTreeSet<i64> = ours.iter().map(|m| m.version).collect();
        if applied.is_disjoint(&ours) {
            SchemaState::Foreign
        } else if !applied.is_subset(&ours) {
            SchemaState::Ahead
        } else if *applied != ours {
            SchemaState::Behind
        } else {
            SchemaState::Current
        }
    }
}

/// Compares the migrations the database records as applied with the ones embedded here.
pub async fn schema_state(db: &Db) -> Result<SchemaState, StartupError> {
    match db {
        Db::Sqlite(pool) => sqlite::database::schema_state(pool).await,
        Db::Postgres(pool) => postgres::database::schema_state(pool).await,
    }
}

/// For `/healthz`: can we read the database right now?
pub async fn ping(db: &Db) -> Result<(), AppError> {
    dispatch!(db, settings::ping())
}

/// The SQLite migrations this binary carries, oldest first. `restore` refuses a backup that has
/// one these do not (it comes from a newer release, and start-up would refuse it anyway).
pub fn known_migrations() -> impl Iterator<Item = &'static sqlx::migrate::Migration> {
    sqlite::database::known_migrations()
}

/// The database's own message without sqlx's "error returned from database:" wrapper.
pub(crate) fn plain_reason(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    /// Every transaction in the shared SQL begins through its backend's `dialect`, which knows
    /// how a write transaction must begin there (see `sqlite::dialect::begin_write`).
    #[test]
    fn every_transaction_in_the_shared_sql_begins_through_the_dialect() {
        // Spelt in pieces so this file does not find itself.
        let needles = [concat!(".begin", "("), concat!(".begin", "_with(")];
        let sql = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/sql");
        let mut direct = Vec::new();
        for entry in std::fs::read_dir(&sql).expect("src/data/sql is readable") {
            let path = entry.expect("a directory entry").path();
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            for (number, line) in text.lines().enumerate() {
                if needles.iter().any(|needle| line.contains(needle)) {
                    direct.push(format!("{}:{}", path.display(), number + 1));
                }
            }
        }
        assert!(
            direct.is_empty(),
            "use super::dialect::begin_write or begin_read at {direct:?}"
        );
    }
}
