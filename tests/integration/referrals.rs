//! Referrals on the real database (either backend): one through every status with its times
//! and who took each step, accepting it onto the programme, the status rules as the
//! coordinator meets them, and a partner's link that refers, is limited, and stops when revoked.

use chrono::NaiveDate;

use crate::common::{a_wednesday, count, load_demo, TestDb};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::people::PersonId;
use turnaround::referrals::form::ReferralForm;
use turnaround::referrals::status::{CloseReason, Move, ReferralStatus};
use turnaround::referrals::use_cases::{self as referrals, Via, LINK_PER_DAY};
use turnaround::referrals::Source;

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

async fn demo() -> (TestDb, PersonId) {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday())
        .await
        .expect("demo loads");
    let coordinator = person(&test.db, "sarah.coordinator@example.org").await;
    (test, coordinator)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn form(given: &str, family: &str) -> ReferralForm {
    ReferralForm {
        source: "probation".into(),
        organisation: "Hertfordshire Probation".into(),
        referrer_name: "Jo Bloggs".into(),
        referrer_contact: "01438 000000".into(),
        given_name: given.into(),
        family_name: family.into(),
        born_on: "1991-05-17".into(),
        phone: "07700 900456".into(),
        in_area: "yes".into(),
        reason: "Out of work since release; keen on fishing.".into(),
        consent_how: "written".into(),
        consent_on: "2026-11-01".into(),
        share_back: "attendance".into(),
        ..Default::default()
    }
}

fn refused_with<T: std::fmt::Debug>(result: Result<T, AppError>, words: &str) {
    match result {
        Err(AppError::Conflict(s) | AppError::Invalid(s) | AppError::TooMany(s)) => {
            assert!(s.contains(words), "{s:?} should say {words:?}")
        }
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_referral_goes_through_every_status_with_its_times_and_who_took_each_step() {
    let (test, coordinator) = demo().await;
    let db = &test.db;
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    let id = referrals::receive(db, Via::Staff(&actor), &form("Dale", "Hartley"), day(2))
        .await
        .expect("received");

    referrals::change(
        db,
        &actor,
        id,
        &Move::Forward(ReferralStatus::Contacted),
        day(5),
    )
    .await
    .unwrap();
    referrals::change(
        db,
        &actor,
        id,
        &Move::Forward(ReferralStatus::Assessed),
        day(9),
    )
    .await
    .unwrap();
    let participants_before = count(db, "participants").await;
    let participant = referrals::accept(db, &actor, id, None, day(10))
        .await
        .unwrap();
    assert_eq!(count(db, "participants").await, participants_before + 1);
    let (given, source): (String, String) = on!(
        db,
        query_as("SELECT p.given_name, pa.referral_source FROM people p JOIN participants pa ON pa.person_id = p.id WHERE p.id = $1")
            .bind(participant)
            .fetch_one
    )
    .unwrap();
    assert_eq!((given.as_str(), source.as_str()), ("Dale", "probation"));
    referrals::change(
        db,
        &actor,
        id,
        &Move::Close(CloseReason::Completed),
        day(30),
    )
    .await
    .unwrap();

    let detail = referrals::detail(db, &actor, id, day(30)).await.unwrap();
    let steps: Vec<_> = detail
        .history
        .iter()
        .map(|s| (s.status, s.on_date))
        .collect();
    assert_eq!(
        steps,
        [
            (ReferralStatus::Received, day(2)),
            (ReferralStatus::Contacted, day(5)),
            (ReferralStatus::Assessed, day(9)),
            (ReferralStatus::Active, day(10)),
            (ReferralStatus::Closed, day(30)),
        ]
    );
    assert!(detail.history[1..]
        .iter()
        .all(|s| s.by.as_deref() == Some("Sarah Mitchell")));
    assert_eq!(detail.history[4].close_reason, Some(CloseReason::Completed));
    assert_eq!(detail.days_to_first_contact, Some(3));
    assert_eq!(detail.days_to_first_session, None, "not at a session yet");
    assert_eq!(
        detail.summary.days_waiting, 28,
        "closed on day 30: counted to its closing"
    );
    assert_eq!(detail.participant.as_ref().map(|p| p.0), Some(participant));

    // Reading it was written to the audit log, about the participant.
    let reads: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'referral_read' AND subject_id = $1"
        )
        .bind(participant)
        .fetch_one
    )
    .unwrap();
    assert_eq!(reads, 1);
    // Closed: off the open queue, on the closed one.
    assert!(referrals::queue(db, true, day(30))
        .await
        .unwrap()
        .iter()
        .all(|r| r.id != id));
    assert!(referrals::queue(db, false, day(30))
        .await
        .unwrap()
        .iter()
        .any(|r| r.id == id));
}

#[tokio::test]
async fn the_status_rules_hold_and_a_closed_referral_is_reopened_only_with_a_note() {
    let (test, coordinator) = demo().await;
    let db = &test.db;
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    let id = referrals::receive(db, Via::Staff(&actor), &form("Lee", "Barnes"), day(2))
        .await
        .unwrap();
    referrals::change(
        db,
        &actor,
        id,
        &Move::Forward(ReferralStatus::Assessed),
        day(3),
    )
    .await
    .unwrap();
    refused_with(
        referrals::change(
            db,
            &actor,
            id,
            &Move::Forward(ReferralStatus::Contacted),
            day(4),
        )
        .await,
        "moves on, not back",
    );
    refused_with(
        referrals::change(
            db,
            &actor,
            id,
            &Move::Forward(ReferralStatus::Closed),
            day(4),
        )
        .await,
        "closing takes a reason",
    );
    referrals::change(db, &actor, id, &Move::Close(CloseReason::Declined), day(4))
        .await
        .unwrap();
    refused_with(
        referrals::accept(db, &actor, id, None, day(5)).await,
        "reopen it",
    );
    refused_with(
        referrals::change(db, &actor, id, &Move::Reopen("  ".into()), day(5)).await,
        "Say why",
    );
    let events_before = count(db, "referral_events").await;
    referrals::change(
        db,
        &actor,
        id,
        &Move::Reopen("Changed their mind.".into()),
        day(6),
    )
    .await
    .unwrap();
    assert_eq!(count(db, "referral_events").await, events_before + 1);
    let detail = referrals::detail(db, &actor, id, day(6)).await.unwrap();
    assert_eq!(detail.summary.status, ReferralStatus::Received);
    assert_eq!(
        detail.history.last().and_then(|s| s.note.as_deref()),
        Some("Changed their mind.")
    );
    // The history cannot be rewritten, even by hand.
    assert!(run!(
        db,
        query("UPDATE referral_events SET note = 'edited'").execute
    )
    .is_err());
}

#[tokio::test]
async fn accepting_links_a_participant_already_known_instead_of_adding_a_second() {
    let (test, coordinator) = demo().await;
    let db = &test.db;
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    let (known, family): (PersonId, String) = on!(
        db,
        query_as("SELECT p.id, p.family_name FROM participants pa JOIN people p ON p.id = pa.person_id ORDER BY p.id LIMIT 1")
            .fetch_one
    )
    .unwrap();
    let id = referrals::receive(db, Via::Staff(&actor), &form("Someone", &family), day(2))
        .await
        .unwrap();
    let detail = referrals::detail(db, &actor, id, day(2)).await.unwrap();
    assert!(
        detail.possible_matches.iter().any(|(p, _)| *p == known),
        "{:?}",
        detail.possible_matches
    );
    let people = count(db, "people").await;
    assert_eq!(
        referrals::accept(db, &actor, id, Some(known), day(3))
            .await
            .unwrap(),
        known
    );
    assert_eq!(count(db, "people").await, people);
    refused_with(
        referrals::accept(db, &actor, id, None, day(3)).await,
        "accepted already",
    );
    // Nobody is linked to two referrals.
    let second = referrals::receive(db, Via::Staff(&actor), &form("Again", &family), day(4))
        .await
        .unwrap();
    refused_with(
        referrals::accept(db, &actor, second, Some(known), day(4)).await,
        "Choose a participant",
    );
}

#[tokio::test]
async fn a_partner_link_refers_is_limited_per_day_and_stops_when_revoked() {
    let (test, coordinator) = demo().await;
    let db = &test.db;
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    let issued = referrals::issue_link(
        db,
        &actor,
        "Herts Police, Stevenage",
        "police",
        day(1),
        "https://example.org",
    )
    .await
    .unwrap();
    let token = issued.url.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    let stored: String = on!(
        db,
        query_scalar("SELECT token_hash FROM partner_links").fetch_one
    )
    .unwrap();
    assert_ne!(stored, token, "only the secret's hash is kept");
    assert_eq!(
        referrals::partner_form(db, &token, day(2)).await.unwrap(),
        "Herts Police, Stevenage"
    );

    // The partner's form: source and organisation come from the link, whatever the form says.
    let mut sent = form("Kim", "Walsh");
    sent.source = "self".into();
    sent.organisation = "Somebody else".into();
    sent.form_key = "partner-form-0001".into();
    let id = referrals::receive(db, Via::Partner(&token), &sent, day(2))
        .await
        .unwrap();
    let (source, organisation): (Source, String) = on!(
        db,
        query_as("SELECT source, referrer_organisation FROM referrals WHERE id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap();
    assert_eq!(
        (source, organisation.as_str()),
        (Source::Police, "Herts Police, Stevenage")
    );
    // Sent again (the answer was lost on the way): still one referral.
    assert_eq!(
        referrals::receive(db, Via::Partner(&token), &sent, day(2))
            .await
            .unwrap(),
        id
    );
    let by_form: Option<i64> = on!(
        db,
        query_scalar("SELECT by_id FROM referral_events WHERE referral_id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap();
    assert_eq!(by_form, None, "the form itself took the first step");

    // At most LINK_PER_DAY a day through one link; tomorrow it works again.
    for n in 1..LINK_PER_DAY {
        referrals::receive(
            db,
            Via::Partner(&token),
            &form("Many", &format!("Person{n}")),
            day(2),
        )
        .await
        .unwrap();
    }
    refused_with(
        referrals::receive(db, Via::Partner(&token), &form("One", "Toomany"), day(2)).await,
        "most referrals it can in one day",
    );
    referrals::receive(db, Via::Partner(&token), &form("Next", "Day"), day(3))
        .await
        .unwrap();

    // Revoked: the form and the page say the link does not work, and nothing more is taken.
    let links = referrals::links(db).await.unwrap();
    assert_eq!(links[0].referrals, LINK_PER_DAY + 1);
    referrals::revoke_link(db, &actor, links[0].id, day(3))
        .await
        .unwrap();
    let before = count(db, "referrals").await;
    assert!(matches!(
        referrals::partner_form(db, &token, day(3)).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        referrals::receive(db, Via::Partner(&token), &form("After", "Revoked"), day(3)).await,
        Err(AppError::NotFound(_))
    ));
    assert_eq!(count(db, "referrals").await, before);
    assert!(matches!(
        referrals::receive(db, Via::Partner("not-a-link"), &form("No", "Link"), day(3)).await,
        Err(AppError::NotFound(_))
    ));
    let audited: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action IN ('partner_link_issued', 'partner_link_revoked')")
            .fetch_one
    )
    .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn a_form_with_problems_writes_nothing_and_says_what_to_put_right() {
    let (test, _) = demo().await;
    let db = &test.db;
    let before = (
        count(db, "referrals").await,
        count(db, "referral_events").await,
    );
    let mut half = form("", "Nobody");
    half.in_area = "maybe".into();
    refused_with(
        referrals::receive(db, Via::SelfReferral, &half, day(2)).await,
        "first name",
    );
    assert_eq!(
        (
            count(db, "referrals").await,
            count(db, "referral_events").await
        ),
        before
    );
}

/// The forms as a browser without JavaScript sends them, through the real server: the partner's
/// page greets the agency and sends on to the thank-you page; the form works with no sign-in;
/// one network address may send only so many; a stopped link says so. Nothing about the link's
/// secret reaches the server's log.
#[tokio::test]
async fn referral_forms_work_as_plain_forms_with_no_sign_in_and_are_limited_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    // Every request logged, to check the link's secret never is.
    let server = crate::common::app::start_configured(&database, |command| {
        command.env("RUST_LOG", "info");
    });
    let db = turnaround::data::open(&database).await.unwrap();
    let token = "a".repeat(64);
    let creator: i64 = on!(&db, query_scalar("SELECT min(id) FROM people").fetch_one).unwrap();
    let today = chrono::Local::now().date_naive();
    run!(
        &db,
        query(
            "INSERT INTO partner_links (token_hash, organisation, source, created_by, created_on, expires_on)
             VALUES ($1, 'Herts Probation North', 'probation', $2, $3, $4)"
        )
        .bind(referrals::hash_token(&token))
        .bind(creator)
        .bind(today - chrono::Days::new(1))
        .bind(today + chrono::Days::new(300))
        .execute
    )
    .unwrap();

    let page = server.get(&format!("/refer/{token}"), None);
    page.assert_says(200, "Herts Probation North");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(!page.body.contains(".wasm"), "a plain page: no WebAssembly");

    let origin = server.origin();
    let html = [("Accept", "text/html"), ("Origin", origin.as_str())];
    let body = |family: &str| {
        format!(
            "token={token}&referrer_name=Jo+Bloggs&referrer_contact=01438+000000&given_name=Pat\
             &family_name={family}&born_on=1990-01-01&phone=07700+900999&in_area=yes\
             &consent_how=written&consent_on={today}&share_back=progress"
        )
    };
    let sent = server.request_with("POST", "/api/refer", &body("Plainform"), None, &html);
    assert!(
        matches!(sent.status, 302 | 303),
        "a redirect, not {}: {}",
        sent.status,
        sent.body
    );
    assert_eq!(sent.header("location"), Some("/refer/thanks?partner=1"));
    let kept: (String, String) = on!(
        &db,
        query_as("SELECT source, share_back FROM referrals WHERE family_name = 'Plainform'")
            .fetch_one
    )
    .unwrap();
    assert_eq!(kept, ("probation".to_owned(), "progress".to_owned()));

    // The self-referral form refuses a form without the agreement, in words.
    let refused = server.post(
        "/api/refer_self",
        "given_name=Al&family_name=Self&email=al%40example.org&in_area=yes",
        None,
    );
    refused.assert_says(400, "Tick the box");
    let agreed = server.post(
        "/api/refer_self",
        "given_name=Al&family_name=Self&email=al%40example.org&in_area=yes&agree=yes",
        None,
    );
    assert_eq!(agreed.status, 200, "{}", agreed.body);

    // Ten forms an hour from one address (three sent above, refusal included); the next waits.
    for n in 0..7 {
        let reply = server.post("/api/refer", &body(&format!("Busy{n}")), None);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let limited = server.post("/api/refer", &body("Toomany"), None);
    limited.assert_says(429, "wait an hour");

    // A link that was stopped: the page and the form both say so.
    run!(
        &db,
        query("UPDATE partner_links SET revoked_on = $1, revoked_by = created_by")
            .bind(today)
            .execute
    )
    .unwrap();
    server
        .get(&format!("/refer/{token}"), None)
        .assert_says(404, "This link does not work");
    let log = server.stop_and_read_log().1;
    assert!(log.contains("/refer/…"), "the requests were logged: {log}");
    assert!(!log.contains(&token), "the link's secret is in the log");
}
