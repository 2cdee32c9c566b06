//! Shared helpers for the integration tests: every test gets its own real database — a SQLite
//! file, or, when the test command started a PostgreSQL server and named it in
//! `TURNAROUND_TEST_POSTGRES`, a fresh PostgreSQL database of its own on that server.

pub mod app;
mod postgres;
pub mod tables;

/// Runs one sqlx query on whichever database `db` is: `on!(&db, query_scalar("…").bind(x).fetch_one)`
/// is `sqlx::query_scalar("…").bind(x).fetch_one(pool).await` on that database's pool. The tests
/// read and arrange rows directly; the SQL they write is the dialect both databases speak.
macro_rules! on {
    ($db:expr, $($chain:tt)*) => {
        match $db {
            turnaround::data::Db::Sqlite(pool) => sqlx::$($chain)*(pool).await,
            turnaround::data::Db::Postgres(pool) => sqlx::$($chain)*(pool).await,
        }
    };
}

/// [`on!`] for a statement that writes: `run!(&db, query("…").bind(x).execute)` gives the
/// number of rows it changed.
macro_rules! run {
    ($db:expr, $($chain:tt)*) => {
        match $db {
            turnaround::data::Db::Sqlite(pool) => {
                sqlx::$($chain)*(pool).await.map(|done| done.rows_affected())
            }
            turnaround::data::Db::Postgres(pool) => {
                sqlx::$($chain)*(pool).await.map(|done| done.rows_affected())
            }
        }
    };
}

// After the macros, which it uses.
pub mod records;

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use tempfile::TempDir;
use turnaround::data::{self, Db};

/// A migrated database in a fresh temporary folder, removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub dir: TempDir,
    url: String,
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = match postgres::server() {
            None => url_for(&dir.path().join("test.db")),
            Some(server) => postgres::migrated_database(&server).await,
        };
        let db = data::open(&url).await.expect("open database");
        data::migrate(&db).await.expect("migrate");
        Self { db, dir, url }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    /// The SQLite pool, for the tests of what only SQLite has (its pragmas, its file).
    pub fn sqlite(&self) -> &sqlx::SqlitePool {
        match &self.db {
            Db::Sqlite(pool) => pool,
            Db::Postgres(_) => panic!("this test is about SQLite's own file"),
        }
    }

    /// The address a server started on this database is given.
    pub fn url(&self) -> String {
        self.url.clone()
    }
}

/// A new, empty database for a server to start on (it migrates and loads what it loads): a file
/// in `dir`, or a fresh database on the tests' PostgreSQL server.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match postgres::server() {
        None => url_for(&dir.join("turnaround.db")),
        Some(server) => postgres::empty_database(&server).await,
    }
}

/// The tests' PostgreSQL server, when the run is on PostgreSQL.
pub fn postgres_server() -> Option<String> {
    postgres::server()
}

/// A new, migrated database on the tests' PostgreSQL server.
pub async fn postgres_migrated_database(server: &str) -> String {
    postgres::migrated_database(server).await
}

/// A new database on the tests' PostgreSQL server copied from `template`.
pub async fn postgres_copy_of(server: &str, template: &str) -> String {
    postgres::copy_of(server, template).await
}

pub fn url_for(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A fixed "today" (a Wednesday) so tests do not depend on the calendar.
pub fn a_wednesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 4).expect("valid date")
}

pub async fn count(db: &Db, table: &str) -> i64 {
    on!(
        db,
        query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one
    )
    .expect("count rows")
}

/// Loads the demo programme as the server does, with the demo password.
pub async fn load_demo(
    db: &Db,
    today: NaiveDate,
) -> Result<turnaround::demo::DemoOutcome, turnaround::error::AppError> {
    let hash = turnaround::server::auth::passwords::hash_new(
        turnaround::demo::DEMO_PASSWORD.into(),
        vec![],
    )
    .await?;
    turnaround::demo::load_if_empty(db, today, &hash).await
}

/// A new session of the first activity in `space` from `starts` to `ends` with `capacity`
/// places, led by the demo tutor (Priya). The demo data must be loaded.
pub async fn led_session(
    db: &Db,
    space: &str,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    capacity: i64,
) -> i64 {
    let id: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
         VALUES (1, (SELECT id FROM venue_spaces WHERE name = $1), $2, $3, $4) RETURNING id",
        )
        .bind(space)
        .bind(starts)
        .bind(ends)
        .bind(capacity)
        .fetch_one
    )
    .expect("insert a session");
    run!(
        db,
        query(
            "INSERT INTO session_leads (session_id, person_id)
         SELECT $1, person_id FROM accounts WHERE username = 'priya.tutor@example.org'",
        )
        .bind(id)
        .execute
    )
    .expect("lead the session");
    id
}
