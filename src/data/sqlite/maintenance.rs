//! The SQL behind `turnaround backup` and `turnaround restore` (their steps and sentences are in
//! `src/backup/`): a consistent copy of a live database, and what a copy holds. Each command
//! works on one plain connection, not the server's pool: it does one thing and closes it.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{Connection, SqliteConnection};

/// How long a backup waits if SQLite is busy. Reading never waits for the server's writers in
/// WAL mode; only opening (while a crashed server's log is recovered) and the checkpoint when
/// the last connection closes can, and neither takes long.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One connection to an existing database file, never creating one: a backup of a mistyped
/// `DATABASE_URL` must say there is nothing there, not copy an empty database it just made. The
/// journal mode is left as the server set it.
pub async fn open_existing(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(BUSY_TIMEOUT);
    SqliteConnection::connect_with(&options).await
}

/// Opens a copy to read it and nothing else. `immutable` tells SQLite the file cannot change, so
/// it takes no locks and leaves no `-wal` or `-shm` files beside a file about to be renamed.
pub async fn open_copy(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    SqliteConnection::connect_with(&options).await
}

/// Writes a consistent copy of the whole database to `target`, which must not exist yet.
///
/// `VACUUM INTO` rather than the online backup API: it is plain SQL through sqlx (the backup API
/// would need unsafe calls into the C library that sqlx does not wrap); it reads one snapshot in
/// one read transaction, so in WAL mode the server's writers carry on and the copy is the
/// database at one instant (the backup API, copying in steps so as not to hold anyone up, starts
/// again whenever the server writes between steps; in one step it is no better than this); and
/// the copy comes out compacted, in rollback-journal mode, one self-contained file. SQLite does
/// not flush the copy to the disk: the caller does.
pub async fn copy_into(conn: &mut SqliteConnection, target: &str) -> Result<(), sqlx::Error> {
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// `PRAGMA integrity_check`: `None` when the database is sound, else SQLite's first complaint.
pub async fn integrity_problem(conn: &mut SqliteConnection) -> Result<Option<String>, sqlx::Error> {
    let answers: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(10)")
        .fetch_all(&mut *conn)
        .await?;
    Ok(match answers.as_slice() {
        [ok] if ok == "ok" => None,
        [] => Some("no answer".into()),
        [first, ..] => Some(first.clone()),
    })
}

/// One row of sqlx's record of the migrations applied to a database.
#[derive(Debug, Clone)]
pub struct AppliedMigration {
    pub version: i64,
    pub checksum: Vec<u8>,
}

/// The migrations applied to this database, oldest first; `None` when it has no record of
/// migrations at all (then it was never a TurnAround database).
pub async fn applied_migrations(
    conn: &mut SqliteConnection,
) -> Result<Option<Vec<AppliedMigration>>, sqlx::Error> {
    if !has_table(conn, "_sqlx_migrations").await? {
        return Ok(None);
    }
    let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(
        rows.into_iter()
            .map(|(version, checksum)| AppliedMigration { version, checksum })
            .collect(),
    ))
}

/// Does the database hold the tables every TurnAround database has had since the first release?
pub async fn has_programme_tables(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    Ok(has_table(conn, "programme_settings").await? && has_table(conn, "people").await?)
}

async fn has_table(conn: &mut SqliteConnection, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await
}

/// Every table (SQLite's own aside) with its number of rows, by name.
pub async fn row_counts(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        // A name read from the schema itself, quoted as an identifier.
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let rows: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        counts.push((table, rows));
    }
    Ok(counts)
}

/// How long `restore` waits for SQLite's exclusive lock before saying someone else has the
/// database open. Short: the server's lock file has already been checked, so this only meets
/// another program (a `sqlite3` shell, a server of an older release), which will not let go.
const SOLE_USE_WAIT: Duration = Duration::from_secs(1);

/// Makes the database file at `path` complete on its own, so it can be kept without its
/// write-ahead log: takes SQLite's exclusive lock (which fails while any other connection, in any
/// process, has the database open), and leaves WAL mode, which folds every committed transaction
/// in the `-wal` file into the database and deletes the `-wal`. The server puts WAL back when it
/// next opens the file.
pub async fn fold_in_write_ahead_log(path: &Path) -> Result<(), sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(SOLE_USE_WAIT);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    sqlx::query_scalar::<_, String>("PRAGMA journal_mode = DELETE")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await
}

/// Did SQLite refuse because another connection holds a lock (`SQLITE_BUSY`, `SQLITE_LOCKED`
/// and their extended codes), rather than because of the file itself?
pub fn is_busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| matches!(code & 0xff, 5 | 6))
}
