//! `turnaround check DATABASE_FILE`: reads a TurnAround database (a live one, or a backup) and
//! says whether every invariant holds. Soak runs and backup drills call it, so its answer is a
//! contract:
//!
//! - exit 0, and `OK: every invariant holds (N sessions, M runs checked)` on standard output;
//! - exit 1, and one sentence per broken invariant on standard output;
//! - exit 2 when it could not check: wrong arguments, no such file, a file that is not a
//!   TurnAround database (or one from another version), an unreadable file — one line on
//!   standard error.
//!
//! The file is opened for reading only: nothing is written through it.

use std::path::Path;
use std::process::ExitCode;

use crate::data::{self, SchemaState};

const USAGE: &str = "\
Usage: turnaround check DATABASE_FILE

Reads the TurnAround database in DATABASE_FILE (writing nothing) and checks the programme's
invariants: places and waitlists, seats on the runs, people kept apart, the planner's rules and
drivers. Prints \"OK: …\" and exits 0 when all hold; prints each broken one and exits 1;
exits 2 when it cannot check.";

/// Runs the command on the arguments after `check`.
pub async fn run(args: &[String]) -> ExitCode {
    match args {
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        [file] if !file.starts_with('-') => check(Path::new(file)).await,
        _ => {
            eprintln!("turnaround check: give exactly one database file.\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn check(path: &Path) -> ExitCode {
    // A failure inside the check is logged with its detail before the one-line answer.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::ERROR)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .try_init();
    let shown = path.display();
    if !path.is_file() {
        return cannot(&format!("there is no database file at “{shown}”."));
    }
    let db = data::open_read_only(path);
    let outcome = match data::schema_state(&db).await {
        Err(error) => Err(format!("“{shown}”: {error}.")),
        Ok(SchemaState::Foreign) => Err(format!("“{shown}” is not a TurnAround database.")),
        Ok(SchemaState::Behind) => Err(format!(
            "“{shown}” was made by an older TurnAround: start this version's server on a copy \
             once (it brings the database up to date), then check the copy."
        )),
        Ok(SchemaState::Ahead) => Err(format!(
            "“{shown}” was made by a newer TurnAround: check it with that version."
        )),
        Ok(SchemaState::Current) => Ok(()),
    };
    if let Err(sentence) = outcome {
        db.close().await;
        return cannot(&sentence);
    }
    let health = async {
        let now = super::clock::programme_now(&db).await?;
        data::invariants::check(&db, now).await
    }
    .await;
    db.close().await;
    match health {
        Err(error) => cannot(&format!("“{shown}” could not be read to the end: {error}")),
        Ok(health) if health.violations.is_empty() => {
            println!(
                "OK: every invariant holds ({} sessions, {} runs checked)",
                health.sessions, health.runs
            );
            ExitCode::SUCCESS
        }
        Ok(health) => {
            for violation in &health.violations {
                println!("{violation}");
            }
            ExitCode::FAILURE
        }
    }
}

/// One line on standard error, exit code 2: the check could not be made.
fn cannot(sentence: &str) -> ExitCode {
    eprintln!("turnaround check: {sentence}");
    ExitCode::from(2)
}
