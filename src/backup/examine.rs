//! What a database file holds, and whether this release may put it back: a SQLite file, a
//! TurnAround database, a schema no newer than this binary's, and sound throughout.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use sqlx::{Connection, SqliteConnection};

use super::error::BackupError;
use crate::data::{self, maintenance};

/// Every SQLite database file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a sound copy holds, for the one line each command prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// The latest migration applied (its version is its date and number, e.g. 20261201000002).
    pub schema: i64,
    pub tables: usize,
    pub rows: i64,
}

impl std::fmt::Display for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "schema {}, {} rows in {} tables",
            self.schema, self.rows, self.tables
        )
    }
}

/// Refuses at once what is not a SQLite file at all, before anything is copied.
pub fn require_sqlite_file(path: &Path) -> Result<(), BackupError> {
    let mut header = [0_u8; 16];
    let mut file =
        std::fs::File::open(path).map_err(|e| BackupError::io("read the backup", path, e))?;
    let read = file
        .read(&mut header)
        .map_err(|e| BackupError::io("read the backup", path, e))?;
    if read < header.len() || &header != SQLITE_HEADER {
        return Err(BackupError::NotSqlite(path.to_owned()));
    }
    Ok(())
}

/// The checks `restore` makes on its own copy of a backup (`copy`; sentences name `shown_as`,
/// the file the operator gave): a TurnAround database whose every migration this release knows
/// by the same checksum, and which passes SQLite's integrity check.
pub async fn restorable(copy: &Path, shown_as: &Path) -> Result<Contents, BackupError> {
    let mut conn = maintenance::open_copy(copy)
        .await
        .map_err(|e| BackupError::sqlite("open the backup", shown_as, &e))?;
    let result = check_restorable(&mut conn, shown_as).await;
    let _ = conn.close().await;
    result
}

async fn check_restorable(
    conn: &mut SqliteConnection,
    shown_as: &Path,
) -> Result<Contents, BackupError> {
    let damaged = |e: sqlx::Error| BackupError::Damaged {
        path: shown_as.to_owned(),
        problem: data::database::plain_reason(&e),
    };
    let applied = maintenance::applied_migrations(conn)
        .await
        .map_err(damaged)?
        .ok_or_else(|| BackupError::NotTurnAround(shown_as.to_owned()))?;
    let known: BTreeMap<i64, &[u8]> = data::database::known_migrations()
        .map(|m| (m.version, m.checksum.as_ref()))
        .collect();
    let first_known = known.keys().next().copied();
    let ours = applied.first().map(|m| m.version) == first_known;
    if !ours
        || !maintenance::has_programme_tables(conn)
            .await
            .map_err(damaged)?
    {
        return Err(BackupError::NotTurnAround(shown_as.to_owned()));
    }
    if let Some(newest) = applied
        .iter()
        .rev()
        .find(|m| !known.contains_key(&m.version))
    {
        return Err(BackupError::NewerSchema {
            version: newest.version,
        });
    }
    if let Some(changed) = applied
        .iter()
        .find(|m| known.get(&m.version) != Some(&m.checksum.as_slice()))
    {
        return Err(BackupError::DifferentSchema {
            version: changed.version,
        });
    }
    intact(conn, shown_as).await?;
    let schema = applied.last().map_or(0, |m| m.version);
    contents(conn, schema, shown_as).await
}

/// SQLite's integrity check, as a refusal naming its first complaint.
pub async fn intact(conn: &mut SqliteConnection, shown_as: &Path) -> Result<(), BackupError> {
    let problem = maintenance::integrity_problem(conn)
        .await
        .unwrap_or_else(|e| Some(data::database::plain_reason(&e)));
    match problem {
        None => Ok(()),
        Some(problem) => Err(BackupError::Damaged {
            path: shown_as.to_owned(),
            problem,
        }),
    }
}

/// The schema version and how much the database holds.
pub async fn contents(
    conn: &mut SqliteConnection,
    schema: i64,
    shown_as: &Path,
) -> Result<Contents, BackupError> {
    let counts = maintenance::row_counts(conn)
        .await
        .map_err(|e| BackupError::sqlite("count the rows of", shown_as, &e))?;
    Ok(Contents {
        schema,
        tables: counts.len(),
        rows: counts.iter().map(|(_, rows)| rows).sum(),
    })
}

/// The latest migration applied to a database (0 if none), for a backup's description.
pub async fn schema_version(
    conn: &mut SqliteConnection,
    shown_as: &Path,
) -> Result<i64, BackupError> {
    let applied = maintenance::applied_migrations(conn)
        .await
        .map_err(|e| BackupError::sqlite("read the schema of", shown_as, &e))?;
    Ok(applied
        .and_then(|applied| applied.last().map(|m| m.version))
        .unwrap_or(0))
}
