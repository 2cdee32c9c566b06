//! Subject access on the real database (either backend), over HTTP: the coordinator registers a
//! request (due one calendar month on), downloads the pack — the person's record, referral,
//! bookings, notes and audit entries, as HTML with the same data as JSON inside, never cached —
//! without another participant's name or the keep-apart reason; the download is audited; anyone
//! else is refused; a request is answered once.

use chrono::Months;

use crate::access::{cookie_for, demo_server};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::people::{PersonId, Role};
use turnaround::subject_access::use_cases as requests;
use turnaround::subject_access::{HowReceived, RequestId};

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

/// `text` as the pack's HTML writes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The JSON inside the pack.
fn embedded(html: &str) -> serde_json::Value {
    let marker = "id=\"subject-access-data\">";
    let start = html.find(marker).expect("the JSON block") + marker.len();
    let end = html.rfind("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON")
}

#[tokio::test]
async fn the_pack_holds_everything_about_the_person_and_no_other_participants_name() {
    let (server, db, _dir) = demo_server().await;
    let today = turnaround::server::clock::programme_now(&db)
        .await
        .unwrap()
        .date();
    let sarah = person(&db, "sarah.coordinator@example.org").await;
    let danny = person(&db, "daniel.hughes").await;
    let kieran = person(&db, "kieran.walsh").await;
    let (a, b) = if danny < kieran {
        (danny, kieran)
    } else {
        (kieran, danny)
    };
    run!(
        &db,
        query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, 'Fell out over money')")
            .bind(a)
            .bind(b)
            .execute
    )
    .unwrap();
    let acts = Actor {
        person: sarah,
        ip: None,
    };
    let id = requests::register(&db, &acts, danny, today, HowReceived::Letter)
        .await
        .unwrap();

    // What the pack must hold, read from the database rather than written down here.
    let note: String = on!(
        &db,
        query_scalar("SELECT note FROM one_to_ones WHERE participant_id = $1 ORDER BY id LIMIT 1")
            .bind(danny)
            .fetch_one
    )
    .expect("the demo's one-to-one note");
    let activity: String = on!(
        &db,
        query_scalar(
            "SELECT a.name FROM bookings b JOIN sessions s ON s.id = b.session_id
             JOIN activities a ON a.id = s.activity_id WHERE b.participant_id = $1 LIMIT 1"
        )
        .bind(danny)
        .fetch_one
    )
    .expect("a demo booking");
    // The demo's last case meeting minuted Danny and agreed an action about him.
    let minute: String = on!(
        &db,
        query_scalar("SELECT note FROM case_minutes WHERE participant_id = $1 ORDER BY id LIMIT 1")
            .bind(danny)
            .fetch_one
    )
    .expect("the demo's case minute");
    let action: String = on!(
        &db,
        query_scalar("SELECT what FROM case_actions WHERE participant_id = $1 ORDER BY id LIMIT 1")
            .bind(danny)
            .fetch_one
    )
    .expect("the demo's case action");
    let others: Vec<(String, String)> = on!(
        &db,
        query_as(
            "SELECT p.given_name, p.family_name FROM participants pa JOIN people p ON p.id = pa.person_id
             WHERE pa.person_id <> $1"
        )
        .bind(danny)
        .fetch_all
    )
    .unwrap();

    let sarah_cookie = cookie_for(&server, &db, Role::Coordinator).await;
    let path = format!("/subject-access/{id}/download");
    let reply = server.request("GET", &path, "", Some(&sarah_cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let disposition = reply.header("content-disposition").unwrap_or_default();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"subject-access-{id}-")),
        "{disposition}"
    );
    let html = &reply.body;
    assert!(html.contains("Daniel Hughes"), "the person's name");
    assert!(html.contains(&escaped(&note)), "the one-to-one note");
    assert!(html.contains(&activity), "a booked activity");
    assert!(
        html.contains(&escaped(&minute)),
        "the case meeting's minute"
    );
    assert!(
        html.contains(&escaped(&action)),
        "the case meeting's action"
    );
    assert!(html.contains("from 1 other person (not named here)"));
    assert!(
        !html.contains("Fell out over money"),
        "the keep-apart reason"
    );
    for (given, family) in &others {
        let name = format!("{given} {family}");
        assert!(!html.contains(&name), "another participant named: {name}");
    }
    let data = embedded(html);
    assert_eq!(data["person"], "Daniel Hughes");
    let titles: Vec<&str> = data["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    for expected in [
        "Your record",
        "Referrals",
        "Sessions booked",
        "The registers",
        "Rides",
        "Goals",
        "One-to-one contacts",
        "Wellbeing questionnaires",
        "Case meetings: what was minuted about you",
        "Case meetings: actions agreed about you",
        "Who looked at or changed your records",
    ] {
        assert!(titles.contains(&expected), "{expected} in {titles:?}");
    }

    let audited: i64 = on!(
        &db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'subject_access_compiled' AND subject_id = $1"
        )
        .bind(danny)
        .fetch_one
    )
    .unwrap();
    assert_eq!(audited, 1, "the download is audited");

    // A link on another site cannot make a signed-in coordinator compile a pack.
    server
        .request_with(
            "GET",
            &path,
            "",
            Some(&sarah_cookie),
            &[("Sec-Fetch-Site", "cross-site")],
        )
        .assert_says(
            403,
            "Open the download from the Subject access requests page.",
        );

    // Anyone else is refused in a sentence; a request that does not exist is not found.
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    server
        .request("GET", &path, "", Some(&tutor))
        .assert_says(403, "You do not have access to this.");
    server
        .request("GET", &path, "", None)
        .assert_says(401, "Please sign in first.");
    for missing in [
        "/subject-access/999999/download",
        "/subject-access/1%20OR%201/download",
    ] {
        server
            .request("GET", missing, "", Some(&sarah_cookie))
            .assert_says(404, "We could not find that subject access request.");
    }
}

#[tokio::test]
async fn a_request_is_due_a_calendar_month_on_and_is_answered_once() {
    let (_server, db, _dir) = demo_server().await;
    let today = turnaround::server::clock::programme_now(&db)
        .await
        .unwrap()
        .date();
    let sarah = person(&db, "sarah.coordinator@example.org").await;
    let marcus = person(&db, "marcus.bennett").await;
    let acts = Actor {
        person: sarah,
        ip: None,
    };
    let id = requests::register(&db, &acts, marcus, today, HowReceived::Email)
        .await
        .unwrap();
    let listed = requests::list(&db, today).await.unwrap();
    let request = listed.requests.iter().find(|r| r.id == id).unwrap();
    assert_eq!(
        request.due_on,
        today.checked_add_months(Months::new(1)).unwrap()
    );
    assert_eq!(request.answered_on, None);

    requests::answer(&db, &acts, id, today).await.unwrap();
    let again = requests::answer(&db, &acts, id, today).await.unwrap_err();
    assert!(again.to_string().contains("already"), "{again}");
    let missing = requests::answer(&db, &acts, RequestId(999_999), today)
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("could not find"), "{missing}");
    let nobody = requests::register(&db, &acts, PersonId(999_999), today, HowReceived::Email)
        .await
        .unwrap_err();
    assert!(nobody.to_string().contains("could not find"), "{nobody}");
    let listed = requests::list(&db, today).await.unwrap();
    let request = listed.requests.iter().find(|r| r.id == id).unwrap();
    assert_eq!(request.answered_on, Some(today));
    let audited: Vec<String> = on!(
        &db,
        query_scalar("SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE 'subject_access%' ORDER BY id")
            .bind(marcus)
            .fetch_all
    )
    .unwrap();
    assert_eq!(
        audited,
        ["subject_access_registered", "subject_access_answered"]
    );
}
