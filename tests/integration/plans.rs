//! Action plans on the real database (either backend): a mentor reads and records their own
//! mentee's one-to-one notes and another mentor is refused (nothing read, nothing written); a
//! participant ticks the steps of their own goals and no one else's; goals are reviewed; needs
//! are recorded and replaced.

use chrono::NaiveDate;

use crate::common::{a_wednesday, count, load_demo, TestDb};
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::people::records::NewPerson;
use turnaround::people::{PersonId, Role};
use turnaround::plans::form::{GoalDraft, OneToOneDraft};
use turnaround::plans::use_cases::{self as plans, Viewer};
use turnaround::plans::{AreaId, ContactKind, NeedLevel, Review};

async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

fn today() -> NaiveDate {
    a_wednesday()
}

fn mentor(person: PersonId) -> Viewer<'static> {
    Viewer {
        actor: Actor { person, ip: None },
        sees_everyone: false,
    }
}

fn coordinator(person: PersonId) -> Viewer<'static> {
    Viewer {
        actor: Actor { person, ip: None },
        sees_everyone: true,
    }
}

/// The demo, its mentor James, one of his mentees, and a second mentor with no mentees.
async fn demo() -> (TestDb, PersonId, PersonId, PersonId, PersonId) {
    let test = TestDb::new().await;
    load_demo(&test.db, today()).await.expect("demo loads");
    let db = &test.db;
    let james = person(db, "james.mentor@example.org").await;
    let sarah = person(db, "sarah.coordinator@example.org").await;
    let mentee: PersonId = on!(
        db,
        query_scalar("SELECT min(person_id) FROM participants WHERE mentor_id = $1")
            .bind(james)
            .fetch_one
    )
    .unwrap();
    let other = turnaround::people_admin::use_cases::create(
        db,
        &NewPerson {
            given_name: "Olu".into(),
            family_name: "Adeyemi".into(),
            preferred_name: None,
            phone: None,
            email: Some("olu.mentor@example.org".into()),
            roles: vec![Role::Mentor],
            referral_source: None,
            referral_date: None,
        },
    )
    .await
    .unwrap();
    (test, james, sarah, mentee, other)
}

fn contact(note: &str) -> OneToOneDraft {
    OneToOneDraft {
        met_on: today(),
        kind: ContactKind::Meeting,
        areas: vec![AreaId(1), AreaId(4)],
        note: note.into(),
    }
}

async fn reads_about(db: &Db, reader: PersonId, subject: PersonId) -> i64 {
    on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'one_to_ones_read' AND actor_id = $1 AND subject_id = $2")
            .bind(reader)
            .bind(subject)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn a_mentor_reads_their_mentees_one_to_ones_and_another_mentor_is_refused() {
    let (test, james, sarah, mentee, other) = demo().await;
    let db = &test.db;
    plans::record_one_to_one(
        db,
        &mentor(james),
        mentee,
        &contact("Talked about the housing waiting list."),
    )
    .await
    .unwrap();

    let plan = plans::plan(db, &mentor(james), mentee, today())
        .await
        .unwrap();
    assert_eq!(plan.one_to_ones.len(), 1);
    let note = &plan.one_to_ones[0];
    assert_eq!(note.note, "Talked about the housing waiting list.");
    assert_eq!(note.by, "James Carter");
    assert_eq!(
        note.areas,
        [
            "Accommodation",
            "Health and wellbeing, including substance use"
        ]
    );
    assert_eq!(
        reads_about(db, james, mentee).await,
        1,
        "the read is audited"
    );
    // The coordinators see everyone's.
    assert_eq!(
        plans::plan(db, &coordinator(sarah), mentee, today())
            .await
            .unwrap()
            .one_to_ones
            .len(),
        1
    );

    // Another mentor: refused, nothing read, nothing written, nothing audited as a read.
    let notes_before = count(db, "one_to_ones").await;
    for refused in [
        plans::plan(db, &mentor(other), mentee, today())
            .await
            .map(|_| ()),
        plans::record_one_to_one(db, &mentor(other), mentee, &contact("Not mine to write.")).await,
    ] {
        match refused {
            Err(AppError::NotAllowed(sentence)) => assert!(
                sentence.contains("mentor and the coordinators"),
                "{sentence}"
            ),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(count(db, "one_to_ones").await, notes_before);
    assert_eq!(reads_about(db, other, mentee).await, 0);
    let recorded: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'one_to_one_recorded' AND subject_id = $1")
            .bind(mentee)
            .fetch_one
    )
    .unwrap();
    assert_eq!(recorded, 1);
}

#[tokio::test]
async fn a_participant_ticks_their_own_steps_and_nobody_elses() {
    let (test, james, _sarah, mentee, _) = demo().await;
    let db = &test.db;
    let goal = GoalDraft {
        area: AreaId(2),
        title: "Get a CSCS card".into(),
        owner: mentee,
        target_on: today() + chrono::Days::new(30),
        steps: vec!["Book the test".into(), "Revise with the app".into()],
    };
    let goal_id = plans::add_goal(db, &mentor(james), mentee, &goal, today())
        .await
        .unwrap();
    let mine = plans::my_goals(db, mentee, today()).await.unwrap();
    assert_eq!(mine.goals.len(), 1);
    let first = mine.goals[0].steps[0].id;
    assert!(mine.goals[0].owner_is_participant);

    // Another participant cannot tick it: answered as a step that does not exist.
    let someone_else: PersonId = on!(
        db,
        query_scalar("SELECT min(person_id) FROM participants WHERE person_id <> $1")
            .bind(mentee)
            .fetch_one
    )
    .unwrap();
    assert!(matches!(
        plans::tick_step(db, someone_else, None, first, true, today()).await,
        Err(AppError::NotFound(_))
    ));
    assert!(
        plans::my_goals(db, mentee, today()).await.unwrap().goals[0].steps[0]
            .done_on
            .is_none()
    );

    plans::tick_step(db, mentee, None, first, true, today())
        .await
        .unwrap();
    let after = plans::my_goals(db, mentee, today()).await.unwrap();
    assert_eq!(after.goals[0].steps[0].done_on, Some(today()));
    assert_eq!(after.goals[0].steps[1].done_on, None);
    // And untick it.
    plans::tick_step(db, mentee, None, first, false, today())
        .await
        .unwrap();
    assert_eq!(
        plans::my_goals(db, mentee, today()).await.unwrap().goals[0].steps[0].done_on,
        None
    );

    // A goal is given to the participant or the person adding it, no one else.
    let elsewhere = GoalDraft {
        owner: someone_else,
        ..goal.clone()
    };
    assert!(matches!(
        plans::add_goal(db, &mentor(james), mentee, &elsewhere, today()).await,
        Err(AppError::Invalid(_))
    ));

    plans::review_goal(
        db,
        &mentor(james),
        goal_id,
        Review::Partly,
        Some("Test booked for March"),
        today(),
    )
    .await
    .unwrap();
    let reviewed = &plans::my_goals(db, mentee, today()).await.unwrap().goals[0];
    assert_eq!(reviewed.review, Some(Review::Partly));
    assert_eq!(
        reviewed.review_comment.as_deref(),
        Some("Test booked for March")
    );
}

#[tokio::test]
async fn needs_are_recorded_area_by_area_and_replaced_when_assessed_again() {
    let (test, james, _, mentee, other) = demo().await;
    let db = &test.db;
    plans::save_needs(
        db,
        &mentor(james),
        mentee,
        &[(AreaId(1), NeedLevel::High, Some("Sofa surfing".into()))],
        today(),
    )
    .await
    .unwrap();
    plans::save_needs(
        db,
        &mentor(james),
        mentee,
        &[(AreaId(1), NeedLevel::Some, None)],
        today(),
    )
    .await
    .unwrap();
    let plan = plans::plan(db, &mentor(james), mentee, today())
        .await
        .unwrap();
    let accommodation = plan.needs.iter().find(|n| n.area_id == AreaId(1)).unwrap();
    assert_eq!(
        (accommodation.level, accommodation.note.as_deref()),
        (Some(NeedLevel::Some), None)
    );
    assert_eq!(plan.needs.len(), 6, "every area listed, assessed or not");
    assert!(matches!(
        plans::save_needs(
            db,
            &mentor(other),
            mentee,
            &[(AreaId(2), NeedLevel::High, None)],
            today()
        )
        .await,
        Err(AppError::NotAllowed(_))
    ));
}
