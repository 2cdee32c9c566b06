//! Each rule on hand-made snapshots: a healthy day passes, and each kind of broken promise is
//! told in its own sentence — also the ones the schema's constraints make impossible to write
//! (a seat twice, two seats one way), which a real database cannot show.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::snapshot::{Booking, BookingEvent, Driver, Run, Seat, Session, Snapshot};
use super::{drivers, keep_apart, places, seats, waitlist};
use crate::fleet::documents::DriverDocuments;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::allocate::BookingId;
use crate::transport::solver::Direction;
use crate::transport::RunId;
use crate::venues::VenueId;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
}

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    day().and_hms_opt(hour, minute, 0).unwrap()
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
}

/// The morning before: everything still to come.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap()
}

fn stamp(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn booking(id: i64, participant: i64, status: BookingStatus, created_at: &str) -> Booking {
    Booking {
        id: BookingId(id),
        session: SessionId(1),
        participant: PersonId(participant),
        status,
        needs_lift: true,
        created_at: stamp(created_at),
    }
}

fn event(booking: i64, event: &str) -> BookingEvent {
    BookingEvent {
        booking: BookingId(booking),
        event: event.into(),
    }
}

fn seat(booking: i64, direction: Direction, number: i64) -> Seat {
    Seat {
        run: RunId(if direction == Direction::Outbound {
            1
        } else {
            2
        }),
        booking: BookingId(booking),
        direction,
        kind: "seat".into(),
        number,
    }
}

fn run(id: i64, direction: Direction, departs: NaiveTime, arrives: NaiveTime) -> Run {
    Run {
        id: RunId(id),
        date: day(),
        direction,
        venue: VenueId(1),
        vehicle: "Carrier".into(),
        seats: 2,
        wheelchair_spaces: 0,
        vehicle_seats: 2,
        vehicle_wheelchair_spaces: 0,
        departs,
        arrives,
        driver: Some(PersonId(50)),
    }
}

/// Tennis 10:00–12:00 with two places: participants 11 and 12 booked and riding both ways,
/// 13 waiting; the runs there by 09:50 and back from 12:00, driven by someone who may.
fn healthy() -> Snapshot {
    let mut world = Snapshot::default();
    world.sessions.insert(
        SessionId(1),
        Session {
            id: SessionId(1),
            activity: "Tennis".into(),
            venue: VenueId(1),
            starts_at: at(10, 0),
            ends_at: at(12, 0),
            capacity: 2,
            status: SessionStatus::Scheduled,
        },
    );
    for b in [
        booking(1, 11, BookingStatus::Booked, "2026-03-01T09:00:00.000Z"),
        booking(2, 12, BookingStatus::Booked, "2026-03-01T09:00:01.000Z"),
        booking(3, 13, BookingStatus::Waitlisted, "2026-03-01T09:00:02.000Z"),
    ] {
        world.bookings.insert(b.id, b);
    }
    world.events = vec![
        event(1, "booked"),
        event(2, "booked"),
        event(3, "waitlisted"),
    ];
    world.runs.insert(
        RunId(1),
        run(1, Direction::Outbound, time(9, 20), time(9, 50)),
    );
    world.runs.insert(
        RunId(2),
        run(2, Direction::Return, time(12, 0), time(12, 30)),
    );
    world.seats = vec![
        seat(1, Direction::Outbound, 1),
        seat(2, Direction::Outbound, 2),
        seat(1, Direction::Return, 1),
        seat(2, Direction::Return, 2),
    ];
    let far = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    world.drivers.insert(
        PersonId(50),
        Driver {
            is_driver: true,
            documents: Some(DriverDocuments {
                licence_expires_on: far,
                dbs_renews_on: far,
            }),
        },
    );
    world
}

/// Every sentence every rule has about `world`, each checked to be one.
fn broken(world: &Snapshot) -> Vec<String> {
    let mut all = places::check(world);
    all.extend(waitlist::check(world));
    all.extend(seats::check(world, now().date()));
    all.extend(keep_apart::check(world, now()));
    all.extend(drivers::check(world, now().date()));
    for sentence in &all {
        let starts = sentence.chars().next().is_some_and(char::is_uppercase);
        assert!(
            starts && sentence.ends_with('.'),
            "not a sentence: {sentence}"
        );
    }
    all
}

/// The one sentence `world` breaks, which must contain `words`.
#[track_caller]
fn says(world: &Snapshot, words: &str) {
    let sentences = broken(world);
    assert!(
        sentences.len() == 1 && sentences[0].contains(words),
        "expected one sentence with “{words}”, got {sentences:#?}"
    );
}

#[test]
fn a_healthy_day_breaks_nothing() {
    assert_eq!(broken(&healthy()), Vec::<String>::new());
}

#[test]
fn places_beyond_capacity_twice_booked_and_a_free_place_with_a_queue() {
    let mut world = healthy();
    world.sessions.get_mut(&SessionId(1)).unwrap().capacity = 1;
    says(
        &world,
        "Tennis on Tue 3 Mar 10:00–12:00 (session 1) has 2 people booked for 1 places.",
    );

    let mut world = healthy();
    world.sessions.get_mut(&SessionId(1)).unwrap().capacity = 3;
    world.events.clear(); // a free place is told once, not again as history
    says(&world, "has a free place while participant 13 is waiting");

    let mut world = healthy();
    let mut again = booking(4, 11, BookingStatus::Cancelled, "2026-03-01T10:00:00.000Z");
    again.needs_lift = false;
    world.bookings.insert(again.id, again);
    world.events.clear();
    says(&world, "Participant 11 is on Tennis");
}

#[test]
fn the_history_shows_who_jumped_the_queue() {
    // 14 joined the queue after 13, but was moved up first when 12 cancelled.
    let mut world = healthy();
    let mut late = booking(4, 14, BookingStatus::Booked, "2026-03-01T09:00:03.000Z");
    late.needs_lift = false;
    world.bookings.insert(late.id, late);
    world.bookings.get_mut(&BookingId(2)).unwrap().status = BookingStatus::Cancelled;
    world.seats.retain(|s| s.booking != BookingId(2));
    world.events.extend([
        event(4, "waitlisted"),
        event(2, "cancelled"),
        event(4, "promoted"),
    ]);
    says(
        &world,
        "Participant 14 was moved up from the waitlist of Tennis on Tue 3 Mar 10:00–12:00 (session 1) ahead of participant 13",
    );

    // Someone booked straight in while 13 was waiting.
    let mut world = healthy();
    world.sessions.get_mut(&SessionId(1)).unwrap().capacity = 4;
    world.bookings.get_mut(&BookingId(3)).unwrap().status = BookingStatus::Booked;
    world.events.push(event(3, "promoted"));
    let mut pusher = booking(4, 14, BookingStatus::Waitlisted, "2026-03-01T09:00:03.000Z");
    pusher.status = BookingStatus::Booked;
    pusher.needs_lift = false;
    world.bookings.insert(pusher.id, pusher);
    world.events.insert(3, event(4, "booked"));
    says(&world, "Participant 14 was given a place on Tennis");
}

#[test]
fn the_waitlist_order_is_the_order_people_joined() {
    let mut world = healthy();
    let mut second = booking(4, 14, BookingStatus::Waitlisted, "2026-03-01T09:00:03.000Z");
    second.needs_lift = false;
    world.bookings.insert(second.id, second);
    world.events.push(event(4, "waitlisted"));
    assert_eq!(broken(&world), Vec::<String>::new());
    // The same millisecond: the app's order falls back to the booking's id, not who came first.
    world.bookings.get_mut(&BookingId(3)).unwrap().created_at = stamp("2026-03-01T09:00:03.000Z");
    world.events.swap(2, 3);
    says(
        &world,
        "puts participant 13 at number 1 although participant 14 joined it earlier",
    );
}

#[test]
fn a_seat_twice_an_overfull_run_and_two_seats_one_way() {
    let mut world = healthy();
    world.seats[1].number = 1;
    says(
        &world,
        "Seat 1 of the outbound run of Carrier on Tue 3 Mar (run 1) is given to participant 11 and participant 12.",
    );

    let mut world = healthy();
    world.runs.get_mut(&RunId(1)).unwrap().seats = 1;
    let sentences = broken(&world);
    assert!(
        sentences.iter().any(|s| s.contains("sits in seat 2 of"))
            && sentences.iter().any(|s| s.contains(
                "The outbound run of Carrier on Tue 3 Mar (run 1) carries 2 people in 1 seats."
            )),
        "{sentences:#?}"
    );

    // Planned with the driver's seat counted as a passenger's: the vehicle is what counts.
    let mut world = healthy();
    world.runs.get_mut(&RunId(1)).unwrap().seats = 3;
    world.runs.get_mut(&RunId(1)).unwrap().vehicle_seats = 1;
    says(
        &world,
        "The outbound run of Carrier on Tue 3 Mar (run 1) carries 2 people, but Carrier has 1 seats for passengers.",
    );

    let mut world = healthy();
    world.runs.get_mut(&RunId(1)).unwrap().seats = 3;
    world.runs.get_mut(&RunId(1)).unwrap().vehicle_seats = 3;
    let mut second = seat(1, Direction::Outbound, 3);
    second.run = RunId(1);
    world.seats.push(second);
    says(&world, "Participant 11 holds 2 outbound seats.");
}

/// A change to a healthy snapshot.
type Breaking = fn(&mut Snapshot);

#[test]
fn a_seat_only_for_a_booked_place_needing_a_lift_on_a_run_that_fits() {
    let cases: [(&str, Breaking); 7] = [
        ("their place is not booked", |w| {
            w.bookings.get_mut(&BookingId(1)).unwrap().status = BookingStatus::Cancelled;
            w.events.push(event(1, "cancelled"));
        }),
        ("they are getting there themselves", |w| {
            w.bookings.get_mut(&BookingId(1)).unwrap().needs_lift = false;
        }),
        ("the session is on another day", |w| {
            let session = w.sessions.get_mut(&SessionId(1)).unwrap();
            session.starts_at += chrono::Duration::days(1);
            session.ends_at += chrono::Duration::days(1);
        }),
        ("the session is at another venue", |w| {
            w.sessions.get_mut(&SessionId(1)).unwrap().venue = VenueId(2);
        }),
        ("the run reaches the venue at 10:30, after the start", |w| {
            w.runs.get_mut(&RunId(1)).unwrap().arrives = time(10, 30);
        }),
        ("the run leaves the venue at 11:30, before the end", |w| {
            w.runs.get_mut(&RunId(2)).unwrap().departs = time(11, 30);
        }),
        ("they use a wheelchair but have an ordinary seat", |w| {
            w.wheelchair_users.push(PersonId(11));
        }),
    ];
    for (why, break_it) in cases {
        let mut world = healthy();
        break_it(&mut world);
        let sentences = broken(&world);
        assert!(
            sentences
                .iter()
                .any(|s| s.starts_with("Participant 11 rides")
                    && s.ends_with(&format!("which does not fit: {why}."))),
            "{why}: {sentences:#?}"
        );
    }
}

#[test]
fn people_kept_apart_share_neither_a_session_nor_a_run_still_to_come() {
    let mut world = healthy();
    world.kept_apart.push((PersonId(11), PersonId(12)));
    let sentences = broken(&world);
    assert_eq!(sentences.len(), 3, "{sentences:#?}");
    assert!(sentences[0].contains("Participants 11 and 12, who are kept apart, are both on Tennis"));
    assert!(sentences[1].contains("both ride the outbound run"));
    assert!(sentences[2].contains("both ride the return run"));
    // The day after, it is history.
    let after = day().succ_opt().unwrap().and_hms_opt(8, 0, 0).unwrap();
    assert_eq!(keep_apart::check(&world, after), Vec::<String>::new());
}

#[test]
fn runs_to_come_are_driven_by_someone_who_may_drive_one_at_a_time() {
    let mut world = healthy();
    world.drivers.get_mut(&PersonId(50)).unwrap().documents = Some(DriverDocuments {
        licence_expires_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        dbs_renews_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
    });
    let sentences = broken(&world);
    assert_eq!(sentences.len(), 2, "{sentences:#?}");
    assert!(sentences[0].contains("is given to driver 50, who may not drive that day"));

    let mut world = healthy();
    world.drivers.get_mut(&PersonId(50)).unwrap().is_driver = false;
    assert!(broken(&world)[0].contains("who does not have the driver role"));

    let mut world = healthy();
    world.runs.get_mut(&RunId(2)).unwrap().departs = time(9, 30);
    world.runs.get_mut(&RunId(2)).unwrap().arrives = time(10, 0);
    world.sessions.get_mut(&SessionId(1)).unwrap().ends_at = at(9, 30);
    world.sessions.get_mut(&SessionId(1)).unwrap().starts_at = at(9, 0);
    world.runs.get_mut(&RunId(1)).unwrap().arrives = time(8, 50);
    world.runs.get_mut(&RunId(1)).unwrap().departs = time(8, 20);
    assert_eq!(broken(&world), Vec::<String>::new());
    world.runs.get_mut(&RunId(1)).unwrap().arrives = time(9, 40);
    let sentences = broken(&world);
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("Driver 50 is given the outbound run")),
        "{sentences:#?}"
    );
}
