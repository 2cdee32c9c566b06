//! The database keeps its promises: migrations, pragmas, constraints, and rows that survive a
//! restart. Every test runs against its own real SQLite file.

use crate::common::{count, TestDb};
use turnaround::data::{self, StartupError};

/// A venue with one space, an activity, one session of `capacity` places and `participants`
/// participants. Returns (session id, participant ids).
async fn small_programme(db: &data::Db, capacity: i64, participants: usize) -> (i64, Vec<i64>) {
    let setup = [
        "INSERT INTO venues (id, name, address, latitude, longitude)
         VALUES (1, 'Lake', 'Lake Lane', 51.75, -0.24)",
        "INSERT INTO venue_spaces (id, venue_id, name) VALUES (1, 1, 'Pegs')",
        "INSERT INTO activities (id, name, kind, default_duration_minutes, default_capacity)
         VALUES (1, 'Fishing', 'sport', 330, 6)",
    ];
    for sql in setup {
        run!(db, query(sql).execute).expect(sql);
    }
    run!(
        db,
        query(
            "INSERT INTO sessions (id, activity_id, space_id, starts_at, ends_at, capacity)
         VALUES (1, 1, 1, '2026-03-03 10:00:00', '2026-03-03 15:30:00', $1)",
        )
        .bind(capacity)
        .execute
    )
    .expect("session");
    let mut ids = Vec::new();
    for n in 0..participants {
        let id: i64 =
            on!(db, query_scalar(
            "INSERT INTO people (given_name, family_name) VALUES ($1, 'Tester') RETURNING id",
        )
        .bind(format!("Person{n}"))
        .fetch_one)
            .expect("person");
        run!(
            db,
            query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'participant')")
                .bind(id)
                .execute
        )
        .expect("role");
        run!(
            db,
            query(
                "INSERT INTO participants (person_id, referral_source, referral_date)
             VALUES ($1, 'self', '2026-01-05')",
            )
            .bind(id)
            .execute
        )
        .expect("participant");
        ids.push(id);
    }
    (1, ids)
}

async fn book(db: &data::Db, session: i64, participant: i64) -> Result<(), sqlx::Error> {
    run!(
        db,
        query(
            "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
         VALUES ($1, $2, 'booked', TRUE)",
        )
        .bind(session)
        .bind(participant)
        .execute
    )
    .map(|_| ())
}

fn constraint_message(result: Result<impl std::fmt::Debug, sqlx::Error>) -> String {
    match result {
        Ok(value) => panic!("the database accepted what it must refuse: {value:?}"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn opens_with_wal_foreign_keys_and_busy_timeout() {
    let test = TestDb::new().await;
    let mut conn = test.sqlite().acquire().await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let busy_ms: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(foreign_keys, 1);
    assert!(busy_ms >= 1000, "busy timeout is {busy_ms} ms");
}

#[tokio::test]
async fn migrations_are_idempotent_and_seed_the_settings() {
    let test = TestDb::new().await;
    data::migrate(&test.db)
        .await
        .expect("second run is a no-op");
    let settings = data::settings::programme_settings(&test.db).await.unwrap();
    assert_eq!(settings.time_zone, "Europe/London");
    assert_eq!(settings.default_arrival.to_string(), "10:00:00");
    assert_eq!(settings.default_end.to_string(), "15:30:00");
    assert!(!settings.is_demo);
}

#[tokio::test]
async fn a_full_session_refuses_one_more_booking() {
    let test = TestDb::new().await;
    let (session, people) = small_programme(&test.db, 2, 3).await;
    book(&test.db, session, people[0]).await.unwrap();
    book(&test.db, session, people[1]).await.unwrap();
    let refused = constraint_message(book(&test.db, session, people[2]).await);
    assert!(refused.contains("session is full"), "{refused}");
    assert_eq!(count(&test.db, "bookings").await, 2);

    // A waitlist place is fine; promoting it while full is not.
    run!(
        &test.db,
        query(
            "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
         VALUES ($1, $2, 'waitlisted', FALSE)",
        )
        .bind(session)
        .bind(people[2])
        .execute
    )
    .unwrap();
    let promote = run!(
        &test.db,
        query("UPDATE bookings SET status = 'booked' WHERE participant_id = $1")
            .bind(people[2])
            .execute
    );
    assert!(constraint_message(promote).contains("session is full"));
}

#[tokio::test]
async fn capacity_cannot_drop_below_places_taken() {
    let test = TestDb::new().await;
    let (session, people) = small_programme(&test.db, 3, 2).await;
    for person in &people {
        book(&test.db, session, *person).await.unwrap();
    }
    let shrink = run!(
        &test.db,
        query("UPDATE sessions SET capacity = 1 WHERE id = $1")
            .bind(session)
            .execute
    );
    assert!(constraint_message(shrink).contains("capacity below places already taken"));
    run!(
        &test.db,
        query("UPDATE sessions SET capacity = 2 WHERE id = $1")
            .bind(session)
            .execute
    )
    .expect("shrinking to exactly the places taken is allowed");
}

#[tokio::test]
async fn nobody_is_booked_twice_on_one_session() {
    let test = TestDb::new().await;
    let (session, people) = small_programme(&test.db, 5, 1).await;
    book(&test.db, session, people[0]).await.unwrap();
    let twice = constraint_message(book(&test.db, session, people[0]).await);
    assert!(twice.to_lowercase().contains("unique"), "{twice}");
}

#[tokio::test]
async fn sessions_must_end_after_they_start_on_the_same_day() {
    let test = TestDb::new().await;
    small_programme(&test.db, 5, 0).await;
    for (starts, ends) in [
        ("2026-03-03 15:00:00", "2026-03-03 10:00:00"),
        ("2026-03-03 10:00:00", "2026-03-03 10:00:00"),
        ("2026-03-03 22:00:00", "2026-03-04 02:00:00"),
        ("3 March 2026 10am", "2026-03-03 15:30:00"),
    ] {
        let insert = run!(
            &test.db,
            query(
                "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
             VALUES (1, 1, $1, $2, 6)",
            )
            .bind(starts)
            .bind(ends)
            .execute
        );
        assert!(insert.is_err(), "accepted {starts} – {ends}");
    }
    assert_eq!(count(&test.db, "sessions").await, 1);
}

#[tokio::test]
async fn a_cancelled_session_needs_a_reason() {
    let test = TestDb::new().await;
    let (session, _) = small_programme(&test.db, 5, 0).await;
    let without_reason = run!(
        &test.db,
        query("UPDATE sessions SET status = 'cancelled' WHERE id = $1")
            .bind(session)
            .execute
    );
    assert!(without_reason.is_err());
    run!(
        &test.db,
        query(
            "UPDATE sessions SET status = 'cancelled', cancel_reason = 'Lake frozen' WHERE id = $1",
        )
        .bind(session)
        .execute
    )
    .expect("cancelling with a reason");
}

#[tokio::test]
async fn foreign_keys_and_roles_are_enforced() {
    let test = TestDb::new().await;
    let (_, people) = small_programme(&test.db, 5, 1).await;
    let missing_session = book(&test.db, 99, people[0]).await;
    assert!(constraint_message(missing_session)
        .to_lowercase()
        .contains("foreign key"));

    // Participant details need the participant role; a mentor must be a mentor.
    let staff: i64 = on!(
        &test.db,
        query_scalar(
            "INSERT INTO people (given_name, family_name) VALUES ('Sam', 'Staff') RETURNING id",
        )
        .fetch_one
    )
    .unwrap();
    let not_a_participant = run!(
        &test.db,
        query(
            "INSERT INTO participants (person_id, referral_source, referral_date)
         VALUES ($1, 'police', '2026-01-05')",
        )
        .bind(staff)
        .execute
    );
    assert!(constraint_message(not_a_participant).contains("participant role"));
    let not_a_mentor = run!(
        &test.db,
        query("UPDATE participants SET mentor_id = $1 WHERE person_id = $2")
            .bind(staff)
            .bind(people[0])
            .execute
    );
    assert!(constraint_message(not_a_mentor).contains("mentor role"));
}

#[tokio::test]
async fn unknown_roles_referral_sources_and_oversized_vehicles_are_refused() {
    let test = TestDb::new().await;
    let (_, people) = small_programme(&test.db, 5, 1).await;
    let bad_role = run!(
        &test.db,
        query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'admin')")
            .bind(people[0])
            .execute
    );
    assert!(bad_role.is_err());
    let bad_source = run!(
        &test.db,
        query("UPDATE participants SET referral_source = 'court' WHERE person_id = $1")
            .bind(people[0])
            .execute
    );
    assert!(bad_source.is_err());
    let bus = run!(&test.db, query(
        "INSERT INTO vehicles (name, registration, seats_including_driver) VALUES ('Bus', 'AB12 CDE', 52)",
    )
    .execute);
    assert!(bus.is_err());
}

#[tokio::test]
async fn rows_survive_closing_and_reopening_the_file() {
    let test = TestDb::new().await;
    let (session, people) = small_programme(&test.db, 5, 2).await;
    book(&test.db, session, people[0]).await.unwrap();
    test.db.close().await;

    let reopened = data::open(&test.url()).await.unwrap();
    data::migrate(&reopened).await.unwrap();
    assert_eq!(count(&reopened, "people").await, 2);
    assert_eq!(count(&reopened, "bookings").await, 1);
    assert_eq!(count(&reopened, "sessions").await, 1);
}

#[tokio::test]
async fn an_unwritable_location_is_one_clear_error() {
    // /proc refuses new files even to root, so this holds however the tests are run.
    for url in [
        "sqlite:///proc/turnaround-test.db",
        "sqlite:///no/such/folder/turnaround.db",
    ] {
        let Err(error) = data::open(url).await else {
            panic!("opened {url}");
        };
        assert!(matches!(error, StartupError::Open { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(url), "{message}");
        assert!(message.contains("DATABASE_URL"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[tokio::test]
async fn a_url_that_is_neither_sqlite_nor_postgres_is_refused() {
    let Err(error) = data::open("mysql://localhost/turnaround").await else {
        panic!("accepted a MySQL address");
    };
    assert!(matches!(error, StartupError::BadUrl { .. }), "{error:?}");
}

#[tokio::test]
async fn a_postgres_server_that_is_not_there_is_one_clear_sentence() {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    let url = "postgres://turnaround:secret@127.0.0.1:1/turnaround";
    let Err(error) = data::open(url).await else {
        panic!("opened a server that is not there");
    };
    assert!(matches!(error, StartupError::Open { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("DATABASE_URL"), "{message}");
    assert!(!message.contains("secret"), "the password is in {message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[tokio::test]
async fn an_altered_migration_stops_migrate_with_a_clear_error() {
    let test = TestDb::new().await;
    run!(
        &test.db,
        query("UPDATE _sqlx_migrations SET checksum = $1")
            .bind(vec![0u8])
            .execute
    )
    .unwrap();
    let Err(error) = data::migrate(&test.db).await else {
        panic!("migrated over an altered migration");
    };
    assert!(matches!(error, StartupError::Migrate(_)), "{error:?}");
    assert_eq!(error.to_string().lines().count(), 1);
}
