//! `turnaround backup` and `turnaround restore`, run as an operator runs them: the restore drill
//! (a backup taken while people are booking, restored somewhere new and served from there, row
//! for row the same), an older backup brought up to date, and every refusal in one line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::access::{cookie_for, demo_server};
use crate::common::app::start;
use crate::common::tables::{digests, integrity, open_to_read, row_set};
use crate::common::{count, led_session, url_for, TestDb};
use sqlx::Connection;
use turnaround::people::Role;

/// `turnaround backup|restore ARGS` with the server's `DATABASE_URL` for `database`.
fn turnaround(database: &Path, args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .args(args)
        .env("DATABASE_URL", url_for(database))
        .output()
        .expect("run turnaround")
}

fn backup(database: &Path, file: &Path) -> Output {
    turnaround(database, &[Path::new("backup"), file])
}

fn restore(database: &Path, file: &Path) -> Output {
    turnaround(database, &[Path::new("restore"), file])
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn succeeded(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    stdout(output)
}

/// Exit status 1 and exactly one line on standard error, saying `words`; nothing on stdout.
fn refused(output: &Output, words: &str) -> String {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(text.lines().count(), 1, "one line, not: {text}");
    assert!(text.contains(words), "“{words}” not in: {text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(output.stdout.is_empty(), "{}", stdout(output));
    text
}

/// The names in a folder, for "nothing was left behind". SQLite's own `-wal` and `-shm` are left
/// out: whether they outlive a closed pool depends on which of its connections closed last.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

/// Every row of the append-only logs, for "everything written before the backup is in it".
async fn log_rows(database: &Path) -> BTreeSet<String> {
    let mut rows = BTreeSet::new();
    for table in ["booking_events", "audit_events"] {
        rows.extend(
            row_set(database, table)
                .await
                .into_iter()
                .map(|row| format!("{table}: {row}")),
        );
    }
    rows
}

#[tokio::test]
async fn drill_a_backup_taken_while_people_book_restores_elsewhere_row_for_row_and_serves() {
    let drill = Instant::now();
    let (server, db, dir) = demo_server().await;
    let live = dir.path().join("turnaround.db");
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    // A session with room for everyone, and everyone in its activity's group, so the tutor may
    // book and cancel any participant on it, over and over.
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    let at = |hour| day.and_hms_opt(hour, 0, 0).unwrap();
    let session = led_session(&db, "Court 1", at(10), at(12), 100).await;
    run!(
        &db,
        query(
            "INSERT OR IGNORE INTO activity_group_members (activity_id, participant_id, added_by)
         SELECT 1, person_id, (SELECT person_id FROM person_roles WHERE role = 'coordinator')
         FROM participants",
        )
        .execute
    )
    .unwrap();
    let participants = crate::enrolment::participants(&db).await;
    let events_at_start = count(&db, "booking_events").await as usize;

    // Writes keep going through the server until told to stop: book, cancel, book again…
    let server = Arc::new(server);
    let (stop, acknowledged) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let writer = {
        let (server, stop, acknowledged) = (server.clone(), stop.clone(), acknowledged.clone());
        std::thread::spawn(move || {
            for participant in participants.iter().cycle() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let form = format!("session={session}&participant={participant}");
                for path in ["/api/enrol", "/api/cancel_booking"] {
                    let reply = server.post(path, &form, Some(&tutor));
                    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
    };
    let wait_for = |writes: usize| {
        while acknowledged.load(Ordering::SeqCst) < writes {
            assert!(!writer.is_finished(), "the writer stopped");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for(40);

    // Everything acknowledged so far is committed: the backup must hold all of it.
    let written_before = acknowledged.load(Ordering::SeqCst);
    let logs_before = log_rows(&live).await;
    let backup_file = dir.path().join("nightly.db");
    let (backup_started, written_at_start) = (Instant::now(), acknowledged.load(Ordering::SeqCst));
    let made = backup(&live, &backup_file);
    let backup_took = backup_started.elapsed();
    let written_during = acknowledged.load(Ordering::SeqCst) - written_at_start;
    let line = succeeded(&made);
    assert!(line.starts_with("Backed up "), "{line}");
    assert!(line.contains("schema 2026"), "{line}");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&backup_file.metadata().unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "a backup is for its owner's eyes only");
    let written_after_backup = acknowledged.load(Ordering::SeqCst);
    wait_for(written_after_backup + 40);
    stop.store(true, Ordering::SeqCst);
    writer.join().expect("the writer's requests all succeeded");
    let written = acknowledged.load(Ordering::SeqCst);

    let in_backup = log_rows(&backup_file).await;
    let missing: Vec<&String> = logs_before.difference(&in_backup).collect();
    assert!(
        missing.is_empty(),
        "written before the backup, not in it: {missing:?}"
    );
    let backup_events = row_set(&backup_file, "booking_events").await.len();
    assert!(backup_events >= events_at_start + written_before);
    let live_events = count(&db, "booking_events").await as usize;
    assert!(
        live_events > backup_events,
        "the writes after the backup are not in it"
    );
    assert_eq!(integrity(&backup_file).await, "ok");
    db.close().await;
    let server = Arc::into_inner(server).expect("the writer has let go of the server");
    assert!(server.terminate().success());

    // Restored into a new place, as on a replacement machine.
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = elsewhere.path().join("restored.db");
    let line = succeeded(&restore(&restored, &backup_file));
    assert!(
        line.contains("there was no database there before"),
        "{line}"
    );
    let backup_rows = digests(&backup_file).await;
    assert_eq!(
        digests(&restored).await,
        backup_rows,
        "the restored file differs"
    );
    assert_eq!(integrity(&restored).await, "ok");

    let server = start(&url_for(&restored));
    assert!(
        !server.banner.contains("Loaded the demo programme"),
        "{}",
        server.banner
    );
    assert_eq!(
        digests(&restored).await,
        backup_rows,
        "starting on it changed rows"
    );
    let cookie = server.sign_in("priya.tutor@example.org", None);
    let page = server.get("/", Some(&cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h1>This week"), "{}", page.body);
    assert!(page.body.contains("Demo data."));
    assert_eq!(integrity(&restored).await, "ok");
    assert!(server.terminate().success());

    let rows: usize = backup_rows.values().map(|(rows, _)| rows).sum();
    println!(
        "restore drill: {written} writes acknowledged ({written_before} before the backup, \
         {written_during} while it ran); the backup took {backup_took:?} and holds {rows} rows \
         in {} tables; restored, compared and served in {:?} in all",
        backup_rows.len(),
        drill.elapsed()
    );
}

#[tokio::test]
async fn an_older_backup_is_restored_over_the_database_which_is_kept_and_startup_brings_it_up_to_date(
) {
    let dir = tempfile::tempdir().unwrap();
    // A database of the release before the newest migration, with a row of its own.
    let older = dir.path().join("older.db");
    let all_but_newest = migrations_except_newest(dir.path());
    {
        let db = turnaround::data::open(&url_for(&older)).await.unwrap();
        let migrator = sqlx::migrate::Migrator::new(all_but_newest.as_path())
            .await
            .unwrap();
        let turnaround::data::Db::Sqlite(pool) = &db else {
            unreachable!("a file address opens SQLite")
        };
        migrator.run(pool).await.unwrap();
        run!(
            &db,
            query("INSERT INTO people (given_name, family_name) VALUES ('Olive', 'Older')").execute
        )
        .unwrap();
        db.close().await;
    }
    let older_backup = dir.path().join("older-backup.db");
    succeeded(&backup(&older, &older_backup));

    // The live database: the demo programme, and a sign-in, all still in the write-ahead log
    // when the server is killed (as by a power cut).
    let live = dir.path().join("turnaround.db");
    let server = start(&url_for(&live));
    let demo_people: i64 = server
        .banner
        .split("Loaded the demo programme: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|people| people.parse().ok())
        .expect("the demo programme was loaded");
    server.sign_in("priya.tutor@example.org", None);
    server.kill();
    let wal = dir.path().join("turnaround.db-wal");
    assert!(
        wal.metadata().is_ok_and(|m| m.len() > 0),
        "the crash left a write-ahead log"
    );

    let line = succeeded(&restore(&live, &older_backup));
    let kept: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|name| name.starts_with("turnaround.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", names_in(dir.path()));
    assert!(line.contains(&kept[0]), "{line}");
    assert!(!live.with_extension("db-wal").exists() && !live.with_extension("db-shm").exists());
    assert!(
        !names_in(dir.path())
            .iter()
            .any(|name| name.starts_with('.')),
        "a temporary file was left: {:?}",
        names_in(dir.path())
    );
    // The kept database is whole on its own: its write-ahead log was folded in, not dropped.
    let kept = dir.path().join(&kept[0]);
    assert_eq!(integrity(&kept).await, "ok");
    assert_eq!(count_people(&kept).await, demo_people);
    assert!(
        !row_set(&kept, "audit_events").await.is_empty(),
        "the sign-in is kept"
    );

    let server = start(&url_for(&live));
    assert!(server.terminate().success());
    let db = turnaround::data::open(&url_for(&live)).await.unwrap();
    let newest = turnaround::data::database::known_migrations()
        .map(|m| m.version)
        .max();
    let schema: Option<i64> = on!(
        &db,
        query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one
    )
    .unwrap();
    assert_eq!(
        schema, newest,
        "start-up brought the restored database up to date"
    );
    let olive: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM people WHERE given_name = 'Olive'").fetch_one
    )
    .unwrap();
    assert_eq!(olive, 1);
    db.close().await;
    assert_eq!(integrity(&live).await, "ok");
}

async fn count_people(database: &Path) -> i64 {
    let mut conn = open_to_read(database).await;
    let people = sqlx::query_scalar("SELECT count(*) FROM people")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    people
}

/// A folder with every migration file but the newest: the schema of the release before it.
fn migrations_except_newest(scratch: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files.pop();
    let folder = scratch.join("older-migrations");
    std::fs::create_dir(&folder).unwrap();
    for file in files {
        std::fs::copy(&file, folder.join(file.file_name().unwrap())).unwrap();
    }
    folder
}

#[tokio::test]
async fn backup_refuses_to_replace_a_file_and_says_how_it_is_used() {
    let test = TestDb::new().await;
    test.db.close().await;
    let existing = test.dir.path().join("monday.db");
    std::fs::write(&existing, "last week's backup").unwrap();
    refused(&backup(&test.path(), &existing), "already exists");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "last week's backup"
    );

    for args in [
        &["backup"][..],
        &["backup", "a.db", "b.db"],
        &["backup", "--force"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_turnaround"))
            .args(args)
            .env("DATABASE_URL", test.url())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).starts_with("Usage: turnaround backup FILE"));
    }

    let nowhere = test.dir.path().join("no-such.db");
    refused(
        &backup(&nowhere, &test.dir.path().join("x.db")),
        "there is no database at",
    );
    assert!(
        !nowhere.exists(),
        "a backup must not create the database it was asked to copy"
    );
    refused(
        &backup(&test.path(), &test.dir.path().join("no-folder/x.db")),
        "cannot write into the folder of",
    );
    assert_eq!(
        names_in(test.dir.path()),
        ["monday.db", "test.db", "test.db.lock"],
        "nothing else was left behind"
    );
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_turnaround_backup_and_changes_nothing() {
    let test = TestDb::new().await;
    let scratch = tempfile::tempdir().unwrap();
    let good = scratch.path().join("good.db");
    test.db.close().await;
    succeeded(&backup(&test.path(), &good));
    let before = digests(&test.path()).await;
    let files_before = names_in(test.dir.path());

    let text = scratch.path().join("notes.txt");
    std::fs::write(&text, "this is not a database at all").unwrap();
    refused(&restore(&test.path(), &text), "is not a SQLite database");
    let empty = scratch.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    refused(&restore(&test.path(), &empty), "is not a SQLite database");
    refused(
        &restore(&test.path(), &scratch.path().join("missing.db")),
        "cannot read the backup",
    );

    let other_app = scratch.path().join("other-app.db");
    edit(&other_app, None, "CREATE TABLE recipes (name TEXT)").await;
    refused(&restore(&test.path(), &other_app), "not a TurnAround one");

    let newer = scratch.path().join("newer.db");
    edit(
        &newer,
        Some(&good),
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (20991231000001, 'from the future', 1, x'00', 0)",
    )
    .await;
    let line = refused(&restore(&test.path(), &newer), "from a newer release");
    assert!(
        line.contains("(schema 20991231000001); install that release or newer"),
        "{line}"
    );

    let edited = scratch.path().join("edited.db");
    edit(
        &edited,
        Some(&good),
        "UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 20261122000001",
    )
    .await;
    refused(
        &restore(&test.path(), &edited),
        "was a migration file edited?",
    );

    // A live database's file, with writes still in its log beside it.
    let live_copy = scratch.path().join("copied-while-running.db");
    std::fs::copy(&good, &live_copy).unwrap();
    std::fs::write(scratch.path().join("copied-while-running.db-wal"), "frames").unwrap();
    refused(
        &restore(&test.path(), &live_copy),
        "it is a live database, not a backup",
    );

    // An index that no longer matches its table: SQLite's integrity check finds it.
    let damaged = scratch.path().join("damaged.db");
    edit(
        &damaged,
        Some(&good),
        "CREATE TABLE scratch (a INTEGER, b INTEGER);
         INSERT INTO scratch VALUES (1, 2), (3, 4);
         CREATE INDEX scratch_by_a ON scratch (a);
         PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = 'CREATE INDEX scratch_by_a ON scratch (b)'
         WHERE name = 'scratch_by_a';",
    )
    .await;
    refused(
        &restore(&test.path(), &damaged),
        "is damaged: SQLite's integrity check says",
    );

    let usage = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("restore")
        .env("DATABASE_URL", test.url())
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).starts_with("Usage: turnaround restore FILE"));

    assert_eq!(
        digests(&test.path()).await,
        before,
        "a refusal changed the database"
    );
    assert_eq!(
        names_in(test.dir.path()),
        files_before,
        "a refusal left a file behind"
    );
}

/// Writes `copy_of` (or a new database) to `path`, then runs `sql` on it.
async fn edit(path: &Path, copy_of: Option<&Path>, sql: &str) {
    if let Some(original) = copy_of {
        std::fs::copy(original, path).unwrap();
    }
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn restore_refuses_while_the_database_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("turnaround.db");
    let server = start(&url_for(&live));
    let file = dir.path().join("backup.db");
    succeeded(&backup(&live, &file));

    refused(&restore(&live, &file), "TurnAround is running on");
    assert!(server.terminate().success());

    // Not a TurnAround server, but another program with the file open: SQLite says so.
    let mut other = open_to_read(&live).await;
    let _: i64 = sqlx::query_scalar("SELECT count(*) FROM people")
        .fetch_one(&mut other)
        .await
        .unwrap();
    refused(&restore(&live, &file), "another program has");
    other.close().await.unwrap();

    succeeded(&restore(&live, &file));
}
