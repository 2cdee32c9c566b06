//! The coordinator's admin pages through the real server: activities (a duplicate name is
//! refused in words and writes nothing), venues with a hall and its halves that the clash rules
//! then see, opening hours saved as a week and enforced, spaces with sessions that cannot be
//! removed, and the keep-apart list, whose reasons no tutor-visible answer ever carries.

use crate::access::{cookie_for, demo_server};
use crate::common::app::{form_encode, Server};
use crate::people_admin::person_with_username as person;
use turnaround::data::values::Clock;
use turnaround::data::Db;
use turnaround::people::Role;

async fn scalar(db: &Db, sql: &str, id: i64) -> i64 {
    on!(db, query_scalar(sql).bind(id).fetch_one).unwrap()
}

/// Posts `form` and expects success; returns the answer's body.
pub(crate) fn ok(server: &Server, path: &str, form: &str, cookie: &str) -> String {
    let reply = server.post(path, form, Some(cookie));
    assert_eq!(reply.status, 200, "{path} {form}: {}", reply.body);
    reply.body
}

/// Posts `form` and expects a refusal with `status` whose sentence contains `words`.
pub(crate) fn refused(
    server: &Server,
    path: &str,
    form: &str,
    cookie: &str,
    status: u16,
    words: &str,
) {
    let reply = server.post(path, form, Some(cookie));
    assert_eq!(reply.status, status, "{path} {form}: {}", reply.body);
    assert!(reply.body.contains(words), "{path}: {}", reply.body);
}

fn session_form(space: i64, lead: i64, date: &str, start: &str, end: &str) -> String {
    format!("activity=1&space={space}&date={date}&start={start}&end={end}&leads[0]={lead}")
}

#[tokio::test]
async fn activities_are_added_and_edited_and_a_duplicate_name_writes_nothing() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let form = format!(
        "name=Archery&kind=sport&duration=90&capacity=6&what_to_bring={}",
        form_encode("Flat shoes")
    );
    let id: i64 = ok(&server, "/api/add_activity", &form, &coordinator)
        .parse()
        .unwrap();
    let edit = format!("id={id}&name=Archery+club&kind=course&duration=120&capacity=8");
    ok(&server, "/api/update_activity", &edit, &coordinator);
    let saved: (String, String, i64, i64, Option<String>) = on!(
        &db,
        query_as(
            "SELECT name, kind, default_duration_minutes, default_capacity, what_to_bring
         FROM activities WHERE id = $1",
        )
        .bind(id)
        .fetch_one
    )
    .unwrap();
    assert_eq!(
        saved,
        ("Archery club".into(), "course".into(), 120, 8, None),
        "an emptied “what to bring” is cleared"
    );

    // A duplicate name, whatever its capitals, is named and nothing is written.
    let before = crate::common::count(&db, "activities").await;
    refused(
        &server,
        "/api/add_activity",
        "name=tennis&kind=sport&duration=60&capacity=4",
        &coordinator,
        409,
        "There is already an activity called Tennis.",
    );
    assert_eq!(crate::common::count(&db, "activities").await, before);
    let rename = format!("id={id}&name=Fishing&kind=sport&duration=60&capacity=4");
    refused(
        &server,
        "/api/update_activity",
        &rename,
        &coordinator,
        409,
        "There is already an activity called Fishing.",
    );
    let name: String = on!(
        &db,
        query_scalar("SELECT name FROM activities WHERE id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap();
    assert_eq!(name, "Archery club");
    refused(
        &server,
        "/api/add_activity",
        "name=Darts&kind=sport&duration=10&capacity=4",
        &coordinator,
        400,
        "between 15 and 720 minutes",
    );

    // Without JavaScript the form is redirected back to the list.
    let origin = server.origin();
    let plain = server.request_with(
        "POST",
        "/api/add_activity",
        "name=Pottery&kind=course&duration=180&capacity=6",
        Some(&coordinator),
        &[("Accept", "text/html"), ("Origin", origin.as_str())],
    );
    assert!([302, 303].contains(&plain.status), "{plain:?}");
    assert_eq!(plain.header("location"), Some("/activities"));

    // A tutor reads the list to plan with, and the page, but changes nothing.
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let list = ok(&server, "/api/activities", "", &tutor);
    assert!(list.contains("Pottery") && list.contains("\"may_manage\":false"));
    let page = server.request_with(
        "GET",
        "/activities",
        "",
        Some(&tutor),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Archery club") && !page.body.contains("Add an activity"));
    assert_eq!(
        server
            .post(
                "/api/add_activity",
                "name=X&kind=sport&duration=60&capacity=4",
                Some(&tutor)
            )
            .status,
        403
    );
}

/// Adds a venue (always open: no hours yet) and returns its id.
fn add_venue(server: &Server, cookie: &str, name: &str) -> i64 {
    let form = format!(
        "name={}&address={}&latitude=51.75&longitude=-0.33",
        form_encode(name),
        form_encode("1 High Street, St Albans")
    );
    ok(server, "/api/add_venue", &form, cookie).parse().unwrap()
}

fn add_space(server: &Server, cookie: &str, venue: i64, name: &str, part_of: Option<i64>) -> i64 {
    let part_of = part_of.map(|id| id.to_string()).unwrap_or_default();
    let form = format!("venue={venue}&name={}&part_of={part_of}", form_encode(name));
    ok(server, "/api/add_space", &form, cookie).parse().unwrap()
}

#[tokio::test]
async fn a_hall_and_its_halves_are_seen_by_the_clash_rules() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let james = person(&db, "james.mentor@example.org").await;

    let venue = add_venue(&server, &coordinator, "Marshalswick Hall");
    let hall = add_space(&server, &coordinator, venue, "Hall", None);
    let left = add_space(&server, &coordinator, venue, "Hall, left", Some(hall));
    let right = add_space(&server, &coordinator, venue, "Hall, right", Some(hall));
    let studio = add_space(&server, &coordinator, venue, "Studio", None);

    // One level only, explained in words; nothing is added or changed.
    let deeper = format!("venue={venue}&name=Corner&part_of={left}");
    refused(
        &server,
        "/api/add_space",
        &deeper,
        &coordinator,
        409,
        "Hall, left is itself part of Hall",
    );
    let nest = format!("id={hall}&name=Hall&part_of={studio}");
    refused(
        &server,
        "/api/update_space",
        &nest,
        &coordinator,
        409,
        "Hall has parts of its own (Hall, left, Hall, right)",
    );
    let twin = format!("venue={venue}&name=studio");
    refused(
        &server,
        "/api/add_space",
        &twin,
        &coordinator,
        409,
        "There is already a space called Studio at this venue.",
    );
    let elsewhere = format!("venue=1&name=Annexe&part_of={hall}");
    refused(
        &server,
        "/api/add_space",
        &elsewhere,
        &coordinator,
        400,
        "Choose the larger space from this venue's spaces.",
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM venue_spaces WHERE venue_id = $1",
            venue
        )
        .await,
        4
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM venue_spaces WHERE part_of_space_id IS NOT NULL AND venue_id = $1",
            venue
        )
        .await,
        2
    );

    // The whole hall clashes with each half; the halves do not clash with each other.
    let day = "2027-01-05";
    ok(
        &server,
        "/api/create_session",
        &session_form(hall, priya, day, "10:00", "12:00"),
        &tutor,
    );
    refused(
        &server,
        "/api/create_session",
        &session_form(left, james, day, "11:00", "12:00"),
        &tutor,
        409,
        "Hall is taken by Tennis, 10:00–12:00 on Tue 5 Jan.",
    );
    ok(
        &server,
        "/api/create_session",
        &session_form(left, priya, day, "14:00", "15:00"),
        &tutor,
    );
    ok(
        &server,
        "/api/create_session",
        &session_form(right, james, day, "14:00", "15:00"),
        &tutor,
    );

    // The studio has a session while the hall has one: it cannot become part of the hall.
    ok(
        &server,
        "/api/create_session",
        &session_form(studio, james, day, "10:00", "11:00"),
        &tutor,
    );
    let join = format!("id={studio}&name=Studio&part_of={hall}");
    refused(
        &server,
        "/api/update_space",
        &join,
        &coordinator,
        409,
        "Studio cannot become part of Hall yet: Tennis on Tue 5 Jan 10:00–12:00 there overlaps Tennis on Tue 5 Jan 10:00–11:00 here.",
    );
    let part_of: Option<i64> = on!(
        &db,
        query_scalar("SELECT part_of_space_id FROM venue_spaces WHERE id = $1")
            .bind(studio)
            .fetch_one
    )
    .unwrap();
    assert_eq!(part_of, None);

    // Renaming is fine, and the venue page shows the parts under their whole.
    ok(
        &server,
        "/api/update_space",
        &format!("id={left}&name=Hall%2C+window+side&part_of={hall}"),
        &coordinator,
    );
    let record = ok(&server, "/api/venue", &format!("id={venue}"), &tutor);
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    let names: Vec<&str> = record["spaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Hall", "Hall, right", "Hall, window side", "Studio"]
    );
    assert_eq!(record["may_manage"], false);

    // The page works without JavaScript: the forms are there, and a refused plain form comes
    // back to the page with its sentence.
    let page_path = format!("/venues/{venue}");
    let html = [("Accept", "text/html")];
    let page = server.request_with("GET", &page_path, "", Some(&coordinator), &html);
    assert_eq!(page.status, 200);
    for words in [
        "Part of Hall",
        "A venue with no hours recorded is always open",
        "Save opening hours",
        "Add this space",
    ] {
        assert!(
            page.body.contains(words),
            "{words} missing from {page_path}"
        );
    }
    let origin = server.origin();
    let referer = format!("{origin}{page_path}");
    let plain = server.request_with(
        "POST",
        "/api/add_space",
        &twin,
        Some(&coordinator),
        &[
            ("Accept", "text/html"),
            ("Origin", origin.as_str()),
            ("Referer", referer.as_str()),
        ],
    );
    assert!([302, 303].contains(&plain.status), "{plain:?}");
    let back = plain
        .header("location")
        .expect("a redirect")
        .replace(&origin, "");
    assert!(back.starts_with(&page_path), "{back}");
    let shown = server.request_with("GET", &back, "", Some(&coordinator), &html);
    assert!(
        shown
            .body
            .contains("There is already a space called Studio at this venue."),
        "{}",
        shown.body
    );
}

#[tokio::test]
async fn opening_hours_are_saved_as_a_week_and_enforced() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let venue = add_venue(&server, &coordinator, "Verulamium Lodge");
    let room = add_space(&server, &coordinator, venue, "Meeting room", None);

    // Tuesday and Wednesday, 09:00–17:00 (0 = Sunday, as stored).
    let week = |tuesday_opens: &str| {
        format!(
            "venue={venue}&days[0][weekday]=1&days[1][weekday]=2&days[1][open]=yes&days[1][opens]={tuesday_opens}&days[1][closes]=17:00&days[2][weekday]=3&days[2][open]=yes&days[2][opens]=09:00&days[2][closes]=17:00"
        )
    };
    ok(
        &server,
        "/api/save_opening_hours",
        &week("09:00"),
        &coordinator,
    );
    let rows: Vec<(i64, Clock, Clock)> = on!(&db, query_as(
        "SELECT weekday, opens, closes FROM venue_opening_hours WHERE venue_id = $1 ORDER BY weekday",
    )
    .bind(venue)
    .fetch_all)
    .unwrap();
    let rows: Vec<(i64, String, String)> = rows
        .into_iter()
        .map(|(day, opens, closes)| (day, opens.to_string(), closes.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "09:00".into(), "17:00".into()),
            (3, "09:00".into(), "17:00".into())
        ]
    );

    // Sessions outside the hours are refused, on a closed day too.
    refused(
        &server,
        "/api/create_session",
        &session_form(room, priya, "2027-01-05", "08:00", "10:00"),
        &tutor,
        409,
        "open 09:00–17:00",
    );
    refused(
        &server,
        "/api/create_session",
        &session_form(room, priya, "2027-01-04", "10:00", "12:00"),
        &tutor,
        409,
        "closed on Mondays",
    );
    ok(
        &server,
        "/api/create_session",
        &session_form(room, priya, "2027-01-05", "10:00", "15:30"),
        &tutor,
    );

    // New hours that leave that session outside are refused, naming it, and change nothing.
    refused(
        &server,
        "/api/save_opening_hours",
        &week("11:00"),
        &coordinator,
        409,
        "Tennis on Tue 5 Jan 10:00–15:30 would fall outside the new hours.",
    );
    let opens: Clock = on!(
        &db,
        query_scalar("SELECT opens FROM venue_opening_hours WHERE venue_id = $1 AND weekday = 2",)
            .bind(venue)
            .fetch_one
    )
    .unwrap();
    assert_eq!(opens.to_string(), "09:00");

    // A week closed every day is not taken to mean "always open"; "always open" is said.
    refused(
        &server,
        "/api/save_opening_hours",
        &format!("venue={venue}&days[0][weekday]=1"),
        &coordinator,
        400,
        "Always open",
    );
    refused(
        &server,
        "/api/save_opening_hours",
        &format!("venue={venue}&days[0][weekday]=1&days[0][open]=yes&days[0][opens]=17:00&days[0][closes]=09:00"),
        &coordinator,
        400,
        "On Monday it must close after it opens.",
    );
    ok(
        &server,
        "/api/save_opening_hours",
        &format!("venue={venue}&always_open=yes"),
        &coordinator,
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM venue_opening_hours WHERE venue_id = $1",
            venue
        )
        .await,
        0
    );
    ok(
        &server,
        "/api/create_session",
        &session_form(room, priya, "2027-01-04", "07:00", "08:00"),
        &tutor,
    );
}

#[tokio::test]
async fn a_space_with_sessions_or_parts_is_not_removed_and_nothing_changes() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let space = |name: &'static str| {
        let db = db.clone();
        async move {
            on!(
                &db,
                query_scalar::<_, i64>("SELECT id FROM venue_spaces WHERE name = $1")
                    .bind(name)
                    .fetch_one
            )
            .unwrap()
        }
    };
    let court = space("Court 1").await;
    let sessions = scalar(
        &db,
        "SELECT count(*) FROM sessions WHERE space_id = $1",
        court,
    )
    .await;
    assert!(sessions > 0);
    let spaces = crate::common::count(&db, "venue_spaces").await;
    refused(
        &server,
        "/api/remove_space",
        &format!("id={court}"),
        &coordinator,
        409,
        &format!("Court 1 cannot be removed: {sessions} sessions are recorded there"),
    );
    let hall = space("Main hall").await;
    refused(
        &server,
        "/api/remove_space",
        &format!("id={hall}"),
        &coordinator,
        409,
        "Main hall has parts (Hall, door end, Hall, stage end)",
    );
    assert_eq!(crate::common::count(&db, "venue_spaces").await, spaces);
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM sessions WHERE space_id = $1",
            court
        )
        .await,
        sessions
    );

    // An unused space goes; the database refuses the rest whoever asks.
    let spare = add_space(&server, &coordinator, 1, "Court 3", None);
    ok(
        &server,
        "/api/remove_space",
        &format!("id={spare}"),
        &coordinator,
    );
    assert_eq!(crate::common::count(&db, "venue_spaces").await, spaces);
    let direct = run!(
        &db,
        query("DELETE FROM venue_spaces WHERE id = $1")
            .bind(court)
            .execute
    );
    assert!(
        direct.is_err(),
        "the foreign key keeps a space with sessions"
    );
}

/// A new session on a quiet day, led by the demo tutor; returns its id.
fn quiet_session(
    server: &Server,
    tutor: &str,
    priya: i64,
    space: i64,
    start: &str,
    end: &str,
) -> i64 {
    ok(
        server,
        "/api/create_session",
        &session_form(space, priya, "2027-01-05", start, end),
        tutor,
    )
    .trim()
    .parse()
    .unwrap()
}

#[tokio::test]
async fn keep_apart_pairs_are_the_coordinators_and_no_tutor_answer_carries_the_reason() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let court: i64 = on!(
        &db,
        query_scalar("SELECT id FROM venue_spaces WHERE name = 'Court 1'").fetch_one
    )
    .unwrap();
    let people: Vec<i64> = on!(
        &db,
        query_scalar("SELECT person_id FROM participants ORDER BY person_id").fetch_all
    )
    .unwrap();
    let (a, b, c, d) = (people[0], people[1], people[2], people[3]);
    let reason = "Zebra-7 no-contact condition";

    // The second is picked first: stored in id order all the same.
    let add = format!("first={b}&second={a}&reason={}", form_encode(reason));
    ok(&server, "/api/add_keep_apart", &add, &coordinator);
    let stored: (i64, i64) = on!(
        &db,
        query_as("SELECT person_a, person_b FROM keep_apart").fetch_one
    )
    .unwrap();
    assert_eq!(stored, (a.min(b), a.max(b)));
    refused(
        &server,
        "/api/add_keep_apart",
        &add,
        &coordinator,
        409,
        "are already kept apart",
    );
    refused(
        &server,
        "/api/add_keep_apart",
        &format!("first={a}&second={a}&reason=x"),
        &coordinator,
        400,
        "nobody is kept apart from themselves",
    );
    let audit: Vec<(String, i64, String)> =
        on!(&db, query_as(
        "SELECT action, subject_id, detail FROM audit_events WHERE action LIKE 'keep_apart%'
         ORDER BY id",
    )
    .fetch_all)
        .unwrap();
    // One entry in each person's own log, naming the other by id and never the reason.
    let expected = [
        (
            "keep_apart_added".to_owned(),
            a.min(b),
            format!("kept apart from person {}", a.max(b)),
        ),
        (
            "keep_apart_added".to_owned(),
            a.max(b),
            format!("kept apart from person {}", a.min(b)),
        ),
    ];
    assert_eq!(audit, expected);

    // The tutor enrols the first, and is told only to ask about the second.
    let session = quiet_session(&server, &tutor, priya, court, "10:00", "12:00");
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={a}"),
        &tutor,
    );
    let enrol_b = server.post(
        "/api/enrol",
        &format!("session={session}&participant={b}"),
        Some(&tutor),
    );
    assert_eq!(enrol_b.status, 409);
    assert!(
        enrol_b.body.contains("Not possible — ask the coordinator"),
        "{}",
        enrol_b.body
    );

    // The list is the coordinator's and team leader's; no answer a tutor gets names the reason.
    assert_eq!(server.post("/api/keep_apart", "", Some(&tutor)).status, 403);
    let leader = cookie_for(&server, &db, Role::TeamLeader).await;
    assert!(ok(&server, "/api/keep_apart", "", &leader).contains(reason));
    let page = server.request_with(
        "GET",
        "/keep-apart",
        "",
        Some(&leader),
        &[("Accept", "text/html")],
    );
    assert!(page.body.contains(reason) && page.body.contains("Keep them apart"));
    let mut seen = vec![enrol_b.body];
    for (path, body) in [
        ("/api/keep_apart", String::new()),
        ("/api/my_sessions", String::new()),
        ("/api/week_programme", String::new()),
        ("/api/planning_week", String::new()),
        ("/api/activities", String::new()),
        ("/api/venues", String::new()),
        ("/api/venue", "id=1".to_owned()),
        ("/api/person", format!("id={a}")),
        ("/api/people", String::new()),
        ("/api/current_user", String::new()),
    ] {
        seen.push(server.post(path, &body, Some(&tutor)).body);
    }
    for page in ["/keep-apart", "/sessions", "/", "/venues", "/activities"] {
        seen.push(
            server
                .request_with("GET", page, "", Some(&tutor), &[("Accept", "text/html")])
                .body,
        );
    }
    for body in &seen {
        assert!(!body.contains("Zebra"), "a tutor saw the reason: {body}");
    }

    // A pair already on one session to come must be separated first.
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={c}"),
        &tutor,
    );
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={d}"),
        &tutor,
    );
    refused(
        &server,
        "/api/add_keep_apart",
        &format!("first={c}&second={d}&reason=Rivalry"),
        &coordinator,
        409,
        "are both on Tennis on Tue 5 Jan 10:00–12:00: take one of them off that session first",
    );
    assert_eq!(crate::common::count(&db, "keep_apart").await, 1);

    // Removing the pair is audited, and then they may share a session.
    ok(
        &server,
        "/api/remove_keep_apart",
        &format!("person_a={a}&person_b={b}"),
        &coordinator,
    );
    assert_eq!(crate::common::count(&db, "keep_apart").await, 0);
    let removed: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'keep_apart_removed'")
            .fetch_one
    )
    .unwrap();
    assert_eq!(removed, 2, "one entry about each of the two");
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={b}"),
        &tutor,
    );
}
