//! The funders' report and the Justice Data Lab extract on the real database (either backend):
//! on a data set built by hand in a quarter the demo programme never touches, each figure
//! equals the count written here; a count of 3 prints "fewer than 5"; the extract holds exactly
//! the participants who agreed and have started; the downloads are audited and refuse
//! strangers.

use chrono::{NaiveDateTime, Utc};

use crate::common::records::{day, person, register, score, session_on};
use crate::common::{a_wednesday, load_demo, TestDb};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::people::PersonId;
use turnaround::reports::data_lab::{Gender, Identity};
use turnaround::reports::funders::FundersReport;
use turnaround::reports::period::Period;
use turnaround::reports::small_numbers::Count;
use turnaround::reports::use_cases;
use turnaround::wellbeing::instrument::{Instrument, DEMO_INSTRUMENT};

/// Participants nobody is kept apart from, oldest first.
async fn participants(db: &Db, how_many: usize) -> Vec<PersonId> {
    let all: Vec<PersonId> = on!(
        db,
        query_scalar(
            "SELECT person_id FROM participants
             WHERE person_id NOT IN (SELECT person_a FROM keep_apart)
               AND person_id NOT IN (SELECT person_b FROM keep_apart)
             ORDER BY person_id"
        )
        .fetch_all
    )
    .unwrap();
    assert!(all.len() >= how_many, "the demo has {} to use", all.len());
    all.into_iter().take(how_many).collect()
}

async fn referral(
    db: &Db,
    source: &str,
    received: &str,
    contact: Option<&str>,
    completed: Option<&str>,
) {
    let status = if completed.is_some() {
        "closed"
    } else if contact.is_some() {
        "contacted"
    } else {
        "received"
    };
    let id: i64 = on!(
        db,
        query_scalar(
            "INSERT INTO referrals (source, received_on, given_name, family_name, in_area, consent_how,
                consent_on, share_back, status, close_reason)
             VALUES ($1, $2, 'Test', 'Referral', $3, 'written', $2, 'nothing', $4, $5) RETURNING id"
        )
        .bind(source)
        .bind(day(received))
        .bind(true)
        .bind(status)
        .bind(completed.map(|_| "completed"))
        .fetch_one
    )
    .unwrap();
    let mut steps = vec![("received", None, received)];
    if let Some(on) = contact {
        steps.push(("contacted", None, on));
    }
    if let Some(on) = completed {
        steps.push(("closed", Some("completed"), on));
    }
    for (status, reason, on) in steps {
        run!(
            db,
            query("INSERT INTO referral_events (referral_id, status, close_reason, on_date) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(status)
                .bind(reason)
                .bind(day(on))
                .execute
        )
        .unwrap();
    }
}

async fn goal(db: &Db, who: PersonId, area: i64, by: PersonId, review: Option<&str>) {
    let reviewed = review.map(|_| day("2025-03-20"));
    run!(
        db,
        query(
            "INSERT INTO goals (participant_id, area_id, title, owner_id, target_on, created_on,
                created_by, review, reviewed_on, reviewed_by)
             VALUES ($1, $2, 'Find a course', $3, $4, $5, $3, $6, $7, $8)"
        )
        .bind(who)
        .bind(area)
        .bind(by)
        .bind(day("2025-03-15"))
        .bind(day("2025-01-15"))
        .bind(review)
        .bind(reviewed)
        .bind(review.map(|_| by))
        .execute
    )
    .unwrap();
}

async fn published_run(db: &Db, on: &str, direction: &str, start: i64, end: i64) {
    run!(
        db,
        query(
            "INSERT INTO runs (run_date, direction, venue_id, vehicle_id, driver_id, seats,
                wheelchair_spaces, departs_at, arrives_at, driving_minutes, published_at,
                odometer_start, odometer_end)
             SELECT $1, direction, venue_id, vehicle_id, driver_id, seats, wheelchair_spaces,
                departs_at, arrives_at, driving_minutes, $2, $3, $4
             FROM runs WHERE direction = $5 ORDER BY id LIMIT 1"
        )
        .bind(day(on))
        .bind(Utc::now())
        .bind(start)
        .bind(end)
        .bind(direction)
        .execute
    )
    .unwrap();
}

async fn report(db: &Db, period: Period) -> FundersReport {
    let instrument = Instrument::load(DEMO_INSTRUMENT).unwrap();
    let now = day("2026-03-04").and_hms_opt(12, 0, 0).unwrap();
    use_cases::funders_report(db, "TurnAround".into(), &instrument, period, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_figure_of_a_quarter_built_by_hand_equals_its_hand_count() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let db = &test.db;
    let coordinator = person(db, "sarah.coordinator@example.org").await;
    let people = participants(db, 7).await;
    let quarter = Period::quarter(2025, 1).unwrap();

    // Referrals: 6 from Probation (5 contacted after 2, 4, 1, 10 and 6 days; one completed),
    // 2 from the Police in March, and one from December 2024 that is not in the quarter.
    referral(db, "probation", "2025-01-10", Some("2025-01-12"), None).await;
    referral(
        db,
        "probation",
        "2025-01-10",
        Some("2025-01-14"),
        Some("2025-03-28"),
    )
    .await;
    referral(db, "probation", "2025-01-10", Some("2025-01-11"), None).await;
    referral(db, "probation", "2025-02-05", Some("2025-02-15"), None).await;
    referral(db, "probation", "2025-02-05", Some("2025-02-11"), None).await;
    referral(db, "probation", "2025-02-05", None, None).await;
    referral(db, "police", "2025-03-01", None, None).await;
    referral(db, "police", "2025-03-02", None, None).await;
    referral(db, "police", "2024-12-20", Some("2024-12-22"), None).await;

    // Registers: 7 came on 8 January; on 5 March 2 came, 3 were absent, 1 cancelled late and 1
    // did not come. 9 attended of 14 booked.
    let january = session_on(db, day("2025-01-08")).await;
    for who in &people {
        register(db, january, *who, "attended", coordinator).await;
    }
    let march = session_on(db, day("2025-03-05")).await;
    let outcomes = [
        "attended",
        "attended",
        "absent",
        "absent",
        "absent",
        "late_cancellation",
        "no_show",
    ];
    for (who, outcome) in people.iter().zip(outcomes) {
        register(db, march, *who, outcome, coordinator).await;
    }

    // Wellbeing: six people from January to March, changes +5, +4, +3, +1, 0 and -2 points.
    for (who, (first, latest)) in
        people
            .iter()
            .zip([(40, 45), (40, 44), (50, 53), (30, 31), (45, 45), (50, 48)])
    {
        score(db, *who, "2025-01-08", first).await;
        score(db, *who, "2025-03-05", latest).await;
    }

    // Goals in the first area of need: 6 set in January, 5 achieved and 1 not yet in March.
    let area: i64 = on!(
        db,
        query_scalar("SELECT id FROM need_areas ORDER BY position, name LIMIT 1").fetch_one
    )
    .unwrap();
    for (i, who) in people.iter().take(6).enumerate() {
        goal(
            db,
            *who,
            area,
            coordinator,
            Some(if i < 5 { "achieved" } else { "not_yet" }),
        )
        .await;
    }

    // Two runs on 8 January: 30 and 28 miles.
    published_run(db, "2025-01-08", "outbound", 1000, 1030).await;
    published_run(db, "2025-01-08", "return", 1030, 1058).await;

    let report = report(db, quarter).await;

    let referrals = &report.referrals;
    assert_eq!(referrals.total, Count::Exact(8));
    assert_eq!(referrals.by_source[0], Count::Exact(6), "Probation");
    assert_eq!(
        referrals.by_source[1],
        Count::FewerThan5,
        "2 from the Police"
    );
    let months: Vec<_> = referrals
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.total))
        .collect();
    assert_eq!(
        months,
        [
            ("Jan 2025", Count::FewerThan5),
            ("Feb 2025", Count::FewerThan5),
            ("Mar 2025", Count::FewerThan5)
        ]
    );
    let contact = &report.journey[1];
    assert_eq!(contact.reached, Count::Exact(5));
    assert_eq!(contact.median_days.as_deref(), Some("4 days"));
    assert_eq!(
        report.journey[3].reached,
        Count::FewerThan5,
        "one completed"
    );
    assert_eq!(report.journey[3].median_days, None);

    let attendance = &report.attendance;
    assert_eq!(attendance.booked, Count::Exact(14));
    assert_eq!(attendance.attended, Count::Exact(9));
    assert_eq!(attendance.absent, Count::FewerThan5);
    assert_eq!(attendance.absent.words(), "fewer than 5", "3 absent");
    assert_eq!(attendance.rate.as_deref(), Some("64%"), "9 of 14");

    let wellbeing = &report.wellbeing;
    assert_eq!(wellbeing.with_two_scores, Count::Exact(6));
    assert_eq!(
        wellbeing.mean_change.as_deref(),
        Some("+1.8"),
        "11 points over 6 people"
    );
    assert_eq!(
        wellbeing.improved_meaningfully,
        Count::FewerThan5,
        "3 improved by 3 or more"
    );
    assert_eq!(wellbeing.share_improved, None);

    let goals = &report.goals[0];
    assert_eq!(
        (goals.set, goals.achieved, goals.not_yet),
        (Count::Exact(6), Count::Exact(5), Count::FewerThan5)
    );

    let transport = &report.transport;
    assert_eq!(transport.runs, Count::FewerThan5, "two runs");
    assert_eq!(transport.miles, Count::Exact(58));

    // The engagement window is the quarter's last 30 days: the 2 who came on 5 March.
    assert_eq!(report.engagement.engaged, Count::FewerThan5);

    // The CSV carries every figure, and no small number.
    let csv = turnaround::reports::csv::funders_csv(&report);
    assert!(
        csv.contains("2025-01-01,2025-03-31,Attendance,Attended,9\r\n"),
        "{csv}"
    );
    assert!(csv.contains("Attendance,Absent,fewer than 5\r\n"));
    assert!(csv.contains("Wellbeing,Mean change (points),+1.8\r\n"));
    let html = turnaround::reports::funders_html::body(&report);
    assert!(html.contains("<svg") && html.matches("<table>").count() == 7);
}

#[tokio::test]
async fn the_extract_holds_exactly_those_who_agreed_and_started() {
    let test = TestDb::new().await;
    load_demo(&test.db, a_wednesday()).await.unwrap();
    let db = &test.db;
    let coordinator = person(db, "sarah.coordinator@example.org").await;
    let actor = Actor {
        person: coordinator,
        ip: None,
    };
    let people = participants(db, 4).await;
    let session = session_on(db, day("2025-01-08")).await;
    // 0 and 1 agreed and came; 2 agreed and never came; 3 came and did not agree.
    for who in [people[0], people[1], people[3]] {
        register(db, session, who, "attended", coordinator).await;
    }
    let agreed = Identity {
        born_on: Some(day("1990-04-21")),
        gender: Some(Gender::Male),
        consent_on: Some(day("2025-01-02")),
    };
    for who in [people[0], people[1], people[2]] {
        use_cases::save_identity(db, &actor, who, &agreed)
            .await
            .unwrap();
    }
    let no_consent = Identity {
        consent_on: None,
        ..agreed.clone()
    };
    use_cases::save_identity(db, &actor, people[3], &no_consent)
        .await
        .unwrap();

    let summary = use_cases::data_lab_summary(db).await.unwrap();
    assert_eq!(
        (summary.rows, summary.not_started, summary.incomplete),
        (2, 1, 0)
    );
    let (name, csv) = use_cases::data_lab_extract(db, &actor, day("2026-03-04"))
        .await
        .unwrap();
    assert_eq!(name, "justice-data-lab-2026-03-04.csv");
    let started: NaiveDateTime = on!(
        db,
        query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one
    )
    .unwrap();
    let index_date = started.format("%d/%m/%Y").to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Surname,Forename,Date of Birth,Gender,Index Date");
    assert_eq!(lines.len(), 3, "{csv}");
    for line in &lines[1..] {
        assert!(
            line.ends_with(&format!(",21/04/1990,M,{index_date}")),
            "{line}"
        );
    }
    let audited: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'data_lab_extracted'")
            .fetch_one
    )
    .unwrap();
    assert_eq!(audited, 1);
    let changes: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'identity_changed'")
            .fetch_one
    )
    .unwrap();
    assert_eq!(changes, 4, "one entry a participant changed");

    // Withdrawing consent takes them out.
    use_cases::save_identity(db, &actor, people[0], &no_consent)
        .await
        .unwrap();
    assert_eq!(use_cases::data_lab_summary(db).await.unwrap().rows, 1);
}

#[tokio::test]
async fn the_downloads_are_for_their_readers_only_and_each_is_audited() {
    use turnaround::people::Role;
    let (server, db, _dir) = crate::access::demo_server().await;
    let coordinator = crate::access::cookie_for(&server, &db, Role::Coordinator).await;
    let team_leader = crate::access::cookie_for(&server, &db, Role::TeamLeader).await;
    let tutor = crate::access::cookie_for(&server, &db, Role::Tutor).await;
    let csv = "/reports/funders.csv?first=2026-01-01&last=2026-03-31";

    let got = server.get(csv, Some(&coordinator));
    got.assert_says(200, "Period from,Period to,Section,Figure,Value");
    assert_eq!(got.header("cache-control"), Some("no-store"));
    assert!(got
        .header("content-disposition")
        .is_some_and(|d| d.contains("funders-report-2026-01-01_2026-03-31.csv")));
    let print = server.get(
        "/reports/funders/print?first=2026-01-01&last=2026-03-31",
        Some(&team_leader),
    );
    print.assert_says(200, "funders' report, January to March 2026 (Q1)");
    assert!(print.body.contains("<svg") && !print.body.contains("<script"));

    server.get(csv, Some(&tutor)).assert_says(403, "");
    server.get(csv, None).assert_says(401, "");
    server
        .get(
            "/reports/funders.csv?first=2026-04-01&last=2026-01-01",
            Some(&coordinator),
        )
        .assert_says(400, "swap them round");
    let cross_site = server.request_with(
        "GET",
        csv,
        "",
        Some(&coordinator),
        &[("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(cross_site.status, 403);

    // The extract: coordinators only, not team leaders.
    server
        .get("/reports/data-lab.csv", Some(&team_leader))
        .assert_says(403, "");
    server
        .get("/reports/data-lab.csv", Some(&coordinator))
        .assert_says(200, "Surname,Forename,Date of Birth,Gender,Index Date");

    let audited: Vec<String> = on!(
        &db,
        query_scalar(
            "SELECT detail FROM audit_events WHERE action IN ('funders_report_downloaded', 'data_lab_extracted') ORDER BY id"
        )
        .fetch_all
    )
    .unwrap();
    assert_eq!(
        audited,
        [
            "CSV, 2026-01-01 to 2026-03-31",
            "print view, 2026-01-01 to 2026-03-31",
            "0 participants"
        ]
    );
}
