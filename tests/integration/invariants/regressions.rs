//! The bugs the property test found, each as the short story it shrank to.

use turnaround::data::audit::Actor;
use turnaround::data::values::Clock;
use turnaround::data::{invariants, Db};
use turnaround::fleet::use_cases as vehicle_changes;
use turnaround::keep_apart::use_cases as keep_apart_changes;
use turnaround::keep_apart::PairDraft;
use turnaround::people_admin::use_cases as people_changes;
use turnaround::scheduling::use_cases::enrolment as enrolment_changes;
use turnaround::scheduling::use_cases::planning as session_changes;
use turnaround::transport::use_cases as run_changes;

use super::world::{day, now, programme, Template};

/// How many of `participant`'s seats are on runs of `date`.
async fn seats_on(db: &Db, participant: i64, date: u32) -> i64 {
    on!(
        db,
        query_scalar(
            "SELECT count(*) FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         JOIN bookings b ON b.id = rs.booking_id
         WHERE b.participant_id = $1 AND r.run_date = $2",
        )
        .bind(participant)
        .bind(day(date))
        .fetch_one
    )
    .unwrap()
}

/// Shrunk to: enrol, plan the day, then the coordinator records that the rider now uses a
/// wheelchair — who kept an ordinary seat both ways.
#[tokio::test]
async fn a_rider_who_now_uses_a_wheelchair_gives_up_ordinary_seats_from_today() {
    let template = Template::new().await;
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    let rider = template.world.participants[0];
    assert_eq!(
        seats_on(&db, rider.0, 3).await,
        2,
        "Tuesday, there and back"
    );
    assert_eq!(
        seats_on(&db, rider.0, 4).await,
        2,
        "Wednesday, there and back"
    );
    // On Wednesday morning: Tuesday is the record of how they travelled.
    let wednesday = day(4).and_hms_opt(8, 0, 0).unwrap();
    let point = template.world.points[0];
    people_changes::update_programme(&db, rider, &programme(Some(point), true), wednesday.date())
        .await
        .unwrap();
    assert_eq!(
        seats_on(&db, rider.0, 3).await,
        2,
        "the past keeps its seats"
    );
    assert_eq!(
        seats_on(&db, rider.0, 4).await,
        0,
        "freed: they wait for a space"
    );
    assert_eq!(
        invariants::violations(&db, wednesday).await.unwrap(),
        Vec::<String>::new()
    );
    // Saving again without a change frees nothing more and breaks nothing.
    people_changes::update_programme(&db, rider, &programme(Some(point), true), wednesday.date())
        .await
        .unwrap();
    assert_eq!(seats_on(&db, rider.0, 3).await, 2);
    db.close().await;
}

/// Shrunk to: the second rider leaves the first's waitlist, then the two are kept apart — and
/// still rode one vehicle to the courts, to sessions six hours apart.
#[tokio::test]
async fn keeping_apart_two_who_ride_together_plans_their_day_again() {
    let template = Template::new().await;
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    let world = &template.world;
    let (first, second) = (world.participants[0], world.participants[2]);
    enrolment_changes::cancel(&db, world.sessions[0], second, world.coordinator, false)
        .await
        .unwrap();
    let shared = "SELECT count(*) FROM run_seats x JOIN bookings bx ON bx.id = x.booking_id
                  JOIN run_seats y ON y.run_id = x.run_id JOIN bookings yb ON yb.id = y.booking_id
                  WHERE bx.participant_id = $1 AND yb.participant_id = $2";
    let together = |db: Db| async move {
        on!(
            &db,
            query_scalar::<_, i64>(shared)
                .bind(first)
                .bind(second)
                .fetch_one
        )
        .unwrap()
    };
    assert_eq!(together(db.clone()).await, 2, "one vehicle there, one back");
    let pair = PairDraft::parse(&first.to_string(), &second.to_string(), "No contact.").unwrap();
    let actor = Actor {
        person: world.coordinator,
        ip: None,
    };
    keep_apart_changes::add(&db, &pair, now(), &actor)
        .await
        .unwrap();
    assert_eq!(together(db.clone()).await, 0, "never in one vehicle");
    // Both keep their places; whoever has no seat now is on the board with the reason.
    let places: i64 =
        on!(&db, query_scalar(
        "SELECT count(*) FROM bookings WHERE participant_id IN ($1, $2) AND status = 'booked'
             AND session_id IN ($3, $4)",
    )
    .bind(first)
    .bind(second)
    .bind(world.sessions[0])
    .bind(world.sessions[2])
    .fetch_one)
        .unwrap();
    assert_eq!(places, 2);
    let waiting: Vec<String> = on!(
        &db,
        query_scalar(
            "SELECT reason FROM transport_unplaced u JOIN bookings b ON b.id = u.booking_id
         WHERE b.participant_id IN ($1, $2)",
        )
        .bind(first)
        .bind(second)
        .fetch_all
    )
    .unwrap();
    let seated = seats_on(&db, first.0, 3).await + seats_on(&db, second.0, 3).await;
    assert_eq!(
        seated + waiting.len() as i64,
        4,
        "each way, a seat or a reason"
    );
    assert_eq!(
        invariants::violations(&db, now()).await.unwrap(),
        Vec::<String>::new()
    );
    db.close().await;
}

/// Shrunk to: Mick is given two of Tuesday's runs, a session is cancelled, the day is planned
/// again — and the vehicles swap venues, so his two runs now overlap.
#[tokio::test]
async fn a_re_plan_never_leaves_a_driver_on_two_runs_at_once() {
    use turnaround::scheduling::series::EditScope;
    use turnaround::transport::RunId;

    let template = Template::new().await;
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    let world = &template.world;
    let mick = world.drivers[0];
    for run in [2, 3] {
        run_changes::assign_driver(&db, RunId(run), mick)
            .await
            .unwrap();
    }
    session_changes::cancel_session(&db, world.sessions[0], "Rain.", EditScope::ThisOnly)
        .await
        .unwrap();
    run_changes::plan(&db, day(3)).await.unwrap();
    let his: Vec<(Clock, Clock, bool)> = on!(
        &db,
        query_as(
            "SELECT departs_at, arrives_at, published_at IS NOT NULL FROM runs
         WHERE driver_id = $1 AND run_date = $2 ORDER BY departs_at",
        )
        .bind(mick)
        .bind(day(3))
        .fetch_all
    )
    .unwrap();
    assert_eq!(his.len(), 1, "he keeps the earlier run only: {his:?}");
    let waiting: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM runs WHERE run_date = $1 AND driver_id IS NULL")
            .bind(day(3))
            .fetch_one
    )
    .unwrap();
    assert!(waiting >= 1, "the other waits for a driver on the board");
    assert_eq!(
        invariants::violations(&db, now()).await.unwrap(),
        Vec::<String>::new()
    );
    db.close().await;
}

/// Shrunk to: the coordinator records that the people carrier now has fewer seats — and its
/// planned runs kept more people than it holds; or kept their old number of seats, so the next
/// booking took one the vehicle no longer has.
#[tokio::test]
async fn a_smaller_vehicle_never_carries_more_than_it_holds() {
    use turnaround::fleet::{VehicleDraft, WeekdaySet};

    let template = Template::new().await;
    let world = &template.world;
    let carrier = |seats_including_driver| VehicleDraft {
        name: "Carrier".into(),
        registration: "AB12 CDE".into(),
        seats_including_driver,
        wheelchair_spaces: 0,
        available_days: WeekdaySet(127),
    };
    let most_on_one_run = |db: Db| async move {
        on!(
            &db,
            query_scalar::<_, i64>(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM run_seats rs JOIN runs r
                                 ON r.id = rs.run_id AND r.vehicle_id = $1
                                 WHERE rs.seat_kind = 'seat' GROUP BY rs.run_id) AS per_run",
            )
            .bind(world.vehicles[0])
            .fetch_one
        )
        .unwrap()
    };

    // Down to one passenger seat: Tuesday's three riders cannot all stay.
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    assert_eq!(most_on_one_run(db.clone()).await, 3);
    vehicle_changes::save_vehicle(&db, Some(world.vehicles[0]), &carrier(2), now().date())
        .await
        .unwrap();
    assert!(most_on_one_run(db.clone()).await <= 1);
    assert_eq!(
        invariants::violations(&db, now()).await.unwrap(),
        Vec::<String>::new()
    );
    db.close().await;

    // Down to three: the three riders fit, and a fourth booking waits instead of sitting.
    let dir = tempfile::tempdir().unwrap();
    let db = template.copy_into(dir.path()).await;
    vehicle_changes::save_vehicle(&db, Some(world.vehicles[0]), &carrier(4), now().date())
        .await
        .unwrap();
    let enrolled = enrolment_changes::enrol(
        &db,
        world.sessions[2],
        world.participants[0],
        world.coordinator,
        turnaround::scheduling::enrolment::Reach::Everyone,
    )
    .await
    .unwrap();
    assert!(enrolled.is_ok());
    assert_eq!(most_on_one_run(db.clone()).await, 3);
    assert_eq!(
        invariants::violations(&db, now()).await.unwrap(),
        Vec::<String>::new()
    );
    db.close().await;
}
