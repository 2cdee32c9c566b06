//! A session's page and its register through the real server: only the session's leads and the
//! coordinator see who is on it; the register opens on the day, takes only people booked on the
//! session, is saved whole or not at all, and can be corrected.

use chrono::{Duration, NaiveDate};

use crate::access::{cookie_for, demo_server};
use crate::common::led_session;
use turnaround::data::Db;
use turnaround::people::Role;

/// A session on `day` in Court 2 led by the demo tutor, with two participants booked.
async fn session_with_two_booked(db: &Db, day: NaiveDate) -> (i64, Vec<i64>) {
    let at = |hour| day.and_hms_opt(hour, 0, 0).unwrap();
    let id = led_session(db, "Court 2", at(19), at(20), 4).await;
    let people: Vec<i64> = on!(
        db,
        query_scalar("SELECT person_id FROM participants ORDER BY person_id LIMIT 2").fetch_all
    )
    .unwrap();
    for person in &people {
        run!(
            db,
            query(
                "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
             VALUES ($1, $2, 'booked', FALSE)",
            )
            .bind(id)
            .bind(person)
            .execute
        )
        .unwrap();
    }
    (id, people)
}

fn today() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

async fn attendance(db: &Db, session: i64) -> Vec<(i64, String, Option<String>)> {
    on!(
        db,
        query_as(
            "SELECT participant_id, outcome, absent_reason FROM attendance
         WHERE session_id = $1 ORDER BY participant_id",
        )
        .bind(session)
        .fetch_all
    )
    .unwrap()
}

async fn name_of(db: &Db, person: i64) -> String {
    on!(
        db,
        query_scalar("SELECT given_name || ' ' || family_name FROM people WHERE id = $1")
            .bind(person)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn only_the_leads_and_the_coordinator_see_who_is_on_a_session() {
    let (server, db, _dir) = demo_server().await;
    let (session, people) = session_with_two_booked(&db, today()).await;
    let booked_name = name_of(&db, people[0]).await;
    let body = format!("id={session}");

    for role in [Role::Tutor, Role::Coordinator] {
        let cookie = cookie_for(&server, &db, role).await;
        let reply = server.post("/api/session_detail", &body, Some(&cookie));
        assert_eq!(reply.status, 200, "{role:?}: {}", reply.body);
        let detail: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(detail["may_change"], true, "{role:?}");
        let names: Vec<&str> = detail["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{role:?}");
        assert!(!reply.body.contains("referral"), "{role:?}");
    }

    // The mentor leads other sessions, not this one: counts only, no names.
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let reply = server.post("/api/session_detail", &body, Some(&mentor));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let detail: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(detail["people"], serde_json::Value::Null);
    assert_eq!(detail["may_change"], false);
    assert_eq!(detail["summary"]["places_taken"], 2);
    assert!(!reply.body.contains(&booked_name), "{}", reply.body);
    assert_eq!(detail["participants"].as_array().unwrap().len(), 0);

    // And they cannot take its register either.
    let refused = server.post(
        "/api/save_register",
        &format!(
            "session={session}&marks[0][participant]={}&marks[0][outcome]=attended",
            people[0]
        ),
        Some(&mentor),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(attendance(&db, session).await.is_empty());
}

#[tokio::test]
async fn the_register_is_saved_whole_corrected_and_refused_before_the_day() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let (session, people) = session_with_two_booked(&db, today()).await;
    let (a, b) = (people[0], people[1]);

    let saved = server.post(
        "/api/save_register",
        &format!(
            "session={session}&marks[0][participant]={a}&marks[0][outcome]=attended\
             &marks[1][participant]={b}&marks[1][outcome]=absent&marks[1][reason]=Hospital+appointment\
             &note=Rain+stopped+play+at+2"
        ),
        Some(&tutor),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        attendance(&db, session).await,
        vec![
            (a, "attended".into(), None),
            (b, "absent".into(), Some("Hospital appointment".into()))
        ]
    );
    let note: Option<String> = on!(
        &db,
        query_scalar("SELECT register_note FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one
    )
    .unwrap();
    assert_eq!(note.as_deref(), Some("Rain stopped play at 2"));

    // Corrected: b was a no-show after all (the reason goes with the absence), a cleared.
    let corrected = server.post(
        "/api/save_register",
        &format!(
            "session={session}&marks[0][participant]={a}&marks[0][outcome]=\
             &marks[1][participant]={b}&marks[1][outcome]=no_show&marks[1][reason]=ignored"
        ),
        Some(&tutor),
    );
    assert_eq!(corrected.status, 200, "{}", corrected.body);
    assert_eq!(
        attendance(&db, session).await,
        vec![(b, "no_show".into(), None)]
    );

    // The register feeds the participant's record, as the coordinator reads it.
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let record = server.post("/api/person", &format!("id={b}"), Some(&coordinator));
    assert_eq!(record.status, 200, "{}", record.body);
    let record: serde_json::Value = serde_json::from_str(&record.body).unwrap();
    assert_eq!(record["attendance"][0]["outcome"], "no_show");
    assert_eq!(record["attendance"][0]["activity"], "Tennis");

    // Someone not booked on the session refuses the whole register: nothing changes.
    let stranger: i64 = on!(
        &db,
        query_scalar("SELECT person_id FROM participants WHERE person_id NOT IN ($1, $2) LIMIT 1",)
            .bind(a)
            .bind(b)
            .fetch_one
    )
    .unwrap();
    let refused = server.post(
        "/api/save_register",
        &format!(
            "session={session}&marks[0][participant]={b}&marks[0][outcome]=attended\
             &marks[1][participant]={stranger}&marks[1][outcome]=attended"
        ),
        Some(&tutor),
    );
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("no longer booked"),
        "{}",
        refused.body
    );
    assert_eq!(
        attendance(&db, session).await,
        vec![(b, "no_show".into(), None)]
    );

    // A session next week: the register is not open yet.
    let (later, later_people) = session_with_two_booked(&db, today() + Duration::days(7)).await;
    let early = server.post(
        "/api/save_register",
        &format!(
            "session={later}&marks[0][participant]={}&marks[0][outcome]=attended",
            later_people[0]
        ),
        Some(&tutor),
    );
    assert_eq!(early.status, 400, "{}", early.body);
    assert!(early.body.contains("opens on the day"), "{}", early.body);
    assert!(attendance(&db, later).await.is_empty());

    // An outcome that is not on the list is refused with a sentence.
    let nonsense = server.post(
        "/api/save_register",
        &format!("session={session}&marks[0][participant]={b}&marks[0][outcome]=asleep"),
        Some(&tutor),
    );
    assert_eq!(nonsense.status, 400, "{}", nonsense.body);
    assert!(
        nonsense.body.contains("Choose what happened"),
        "{}",
        nonsense.body
    );
}
