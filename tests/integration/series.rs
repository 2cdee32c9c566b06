//! Repeating series through the real server and the real database: a series lands on exactly
//! the dates asked for, one clash refuses all of it, "this and following" moves and cancels
//! reach the later sessions only (and all or none of them), and a course enrolment books the
//! rest of the series, waitlisting where it is full.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::access::{cookie_for, demo_server};
use crate::common::app::{Reply, Server};
use crate::enrolment::participants;
use crate::planning::{person, space_named};
use turnaround::data::Db;
use turnaround::people::Role;

/// Tuesday 2 March 2027: far from the demo programme.
fn first_tuesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 2).unwrap()
}

fn at(date: NaiveDate, time: &str) -> NaiveDateTime {
    date.and_time(NaiveTime::parse_from_str(time, "%H:%M").unwrap())
}

async fn activity_named(db: &Db, name: &str) -> i64 {
    on!(
        db,
        query_scalar("SELECT id FROM activities WHERE name = $1")
            .bind(name)
            .fetch_one
    )
    .unwrap()
}

/// Weekly Tennis on Tuesdays in `space`, 10:00–12:00, led by `lead`, as a plain form posts it
/// (empty optional fields included).
fn weekly_form(space: i64, lead: i64, weeks: u32, skip: &str) -> String {
    format!(
        "activity=1&space={space}&date={}&start=10:00&end=12:00&leads[0]={lead}&capacity=&notes=\
         &every=weekly&weekdays[0]=tue&weeks={weeks}&until=&skip={skip}",
        first_tuesday()
    )
}

/// The demo server, signed in as the demo tutor (Priya), and the tennis courts.
struct Planner {
    server: Server,
    db: Db,
    _dir: tempfile::TempDir,
    tutor: String,
    priya: i64,
    court_1: i64,
    court_2: i64,
}

async fn planner() -> Planner {
    let (server, db, dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    Planner {
        tutor,
        priya: person(&db, "priya.tutor@example.org").await,
        court_1: space_named(&db, "Court 1").await,
        court_2: space_named(&db, "Court 2").await,
        server,
        db,
        _dir: dir,
    }
}

impl Planner {
    /// Posts a form as the tutor.
    fn post(&self, path: &str, form: &str) -> Reply {
        self.server.post(path, form, Some(&self.tutor))
    }

    /// Plans a series and returns its session ids, in date order.
    fn plan(&self, form: &str) -> Vec<i64> {
        let reply = self.post("/api/create_series", form);
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str(&reply.body).unwrap()
    }

    /// Moves session `id` to `space` on `date` at `times`, as far as `scope` reaches.
    fn move_to(&self, id: i64, space: i64, date: NaiveDate, times: &str, scope: &str) -> Reply {
        let (start, end) = times.split_once('-').unwrap();
        let form =
            format!("id={id}&space={space}&date={date}&start={start}&end={end}&scope={scope}");
        self.post("/api/move_session", &form)
    }

    fn enrol(&self, session: i64, participant: i64) {
        let form = format!("session={session}&participant={participant}");
        let reply = self.post("/api/enrol", &form);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}

/// (id, series, space, starts, ends, status) of every session on or after the first Tuesday.
type Row = (i64, Option<i64>, i64, NaiveDateTime, NaiveDateTime, String);

async fn rows(db: &Db) -> Vec<Row> {
    on!(
        db,
        query_as(
            "SELECT id, series_id, space_id, starts_at, ends_at, status FROM sessions
         WHERE starts_at >= $1 ORDER BY starts_at, id",
        )
        .bind(first_tuesday())
        .fetch_all
    )
    .unwrap()
}

async fn row(db: &Db, id: i64) -> Row {
    rows(db).await.into_iter().find(|row| row.0 == id).unwrap()
}

async fn series_count(db: &Db) -> i64 {
    on!(
        db,
        query_scalar("SELECT count(*) FROM session_series").fetch_one
    )
    .unwrap()
}

/// (id, status, cancel reason) of every session of the series `id` belongs to, in date order.
async fn series_of(db: &Db, id: i64) -> Vec<(i64, String, Option<String>)> {
    on!(
        db,
        query_as(
            "SELECT id, status, cancel_reason FROM sessions
         WHERE series_id = (SELECT series_id FROM sessions WHERE id = $1) ORDER BY starts_at",
        )
        .bind(id)
        .fetch_all
    )
    .unwrap()
}

async fn booking(db: &Db, session: i64, participant: i64) -> Option<String> {
    on!(
        db,
        query_scalar("SELECT status FROM bookings WHERE session_id = $1 AND participant_id = $2")
            .bind(session)
            .bind(participant)
            .fetch_optional
    )
    .unwrap()
}

fn tuesday(week: usize) -> NaiveDate {
    first_tuesday() + Duration::weeks(week as i64)
}

fn wednesday(week: usize) -> NaiveDate {
    tuesday(week) + Duration::days(1)
}

#[tokio::test]
async fn a_series_lands_on_the_dates_asked_for_and_shares_one_series() {
    let p = planner().await;
    let skipped = [tuesday(1), tuesday(6)];
    // "+" is a form-encoded space: the list may use commas, spaces or both.
    let skip = format!("{},+{}", skipped[0], skipped[1]);

    let ids = p.plan(&weekly_form(p.court_1, p.priya, 10, &skip));

    let expected: Vec<NaiveDate> = (0..10)
        .map(tuesday)
        .filter(|date| !skipped.contains(date))
        .collect();
    assert_eq!(expected.len(), 8);
    let written = rows(&p.db).await;
    let dates: Vec<NaiveDate> = written.iter().map(|row| row.3.date()).collect();
    assert_eq!(dates, expected);
    assert_eq!(written.iter().map(|row| row.0).collect::<Vec<_>>(), ids);
    let series = written[0].1.expect("a series id");
    for (_, series_id, space, starts, ends, status) in &written {
        assert_eq!(*series_id, Some(series));
        assert_eq!(*space, p.court_1);
        let day = starts.date();
        assert_eq!((*starts, *ends), (at(day, "10:00"), at(day, "12:00")));
        assert_eq!(status, "scheduled");
    }
    // An empty capacity field means the activity's default, on every session; all are led.
    let (defaults, led): (i64, i64) = on!(
        &p.db,
        query_as(
            "SELECT count(*) FILTER (WHERE s.capacity = a.default_capacity),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM session_leads l
                                               WHERE l.session_id = s.id AND l.person_id = $1))
         FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE s.series_id = $2",
        )
        .bind(p.priya)
        .bind(series)
        .fetch_one
    )
    .unwrap();
    assert_eq!((defaults, led), (8, 8));

    // Every two weeks on Tuesdays and Thursdays, until a last date. One checkbox per day,
    // each with its own index, so the indices posted have gaps.
    let fortnightly = format!(
        "activity=1&space={}&date={}&start=13:00&end=14:00&leads[0]={}\
         &every=fortnightly&weekdays[1]=tue&weekdays[3]=thu&until={}",
        p.court_2,
        first_tuesday(),
        p.priya,
        first_tuesday() + Duration::days(30)
    );
    let ids = p.plan(&fortnightly);
    let dates: Vec<NaiveDate> = rows(&p.db)
        .await
        .into_iter()
        .filter(|row| ids.contains(&row.0))
        .map(|row| row.3.date())
        .collect();
    let expected: Vec<NaiveDate> = [0, 2, 14, 16, 28, 30]
        .into_iter()
        .map(|days| first_tuesday() + Duration::days(days))
        .collect();
    assert_eq!(dates, expected);
}

#[tokio::test]
async fn a_series_that_clashes_once_is_refused_whole_naming_the_date() {
    let p = planner().await;
    let james = person(&p.db, "james.mentor@example.org").await;
    let fishing = activity_named(&p.db, "Fishing").await;
    let single = format!(
        "activity={fishing}&space={}&date={}&start=11:00&end=15:30&leads[0]={james}",
        p.court_1,
        tuesday(3)
    );
    let reply = p.post("/api/create_session", &single);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let before = (rows(&p.db).await, series_count(&p.db).await);

    let refused = p.post(
        "/api/create_series",
        &weekly_form(p.court_1, p.priya, 8, ""),
    );
    refused.assert_says(
        409,
        "On Tue 23 Mar: Court 1 is taken by Fishing, 11:00–15:30 on Tue 23 Mar.",
    );
    refused.assert_says(409, "Free instead:");
    assert_eq!((rows(&p.db).await, series_count(&p.db).await), before);

    // Mistakes in the form are named together, before anything is checked.
    let muddled = format!(
        "activity=1&space={}&date={}&start=10:00&end=12:00&leads[0]={}\
         &every=weekly&weeks=10&until=2027-04-01&skip=soon",
        p.court_1,
        first_tuesday(),
        p.priya
    );
    let invalid = p.post("/api/create_series", &muddled);
    for piece in ["not both", "“soon”"] {
        invalid.assert_says(400, piece);
    }
    let no_day = weekly_form(p.court_1, p.priya, 8, "").replace("&weekdays[0]=tue", "");
    let invalid = p.post("/api/create_series", &no_day);
    invalid.assert_says(400, "day of the week");
    assert_eq!((rows(&p.db).await, series_count(&p.db).await), before);
}

#[tokio::test]
async fn this_and_following_moves_the_later_sessions_only_and_all_or_none() {
    let p = planner().await;
    let (court_1, court_2) = (p.court_1, p.court_2);
    let ids = p.plan(&weekly_form(court_1, p.priya, 8, ""));

    // "This only": the second session moves to the afternoon; nothing else changes.
    let before = rows(&p.db).await;
    let reply = p.move_to(ids[1], court_2, tuesday(1), "13:00-15:00", "this_only");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let after = rows(&p.db).await;
    for (old, new) in before.iter().zip(&after) {
        if old.0 == ids[1] {
            let moved = (court_2, at(tuesday(1), "13:00"), at(tuesday(1), "15:00"));
            assert_eq!((new.2, new.3, new.4), moved);
        } else {
            assert_eq!(old, new);
        }
    }

    // "This and following" from the 4th: Wednesdays 14:00–16:00 in Court 2 from then on.
    let reply = p.move_to(
        ids[3],
        court_2,
        wednesday(3),
        "14:00-16:00",
        "this_and_following",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    for (n, id) in ids.iter().enumerate() {
        let (_, _, space, starts, ends, _) = row(&p.db, *id).await;
        let (space_then, day, times) = match n {
            1 => (court_2, tuesday(1), ("13:00", "15:00")),
            0 | 2 => (court_1, tuesday(n), ("10:00", "12:00")),
            _ => (court_2, wednesday(n), ("14:00", "16:00")),
        };
        let expected = (space_then, at(day, times.0), at(day, times.1));
        assert_eq!((space, starts, ends), expected, "session {}", n + 1);
    }

    // A week on, onto the series' own places: each lands where the next one was.
    let reply = p.move_to(ids[3], court_2, wednesday(4), "14:00-16:00", "following");
    assert_eq!(reply.status, 200, "{}", reply.body);
    for (n, id) in ids.iter().enumerate().skip(3) {
        let starts = row(&p.db, *id).await.3;
        assert_eq!(starts, at(wednesday(n + 1), "14:00"), "session {}", n + 1);
    }

    // Something in the way on one later date refuses the whole move, naming that date.
    let james = person(&p.db, "james.mentor@example.org").await;
    let blocker = format!(
        "activity=1&space={court_2}&date={}&start=17:00&end=18:00&leads[0]={james}",
        wednesday(7)
    );
    let reply = p.post("/api/create_session", &blocker);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let blocker: i64 = reply.body.trim().parse().unwrap();
    let before = rows(&p.db).await;
    let refused = p.move_to(
        ids[4],
        court_2,
        wednesday(5),
        "16:00-18:00",
        "this_and_following",
    );
    refused.assert_says(
        409,
        "On Wed 21 Apr: Court 2 is taken by Tennis, 17:00–18:00",
    );
    assert_eq!(rows(&p.db).await, before);

    // A mentor who does not lead the later sessions cannot move them all.
    let mentor = cookie_for(&p.server, &p.db, Role::Mentor).await;
    let form = format!(
        "id={}&space={court_2}&date={}&start=16:00&end=17:00&scope=following",
        ids[4],
        wednesday(5)
    );
    let reply = p.server.post("/api/move_session", &form, Some(&mentor));
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(rows(&p.db).await, before);

    // A session of no series: "this and following" is this one alone.
    let coordinator = cookie_for(&p.server, &p.db, Role::Coordinator).await;
    let form = format!(
        "id={blocker}&space={court_2}&date={}&start=18:30&end=19:30&scope=this_and_following",
        wednesday(7)
    );
    let reply = p
        .server
        .post("/api/move_session", &form, Some(&coordinator));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let after = rows(&p.db).await;
    let changed: Vec<i64> = before
        .iter()
        .zip(&after)
        .filter(|(old, new)| old != new)
        .map(|(old, _)| old.0)
        .collect();
    assert_eq!(changed, [blocker]);
}

#[tokio::test]
async fn cancelling_this_and_following_keeps_the_bookings_to_show_it() {
    let p = planner().await;
    let ids = p.plan(&weekly_form(p.court_1, p.priya, 8, ""));
    let daniel = person(&p.db, "daniel.hughes").await;
    p.enrol(ids[5], daniel);

    let cancel = format!(
        "id={}&reason=Courts+resurfaced&scope=this_and_following",
        ids[4]
    );
    let reply = p.post("/api/cancel_session", &cancel);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reasons: Vec<Option<String>> = series_of(&p.db, ids[0])
        .await
        .into_iter()
        .map(|(_, _, reason)| reason)
        .collect();
    let resurfaced = Some("Courts resurfaced".to_owned());
    let mut expected = vec![None; 4];
    expected.extend(vec![resurfaced; 4]);
    assert_eq!(reasons, expected);
    assert_eq!(
        booking(&p.db, ids[5], daniel).await.as_deref(),
        Some("booked")
    );
    let own = p.server.sign_in("daniel.hughes", None);
    let mine = p.server.post("/api/my_activities", "", Some(&own));
    let mine: serde_json::Value = serde_json::from_str(&mine.body).unwrap();
    let mine = mine["upcoming"].as_array().unwrap();
    let shown = mine
        .iter()
        .find(|b| b["session_id"].as_i64() == Some(ids[5]))
        .expect("the booked participant still sees the session");
    assert_eq!(shown["session_status"], "cancelled");
    assert_eq!(shown["cancel_reason"], "Courts resurfaced");

    // "This only" (posted as its slug) on an earlier one cancels just that one.
    let one = format!("id={}&reason=Rain&scope=this", ids[1]);
    let reply = p.post("/api/cancel_session", &one);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let scheduled: Vec<i64> = series_of(&p.db, ids[0])
        .await
        .into_iter()
        .filter(|(_, status, _)| status == "scheduled")
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(scheduled, [ids[0], ids[2], ids[3]]);
}

#[tokio::test]
async fn a_course_enrolment_books_the_rest_of_the_series_and_waits_where_full() {
    let p = planner().await;
    let form = weekly_form(p.court_1, p.priya, 7, "").replace("capacity=", "capacity=1");
    let ids = p.plan(&form);
    let people = participants(&p.db).await;
    let (learner, other) = (people[0], people[1]);
    // The 4th is full, the 3rd they are already on, the 6th is cancelled.
    p.enrol(ids[3], other);
    p.enrol(ids[2], learner);
    let reply = p.post("/api/cancel_session", &format!("id={}&reason=Rain", ids[5]));
    assert_eq!(reply.status, 200, "{}", reply.body);

    let form = format!("session={}&participant={learner}", ids[1]);
    let reply = p.post("/api/enrol_series", &form);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let places: Vec<serde_json::Value> = serde_json::from_str(&reply.body).unwrap();
    let answered: Vec<(i64, serde_json::Value)> = places
        .iter()
        .map(|place| (place["session"].as_i64().unwrap(), place["outcome"].clone()))
        .collect();
    let booked = serde_json::json!("Booked");
    let waiting = serde_json::json!({ "Waitlisted": { "position": 1 } });
    assert_eq!(
        answered,
        [
            (ids[1], booked.clone()),
            (ids[3], waiting),
            (ids[4], booked.clone()),
            (ids[6], booked),
        ]
    );
    let statuses = [
        None,
        Some("booked"),
        Some("booked"),
        Some("waitlisted"),
        Some("booked"),
        None,
        Some("booked"),
    ];
    for (n, expected) in statuses.iter().enumerate() {
        let status = booking(&p.db, ids[n], learner).await;
        assert_eq!(status.as_deref(), *expected, "session {}", n + 1);
    }
    // Asking again changes nothing: they are on every one already.
    let again = p.post("/api/enrol_series", &form);
    assert_eq!((again.status, again.body.as_str()), (200, "[]"));

    // Kept apart from someone on one later session: the whole enrolment is refused.
    let kept = people[2];
    run!(
        &p.db,
        query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, 'No contact')")
            .bind(kept.min(other))
            .bind(kept.max(other))
            .execute
    )
    .unwrap();
    let refused = p.post(
        "/api/enrol_series",
        &format!("session={}&participant={kept}", ids[0]),
    );
    refused.assert_says(409, "On Tue 23 Mar: Not possible — ask the coordinator.");
    for (session, _, _) in series_of(&p.db, ids[0]).await {
        assert_eq!(booking(&p.db, session, kept).await, None);
    }
}

#[tokio::test]
async fn participants_drivers_and_strangers_cannot_plan_a_series() {
    let p = planner().await;
    let form = weekly_form(p.court_1, p.priya, 4, "");
    // The demo's weekly timetable is already a set of series.
    let series_before = series_count(&p.db).await;
    for role in [Role::Participant, Role::Driver] {
        let cookie = cookie_for(&p.server, &p.db, role).await;
        let reply = p.server.post("/api/create_series", &form, Some(&cookie));
        assert_eq!(reply.status, 403, "{role:?}: {}", reply.body);
    }
    assert_eq!(p.server.post("/api/create_series", &form, None).status, 401);
    assert!(rows(&p.db).await.is_empty());
    assert_eq!(series_count(&p.db).await, series_before);
}
