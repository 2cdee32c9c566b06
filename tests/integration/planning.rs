//! Planning sessions through the real server and the real database: clashes are refused in
//! words with free alternatives, simultaneous bookings of one space let exactly one through, and
//! the database's triggers agree with the shared Rust rules on random calendars.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use crate::access::{cookie_for, demo_server};
use crate::common::TestDb;
use turnaround::data::{planning, Db};
use turnaround::people::{PersonId, Role};
use turnaround::scheduling::clash::Proposal;
use turnaround::venues::SpaceId;

/// A date far enough ahead that the demo programme has nothing on it.
fn quiet_tuesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
}

pub(crate) async fn space_named(db: &Db, name: &str) -> i64 {
    on!(
        db,
        query_scalar("SELECT id FROM venue_spaces WHERE name = $1")
            .bind(name)
            .fetch_one
    )
    .unwrap()
}

pub(crate) async fn person(db: &Db, username: &str) -> i64 {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .unwrap()
}

fn session_form(space: i64, lead: i64, date: NaiveDate, start: &str, end: &str) -> String {
    format!("activity=1&space={space}&date={date}&start={start}&end={end}&leads[0]={lead}")
}

#[tokio::test]
async fn a_clash_is_named_with_free_alternatives_and_moves_are_checked_too() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let james = person(&db, "james.mentor@example.org").await;
    let court_1 = space_named(&db, "Court 1").await;
    let day = quiet_tuesday();

    let first = server.post(
        "/api/create_session",
        &session_form(court_1, priya, day, "10:00", "12:00"),
        Some(&tutor),
    );
    assert_eq!(first.status, 200, "{}", first.body);
    let first_id: i64 = first.body.trim().parse().unwrap();

    let clash = server.post(
        "/api/create_session",
        &session_form(court_1, james, day, "11:00", "13:00"),
        Some(&tutor),
    );
    assert_eq!(clash.status, 409, "{}", clash.body);
    assert!(
        clash
            .body
            .contains("Court 1 is taken by Tennis, 10:00–12:00 on Tue 5 Jan."),
        "{}",
        clash.body
    );
    assert!(
        clash
            .body
            .contains("Free instead: 11:00–13:00 on Tue 5 Jan in Court 2"),
        "{}",
        clash.body
    );

    // The same lead cannot be in two places at once.
    let court_2 = space_named(&db, "Court 2").await;
    let busy = server.post(
        "/api/create_session",
        &session_form(court_2, priya, day, "11:30", "12:30"),
        Some(&tutor),
    );
    assert_eq!(busy.status, 409, "{}", busy.body);
    assert!(
        busy.body.contains("Priya Shah is leading Tennis"),
        "{}",
        busy.body
    );

    // Outside opening hours (the tennis club opens at 08:00).
    let early = server.post(
        "/api/create_session",
        &session_form(court_2, james, day, "07:00", "09:00"),
        Some(&tutor),
    );
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.body.contains("open 08:00–21:00"), "{}", early.body);

    // A second session, then moving the first onto it is refused and changes nothing.
    let second = server.post(
        "/api/create_session",
        &session_form(court_1, priya, day, "14:00", "15:00"),
        Some(&tutor),
    );
    assert_eq!(second.status, 200, "{}", second.body);
    let onto = format!("id={first_id}&space={court_1}&date={day}&start=13:30&end=15:30");
    let refused = server.post("/api/move_session", &onto, Some(&tutor));
    assert_eq!(refused.status, 409, "{}", refused.body);
    let start: NaiveDateTime = on!(
        &db,
        query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
            .bind(first_id)
            .fetch_one
    )
    .unwrap();
    assert_eq!(start, day.and_hms_opt(10, 0, 0).unwrap());
    let free = format!("id={first_id}&space={court_2}&date={day}&start=16:00&end=18:00");
    let moved = server.post("/api/move_session", &free, Some(&tutor));
    assert_eq!(moved.status, 200, "{}", moved.body);

    // A mentor who does not lead it cannot move or cancel it; the coordinator can.
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let other = server.post("/api/move_session", &free, Some(&mentor));
    assert_eq!(other.status, 403, "{}", other.body);
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let cancel = format!("id={first_id}&reason=Rain");
    let cancelled = server.post("/api/cancel_session", &cancel, Some(&coordinator));
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    // The cancelled session frees Court 2 for someone else.
    let again = server.post(
        "/api/create_session",
        &session_form(court_2, james, day, "16:00", "18:00"),
        Some(&tutor),
    );
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn twenty_simultaneous_bookings_of_one_space_let_exactly_one_through() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let court = space_named(&db, "Court 2").await;
    // Twenty requests at staggered start times, every one overlapping every other.
    let lead = person(&db, "sarah.coordinator@example.org").await;
    let day = quiet_tuesday();
    let replies: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..20)
            .map(|n| {
                let (server, coordinator) = (&server, &coordinator);
                let start = format!("{:02}:{:02}", 10 + n / 4, (n % 4) * 15);
                scope.spawn(move || {
                    let form = session_form(court, lead, day, &start, "16:00");
                    server
                        .post("/api/create_session", &form, Some(coordinator))
                        .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        replies.iter().filter(|&&s| s == 200).count(),
        1,
        "{replies:?}"
    );
    assert_eq!(
        replies.iter().filter(|&&s| s == 409).count(),
        19,
        "{replies:?}"
    );
    let on_court: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM sessions WHERE space_id = $1 AND date(starts_at) = $2",)
            .bind(court)
            .bind(day)
            .fetch_one
    )
    .unwrap();
    assert_eq!(on_court, 1);
}

fn at(day: i64, quarter: u32) -> NaiveDateTime {
    (quiet_tuesday() + Duration::days(day)).and_time(NaiveTime::MIN)
        + Duration::minutes(15 * i64::from(quarter))
}

/// (space name, lead index, day, start quarter, length in quarters)
fn arbitrary_request() -> impl Strategy<Value = (usize, usize, i64, u32, u32)> {
    (0usize..5, 0usize..3, 0i64..2, 36u32..64, 1u32..12)
}

const SPACES: [&str; 5] = [
    "Main hall",
    "Hall, stage end",
    "Hall, door end",
    "Court 1",
    "Kitchen",
];
const LEADS: [&str; 3] = [
    "priya.tutor@example.org",
    "james.mentor@example.org",
    "david.teamleader@example.org",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The browser's rules and the database's triggers agree: for random requests, a direct
    /// INSERT (triggers only, no Rust check) succeeds exactly when the shared rules say "free".
    #[test]
    fn the_database_and_the_shared_rules_agree(
        requests in proptest::collection::vec(arbitrary_request(), 1..30),
        buffer in 0i64..3,
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let test = TestDb::new().await;
            crate::common::load_demo(&test.db, crate::common::a_wednesday()).await.unwrap();
            run!(&test.db, query("UPDATE programme_settings SET changeover_buffer_minutes = $1")
                .bind(buffer * 15)
                .execute).unwrap();
            for (space, lead, day, start, length) in requests {
                let space = SpaceId(space_named(&test.db, SPACES[space]).await);
                let lead = PersonId(person(&test.db, LEADS[lead]).await);
                let proposal = Proposal {
                    id: None,
                    space,
                    leads: vec![lead],
                    starts_at: at(day, start),
                    ends_at: at(day, (start + length).min(95)),
                };
                let calendar = planning::calendar(&test.db, at(-1, 0), at(3, 0)).await.unwrap();
                let rules_free = calendar.clashes(&proposal).is_empty();
                // The two rows in one transaction, checked by the database's own rules only.
                macro_rules! insert_led_session { ($pool:expr) => { async {
                let mut tx = $pool.begin().await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
                         VALUES (1, $1, $2, $3, 8) RETURNING id",
                    )
                    .bind(space)
                    .bind(proposal.starts_at)
                    .bind(proposal.ends_at)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(lead)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await
                } } }
                let inserted = match &test.db {
                    Db::Sqlite(pool) => insert_led_session!(pool).await,
                    Db::Postgres(pool) => insert_led_session!(pool).await,
                };
                let database_free = inserted.is_ok();
                assert_eq!(database_free, rules_free, "{proposal:?}: {inserted:?}");
            }
        });
    }
}
