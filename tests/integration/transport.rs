//! Transport in the database and through the real server: a planned day never overfills a
//! vehicle or gives a seat twice (also with 50 requests for the last seat at once); cancelling
//! frees the seats; the driver sees only their published runs with first name and initial;
//! changes after publishing are flagged. The driver's ticks have their own file, `ticks`.

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::access::{cookie_for, demo_server};
use crate::admin::ok;
use crate::common::{a_wednesday, load_demo, TestDb};
use turnaround::data::values::Clock;
use turnaround::data::Db;
use turnaround::people::{PersonId, Role};
use turnaround::scheduling::enrolment::{Enrolled, Reach};
use turnaround::scheduling::session::SessionId;
use turnaround::scheduling::use_cases::enrolment as enrolment_changes;
use turnaround::transport::allocate::{lowest_free_seat, BookingId};
use turnaround::transport::use_cases as run_changes;
use turnaround::transport::RunId;

/// Every run's seats are within its vehicle, and nobody has two seats the same way.
async fn assert_never_overfull(db: &Db) {
    let over: i64 = on!(db, query_scalar(
        "SELECT count(*) FROM runs r WHERE
             (SELECT count(*) FROM run_seats s WHERE s.run_id = r.id AND s.seat_kind = 'seat') > r.seats
          OR (SELECT count(*) FROM run_seats s WHERE s.run_id = r.id AND s.seat_kind = 'wheelchair')
             > r.wheelchair_spaces",
    )
    .fetch_one)
    .unwrap();
    assert_eq!(over, 0, "a run holds more passengers than seats");
    let twice: i64 =
        on!(db, query_scalar(
        "SELECT count(*) FROM (SELECT booking_id FROM run_seats GROUP BY booking_id, direction
                               HAVING count(*) > 1) AS doubled",
    )
    .fetch_one)
        .unwrap();
    assert_eq!(twice, 0, "someone has two seats the same way");
}

#[tokio::test]
async fn a_planned_fortnight_fits_its_vehicles_and_cancelling_frees_both_seats() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let seats: i64 = on!(
        &test.db,
        query_scalar("SELECT count(*) FROM run_seats").fetch_one
    )
    .unwrap();
    assert!(seats > 0, "the demo plans transport");
    assert_never_overfull(&test.db).await;
    // Every outbound stop time is before its run reaches the venue, which is before the start.
    let stops: Vec<(Clock, Clock, NaiveDateTime)> = on!(
        &test.db,
        query_as(
            "SELECT st.at, r.arrives_at, s.starts_at FROM run_seats rs
         JOIN runs r ON r.id = rs.run_id AND r.direction = 'outbound'
         JOIN bookings b ON b.id = rs.booking_id JOIN sessions s ON s.id = b.session_id
         JOIN run_stops st ON st.run_id = r.id AND st.pickup_point_id = rs.pickup_point_id",
        )
        .fetch_all
    )
    .unwrap();
    let late = stops
        .iter()
        .filter(|(at, arrives, starts)| !(at < arrives && arrives.0 <= starts.time()))
        .count();
    assert_eq!(late, 0);

    let booking: i64 = on!(
        &test.db,
        query_scalar("SELECT booking_id FROM run_seats LIMIT 1").fetch_one
    )
    .unwrap();
    run!(
        &test.db,
        query("UPDATE bookings SET status = 'cancelled' WHERE id = $1")
            .bind(booking)
            .execute
    )
    .unwrap();
    let left: i64 = on!(
        &test.db,
        query_scalar("SELECT count(*) FROM run_seats WHERE booking_id = $1")
            .bind(booking)
            .fetch_one
    )
    .unwrap();
    assert_eq!(left, 0, "cancelling frees the seat both ways");
}

/// A day at one venue with `riders` booked participants from one pick-up point, and one run
/// for a vehicle with 7 passenger seats that calls there. Returns the run and the bookings.
async fn one_run_and_riders(db: &Db, riders: usize) -> (RunId, Vec<BookingId>) {
    for sql in [
        "INSERT INTO pickup_points (id, name, landmark, latitude, longitude)
         VALUES (1, 'Station', 'bus shelter', 51.75, -0.33)",
        "INSERT INTO venues (id, name, address, latitude, longitude)
         VALUES (1, 'Lakeside', 'Lake Road', 51.76, -0.22)",
        "INSERT INTO venue_spaces (id, venue_id, name) VALUES (1, 1, 'Pegs')",
        "INSERT INTO activities (id, name, kind, default_duration_minutes, default_capacity)
         VALUES (1, 'Fishing', 'sport', 330, 100)",
        "INSERT INTO sessions (id, activity_id, space_id, starts_at, ends_at, capacity)
         VALUES (1, 1, 1, '2026-03-03 10:00:00', '2026-03-03 15:30:00', 100)",
        "INSERT INTO vehicles (id, name, registration, seats_including_driver)
         VALUES (1, 'Carrier', 'AB12 CDE', 8)",
        "INSERT INTO runs (id, run_date, direction, venue_id, vehicle_id, seats, wheelchair_spaces,
                           departs_at, arrives_at, driving_minutes)
         VALUES (1, '2026-03-03', 'outbound', 1, 1, 7, 0, '09:20', '09:50', 30)",
        "INSERT INTO run_stops (run_id, pickup_point_id, stop_order, at)
         VALUES (1, 1, 1, '09:30')",
    ] {
        run!(db, query(sql).execute).unwrap();
    }
    let mut bookings = Vec::new();
    for i in 0..riders {
        let person = add_rider(db, i).await;
        let booking: i64 = on!(
            db,
            query_scalar(
                "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
             VALUES (1, $1, 'booked', TRUE) RETURNING id",
            )
            .bind(person)
            .fetch_one
        )
        .unwrap();
        bookings.push(BookingId(booking));
    }
    (RunId(1), bookings)
}

/// A participant who needs a lift from the Station, not booked on anything yet.
async fn add_rider(db: &Db, i: usize) -> PersonId {
    let person: PersonId = on!(
        db,
        query_scalar(
            "INSERT INTO people (given_name, family_name) VALUES ('Rider', $1) RETURNING id",
        )
        .bind(format!("Number{i}"))
        .fetch_one
    )
    .unwrap();
    run!(
        db,
        query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'participant')")
            .bind(person)
            .execute
    )
    .unwrap();
    run!(
        db,
        query(
            "INSERT INTO participants (person_id, default_pickup_point_id, referral_source,
                                   referral_date)
         VALUES ($1, 1, 'self', '2026-01-01')",
        )
        .bind(person)
        .execute
    )
    .unwrap();
    person
}

async fn seat_of(db: &Db, person: PersonId) -> Option<i64> {
    on!(
        db,
        query_scalar(
            "SELECT rs.seat_number FROM run_seats rs JOIN bookings b ON b.id = rs.booking_id
         WHERE b.participant_id = $1",
        )
        .bind(person)
        .fetch_optional
    )
    .unwrap()
}

#[tokio::test]
async fn a_booking_holds_a_seat_and_the_waitlist_moves_up_into_it() {
    let test = TestDb::new().await;
    let (_, _) = one_run_and_riders(&test.db, 0).await;
    run!(
        &test.db,
        query("UPDATE sessions SET capacity = 1 WHERE id = 1").execute
    )
    .unwrap();
    let (amy, ben) = (add_rider(&test.db, 1).await, add_rider(&test.db, 2).await);
    let session = SessionId(1);
    let booked = enrolment_changes::enrol(&test.db, session, amy, amy, Reach::Everyone)
        .await
        .unwrap();
    assert_eq!(booked, Ok(Enrolled::Booked));
    assert_eq!(
        seat_of(&test.db, amy).await,
        Some(1),
        "booking holds a seat on the run"
    );
    let waiting = enrolment_changes::enrol(&test.db, session, ben, ben, Reach::Everyone)
        .await
        .unwrap();
    assert!(matches!(waiting, Ok(Enrolled::Waitlisted { .. })));
    assert_eq!(
        seat_of(&test.db, ben).await,
        None,
        "the waitlist has no seat"
    );
    let promoted = enrolment_changes::cancel(&test.db, session, amy, amy, false)
        .await
        .unwrap();
    assert_eq!(promoted, Some(ben));
    assert_eq!(
        seat_of(&test.db, amy).await,
        None,
        "cancelling frees the seat"
    );
    assert_eq!(
        seat_of(&test.db, ben).await,
        Some(1),
        "the promoted rider takes it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_requests_for_the_last_seat_take_it_exactly_once() {
    let test = TestDb::new().await;
    let (run, bookings) = one_run_and_riders(&test.db, 56).await;
    for booking in &bookings[..6] {
        run_changes::take_seat(&test.db, run, *booking)
            .await
            .unwrap();
    }
    let tasks: Vec<_> = bookings[6..]
        .iter()
        .map(|booking| {
            let (db, booking) = (test.db.clone(), *booking);
            tokio::spawn(async move { run_changes::take_seat(&db, run, booking).await })
        })
        .collect();
    assert_eq!(tasks.len(), 50);
    let mut taken = Vec::new();
    let mut refused = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(seat) => taken.push(seat),
            Err(error) => refused.push(error.to_string()),
        }
    }
    assert_eq!(
        taken,
        vec![7],
        "exactly one gets the last seat: {refused:?}"
    );
    assert!(
        refused
            .iter()
            .all(|r| r.contains("No seat left") || r.contains("just been taken")),
        "{refused:?}"
    );
    let on_board: i64 = on!(
        &test.db,
        query_scalar("SELECT count(*) FROM run_seats WHERE run_id = 1").fetch_one
    )
    .unwrap();
    assert_eq!(on_board, 7);
    assert_never_overfull(&test.db).await;
    // And the schema itself refuses an eighth seat on a 7-seat run, whoever writes it.
    let forced = run!(&test.db, query(
        "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind, seat_number)
         VALUES (1, $1, 'outbound', 1, 'seat', 8)",
    )
    .bind(bookings[55])
    .execute);
    assert!(forced.is_err());
}

/// The demo's first day with a published outbound run for the demo driver (Mick).
pub(crate) async fn published_day(db: &Db) -> (NaiveDate, RunId) {
    on!(
        db,
        query_as(
            "SELECT r.run_date, r.id FROM runs r JOIN accounts a ON a.person_id = r.driver_id
         WHERE a.username = 'mick.driver@example.org' AND r.published_at IS NOT NULL
           AND r.direction = 'outbound'
           AND EXISTS (SELECT 1 FROM run_seats WHERE run_id = r.id)
         ORDER BY r.run_date, r.id LIMIT 1",
        )
        .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn the_driver_sees_first_names_ticks_and_changes_since_publishing() {
    let (server, db, _dir) = demo_server().await;
    let (date, run) = published_day(&db).await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;

    let list = ok(
        &server,
        "/api/pickup_list",
        &format!("date={date}"),
        &driver,
    );
    let day: serde_json::Value = serde_json::from_str(&list).unwrap();
    let passenger = &day["runs"][0]["stops"][0]["passengers"][0];
    let (booking, name) = (
        passenger["booking"].as_i64().unwrap(),
        passenger["name"].as_str().unwrap().to_string(),
    );
    // "Daniel H.": a first name and an initial, never the family name or referral data.
    let family: String = on!(&db, query_scalar(
        "SELECT p.family_name FROM bookings b JOIN people p ON p.id = b.participant_id WHERE b.id = $1",
    )
    .bind(booking)
    .fetch_one)
    .unwrap();
    assert!(name.ends_with(&format!(" {}.", &family[..1])), "{name}");
    assert!(!list.contains(&family), "the family name is not sent");
    assert!(!list.contains("referral") && !list.contains("probation"));

    // On the way back, whether each passenger came out is unknown until the morning is ticked.
    let came_out = |list: &str| -> Option<serde_json::Value> {
        let day: serde_json::Value = serde_json::from_str(list).unwrap();
        day["runs"].as_array().unwrap().iter().find_map(|run| {
            run["stops"].as_array().unwrap().iter().find_map(|stop| {
                stop["passengers"].as_array().unwrap().iter().find_map(|p| {
                    (run["direction"] == "return" && p["booking"] == booking)
                        .then(|| p["came_out"].clone())
                })
            })
        })
    };
    let drives_back: bool = on!(&db, query_scalar(
        "SELECT EXISTS (SELECT 1 FROM run_seats rs JOIN runs r ON r.id = rs.run_id
                        JOIN accounts a ON a.person_id = r.driver_id
                        WHERE rs.booking_id = $1 AND r.direction = 'return'
                          AND r.published_at IS NOT NULL AND a.username = 'mick.driver@example.org')",
    )
    .bind(booking)
    .fetch_one)
    .unwrap();
    let unknown = drives_back.then_some(serde_json::Value::Null);
    assert_eq!(came_out(&list), unknown);

    // The driver marks them "not here" (the order of late ticks is tested in `ticks`).
    ok(
        &server,
        "/api/mark_passenger",
        &format!("run={run}&booking={booking}&mark=not_here"),
        &driver,
    );
    let mark: Option<String> = on!(
        &db,
        query_scalar("SELECT boarding FROM run_seats WHERE run_id = $1 AND booking_id = $2")
            .bind(run)
            .bind(booking)
            .fetch_one
    )
    .unwrap();
    assert_eq!(mark.as_deref(), Some("not_here"));
    let list = ok(
        &server,
        "/api/pickup_list",
        &format!("date={date}"),
        &driver,
    );
    let did_not = drives_back.then_some(serde_json::Value::Bool(false));
    assert_eq!(came_out(&list), did_not);

    // Odometer: the end below the start is refused in words, nothing written.
    ok(
        &server,
        "/api/save_odometer",
        &format!("run={run}&start=48213"),
        &driver,
    );
    let refused = server.post(
        "/api/save_odometer",
        &format!("run={run}&end=48000"),
        Some(&driver),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("cannot be less"), "{}", refused.body);

    // The coordinator cancels that passenger's place: the driver's list flags it.
    assert!(!ok(
        &server,
        "/api/transport_board",
        &format!("date={date}"),
        &coordinator
    )
    .contains("\"changed_since_published\":true"));
    run!(
        &db,
        query("UPDATE bookings SET status = 'cancelled' WHERE id = $1")
            .bind(booking)
            .execute
    )
    .unwrap();
    let board = ok(
        &server,
        "/api/transport_board",
        &format!("date={date}"),
        &coordinator,
    );
    assert!(
        board.contains("\"changed_since_published\":true"),
        "{board}"
    );
    let list = ok(
        &server,
        "/api/pickup_list",
        &format!("date={date}"),
        &driver,
    );
    assert!(
        list.contains(&format!("No longer riding: {name}")),
        "{list}"
    );

    // Another day's list holds only that day's runs; the board refuses the driver.
    let next = date.checked_add_days(Days::new(1)).unwrap();
    let other = ok(
        &server,
        "/api/pickup_list",
        &format!("date={next}"),
        &driver,
    );
    assert!(other.contains(&format!("\"date\":\"{next}\"")));
    let board = server.post("/api/transport_board", "", Some(&driver));
    assert_eq!(board.status, 403);
}

#[tokio::test]
async fn moving_a_passenger_locks_them_and_re_planning_keeps_them_there() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    // A day with two outbound runs to the same venue.
    let (date, from, to): (NaiveDate, RunId, RunId) = on!(
        &db,
        query_as(
            "SELECT a.run_date, a.id, b.id FROM runs a JOIN runs b
             ON b.run_date = a.run_date AND b.venue_id = a.venue_id AND b.direction = a.direction
            AND b.id <> a.id
         WHERE a.direction = 'outbound' AND EXISTS (SELECT 1 FROM run_seats WHERE run_id = a.id)
         ORDER BY a.run_date LIMIT 1",
        )
        .fetch_one
    )
    .unwrap();
    let booking: BookingId = on!(
        &db,
        query_scalar("SELECT booking_id FROM run_seats WHERE run_id = $1 LIMIT 1")
            .bind(from)
            .fetch_one
    )
    .unwrap();
    let taken: Vec<i64> = on!(
        &db,
        query_scalar("SELECT seat_number FROM run_seats WHERE run_id = $1 AND seat_kind = 'seat'")
            .bind(to)
            .fetch_all
    )
    .unwrap();
    let free =
        i64::from(lowest_free_seat(7, |n| taken.contains(&i64::from(n))).expect("a free seat"));
    let form = format!("booking={booking}&run={to}&seat={free}");
    let reply = server.post("/api/move_passenger", &form, Some(&coordinator));
    if reply.status == 409 {
        // The other run cannot reach that stop in time: refused in words, nothing moved.
        assert!(reply.body.contains("cannot take them"), "{}", reply.body);
        // The solver's slugs ("pickup-3") are turned into the places' names.
        assert!(!reply.body.contains("pickup-"), "{}", reply.body);
        return;
    }
    assert_eq!(reply.status, 200, "{}", reply.body);
    let seat = |db: Db| async move {
        on!(
            &db,
            query_as::<_, (RunId, i64, bool)>(
                "SELECT run_id, seat_number, locked FROM run_seats
             WHERE booking_id = $1 AND direction = 'outbound'",
            )
            .bind(booking)
            .fetch_one
        )
        .unwrap()
    };
    assert_eq!(seat(db.clone()).await, (to, free, true));
    ok(
        &server,
        "/api/plan_transport",
        &format!("date={date}"),
        &coordinator,
    );
    assert_eq!(
        seat(db.clone()).await,
        (to, free, true),
        "re-planning keeps a locked seat"
    );
    assert_never_overfull(&db).await;
    // A seat that does not exist is refused in words.
    let form = format!("booking={booking}&run={to}&seat=12");
    let reply = server.post("/api/move_passenger", &form, Some(&coordinator));
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("no seat 12"), "{}", reply.body);
}
