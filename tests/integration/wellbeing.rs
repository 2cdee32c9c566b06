//! Wellbeing questionnaires on the real database (either backend): a participant answers on a
//! phone without JavaScript, one question a screen, and the score is right; answers with the
//! mentor are recorded as assisted, and another mentor is refused; the coordinator sees who is
//! due.

use chrono::NaiveDate;

use crate::common::app::start;
use crate::common::{a_wednesday, fresh_database, load_demo, TestDb};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::people::PersonId;
use turnaround::plans::use_cases::Viewer;
use turnaround::wellbeing::instrument::{Instrument, DEMO_INSTRUMENT};
use turnaround::wellbeing::use_cases as wellbeing;
use turnaround::wellbeing::TimePoint;

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

#[tokio::test]
async fn a_participant_answers_on_a_phone_without_javascript_and_the_score_is_right() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let server = start(&database);
    let db = turnaround::data::open(&database).await.unwrap();
    let participant = person(&db, "marcus.bennett").await;
    let cookie = server.sign_in("marcus.bennett", None);
    let origin = server.origin();
    let html = [("Accept", "text/html"), ("Origin", origin.as_str())];
    let post =
        |path: &str, body: &str| server.request_with("POST", path, body, Some(&cookie), &html);

    server
        .get("/my/wellbeing", Some(&cookie))
        .assert_says(200, "Start the questions");
    let started = post("/api/start_wellbeing", "");
    assert!(matches!(started.status, 302 | 303), "{}", started.body);
    let answers = [4, 3, 5, 2, 4];
    for (index, value) in answers.iter().enumerate() {
        let page = server.get("/my/wellbeing", Some(&cookie));
        page.assert_says(200, &format!("Question {} of 5", index + 1));
        assert!(
            page.body.contains("Over the last two weeks:"),
            "the period said plainly"
        );
        assert!(!page.body.contains(".wasm"), "a plain page");
        let sent = post(
            "/api/answer_wellbeing",
            &format!("question={}&value={value}", index + 1),
        );
        assert!(matches!(sent.status, 302 | 303), "{}", sent.body);
    }
    let (score, completed, point): (Option<i64>, Option<NaiveDate>, String) = on!(
        &db,
        query_as("SELECT score, completed_on, time_point FROM wellbeing_responses WHERE participant_id = $1")
            .bind(participant)
            .fetch_one
    )
    .unwrap();
    assert_eq!(score, Some(18 * 100), "4 + 3 + 5 + 2 + 4");
    assert!(completed.is_some());
    assert_eq!(point, "start");
    let done = server.get("/my/wellbeing", Some(&cookie));
    done.assert_says(200, "Your next check-in is due on");
    assert!(
        done.body.contains("<svg") && done.body.contains("<table"),
        "the chart and its table"
    );

    // A hostile or stale answer is refused in words, and changes nothing.
    let no_open = server.post("/api/answer_wellbeing", "question=1&value=3", Some(&cookie));
    no_open.assert_says(409, "start the check-in first");
    let not_due = server.post("/api/start_wellbeing", "", Some(&cookie));
    not_due.assert_says(409, "no check-in due");
    let marcus: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM wellbeing_responses WHERE participant_id = $1")
            .bind(participant)
            .fetch_one
    )
    .unwrap();
    assert_eq!(marcus, 1, "one questionnaire, nothing more");
}

#[tokio::test]
async fn answers_out_of_range_are_refused_and_answers_with_the_mentor_are_assisted() {
    let test = TestDb::new().await;
    let today = a_wednesday();
    load_demo(&test.db, today).await.unwrap();
    let db = &test.db;
    let instrument = Instrument::load(DEMO_INSTRUMENT).unwrap();
    let james = person(db, "james.mentor@example.org").await;
    let mentee: PersonId = on!(
        db,
        query_scalar("SELECT min(person_id) FROM participants WHERE mentor_id = $1")
            .bind(james)
            .fetch_one
    )
    .unwrap();
    wellbeing::start(db, &instrument, mentee, today)
        .await
        .unwrap();
    for (number, value) in [(0, 3), (6, 3), (1, 9)] {
        assert!(matches!(
            wellbeing::answer(db, &instrument, mentee, number, value, today).await,
            Err(AppError::Invalid(_))
        ));
    }
    // Started on the phone: the mentor cannot record over it.
    let viewer = Viewer {
        actor: Actor {
            person: james,
            ip: None,
        },
        sees_everyone: false,
    };
    let all = [Some(3), Some(3), Some(3), Some(3), Some(3)];
    assert!(matches!(
        wellbeing::record_assisted(db, &instrument, &viewer, mentee, &all, today).await,
        Err(AppError::Conflict(_))
    ));
    for number in 1..=5 {
        wellbeing::answer(db, &instrument, mentee, number, 2, today)
            .await
            .unwrap();
    }
    // Three months on, a review is due; answered with the mentor.
    let later = today + chrono::Days::new(95);
    let missing = [Some(3), None, Some(3), Some(3), Some(3)];
    assert!(matches!(
        wellbeing::record_assisted(db, &instrument, &viewer, mentee, &missing, later).await,
        Err(AppError::Invalid(s)) if s.contains("question 2")
    ));
    wellbeing::record_assisted(
        db,
        &instrument,
        &viewer,
        mentee,
        &[Some(4), Some(4), Some(3), Some(3), Some(3)],
        later,
    )
    .await
    .unwrap();
    let theirs = wellbeing::theirs(db, &instrument, &viewer, mentee, later)
        .await
        .unwrap();
    let scores: Vec<_> = theirs
        .history
        .scores
        .iter()
        .map(|s| (s.score.as_str(), s.time_point, s.assisted))
        .collect();
    assert_eq!(
        scores,
        [
            ("10", TimePoint::Start, false),
            ("17", TimePoint::Review, true)
        ]
    );
    assert_eq!(
        theirs.history.change.as_deref(),
        Some("Up 7 points since the start: at least the 3 points that count as a real change.")
    );
    let read: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'wellbeing_read' AND subject_id = $1"
        )
        .bind(mentee)
        .fetch_one
    )
    .unwrap();
    assert_eq!(read, 1, "reading the scores is audited");

    // Another mentor is refused.
    let other: PersonId = on!(
        db,
        query_scalar("SELECT person_id FROM person_roles WHERE role = 'mentor' AND person_id <> $1 AND person_id NOT IN (SELECT person_id FROM person_roles WHERE role IN ('coordinator', 'team_leader')) LIMIT 1")
            .bind(james)
            .fetch_optional
    )
    .unwrap()
    .unwrap_or(PersonId(0));
    if other != PersonId(0) {
        let stranger = Viewer {
            actor: Actor {
                person: other,
                ip: None,
            },
            sees_everyone: false,
        };
        assert!(matches!(
            wellbeing::theirs(db, &instrument, &stranger, mentee, later).await,
            Err(AppError::NotAllowed(_))
        ));
    }
    let nobody = Viewer {
        actor: Actor {
            person: PersonId(0),
            ip: None,
        },
        sees_everyone: false,
    };
    assert!(matches!(
        wellbeing::theirs(db, &instrument, &nobody, mentee, later).await,
        Err(AppError::NotAllowed(_))
    ));
    let read_after_refusals: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM audit_events WHERE action = 'wellbeing_read' AND subject_id = $1"
        )
        .bind(mentee)
        .fetch_one
    )
    .unwrap();
    assert_eq!(read_after_refusals, 1, "a refusal reads nothing");

    // The coordinator's list: everyone active who has never answered is due to start; the
    // mentee, answered days ago, is not.
    let due = wellbeing::due_list(db, later).await.unwrap();
    assert!(due.iter().all(|d| d.participant != mentee));
    assert!(due.iter().any(|d| d.due == TimePoint::Start));
}

#[tokio::test]
async fn over_http_a_mentor_asking_for_someone_elses_mentee_is_refused_in_a_sentence() {
    use crate::access::{cookie_for, demo_server, username_for};
    use turnaround::people::Role;
    let (server, db, _dir) = demo_server().await;
    let mentor = person(&db, &username_for(&db, Role::Mentor).await).await;
    let cookie = cookie_for(&server, &db, Role::Mentor).await;
    let theirs: PersonId = on!(
        &db,
        query_scalar("SELECT min(person_id) FROM participants WHERE mentor_id IS DISTINCT FROM $1")
            .bind(mentor)
            .fetch_one
    )
    .unwrap();
    let written = |db: Db| async move {
        let one_to_ones: i64 = on!(
            &db,
            query_scalar("SELECT count(*) FROM one_to_ones WHERE participant_id = $1")
                .bind(theirs)
                .fetch_one
        )
        .unwrap();
        let responses: i64 = on!(
            &db,
            query_scalar("SELECT count(*) FROM wellbeing_responses WHERE participant_id = $1")
                .bind(theirs)
                .fetch_one
        )
        .unwrap();
        (one_to_ones, responses)
    };
    let before = written(db.clone()).await;
    let answers =
        "answers%5B0%5D=3&answers%5B1%5D=3&answers%5B2%5D=3&answers%5B3%5D=3&answers%5B4%5D=3";
    for (path, body) in [
        ("/api/their_wellbeing", format!("participant={theirs}")),
        (
            "/api/record_assisted_wellbeing",
            format!("participant={theirs}&{answers}"),
        ),
        ("/api/plan", format!("participant={theirs}")),
        (
            "/api/record_one_to_one",
            format!("participant={theirs}&met_on=2026-01-05&kind=phone&note=Hostile"),
        ),
    ] {
        server.post(path, &body, Some(&cookie)).assert_says(
            403,
            "Only the participant's mentor and the coordinators can see or change their plan.",
        );
    }
    assert_eq!(
        written(db.clone()).await,
        before,
        "a refusal writes nothing"
    );
}
