//! The TurnAround server. All of it lives in the library; see `server::run`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    turnaround::server::run().await
}
