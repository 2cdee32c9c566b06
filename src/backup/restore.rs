//! `turnaround restore FILE`: puts a backup back as the live database, with the server stopped.
//! Start-up then brings a backup from an older release up to date, as it does any database.

use std::path::{Path, PathBuf};

use super::error::BackupError;
use super::examine::{self, Contents};
use super::files::{self, with_suffix, Temporary};
use super::lock;
use crate::data::maintenance;

/// The files SQLite may keep beside a database, which belong with it.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// What a restore did, for the line the command prints.
#[derive(Debug)]
pub struct Restored {
    pub database: PathBuf,
    /// Where the database it replaced was kept, if there was one.
    pub kept: Option<PathBuf>,
    pub contents: Contents,
}

/// Replaces the database at `database` with the backup `backup`.
///
/// In order: the backup must be a SQLite file and not a live database; nobody may be using the
/// database (the lock file, then SQLite's own exclusive lock); the backup is copied beside the
/// database under a temporary name and that copy is checked (a TurnAround database, no newer
/// than this release, sound); the current database is folded into one file and kept as
/// `<database>.before-restore-<time>`; then the copy is renamed into place. At every moment the
/// database's name holds either the old database or the new one, whole.
pub async fn restore(database: &Path, backup: &Path) -> Result<Restored, BackupError> {
    examine::require_sqlite_file(backup)?;
    // Transactions still in a log beside the file are part of it; a copy read without them
    // would be an older database than the operator thinks.
    for side in ["-wal", "-journal"] {
        let side_file = with_suffix(backup, side);
        if std::fs::metadata(&side_file).is_ok_and(|m| m.len() > 0) {
            return Err(BackupError::LiveDatabase {
                path: backup.to_owned(),
                side_file,
            });
        }
    }
    std::fs::canonicalize(files::folder_of(database))
        .map_err(|e| BackupError::io("restore into the folder of", database, e))?;
    let _alone = lock::take_alone(database)
        .map_err(|e| BackupError::io("lock", &lock::lock_file(database), e))?
        .ok_or_else(|| BackupError::ServerRunning(database.to_owned()))?;

    let copy = Temporary::new(files::temporary_beside(database, "restoring"));
    std::fs::copy(backup, copy.path())
        .map_err(|e| BackupError::io("copy the backup beside", database, e))?;
    files::flush_file(copy.path())
        .map_err(|e| BackupError::io("copy the backup beside", database, e))?;
    let contents = examine::restorable(copy.path(), backup).await?;

    let kept = if database.exists() {
        Some(keep_current(database).await?)
    } else {
        None
    };
    std::fs::rename(copy.path(), database)
        .map_err(|e| BackupError::io("put the backup in place as", database, e))?;
    copy.keep();
    files::flush_folder(files::folder_of(database))
        .map_err(|e| BackupError::io("write", database, e))?;
    Ok(Restored {
        database: database.to_owned(),
        kept,
        contents,
    })
}

/// Keeps the current database as `<database>.before-restore-<time>` and clears its side files.
///
/// When SQLite can fold the write-ahead log into the file (which needs every other connection
/// closed, so it also proves nobody has the file open), the `-wal` is gone and a leftover `-shm`
/// is only an index of it, safe to delete. When it cannot, because the database is damaged (the
/// usual reason to restore), nothing is deleted: the side files move with the kept file, named
/// to match, so SQLite still finds its log beside it.
async fn keep_current(database: &Path) -> Result<PathBuf, BackupError> {
    let folded = match maintenance::fold_in_write_ahead_log(database).await {
        Ok(()) => true,
        Err(e) if maintenance::is_busy(&e) => {
            return Err(BackupError::OpenElsewhere(database.to_owned()))
        }
        Err(_) => false,
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let kept = with_suffix(database, &format!(".before-restore-{stamp}"));
    // A link, not a move: the database's name never stands empty, even if this stops half-way.
    files::second_name(database, &kept)
        .map_err(|e| BackupError::io("keep the current database as", &kept, e))?;
    for side in SIDE_FILES {
        let path = with_suffix(database, side);
        if !path.exists() {
            continue;
        }
        let result = if folded && side != "-journal" {
            std::fs::remove_file(&path)
        } else {
            std::fs::rename(&path, with_suffix(&kept, side))
        };
        result.map_err(|e| BackupError::io("move aside", &path, e))?;
    }
    Ok(kept)
}
