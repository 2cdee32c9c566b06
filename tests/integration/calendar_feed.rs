//! Private calendar feeds through the real server: the secret link is the only key, each feed
//! holds its owner's things and nobody else's, and a new link kills the old one at once.

use crate::access::{cookie_for, demo_server};
use crate::common::app::Server;
use turnaround::data::Db;
use turnaround::people::Role;

/// The caller's feed path (`/calendar/….ics`), asked for as the page asks.
fn feed_path(server: &Server, cookie: &str, endpoint: &str) -> String {
    let reply = server.post(endpoint, "", Some(cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let link: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(link["webcal_url"]
        .as_str()
        .unwrap()
        .starts_with("webcal://"));
    assert!(link["google_url"]
        .as_str()
        .unwrap()
        .starts_with("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F"));
    assert!(link["qr_svg"].as_str().unwrap().contains("<svg"));
    url.strip_prefix(&server.origin())
        .unwrap_or_else(|| panic!("{url} is not on {}", server.origin()))
        .to_owned()
}

/// A feed as a calendar app fetches it: no cookie, no `Origin`.
fn fetch(server: &Server, path: &str) -> crate::common::app::Reply {
    server.request_with("GET", path, "", None, &[("Accept", "text/calendar")])
}

/// The content lines, unfolded.
fn unfold(body: &str) -> String {
    body.replace("\r\n ", "")
}

/// Every word in the text, for checking that a name is not there.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Participants' names (given, preferred and family), except `except`'s.
async fn participant_names(db: &Db, except: Option<&str>) -> Vec<String> {
    let rows: Vec<(String, Option<String>, String)> = on!(
        db,
        query_as(
            "SELECT p.given_name, p.preferred_name, p.family_name FROM people p
         JOIN person_roles r ON r.person_id = p.id AND r.role = 'participant'
         LEFT JOIN accounts a ON a.person_id = p.id
         WHERE a.username IS DISTINCT FROM $1 OR a.username IS NULL",
        )
        .bind(except)
        .fetch_all
    )
    .unwrap();
    rows.into_iter()
        .flat_map(|(given, preferred, family)| [Some(given), preferred, Some(family)])
        .flatten()
        .collect()
}

fn assert_names_none(feed: &str, names: &[String], whose: &str) {
    let said = words(feed);
    for name in names {
        assert!(
            !said.contains(name),
            "{whose}'s feed names “{name}”:\n{feed}"
        );
    }
    for word in [
        "Probation",
        "probation",
        "Police",
        "police",
        "offender",
        "HACRO",
    ] {
        assert!(!feed.contains(word), "{whose}'s feed says “{word}”");
    }
}

#[tokio::test]
async fn a_participants_feed_holds_their_sessions_only_and_a_new_link_kills_the_old() {
    let (server, db, _dir) = demo_server().await;
    let username = crate::access::username_for(&db, Role::Participant).await;
    let cookie = cookie_for(&server, &db, Role::Participant).await;
    let path = feed_path(&server, &cookie, "/api/calendar_link");
    // Asking again gives the same link.
    assert_eq!(feed_path(&server, &cookie, "/api/calendar_link"), path);

    let reply = fetch(&server, &path);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("private, max-age=300"));
    assert!(reply.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(reply.body.ends_with("END:VCALENDAR\r\n"));
    let feed = unfold(&reply.body);

    // Every session they are booked on in the window is there, by its stable UID.
    let own: Vec<i64> = on!(
        &db,
        query_scalar(
            "SELECT b.session_id FROM bookings b
         JOIN accounts a ON a.person_id = b.participant_id
         JOIN sessions s ON s.id = b.session_id
         WHERE a.username = $1 AND b.status = 'booked'
           AND s.starts_at >= $2 AND s.starts_at < $3",
        )
        .bind(&username)
        .bind(chrono::Utc::now().date_naive() - chrono::Days::new(29))
        .bind(chrono::Utc::now().date_naive() + chrono::Days::new(89))
        .fetch_all
    )
    .unwrap();
    assert!(!own.is_empty(), "the demo participant has bookings");
    for id in &own {
        assert!(
            feed.contains(&format!("\r\nUID:session-{id}@turnaround\r\n")),
            "session {id} missing:\n{feed}"
        );
    }
    assert!(feed.contains("\r\nSTATUS:CONFIRMED\r\n"));
    assert!(feed.contains("\r\nTRIGGER;VALUE=DATE-TIME:"));
    // A published run gives the pick-up in words.
    assert!(feed.contains("Pick-up: "), "{feed}");
    // None of the sessions they are not on, and nobody else's name.
    let others: Vec<i64> = on!(
        &db,
        query_scalar(
            "SELECT s.id FROM sessions s WHERE NOT EXISTS (
             SELECT 1 FROM bookings b JOIN accounts a ON a.person_id = b.participant_id
             WHERE b.session_id = s.id AND a.username = $1)",
        )
        .bind(&username)
        .fetch_all
    )
    .unwrap();
    assert!(!others.is_empty());
    for id in others {
        assert!(
            !feed.contains(&format!("UID:session-{id}@")),
            "session {id}"
        );
    }
    let names = participant_names(&db, None).await;
    assert_names_none(&feed, &names, "the participant");

    // A new link: the old one is a plain 404 at once, the new one works.
    let fresh = feed_path(&server, &cookie, "/api/reset_calendar_link");
    assert_ne!(fresh, path);
    let old = fetch(&server, &path);
    assert_eq!(old.status, 404);
    assert_eq!(old.header("cache-control"), Some("no-store"));
    assert_eq!(fetch(&server, &fresh).status, 200);
    assert_eq!(feed_path(&server, &cookie, "/api/calendar_link"), fresh);
    // The reset is in the audit log, without the secret.
    let logged: Vec<String> = on!(
        &db,
        query_scalar(
            "SELECT e.detail FROM audit_events e JOIN accounts a ON a.person_id = e.subject_id
         WHERE a.username = $1 AND e.action = 'person_changed'",
        )
        .bind(&username)
        .fetch_all
    )
    .unwrap();
    assert_eq!(logged, vec!["changed: calendar link".to_owned()]);
    let token = fresh
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics");
    assert!(!logged[0].contains(token));

    // A deactivated person's link stops working too.
    run!(
        &db,
        query(
            "UPDATE people SET is_active = FALSE
         WHERE id = (SELECT person_id FROM accounts WHERE username = $1)",
        )
        .bind(&username)
        .execute
    )
    .unwrap();
    assert_eq!(fetch(&server, &fresh).status, 404);
}

#[tokio::test]
async fn unknown_tokens_get_the_same_404_as_any_missing_page() {
    let (server, _db, _dir) = demo_server().await;
    let missing_page =
        server.request_with("GET", "/no-such-page", "", None, &[("Accept", "text/html")]);
    assert_eq!(missing_page.status, 404);
    for path in [
        format!("/calendar/{}.ics", "A".repeat(43)),
        "/calendar/not-a-token.ics".to_owned(),
        format!("/calendar/{}", "A".repeat(43)),
    ] {
        let reply = server.request_with("GET", &path, "", None, &[("Accept", "text/html")]);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(
            reply.header("content-type"),
            missing_page.header("content-type"),
            "{path}"
        );
        assert!(!reply.body.contains("VCALENDAR"));
    }
}

#[tokio::test]
async fn staff_feeds_hold_what_they_lead_and_drive_with_counts_not_names() {
    let (server, db, _dir) = demo_server().await;
    let names = participant_names(&db, None).await;

    let driver = cookie_for(&server, &db, Role::Driver).await;
    let reply = fetch(&server, &feed_path(&server, &driver, "/api/calendar_link"));
    assert_eq!(reply.status, 200);
    let feed = unfold(&reply.body);
    assert!(feed.contains("SUMMARY:Drive: pick-ups for "), "{feed}");
    assert!(feed.contains("UID:run-"));
    assert!(feed.contains("to collect"));
    assert!(!feed.contains("UID:session-"), "a driver leads nothing");
    assert_names_none(&feed, &names, "the driver");

    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let reply = fetch(&server, &feed_path(&server, &tutor, "/api/calendar_link"));
    assert_eq!(reply.status, 200);
    let feed = unfold(&reply.body);
    assert!(feed.contains("UID:session-"), "{feed}");
    assert!(feed.contains("places booked"));
    assert!(!feed.contains("UID:run-"));
    assert_names_none(&feed, &names, "the tutor");
}
