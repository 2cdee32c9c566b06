//! The participant's own page through the real server: their pick-up from the published runs
//! and who to ask for; "I can't come" frees the place and both seats and moves the waitlist up,
//! late inside the cut-off; "I'll get there myself" and "I need a lift" give up and take seats;
//! a moved or cancelled session is marked until they say they have seen it; and refusals are
//! sentences that change nothing.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

use crate::access::demo_server;
use crate::common::app::Server;
use crate::common::led_session;
use turnaround::data::values::Clock;
use turnaround::data::Db;
use turnaround::my_activities::words;
use turnaround::people::PersonId;
use turnaround::scheduling::enrolment::Reach;
use turnaround::scheduling::session::SessionId;
use turnaround::scheduling::use_cases::enrolment as enrolment_changes;

/// A booked seat on a published outbound run from tomorrow on: (session, participant, their
/// sign-in name, their stop's time, the stop's name).
async fn a_published_rider(db: &Db) -> (i64, i64, String, String, String) {
    let tomorrow = chrono::Utc::now().date_naive().succ_opt().unwrap();
    let (session, participant, name, at, stop): (i64, i64, String, Clock, String) = on!(
        db,
        query_as(
            "SELECT b.session_id, b.participant_id, a.username, st.at, p.name
         FROM run_seats rs
         JOIN runs r ON r.id = rs.run_id AND r.published_at IS NOT NULL
         JOIN run_stops st ON st.run_id = r.id AND st.pickup_point_id = rs.pickup_point_id
         JOIN pickup_points p ON p.id = rs.pickup_point_id
         JOIN bookings b ON b.id = rs.booking_id
         JOIN sessions s ON s.id = b.session_id
         JOIN accounts a ON a.person_id = b.participant_id
         WHERE rs.direction = 'outbound' AND s.starts_at >= $1
         ORDER BY s.starts_at, b.participant_id LIMIT 1",
        )
        .bind(tomorrow.and_time(chrono::NaiveTime::MIN))
        .fetch_one
    )
    .expect("the demo publishes runs with riders");
    (session, participant, name, at.to_string(), stop)
}

/// A new session on Court 1 on `date` from 10:00 to 12:00 with `capacity` places, led by the
/// demo tutor.
async fn new_session(db: &Db, date: &str, capacity: i64) -> i64 {
    let day: NaiveDate = date.parse().unwrap();
    let at = |hour| day.and_hms_opt(hour, 0, 0).unwrap();
    led_session(db, "Court 1", at(10), at(12), capacity).await
}

/// Two demo participants with sign-in names: (id, name).
async fn two_participants(db: &Db) -> [(i64, String); 2] {
    let rows: Vec<(i64, String)> = on!(
        db,
        query_as(
            "SELECT p.person_id, a.username FROM participants p
         JOIN accounts a ON a.person_id = p.person_id ORDER BY p.person_id LIMIT 2",
        )
        .fetch_all
    )
    .unwrap();
    [rows[0].clone(), rows[1].clone()]
}

async fn enrol(db: &Db, session: i64, person: i64) {
    enrolment_changes::enrol(
        db,
        SessionId(session),
        PersonId(person),
        PersonId(person),
        Reach::Everyone,
    )
    .await
    .unwrap()
    .unwrap();
}

fn calendar(server: &Server, cookie: &str) -> Value {
    let reply = server.post("/api/my_activities", "", Some(cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

fn card(calendar: &Value, session: i64) -> Value {
    calendar["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["session_id"].as_i64() == Some(session))
        .cloned()
        .unwrap_or_else(|| panic!("session {session} not shown: {calendar}"))
}

async fn booking_status(db: &Db, session: i64, person: i64) -> String {
    on!(
        db,
        query_scalar("SELECT status FROM bookings WHERE session_id = $1 AND participant_id = $2")
            .bind(session)
            .bind(person)
            .fetch_one
    )
    .unwrap()
}

async fn seats_of(db: &Db, session: i64, person: i64) -> i64 {
    on!(
        db,
        query_scalar(
            "SELECT count(*) FROM run_seats rs JOIN bookings b ON b.id = rs.booking_id
         WHERE b.session_id = $1 AND b.participant_id = $2",
        )
        .bind(session)
        .bind(person)
        .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn a_participant_sees_their_pickup_and_who_to_ask_for_in_words() {
    let (server, db, _dir) = demo_server().await;
    let (session, _, name, at, point) = a_published_rider(&db).await;
    let cookie = server.sign_in(&name, None);
    let shown = card(&calendar(&server, &cookie), session);
    assert_eq!(shown["ride"]["pickup_at"], at.as_str());
    assert_eq!(shown["ride"]["pickup_point"], point.as_str());
    let lead: (String, String) = on!(
        &db,
        query_as(
            "SELECT coalesce(p.preferred_name, p.given_name), p.family_name
         FROM session_leads l JOIN people p ON p.id = l.person_id
         WHERE l.session_id = $1 ORDER BY p.id LIMIT 1",
        )
        .bind(session)
        .fetch_one
    )
    .unwrap();
    assert_eq!(shown["lead"], lead.0.as_str());

    // The page itself, as a phone without JavaScript gets it.
    let page = server.get("/my", Some(&cookie));
    assert_eq!(page.status, 200);
    let said = format!("Pick-up: {} at {point}", words::spoken_time_of(&at));
    assert!(page.body.contains(&said), "{said} not in the page");
    assert!(page.body.contains("Get directions"));
    assert!(page.body.contains("I can&#x27;t come") || page.body.contains("I can't come"));
    assert!(
        !page.body.contains(&lead.1),
        "the lead's family name is not shown"
    );
}

#[tokio::test]
async fn i_cant_come_frees_the_place_and_the_first_waiting_moves_up() {
    let (server, db, _dir) = demo_server().await;
    let [(first, first_name), (second, second_name)] = two_participants(&db).await;
    let session = new_session(&db, "2027-01-12", 1).await;
    enrol(&db, session, first).await;
    enrol(&db, session, second).await;
    let waiting = server.sign_in(&second_name, None);
    assert_eq!(
        card(&calendar(&server, &waiting), session)["waitlist_position"],
        1
    );

    let cookie = server.sign_in(&first_name, None);
    let reply = server.post(
        "/api/cant_come",
        &format!("session={session}"),
        Some(&cookie),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, "false", "weeks ahead is not late");
    assert_eq!(booking_status(&db, session, first).await, "cancelled");
    assert_eq!(booking_status(&db, session, second).await, "booked");
    let events: Vec<(String, Option<i64>)> = on!(&db, query_as(
        "SELECT e.event, e.by_person_id FROM booking_events e JOIN bookings b ON b.id = e.booking_id
         WHERE b.session_id = $1 ORDER BY e.id",
    )
    .bind(session)
    .fetch_all)
    .unwrap();
    assert!(events.contains(&("cancelled".into(), Some(first))));
    assert!(events.contains(&("promoted".into(), None)));
    // The promoted participant sees their place; the one who cannot come sees it cancelled.
    assert_eq!(
        card(&calendar(&server, &waiting), session)["booking_status"],
        "booked"
    );
    assert_eq!(
        card(&calendar(&server, &cookie), session)["booking_status"],
        "cancelled"
    );
    // Saying it twice is a sentence, not a second cancellation.
    let again = server.post(
        "/api/cant_come",
        &format!("session={session}"),
        Some(&cookie),
    );
    assert_eq!(again.status, 404, "{}", again.body);
}

#[tokio::test]
async fn inside_the_cut_off_it_is_a_late_cancellation_and_both_seats_are_freed() {
    let (server, db, _dir) = demo_server().await;
    let (session, person, name, _, _) = a_published_rider(&db).await;
    assert_eq!(seats_of(&db, session, person).await, 2);
    // A week's cut-off puts every demo session of the coming days inside it.
    run!(
        &db,
        query("UPDATE programme_settings SET late_cancel_hours = 168").execute
    )
    .unwrap();
    let starts: chrono::NaiveDateTime = on!(
        &db,
        query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one
    )
    .unwrap();
    let cookie = server.sign_in(&name, None);
    let now = turnaround::server::clock::now_in("Europe/London").unwrap();
    let late = starts - now <= chrono::Duration::hours(168);
    assert_eq!(
        card(&calendar(&server, &cookie), session)["cancel_is_late"],
        late
    );
    let reply = server.post(
        "/api/cant_come",
        &format!("session={session}"),
        Some(&cookie),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, late.to_string());
    let event: String = on!(
        &db,
        query_scalar(
            "SELECT e.event FROM booking_events e JOIN bookings b ON b.id = e.booking_id
         WHERE b.session_id = $1 AND b.participant_id = $2 ORDER BY e.id DESC LIMIT 1",
        )
        .bind(session)
        .bind(person)
        .fetch_one
    )
    .unwrap();
    assert_eq!(event, if late { "late_cancelled" } else { "cancelled" });
    assert_eq!(seats_of(&db, session, person).await, 0, "both seats freed");
}

#[tokio::test]
async fn getting_there_myself_frees_the_seats_and_asking_again_takes_them() {
    let (server, db, _dir) = demo_server().await;
    let (session, person, name, _, _) = a_published_rider(&db).await;
    let cookie = server.sign_in(&name, None);
    calendar(&server, &cookie); // first look: remembered as seen

    let own_way = server.post(
        "/api/set_lift",
        &format!("session={session}&needs_lift=false"),
        Some(&cookie),
    );
    assert_eq!(own_way.status, 200, "{}", own_way.body);
    assert_eq!(seats_of(&db, session, person).await, 0);
    let shown = card(&calendar(&server, &cookie), session);
    assert_eq!(shown["needs_lift"], false);
    assert!(shown["ride"].is_null());
    assert_eq!(
        shown["changes"],
        serde_json::json!([]),
        "their own choice is not news"
    );

    let lift = server.post(
        "/api/set_lift",
        &format!("session={session}&needs_lift=true"),
        Some(&cookie),
    );
    assert_eq!(lift.status, 200, "{}", lift.body);
    assert_eq!(
        seats_of(&db, session, person).await,
        2,
        "the seats they gave up are free for them again"
    );
    assert!(card(&calendar(&server, &cookie), session)["ride"].is_object());
}

#[tokio::test]
async fn a_moved_or_cancelled_session_is_marked_until_they_have_seen_it() {
    let (server, db, _dir) = demo_server().await;
    let [(person, name), _] = two_participants(&db).await;
    let session = new_session(&db, "2027-01-12", 4).await;
    enrol(&db, session, person).await;
    let cookie = server.sign_in(&name, None);
    assert_eq!(
        card(&calendar(&server, &cookie), session)["changes"],
        serde_json::json!([])
    );

    run!(
        &db,
        query(
            "UPDATE sessions SET starts_at = '2027-01-12 11:00:00', ends_at = '2027-01-12 13:00:00'
         WHERE id = $1",
        )
        .bind(session)
        .execute
    )
    .unwrap();
    let moved = card(&calendar(&server, &cookie), session);
    assert_eq!(
        moved["changes"],
        serde_json::json!(["Changed: now at 11 am."])
    );
    // Still marked on the next look (a refresh), until they say they have seen it.
    assert_eq!(
        card(&calendar(&server, &cookie), session)["changes"],
        moved["changes"]
    );
    let page = server.get("/my", Some(&cookie));
    assert!(page.body.contains("Changed: now at 11 am."));
    assert!(page
        .body
        .contains("Something has changed since you last looked."));
    let seen = server.post("/api/seen_changes", "", Some(&cookie));
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(
        card(&calendar(&server, &cookie), session)["changes"],
        serde_json::json!([])
    );

    run!(
        &db,
        query("UPDATE sessions SET status = 'cancelled', cancel_reason = 'Rain' WHERE id = $1")
            .bind(session)
            .execute
    )
    .unwrap();
    let cancelled = card(&calendar(&server, &cookie), session);
    assert_eq!(
        cancelled["changes"],
        serde_json::json!(["Changed: this is now cancelled."])
    );
    assert_eq!(cancelled["cancel_reason"], "Rain");
    let revision: i64 = on!(
        &db,
        query_scalar("SELECT revision FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one
    )
    .unwrap();
    assert_eq!(revision, 2, "moved once, cancelled once");
}

#[tokio::test]
async fn refusals_are_sentences_and_change_nothing() {
    let (server, db, _dir) = demo_server().await;
    let [(person, name), (other, _)] = two_participants(&db).await;
    let cookie = server.sign_in(&name, None);

    // Someone else's session: as if it did not exist.
    let theirs = new_session(&db, "2027-01-12", 4).await;
    enrol(&db, theirs, other).await;
    let reply = server.post(
        "/api/cant_come",
        &format!("session={theirs}"),
        Some(&cookie),
    );
    reply.assert_says(404, "a place for you on that session");
    assert_eq!(booking_status(&db, theirs, other).await, "booked");

    // A session that has already started.
    let started = new_session(&db, "2026-01-06", 4).await;
    enrol(&db, started, person).await;
    let reply = server.post(
        "/api/cant_come",
        &format!("session={started}"),
        Some(&cookie),
    );
    reply.assert_says(409, "This has already started.");
    assert_eq!(booking_status(&db, started, person).await, "booked");

    // A lift with no pick-up point recorded.
    let mine = new_session(&db, "2027-01-19", 4).await;
    enrol(&db, mine, person).await;
    run!(
        &db,
        query("UPDATE bookings SET needs_lift = FALSE WHERE session_id = $1")
            .bind(mine)
            .execute
    )
    .unwrap();
    run!(
        &db,
        query("UPDATE participants SET default_pickup_point_id = NULL WHERE person_id = $1")
            .bind(person)
            .execute
    )
    .unwrap();
    let reply = server.post(
        "/api/set_lift",
        &format!("session={mine}&needs_lift=true"),
        Some(&cookie),
    );
    reply.assert_says(400, "We do not have a pick-up point for you yet.");
    let needs_lift: bool = on!(
        &db,
        query_scalar("SELECT needs_lift FROM bookings WHERE session_id = $1")
            .bind(mine)
            .fetch_one
    )
    .unwrap();
    assert!(!needs_lift);
}

#[tokio::test]
async fn a_late_session_at_the_same_venue_does_not_ride_the_morning_run() {
    let (server, db, _dir) = demo_server().await;
    let (morning, person, name, _, _) = a_published_rider(&db).await;
    // The same space, after the morning's session: no run of that day fits 16:00 to 17:00.
    let day: NaiveDateTime = on!(
        &db,
        query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
            .bind(morning)
            .fetch_one
    )
    .unwrap();
    let at = |hour| day.date().and_hms_opt(hour, 0, 0).unwrap();
    let late: i64 = on!(
        &db,
        query_scalar(
            "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
         SELECT activity_id, space_id, $2, $3, 4
         FROM sessions WHERE id = $1 RETURNING id",
        )
        .bind(morning)
        .bind(at(16))
        .bind(at(17))
        .fetch_one
    )
    .unwrap();
    enrol(&db, late, person).await;
    assert_eq!(seats_of(&db, late, person).await, 0);
    let cookie = server.sign_in(&name, None);
    let shown = card(&calendar(&server, &cookie), late);
    assert!(shown["ride"].is_null(), "{shown}");
    assert_eq!(shown["needs_lift"], true);
}
