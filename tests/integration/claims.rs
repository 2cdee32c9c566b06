//! Expense claims and the mileage log on the real database (either backend): a claim's whole
//! life, the refusals people meet on the way, who may see a receipt, and a month of odometer
//! readings turned into the vehicle's log.

use chrono::NaiveDate;

use crate::common::{a_wednesday, count, load_demo, TestDb};
use turnaround::claims::money::{Pence, Tenths};
use turnaround::claims::states::{ClaimState, ClaimStep};
use turnaround::claims::use_cases::{self as claims, Photo, Viewer};
use turnaround::claims::{ClaimMonth, ExpenseCategory, LineDraft};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::mileage::use_cases as mileage;
use turnaround::people::PersonId;
use turnaround::transport::RunId;

/// The smallest whole JPEG: its JFIF header, a 1×1 frame and its end (the check by bytes reads
/// the frame's size).
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11,
    0x00, 0xFF, 0xD9,
];

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

async fn demo() -> (TestDb, PersonId, PersonId, PersonId, PersonId) {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday())
        .await
        .expect("demo loads");
    let driver = person(&test.db, "mick.driver@example.org").await;
    let coordinator = person(&test.db, "sarah.coordinator@example.org").await;
    let team_leader = person(&test.db, "david.teamleader@example.org").await;
    let tutor = person(&test.db, "priya.tutor@example.org").await;
    (test, driver, coordinator, team_leader, tutor)
}

fn viewer(person: PersonId, approver: bool) -> Viewer<'static> {
    Viewer {
        actor: Actor { person, ip: None },
        approver,
    }
}

fn march(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
}

fn journey(day: u32, tenths: i64) -> LineDraft {
    LineDraft::Journey {
        date: march(day),
        from: "Office".into(),
        to: "Stanborough Lakes".into(),
        purpose: "Fishing kit to the lake".into(),
        distance: Tenths(tenths),
    }
}

fn parking(day: u32, pence: i64) -> LineDraft {
    LineDraft::Expense {
        date: march(day),
        category: ExpenseCategory::Parking,
        description: "Car park by the lake".into(),
        amount: Pence(pence),
    }
}

fn refused_with(result: Result<impl std::fmt::Debug, AppError>, words: &str) {
    match result {
        Err(AppError::Conflict(sentence) | AppError::Invalid(sentence)) => {
            assert!(
                sentence.contains(words),
                "{sentence:?} should say {words:?}"
            )
        }
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_claim_goes_from_draft_through_a_return_to_approved_and_paid() {
    let (test, driver, coordinator, team_leader, _) = demo().await;
    let db = &test.db;
    let month = ClaimMonth::containing(march(2));
    let today = march(31);
    claims::add_line(db, driver, &journey(2, 125), None, None)
        .await
        .unwrap();
    let parking_line = claims::add_line(
        db,
        driver,
        &parking(3, 320),
        Some(&Photo(JPEG.to_vec())),
        None,
    )
    .await
    .unwrap();

    let draft = claims::own(db, &viewer(driver, false), month)
        .await
        .unwrap();
    assert_eq!(draft.state, ClaimState::Draft);
    // 12.5 miles at 45p (the rate before 6 April 2026) = 562.5p, rounded up; parking £3.20.
    assert_eq!(draft.lines[0].amount, Pence(563));
    assert_eq!(draft.total, Pence(563 + 320));
    assert!(draft.send_problems.is_empty(), "{:?}", draft.send_problems);

    claims::send(db, driver, month, march(31)).await.unwrap();
    let id = draft_id(db, driver, month).await;
    claims::decide(
        db,
        &viewer(coordinator, true),
        id,
        ClaimStep::Return,
        Some("Which car park was it?"),
        today,
    )
    .await
    .unwrap();
    let returned = claims::own(db, &viewer(driver, false), month)
        .await
        .unwrap();
    assert_eq!(returned.state, ClaimState::Draft);
    assert!(
        returned
            .standing
            .starts_with("Returned on 31 March: Which car park was it?"),
        "{}",
        returned.standing
    );
    assert!(returned.may_edit);

    claims::send(db, driver, month, today).await.unwrap();
    claims::decide(
        db,
        &viewer(coordinator, true),
        id,
        ClaimStep::Approve,
        None,
        today,
    )
    .await
    .unwrap();
    let approved = claims::own(db, &viewer(driver, false), month)
        .await
        .unwrap();
    assert_eq!(
        approved.standing,
        "Approved on 31 March, £8.83 — paid with your next salary."
    );
    assert_eq!(
        approved.lines[0].priced_as.as_deref(),
        Some("12.5 miles at 45p")
    );
    // Nothing changes on an approved claim.
    refused_with(
        claims::remove_line(db, driver, parking_line).await,
        "has been sent",
    );

    let paid = claims::mark_paid(db, &viewer(team_leader, true), &[id], today, today)
        .await
        .unwrap();
    assert_eq!(paid, 1);
    let done = claims::own(db, &viewer(driver, false), month)
        .await
        .unwrap();
    assert_eq!(done.state, ClaimState::Paid);
    assert_eq!(done.standing, "Paid on 31 March, £8.83.");
    assert_eq!(
        done.history,
        [
            "Sent on 31 March 2026 by Mick Dawson",
            "Returned on 31 March 2026 by Sarah Mitchell: Which car park was it?",
            "Sent on 31 March 2026 by Mick Dawson",
            "Approved on 31 March 2026 by Sarah Mitchell",
            "Marked paid on 31 March 2026 by David Okafor",
        ]
    );
    assert_eq!(count(db, "claim_events").await, 5);
}

async fn draft_id(db: &Db, person: PersonId, month: ClaimMonth) -> turnaround::claims::ClaimId {
    on!(
        db,
        query_scalar("SELECT id FROM claims WHERE person_id = $1 AND month = $2")
            .bind(person)
            .bind(month.0)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn nobody_approves_or_pays_their_own_claim() {
    let (test, _, coordinator, _, _) = demo().await;
    let db = &test.db;
    let month = ClaimMonth::containing(march(2));
    claims::add_line(db, coordinator, &journey(2, 100), None, None)
        .await
        .unwrap();
    claims::send(db, coordinator, month, march(31))
        .await
        .unwrap();
    let id = draft_id(db, coordinator, month).await;
    let own = viewer(coordinator, true);
    refused_with(
        claims::decide(db, &own, id, ClaimStep::Approve, None, march(31)).await,
        "Nobody approves",
    );
    refused_with(
        claims::decide(db, &own, id, ClaimStep::Return, Some("Oops"), march(31)).await,
        "Nobody approves",
    );
    // The database says the same to a write that skips the use case.
    let direct = run!(db, query("INSERT INTO claim_events (claim_id, step, by_id, on_date) VALUES ($1, 'approve', $2, $3)")
        .bind(id)
        .bind(coordinator)
        .bind(march(31))
        .execute);
    assert!(direct.is_err());
    let state: String = on!(
        db,
        query_scalar("SELECT state FROM claims WHERE id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap();
    assert_eq!(state, "submitted");
}

#[tokio::test]
async fn a_receipt_is_served_to_its_claimant_and_approvers_only_and_each_read_is_audited() {
    let (test, driver, coordinator, _, tutor) = demo().await;
    let db = &test.db;
    let line = claims::add_line(
        db,
        driver,
        &parking(3, 320),
        Some(&Photo(JPEG.to_vec())),
        None,
    )
    .await
    .unwrap();
    let (kind, bytes) = claims::receipt(db, &viewer(driver, false), line)
        .await
        .unwrap();
    assert_eq!(kind.content_type(), "image/jpeg");
    assert_eq!(bytes, JPEG);
    assert!(claims::receipt(db, &viewer(coordinator, true), line)
        .await
        .is_ok());
    let refused = claims::receipt(db, &viewer(tutor, false), line).await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");
    let reads: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'receipt_read' AND subject_id = $1"
        )
        .bind(driver)
        .fetch_one
    )
    .unwrap();
    assert_eq!(reads, 2);
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_with_a_sentence_and_nothing_is_saved() {
    let (test, driver, ..) = demo().await;
    let db = &test.db;
    let pdf = Photo(b"%PDF-1.7\n1 0 obj".to_vec());
    refused_with(
        claims::add_line(db, driver, &parking(3, 320), Some(&pdf), None).await,
        "not a photo",
    );
    assert_eq!(count(db, "claim_lines").await, 0);
    assert_eq!(count(db, "claims").await, 0);
}

#[tokio::test]
async fn an_expense_without_its_photo_is_refused_and_nothing_is_saved() {
    let (test, driver, ..) = demo().await;
    let db = &test.db;
    refused_with(
        claims::add_line(db, driver, &parking(3, 320), None, None).await,
        "Take a photo of the receipt",
    );
    refused_with(
        claims::add_line(db, driver, &parking(3, 320), Some(&Photo(Vec::new())), None).await,
        "Take a photo of the receipt",
    );
    // A known signature followed by anything else is not a picture.
    let mut png_then_noise = b"\x89PNG\r\n\x1a\n".to_vec();
    png_then_noise.extend_from_slice(&[7; 200]);
    refused_with(
        claims::add_line(
            db,
            driver,
            &parking(3, 320),
            Some(&Photo(png_then_noise)),
            None,
        )
        .await,
        "not a photo",
    );
    assert_eq!(count(db, "claim_lines").await, 0);
    assert_eq!(count(db, "claims").await, 0);
}

#[tokio::test]
async fn the_same_form_sent_twice_adds_one_line() {
    let (test, driver, ..) = demo().await;
    let db = &test.db;
    let key = Some("form-7f3a9c2e");
    let first = claims::add_line(
        db,
        driver,
        &parking(3, 320),
        Some(&Photo(JPEG.to_vec())),
        key,
    )
    .await
    .unwrap();
    let again = claims::add_line(
        db,
        driver,
        &parking(3, 320),
        Some(&Photo(JPEG.to_vec())),
        key,
    )
    .await
    .unwrap();
    assert_eq!(first, again);
    assert_eq!(count(db, "claim_lines").await, 1);
}

#[tokio::test]
async fn a_month_of_runs_gives_the_vehicles_log_and_flags_what_does_not_follow_on() {
    let (test, _, coordinator, ..) = demo().await;
    let db = &test.db;
    // The people carrier's published runs on the first two days with runs.
    let runs: Vec<(i64, NaiveDate, String)> = on!(db, query_as(
        "SELECT r.id, r.run_date, r.direction FROM runs r JOIN vehicles v ON v.id = r.vehicle_id
         WHERE r.published_at IS NOT NULL AND v.id = (SELECT min(vehicle_id) FROM runs WHERE published_at IS NOT NULL)
         ORDER BY r.run_date, r.direction",
    )
    .fetch_all)
    .unwrap();
    assert!(runs.len() >= 4, "the demo has runs: {runs:?}");
    // Day one: out 41,000 → 41,030, back 41,031 → 41,062. Day two: out starts 50 miles on.
    // As bigint, as the app binds them: PostgreSQL keeps each statement prepared per connection
    // with its parameters' types, and the app's own UPDATE has this same text.
    let readings: [(i64, i64); 3] = [(41_000, 41_030), (41_031, 41_062), (41_112, 41_140)];
    for ((id, ..), (start, end)) in runs.iter().zip(readings) {
        run!(
            db,
            query("UPDATE runs SET odometer_start = $1, odometer_end = $2 WHERE id = $3")
                .bind(start)
                .bind(end)
                .bind(*id)
                .execute
        )
        .unwrap();
    }
    let month = ClaimMonth::containing(runs[0].1);
    let today = month.last_day();
    let vehicle: String = on!(
        db,
        query_scalar(
            "SELECT v.name FROM vehicles v JOIN runs r ON r.vehicle_id = v.id WHERE r.id = $1",
        )
        .bind(runs[0].0)
        .fetch_one
    )
    .unwrap();
    let logs = mileage::month_log(db, month, today).await.unwrap();
    let log = logs
        .iter()
        .find(|l| l.vehicle == vehicle)
        .expect("the vehicle's log");
    let first_day = &log.days[0];
    assert_eq!(first_day.date, runs[0].1);
    assert_eq!(
        (first_day.first_reading, first_day.last_reading),
        (Some(41_000), Some(41_062))
    );
    assert_eq!(first_day.miles, Some(62));
    assert_eq!(first_day.runs, 2);
    let gap = log
        .flags
        .iter()
        .find(|f| f.run.0 == runs[2].0)
        .expect("the gap is flagged");
    assert!(gap.words.contains("starts 50 miles after"), "{}", gap.words);
    // The second day's return has no readings: flagged as missing.
    let missing = log
        .flags
        .iter()
        .find(|f| f.run.0 == runs[3].0)
        .expect("missing readings flagged");
    assert!(
        missing.words.ends_with("has no readings."),
        "{}",
        missing.words
    );

    // The same run is listed for the driver and the board until filled in.
    let missing = mileage::missing_readings(db, None, today).await.unwrap();
    assert!(
        missing
            .iter()
            .any(|m| m.date == runs[3].1 && m.words.ends_with("has no readings.")),
        "{missing:?}"
    );

    // The coordinator corrects the gap's start (the driver typed 41,112 for 41,062): audited.
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    mileage::answer_flag(
        db,
        &actor,
        gap.run,
        "Typed 41112 for 41062.",
        Some((Some(41_062), Some(41_090))),
        today,
    )
    .await
    .unwrap();
    // A run still to come has nothing to explain or correct yet.
    let day_before = runs[3].1.pred_opt().unwrap();
    refused_with(
        mileage::answer_flag(
            db,
            &actor,
            RunId(runs[3].0),
            "x",
            Some((Some(1), Some(2))),
            day_before,
        )
        .await,
        "once it has been driven",
    );
    let again = mileage::month_log(db, month, today).await.unwrap();
    let again = again.iter().find(|l| l.vehicle == vehicle).unwrap();
    assert!(!again
        .flags
        .iter()
        .any(|f| f.run == gap.run && f.words.contains("miles after")));
    let audited: String = on!(
        db,
        query_scalar("SELECT detail FROM audit_events WHERE action = 'odometer_corrected'")
            .fetch_one
    )
    .unwrap();
    assert!(audited.contains("start 41112 → 41062"), "{audited}");
}

#[tokio::test]
async fn over_http_a_receipt_and_the_csv_answer_only_those_allowed_with_no_store() {
    use crate::access::{cookie_for, demo_server};
    use turnaround::people::Role;
    let (server, db, _dir) = demo_server().await;
    let today = turnaround::server::clock::programme_now(&db)
        .await
        .unwrap()
        .date();
    let driver = person(&db, "mick.driver@example.org").await;
    let expense = LineDraft::Expense {
        date: today,
        category: ExpenseCategory::Parking,
        description: String::new(),
        amount: Pence(320),
    };
    let line = claims::add_line(&db, driver, &expense, Some(&Photo(JPEG.to_vec())), None)
        .await
        .unwrap();
    let path = format!("/receipts/{line}");
    let mick = cookie_for(&server, &db, Role::Driver).await;
    let sarah = cookie_for(&server, &db, Role::Coordinator).await;
    let priya = cookie_for(&server, &db, Role::Tutor).await;
    for cookie in [&mick, &sarah] {
        let reply = server.request("GET", &path, "", Some(cookie));
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.header("content-type"), Some("image/jpeg"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let disposition = reply.header("content-disposition").unwrap_or_default();
        assert!(
            disposition.starts_with("inline; filename=\"R-"),
            "{disposition}"
        );
    }
    assert_eq!(server.request("GET", &path, "", Some(&priya)).status, 404);
    assert_eq!(server.request("GET", &path, "", None).status, 401);
    assert_eq!(
        server
            .request("GET", "/receipts/1%20OR%201", "", Some(&sarah))
            .status,
        404
    );

    let csv = format!("/claims/export.csv?month={}", today.format("%Y-%m"));
    let reply = server.request("GET", &csv, "", Some(&sarah));
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        reply.body.starts_with("Claimant,Claim month,Date,"),
        "{}",
        reply.body
    );
    server
        .request("GET", &csv, "", Some(&priya))
        .assert_says(403, "You do not have access");
    assert_eq!(server.request("GET", &csv, "", None).status, 401);
    server
        .request("GET", "/claims/export.csv?month=2026-13", "", Some(&sarah))
        .assert_says(400, "Choose a month like 2026-11.");
    // The month as a browser may encode it.
    let encoded = format!("/claims/export.csv?month={}", today.format("%Y%%2D%m"));
    assert_eq!(
        server.request("GET", &encoded, "", Some(&sarah)).status,
        200
    );

    // An expense must come as a form with a photo: anything else is a sentence, not a crash.
    let origin = server.origin();
    let reply = server.request_with(
        "POST",
        "/claims/expense",
        "date=2026-01-01&amount=3",
        Some(&mick),
        &[
            ("Origin", origin.as_str()),
            ("x-requested-with", "claim-form"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
    );
    reply.assert_says(400, "did not arrive as a form with a photo");

    // An expense form with no photo in it is refused whole: no line waits for a photo.
    let lines_before = count(&db, "claim_lines").await;
    let boundary = "----receipt-boundary";
    let field = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let body = format!(
        "{}{}{}--{boundary}--\r\n",
        field("date", &today.format("%Y-%m-%d").to_string()),
        field("category", "parking"),
        field("amount", "3.20"),
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    server
        .try_request_bytes(
            "POST",
            "/claims/expense",
            body.as_bytes(),
            Some(content_type.as_str()),
            Some(&mick),
            &[
                ("Origin", origin.as_str()),
                ("x-requested-with", "claim-form"),
            ],
        )
        .expect("an answer")
        .assert_says(400, "Take a photo of the receipt");
    assert_eq!(count(&db, "claim_lines").await, lines_before);

    // A link on another site can neither download the claims nor show a receipt.
    for address in [csv.as_str(), path.as_str()] {
        server
            .request_with(
                "GET",
                address,
                "",
                Some(&sarah),
                &[("Sec-Fetch-Site", "cross-site")],
            )
            .assert_says(403, "Open the download from the app's own page.");
    }

    // A server function's body over the limit is refused in a sentence the page can show.
    let huge = format!("date=2026-01-01&from={}", "a".repeat(2 * 1024 * 1024));
    let reply = server.request_with(
        "POST",
        "/api/add_journey",
        &huge,
        Some(&mick),
        &[
            ("Origin", origin.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
    );
    assert_eq!(reply.status, 413);
    assert!(
        reply
            .header("x-turnaround-said")
            .unwrap_or_default()
            .contains("far%20more"),
        "{:?}",
        reply.header("x-turnaround-said")
    );
}

/// A journey on `date` of `miles` whole miles.
fn long_journey(date: NaiveDate, miles: i64) -> LineDraft {
    LineDraft::Journey {
        date,
        from: "Office".into(),
        to: "Training centre".into(),
        purpose: "Course day".into(),
        distance: Tenths::miles(miles),
    }
}

#[tokio::test]
async fn the_threshold_counts_the_tax_years_earlier_months_only_and_the_csv_gives_a_row_per_rate() {
    let (test, driver, coordinator, ..) = demo().await;
    let db = &test.db;
    let approver = viewer(coordinator, true);
    let (february, march_claim) = (
        ClaimMonth::containing(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
        ClaimMonth::containing(march(1)),
    );
    // February: 9,990 miles (45p a mile in the 2025–26 tax year), sent.
    for day in 1..=10 {
        let date = NaiveDate::from_ymd_opt(2026, 2, day).unwrap();
        claims::add_line(db, driver, &long_journey(date, 999), None, None)
            .await
            .unwrap();
    }
    claims::send(db, driver, february, march(1)).await.unwrap();
    // March: 20 miles, 10 of them past the 10,000-mile threshold.
    claims::add_line(db, driver, &long_journey(march(3), 20), None, None)
        .await
        .unwrap();
    claims::send(db, driver, march_claim, march(31))
        .await
        .unwrap();
    let claimant = viewer(driver, false);
    let own = |month| claims::own(db, &claimant, month);
    assert_eq!(own(march_claim).await.unwrap().total, Pence(450 + 250));

    // February goes back and is sent again, unchanged: March's later miles do not count
    // towards February's threshold, so every February mile is still paid at 45p.
    let february_id = draft_id(db, driver, february).await;
    claims::decide(
        db,
        &approver,
        february_id,
        ClaimStep::Return,
        Some("Add the course's name"),
        march(31),
    )
    .await
    .unwrap();
    claims::send(db, driver, february, march(31)).await.unwrap();
    assert_eq!(own(february).await.unwrap().total, Pence(9_990 * 45));

    // The finance CSV gives the crossing journey a row per rate, miles × rate = amount on each.
    let march_id = draft_id(db, driver, march_claim).await;
    claims::decide(db, &approver, march_id, ClaimStep::Approve, None, march(31))
        .await
        .unwrap();
    let csv = claims::export(db, &approver, march_claim).await.unwrap();
    let rows: Vec<&str> = csv
        .lines()
        .filter(|row| row.contains("Course day"))
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].contains(",10,0.45,4.50,"), "{}", rows[0]);
    assert!(rows[1].contains(",10,0.25,2.50,"), "{}", rows[1]);

    // Paid before it was approved is refused; the same claim ticked twice is marked once.
    refused_with(
        claims::mark_paid(db, &approver, &[march_id], march(30), march(31)).await,
        "cannot have been paid before that",
    );
    let marked = claims::mark_paid(db, &approver, &[march_id, march_id], march(31), march(31))
        .await
        .unwrap();
    assert_eq!(marked, 1);
}
