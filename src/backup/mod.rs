//! Nothing lost: `turnaround backup FILE` copies the live database while the server runs, and
//! `turnaround restore FILE` puts such a copy back while it is stopped. Both find the database
//! the way the server does (`DATABASE_URL`), print one line saying what they did, and refuse in
//! one sentence on standard error. Exit status: 0 done, 1 refused or failed, 2 usage.

mod error;
mod examine;
mod files;
pub mod lock;
mod make;
mod restore;

use std::path::PathBuf;
use std::process::ExitCode;

pub use error::BackupError;

use crate::data;
use crate::server::config;

const BACKUP_USAGE: &str = "\
Usage: turnaround backup FILE

Copies the live database (DATABASE_URL, as the server reads it) to FILE, a new file, while the
server keeps running. The copy is consistent, checked, and complete whenever FILE exists.";

const RESTORE_USAGE: &str = "\
Usage: turnaround restore FILE

Puts the backup FILE back as the live database (DATABASE_URL), with the server stopped. The
database it replaces is kept beside it as <database>.before-restore-<time>. Start the server
afterwards: it brings a backup from an older release up to date.";

/// `turnaround backup …` with the words after `backup`.
pub async fn backup_command(args: &[String]) -> ExitCode {
    let outcome = async {
        let target = one_file(args, BACKUP_USAGE)?;
        make::backup(&live_database()?, &target).await
    }
    .await;
    finish("backup", outcome, |made| {
        format!(
            "Backed up {} to {}: {}, {}.",
            made.database.display(),
            made.backup.display(),
            files::size_in_words(made.bytes),
            made.contents
        )
    })
}

/// `turnaround restore …` with the words after `restore`.
pub async fn restore_command(args: &[String]) -> ExitCode {
    let outcome = async {
        let backup = one_file(args, RESTORE_USAGE)?;
        restore::restore(&live_database()?, &backup).await
    }
    .await;
    finish("restore", outcome, |restored| {
        let before = match &restored.kept {
            Some(kept) => format!("the database it replaced is kept as {}", kept.display()),
            None => "there was no database there before".into(),
        };
        format!(
            "Restored {} ({}); {before}. Start the server to bring it up to date and serve it.",
            restored.database.display(),
            restored.contents
        )
    })
}

/// The one file name the command takes; `--help` and anything else are the usage.
fn one_file(args: &[String], usage: &str) -> Result<PathBuf, BackupError> {
    match args {
        [file] if !file.starts_with('-') => Ok(PathBuf::from(file)),
        _ => Err(BackupError::Usage(usage.to_owned())),
    }
}

/// The database file the server uses, from `DATABASE_URL` read by the server's own code.
fn live_database() -> Result<PathBuf, BackupError> {
    let url = config::database_url();
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Err(BackupError::OnPostgres);
    }
    data::database_file(&url)?.ok_or(BackupError::InMemory(url))
}

/// Prints the success line, or the refusal on standard error, and gives the exit status.
fn finish<T>(
    command: &str,
    outcome: Result<T, BackupError>,
    done: impl Fn(&T) -> String,
) -> ExitCode {
    match outcome {
        Ok(value) => {
            println!("{}", done(&value));
            ExitCode::SUCCESS
        }
        Err(BackupError::Usage(usage)) => {
            eprintln!("{usage}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("turnaround {command}: {error}.");
            ExitCode::from(error.exit_status())
        }
    }
}
