//! The TurnAround server. All of it lives in the library; see `server::run`.
//!
//! `turnaround` serves the app; `turnaround demo-code` prints the demo coordinator's current
//! two-step code (the demo secret is public; real accounts have their own);
//! `turnaround transport solve INSTANCE.json` plans one transport run (see docs/transport/).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        None => turnaround::server::run().await,
        Some("demo-code") => turnaround::server::print_demo_code(),
        Some("server-functions") => turnaround::server::print_server_functions(),
        Some("transport") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            turnaround::transport::command::run(&args)
        }
        Some(other) => {
            eprintln!("turnaround: unknown command “{other}”. Run `turnaround` to serve the app, `turnaround demo-code`, or `turnaround transport solve INSTANCE.json`.");
            ExitCode::from(2)
        }
    }
}
