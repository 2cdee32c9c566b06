//! Shared helpers for the integration tests: every test gets its own real SQLite file.

pub mod app;

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use tempfile::TempDir;
use turnaround::data::{self, Db};

/// A migrated database in a fresh temporary folder, removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub dir: TempDir,
}

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = data::open(&url_for(&dir.path().join("test.db")))
            .await
            .expect("open database");
        data::migrate(&db).await.expect("migrate");
        Self { db, dir }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub fn url(&self) -> String {
        url_for(&self.path())
    }
}

pub fn url_for(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A fixed "today" (a Wednesday) so tests do not depend on the calendar.
pub fn a_wednesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 4).expect("valid date")
}

pub async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(db)
        .await
        .expect("count rows")
}

/// Loads the demo programme as the server does, with the demo password.
pub async fn load_demo(
    db: &Db,
    today: NaiveDate,
) -> Result<data::demo::DemoOutcome, turnaround::error::AppError> {
    let hash =
        turnaround::server::auth::passwords::hash_new(data::demo::DEMO_PASSWORD.into(), vec![])
            .await?;
    data::demo::load_if_empty(db, today, &hash).await
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
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
         VALUES (1, (SELECT id FROM venue_spaces WHERE name = ?), ?, ?, ?) RETURNING id",
    )
    .bind(space)
    .bind(starts)
    .bind(ends)
    .bind(capacity)
    .fetch_one(db)
    .await
    .expect("insert a session");
    sqlx::query(
        "INSERT INTO session_leads (session_id, person_id)
         SELECT ?, person_id FROM accounts WHERE username = 'priya.tutor@example.org'",
    )
    .bind(id)
    .execute(db)
    .await
    .expect("lead the session");
    id
}
