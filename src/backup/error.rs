//! Why a backup or a restore did not happen, each as one sentence for the operator.
//!
//! Not `AppError`: that type is for people using the app and deliberately hides paths and the
//! database's own words, which are exactly what someone at the server's terminal needs (the
//! server's start-up errors are a type of their own for the same reason).

use std::io;
use std::path::{Path, PathBuf};

use crate::data::StartupError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Wrong arguments: the command line is printed with the usage (exit status 2).
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    DatabaseUrl(#[from] StartupError),
    #[error("DATABASE_URL “{0}” is an in-memory database; there is no file to back up or restore")]
    InMemory(String),
    #[error("DATABASE_URL names a PostgreSQL database: back it up with pg_dump and restore it with pg_restore (see the README)")]
    OnPostgres,
    #[error("there is no database at {} (from DATABASE_URL); nothing to back up", .0.display())]
    NoDatabase(PathBuf),
    #[error("{} already exists; a backup never replaces a file, so choose a new name", .0.display())]
    TargetExists(PathBuf),
    #[error("a restore is replacing {} right now; try again when it has finished", .0.display())]
    RestoreUnderWay(PathBuf),
    #[error(
        "TurnAround is running on {} (or a backup of it is being made); stop the server first \
         (e.g. systemctl stop turnaround), then restore",
        .0.display()
    )]
    ServerRunning(PathBuf),
    #[error(
        "another program has {} open (a sqlite3 shell, or a TurnAround server of an older \
         release); close it, then restore",
        .0.display()
    )]
    OpenElsewhere(PathBuf),
    #[error("{} is not a SQLite database", .0.display())]
    NotSqlite(PathBuf),
    #[error("{} is a SQLite database but not a TurnAround one (it has no TurnAround migrations or tables)", .0.display())]
    NotTurnAround(PathBuf),
    #[error("this backup is from a newer release (schema {version}); install that release or newer to restore it")]
    NewerSchema { version: i64 },
    #[error(
        "this backup's schema step {version} differs from the same step in this release (was a \
         migration file edited?); this release cannot bring it up to date"
    )]
    DifferentSchema { version: i64 },
    #[error("{} is damaged: SQLite's integrity check says “{problem}”; use another backup", path.display())]
    Damaged { path: PathBuf, problem: String },
    #[error(
        "{} has a log of writes not yet in the file beside it ({}): it is a live database, not a \
         backup; run `turnaround backup` on it and restore that copy",
        path.display(), side_file.display()
    )]
    LiveDatabase { path: PathBuf, side_file: PathBuf },
    #[error("cannot {doing} {}: {reason}", path.display())]
    Failed {
        doing: &'static str,
        path: PathBuf,
        reason: String,
    },
}

impl BackupError {
    /// A file-system step that failed, with the system's words.
    pub fn io(doing: &'static str, path: &Path, error: io::Error) -> Self {
        Self::Failed {
            doing,
            path: path.to_owned(),
            reason: error.to_string(),
        }
    }

    /// A database step that failed, with SQLite's words.
    pub fn sqlite(doing: &'static str, path: &Path, error: &sqlx::Error) -> Self {
        Self::Failed {
            doing,
            path: path.to_owned(),
            reason: crate::data::database::plain_reason(error),
        }
    }

    /// 2 for a command line that was not understood, 1 for anything refused or failed.
    pub fn exit_status(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
}
