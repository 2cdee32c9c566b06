//! The sign-in and privacy promises under attack, against the real server binary: parallel
//! password guessing, floods of sign-ins and anonymous requests, a reverse proxy in front,
//! secrets in the request log, sessions that must slide and be renewed, and the demo kept off
//! real servers.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::access::{cookie_for, demo_code, demo_server, username_for};
use crate::common::app::{command, form_encode, free_address, start_configured, Server};
use crate::common::url_for;
use turnaround::data;
use turnaround::demo;
use turnaround::people::Role;

/// A demo server started with extra settings and logging every request, its database handle.
async fn demo_server_with(settings: &[(&str, &str)]) -> (Server, data::Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let server = start_configured(&database, |command| {
        command.env("RUST_LOG", "info");
        for (name, value) in settings {
            command.env(name, value);
        }
    });
    let db = data::open(&database).await.unwrap();
    (server, db, dir)
}

fn sign_in_form(username: &str, password: &str) -> String {
    format!(
        "username={}&password={}",
        form_encode(username),
        form_encode(password)
    )
}

async fn count(db: &data::Db, sql: &str) -> i64 {
    on!(db, query_scalar(sql).fetch_one).unwrap()
}

/// Sends `requests` at once, one thread each, and returns every answer's status.
fn all_at_once(server: &Arc<Server>, requests: Vec<(String, Vec<(String, String)>)>) -> Vec<u16> {
    let threads: Vec<_> = requests
        .into_iter()
        .map(|(body, headers)| {
            let server = server.clone();
            std::thread::spawn(move || {
                let origin = server.origin();
                let mut all: Vec<(&str, &str)> = vec![("Origin", origin.as_str())];
                all.extend(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                server
                    .request_with("POST", "/api/sign_in", &body, None, &all)
                    .status
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[tokio::test]
async fn forty_simultaneous_wrong_passwords_get_at_most_ten_checks() {
    let (server, db, _dir) = demo_server().await;
    let server = Arc::new(server);
    let name = username_for(&db, Role::Tutor).await;
    let body = sign_in_form(&name, "not the password at all");
    let statuses = all_at_once(&server, vec![(body, Vec::new()); 40]);
    let refused = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    println!("40 simultaneous wrong passwords: {refused} checked and refused, {throttled} refused unchecked");
    assert_eq!(refused + throttled, 40, "{statuses:?}");
    let checked = count(
        &db,
        "SELECT count(*) FROM audit_events WHERE action = 'sign_in_failed'",
    )
    .await;
    assert!(checked <= 10, "{checked} passwords were checked");
    assert_eq!(checked as usize, refused);
    // And now even the right password waits out the back-off.
    let right = server.post(
        "/api/sign_in",
        &sign_in_form(&name, demo::DEMO_PASSWORD),
        None,
    );
    assert_eq!(right.status, 429, "{}", right.body);
}

/// Peak resident memory of a process (Linux `VmHWM`), in MiB.
fn peak_memory_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024
}

/// The figure the server's peak memory must stay under during 500 simultaneous sign-ins. Each
/// Argon2id check holds 19 MiB; unbounded, 40 at once took a server to 955 MB.
const SIGN_IN_FLOOD_BUDGET_MIB: u64 = 160;

#[tokio::test]
async fn five_hundred_simultaneous_sign_ins_keep_memory_bounded() {
    // Each attempt from its own address and for its own name, through a trusted proxy, so the
    // back-off does not turn them away first: every one reaches the password check's door.
    let (server, db, _dir) = demo_server_with(&[("TURNAROUND_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let server = Arc::new(server);
    let tutor = username_for(&db, Role::Tutor).await;
    let before = peak_memory_mib(server.pid());
    let requests = (0..500)
        .map(|n| {
            let name = if n % 50 == 0 {
                tutor.clone()
            } else {
                format!("nobody{n}@example.org")
            };
            let address = format!("198.51.{}.{}", n / 250, n % 250 + 1);
            (
                sign_in_form(&name, "a wrong password"),
                vec![("X-Forwarded-For".to_owned(), address)],
            )
        })
        .collect();
    let statuses = all_at_once(&server, requests);
    let peak = peak_memory_mib(server.pid());
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let busy = statuses.iter().filter(|s| **s == 429).count();
    println!(
        "500 simultaneous sign-ins: {checked} checked, {busy} answered \"too many tries\"; \
         server peak memory {before} MiB before, {peak} MiB after (budget {SIGN_IN_FLOOD_BUDGET_MIB} MiB)"
    );
    assert_eq!(checked + busy, 500, "{statuses:?}");
    assert!(checked >= 2, "some sign-ins were checked");
    assert!(
        peak < SIGN_IN_FLOOD_BUDGET_MIB,
        "peak memory {peak} MiB is over the budget of {SIGN_IN_FLOOD_BUDGET_MIB} MiB"
    );
    // The server still answers, and a real person can still sign in.
    let cookie = server.sign_in(&tutor, None);
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_address_cannot_lock_out_another() {
    let (server, db, _dir) =
        demo_server_with(&[("TURNAROUND_TRUSTED_PROXIES", "127.0.0.0/8")]).await;
    let tutor = username_for(&db, Role::Tutor).await;
    let from = |address: &str, body: &str| {
        let origin = server.origin();
        server.request_with(
            "POST",
            "/api/sign_in",
            body,
            None,
            &[("Origin", origin.as_str()), ("X-Forwarded-For", address)],
        )
    };
    // 30 failures from one person's address (different names, so no account backs off).
    for n in 0..30 {
        let body = sign_in_form(&format!("guess{n}@example.org"), "wrong password");
        assert_eq!(from("203.0.113.9", &body).status, 401);
    }
    let body = sign_in_form("guess99@example.org", "wrong password");
    assert_eq!(
        from("203.0.113.9", &body).status,
        429,
        "that address backs off"
    );
    // Someone else, through the same proxy, signs in.
    let body = sign_in_form(&tutor, demo::DEMO_PASSWORD);
    assert_eq!(from("198.51.100.7", &body).status, 200);
    // The audit log holds the forwarded address, not the proxy's.
    let logged = count(
        &db,
        "SELECT count(*) FROM audit_events WHERE action = 'sign_in' AND ip = '198.51.100.7'",
    )
    .await;
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_is_not_believed() {
    let (server, _db, _dir) = demo_server().await;
    for n in 0..30 {
        let body = sign_in_form(&format!("guess{n}@example.org"), "wrong password");
        let origin = server.origin();
        // A new made-up address each time: ignored, so all 30 count against the real peer.
        let made_up = format!("203.0.113.{n}");
        let reply = server.request_with(
            "POST",
            "/api/sign_in",
            &body,
            None,
            &[("Origin", origin.as_str()), ("X-Forwarded-For", &made_up)],
        );
        assert_eq!(reply.status, 401);
    }
    let reply = server.post(
        "/api/sign_in",
        &sign_in_form("guess99@example.org", "wrong"),
        None,
    );
    assert_eq!(reply.status, 429);
}

#[tokio::test]
async fn two_thousand_anonymous_refusals_add_a_handful_of_audit_rows() {
    let (server, db, _dir) = demo_server().await;
    let before = count(&db, "SELECT count(*) FROM audit_events").await;
    let server = Arc::new(server);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let server = server.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for n in 0..500 {
                    let reply = match (t + n) % 4 {
                        0 => server.post("/api/people", "", None),
                        1 => server.post("/api/person", "id=abc", None),
                        2 => server.get("/people", None),
                        _ => server.post("/api/week_programme", "week=2026-W99", None),
                    };
                    statuses.push(reply.status);
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let rate_limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        statuses
            .iter()
            .all(|s| matches!(s, 200 | 302 | 303 | 401 | 429)),
        "{statuses:?}"
    );
    assert!(rate_limited > 0, "a flood from one address is slowed down");
    // The server writes each minute's count when the minute is over, and the rest on shutdown.
    let server = Arc::into_inner(server).expect("threads done");
    assert!(server.terminate().success());
    let added = count(&db, "SELECT count(*) FROM audit_events").await - before;
    let details: Vec<String> =
        on!(&db, query_scalar(
        "SELECT detail FROM audit_events WHERE action = 'access_refused' AND actor_id IS NULL",
    )
    .fetch_all)
        .unwrap();
    let counted: u64 = details
        .iter()
        .filter_map(|d| d.strip_prefix("not signed in: "))
        .filter_map(|d| d.split(' ').next()?.parse::<u64>().ok())
        .sum();
    println!(
        "2000 anonymous requests: {rate_limited} rate-limited (429), {added} audit rows, \
         counting {counted} refusals"
    );
    assert!(added <= 5, "{added} audit rows: {details:#?}");
    // The pages themselves redirect to sign-in without being refusals; the rest are counted.
    assert!(counted >= 1500, "{counted} refusals counted: {details:#?}");
}

#[tokio::test]
async fn an_anonymous_caller_gets_401_whatever_the_body() {
    let (server, _db, _dir) = demo_server().await;
    for body in [
        "",
        "session=abc",
        "id=-1&id=2",
        "a[b][c][d][e][f][g][h]=1",
        "{\"id\": 1}",
    ] {
        for path in ["/api/person", "/api/enrol", "/api/create_session"] {
            let reply = server.post(path, body, None);
            reply.assert_says(401, "Unauthorised");
        }
    }
    // A plain form (no JavaScript) is sent to the sign-in page instead.
    let origin = server.origin();
    let reply = server.request_with(
        "POST",
        "/api/enrol",
        "session=1&participant=2",
        None,
        &[("Origin", origin.as_str()), ("Accept", "text/html")],
    );
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/sign-in"));
}

#[tokio::test]
async fn unreadable_arguments_and_impossible_dates_are_a_400_not_a_500() {
    let (server, db, _dir) = demo_server_with(&[]).await;
    let cookie = cookie_for(&server, &db, Role::Coordinator).await;
    let cases = [
        ("/api/person", "id=abc"),
        ("/api/person", ""),
        ("/api/session_detail", "id=99999999999999999999999"),
        (
            "/api/create_session",
            "activity=1&space=1&date=%2B262143-12-31&start=10:00&end=11:00&leads[0]=1",
        ),
        (
            "/api/create_session",
            "activity=1&space=1&date=1999-12-31&start=10:00&end=11:00&leads[0]=1",
        ),
        (
            "/api/move_session",
            "id=1&space=1&date=2101-01-01&start=10:00&end=11:00",
        ),
        ("/api/plan_transport", "date=%2B262143-12-31"),
        ("/api/enrol", "session=1&participant=x"),
        (
            "/api/update_programme",
            "id=9&status=active&needs_lift=yes&pickup_point=%FF%FE",
        ),
    ];
    for (path, body) in cases {
        let reply = server.post(path, body, Some(&cookie));
        assert_eq!(reply.status, 400, "{path} {body}: {}", reply.body);
        assert!(!reply.body.to_lowercase().contains("sql"), "{}", reply.body);
    }
    let (_, log) = server.stop_and_read_log();
    assert!(!log.contains("panicked"), "{log}");
}

#[tokio::test]
async fn secret_links_and_typed_names_stay_out_of_the_log_and_the_audit_trail() {
    let (server, db, _dir) = demo_server_with(&[]).await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let participant_id: i64 = on!(
        &db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username_for(&db, Role::Participant).await)
            .fetch_one
    )
    .unwrap();
    let invite = server.post(
        "/api/issue_invite",
        &format!("id={participant_id}"),
        Some(&coordinator),
    );
    assert_eq!(invite.status, 200, "{}", invite.body);
    let invite: serde_json::Value = serde_json::from_str(&invite.body).unwrap();
    let invite_url = invite["url"].as_str().unwrap();
    let invite_token = invite_url.rsplit('/').next().unwrap().to_owned();
    let invite_path = format!("/invite/{invite_token}");
    assert_eq!(server.get(&invite_path, None).status, 200);

    let participant = cookie_for(&server, &db, Role::Participant).await;
    let link = server.post("/api/calendar_link", "", Some(&participant));
    let link: serde_json::Value = serde_json::from_str(&link.body).unwrap();
    let feed_url = link["url"].as_str().unwrap();
    let feed_path = &feed_url[feed_url.find("/calendar/").unwrap()..];
    let feed_token = feed_path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics");
    assert_eq!(server.get(feed_path, None).status, 200);

    // A password typed into the name box by mistake.
    let typed = "MySecretPassw0rd!";
    let reply = server.post("/api/sign_in", &sign_in_form(typed, "x"), None);
    assert_eq!(reply.status, 401);

    let (stopped, log) = server.stop_and_read_log();
    assert!(stopped.success());
    assert!(
        log.contains("/invite/…"),
        "the invite request is logged, redacted: {log}"
    );
    assert!(
        log.contains("/calendar/….ics"),
        "the feed request is logged, redacted"
    );
    for secret in [invite_token.as_str(), feed_token, typed] {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
    let details: Vec<String> = on!(
        &db,
        query_scalar("SELECT detail FROM audit_events").fetch_all
    )
    .unwrap();
    assert!(
        details.iter().all(|d| !d.contains(typed)),
        "the typed name is in the audit log"
    );
    let stored_keys: Vec<String> = on!(
        &db,
        query_scalar("SELECT key FROM sign_in_failures").fetch_all
    )
    .unwrap();
    assert!(stored_keys
        .iter()
        .all(|k| !k.to_lowercase().contains("mysecret")));
}

#[tokio::test]
async fn the_idle_limit_slides_with_activity_and_then_ends_the_session() {
    let (server, db, _dir) = demo_server_with(&[("TURNAROUND_IDLE_SECONDS", "10")]).await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    // Busy for 16 s — longer than the idle limit — with a request every 3 s: still signed in.
    for _ in 0..6 {
        std::thread::sleep(Duration::from_secs(3));
        let reply = server.post("/api/week_programme", "", Some(&cookie));
        assert_eq!(reply.status, 200, "a busy session must not time out");
    }
    // Then idle for longer than the limit: signed out.
    std::thread::sleep(Duration::from_secs(12));
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        401
    );
}

#[tokio::test]
async fn signing_in_again_gives_a_new_session_id() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Tutor).await;
    let first = server.sign_in(&name, None);
    let again = server.post(
        "/api/sign_in",
        &sign_in_form(&name, demo::DEMO_PASSWORD),
        Some(&first),
    );
    assert_eq!(again.status, 200, "{}", again.body);
    let second = again.session_cookie().expect("a new cookie");
    assert_ne!(first, second);
    assert_eq!(
        server.post("/api/week_programme", "", Some(&second)).status,
        200
    );
    // The old id is worth nothing now.
    assert_eq!(
        server.post("/api/week_programme", "", Some(&first)).status,
        401
    );
}

fn start_fails(database: &Path, settings: &[(&str, &str)]) -> String {
    let address = free_address();
    let mut command = command(&url_for(database), &address);
    for (name, value) in settings {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    assert!(!output.status.success(), "the server must refuse to start");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_demo_cannot_be_served_at_an_https_address() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("turnaround.db");
    let said = start_fails(
        &database,
        &[("TURNAROUND_PUBLIC_URL", "https://turnaround.example.org")],
    );
    assert!(
        said.contains("TURNAROUND_DEMO_DATA=1 cannot be used"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "one clear line: {said}");
    // A demo database loaded earlier is refused too, with the flag off.
    drop(crate::common::app::start(&url_for(&database)));
    let said = start_fails(
        &database,
        &[
            ("TURNAROUND_DEMO_DATA", "0"),
            ("TURNAROUND_PUBLIC_URL", "https://turnaround.example.org"),
        ],
    );
    assert!(said.contains("demo programme"), "{said}");
}

#[tokio::test]
async fn a_two_step_code_used_to_switch_it_on_cannot_sign_in() {
    let (server, db, _dir) = demo_server().await;
    // The current code has just signed the coordinator in; it is spent.
    let _ = cookie_for(&server, &db, Role::Coordinator).await;
    let name = username_for(&db, Role::Coordinator).await;
    let form = format!(
        "{}&code={}",
        sign_in_form(&name, demo::DEMO_PASSWORD),
        demo_code(-1)
    );
    // A code from before the one accepted is never accepted again.
    let reply = server.post("/api/sign_in", &form, None);
    assert_ne!(reply.status, 200, "{}", reply.body);
}
