//! The TurnAround server. All of it lives in the library; see `server::run`.
//!
//! `turnaround` serves the app; `turnaround demo-code` prints the demo coordinator's current
//! two-step code (the demo secret is public; real accounts have their own);
//! `turnaround transport solve INSTANCE.json` plans one transport run (see docs/transport/);
//! `turnaround backup FILE` and `turnaround restore FILE` copy the live database out and back
//! (see `backup`); `turnaround check DATABASE_FILE` checks a database's invariants.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => turnaround::server::run().await,
        Some("demo-code") => turnaround::server::print_demo_code(),
        Some("server-functions") => turnaround::server::print_server_functions(),
        Some("check") => turnaround::server::check_command::run(&rest()).await,
        Some("transport") => turnaround::transport::command::run(&rest()),
        Some("backup") => turnaround::backup::backup_command(&rest()).await,
        Some("restore") => turnaround::backup::restore_command(&rest()).await,
        Some(other) => {
            eprintln!("turnaround: unknown command “{other}”. Run `turnaround` to serve the app, `turnaround demo-code`, `turnaround transport solve INSTANCE.json`, `turnaround backup FILE`, `turnaround restore FILE` or `turnaround check DATABASE_FILE`.");
            ExitCode::from(2)
        }
    }
}

/// The words after the command's name.
fn rest() -> Vec<String> {
    std::env::args().skip(2).collect()
}
