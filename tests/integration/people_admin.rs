//! The coordinator edits people through the real server: details, roles, sign-in name, mentor
//! and programme details; roles that something depends on cannot be taken away, a refused edit
//! changes nothing, and every change is in the audit log.

use crate::access::{cookie_for, demo_server};
use crate::common::app::form_encode;
use crate::common::TestDb;
use turnaround::data::Db;
use turnaround::people::Role;

/// The person id behind a sign-in name.
pub(crate) async fn person_with_username(db: &Db, username: &str) -> i64 {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .unwrap()
}

async fn audit_details(db: &Db, subject: i64) -> Vec<(String, String)> {
    on!(
        db,
        query_as("SELECT action, detail FROM audit_events WHERE subject_id = $1 ORDER BY id")
            .bind(subject)
            .fetch_all
    )
    .unwrap()
}

async fn phone_of(db: &Db, id: i64) -> Option<String> {
    on!(
        db,
        query_scalar("SELECT phone FROM people WHERE id = $1")
            .bind(id)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn a_coordinator_changes_details_and_roles_and_the_new_email_signs_in() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let tutor = person_with_username(&db, "priya.tutor@example.org").await;

    let form = format!(
        "id={tutor}&given_name=Priya&family_name=Sharma&phone={}&email={}&roles[0]=tutor&roles[1]=driver",
        form_encode("07700 900123"),
        form_encode("priya.sharma@example.org"),
    );
    let reply = server.post("/api/update_person", &form, Some(&coordinator));
    assert_eq!(reply.status, 200, "{}", reply.body);

    let roles: Vec<String> = on!(
        &db,
        query_scalar("SELECT role FROM person_roles WHERE person_id = $1 ORDER BY role")
            .bind(tutor)
            .fetch_all
    )
    .unwrap();
    assert_eq!(roles, ["driver", "tutor"]);
    assert_eq!(phone_of(&db, tutor).await.as_deref(), Some("07700 900123"));
    // Staff sign in with their email, so the new one is now their sign-in name.
    server.sign_in("priya.sharma@example.org", None);

    let audit = audit_details(&db, tutor).await;
    assert!(audit
        .iter()
        .any(|(action, detail)| action == "person_changed"
            && detail.contains("phone")
            && detail.contains("email")
            && !detail.contains("900123")));
    assert!(audit
        .iter()
        .any(|(action, detail)| action == "roles_changed" && detail == "added: driver; removed: "));
}

#[tokio::test]
async fn roles_something_depends_on_stay_and_a_refused_edit_changes_nothing() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;

    // A mentor with mentees keeps the mentor role; the phone typed in the same form is not saved.
    let mentor = person_with_username(&db, "james.mentor@example.org").await;
    let before = phone_of(&db, mentor).await;
    let form = format!(
        "id={mentor}&given_name=James&family_name=Carter&phone={}&email={}&roles[0]=tutor",
        form_encode("07700 900555"),
        form_encode("james.mentor@example.org"),
    );
    let reply = server.post("/api/update_person", &form, Some(&coordinator));
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply.body.contains("another mentor first"),
        "{}",
        reply.body
    );
    assert_eq!(phone_of(&db, mentor).await, before);

    // A participant stays a participant: their status says they left.
    let participant = person_with_username(&db, "daniel.hughes").await;
    let form = format!("id={participant}&given_name=Daniel&family_name=Hughes&roles[0]=driver&email=d%40example.org");
    let reply = server.post("/api/update_person", &form, Some(&coordinator));
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply.body.contains("Completed or Withdrawn"),
        "{}",
        reply.body
    );

    // The coordinator cannot lock themselves out.
    let me = person_with_username(&db, "sarah.coordinator@example.org").await;
    let form = format!(
        "id={me}&given_name=Sarah&family_name=Coordinator&email={}&roles[0]=tutor",
        form_encode("sarah.coordinator@example.org")
    );
    let reply = server.post("/api/update_person", &form, Some(&coordinator));
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("your own coordinator role"));
}

#[tokio::test]
async fn programme_details_take_a_real_mentor_and_changes_are_audited() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let participant = person_with_username(&db, "daniel.hughes").await;
    let mentor = person_with_username(&db, "james.mentor@example.org").await;
    let tutor = person_with_username(&db, "priya.tutor@example.org").await;
    let point: i64 = on!(
        &db,
        query_scalar("SELECT min(id) FROM pickup_points").fetch_one
    )
    .unwrap();

    // A tutor is not a mentor: refused, in words.
    let form = format!(
        "id={participant}&status=active&mentor={tutor}&pickup_point={point}&needs_lift=yes"
    );
    let reply = server.post("/api/update_programme", &form, Some(&coordinator));
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("Choose a mentor from the list"));

    // Needing a lift without a pick-up point makes no sense for the driver.
    let form = format!("id={participant}&status=active&needs_lift=yes");
    let reply = server.post("/api/update_programme", &form, Some(&coordinator));
    assert_eq!(reply.status, 400, "{}", reply.body);

    let form = format!(
        "id={participant}&status=paused&mentor={mentor}&pickup_point={point}&needs_lift=yes&mobility_needs={}&notes={}",
        form_encode("Walks with a stick"),
        form_encode("Back after Christmas.")
    );
    let reply = server.post("/api/update_programme", &form, Some(&coordinator));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved: (String, Option<i64>, Option<String>, Option<String>) = on!(&db, query_as(
        "SELECT status, mentor_id, mobility_needs, notes FROM participants WHERE person_id = $1",
    )
    .bind(participant)
    .fetch_one)
    .unwrap();
    assert_eq!(
        saved,
        (
            "paused".into(),
            Some(mentor),
            Some("Walks with a stick".into()),
            Some("Back after Christmas.".into())
        )
    );
    let audit = audit_details(&db, participant).await;
    let (_, detail) = audit
        .iter()
        .rev()
        .find(|(action, _)| action == "person_changed")
        .expect("the change is audited");
    assert!(
        detail.contains("status") && detail.contains("notes"),
        "{detail}"
    );
    assert!(
        !detail.contains("Christmas"),
        "the log names fields, not values"
    );

    // Changing the referral is recorded too.
    let form = format!(
        "id={participant}&given_name=Daniel&family_name=Hughes&roles[0]=participant&referral_source=police&referral_date=2026-10-01"
    );
    let reply = server.post("/api/update_person", &form, Some(&coordinator));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let audit = audit_details(&db, participant).await;
    assert!(audit
        .iter()
        .any(|(action, detail)| action == "person_changed" && detail.contains("referral")));
}

#[tokio::test]
async fn the_database_refuses_to_strip_a_role_something_depends_on() {
    let test = TestDb::new().await;
    crate::common::load_demo(&test.db, crate::common::a_wednesday())
        .await
        .unwrap();
    for (sql, what) in [
        (
            "DELETE FROM person_roles WHERE role = 'participant'
             AND person_id = (SELECT min(person_id) FROM participants)",
            "participant",
        ),
        (
            "DELETE FROM person_roles WHERE role = 'mentor'
             AND person_id = (SELECT mentor_id FROM participants WHERE mentor_id IS NOT NULL LIMIT 1)",
            "mentor",
        ),
    ] {
        let refused = run!(&test.db, query(sql).execute);
        assert!(refused.is_err(), "removing a {what} role was allowed");
    }
}
