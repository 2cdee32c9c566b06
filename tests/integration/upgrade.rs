//! Upgrading from every earlier release. Each file in `tests/fixtures/upgrade/` is one release's
//! schema and demo data, written by that release's own server (`scripts/make-upgrade-fixture.sh`;
//! a release adds its file, nothing here changes). Today's server starts on each, migrating it;
//! then every row the release wrote is still there, the database is sound, and the week page is
//! served from it to a demo tutor.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use crate::common::app::start;
use crate::common::tables::{columns, integrity, open_to_read, primary_key, rows, table_names};

/// Tables a release removed or renamed on purpose, with why; their rows are not looked for.
/// (Empty so far. A migration that drops a table names it here, in the same change.)
const RETIRED_TABLES: &[(&str, &str)] = &[];

fn fixtures() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files
}

/// What a table held in the fixture: the columns that identify a row (its primary key, or every
/// column for a table without one) and those values for each row.
struct TableRows {
    key: Vec<String>,
    rows: BTreeSet<String>,
}

async fn rows_by_key(conn: &mut SqliteConnection) -> BTreeMap<String, TableRows> {
    let mut tables = BTreeMap::new();
    for table in table_names(conn).await {
        // SQLite's own bookkeeping (`sqlite_sequence`) is not the programme's data.
        if table.starts_with("sqlite_") || RETIRED_TABLES.iter().any(|(t, _)| *t == table) {
            continue;
        }
        let mut key = primary_key(conn, &table).await;
        if key.is_empty() {
            key = columns(conn, &table).await;
        }
        let rows = rows(conn, &table, &key).await.into_iter().collect();
        tables.insert(table, TableRows { key, rows });
    }
    tables
}

#[tokio::test]
async fn every_earlier_release_upgrades_with_every_row_kept() {
    let fixtures = fixtures();
    assert!(
        !fixtures.is_empty(),
        "no fixtures in tests/fixtures/upgrade/"
    );
    for fixture in fixtures {
        upgrade_from(&fixture).await;
    }
}

async fn upgrade_from(fixture: &Path) {
    let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");
    let sql = std::fs::read_to_string(fixture).unwrap();
    let options = SqliteConnectOptions::new()
        .filename(&database)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::raw_sql(&sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{name}: loading the fixture: {e}"));
    let before = rows_by_key(&mut conn).await;
    conn.close().await.unwrap();
    assert!(
        before.contains_key("people"),
        "{name}: not a TurnAround database"
    );

    // Start-up migrates it; nothing below signs in until every row has been looked for.
    let server = start(&crate::common::url_for(&database));
    let mut conn = open_to_read(&database).await;
    let mut rows_checked = 0;
    for (table, fixture_rows) in &before {
        let present: BTreeSet<String> = rows(&mut conn, table, &fixture_rows.key)
            .await
            .into_iter()
            .collect();
        let lost: Vec<&String> = fixture_rows.rows.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "{name}: {} row(s) of {table} (by {:?}) are gone after the upgrade, e.g. {:?}",
            lost.len(),
            fixture_rows.key,
            lost.first()
        );
        rows_checked += fixture_rows.rows.len();
    }
    let newest = turnaround::data::database::known_migrations()
        .map(|m| m.version)
        .max();
    let schema: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(schema, newest, "{name}: not brought up to date");
    conn.close().await.unwrap();
    assert_eq!(integrity(&database).await, "ok", "{name}");
    // Every promise the data keeps still holds after the upgrade (places, waitlist, seats…).
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("check")
        .arg(&database)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{name}: turnaround check found broken invariants after the upgrade:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    let cookie = server.sign_in("priya.tutor@example.org", None);
    let page = server.get("/", Some(&cookie));
    assert_eq!(page.status, 200, "{name}: {}", page.body);
    assert!(page.body.contains("<h1>This week"), "{name}: {}", page.body);
    assert!(page.body.contains("Demo data."), "{name}");
    assert!(server.terminate().success(), "{name}: a clean stop");
    println!(
        "upgrade from {name}: {rows_checked} rows in {} tables all kept",
        before.len()
    );
}
