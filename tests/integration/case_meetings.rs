//! The case meeting on the real database (either backend): on a month built by hand, the agenda
//! lists each person for their reason and nobody else; actions carry over from meeting to
//! meeting until they are done; a closed meeting's minutes refuse edits (in the use case and in
//! the database) and take later entries marked as such; and over HTTP, a tutor reads the packs
//! of their own participants without notes or the restricted section, and a driver reads none.

use chrono::NaiveDate;

use crate::access::{cookie_for, demo_server};
use crate::common::records::{day, person, register, score, session_on};
use crate::common::{a_wednesday, load_demo, TestDb};
use turnaround::case_meetings::pack::Reader;
use turnaround::case_meetings::use_cases::{self, ActionDraft, Agenda, Viewer};
use turnaround::case_meetings::{ActionId, MeetingId};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::people::{PersonId, Role};
use turnaround::wellbeing::instrument::{Instrument, DEMO_INSTRUMENT};

fn coordinator_viewer(coordinator: PersonId) -> Viewer<'static> {
    Viewer {
        actor: Actor {
            person: coordinator,
            ip: None,
        },
        reader: Reader {
            person: coordinator,
            sees_everyone: true,
            sees_restricted: true,
        },
        runs: true,
    }
}

fn actor(person: PersonId) -> Actor<'static> {
    Actor { person, ip: None }
}

/// Participants without a wheelchair, nobody kept apart from them; every other participant is
/// paused, so the agenda's "everyone" is exactly these.
async fn the_only_active(db: &Db, how_many: usize) -> Vec<PersonId> {
    let chosen: Vec<PersonId> = on!(
        db,
        query_scalar(
            "SELECT person_id FROM participants
             WHERE uses_wheelchair = $1 AND anonymised_on IS NULL
               AND person_id NOT IN (SELECT person_a FROM keep_apart)
               AND person_id NOT IN (SELECT person_b FROM keep_apart)
             ORDER BY person_id"
        )
        .bind(false)
        .fetch_all
    )
    .unwrap()
    .into_iter()
    .take(how_many)
    .collect();
    assert_eq!(chosen.len(), how_many, "the demo has enough participants");
    run!(
        db,
        query("UPDATE participants SET status = 'paused'").execute
    )
    .unwrap();
    for who in &chosen {
        run!(
            db,
            query("UPDATE participants SET status = 'active', referral_date = $2 WHERE person_id = $1")
                .bind(*who)
                .bind(day("2025-01-06"))
                .execute
        )
        .unwrap();
    }
    chosen
}

/// A seat on the outbound run to `session`'s venue on its day, marked "not here".
async fn not_here(db: &Db, who: PersonId, session: i64) {
    let booking: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
             VALUES ($1, $2, 'booked', $3) RETURNING id"
        )
        .bind(session)
        .bind(who)
        .bind(true)
        .fetch_one
    )
    .unwrap();
    let (starts_at, venue): (chrono::NaiveDateTime, i64) = on!(
        db,
        query_as(
            "SELECT s.starts_at, vs.venue_id FROM sessions s
             JOIN venue_spaces vs ON vs.id = s.space_id WHERE s.id = $1"
        )
        .bind(session)
        .fetch_one
    )
    .unwrap();
    let run: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO runs (run_date, direction, venue_id, vehicle_id, driver_id, seats,
                wheelchair_spaces, departs_at, arrives_at, driving_minutes)
             SELECT $1, direction, $2, vehicle_id, driver_id, seats, wheelchair_spaces,
                departs_at, arrives_at, driving_minutes
             FROM runs WHERE direction = 'outbound' ORDER BY id LIMIT 1 RETURNING id"
        )
        .bind(starts_at.date())
        .bind(venue)
        .fetch_one
    )
    .unwrap();
    let pickup: i64 = on!(
        db,
        query_scalar("SELECT min(id) FROM pickup_points").fetch_one
    )
    .unwrap();
    run!(
        db,
        query("INSERT INTO run_stops (run_id, pickup_point_id, stop_order, at) VALUES ($1, $2, 1, '09:00')")
            .bind(run)
            .bind(pickup)
            .execute
    )
    .unwrap();
    run!(
        db,
        query(
            "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind,
                seat_number, boarding)
             VALUES ($1, $2, 'outbound', $3, 'seat', 1, 'not_here')"
        )
        .bind(run)
        .bind(booking)
        .bind(pickup)
        .execute
    )
    .unwrap();
}

async fn goal(db: &Db, who: PersonId, by: PersonId, target: &str, review: Option<&str>) {
    let area: i64 = on!(db, query_scalar("SELECT min(id) FROM need_areas").fetch_one).unwrap();
    run!(
        db,
        query(
            "INSERT INTO goals (participant_id, area_id, title, owner_id, target_on, created_on,
                created_by, review, reviewed_on, reviewed_by)
             VALUES ($1, $2, 'Open a bank account', $3, $4, '2025-01-10', $3, $5, $6, $7)"
        )
        .bind(who)
        .bind(area)
        .bind(by)
        .bind(day(target))
        .bind(review)
        .bind(review.map(|_| day("2025-05-20")))
        .bind(review.map(|_| by))
        .execute
    )
    .unwrap();
}

async fn open(db: &Db, by: PersonId, on: &str) -> MeetingId {
    use_cases::open(db, &actor(by), day(on), day(on))
        .await
        .unwrap()
}

async fn agenda(db: &Db, coordinator: PersonId, meeting: MeetingId, today: &str) -> Agenda {
    let instrument = Instrument::load(DEMO_INSTRUMENT).unwrap();
    use_cases::agenda(
        db,
        &coordinator_viewer(coordinator),
        &instrument,
        meeting,
        day(today),
    )
    .await
    .unwrap()
}

fn sentence(error: AppError) -> String {
    error.to_string()
}

#[tokio::test]
async fn the_agenda_lists_each_person_for_their_reason_and_nobody_else() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let db = &test.db;
    let coordinator = person(db, "sarah.coordinator@example.org").await;
    let people = the_only_active(db, 7).await;
    let [missed, quiet, falling, goal_late, not_at_pickup, steady, nearly] = people[..] else {
        unreachable!()
    };
    // The last meeting was on 7 May 2025; this one is on 4 June, reviewing 8 May to 4 June.
    open(db, coordinator, "2025-05-07").await;
    let june = open(db, coordinator, "2025-06-04").await;
    let april = session_on(db, day("2025-04-24")).await;
    let weeks = [
        session_on(db, day("2025-05-08")).await,
        session_on(db, day("2025-05-15")).await,
        session_on(db, day("2025-05-22")).await,
        session_on(db, day("2025-05-29")).await,
    ];
    let mark = |who: PersonId, outcomes: [&'static str; 4]| async move {
        for (session, outcome) in weeks.iter().zip(outcomes) {
            register(db, *session, who, outcome, coordinator).await;
        }
    };
    // Two misses running (a late cancellation, then a no-show), then back.
    mark(
        missed,
        ["attended", "late_cancellation", "no_show", "attended"],
    )
    .await;
    // Nothing attended since April: more than 30 days before 4 June.
    register(db, april, quiet, "attended", coordinator).await;
    // Every week attended, but wellbeing fell by the demo instrument's 3 points.
    mark(falling, ["attended"; 4]).await;
    score(db, falling, "2025-03-05", 50).await;
    score(db, falling, "2025-05-20", 47).await;
    // A goal aimed for 30 May, not achieved.
    mark(goal_late, ["attended"; 4]).await;
    goal(db, goal_late, coordinator, "2025-05-30", Some("not_yet")).await;
    // "Not here" at pick-up twice, though registered each week.
    mark(not_at_pickup, ["attended"; 4]).await;
    not_here(db, not_at_pickup, weeks[0]).await;
    not_here(db, not_at_pickup, weeks[2]).await;
    // The others: all well, or just short of every rule.
    mark(steady, ["attended"; 4]).await;
    goal(db, steady, coordinator, "2025-05-30", Some("achieved")).await;
    score(db, steady, "2025-03-05", 40).await;
    score(db, steady, "2025-05-20", 47).await;
    mark(nearly, ["attended", "absent", "attended", "no_show"]).await;
    goal(db, nearly, coordinator, "2025-06-04", None).await;
    score(db, nearly, "2025-03-05", 50).await;
    score(db, nearly, "2025-05-20", 48).await;
    not_here(db, nearly, weeks[1]).await;

    let agenda = agenda(db, coordinator, june, "2025-06-04").await;
    let listed: Vec<(PersonId, Vec<String>)> = agenda
        .to_talk_about
        .iter()
        .map(|(id, _, reasons)| (*id, reasons.clone()))
        .collect();
    let reason_of = |who: PersonId| {
        listed
            .iter()
            .find(|(id, _)| *id == who)
            .map(|(_, reasons)| reasons.join(" | "))
    };
    assert_eq!(listed.len(), 5, "listed: {listed:?}");
    assert!(reason_of(missed)
        .unwrap()
        .starts_with("Missed two sessions in a row"));
    assert!(reason_of(quiet)
        .unwrap()
        .starts_with("No session attended in 30 days (the last was"));
    assert_eq!(
        reason_of(falling).as_deref(),
        Some("Wellbeing fell from 50 to 47 on 20 May.")
    );
    assert_eq!(
        reason_of(goal_late).as_deref(),
        Some("Goal past its date (30 May): Open a bank account")
    );
    assert!(reason_of(not_at_pickup)
        .unwrap()
        .starts_with("\"Not here\" at pick-up 2 times"));
    assert_eq!(reason_of(steady), None);
    assert_eq!(reason_of(nearly), None);
    let mut everyone: Vec<PersonId> = agenda.everyone.iter().map(|(id, _)| *id).collect();
    everyone.sort();
    assert_eq!(everyone, people, "then every active participant");
    assert_eq!(agenda.review.words(), "8 May to 4 June");
}

#[tokio::test]
async fn actions_carry_over_until_done_and_closed_minutes_refuse_edits() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let db = &test.db;
    let coordinator = person(db, "sarah.coordinator@example.org").await;
    let mentor = person(db, "james.mentor@example.org").await;
    let driver = person(db, "mick.driver@example.org").await;
    let someone = the_only_active(db, 1).await[0];
    let may = open(db, coordinator, "2025-05-07").await;
    let action = |what: &str, due: &str| ActionDraft {
        participant: someone,
        what: what.into(),
        owner: mentor,
        due_on: day(due),
    };
    let call = use_cases::record_action(
        db,
        &actor(coordinator),
        may,
        &action("Call Probation", "2025-05-21"),
    )
    .await
    .unwrap();
    let letter = use_cases::record_action(
        db,
        &actor(coordinator),
        may,
        &action("Write to the college", "2025-05-30"),
    )
    .await
    .unwrap();
    let to_driver = ActionDraft {
        owner: driver,
        ..action("Check the pick-up", "2025-05-30")
    };
    let refused = use_cases::record_action(db, &actor(coordinator), may, &to_driver).await;
    assert!(
        matches!(refused, Err(AppError::Invalid(_))),
        "a driver owns no actions"
    );
    let early = action("Too soon", "2025-05-01");
    let refused = use_cases::record_action(db, &actor(coordinator), may, &early).await;
    assert_eq!(
        sentence(refused.unwrap_err()),
        "The day it is due cannot be before the meeting."
    );

    // Minutes may be corrected while the meeting is open; closing locks them.
    let minute = use_cases::write_minutes(
        db,
        &actor(coordinator),
        may,
        someone,
        "Doing well at tennis.",
    )
    .await
    .unwrap();
    use_cases::correct_minutes(
        db,
        &actor(coordinator),
        minute,
        "Doing well at tennis and fishing.",
    )
    .await
    .unwrap();
    use_cases::close(db, &actor(coordinator), may, chrono::Utc::now())
        .await
        .unwrap();
    let edit = use_cases::correct_minutes(db, &actor(coordinator), minute, "Rewritten").await;
    assert_eq!(
        sentence(edit.unwrap_err()),
        "This meeting is closed: its minutes cannot be changed. Add a new entry instead."
    );
    let late_action =
        use_cases::record_action(db, &actor(coordinator), may, &action("Late", "2025-06-01")).await;
    assert!(matches!(late_action, Err(AppError::Conflict(_))));
    let attendee = use_cases::set_attendee(db, &actor(coordinator), may, mentor, true).await;
    assert!(matches!(attendee, Err(AppError::Conflict(_))));
    // A meeting opened later on an earlier day changes nothing the closed one reviewed.
    let reviewed = agenda(db, coordinator, may, "2025-05-07").await.review;
    open(db, coordinator, "2025-04-30").await;
    assert_eq!(
        agenda(db, coordinator, may, "2025-05-07").await.review,
        reviewed
    );
    // The database refuses an edit made behind the app's back too.
    let behind = run!(
        db,
        query("UPDATE case_minutes SET note = 'Rewritten' WHERE id = $1")
            .bind(minute)
            .execute
    );
    assert!(
        behind.is_err(),
        "a closed meeting's minutes are locked in the database"
    );
    let kept: String = on!(
        db,
        query_scalar("SELECT note FROM case_minutes WHERE id = $1")
            .bind(minute)
            .fetch_one
    )
    .unwrap();
    assert_eq!(kept, "Doing well at tennis and fishing.");
    // A later entry is a new one, marked as written after closing.
    let later = use_cases::write_minutes(db, &actor(coordinator), may, someone, "Started college.")
        .await
        .unwrap();
    let marked: bool = on!(
        db,
        query_scalar("SELECT after_closing FROM case_minutes WHERE id = $1")
            .bind(later)
            .fetch_one
    )
    .unwrap();
    assert!(marked);

    // The letter is written on 20 May; the call is still to make.
    use_cases::action_done(db, &actor(mentor), false, letter, day("2025-05-20"))
        .await
        .unwrap();
    let again = use_cases::action_done(db, &actor(mentor), false, letter, day("2025-05-21")).await;
    assert!(matches!(again, Err(AppError::Conflict(_))));
    let stranger = use_cases::action_done(db, &actor(driver), false, call, day("2025-05-21")).await;
    assert!(matches!(stranger, Err(AppError::NotFound(_))), "not theirs");

    let ids = |agenda: &Agenda| -> Vec<(ActionId, bool)> {
        agenda
            .actions
            .iter()
            .map(|a| (a.id, a.done_on.is_some()))
            .collect()
    };
    let june = open(db, coordinator, "2025-06-04").await;
    let june_agenda = agenda(db, coordinator, june, "2025-06-04").await;
    assert_eq!(
        ids(&june_agenda),
        [(call, false), (letter, true)],
        "open, and done since May"
    );
    assert!(june_agenda.actions[0].overdue(day("2025-06-04")));
    let july = open(db, coordinator, "2025-07-02").await;
    let july_agenda = agenda(db, coordinator, july, "2025-07-02").await;
    assert_eq!(
        ids(&july_agenda),
        [(call, false)],
        "carried over again until done"
    );

    // On the home pages: the owner's own, and the coordinator's everyone's overdue.
    // (The demo's own meeting, next year, gave the mentor an action too.)
    let ids_of = |lines: Vec<turnaround::case_meetings::ActionLine>| -> Vec<ActionId> {
        lines.into_iter().map(|a| a.id).collect()
    };
    let mine = ids_of(
        use_cases::my_actions(db, mentor, false, day("2025-06-10"))
            .await
            .unwrap(),
    );
    assert!(mine.contains(&call) && !mine.contains(&letter), "{mine:?}");
    let overdue = ids_of(
        use_cases::my_actions(db, coordinator, true, day("2025-06-10"))
            .await
            .unwrap(),
    );
    assert_eq!(overdue, [call], "everyone's overdue, for the coordinator");
    let not_yet = ids_of(
        use_cases::my_actions(db, coordinator, true, day("2025-05-10"))
            .await
            .unwrap(),
    );
    assert!(
        not_yet.is_empty(),
        "not overdue yet, and not the coordinator's"
    );
}

/// A meeting on `on`, straight into the database.
async fn meeting_on(db: &Db, on: NaiveDate, by: i64) -> i64 {
    on!(
        db,
        query_scalar("INSERT INTO case_meetings (held_on, opened_by) VALUES ($1, $2) RETURNING id")
            .bind(on)
            .bind(by)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn a_tutor_reads_their_own_participants_packs_without_notes_and_a_driver_reads_none() {
    let (server, database, _dir) = demo_server().await;
    let db = &database;
    let tutor = crate::access::username_for(db, Role::Tutor).await;
    let tutor_id: i64 = on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(&tutor)
            .fetch_one
    )
    .unwrap();
    let (theirs, at): (i64, chrono::NaiveDateTime) = on!(
        db,
        query_as(
            "SELECT b.participant_id, s.starts_at FROM bookings b
             JOIN session_leads l ON l.session_id = b.session_id JOIN sessions s ON s.id = b.session_id
             WHERE l.person_id = $1 AND b.status = 'booked' ORDER BY s.starts_at LIMIT 1"
        )
        .bind(tutor_id)
        .fetch_one
    )
    .unwrap();
    // Someone on no session of the tutor's: just referred.
    let not_theirs: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO people (given_name, family_name) VALUES ('Nobody', 'Theirs') RETURNING id"
        )
        .fetch_one
    )
    .unwrap();
    run!(
        db,
        query("INSERT INTO person_roles (person_id, role) VALUES ($1, 'participant')")
            .bind(not_theirs)
            .execute
    )
    .unwrap();
    run!(
        db,
        query(
            "INSERT INTO participants (person_id, referral_source, referral_date) VALUES ($1, 'self', $2)"
        )
        .bind(not_theirs)
        .bind(at.date())
        .execute
    )
    .unwrap();
    let coordinator_id: i64 = on!(
        db,
        query_scalar("SELECT min(person_id) FROM person_roles WHERE role = 'coordinator'")
            .fetch_one
    )
    .unwrap();
    let meeting = meeting_on(db, at.date(), coordinator_id).await;
    let pack = |participant: i64| format!("meeting={meeting}&participant={participant}");
    run!(
        db,
        query("UPDATE participants SET notes = 'Risk: not with his brother' WHERE person_id = $1")
            .bind(theirs)
            .execute
    )
    .unwrap();

    let tutor_cookie = cookie_for(&server, db, Role::Tutor).await;
    let read = server.post("/api/case_pack", &pack(theirs), Some(&tutor_cookie));
    read.assert_says(200, "Attendance");
    for hidden in [
        "One-to-ones",
        "Restricted",
        "Kept apart",
        "Risk: not with his brother",
    ] {
        assert!(
            !read.body.contains(hidden),
            "a tutor sees no {hidden}: {}",
            read.body
        );
    }
    server
        .post("/api/case_pack", &pack(not_theirs), Some(&tutor_cookie))
        .assert_says(404, "that participant");
    // Only waiting for a place on the tutor's session is not being taught by them.
    let session: i64 = on!(
        db,
        query_scalar(
            "SELECT b.session_id FROM bookings b JOIN session_leads l ON l.session_id = b.session_id
             WHERE l.person_id = $1 AND b.participant_id = $2 AND b.status = 'booked' LIMIT 1"
        )
        .bind(tutor_id)
        .bind(theirs)
        .fetch_one
    )
    .unwrap();
    run!(
        db,
        query(
            "INSERT INTO bookings (session_id, participant_id, status, needs_lift)
             VALUES ($1, $2, 'waitlisted', FALSE)"
        )
        .bind(session)
        .bind(not_theirs)
        .execute
    )
    .unwrap();
    server
        .post("/api/case_pack", &pack(not_theirs), Some(&tutor_cookie))
        .assert_says(404, "that participant");
    let printed = server.get(&format!("/meetings/{meeting}/print"), Some(&tutor_cookie));
    assert_eq!(printed.status, 200);
    assert!(!printed.body.contains("Restricted") && !printed.body.contains("One-to-ones"));

    let coordinator = cookie_for(&server, db, Role::Coordinator).await;
    let whole = server.post("/api/case_pack", &pack(theirs), Some(&coordinator));
    whole.assert_says(200, "Restricted: coordinators only");
    assert!(whole.body.contains("Risk: not with his brother"));
    assert!(whole.body.contains("One-to-ones and notes"));
    let printed = server.get(&format!("/meetings/{meeting}/print"), Some(&coordinator));
    assert_eq!(printed.status, 200);
    assert!(printed.body.contains("Restricted: coordinators only"));
    assert!(printed
        .headers
        .iter()
        .any(|(k, v)| k == "cache-control" && v == "no-store"));

    // A plain form's refusal comes back on its page from the session, once; a sentence put in
    // the address by a link is never shown.
    let spoof = format!("/meetings/{meeting}?__err=%7B%22Invalid%22%3A%22Ring%200900%22%7D");
    let page = server.get(&spoof, Some(&coordinator));
    assert!(
        !page.body.contains("Ring 0900"),
        "a sentence from a link shown"
    );
    let refused = server.request_with(
        "POST",
        "/api/case_meeting_attendee",
        &format!("meeting={meeting}&person={}&here=perhaps", coordinator_id),
        Some(&coordinator),
        &[
            ("Origin", server.origin().as_str()),
            ("Accept", "text/html"),
        ],
    );
    assert!(refused.status < 500, "{}", refused.body);
    let page = server.get(&format!("/meetings/{meeting}"), Some(&coordinator));
    assert!(
        page.body.contains("Say whether they came: yes or no."),
        "the refusal on its page"
    );
    let again = server.get(&format!("/meetings/{meeting}"), Some(&coordinator));
    assert!(!again.body.contains("Say whether they came"), "shown once");
    for unreadable in ["/meetings/abc", "/meetings/1/people/abc"] {
        assert_eq!(
            server.get(unreadable, Some(&coordinator)).status,
            404,
            "{unreadable}"
        );
    }

    let driver = cookie_for(&server, db, Role::Driver).await;
    server
        .post("/api/case_pack", &pack(theirs), Some(&driver))
        .assert_says(403, "");
    assert_eq!(
        server
            .get(&format!("/meetings/{meeting}/print"), Some(&driver))
            .status,
        403
    );
    assert_eq!(
        server
            .get(&format!("/meetings/{meeting}/print"), None)
            .status,
        401
    );

    let audited: Vec<String> = on!(
        db,
        query_scalar(
            "SELECT action FROM audit_events WHERE action IN ('case_pack_read', 'case_meeting_printed')
             ORDER BY id"
        )
        .fetch_all
    )
    .unwrap();
    assert!(
        audited
            .iter()
            .filter(|a| *a == "case_meeting_printed")
            .count()
            == 2,
        "{audited:?}"
    );
    assert!(
        audited.iter().filter(|a| *a == "case_pack_read").count() >= 4,
        "{audited:?}"
    );
}

/// The home page of those who own actions reads the session twice (who is asking, and a refusal
/// waiting for the page): the page is served whole, and the server logs no error.
#[tokio::test]
async fn the_home_page_with_actions_is_served_without_an_error_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let server = crate::common::app::start_configured(&database, |_| {});
    let db = turnaround::data::open(&database).await.unwrap();
    for role in [Role::Coordinator, Role::Mentor, Role::Tutor] {
        let cookie = cookie_for(&server, &db, role).await;
        let home = server.get("/", Some(&cookie));
        assert_eq!(home.status, 200, "{role:?}");
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let log = server.log();
    assert!(!log.contains("ERROR"), "{log}");
}
