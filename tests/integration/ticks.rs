//! The driver's ticks through the real server: a tick keeps the moment it was tapped, so one sent
//! late never overwrites a newer one; a time from a wrong clock (or forged) is clamped, so it
//! cannot freeze a mark against later ticks; the coordinator corrects a mark from the board and
//! a tick tapped before the correction does not undo it.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};

use crate::access::{cookie_for, demo_server};
use crate::admin::ok;
use crate::transport::published_day;
use turnaround::data::Db;
use turnaround::people::Role;
use turnaround::server::clock;
use turnaround::transport::RunId;

/// The demo driver's first published run with a passenger, moved to today so that ticks can be
/// made at real moments (a run later in the week would have every tick clamped to its start).
async fn todays_run(db: &Db) -> (NaiveDate, RunId, i64) {
    let (date, run) = published_day(db).await;
    let today = clock::programme_now(db).await.unwrap().date();
    if date != today {
        // One run per vehicle, direction and day: make room for this one today.
        run!(db, query(
            "DELETE FROM runs WHERE run_date = $1 AND id <> $2
               AND (vehicle_id, direction) = (SELECT vehicle_id, direction FROM runs WHERE id = $2)",
        )
        .bind(today)
        .bind(run)
        .execute)
        .unwrap();
        run!(
            db,
            query("UPDATE runs SET run_date = $1 WHERE id = $2")
                .bind(today)
                .bind(run)
                .execute
        )
        .unwrap();
    }
    let booking: i64 = on!(
        db,
        query_scalar(
            "SELECT booking_id FROM run_seats WHERE run_id = $1 ORDER BY booking_id LIMIT 1",
        )
        .bind(run)
        .fetch_one
    )
    .unwrap();
    (today, run, booking)
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What the database holds for the passenger: the mark, its moment, and who made it.
async fn stored(db: &Db, run: RunId, booking: i64) -> (Option<String>, DateTime<Utc>, i64) {
    let (mark, at, by): (Option<String>, DateTime<Utc>, i64) = on!(db, query_as(
        "SELECT boarding, marked_at, marked_by FROM run_seats WHERE run_id = $1 AND booking_id = $2",
    )
    .bind(run)
    .bind(booking)
    .fetch_one)
    .unwrap();
    (mark, at, by)
}

#[tokio::test]
async fn a_tick_from_a_wrong_clock_is_clamped_and_a_later_true_tick_replaces_it() {
    let (server, db, _dir) = demo_server().await;
    let (_, run, booking) = todays_run(&db).await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let tick = |mark: &str, at: DateTime<Utc>| {
        let at = rfc3339(at);
        ok(
            &server,
            "/api/mark_passenger",
            &format!("run={run}&booking={booking}&mark={mark}&marked_at={at}"),
            &driver,
        )
    };

    // A phone whose clock says next year: stored at the moment it arrived, not next year.
    let before = Utc::now();
    tick("boarded", before + Duration::days(365));
    let after = Utc::now();
    let (mark, at, _) = stored(&db, run, booking).await;
    assert_eq!(mark.as_deref(), Some("boarded"));
    let slack = Duration::seconds(1);
    assert!(
        at >= before - slack && at <= after + slack,
        "a year ahead was stored as {at}, expected the server's moment ({before} to {after})"
    );

    // The driver taps again with the right time: it replaces the clamped one.
    tick("not_here", Utc::now());
    assert_eq!(
        stored(&db, run, booking).await.0.as_deref(),
        Some("not_here")
    );

    // A tick tapped earlier but sent late (from the phone's queue) does not overwrite it.
    tick("boarded", Utc::now() - Duration::minutes(10));
    assert_eq!(
        stored(&db, run, booking).await.0.as_deref(),
        Some("not_here")
    );

    // A phone two minutes fast is believed, to the millisecond.
    let fast = Utc::now() + Duration::minutes(2);
    tick("boarded", fast);
    let (mark, at, _) = stored(&db, run, booking).await;
    assert_eq!(mark.as_deref(), Some("boarded"));
    assert_eq!(rfc3339(at), rfc3339(fast));
}

#[tokio::test]
async fn the_coordinator_corrects_a_mark_and_an_older_tick_does_not_undo_it() {
    let (server, db, _dir) = demo_server().await;
    let (today, run, booking) = todays_run(&db).await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let tapped = Utc::now();
    ok(
        &server,
        "/api/mark_passenger",
        &format!(
            "run={run}&booking={booking}&mark=not_here&marked_at={}",
            rfc3339(tapped)
        ),
        &driver,
    );

    // "She did come; the driver missed her": corrected from the board.
    let correct = |mark: &str, cookie: &str| {
        server.post(
            "/api/correct_mark",
            &format!("run={run}&booking={booking}&mark={mark}"),
            Some(cookie),
        )
    };
    let reply = correct("boarded", &coordinator);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let (mark, corrected_at, by) = stored(&db, run, booking).await;
    assert_eq!(mark.as_deref(), Some("boarded"));
    let run_driver: i64 = on!(
        &db,
        query_scalar("SELECT driver_id FROM runs WHERE id = $1")
            .bind(run)
            .fetch_one
    )
    .unwrap();
    assert_ne!(by, run_driver, "the correction records who made it");

    // The board and the driver's list both say the mark was corrected.
    let board = ok(
        &server,
        "/api/transport_board",
        &format!("date={today}"),
        &coordinator,
    );
    let board: serde_json::Value = serde_json::from_str(&board).unwrap();
    let seat = board["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["passengers"].as_array().unwrap())
        .find(|p| p["booking"] == booking)
        .unwrap();
    assert_eq!(seat["mark"], "boarded");
    assert_eq!(seat["corrected"], true);
    let list = ok(
        &server,
        "/api/pickup_list",
        &format!("date={today}"),
        &driver,
    );
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let passenger = list["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap())
        .flat_map(|s| s["passengers"].as_array().unwrap())
        .find(|p| p["booking"] == booking)
        .unwrap();
    assert_eq!(passenger["mark"], "boarded");
    assert_eq!(passenger["corrected"], true);

    // A tick the driver tapped before the correction, arriving after it, does not undo it.
    // (A millisecond before the correction's own moment: the two requests above can take less
    // than a few milliseconds on a fast machine, so "tapped plus a little" could be after it.)
    let just_before = corrected_at - Duration::milliseconds(1);
    ok(
        &server,
        "/api/mark_passenger",
        &format!(
            "run={run}&booking={booking}&mark=not_here&marked_at={}",
            rfc3339(just_before)
        ),
        &driver,
    );
    assert_eq!(
        stored(&db, run, booking).await.0.as_deref(),
        Some("boarded")
    );

    // Cleared altogether; refusals in words.
    assert_eq!(correct("", &coordinator).status, 200);
    assert_eq!(stored(&db, run, booking).await.0, None);
    let by_driver = correct("boarded", &driver);
    assert_eq!(by_driver.status, 403, "{}", by_driver.body);
    let nonsense = correct("flying", &coordinator);
    assert_eq!(nonsense.status, 400);
    assert!(nonsense.body.contains("Choose"), "{}", nonsense.body);
    // Someone who is not on that run, and a run that does not exist: "not found", nothing changed.
    for body in [
        format!("run={run}&booking=999999&mark=boarded"),
        format!("run=999999&booking={booking}&mark=boarded"),
    ] {
        let missing = server.post("/api/correct_mark", &body, Some(&coordinator));
        assert_eq!(missing.status, 404, "{body}: {}", missing.body);
        assert!(
            missing.body.contains("that passenger on that run"),
            "{}",
            missing.body
        );
    }
    assert_eq!(stored(&db, run, booking).await.0, None);
    run!(
        &db,
        query("UPDATE runs SET published_at = NULL WHERE id = $1")
            .bind(run)
            .execute
    )
    .unwrap();
    let draft = correct("boarded", &coordinator);
    assert_eq!(draft.status, 409, "{}", draft.body);
    assert!(
        draft.body.contains("not gone to the driver"),
        "{}",
        draft.body
    );
}

#[tokio::test]
async fn signing_in_again_returns_to_the_list_but_never_to_another_site() {
    let (server, db, _dir) = demo_server().await;
    let name = crate::access::username_for(&db, Role::Driver).await;
    let sign_in = |then: &str| {
        let form = format!(
            "username={}&password={}&then={}",
            crate::common::app::form_encode(&name),
            crate::common::app::form_encode(turnaround::demo::DEMO_PASSWORD),
            crate::common::app::form_encode(then)
        );
        let reply = server.post("/api/sign_in", &form, None);
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str::<String>(&reply.body).unwrap()
    };
    assert_eq!(
        sign_in("/driver?date=2026-03-03"),
        "/driver?date=2026-03-03"
    );
    let home = sign_in("");
    for elsewhere in ["//evil.example", "https://evil.example/", "/\\evil.example"] {
        assert_eq!(sign_in(elsewhere), home, "{elsewhere}");
    }
}
