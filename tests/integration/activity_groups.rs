//! Activity groups through the real server: a tutor or mentor adds to their sessions only the
//! activity's group and their own mentees, sees only those in the "add someone" list, and is
//! answered about anyone else exactly as about an id that belongs to nobody (so they cannot
//! probe who exists, or who is kept apart from whom); coordinators may add anyone and keep the
//! groups, every change audited; reading a session's people is audited once per view.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::access::{cookie_for, demo_server};
use crate::admin::{ok, refused};
use crate::common::app::Server;
use crate::common::led_session;
use crate::people_admin::person_with_username as person;
use turnaround::data::Db;
use turnaround::people::Role;

const TENNIS: i64 = 1;
/// An id that belongs to nobody.
const GHOST: i64 = 999_999;

fn at(hour: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 5)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

async fn activity_named(db: &Db, name: &str) -> i64 {
    on!(
        db,
        query_scalar("SELECT id FROM activities WHERE name = $1")
            .bind(name)
            .fetch_one
    )
    .unwrap()
}

async fn ids(db: &Db, sql: &str, bind: i64) -> BTreeSet<i64> {
    on!(db, query_scalar(sql).bind(bind).fetch_all)
        .unwrap()
        .into_iter()
        .collect()
}

/// Active participants who may still be booked ('referred' or 'active') in `activity`'s group.
async fn group_of(db: &Db, activity: i64) -> BTreeSet<i64> {
    ids(
        db,
        "SELECT g.participant_id FROM activity_group_members g
         JOIN participants pa ON pa.person_id = g.participant_id
         JOIN people p ON p.id = g.participant_id
         WHERE g.activity_id = $1 AND p.is_active AND pa.status IN ('referred', 'active')",
        activity,
    )
    .await
}

/// A participant in neither `activity`'s group nor `lead`'s mentees.
async fn outsider(db: &Db, activity: i64, lead: i64) -> i64 {
    on!(
        db,
        query_scalar(
            "SELECT person_id FROM participants
         WHERE mentor_id IS DISTINCT FROM $2 AND person_id NOT IN
             (SELECT participant_id FROM activity_group_members WHERE activity_id = $1)
         ORDER BY person_id LIMIT 1",
        )
        .bind(activity)
        .bind(lead)
        .fetch_one
    )
    .unwrap()
}

async fn roster_reads(db: &Db) -> Vec<(Option<i64>, Option<i64>, String)> {
    on!(
        db,
        query_as(
            "SELECT actor_id, subject_id, detail FROM audit_events WHERE action = 'roster_read'
         ORDER BY id",
        )
        .fetch_all
    )
    .unwrap()
}

/// The ids in the session page's "add someone" list, as `cookie` gets it.
fn picker(server: &Server, session: i64, cookie: &str) -> BTreeSet<i64> {
    let body = ok(
        server,
        "/api/session_detail",
        &format!("id={session}"),
        cookie,
    );
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    detail["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[0].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_tutor_cannot_enrol_or_probe_anyone_outside_the_group_and_hears_what_a_made_up_id_hears()
{
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let session = led_session(&db, "Court 1", at(10), at(12), 8).await;
    let stranger = outsider(&db, TENNIS, priya).await;
    let member = *group_of(&db, TENNIS).await.first().unwrap();

    let enrol = |participant: i64| {
        server.post(
            "/api/enrol",
            &format!("session={session}&participant={participant}"),
            Some(&tutor),
        )
    };
    let ghost = enrol(GHOST);
    ghost.assert_says(404, r#"{"NotFound":"that participant"}"#);
    let refused_stranger = enrol(stranger);
    assert_eq!(
        (refused_stranger.status, &refused_stranger.body),
        (ghost.status, &ghost.body)
    );

    // Kept apart from someone already on the session: still nothing to tell them apart from
    // nobody (a group member would hear "Not possible — ask the coordinator").
    assert_eq!(enrol(member).status, 200);
    run!(
        &db,
        query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, 'No contact')")
            .bind(stranger.min(member))
            .bind(stranger.max(member))
            .execute
    )
    .unwrap();
    let probe = enrol(stranger);
    assert_eq!((probe.status, &probe.body), (ghost.status, &ghost.body));

    // The same for a whole course.
    let court: i64 = on!(
        &db,
        query_scalar("SELECT id FROM venue_spaces WHERE name = 'Court 2'").fetch_one
    )
    .unwrap();
    let series: Vec<i64> = serde_json::from_str(&ok(
        &server,
        "/api/create_series",
        &format!(
            "activity={TENNIS}&space={court}&date=2027-02-02&start=10:00&end=12:00\
             &leads[0]={priya}&every=weekly&weekdays[0]=tue&weeks=3"
        ),
        &tutor,
    ))
    .unwrap();
    let course = |participant: i64| {
        server.post(
            "/api/enrol_series",
            &format!("session={}&participant={participant}", series[0]),
            Some(&tutor),
        )
    };
    let course_ghost = course(GHOST);
    assert_eq!(course_ghost.status, 404, "{}", course_ghost.body);
    let course_stranger = course(stranger);
    assert_eq!(
        (course_stranger.status, &course_stranger.body),
        (course_ghost.status, &course_ghost.body)
    );
    for id in &series {
        let on: i64 = on!(
            &db,
            query_scalar(
                "SELECT count(*) FROM bookings WHERE session_id = $1 AND participant_id = $2",
            )
            .bind(id)
            .bind(stranger)
            .fetch_one
        )
        .unwrap();
        assert_eq!(on, 0, "session {id}");
    }

    // Cancelling a place and the register reach only people on the session, and answer alike.
    let cancel = |participant: i64| {
        server.post(
            "/api/cancel_booking",
            &format!("session={session}&participant={participant}"),
            Some(&tutor),
        )
    };
    let (cancel_ghost, cancel_stranger) = (cancel(GHOST), cancel(stranger));
    assert_eq!(cancel_ghost.status, 404, "{}", cancel_ghost.body);
    assert_eq!(
        (cancel_stranger.status, &cancel_stranger.body),
        (cancel_ghost.status, &cancel_ghost.body)
    );

    // The coordinator may add anyone (here, told why they are kept apart), then anyone else.
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    refused(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={stranger}"),
        &coordinator,
        409,
        "No contact",
    );
    run!(&db, query("DELETE FROM keep_apart").execute).unwrap();
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={stranger}"),
        &coordinator,
    );
}

#[tokio::test]
async fn a_mentor_adds_their_own_mentees_and_the_group_and_nobody_else() {
    let (server, db, _dir) = demo_server().await;
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let james = person(&db, "james.mentor@example.org").await;
    let fishing = activity_named(&db, "Fishing").await;
    let session: i64 = on!(
        &db,
        query_scalar(
            "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
         VALUES ($1, (SELECT id FROM venue_spaces WHERE name = 'South lake pegs'), $2, $3, 8)
         RETURNING id",
        )
        .bind(fishing)
        .bind(at(10))
        .bind(at(12))
        .fetch_one
    )
    .unwrap();
    run!(
        &db,
        query("INSERT INTO session_leads (session_id, person_id) VALUES ($1, $2)")
            .bind(session)
            .bind(james)
            .execute
    )
    .unwrap();
    let group = group_of(&db, fishing).await;
    let mentees = ids(
        &db,
        "SELECT pa.person_id FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.mentor_id = $1 AND p.is_active AND pa.status IN ('referred', 'active')",
        james,
    )
    .await;
    let mentee = *mentees
        .iter()
        .find(|id| !group.contains(id))
        .expect("a mentee outside the Fishing group");

    // The list is exactly the group and the mentees.
    let expected: BTreeSet<i64> = group.union(&mentees).copied().collect();
    assert_eq!(picker(&server, session, &mentor), expected);

    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={mentee}"),
        &mentor,
    );
    let stranger = outsider(&db, fishing, james).await;
    refused(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={stranger}"),
        &mentor,
        404,
        r#"{"NotFound":"that participant"}"#,
    );
}

#[tokio::test]
async fn the_add_someone_list_is_the_group_for_a_tutor_and_everyone_for_the_coordinator() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let session = led_session(&db, "Court 1", at(10), at(12), 8).await;
    let group = group_of(&db, TENNIS).await;
    let member = *group.first().unwrap();

    let listed = picker(&server, session, &tutor);
    assert_eq!(listed, group, "the demo tutor has no mentees");
    let everyone = ids(
        &db,
        "SELECT pa.person_id FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active AND pa.status IN ('referred', 'active') AND pa.person_id > $1",
        0,
    )
    .await;
    assert!(everyone.len() > group.len());
    assert_eq!(picker(&server, session, &coordinator), everyone);

    // Someone on the session leaves the list; names outside the group never reach the tutor.
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={member}"),
        &tutor,
    );
    let mut rest = group.clone();
    rest.remove(&member);
    assert_eq!(picker(&server, session, &tutor), rest);
    let stranger = outsider(&db, TENNIS, 0).await;
    let name: String = on!(&db, query_scalar(
        "SELECT coalesce(preferred_name, given_name) || ' ' || family_name FROM people WHERE id = $1",
    )
    .bind(stranger)
    .fetch_one)
    .unwrap();
    let page = server.request_with(
        "GET",
        &format!("/plan/sessions/{session}"),
        "",
        Some(&tutor),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Add to this session"));
    assert!(page
        .body
        .contains("ask the coordinator to put them in the group"));
    assert!(
        !page.body.contains(&name),
        "{name} reached the tutor's page"
    );
}

#[tokio::test]
async fn coordinators_and_team_leaders_keep_the_groups_and_every_change_is_audited() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let leader = cookie_for(&server, &db, Role::TeamLeader).await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let sarah = person(&db, "sarah.coordinator@example.org").await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let session = led_session(&db, "Court 1", at(10), at(12), 8).await;
    let stranger = outsider(&db, TENNIS, priya).await;

    let group: serde_json::Value = serde_json::from_str(&ok(
        &server,
        "/api/activity_group",
        &format!("activity={TENNIS}"),
        &leader,
    ))
    .unwrap();
    assert_eq!(group["activity_name"], "Tennis");
    let members: BTreeSet<i64> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["participant"].as_i64().unwrap())
        .collect();
    assert!(members.len() >= 7 && !members.contains(&stranger));
    assert!(group["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c[0].as_i64() == Some(stranger)));

    // Tutors neither read nor change a group.
    for (path, body) in [
        ("/api/activity_group", format!("activity={TENNIS}")),
        (
            "/api/add_to_activity_group",
            format!("activity={TENNIS}&participant={stranger}"),
        ),
        (
            "/api/remove_from_activity_group",
            format!("activity={TENNIS}&participant={stranger}"),
        ),
    ] {
        assert_eq!(server.post(path, &body, Some(&tutor)).status, 403, "{path}");
    }

    // Added: audited, and the tutor may now add them.
    let add = format!("activity={TENNIS}&participant={stranger}");
    ok(&server, "/api/add_to_activity_group", &add, &coordinator);
    ok(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={stranger}"),
        &tutor,
    );
    refused(
        &server,
        "/api/add_to_activity_group",
        &add,
        &coordinator,
        409,
        "is already in the Tennis group.",
    );
    let ghost = GHOST.to_string();
    for participant in ["abc", "", ghost.as_str()] {
        refused(
            &server,
            "/api/add_to_activity_group",
            &format!("activity={TENNIS}&participant={participant}"),
            &coordinator,
            400,
            "Choose someone from the list of participants.",
        );
    }
    refused(
        &server,
        "/api/add_to_activity_group",
        &format!("activity={GHOST}&participant={stranger}"),
        &coordinator,
        404,
        r#"{"NotFound":"that activity"}"#,
    );
    // A staff member is not a participant: the database says so too.
    let direct = run!(
        &db,
        query(
            "INSERT INTO activity_group_members (activity_id, participant_id, added_by)
         VALUES ($1, $2, $3)",
        )
        .bind(TENNIS)
        .bind(priya)
        .bind(sarah)
        .execute
    );
    assert!(direct.is_err());
    let rewrite = run!(
        &db,
        query("UPDATE activity_group_members SET added_by = $1")
            .bind(priya)
            .execute
    );
    assert!(rewrite.is_err(), "memberships are added and removed only");

    // Removed (by the team leader, with the plain form): audited, and the tutor no longer can.
    let origin = server.origin();
    let plain = server.request_with(
        "POST",
        "/api/remove_from_activity_group",
        &add,
        Some(&leader),
        &[("Accept", "text/html"), ("Origin", origin.as_str())],
    );
    assert!([302, 303].contains(&plain.status), "{plain:?}");
    assert_eq!(plain.header("location"), Some("/activities/1/group"));
    refused(
        &server,
        "/api/remove_from_activity_group",
        &add,
        &coordinator,
        409,
        "They are not in the Tennis group any more.",
    );
    ok(
        &server,
        "/api/cancel_booking",
        &format!("session={session}&participant={stranger}"),
        &tutor,
    );
    refused(
        &server,
        "/api/enrol",
        &format!("session={session}&participant={stranger}"),
        &tutor,
        404,
        r#"{"NotFound":"that participant"}"#,
    );

    let leader_id = person(&db, "david.teamleader@example.org").await;
    let audit: Vec<(String, i64, i64, String)> = on!(
        &db,
        query_as(
            "SELECT action, actor_id, subject_id, detail FROM audit_events
         WHERE action IN ('added_to_activity_group', 'removed_from_activity_group') ORDER BY id",
        )
        .fetch_all
    )
    .unwrap();
    let detail = format!("activity {TENNIS} (Tennis)");
    assert_eq!(
        audit,
        [
            (
                "added_to_activity_group".to_owned(),
                sarah,
                stranger,
                detail.clone()
            ),
            (
                "removed_from_activity_group".to_owned(),
                leader_id,
                stranger,
                detail
            ),
        ]
    );

    // The page works without JavaScript, linked from the activity's own page.
    let page = server.request_with(
        "GET",
        "/activities/1/group",
        "",
        Some(&leader),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Tennis group") && page.body.contains("Add to the group"));
    let edit = server.request_with(
        "GET",
        "/activities/1",
        "",
        Some(&leader),
        &[("Accept", "text/html")],
    );
    assert!(edit.body.contains("/activities/1/group"), "{}", edit.body);
}

#[tokio::test]
async fn reading_a_sessions_people_writes_exactly_one_audit_row_per_view() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let priya = person(&db, "priya.tutor@example.org").await;
    let session = led_session(&db, "Court 1", at(10), at(12), 8).await;
    let before = roster_reads(&db).await.len();

    // Nobody on it yet: nobody's details were read.
    ok(
        &server,
        "/api/session_detail",
        &format!("id={session}"),
        &tutor,
    );
    assert_eq!(roster_reads(&db).await.len(), before);

    for member in group_of(&db, TENNIS).await.into_iter().take(3) {
        ok(
            &server,
            "/api/enrol",
            &format!("session={session}&participant={member}"),
            &tutor,
        );
    }
    ok(
        &server,
        "/api/session_detail",
        &format!("id={session}"),
        &tutor,
    );
    let reads = roster_reads(&db).await;
    assert_eq!(reads.len(), before + 1, "one row for three people");
    assert_eq!(
        reads.last().unwrap(),
        &(Some(priya), None, format!("session {session}: 3 people"))
    );

    // Someone who does not lead it gets counts only, and nothing is recorded.
    ok(
        &server,
        "/api/session_detail",
        &format!("id={session}"),
        &mentor,
    );
    assert_eq!(roster_reads(&db).await.len(), before + 1);
}

#[tokio::test]
async fn my_sessions_with_phones_and_needs_is_audited_once_per_view() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let before = roster_reads(&db).await.len();
    let body = ok(&server, "/api/my_sessions", "", &tutor);
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    let people: usize = sessions
        .iter()
        .map(|s| s["roster"].as_array().unwrap().len())
        .sum();
    assert!(people > 1, "the demo tutor's sessions have people on them");
    let reads = roster_reads(&db).await;
    assert_eq!(reads.len(), before + 1);
    assert!(reads.last().unwrap().2.starts_with("my sessions:"));
}
