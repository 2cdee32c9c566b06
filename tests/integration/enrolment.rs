//! Enrolment through the real server: capacity holds under 30 simultaneous enrolments, the
//! waitlist is promoted in order when someone cancels (and the promoted participant sees it),
//! and people kept apart are never on one session — the tutor is told only to ask. More places
//! go to the people waiting, in order.

use chrono::NaiveDate;

use crate::access::{cookie_for, demo_server};
use crate::common::led_session;
use turnaround::data::Db;
use turnaround::people::Role;

/// A new session with `capacity` places on a quiet day, led by the demo tutor.
async fn empty_session(db: &Db, capacity: i64) -> i64 {
    let day = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    let at = |hour| day.and_hms_opt(hour, 0, 0).unwrap();
    led_session(db, "Court 1", at(10), at(12), capacity).await
}

pub(crate) async fn participants(db: &Db) -> Vec<i64> {
    on!(
        db,
        query_scalar("SELECT person_id FROM participants ORDER BY person_id").fetch_all
    )
    .unwrap()
}

async fn statuses(db: &Db, session: i64) -> (i64, i64) {
    on!(
        db,
        query_as(
            "SELECT count(*) FILTER (WHERE status = 'booked'),
                count(*) FILTER (WHERE status = 'waitlisted')
         FROM bookings WHERE session_id = $1",
        )
        .bind(session)
        .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn thirty_simultaneous_enrolments_for_the_last_place_book_exactly_one() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    // Enough participants: the demo's, plus more added here.
    for n in 0..15 {
        let person: i64 =
            on!(&db, query_scalar(
            "INSERT INTO people (given_name, family_name) VALUES ('Extra', $1) RETURNING id",
        )
        .bind(format!("Person{n}"))
        .fetch_one)
            .unwrap();
        run!(
            &db,
            query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'participant')")
                .bind(person)
                .execute
        )
        .unwrap();
        run!(
            &db,
            query(
                "INSERT INTO participants (person_id, referral_source, referral_date)
             VALUES ($1, 'self', '2026-11-01')",
            )
            .bind(person)
            .execute
        )
        .unwrap();
    }
    // A tutor adds only the activity's group (and their own mentees): all of them join it.
    run!(
        &db,
        query(
            "INSERT INTO activity_group_members (activity_id, participant_id, added_by)
         SELECT 1, person_id, (SELECT person_id FROM person_roles WHERE role = 'coordinator')
         FROM participants WHERE TRUE -- SQLite reads ON CONFLICT after a bare FROM as a join
         ON CONFLICT DO NOTHING",
        )
        .execute
    )
    .unwrap();
    let everyone = participants(&db).await;
    assert!(everyone.len() >= 31);
    let session = empty_session(&db, 2).await;
    let first = server.post(
        "/api/enrol",
        &format!("session={session}&participant={}", everyone[0]),
        Some(&tutor),
    );
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body, "\"Booked\"");

    let replies: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = everyone[1..31]
            .iter()
            .map(|participant| {
                let (server, tutor) = (&server, &tutor);
                let form = format!("session={session}&participant={participant}");
                scope.spawn(move || {
                    let reply = server.post("/api/enrol", &form, Some(tutor));
                    (reply.status, reply.body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        replies.iter().all(|(status, _)| *status == 200),
        "{replies:?}"
    );
    let booked = replies
        .iter()
        .filter(|(_, body)| body == "\"Booked\"")
        .count();
    assert_eq!(booked, 1, "{replies:?}");
    assert_eq!(statuses(&db, session).await, (2, 29));
    // Waitlist positions are 1..=29, each given once.
    let mut positions: Vec<u64> = replies
        .iter()
        .filter_map(|(_, body)| {
            let value: serde_json::Value = serde_json::from_str(body).ok()?;
            value["Waitlisted"]["position"].as_u64()
        })
        .collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=29).collect::<Vec<u64>>());
}

#[tokio::test]
async fn a_cancellation_promotes_the_first_waiting_who_then_sees_the_session() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let session = empty_session(&db, 1).await;
    let daniel: i64 = on!(
        &db,
        query_scalar("SELECT person_id FROM accounts WHERE username = 'daniel.hughes'").fetch_one
    )
    .unwrap();
    let others: Vec<i64> = participants(&db)
        .await
        .into_iter()
        .filter(|&p| p != daniel)
        .take(2)
        .collect();
    for participant in [others[0], daniel, others[1]] {
        let reply = server.post(
            "/api/enrol",
            &format!("session={session}&participant={participant}"),
            Some(&tutor),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    // Enrolling twice is refused in words.
    let twice = server.post(
        "/api/enrol",
        &format!("session={session}&participant={daniel}"),
        Some(&tutor),
    );
    assert_eq!(twice.status, 409);
    assert!(twice.body.contains("already on this session's waitlist"));

    let cancel = server.post(
        "/api/cancel_booking",
        &format!("session={session}&participant={}", others[0]),
        Some(&tutor),
    );
    assert_eq!(cancel.status, 200, "{}", cancel.body);
    assert_eq!(statuses(&db, session).await, (1, 1));
    let promoted: String = on!(
        &db,
        query_scalar(
            "SELECT e.event FROM booking_events e JOIN bookings b ON b.id = e.booking_id
         WHERE b.session_id = $1 AND b.participant_id = $2 ORDER BY e.id DESC LIMIT 1",
        )
        .bind(session)
        .bind(daniel)
        .fetch_one
    )
    .unwrap();
    assert_eq!(promoted, "promoted");

    let own = server.sign_in("daniel.hughes", None);
    let mine = server.post("/api/my_activities", "", Some(&own));
    let mine: serde_json::Value = serde_json::from_str(&mine.body).unwrap();
    let mine = mine["upcoming"].as_array().unwrap();
    let this = mine
        .iter()
        .find(|b| b["session_id"].as_i64() == Some(session))
        .expect("the promoted participant sees the session");
    assert_eq!(this["booking_status"], "booked");
}

#[tokio::test]
async fn people_kept_apart_are_never_on_one_session_and_only_the_coordinator_hears_why() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let session = empty_session(&db, 8).await;
    let pair = participants(&db).await;
    let (a, b) = (pair[0], pair[1]);
    run!(
        &db,
        query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, $3)")
            .bind(a.min(b))
            .bind(a.max(b))
            .bind("Victim and offender in the same case")
            .execute
    )
    .unwrap();
    let first = server.post(
        "/api/enrol",
        &format!("session={session}&participant={a}"),
        Some(&tutor),
    );
    assert_eq!(first.status, 200, "{}", first.body);
    let refused = server.post(
        "/api/enrol",
        &format!("session={session}&participant={b}"),
        Some(&tutor),
    );
    assert_eq!(refused.status, 409);
    assert!(
        refused.body.contains("Not possible — ask the coordinator."),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("Victim"));
    let told = server.post(
        "/api/enrol",
        &format!("session={session}&participant={b}"),
        Some(&coordinator),
    );
    assert_eq!(told.status, 409);
    assert!(told.body.contains("Victim and offender"), "{}", told.body);
    // The database refuses it too, whoever writes.
    let direct = run!(&db, query(
        "INSERT INTO bookings (session_id, participant_id, status, needs_lift) VALUES ($1, $2, 'booked', FALSE)",
    )
    .bind(session)
    .bind(b)
    .execute);
    assert!(direct.is_err());
}

#[tokio::test]
async fn more_places_go_to_the_people_waiting_in_order_and_fewer_than_booked_are_refused() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let session = empty_session(&db, 1).await;
    let three: Vec<i64> = participants(&db).await.into_iter().take(3).collect();
    for participant in &three {
        let reply = server.post(
            "/api/enrol",
            &format!("session={session}&participant={participant}"),
            Some(&coordinator),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(statuses(&db, session).await, (1, 2));
    let places = |capacity: &str| format!("id={session}&capacity={capacity}");

    for unreadable in ["0", "101", "two", ""] {
        let reply = server.post(
            "/api/set_session_capacity",
            &places(unreadable),
            Some(&tutor),
        );
        assert_eq!(reply.status, 400, "{unreadable}: {}", reply.body);
        assert!(
            reply.body.contains("a whole number from 1 to 100"),
            "{}",
            reply.body
        );
    }
    let participant = server.sign_in("daniel.hughes", None);
    let refused = server.post(
        "/api/set_session_capacity",
        &places("9"),
        Some(&participant),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);

    // One more place: the first waiting gets it; then a third for the last one waiting.
    for (capacity, booked) in [("2", 2), ("5", 3)] {
        let reply = server.post("/api/set_session_capacity", &places(capacity), Some(&tutor));
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(statuses(&db, session).await, (booked, 3 - booked));
    }
    let promoted: Vec<i64> = on!(
        &db,
        query_scalar(
            "SELECT b.participant_id FROM booking_events e JOIN bookings b ON b.id = e.booking_id
             WHERE b.session_id = $1 AND e.event = 'promoted' ORDER BY e.id",
        )
        .bind(session)
        .fetch_all
    )
    .unwrap();
    assert_eq!(promoted, three[1..], "first come, first served");

    let fewer = server.post("/api/set_session_capacity", &places("2"), Some(&tutor));
    assert_eq!(fewer.status, 409, "{}", fewer.body);
    assert!(
        fewer
            .body
            .contains("There are already 3 people with a place"),
        "{}",
        fewer.body
    );
    let capacity: i64 = on!(
        &db,
        query_scalar("SELECT capacity FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one
    )
    .unwrap();
    assert_eq!(capacity, 5, "a refusal changes nothing");
}
