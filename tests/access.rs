//! Sign-in, sessions and the access policy, tested through the real server over HTTP, as an
//! attacker would meet them: server functions are public endpoints.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::app::{form_encode, start, Server};
use common::url_for;
use turnaround::data::{self, demo};
use turnaround::people::Role;

/// The demo server plus a direct handle on its database for setting up and checking.
async fn demo_server() -> (Server, data::Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");
    let server = start(&database);
    let db = data::open(&url_for(&database)).await.unwrap();
    (server, db, dir)
}

async fn username_for(db: &data::Db, role: Role) -> String {
    demo::sign_in_names(db)
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| *r == role)
        .map(|(_, name)| name)
        .unwrap_or_else(|| panic!("no demo {role:?}"))
}

fn coordinator_code() -> String {
    let now = chrono::Utc::now().timestamp().unsigned_abs();
    turnaround::server::auth::two_step::current_code(demo::DEMO_TOTP_SECRET, now).unwrap()
}

/// Signs in as the demo holder of `role` (with a two-step code for the coordinator).
async fn cookie_for(server: &Server, db: &data::Db, role: Role) -> String {
    let name = username_for(db, role).await;
    let code = (role == Role::Coordinator).then(coordinator_code);
    server.sign_in(&name, code.as_deref())
}

fn attempt(server: &Server, username: &str, password: &str) -> common::app::Reply {
    let form = format!(
        "username={}&password={}",
        form_encode(username),
        form_encode(password)
    );
    server.post("/api/sign_in", &form, None)
}

/// Who may call a server function, given the caller's role (`None`: not signed in).
type Rule = fn(Option<Role>) -> bool;

/// Who may call what. `true`: answered; `false`: refused (401 for nobody, 403 for a role).
/// Every server function the binary registers must be listed here.
fn access_matrix() -> BTreeMap<&'static str, Vec<(Option<Role>, bool)>> {
    let staff: Rule = |role| {
        matches!(
            role,
            Some(Role::Tutor | Role::Mentor | Role::Driver | Role::Coordinator | Role::TeamLeader)
        )
    };
    let everyone: Rule = |_| true;
    let participant: Rule = |role| role == Some(Role::Participant);
    let rules: [(&str, Rule); 4] = [
        ("/api/current_user", everyone),
        ("/api/sign_out", everyone),
        ("/api/week_programme", staff),
        ("/api/my_activities", participant),
    ];
    let callers: Vec<Option<Role>> = std::iter::once(None)
        .chain(Role::ALL.into_iter().map(Some))
        .collect();
    rules
        .into_iter()
        .map(|(path, allowed)| (path, callers.iter().map(|c| (*c, allowed(*c))).collect()))
        .collect()
}

/// Sign-in itself is the one public door; it is tested on its own below.
const PUBLIC_DOORS: [&str; 1] = ["/api/sign_in"];

#[tokio::test]
async fn every_server_function_answers_exactly_the_roles_the_policy_names() {
    let output = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("server-functions")
        .output()
        .unwrap();
    let registered: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once(' ').map(|(_, path)| path.to_owned()))
        .collect();
    let matrix = access_matrix();
    for path in &registered {
        assert!(
            matrix.contains_key(path.as_str()) || PUBLIC_DOORS.contains(&path.as_str()),
            "{path} has no entry in the access matrix: decide who may call it"
        );
    }

    let (server, db, _dir) = demo_server().await;
    let mut cookies = BTreeMap::new();
    for role in Role::ALL {
        cookies.insert(role, cookie_for(&server, &db, role).await);
    }
    for (path, expectations) in &matrix {
        if *path == "/api/sign_out" {
            continue; // would end the sessions the rest of the matrix uses; see its own test
        }
        for (role, allowed) in expectations {
            let cookie = role.map(|r| cookies[&r].clone());
            let reply = server.post(path, "", cookie.as_deref());
            let expected_refusal = if role.is_some() { 403 } else { 401 };
            if *allowed {
                assert_eq!(reply.status, 200, "{path} as {role:?}: {}", reply.body);
            } else {
                assert_eq!(
                    reply.status, expected_refusal,
                    "{path} as {role:?}: {}",
                    reply.body
                );
            }
        }
    }

    // Every refusal is in the audit log.
    let refusals: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE action = 'access_refused'")
            .fetch_one(&db)
            .await
            .unwrap();
    let expected: usize = matrix
        .iter()
        .filter(|(path, _)| **path != "/api/sign_out")
        .map(|(_, e)| e.iter().filter(|(_, allowed)| !allowed).count())
        .sum();
    assert_eq!(refusals, expected as i64);
}

#[tokio::test]
async fn a_participant_sees_only_their_own_bookings() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Participant).await;
    let cookie = server.sign_in(&name, None);
    let reply = server.post("/api/my_activities", "", Some(&cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let shown: Vec<serde_json::Value> = serde_json::from_str(&reply.body).unwrap();
    let own: Vec<i64> = sqlx::query_scalar(
        "SELECT b.session_id FROM bookings b JOIN accounts a ON a.person_id = b.participant_id
         WHERE a.username = ? AND b.status <> 'cancelled'",
    )
    .bind(&name)
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(!shown.is_empty());
    for booking in &shown {
        let id = booking["session_id"].as_i64().unwrap();
        assert!(own.contains(&id), "session {id} is not theirs");
    }
    // The answer names no one and carries no referral data.
    for field in [
        "referral",
        "probation",
        "police",
        "given_name",
        "family_name",
    ] {
        assert!(
            !reply.body.to_lowercase().contains(field),
            "{field} in {}",
            reply.body
        );
    }
    // Trying to ask for someone else's: the function takes no id, extra fields are ignored.
    let other = server.post("/api/my_activities", "participant_id=1", Some(&cookie));
    assert_eq!(other.body, reply.body);
}

#[tokio::test]
async fn wrong_password_and_unknown_name_look_the_same_and_back_off_after_ten() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Tutor).await;
    let wrong = attempt(&server, &name, "not the password at all");
    let unknown = attempt(&server, "nobody@example.org", "not the password at all");
    assert_eq!(wrong.status, 401);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(wrong.session_cookie().is_none());

    for _ in 0..9 {
        assert_eq!(
            attempt(&server, &name, "still not the password").status,
            401
        );
    }
    // The 11th try within the window is refused even with the right password.
    let throttled = attempt(&server, &name, demo::DEMO_PASSWORD);
    assert_eq!(throttled.status, 429, "{}", throttled.body);
    assert!(
        throttled.body.contains("TooManyAttempts"),
        "{}",
        throttled.body
    );
    let message = turnaround::error::AppError::TooManyAttempts.to_string();
    assert!(message.contains("try again"), "{message}");

    let failed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE action IN ('sign_in_failed', 'sign_in_throttled')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(failed, 12);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
    assert_eq!(server.post("/api/sign_out", "", Some(&cookie)).status, 200);
    // The old cookie, replayed, is worth nothing.
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        401
    );
    let me = server.post("/api/current_user", "", Some(&cookie));
    assert_eq!(me.body, "null");
}

#[tokio::test]
async fn deactivating_a_person_or_changing_their_password_ends_their_open_sessions() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let tutor_name = username_for(&db, Role::Tutor).await;
    let mentor_name = username_for(&db, Role::Mentor).await;

    sqlx::query(
        "UPDATE people SET is_active = 0
         WHERE id = (SELECT person_id FROM accounts WHERE username = ?)",
    )
    .bind(&tutor_name)
    .execute(&db)
    .await
    .unwrap();
    assert_eq!(
        server.post("/api/week_programme", "", Some(&tutor)).status,
        401
    );
    // And they cannot sign in again.
    assert_eq!(
        attempt(&server, &tutor_name, demo::DEMO_PASSWORD).status,
        401
    );

    let mentor_id: turnaround::people::PersonId =
        sqlx::query_scalar("SELECT person_id FROM accounts WHERE username = ?")
            .bind(&mentor_name)
            .fetch_one(&db)
            .await
            .unwrap();
    let new_hash =
        turnaround::server::auth::passwords::hash_new("a brand new passphrase".into(), vec![])
            .await
            .unwrap();
    data::accounts::set_password_hash(&db, mentor_id, &new_hash, true)
        .await
        .unwrap();
    assert_eq!(
        server.post("/api/week_programme", "", Some(&mentor)).status,
        401
    );
}

#[tokio::test]
async fn a_coordinator_needs_the_code_from_their_app() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Coordinator).await;
    let without = attempt(&server, &name, demo::DEMO_PASSWORD);
    assert_eq!(without.status, 401);
    assert!(
        without.body.contains("TwoStepCodeNeeded"),
        "{}",
        without.body
    );
    assert!(without.session_cookie().is_none());

    let form = format!(
        "username={}&password={}&code=000000",
        form_encode(&name),
        form_encode(demo::DEMO_PASSWORD)
    );
    let wrong_code = server.post("/api/sign_in", &form, None);
    // A right code is rarely 000000; if it is, this try is simply a success.
    if coordinator_code() != "000000" {
        assert_eq!(wrong_code.status, 401);
    }
    let cookie = server.sign_in(&name, Some(&coordinator_code()));
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    for headers in [
        vec![("Origin", "https://evil.example")],
        vec![
            ("Sec-Fetch-Site", "cross-site"),
            ("Origin", "https://evil.example"),
        ],
        vec![],
    ] {
        let reply = server.request_with("POST", "/api/sign_out", "", Some(&cookie), &headers);
        assert_eq!(reply.status, 403, "{headers:?}: {}", reply.body);
    }
    // Still signed in: the forged sign-outs did nothing.
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    let page = server.request_with("GET", "/", "", Some(&cookie), &[("Accept", "text/html")]);
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").expect("CSP");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "page scripts carry the nonce"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("referrer-policy").is_some());
    let cookie_header = attempt(
        &server,
        &username_for(&db, Role::Driver).await,
        demo::DEMO_PASSWORD,
    )
    .header("set-cookie")
    .unwrap()
    .to_owned();
    assert!(cookie_header.contains("HttpOnly"), "{cookie_header}");
    assert!(cookie_header.contains("SameSite=Lax"), "{cookie_header}");
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_deleted() {
    let test = common::TestDb::new().await;
    sqlx::query("INSERT INTO audit_events (action, detail) VALUES ('sign_in', 'test')")
        .execute(&test.db)
        .await
        .unwrap();
    let update = sqlx::query("UPDATE audit_events SET detail = 'rewritten'")
        .execute(&test.db)
        .await;
    let delete = sqlx::query("DELETE FROM audit_events")
        .execute(&test.db)
        .await;
    for result in [update, delete] {
        let error = result.expect_err("the audit log must refuse");
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    assert_eq!(common::count(&test.db, "audit_events").await, 1);
}
