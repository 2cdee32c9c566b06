//! The demo programme: loaded into an empty database only, complete enough to feel real, and
//! clearly marked as demo.

use crate::common::{a_wednesday, count, TestDb};
use chrono::{Days, NaiveDateTime};
use turnaround::data;
use turnaround::demo::DemoOutcome;
use turnaround::scheduling::week::Week;

#[tokio::test]
async fn loads_into_an_empty_database_and_marks_it_as_demo() {
    let test = TestDb::new().await;
    let outcome = crate::common::load_demo(&test.db, a_wednesday())
        .await
        .unwrap();
    let DemoOutcome::Loaded { people, sessions } = outcome else {
        panic!("demo data not loaded into an empty database: {outcome:?}");
    };
    assert_eq!(people as i64, count(&test.db, "people").await);
    assert_eq!(sessions as i64, count(&test.db, "sessions").await);

    let settings = data::settings::programme_settings(&test.db).await.unwrap();
    assert!(settings.is_demo);
    assert!(settings.programme_name.contains("demo"));
}

#[tokio::test]
async fn never_loads_over_real_data() {
    let test = TestDb::new().await;
    run!(
        &test.db,
        query("INSERT INTO people (given_name, family_name) VALUES ('Real', 'Person')").execute
    )
    .unwrap();
    let outcome = crate::common::load_demo(&test.db, a_wednesday())
        .await
        .unwrap();
    assert_eq!(outcome, DemoOutcome::SkippedNotEmpty);
    assert_eq!(count(&test.db, "people").await, 1);
    assert_eq!(count(&test.db, "sessions").await, 0);
    assert!(
        !data::settings::programme_settings(&test.db)
            .await
            .unwrap()
            .is_demo
    );
}

#[tokio::test]
async fn loading_twice_adds_nothing() {
    let test = TestDb::new().await;
    crate::common::load_demo(&test.db, a_wednesday())
        .await
        .unwrap();
    let people = count(&test.db, "people").await;
    let bookings = count(&test.db, "bookings").await;
    let again = crate::common::load_demo(&test.db, a_wednesday())
        .await
        .unwrap();
    assert_eq!(again, DemoOutcome::SkippedNotEmpty);
    assert_eq!(count(&test.db, "people").await, people);
    assert_eq!(count(&test.db, "bookings").await, bookings);
}

#[tokio::test]
async fn has_the_places_people_and_vehicle_of_a_hertfordshire_programme() {
    let test = TestDb::new().await;
    crate::common::load_demo(&test.db, a_wednesday())
        .await
        .unwrap();
    let db = &test.db;

    let points: Vec<(String, f64, f64)> = on!(
        db,
        query_as("SELECT name, latitude, longitude FROM pickup_points").fetch_all
    )
    .unwrap();
    assert!(points.len() >= 6, "{} pick-up points", points.len());
    for (name, lat, lon) in &points {
        // Hertfordshire lies within roughly 51.59–52.09 N, 0.75 W – 0.20 E.
        assert!(
            (51.59..=52.09).contains(lat) && (-0.75..=0.20).contains(lon),
            "{name} at {lat},{lon} is not in Hertfordshire"
        );
    }
    for town in [
        "Watford",
        "St Albans",
        "Hatfield",
        "Stevenage",
        "Hemel",
        "Hertford",
    ] {
        assert!(
            points.iter().any(|(name, _, _)| name.contains(town)),
            "no pick-up point in {town}"
        );
    }

    assert!(count(db, "venues").await >= 4);
    let most_spaces: i64 = on!(
        db,
        query_scalar(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM venue_spaces GROUP BY venue_id) AS per_venue",
        )
        .fetch_one
    )
    .unwrap();
    assert!(most_spaces >= 2, "no venue with two bookable spaces");

    let kinds: Vec<String> = on!(
        db,
        query_scalar("SELECT DISTINCT kind FROM activities").fetch_all
    )
    .unwrap();
    for kind in ["sport", "course", "community_project"] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} activity");
    }

    for role in [
        "participant",
        "mentor",
        "tutor",
        "driver",
        "coordinator",
        "team_leader",
    ] {
        let holders: i64 = on!(
            db,
            query_scalar("SELECT count(*) FROM person_roles WHERE role = $1")
                .bind(role)
                .fetch_one
        )
        .unwrap();
        assert!(holders >= 1, "nobody holds the {role} role");
    }
    assert!(count(db, "participants").await >= 20);

    // Fictional phone numbers only: Ofcom's range reserved for drama, 07700 900000–900999.
    let phones: Vec<String> = on!(
        db,
        query_scalar("SELECT phone FROM people WHERE phone IS NOT NULL").fetch_all
    )
    .unwrap();
    assert!(!phones.is_empty());
    assert!(
        phones.iter().all(|p| p.starts_with("07700 900")),
        "{phones:?}"
    );

    let carrier: Option<i64> = on!(
        db,
        query_scalar("SELECT seats_including_driver FROM vehicles WHERE name = 'People carrier'",)
            .fetch_optional
    )
    .unwrap();
    assert_eq!(carrier, Some(8), "the programme's 8-seat people carrier");
}

#[tokio::test]
async fn sessions_cover_the_next_two_weeks_within_capacity() {
    let test = TestDb::new().await;
    let today = a_wednesday();
    crate::common::load_demo(&test.db, today).await.unwrap();
    let db = &test.db;

    let starts: Vec<NaiveDateTime> =
        on!(db, query_scalar("SELECT starts_at FROM sessions").fetch_all).unwrap();
    let last_day = today + Days::new(14);
    let first_day = Week::containing(today).monday();
    assert!(starts
        .iter()
        .all(|s| (first_day..=last_day).contains(&s.date())));
    // Every programme week from today to two weeks on has sessions.
    let mut week = Week::containing(today);
    while week.monday() <= last_day {
        assert!(
            starts.iter().any(|s| week.contains(s.date())),
            "no sessions in the week of {}",
            week.monday()
        );
        week = week.next();
    }

    let overfull: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM sessions s
         WHERE (SELECT count(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked')
               > s.capacity",
        )
        .fetch_one
    )
    .unwrap();
    assert_eq!(overfull, 0);
    let unled: i64 = on!(
        db,
        query_scalar(
            "SELECT count(*) FROM sessions s
         WHERE NOT EXISTS (SELECT 1 FROM session_leads l WHERE l.session_id = s.id)",
        )
        .fetch_one
    )
    .unwrap();
    assert_eq!(unled, 0, "every demo session has a lead");
}

#[tokio::test]
async fn week_summaries_agree_with_the_bookings_and_name_no_participant() {
    let test = TestDb::new().await;
    let today = a_wednesday();
    crate::common::load_demo(&test.db, today).await.unwrap();
    let db = &test.db;

    let week = Week::containing(today);
    let sessions = data::schedule::sessions_in_week(db, week).await.unwrap();
    assert!(!sessions.is_empty());
    assert!(sessions
        .windows(2)
        .all(|w| w[0].starts_at <= w[1].starts_at));
    for session in &sessions {
        assert!(week.contains(session.date()));
        let (booked, waiting): (i64, i64) = on!(
            db,
            query_as(
                "SELECT count(*) FILTER (WHERE status = 'booked'),
                    count(*) FILTER (WHERE status = 'waitlisted')
             FROM bookings WHERE session_id = $1",
            )
            .bind(session.id)
            .fetch_one
        )
        .unwrap();
        assert_eq!(i64::from(session.places_taken), booked, "{session:?}");
        assert_eq!(i64::from(session.waitlisted), waiting, "{session:?}");
        assert!(!session.leads.is_empty());
    }
    let in_week: i64 = on!(
        db,
        query_scalar("SELECT count(*) FROM sessions WHERE date(starts_at) BETWEEN $1 AND $2")
            .bind(week.monday())
            .bind(week.sunday())
            .fetch_one
    )
    .unwrap();
    assert_eq!(sessions.len() as i64, in_week);

    // The week page is public until sign-in exists: no participant's name may be in it.
    let json = serde_json::to_string(&sessions).unwrap();
    let names: Vec<(String, String)> = on!(
        db,
        query_as(
            "SELECT p.given_name, p.family_name FROM people p
         JOIN participants pa ON pa.person_id = p.id",
        )
        .fetch_all
    )
    .unwrap();
    for (given, family) in names {
        assert!(
            !json.contains(&format!("\"{given}")) && !json.contains(&family),
            "{given} {family} appears in the week summary"
        );
    }
}
