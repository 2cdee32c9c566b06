//! Records written straight into the database for tests that build a month by hand: sessions
//! like the demo's on chosen days, register entries and wellbeing scores.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use turnaround::data::Db;
use turnaround::people::PersonId;
use turnaround::wellbeing::instrument::{Instrument, DEMO_INSTRUMENT};

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The person behind a demo account.
pub async fn person(db: &Db, username: &str) -> PersonId {
    on!(
        db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one
    )
    .expect("a demo account")
}

/// A session like one of the demo's (same activity, space and time of day, so it fits the
/// venue's opening hours), moved back whole weeks to the Wednesday `on`.
pub async fn session_on(db: &Db, on: NaiveDate) -> i64 {
    let (source, starts, ends): (i64, NaiveDateTime, NaiveDateTime) = on!(
        db,
        query_as("SELECT id, starts_at, ends_at FROM sessions ORDER BY starts_at, id LIMIT 1")
            .fetch_one
    )
    .unwrap();
    let weekday_gap = (starts.date().weekday().num_days_from_monday() as i64
        - on.weekday().num_days_from_monday() as i64)
        .rem_euclid(7);
    let target = on + Days::new(weekday_gap as u64);
    let shift = starts.date() - target;
    on!(
        db,
        query_scalar(
            "INSERT INTO sessions (activity_id, space_id, starts_at, ends_at, capacity)
             SELECT activity_id, space_id, $2, $3, capacity FROM sessions WHERE id = $1 RETURNING id"
        )
        .bind(source)
        .bind(starts - shift)
        .bind(ends - shift)
        .fetch_one
    )
    .unwrap()
}

pub async fn register(db: &Db, session: i64, who: PersonId, outcome: &str, by: PersonId) {
    let reason = (outcome == "absent").then_some("Unwell");
    run!(
        db,
        query(
            "INSERT INTO attendance (session_id, participant_id, outcome, absent_reason, recorded_by)
             VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(session)
        .bind(who)
        .bind(outcome)
        .bind(reason)
        .bind(by)
        .execute
    )
    .unwrap();
}

/// A completed check-in on the demo instrument, `points` whole points.
pub async fn score(db: &Db, who: PersonId, on: &str, points: i64) {
    run!(
        db,
        query(
            "INSERT INTO wellbeing_responses (participant_id, instrument, time_point, started_on,
                completed_on, answers, score)
             VALUES ($1, $2, 'review', $3, $3, '', $4)"
        )
        .bind(who)
        .bind(Instrument::load(DEMO_INSTRUMENT).unwrap().slug)
        .bind(day(on))
        .bind(points * 100)
        .execute
    )
    .unwrap();
}
