//! The HTTP server: configuration, shared state, start-up and shutdown. Server builds only.

mod anonymous;
pub mod auth;
pub mod check_command;
pub mod client_address;
pub mod clock;
pub mod config;
mod error_status;
mod form_refusals;
mod health;
pub mod plain_route;
mod precompress;
pub mod qr;
pub mod refusal_tally;
pub mod request_log;
pub mod script_urls;
pub mod security;
pub mod sessions;
mod startup;
pub mod state;
pub mod waiting_refusal;

pub use startup::run;

/// Sends a plain HTML form (a browser without JavaScript) on to `path` after a server function
/// succeeds. Calls from the running app get the answer instead and navigate themselves.
pub fn redirect_plain_form(path: &str) {
    if is_plain_form() {
        leptos_axum::redirect(path);
    }
}

/// Was this request sent by a plain HTML form (a browser without JavaScript)? Such requests
/// accept HTML; the app's own server-function calls ask for JSON.
pub fn is_plain_form() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.headers.get(axum::http::header::ACCEPT).cloned())
        .and_then(|accept| accept.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

/// `turnaround demo-code`: the current authenticator code of the demo coordinator and team
/// leader (everyone the policy requires two-step sign-in of).
pub fn print_demo_code() -> std::process::ExitCode {
    let now = chrono::Utc::now().timestamp().unsigned_abs();
    match auth::two_step::current_code(crate::demo::DEMO_TOTP_SECRET, now) {
        Some(code) => {
            println!(
                "{code}  (the demo coordinator's and team leader's two-step code; it changes \
                 every 30 seconds and works once)"
            );
            std::process::ExitCode::SUCCESS
        }
        None => std::process::ExitCode::FAILURE,
    }
}

/// `turnaround server-functions`: every server-function path this binary answers, one per line
/// (the access-matrix test checks each has an entry).
pub fn print_server_functions() -> std::process::ExitCode {
    let mut paths: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    paths.sort();
    for path in paths {
        println!("{path}");
    }
    std::process::ExitCode::SUCCESS
}
