//! `turnaround backup FILE`: a consistent copy of the live database, made while the server runs.

use std::path::{Path, PathBuf};

use sqlx::Connection;

use super::error::BackupError;
use super::examine::{self, Contents};
use super::files::{self, Temporary};
use super::lock;
use crate::data::maintenance;

/// What a finished backup is, for the line the command prints.
#[derive(Debug)]
pub struct Made {
    pub database: PathBuf,
    pub backup: PathBuf,
    pub bytes: u64,
    pub contents: Contents,
}

/// Copies the database at `database` to `target`, which must not exist. The copy is written
/// under a temporary name beside `target`, flushed to the disk, checked with SQLite's integrity
/// check, and only then named `target`: a file with that name is always a complete backup.
pub async fn backup(database: &Path, target: &Path) -> Result<Made, BackupError> {
    if target.exists() {
        return Err(BackupError::TargetExists(target.to_owned()));
    }
    if !database.is_file() {
        return Err(BackupError::NoDatabase(database.to_owned()));
    }
    // Shared with the server: a restore cannot swap the file while it is being copied.
    let _in_use = lock::share(database)
        .map_err(|e| BackupError::io("lock", &lock::lock_file(database), e))?
        .ok_or_else(|| BackupError::RestoreUnderWay(database.to_owned()))?;

    // An absolute name, so SQLite cannot read it as a `file:` address.
    let folder = std::fs::canonicalize(files::folder_of(target))
        .map_err(|e| BackupError::io("write into the folder of", target, e))?;
    let target = folder.join(target.file_name().unwrap_or_default());
    let partial = Temporary::new(files::temporary_beside(&target, "partial"));
    let partial_name = partial.path().to_str().ok_or_else(|| BackupError::Failed {
        doing: "write",
        path: target.clone(),
        reason: "the name is not valid UTF-8".into(),
    })?;

    files::create_private(partial.path()).map_err(|e| BackupError::io("write", &target, e))?;

    let mut live = maintenance::open_existing(database)
        .await
        .map_err(|e| BackupError::sqlite("open the database", database, &e))?;
    let copied = maintenance::copy_into(&mut live, partial_name).await;
    let _ = live.close().await;
    copied.map_err(|e| BackupError::sqlite("back up", database, &e))?;
    files::flush_file(partial.path()).map_err(|e| BackupError::io("write", &target, e))?;

    let contents = describe(partial.path(), &target).await?;
    let bytes = std::fs::metadata(partial.path())
        .map_err(|e| BackupError::io("read", &target, e))?
        .len();
    files::name_without_replacing(partial.path(), &target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::TargetExists(target.clone())
        } else {
            BackupError::io("name the backup", &target, e)
        }
    })?;
    partial.keep();
    files::flush_folder(&folder).map_err(|e| BackupError::io("write", &target, e))?;
    Ok(Made {
        database: database.to_owned(),
        backup: target,
        bytes,
        contents,
    })
}

/// Reads the copy back: sound throughout, and what it holds.
async fn describe(copy: &Path, shown_as: &Path) -> Result<Contents, BackupError> {
    let mut conn = maintenance::open_copy(copy)
        .await
        .map_err(|e| BackupError::sqlite("read back", shown_as, &e))?;
    let result = async {
        examine::intact(&mut conn, shown_as).await?;
        let schema = examine::schema_version(&mut conn, shown_as).await?;
        examine::contents(&mut conn, schema, shown_as).await
    }
    .await;
    let _ = conn.close().await;
    result
}
