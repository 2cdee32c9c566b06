//! The real server binary, started the way an operator starts it: it serves the week page from
//! the database, stops cleanly on SIGTERM, keeps every row across restarts, and refuses to start
//! with one clear line when its database is unusable.

use std::path::Path;

use crate::common::app::{command, free_address, start};
use crate::common::url_for;

async fn people_in(database: &Path) -> i64 {
    let db = turnaround::data::open(&url_for(database)).await.unwrap();
    let people = crate::common::count(&db, "people").await;
    db.close().await;
    people
}

#[tokio::test]
async fn serves_the_week_page_and_keeps_data_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");

    let server = start(&url_for(&database));
    assert!(
        server.banner.contains("Loaded the demo programme"),
        "{}",
        server.banner
    );
    assert!(server
        .banner
        .contains(&format!("http://{}", server.address)));

    let health = server.get("/healthz", None);
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));

    // Nobody signed in: the week page sends them to sign in, its server function refuses.
    let page = server.request_with("GET", "/", "", None, &[("Accept", "text/html")]);
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(page.header("location"), Some("/sign-in"));
    let refused = server.post("/api/week_programme", "", None);
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(refused.body.contains("Unauthorised"), "{}", refused.body);

    let cookie = server.sign_in("priya.tutor@example.org", None);
    let page = server.get("/", Some(&cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>This week"), "{}", page.body);
    assert!(page.body.contains("Demo data."));
    assert!(page.body.contains("places taken"));
    assert!(
        page.body.contains("/pkg/turnaround.") && page.body.contains(".wasm"),
        "hydration script missing"
    );

    let missing = server.get("/no-such-page", Some(&cookie));
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("can’t find that page"));

    // The week switcher's server function answers with the week asked for.
    let week = server.post("/api/week_programme", "week=2026-01-07", Some(&cookie));
    assert_eq!(week.status, 200, "{}", week.body);
    let week: serde_json::Value = serde_json::from_str(&week.body).expect("JSON");
    assert_eq!(week["week"], "2026-01-05");
    let error = server.post("/api/week_programme", "week=1066-10-14", Some(&cookie));
    assert_eq!(error.status, 400, "{}", error.body);
    assert!(
        error.body.contains("between 2000 and 2100"),
        "{}",
        error.body
    );

    assert!(server.terminate().success(), "SIGTERM is a clean stop");
    let people = people_in(&database).await;
    assert!(people > 20);

    // Started again on the same file: every row is still there, nothing loaded twice.
    let server = start(&url_for(&database));
    assert!(!server.banner.contains("Loaded the demo programme"));
    assert!(server.terminate().success());
    assert_eq!(people_in(&database).await, people);

    // A deleted database is recreated, with the demo programme.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    let server = start(&url_for(&database));
    assert!(server.banner.contains("Loaded the demo programme"));
    assert!(server.terminate().success());
    assert_eq!(people_in(&database).await, people);
}

/// Runs the server expecting it to refuse to start; returns its stderr.
fn refused_start(database_url: &str) -> String {
    let output = command(database_url, &free_address())
        .output()
        .expect("run server");
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status {:?}",
        output.status
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {stderr}");
    assert!(
        lines[0].starts_with("turnaround: cannot start: "),
        "{stderr}"
    );
    stderr
}

#[test]
fn an_unwritable_database_path_stops_start_up_with_one_line() {
    let message = refused_start("sqlite:///proc/turnaround.db");
    assert!(message.contains("cannot open the database"), "{message}");
    assert!(message.contains("DATABASE_URL"), "{message}");
}

#[test]
fn a_database_address_that_is_not_sqlite_or_postgres_stops_start_up_with_one_line() {
    let message = refused_start("mysql://localhost/turnaround");
    assert!(message.contains("not a database address"), "{message}");
}

#[tokio::test]
async fn a_failing_migration_stops_start_up_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");
    let db = turnaround::data::open(&url_for(&database)).await.unwrap();
    turnaround::data::migrate(&db).await.unwrap();
    // As if someone edited an applied migration: sqlx refuses to continue.
    run!(
        &db,
        query("UPDATE _sqlx_migrations SET checksum = x'00'").execute
    )
    .unwrap();
    db.close().await;

    let message = refused_start(&url_for(&database));
    assert!(
        message.contains("could not be brought up to date"),
        "{message}"
    );
}
