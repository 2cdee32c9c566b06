//! The real server binary, started the way an operator starts it: it serves the week page from
//! the database, stops cleanly on SIGTERM, keeps every row across restarts, and refuses to start
//! with one clear line when its database is unusable.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::url_for;

const START_TIMEOUT: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    address: String,
    /// Everything the server printed on stdout, up to "running at".
    banner: String,
}

fn free_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    listener.local_addr().unwrap().to_string()
}

fn command(database_url: &str, address: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_turnaround"));
    command
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", address)
        .env("TURNAROUND_DEMO_DATA", "1")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn start(database: &Path) -> Server {
    let address = free_address();
    let mut child = command(&url_for(database), &address)
        .spawn()
        .expect("start server");
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut banner = String::new();
    loop {
        match received.recv_timeout(START_TIMEOUT) {
            Ok(line) => {
                banner.push_str(&line);
                banner.push('\n');
                if line.contains("TurnAround is running at") {
                    break;
                }
            }
            Err(_) => {
                let _ = child.kill();
                let mut stderr = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut stderr)
                    .ok();
                panic!("server did not start; stdout: {banner}; stderr: {stderr}");
            }
        }
    }
    Server {
        child,
        address,
        banner,
    }
}

impl Server {
    /// A plain HTTP/1.0 exchange: the body arrives whole, never chunked.
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("status line");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, "")
    }

    /// Sends SIGTERM, as a service manager does, and waits for the process to end.
    fn terminate(mut self) -> ExitStatus {
        let signalled = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(signalled.success());
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("server still running 30 s after SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

async fn people_in(database: &Path) -> i64 {
    let db = turnaround::data::open(&url_for(database)).await.unwrap();
    let people = common::count(&db, "people").await;
    db.close().await;
    people
}

#[tokio::test]
async fn serves_the_week_page_and_keeps_data_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");

    let server = start(&database);
    assert!(
        server.banner.contains("Loaded the demo programme"),
        "{}",
        server.banner
    );
    assert!(server
        .banner
        .contains(&format!("http://{}", server.address)));

    assert_eq!(server.get("/healthz"), (200, "ok\n".to_owned()));

    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>This week</h1>"), "{page}");
    assert!(page.contains("Demo data."));
    assert!(page.contains("places taken"));
    assert!(
        page.contains("/pkg/turnaround.js"),
        "hydration script missing"
    );

    let (status, page) = server.get("/no-such-page");
    assert_eq!(status, 404);
    assert!(page.contains("can’t find that page"));

    // The week switcher's server function answers with the week asked for.
    let (status, json) = server.request("POST", "/api/week_programme", "week=2026-01-07");
    assert_eq!(status, 200, "{json}");
    let week: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(week["week"], "2026-01-05");
    let (status, error) = server.request("POST", "/api/week_programme", "week=1066-10-14");
    assert_eq!(status, 400, "{error}");
    assert!(error.contains("between 2000 and 2100"), "{error}");

    assert!(server.terminate().success(), "SIGTERM is a clean stop");
    let people = people_in(&database).await;
    assert!(people > 20);

    // Started again on the same file: every row is still there, nothing loaded twice.
    let server = start(&database);
    assert!(!server.banner.contains("Loaded the demo programme"));
    assert!(server.terminate().success());
    assert_eq!(people_in(&database).await, people);

    // A deleted database is recreated, with the demo programme.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    let server = start(&database);
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
fn a_database_address_that_is_not_sqlite_stops_start_up_with_one_line() {
    let message = refused_start("postgres://localhost/turnaround");
    assert!(message.contains("not a SQLite address"), "{message}");
}

#[tokio::test]
async fn a_failing_migration_stops_start_up_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");
    let db = turnaround::data::open(&url_for(&database)).await.unwrap();
    turnaround::data::migrate(&db).await.unwrap();
    // As if someone edited an applied migration: sqlx refuses to continue.
    sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00'")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;

    let message = refused_start(&url_for(&database));
    assert!(
        message.contains("could not be brought up to date"),
        "{message}"
    );
}
