//! `turnaround check DATABASE_FILE` as soak scripts and backup drills run it: exit 0 and one
//! "OK" line for a healthy database, 1 and one sentence per broken invariant, 2 and one line on
//! standard error when it cannot check; the file is never changed.

use std::path::Path;
use std::process::{Command, Output};

use super::world::Template;

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("check")
        .args(args)
        .output()
        .expect("run turnaround check")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the seeded programme, closed, in `folder`: a file as a backup leaves it.
async fn backup_in(folder: &Path) -> std::path::PathBuf {
    let template = Template::new().await;
    let file = folder.join("backup.db");
    std::fs::copy(template.file().expect("a SQLite file"), &file).expect("copy");
    file
}

/// The files in `folder`, by name.
fn files(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_healthy_database_is_ok_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = backup_in(dir.path()).await;
    let before = std::fs::read(&file).unwrap();
    let output = check(&[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "OK: every invariant holds (7 sessions, 6 runs checked)\n"
    );
    assert_eq!(text(&output.stderr), "");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is unchanged"
    );
    assert_eq!(files(dir.path()), ["backup.db"], "nothing left beside it");
}

#[tokio::test]
async fn each_broken_invariant_is_a_line_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = backup_in(dir.path()).await;
    // What no use case can do: the trigger that guards capacity gone, three places in two.
    let db = turnaround::data::open(&crate::common::url_for(&file))
        .await
        .unwrap();
    for sql in [
        "DROP TRIGGER bookings_respect_capacity_on_insert",
        "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
         SELECT 7, person_id, 'booked', 0 FROM participants ORDER BY person_id LIMIT 3",
        "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
         SELECT 6, person_id, 'waitlisted', 0 FROM participants ORDER BY person_id LIMIT 1",
    ] {
        run!(&db, query(sql).execute).unwrap();
    }
    db.close().await;
    let output = check(&[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines.contains(&"Tennis on Tue 10 Mar 15:30–17:30 (session 6) has 2 free places while participant 6 is waiting for one."), "{lines:#?}");
    assert!(
        lines.contains(
            &"Tennis on Wed 11 Mar 15:30–17:30 (session 7) has 3 people booked for 2 places."
        ),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn what_cannot_be_checked_is_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a database\n").unwrap();
    let stranger = dir.path().join("stranger.db");
    let db = turnaround::data::open(&crate::common::url_for(&stranger))
        .await
        .unwrap();
    run!(&db, query("CREATE TABLE birds (name TEXT)").execute).unwrap();
    db.close().await;
    let older = backup_in(dir.path()).await;
    let db = turnaround::data::open(&crate::common::url_for(&older))
        .await
        .unwrap();
    run!(&db, query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute)
    .unwrap();
    db.close().await;

    for (args, says) in [
        (vec![], "give exactly one database file"),
        (vec!["a.db", "b.db"], "give exactly one database file"),
        (vec!["--verbose"], "give exactly one database file"),
        (
            vec![missing.to_str().unwrap()],
            "there is no database file at",
        ),
        (
            vec![dir.path().to_str().unwrap()],
            "there is no database file at",
        ),
        (
            vec![notes.to_str().unwrap()],
            "is not a TurnAround database.",
        ),
        (
            vec![stranger.to_str().unwrap()],
            "is not a TurnAround database.",
        ),
        (
            vec![older.to_str().unwrap()],
            "was made by an older TurnAround",
        ),
    ] {
        let output = check(&args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(text(&output.stdout), "", "{args:?}");
        assert!(
            stderr.starts_with("turnaround check: "),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        if !says.starts_with("give") {
            assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        }
    }
    assert!(!missing.exists(), "a missing file is not created");
}
