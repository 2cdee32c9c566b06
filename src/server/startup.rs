//! Start-up and shutdown. Anything that stops the server says why in one line on stderr.

use std::process::ExitCode;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::config::Config;
use super::refusal_tally::{self, RefusalTally};
use super::request_log;
use super::state::AppState;
use super::{anonymous, auth, client_address, clock, error_status, form_refusals, health};
use super::{security, sessions};
use crate::app::{shell, App};
use crate::backup::lock::DatabaseLock;
use crate::data;
use crate::demo::{DemoOutcome, DEMO_PASSWORD};

/// Runs the server until Ctrl-C or SIGTERM. Returns a failure code, after one line saying what
/// is wrong, when it cannot start.
pub async fn run() -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(&e.to_string()),
    };
    init_tracing(&config.log_filter);
    match serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("turnaround: cannot start: {message}");
    ExitCode::FAILURE
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal, not escape codes in a service's log file.
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(terminal)
        .init();
}

async fn serve(config: Config) -> Result<(), String> {
    // Held until the server stops, before the database is opened: `turnaround restore` will not
    // swap the file under it, and it cannot start half-way through a restore.
    let _in_use = hold_database(&config.database_url)?;
    let db = data::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    data::migrate(&db).await.map_err(|e| e.to_string())?;
    tracing::info!(database = %config.database_url, "database ready");

    if config.load_demo_data {
        load_demo_data(&db).await?;
    }
    if config.secure_cookies {
        refuse_demo_database(&db).await?;
    }

    let address = config.leptos.site_addr;
    let sign_in_layer = sessions::layer(&db, config.secure_cookies, config.idle_timeout_seconds)
        .await
        .map_err(|e| format!("cannot prepare the session store: {e}"))?;
    let refusals = Arc::new(RefusalTally::default());
    refusal_tally::spawn_flusher(refusals.clone(), db.clone());
    crate::retention::daily::spawn(db.clone());
    let state = AppState {
        leptos_options: config.leptos,
        db: db.clone(),
        public_url: config.public_url.clone(),
        refusals: refusals.clone(),
        wellbeing: Arc::new(config.wellbeing.clone()),
        referral_forms: Arc::new(anonymous::AnonymousLimit::per_hour(
            crate::referrals::use_cases::FORMS_PER_ADDRESS_PER_HOUR,
        )),
    };
    let door = anonymous::Door {
        limit: Arc::new(anonymous::AnonymousLimit::new(config.anonymous_per_minute)),
        refusals: refusals.clone(),
    };
    // Calendar apps send no cookies: their feeds are answered before the sign-in layer.
    let feeds = std::sync::Arc::new(crate::calendar_feed::serve::FeedConfig {
        db: db.clone(),
        days_ahead: config.calendar_days_ahead,
    });
    let security = std::sync::Arc::new(security::SecurityConfig {
        origin: config.public_url.clone(),
        https: config.secure_cookies,
    });
    // The bundle, icons and service worker are served before the sign-in layer: a stylesheet
    // must never wait on (or fail with) the session store, which is a database read.
    let statics = static_files(&state.leptos_options);
    let pages =
        router(state, door)
            .layer(sign_in_layer)
            .layer(axum::middleware::from_fn_with_state(
                feeds,
                crate::calendar_feed::serve::calendar_feeds,
            ));
    let app = statics
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(
            security,
            security::protect,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(config.trusted_proxies),
            client_address::identify,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_log::span_for)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        );

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let stop = shutdown_signal();
    println!("TurnAround is running at http://{address}  (Ctrl-C to stop)");
    // Connection info gives the sign-in back-off and the audit log the caller's address.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| format!("the server stopped unexpectedly: {e}"))?;

    // The last minute's anonymous refusals, then let in-flight writes finish and checkpoint
    // the WAL before the process goes.
    refusals
        .flush(&db, chrono::Utc::now().timestamp(), true)
        .await;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Takes the database's lock file shared (see [`crate::backup::lock`]). An in-memory database
/// has no file and needs none.
fn hold_database(url: &str) -> Result<Option<DatabaseLock>, String> {
    let Some(path) = data::database_file(url).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    match crate::backup::lock::share(&path) {
        Ok(Some(lock)) => Ok(Some(lock)),
        Ok(None) => Err(format!(
            "a restore is replacing the database {} right now; start the server again when it has finished",
            path.display()
        )),
        Err(e) => Err(data::StartupError::Open {
            url: url.to_owned(),
            reason: format!(
                "cannot create its lock file {}: {e}",
                crate::backup::lock::lock_file(&path).display()
            ),
        }
        .to_string()),
    }
}

async fn load_demo_data(db: &data::Db) -> Result<(), String> {
    let settings = data::settings::programme_settings(db)
        .await
        .map_err(|e| format!("cannot read the programme settings: {e}"))?;
    let today = clock::today_in(&settings.time_zone)
        .map_err(|_| format!("unknown time zone “{}”", settings.time_zone))?;
    let password_hash = auth::passwords::hash_new(DEMO_PASSWORD.into(), vec![])
        .await
        .map_err(|e| format!("cannot prepare the demo accounts: {e}"))?;
    match crate::demo::load_if_empty(db, today, &password_hash).await {
        Ok(DemoOutcome::Loaded { people, sessions }) => {
            println!("Loaded the demo programme: {people} fictional people, {sessions} sessions.");
        }
        Ok(DemoOutcome::SkippedNotEmpty) => {
            tracing::info!("database already holds a programme; demo data not loaded");
        }
        Err(e) => return Err(format!("cannot load the demo data: {e}")),
    }
    let is_demo = data::settings::programme_settings(db)
        .await
        .is_ok_and(|settings| settings.is_demo);
    if is_demo {
        print_demo_sign_ins(db).await;
    }
    Ok(())
}

/// A demo database's passwords and two-step secret are printed for anyone: never behind a
/// real (https) address, even when it was loaded earlier without the flag.
async fn refuse_demo_database(db: &data::Db) -> Result<(), String> {
    let settings = data::settings::programme_settings(db)
        .await
        .map_err(|e| format!("cannot read the programme settings: {e}"))?;
    if settings.is_demo {
        return Err(
            "this database holds the demo programme, whose passwords are public, so it \
             cannot be served at an https:// TURNAROUND_PUBLIC_URL. Point DATABASE_URL at a real \
             programme's database"
                .into(),
        );
    }
    Ok(())
}

/// Only ever for a demo database: its accounts are fictional and their password is public.
async fn print_demo_sign_ins(db: &data::Db) {
    let Ok(names) = data::demo::sign_in_names(db).await else {
        return;
    };
    println!("Demo sign-ins (password for all: “{DEMO_PASSWORD}”):");
    for (role, name) in names {
        println!("  {:<12} {name}", role.label());
    }
    println!(
        "  The coordinator and team leader also need a two-step code: run `target/release/turnaround demo-code`."
    );
}

/// The whole HTTP surface: health check, pages, server functions, static files.
///
/// Inside out: server-function errors get their status ([`error_status`]); a refusal in a page's
/// address shows only to whoever it was sent to ([`form_refusals`]); callers who are not
/// signed in meet the door ([`anonymous`]); a panic becomes a plain 500 with the detail logged,
/// never a dropped connection; bodies over 1 MiB are refused (413) before anything reads them
/// (a receipt photo's route allows 8 MB).
pub fn router(state: AppState, door: anonymous::Door) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::<AppState>::new()
        .route("/healthz", get(health::healthz))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // An expense's receipt photo is bigger than any form: its route sets its own limit.
        .merge(crate::claims::routes::routes())
        .merge(crate::subject_access::routes::routes())
        .merge(crate::reports::routes::routes())
        .merge(crate::case_meetings::routes::routes())
        .layer(axum::middleware::from_fn(error_status::error_status))
        .layer(axum::middleware::from_fn(form_refusals::only_those_sent))
        .layer(axum::middleware::from_fn_with_state(
            door,
            anonymous::anonymous_door,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// No form or server-function call of ours comes near this.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A panic is a bug: the detail goes to the log (the fuzz test looks for it), the person gets
/// the same sentence as any failure of ours.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %message, "a request panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        crate::error::AppError::Internal.to_string(),
    )
        .into_response()
}

/// The build's public files, compressed, no sign-in: `/pkg/*` (wasm, JS, CSS), the favicon, and
/// what makes the app installable and readable with no signal — the manifest, its icons, the
/// service worker (served from the root so it may look after every page) and its loader.
fn static_files(options: &leptos::config::LeptosOptions) -> Router {
    let root = std::path::Path::new(options.site_root.as_ref());
    let pkg = root.join(options.site_pkg_dir.as_ref());
    super::precompress::remove_stale(&pkg);
    super::precompress::spawn(pkg.clone());
    let file = |name: &str| ServeFile::new(root.join(name));
    Router::new()
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            // The best-compressed copies once they are written; compressed on the fly till then.
            ServeDir::new(pkg).precompressed_br().precompressed_gzip(),
        )
        .nest_service("/icons", ServeDir::new(root.join("icons")))
        .route_service("/favicon.svg", file("favicon.svg"))
        .route_service("/manifest.webmanifest", file("manifest.webmanifest"))
        .route_service("/sw.js", file("sw.js"))
        .route_service("/register-sw.js", file("register-sw.js"))
        .layer(CompressionLayer::new())
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: a SIGTERM that arrives just after the "running" line must still be a
/// clean stop, not the default kill.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            let wait = |listener: std::io::Result<tokio::signal::unix::Signal>,
                        name: &'static str| async move {
                match listener {
                    Ok(mut listener) => {
                        listener.recv().await;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for {name}");
                        std::future::pending::<()>().await;
                    }
                }
            };
            tokio::select! {
                () = wait(interrupt, "Ctrl-C") => {},
                () = wait(terminate, "SIGTERM") => {},
            }
            tracing::info!("shutting down: finishing requests in flight");
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    }
}
