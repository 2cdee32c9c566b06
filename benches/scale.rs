//! `scripts/bench-scale.sh`: a programme the size of a large provider, loaded into SQLite and
//! into PostgreSQL, and the pages people use most timed on each. Prints p50 and p99 per
//! operation; nothing fails (figures, not a timed test).
//!
//! The size, after Sacro (60 services in 22 locations, 9,000 referrals a year): 22 sites with
//! three spaces and three pick-up points each, 60 activities, a session of each on every
//! weekday for three years (46,800 sessions), 9,000 new participants a year (27,000), six booked
//! places on every session (280,800 bookings, one in six needing a lift), a register for every
//! session already held, 60 tutors, 22 drivers and 22 people carriers. `TURNAROUND_SCALE=small`
//! loads a tenth of the participants and a year of sessions, for a quick look.
//!
//! Rows are written by multi-row INSERTs of generated numbers (no input from anyone): loading
//! through the use cases one booking at a time would take hours and measure nothing people wait
//! for. Then the real storage functions are timed, as the pages call them.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveTime};
use turnaround::data::{self, Db};
use turnaround::people::PersonId;
use turnaround::scheduling::enrolment::Reach;
use turnaround::scheduling::session::SessionId;
use turnaround::scheduling::week::Week;

struct Size {
    participants_a_year: i64,
    weeks: i64,
}

const SITES: i64 = 22;
const ACTIVITIES: i64 = 60;
const PLACES: i64 = 6;

async fn exec(db: &Db, sql: &str) {
    let done = match db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    };
    done.unwrap_or_else(|e| panic!("{e}: {}", &sql[..sql.len().min(300)]));
}

/// Writes `rows` (each a parenthesised tuple) into `table (columns)`, 500 at a time, in one
/// transaction per batch.
async fn insert(db: &Db, table: &str, columns: &str, rows: impl Iterator<Item = String>) -> usize {
    let mut batch = Vec::with_capacity(500);
    let mut total = 0;
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(500));
        total += batch.len();
        exec(
            db,
            &format!("INSERT INTO {table} ({columns}) VALUES {}", batch.join(",")),
        )
        .await;
    }
    total
}

/// The day the figures are taken on: the programme runs up to it and a few weeks beyond.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

thread_local! {
    static WEEKS: std::cell::Cell<i64> = const { std::cell::Cell::new(156) };
}

/// The first Monday of the generated programme: its weeks end ten weeks after `today()`'s.
fn monday() -> NaiveDate {
    let weeks = WEEKS.with(|w| w.get());
    Week::containing(today()).monday() - Days::new(((weeks - 10) * 7) as u64)
}

/// Sessions are numbered day by day: on weekday `d` of week `w`, activity `a` (0-based) is
/// session `(w * 5 + d) * ACTIVITIES + a + 1`, at site `a % SITES` in space `a / SITES`.
fn session_id(week: i64, day: i64, activity: i64) -> i64 {
    (week * 5 + day) * ACTIVITIES + activity + 1
}

/// The participant ids of year `year`'s cohort start here (people 1..=1000 are staff).
fn first_participant(size: &Size, year: i64) -> i64 {
    1001 + year * size.participants_a_year
}

async fn load(db: &Db, size: &Size) -> Vec<(&'static str, usize)> {
    let mut counts = Vec::new();
    let site = |i: i64| (51.0 + (i as f64) * 0.05, -0.5 + (i as f64) * 0.04);
    counts.push((
        "venues",
        insert(
            db,
            "venues",
            "id, name, address, latitude, longitude",
            (0..SITES).map(|i| {
                let (la, lo) = site(i);
                format!("({}, 'Site {i}', '{i} High Street', {la}, {lo})", i + 1)
            }),
        )
        .await,
    ));
    counts.push((
        "venue_spaces",
        insert(
            db,
            "venue_spaces",
            "id, venue_id, name",
            (0..SITES * 3).map(|i| format!("({}, {}, 'Room {}')", i + 1, i % SITES + 1, i / SITES)),
        )
        .await,
    ));
    counts.push((
        "pickup_points",
        insert(
            db,
            "pickup_points",
            "id, name, landmark, latitude, longitude",
            (0..SITES * 3).map(|i| {
                let (la, lo) = site(i % SITES);
                format!(
                    "({}, 'Stop {i}', 'The bus shelter', {}, {})",
                    i + 1,
                    la + 0.01 * (i / SITES + 1) as f64,
                    lo
                )
            }),
        )
        .await,
    ));
    counts.push((
        "activities",
        insert(
            db,
            "activities",
            "id, name, kind, default_duration_minutes, default_capacity",
            (0..ACTIVITIES).map(|a| format!("({}, 'Activity {a}', 'sport', 300, {PLACES})", a + 1)),
        )
        .await,
    ));
    // Staff: 1 coordinator, 60 tutors (one per activity), 22 drivers.
    let staff =
        (1..=83).map(|id| format!("({id}, 'Staff', 'Member {id}', 'staff{id}@example.org')"));
    let people = insert(db, "people", "id, given_name, family_name, email", staff).await;
    let mut roles = vec!["(1, 'coordinator')".to_owned()];
    roles.extend((2..=61).map(|id| format!("({id}, 'tutor')")));
    roles.extend((62..=83).map(|id| format!("({id}, 'driver')")));
    insert(db, "person_roles", "person_id, role", roles.into_iter()).await;
    insert(
        db,
        "driver_documents",
        "person_id, licence_expires_on, dbs_renews_on",
        (62..=83).map(|id| format!("({id}, '2030-01-01', '2030-01-01')")),
    )
    .await;
    insert(
        db,
        "vehicles",
        "id, name, registration, seats_including_driver, wheelchair_spaces, available_days",
        (0..SITES).map(|i| format!("({}, 'Carrier {i}', 'TA{i:02} BUS', 8, 1, 31)", i + 1)),
    )
    .await;
    let years = (size.weeks + 51) / 52;
    let participants = size.participants_a_year * years;
    let first = first_participant(size, 0);
    let people = people
        + insert(
            db,
            "people",
            "id, given_name, family_name",
            (first..first + participants).map(|id| format!("({id}, 'Person', 'Number {id}')")),
        )
        .await;
    counts.push(("people", people));
    insert(
        db,
        "person_roles",
        "person_id, role",
        (first..first + participants).map(|id| format!("({id}, 'participant')")),
    )
    .await;
    counts.push((
        "participants",
        insert(
            db,
            "participants",
            "person_id, default_pickup_point_id, needs_lift, referral_source, referral_date",
            (first..first + participants).map(|id| {
                let year = (id - first) / size.participants_a_year;
                let referred = monday() + Days::new((year * 364) as u64);
                format!(
                    "({id}, {}, {}, 'probation', '{referred}')",
                    id % (SITES * 3) + 1,
                    if id % 6 == 0 { "TRUE" } else { "FALSE" }
                )
            }),
        )
        .await,
    ));
    // Sessions, their leads, six places each and, for those already held, the register.
    let today = today();
    let (mut sessions, mut bookings, mut registers) = (0, 0, 0);
    for week in 0..size.weeks {
        let year = week / 52;
        let cohort = first_participant(size, year);
        let mut session_rows = Vec::new();
        let mut lead_rows = Vec::new();
        let mut booking_rows = Vec::new();
        let mut register_rows = Vec::new();
        for day in 0..5 {
            let date = monday() + Days::new((week * 7 + day) as u64);
            for activity in 0..ACTIVITIES {
                let id = session_id(week, day, activity);
                session_rows.push(format!(
                    "({id}, {}, {}, '{date} 10:00:00', '{date} 15:00:00', {PLACES})",
                    activity + 1,
                    activity % (SITES * 3) + 1
                ));
                lead_rows.push(format!("({id}, {})", activity + 2));
                for place in 0..PLACES {
                    // Each day spreads the cohort over the sessions; nobody twice on a session.
                    let person = cohort
                        + ((day * ACTIVITIES + activity) * PLACES + place + week * 37)
                            % size.participants_a_year;
                    let booking = (id - 1) * PLACES + place + 1;
                    booking_rows.push(format!(
                        "({booking}, {id}, {person}, 'booked', {})",
                        if person % 6 == 0 { "TRUE" } else { "FALSE" }
                    ));
                    if date < today {
                        register_rows.push(format!(
                            "({id}, {person}, '{}', 1)",
                            if place == 5 { "absent" } else { "attended" }
                        ));
                    }
                }
            }
        }
        sessions += insert(
            db,
            "sessions",
            "id, activity_id, space_id, starts_at, ends_at, capacity",
            session_rows.into_iter(),
        )
        .await;
        insert(
            db,
            "session_leads",
            "session_id, person_id",
            lead_rows.into_iter(),
        )
        .await;
        bookings += insert(
            db,
            "bookings",
            "id, session_id, participant_id, status, needs_lift",
            booking_rows.into_iter(),
        )
        .await;
        registers += insert(
            db,
            "attendance",
            "session_id, participant_id, outcome, recorded_by",
            register_rows.into_iter(),
        )
        .await;
    }
    counts.push(("sessions", sessions));
    counts.push(("bookings", bookings));
    counts.push(("attendance", registers));
    if let Db::Postgres(_) = db {
        // Explicit ids do not move PostgreSQL's identity sequences: bring them past the rows.
        for table in [
            "venues",
            "venue_spaces",
            "pickup_points",
            "activities",
            "people",
            "vehicles",
            "sessions",
            "bookings",
        ] {
            exec(db, &format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")).await;
        }
        exec(db, "ANALYZE").await;
    } else {
        exec(db, "ANALYZE").await;
    }
    counts
}

/// Runs `op` `times` times and gives (p50, p99).
async fn time<F, Fut>(times: usize, mut op: F) -> (Duration, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut took = Vec::with_capacity(times);
    for i in 0..times {
        let started = Instant::now();
        op(i).await;
        took.push(started.elapsed());
    }
    took.sort();
    let at = |q: f64| took[((took.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

async fn measure(db: &Db, size: &Size) -> Vec<(&'static str, (Duration, Duration))> {
    let today = today();
    let now = today.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    let week = Week::containing(today);
    let this_year = (today - monday()).num_days() / 364;
    let cohort = first_participant(size, this_year.min((size.weeks - 1) / 52));
    let participant = |i: usize| PersonId(cohort + (i as i64 * 7919) % size.participants_a_year);
    let mut rows = Vec::new();
    // Transport for the week, through the real planner, and the first driver's runs published.
    let days: Vec<NaiveDate> = (0..5).map(|d| week.monday() + Days::new(d)).collect();
    rows.push((
        "plan a day's transport",
        time(days.len(), |i| {
            let day = days[i];
            async move {
                turnaround::transport::use_cases::plan(db, day)
                    .await
                    .unwrap();
            }
        })
        .await,
    ));
    let board = data::runs::board(db, today).await.unwrap();
    let driver = PersonId(62);
    // The first driver takes the day's runs that do not overlap, as a coordinator would.
    for run in &board.runs {
        if turnaround::transport::use_cases::assign_driver(db, run.id, driver)
            .await
            .is_ok()
        {
            turnaround::transport::use_cases::publish(db, run.id)
                .await
                .unwrap();
        }
    }
    rows.push((
        "week page (sessions in a week)",
        time(200, |_| async {
            data::schedule::sessions_in_week(db, week).await.unwrap();
        })
        .await,
    ));
    rows.push((
        "My activities (a participant)",
        time(200, |i| async move {
            data::my_calendar::upcoming(db, participant(i), now, 24)
                .await
                .unwrap();
        })
        .await,
    ));
    rows.push((
        "driver's list (a day)",
        time(200, |_| async {
            data::pickup_lists::driver_day(db, driver, today)
                .await
                .unwrap();
        })
        .await,
    ));
    let (from, until) = (
        now - chrono::Duration::days(30),
        now + chrono::Duration::days(90),
    );
    rows.push((
        "calendar feed (a participant)",
        time(200, |i| async move {
            data::calendar_feeds::feed_items(db, participant(i), from, until)
                .await
                .unwrap();
        })
        .await,
    ));
    // Enrolment: a place on a session next week, taken and given back (so the next try finds
    // the same session as full as this one did).
    let next = Week::containing(today).next();
    let next_week = (next.monday() - monday()).num_days() / 7;
    let session = |i: usize| {
        SessionId(session_id(
            next_week.min(size.weeks - 1),
            (i % 5) as i64,
            (i % ACTIVITIES as usize) as i64,
        ))
    };
    let coordinator = PersonId(1);
    rows.push((
        "enrol (and cancel)",
        time(200, |i| async move {
            let who = PersonId(first_participant(size, 0) + i as i64);
            turnaround::scheduling::use_cases::enrolment::enrol(
                db,
                session(i),
                who,
                coordinator,
                Reach::Everyone,
            )
            .await
            .unwrap()
            .ok();
            turnaround::scheduling::use_cases::enrolment::cancel(
                db,
                session(i),
                who,
                coordinator,
                false,
            )
            .await
            .unwrap();
        })
        .await,
    ));
    // The funders' report for the last whole quarter: every count read from the records.
    let instrument = turnaround::wellbeing::instrument::Instrument::load(
        turnaround::wellbeing::instrument::DEMO_INSTRUMENT,
    )
    .unwrap();
    let quarter = turnaround::reports::period::Period::quarter_before(today);
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    let instrument = &instrument;
    rows.push((
        "funders' report (a quarter)",
        time(20, |_| async move {
            turnaround::reports::use_cases::funders_report(
                db,
                "Scale".into(),
                instrument,
                quarter,
                now,
            )
            .await
            .unwrap();
        })
        .await,
    ));
    // The case meeting for today: the agenda drafted over every active participant (the
    // coordinator reads everyone's), then one participant's pack.
    let meeting = turnaround::case_meetings::use_cases::open(
        db,
        &turnaround::data::audit::Actor {
            person: coordinator,
            ip: None,
        },
        today,
        today,
    )
    .await
    .unwrap();
    let viewer = || turnaround::case_meetings::use_cases::Viewer {
        actor: turnaround::data::audit::Actor {
            person: coordinator,
            ip: None,
        },
        reader: turnaround::case_meetings::pack::Reader {
            person: coordinator,
            sees_everyone: true,
            sees_restricted: true,
        },
        runs: true,
    };
    rows.push((
        "case meeting agenda (everyone active)",
        time(5, |_| async move {
            turnaround::case_meetings::use_cases::agenda(db, &viewer(), instrument, meeting, today)
                .await
                .unwrap();
        })
        .await,
    ));
    rows.push((
        "case meeting pack (one participant)",
        time(20, |i| async move {
            let who = PersonId(first_participant(size, 0) + i as i64);
            turnaround::case_meetings::use_cases::pack(
                db,
                &viewer(),
                instrument,
                meeting,
                who,
                today,
            )
            .await
            .unwrap();
        })
        .await,
    ));
    rows
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let small = std::env::var("TURNAROUND_SCALE").is_ok_and(|s| s == "small");
    let size = if small {
        Size {
            participants_a_year: 900,
            weeks: 52,
        }
    } else {
        Size {
            participants_a_year: 9_000,
            weeks: 156,
        }
    };
    WEEKS.with(|w| w.set(size.weeks));
    let dir = tempfile::tempdir().unwrap();
    let mut backends = vec![(
        "SQLite",
        format!("sqlite://{}", dir.path().join("scale.db").display()),
    )];
    match std::env::var("TURNAROUND_BENCH_POSTGRES") {
        Ok(url) if !url.is_empty() => backends.push(("PostgreSQL", url)),
        _ => println!("(TURNAROUND_BENCH_POSTGRES not set: SQLite only; scripts/bench-scale.sh starts a PostgreSQL)"),
    }
    let mut results = Vec::new();
    for (name, url) in backends {
        let db = data::open(&url).await.unwrap();
        data::migrate(&db).await.unwrap();
        let started = Instant::now();
        let counts = load(&db, &size).await;
        println!(
            "{name}: loaded in {:.0} s: {}",
            started.elapsed().as_secs_f64(),
            counts
                .iter()
                .map(|(t, n)| format!("{n} {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        results.push((name, measure(&db, &size).await));
        db.close().await;
    }
    println!(
        "\n| operation | {} |",
        results
            .iter()
            .map(|(n, _)| format!("{n} p50 / p99 (ms)"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!(
        "|---|{}",
        results.iter().map(|_| "---|").collect::<String>()
    );
    for (i, (op, _)) in results[0].1.iter().enumerate() {
        println!(
            "| {op} | {} |",
            results
                .iter()
                .map(|(_, r)| {
                    let (p50, p99) = r[i].1;
                    format!("{} / {}", ms(p50), ms(p99))
                })
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
}
