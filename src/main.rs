//! The TurnAround server. All of it lives in the library; see `server::run`.
//!
//! `turnaround` serves the app; `turnaround demo-code` prints the demo coordinator's current
//! two-step code (the demo secret is public; real accounts have their own).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => turnaround::server::run().await,
        Some("demo-code") => turnaround::server::print_demo_code(),
        Some("server-functions") => turnaround::server::print_server_functions(),
        Some(other) => {
            eprintln!("turnaround: unknown command “{other}”. Run `turnaround` to serve the app, or `turnaround demo-code`.");
            ExitCode::from(2)
        }
    }
}
