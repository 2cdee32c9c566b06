//! The checker against real files: the demo programme is healthy, and broken promises written
//! past the triggers (which no use case can do) are each found in what SQLite holds.

use turnaround::data::{invariants, Db};

use super::world::{now, Template};
use crate::common::{a_wednesday, load_demo, TestDb};

#[tokio::test]
async fn the_demo_programme_keeps_every_promise() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let health = invariants::check(&test.db, a_wednesday().and_hms_opt(7, 0, 0).unwrap())
        .await
        .unwrap();
    assert!(health.sessions > 0 && health.runs > 0, "{health:?}");
    assert_eq!(health.violations, Vec::<String>::new());
}

#[tokio::test]
async fn promises_broken_behind_the_triggers_back_are_found() {
    let template = Template::new().await;
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    assert_eq!(
        invariants::violations(&db, now()).await.unwrap(),
        Vec::<String>::new()
    );
    let drop_trigger = match &db {
        Db::Sqlite(_) => "DROP TRIGGER bookings_free_seats",
        Db::Postgres(_) => "DROP TRIGGER bookings_free_seats ON bookings",
    };
    for sql in [
        // Participants 6 and 7 share Tuesday's tennis and both ride there and back.
        drop_trigger,
        "INSERT INTO keep_apart (person_a, person_b, reason) VALUES (6, 7, 'test')",
        // Participant 8 waits on the same session; a place taken by hand with the seat kept.
        "UPDATE bookings SET status = 'cancelled' WHERE participant_id = 6 AND session_id = 1",
        // Tuesday's outbound run to the courts was planned with room for four.
        "UPDATE runs SET seats = 1 WHERE id = 1",
        // Jo, whose DBS ran out, drives it.
        "UPDATE runs SET driver_id = (SELECT person_id FROM accounts WHERE username LIKE 'jo@%')
         WHERE id = 1",
    ] {
        run!(&db, query(sql).execute).unwrap();
    }
    let found = invariants::violations(&db, now()).await.unwrap();
    db.close().await;
    let expected = [
        "Tennis on Tue 3 Mar 10:00–12:00 (session 1) has a free place while participant 8 is waiting for one.",
        "Participant 6 rides the outbound run of Carrier on Tue 3 Mar (run 1) for Tennis on Tue 3 Mar 10:00–12:00 (session 1), which does not fit: their place is not booked.",
        "The outbound run of Carrier on Tue 3 Mar (run 1) carries 3 people in 1 seats.",
        "Participants 6 and 7, who are kept apart, both ride the outbound run of Carrier on Tue 3 Mar (run 1).",
        "The outbound run of Carrier on Tue 3 Mar (run 1) is given to driver 5, who may not drive that day:",
    ];
    for sentence in expected {
        assert!(
            found.iter().any(|f| f.starts_with(sentence)),
            "“{sentence}” not in {found:#?}"
        );
    }
}
