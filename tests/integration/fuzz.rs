//! Every server function, fed malformed requests by everyone: nobody signed in and each role.
//!
//! The endpoints come from the binary itself (`turnaround server-functions`), so a new server
//! function is fuzzed without touching this file. Each gets the same deterministic bodies from
//! every caller: wrong types, missing and extra fields, huge strings, negative and overflowing ids,
//! impossible dates and times, invalid UTF-8 (escaped and raw), JSON where a form is expected and
//! the other way round, deeply nested and odd keys, duplicated keys, an empty body, and well-typed
//! bodies with out-of-range values. Whatever arrives, the server must answer below 500, must not
//! panic, and must answer a caller who is not signed in with 401 (or the anonymous rate limit's
//! 429) on every endpoint that is not a public door.
//!
//! Every caller gets a server of its own, so one caller's writes (or the sign-in back-off that
//! fuzzing `sign_in` sets off) cannot change what the next one meets.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::access::sign_in_as;
use crate::common::app::{form_encode, start_configured};
use turnaround::data;
use turnaround::people::Role;

/// Bodies sent to each endpoint by each caller (the issue asks for at least 50).
const BODIES_PER_ENDPOINT: usize = 60;

/// Client threads per server: enough to keep the server busy, few enough for two cores.
const THREADS_PER_SERVER: usize = 2;

/// Callers fuzzed at the same time, each on a server of its own.
const CALLERS_AT_ONCE: usize = 2;

/// What a caller who is not signed in may reach: signing in and out, who am I, invite links,
/// and the referral forms (a partner's behind its secret link, and the self-referral form).
const PUBLIC: [&str; 8] = [
    "/api/sign_in",
    "/api/invite",
    "/api/accept_invite",
    "/api/current_user",
    "/api/sign_out",
    "/api/partner_form",
    "/api/refer",
    "/api/refer_self",
];

/// Field names the app's forms and server functions use, across every page.
const FIELDS: &[&str] = &[
    "session",
    "id",
    "participant",
    "date",
    "start",
    "end",
    "run",
    "booking",
    "leads[0]",
    "leads[1]",
    "roles[0]",
    "activity",
    "space",
    "capacity",
    "notes",
    "every",
    "weekdays[0]",
    "weeks",
    "until",
    "skip",
    "week",
    "marks[0][participant]",
    "marks[0][outcome]",
    "marks[0][reason]",
    "note",
    "scope",
    "reason",
    "given_name",
    "family_name",
    "preferred_name",
    "phone",
    "email",
    "referral_source",
    "referral_date",
    "status",
    "mentor",
    "pickup_point",
    "needs_lift",
    "uses_wheelchair",
    "mobility_needs",
    "active",
    "person",
    "token",
    "password",
    "code",
    "username",
    "name",
    "kind",
    "duration",
    "what_to_bring",
    "address",
    "latitude",
    "longitude",
    "access_notes",
    "seat",
    "locked",
    "driver",
    "mark",
    "marked_at",
    "registration",
    "seats",
    "wheelchair_spaces",
    "days[0]",
    "days[0][weekday]",
    "days[0][open]",
    "days[0][opens]",
    "days[0][closes]",
    "always_open",
    "licence_expires_on",
    "dbs_renews_on",
    "landmark",
    "from",
    "to",
    "minutes",
    "first",
    "second",
    "person_a",
    "person_b",
    "venue",
    "part_of",
];

/// Values no form of the app would send (or only a careless one).
const HOSTILE: &[&str] = &[
    "",
    "abc",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e3",
    "0x10",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "NaN",
    "inf",
    "+262143-12-31",
    "+262142-12-31",
    "-262143-01-01",
    "-262144-01-01",
    "+10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2026-W53",
    "25:99",
    "99:99",
    "24:00",
    "23:59",
    "-01:00",
    "10:00:00.9999999999",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "\u{0}",
    "a\r\nSet-Cookie: x=1",
    "'; DROP TABLE people; --",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "ünïcødé 🚐",
    "\u{202e}txt.exe",
    "participant",
    "coordinator",
    "this_and_following",
    "pickup-0",
    "venue-9223372036854775807",
];

/// The dates, times and ids that well-typed bodies carry, so the parsed-but-out-of-range paths
/// are reached too.
const ID_LIKE: &[&str] = &[
    "session",
    "id",
    "participant",
    "run",
    "booking",
    "leads[0]",
    "leads[1]",
    "activity",
    "space",
    "mentor",
    "pickup_point",
    "person",
    "driver",
    "venue",
    "person_a",
    "person_b",
    "first",
    "second",
    "marks[0][participant]",
    "part_of",
    "seat",
];
const DATE_LIKE: &[&str] = &[
    "date",
    "until",
    "week",
    "referral_date",
    "licence_expires_on",
    "dbs_renews_on",
];
const TIME_LIKE: &[&str] = &["start", "end", "days[0][opens]", "days[0][closes]"];

/// A value of the type each field expects (an id of a row that may well exist, a date inside
/// the programme's years), from which the well-typed bodies start.
fn plausible(field: &str) -> &'static str {
    match field {
        f if ID_LIKE.contains(&f) => "3",
        f if DATE_LIKE.contains(&f) => "2027-01-05",
        "start" => "10:00",
        "end" => "11:00",
        "days[0][opens]" => "09:00",
        "days[0][closes]" => "17:00",
        "marked_at" => "2027-01-05T10:00:00",
        "roles[0]" => "participant",
        "weekdays[0]" | "days[0]" => "tue",
        "every" => "weekly",
        "weeks" | "days[0][weekday]" => "2",
        "scope" => "this",
        "status" => "active",
        "kind" => "sport",
        "duration" => "60",
        "capacity" | "seats" => "8",
        "wheelchair_spaces" => "0",
        "minutes" => "30",
        "latitude" => "51.75",
        "longitude" => "-0.33",
        "needs_lift" | "active" | "locked" | "always_open" | "uses_wheelchair"
        | "days[0][open]" => "true",
        "mark" => "boarded",
        "marks[0][outcome]" => "attended",
        "from" => "pickup-1",
        "to" => "venue-1",
        "code" => "123456",
        "token" => "not-a-real-token",
        "password" => "a long passphrase here",
        "username" => "nobody@example.org",
        "email" => "fuzz@example.org",
        "phone" => "07700 900999",
        "referral_source" => "self",
        _ => "Fuzz",
    }
}

/// SplitMix64: a small seeded generator, so every run sends the same bodies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A stable seed per endpoint (FNV-1a), so every caller meets the same bodies.
fn seed_for(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One generated request.
#[derive(Clone)]
struct Body {
    bytes: Vec<u8>,
    content_type: Option<&'static str>,
    /// What kind of malformation this is, for the report.
    kind: &'static str,
}

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const JSON: Option<&str> = Some("application/json");

impl Body {
    fn form(kind: &'static str, text: String) -> Self {
        Body {
            bytes: text.into_bytes(),
            content_type: FORM,
            kind,
        }
    }

    fn with(kind: &'static str, content_type: Option<&'static str>, bytes: Vec<u8>) -> Self {
        Body {
            bytes,
            content_type,
            kind,
        }
    }

    /// The body for a failure message: at most 160 characters, invalid UTF-8 shown escaped.
    fn shown(&self) -> String {
        let text: String = self.bytes.escape_ascii().to_string();
        let short: String = text.chars().take(160).collect();
        let more = if text.len() > short.len() {
            format!("… ({} bytes)", self.bytes.len())
        } else {
            String::new()
        };
        let content_type = self.content_type.unwrap_or("no content type");
        format!("[{}, {content_type}] {short}{more}", self.kind)
    }
}

/// `field=value&…`, every value form-encoded.
fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_key(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Keys keep their brackets, as browsers' forms and Leptos send them.
fn encode_key(key: &str) -> String {
    form_encode(key).replace("%5B", "[").replace("%5D", "]")
}

/// Every catalogue field with its well-typed value, then `change` applied. `days[0]` (a
/// vehicle's days, by name) and `days[0][weekday]` (a venue's opening hours) cannot be in one
/// body (a form cannot hold both shapes), so the template holds the opening hours' shape and
/// [`vehicle_template`] the other.
fn template(change: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    FIELDS
        .iter()
        .filter(|f| **f != "days[0]")
        .map(|f| {
            (
                (*f).to_owned(),
                change(f).unwrap_or_else(|| plausible(f).to_owned()),
            )
        })
        .collect()
}

/// The template with a vehicle's days (`days[0]=tue`) instead of a venue's opening hours.
fn vehicle_template(change: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = template(change)
        .into_iter()
        .filter(|(f, _)| !f.starts_with("days["))
        .collect();
    pairs.push(("days[0]".into(), plausible("days[0]").into()));
    pairs
}

fn ids_as(value: &'static str) -> impl Fn(&str) -> Option<String> {
    move |f| ID_LIKE.contains(&f).then(|| value.to_owned())
}

fn dates_as(value: &'static str) -> impl Fn(&str) -> Option<String> {
    move |f| DATE_LIKE.contains(&f).then(|| value.to_owned())
}

fn json_object(pairs: &[(String, serde_json::Value)]) -> Vec<u8> {
    let map: serde_json::Map<String, serde_json::Value> = pairs.iter().cloned().collect();
    serde_json::Value::Object(map).to_string().into_bytes()
}

/// The bodies for one endpoint: first one of each named kind, then seeded random mixtures.
fn bodies_for(path: &str) -> Vec<Body> {
    let huge = "x".repeat(100 * 1024);
    let mut bodies = vec![
        Body::form("empty", String::new()),
        Body::form("JSON as a form", r#"{"session":1}"#.into()),
        Body::form("JSON as a form", r#"{"id":3,"date":"2027-01-05"}"#.into()),
        Body::form("every field, well typed", encode(&template(|_| None))),
        Body::form("every field, well typed, vehicle days", encode(&vehicle_template(|_| None))),
        Body::form("vehicle days, id i64::MAX", encode(&vehicle_template(ids_as("9223372036854775807")))),
        Body::form(
            "vehicle days, out of range",
            encode(&vehicle_template(|f| match f {
                "seats" | "wheelchair_spaces" => Some("4294967296".into()),
                "name" | "registration" => Some("z".repeat(100 * 1024)),
                _ => None,
            })),
        ),
        Body::form("id 0", encode(&template(ids_as("0")))),
        Body::form("id i64::MAX", encode(&template(ids_as("9223372036854775807")))),
        Body::form("id overflow", encode(&template(ids_as("9223372036854775808")))),
        Body::form("id negative", encode(&template(ids_as("-1")))),
        Body::form("id not a number", encode(&template(ids_as("abc")))),
        Body::form("id a fraction", encode(&template(ids_as("1.5")))),
        Body::form("year 1", encode(&template(dates_as("0001-01-01")))),
        Body::form("year 9999", encode(&template(dates_as("9999-12-31")))),
        Body::form("year +262143", encode(&template(dates_as("+262143-12-31")))),
        Body::form("year -262144", encode(&template(dates_as("-262144-01-01")))),
        // chrono's last and first days, late and early in the day: one step past is overflow.
        Body::form(
            "last day chrono knows, late",
            encode(&template(|f| match f {
                f if DATE_LIKE.contains(&f) => Some("+262142-12-31".into()),
                "start" => Some("23:00".into()),
                "end" => Some("23:59".into()),
                _ => None,
            })),
        ),
        Body::form(
            "first day chrono knows, early",
            encode(&template(|f| match f {
                f if DATE_LIKE.contains(&f) => Some("-262143-01-01".into()),
                "start" => Some("00:00".into()),
                "end" => Some("00:30".into()),
                _ => None,
            })),
        ),
        Body::form("year 10000", encode(&template(dates_as("+10000-01-01")))),
        Body::form("30 February", encode(&template(dates_as("2026-02-30")))),
        Body::form(
            "time 99:99",
            encode(&template(|f| TIME_LIKE.contains(&f).then(|| "99:99".into()))),
        ),
        Body::form(
            "time 25:99, end before start",
            encode(&template(|f| match f {
                "start" => Some("25:99".into()),
                "end" => Some("00:00".into()),
                _ => None,
            })),
        ),
        Body::form(
            "wrong types",
            encode(&template(|f| {
                Some(if ID_LIKE.contains(&f) || DATE_LIKE.contains(&f) {
                    "true".into()
                } else {
                    "99".into()
                })
            })),
        ),
        Body::form("every field empty", encode(&template(|_| Some(String::new())))),
        Body::form(
            "huge strings",
            encode(&template(|f| {
                matches!(f, "name" | "given_name" | "reason" | "note" | "notes" | "token")
                    .then(|| huge.clone())
            })),
        ),
        Body::form("huge id", format!("id={}&session={}", "9".repeat(100 * 1024), "1".repeat(5000))),
        Body::form(
            "deep keys",
            "a[b][c][d][e][f][g][h][i][j]=1&id[a][b][c][d][e][f][g][h][i][j]=1&leads[0][a][b][c][d]=1".into(),
        ),
        Body::form("very deep keys", format!("roles{}=x&id=3", "[0]".repeat(500))),
        Body::form(
            "odd array indices",
            "leads[99999999]=1&roles[-1]=x&leads[]=1&leads[a]=1&days[18446744073709551616][weekday]=1&marks[0]=1&weekdays[1]=tue"
                .into(),
        ),
        Body::form("keys without values", "id&session&date&=&&==&leads[0]".into()),
        Body::form(
            "duplicated keys",
            encode(
                &FIELDS
                    .iter()
                    .flat_map(|f| {
                        [
                            ((*f).to_owned(), plausible(f).to_owned()),
                            ((*f).to_owned(), "abc".to_owned()),
                        ]
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        Body::form(
            "invalid UTF-8, escaped",
            FIELDS
                .iter()
                .map(|f| format!("{}=%FF%FE%C3%28", encode_key(f)))
                .collect::<Vec<_>>()
                .join("&"),
        ),
        Body::form("broken escapes", "id=%&date=%%&start=%G0&name=%E2%82".into()),
        Body::with("invalid UTF-8, raw", FORM, {
            let mut raw = Vec::new();
            for f in FIELDS {
                raw.extend_from_slice(encode_key(f).as_bytes());
                raw.extend_from_slice(b"=\xff\xfe\xc3\x28&");
            }
            raw
        }),
        Body::with("raw bytes", FORM, (0u8..=255).collect()),
        Body::form(
            "control characters",
            encode(&template(|f| {
                (!ID_LIKE.contains(&f)).then(|| "a\u{0}b\r\nc\u{7f}\u{202e}".into())
            })),
        ),
        Body::with(
            "JSON, well typed",
            JSON,
            json_object(
                &FIELDS
                    .iter()
                    .map(|f| {
                        let value = plausible(f);
                        let value = value
                            .parse::<i64>()
                            .map(serde_json::Value::from)
                            .unwrap_or_else(|_| serde_json::Value::from(value));
                        ((*f).to_owned(), value)
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        Body::with(
            "JSON, hostile",
            JSON,
            br#"{"id":"abc","session":-1,"date":"+262143-12-31","leads":[9223372036854775808],"roles":[{}],"start":"99:99","marks":[{"participant":null}]}"#
                .to_vec(),
        ),
        Body::with("JSON, cut short", JSON, br#"{"id":"#.to_vec()),
        Body::with(
            "JSON, deeply nested",
            JSON,
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        ),
        Body::with("JSON, empty", JSON, Vec::new()),
        Body::with("form as text/plain", Some("text/plain"), b"id=3&session=3".to_vec()),
        Body::with("no content type", None, b"id=3&session=3".to_vec()),
        Body::with(
            "multipart without a boundary",
            Some("multipart/form-data"),
            b"--x\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n3\r\n--x--\r\n".to_vec(),
        ),
        Body::form("3 MB", format!("name={}", "y".repeat(3 * 1024 * 1024))),
    ];

    // The rest: a few fields from the catalogue, each with a hostile, well-typed or random
    // value, sometimes duplicated, sometimes as JSON.
    let mut rng = Rng(seed_for(path));
    while bodies.len() < BODIES_PER_ENDPOINT {
        let count = 1 + rng.below(10);
        let mut pairs = Vec::new();
        for _ in 0..count {
            let field = (*rng.pick(FIELDS)).to_owned();
            let value = match rng.below(10) {
                0..=4 => (*rng.pick(HOSTILE)).to_owned(),
                5..=7 => plausible(&field).to_owned(),
                _ => (0..rng.below(40))
                    .map(|_| char::from_u32(32 + rng.below(0x2FF) as u32).unwrap_or('?'))
                    .collect(),
            };
            if rng.chance(10) {
                pairs.push((field.clone(), (*rng.pick(HOSTILE)).to_owned()));
            }
            pairs.push((field, value));
        }
        let body = if rng.chance(15) {
            let json: Vec<(String, serde_json::Value)> = pairs
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::from(v)))
                .collect();
            Body::with("random fields, JSON", JSON, json_object(&json))
        } else {
            Body::form("random fields", encode(&pairs))
        };
        bodies.push(body);
    }
    bodies
}

/// The registered server functions: (method, path), as the binary lists them.
fn registered() -> Vec<(String, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("server-functions")
        .output()
        .expect("list the server functions");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(method, path)| (method.to_owned(), path.to_owned()))
        .collect()
}

fn caller_name(role: Option<Role>) -> String {
    role.map_or("not signed in".to_owned(), |r| format!("{r:?}"))
}

/// One request that broke a promise.
struct Failure {
    endpoint: String,
    caller: String,
    status: String,
    body: String,
    kind: &'static str,
}

/// What one caller's run found.
#[derive(Default)]
struct Outcome {
    sent: usize,
    by_status: BTreeMap<u16, usize>,
    failures: Vec<Failure>,
    panics: Vec<String>,
    server_errors_logged: usize,
}

/// Sends every body to every endpoint as `role` on a server of its own.
fn fuzz_as(role: Option<Role>, endpoints: &[(String, String)], bodies: &[Vec<Body>]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let database = runtime.block_on(crate::common::fresh_database(dir.path()));
    // The anonymous limit raised far above the flood, so every anonymous body reaches the door
    // that must answer 401 (the limit itself is tested in `trust.rs`).
    let server = start_configured(&database, |command| {
        command.env("TURNAROUND_ANONYMOUS_PER_MINUTE", "100000");
    });
    let cookie = role.map(|role| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name = runtime.block_on(async {
            let db = data::open(&database).await.unwrap();
            let name = crate::access::username_for(&db, role).await;
            db.close().await;
            name
        });
        sign_in_as(&server, &name)
    });
    let origin = server.origin();
    let who = caller_name(role);

    // Every (endpoint, body) pair, shared out between a few client threads.
    let jobs: Vec<(usize, usize)> = (0..endpoints.len())
        .filter(|&e| !(role.is_some() && endpoints[e].1 == "/api/sign_out"))
        .flat_map(|e| (0..bodies[e].len()).map(move |b| (e, b)))
        .collect();
    let next = AtomicUsize::new(0);
    let outcome = Mutex::new(Outcome::default());
    std::thread::scope(|scope| {
        for _ in 0..THREADS_PER_SERVER {
            scope.spawn(|| {
                while let Some(&(e, b)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let (method, path) = &endpoints[e];
                    let body = &bodies[e][b];
                    let reply = server.try_request_bytes(
                        method,
                        path,
                        &body.bytes,
                        body.content_type,
                        cookie.as_deref(),
                        &[("Origin", origin.as_str())],
                    );
                    let failure = |status: String| Failure {
                        endpoint: path.clone(),
                        caller: who.clone(),
                        status,
                        body: body.shown(),
                        kind: body.kind,
                    };
                    let mut outcome = outcome.lock().unwrap();
                    outcome.sent += 1;
                    match reply {
                        Err(error) => outcome
                            .failures
                            .push(failure(format!("no answer ({error})"))),
                        Ok(reply) => {
                            *outcome.by_status.entry(reply.status).or_default() += 1;
                            let anonymous_refusal = [401, 429].contains(&reply.status)
                            // A body over the size limit may be turned away before anything.
                            || (reply.status == 413 && body.bytes.len() > 2 * 1024 * 1024);
                            if reply.status >= 500 {
                                let said: String = reply.body.chars().take(100).collect();
                                outcome
                                    .failures
                                    .push(failure(format!("{} {said}", reply.status)));
                            } else if role.is_none()
                                && !PUBLIC.contains(&path.as_str())
                                && !anonymous_refusal
                            {
                                let said: String = reply.body.chars().take(100).collect();
                                outcome.failures.push(failure(format!(
                                    "{} {said} (not signed in: expected 401)",
                                    reply.status
                                )));
                            }
                        }
                    }
                }
            });
        }
    });
    let mut outcome = outcome.into_inner().unwrap();
    // Let the last log lines arrive.
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    outcome.panics = log
        .lines()
        .filter(|line| line.contains("panicked"))
        .map(|line| format!("{who}: {line}"))
        .collect();
    outcome.server_errors_logged = log.lines().filter(|line| line.contains("ERROR")).count();
    drop(server);
    outcome
}

#[test]
fn no_request_from_anyone_makes_any_server_function_fail_or_panic() {
    let started = Instant::now();
    let endpoints = registered();
    assert!(endpoints.len() > 10, "{endpoints:?}");
    let bodies: Vec<Vec<Body>> = endpoints.iter().map(|(_, path)| bodies_for(path)).collect();
    assert!(bodies.iter().all(|b| b.len() >= 50));

    let callers: Vec<Option<Role>> = std::iter::once(None)
        .chain(Role::ALL.into_iter().map(Some))
        .collect();
    // A few callers at a time, each on its own server.
    let mut outcomes = Vec::new();
    for group in callers.chunks(CALLERS_AT_ONCE) {
        std::thread::scope(|scope| {
            let runs: Vec<_> = group
                .iter()
                .map(|role| {
                    let (endpoints, bodies) = (&endpoints, &bodies);
                    scope.spawn(move || fuzz_as(*role, endpoints, bodies))
                })
                .collect();
            for (role, run) in group.iter().zip(runs) {
                outcomes.push((*role, run.join().expect("a fuzz run")));
            }
        });
    }

    // The summary.
    let mut total = BTreeMap::<u16, usize>::new();
    let mut sent = 0;
    println!(
        "fuzz: {} endpoints × {} callers × {BODIES_PER_ENDPOINT} bodies (sign-out skipped when signed in)",
        endpoints.len(),
        callers.len()
    );
    for (role, outcome) in &outcomes {
        sent += outcome.sent;
        for (status, count) in &outcome.by_status {
            *total.entry(*status).or_default() += count;
        }
        println!(
            "  {:<14} {:>5} requests, statuses {:?}, {} failures, {} panics, {} ERROR lines logged",
            caller_name(*role),
            outcome.sent,
            outcome.by_status,
            outcome.failures.len(),
            outcome.panics.len(),
            outcome.server_errors_logged
        );
    }
    println!(
        "  all: {sent} requests in {:.0?}, statuses {total:?}",
        started.elapsed()
    );

    let failures: Vec<&Failure> = outcomes.iter().flat_map(|(_, o)| &o.failures).collect();
    let panics: Vec<&String> = outcomes.iter().flat_map(|(_, o)| &o.panics).collect();
    if failures.is_empty() && panics.is_empty() {
        return;
    }
    // One line per endpoint and kind of failure, with a first example of each.
    type Group<'a> = (
        usize,
        BTreeMap<String, usize>,
        BTreeMap<&'static str, usize>,
        &'a Failure,
    );
    let mut grouped: BTreeMap<(String, String), Group> = BTreeMap::new();
    for failure in &failures {
        // One line per distinct answer (status and the start of its text).
        let status: String = failure.status.chars().take(60).collect();
        let entry = grouped
            .entry((failure.endpoint.clone(), status))
            .or_insert((0, BTreeMap::new(), BTreeMap::new(), failure));
        entry.0 += 1;
        *entry.1.entry(failure.caller.clone()).or_default() += 1;
        *entry.2.entry(failure.kind).or_default() += 1;
    }
    let mut report = format!(
        "{} of {sent} requests broke a promise ({} endpoints), and the logs hold {} panics:\n",
        failures.len(),
        grouped
            .keys()
            .map(|(e, _)| e)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        panics.len()
    );
    let mut by_answer = BTreeMap::<String, usize>::new();
    for failure in &failures {
        *by_answer
            .entry(failure.status.chars().take(90).collect())
            .or_default() += 1;
    }
    for (answer, count) in &by_answer {
        report.push_str(&format!("  {count}× {answer}\n"));
    }
    report.push_str("By endpoint, with a first example of each:\n");
    for ((endpoint, _), (count, callers, kinds, first)) in &grouped {
        report.push_str(&format!(
            "  {endpoint}: {count}× {}\n    by {callers:?}\n    bodies {kinds:?}\n    e.g. as {}: {}\n",
            first.status, first.caller, first.body
        ));
    }
    for panic in panics.iter().take(20) {
        report.push_str(&format!("  panic: {panic}\n"));
    }
    panic!("{report}");
}

#[test]
fn the_bodies_are_the_same_on_every_run_and_cover_every_kind() {
    let first = bodies_for("/api/enrol");
    let again = bodies_for("/api/enrol");
    assert_eq!(first.len(), again.len());
    assert!(first
        .iter()
        .zip(&again)
        .all(|(a, b)| a.bytes == b.bytes && a.content_type == b.content_type));
    assert!(first.len() >= 50);
    let other = bodies_for("/api/move_session");
    assert!(first.iter().zip(&other).any(|(a, b)| a.bytes != b.bytes));
    assert!(first.iter().any(|b| std::str::from_utf8(&b.bytes).is_err()));
    assert!(first.iter().any(|b| b.content_type == JSON));
    assert!(first.iter().any(|b| b.bytes.is_empty()));
}
