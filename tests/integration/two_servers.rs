//! Two app servers in front of one database, as an organisation with a database server runs
//! them behind a load balancer: whatever one server knows about a person, the other knows too,
//! because it lives in the database (sessions, sign-in back-off, the audit log), not in a
//! process. On SQLite the two servers share one file, which works the same way.

use crate::access::{attempt, cookie_for, username_for};
use crate::common::app::start;
use turnaround::data;
use turnaround::demo;
use turnaround::people::Role;

#[tokio::test]
async fn two_servers_on_one_database_share_sessions_back_off_and_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let first = start(&database);
    assert!(
        first.banner.contains("Loaded the demo programme"),
        "{}",
        first.banner
    );
    // The second finds the programme there and loads nothing.
    let second = start(&database);
    assert!(
        !second.banner.contains("Loaded the demo programme"),
        "{}",
        second.banner
    );
    let db = data::open(&database).await.unwrap();
    let people = crate::common::count(&db, "people").await;

    // Signed in on one, known on the other: a load balancer may send any request anywhere.
    let cookie = cookie_for(&first, &db, Role::Tutor).await;
    let week = second.get("/", Some(&cookie));
    assert_eq!(week.status, 200, "{}", week.body);
    assert!(week.body.contains("<h1>This week"), "{}", week.body);
    // Signing out on the second ends the session on the first too.
    let out = second.post("/api/sign_out", "", Some(&cookie));
    assert!(out.status < 400, "{}", out.body);
    let after = first.request_with("GET", "/", "", Some(&cookie), &[("Accept", "text/html")]);
    assert_eq!(
        after.status, 302,
        "the first server still took the old cookie"
    );

    // Wrong passwords count together: five on each is the ten allowed, and the next try is
    // refused on either server, even with the right password.
    let name = username_for(&db, Role::Mentor).await;
    for (which, server) in [&first, &second].into_iter().enumerate() {
        for count in 0..5 {
            let reply = attempt(server, &name, "not the password");
            assert_eq!(
                reply.status, 401,
                "server {which}, try {count}: {}",
                reply.body
            );
        }
    }
    assert_eq!(attempt(&second, &name, demo::DEMO_PASSWORD).status, 429);
    assert_eq!(attempt(&first, &name, demo::DEMO_PASSWORD).status, 429);

    // One audit log: both servers' refusals are in it.
    let failed: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'sign_in_failed'").fetch_one
    )
    .unwrap();
    assert_eq!(failed, 10);

    // Both serve the same bundle, each compressing its own copy.
    let bundle = |server: &crate::common::app::Server| {
        let page = server.get("/sign-in", None);
        assert_eq!(page.status, 200);
        page.body
            .split('"')
            .find(|part| part.starts_with("/pkg/") && part.contains(".css"))
            .map(str::to_owned)
    };
    assert_eq!(bundle(&first), bundle(&second));

    assert!(first.terminate().success());
    assert!(second.terminate().success());
    assert_eq!(
        crate::common::count(&db, "people").await,
        people,
        "nothing loaded twice"
    );
}
