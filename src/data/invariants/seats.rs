//! Seats in the people carrier: a seat is never given twice, a run never carries more people
//! than it has seats of each kind (wheelchair spaces are seats of their own kind) — neither
//! the seats it was planned with nor, still to come, the vehicle's own — each rider
//! holds at most one seat each way, and only a booked place that needs a lift rides — on a run
//! that fits its session: same day, same venue, same direction, there by the start (outbound)
//! and leaving after the end (return), in the kind of seat the rider travels in.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::capital;
use super::snapshot::{Run, Seat, Snapshot};
use crate::my_activities::BookingStatus;
use crate::scheduling::session::SessionStatus;
use crate::transport::allocate::BookingId;
use crate::transport::solver::Direction;
use crate::transport::RunId;

/// `today`: the programme's date. A rider's kind of seat is checked on runs from today on;
/// earlier runs record how people travelled then.
pub fn check(world: &Snapshot, today: NaiveDate) -> Vec<String> {
    let mut broken = Vec::new();
    let mut holders: BTreeMap<(RunId, &str, i64), Vec<BookingId>> = BTreeMap::new();
    let mut per_way: BTreeMap<(BookingId, Direction), usize> = BTreeMap::new();
    for seat in &world.seats {
        holders
            .entry((seat.run, seat.kind.as_str(), seat.number))
            .or_default()
            .push(seat.booking);
        *per_way.entry((seat.booking, seat.direction)).or_default() += 1;
        let Some(run) = world.runs.get(&seat.run) else {
            broken.push(format!(
                "Booking {} holds a seat on run {}, which does not exist.",
                seat.booking, seat.run
            ));
            continue;
        };
        broken.extend(seat_number(run, seat));
        broken.extend(fits(world, run, seat, today));
    }
    for ((run, kind, number), bookings) in &holders {
        if bookings.len() > 1 {
            let run = run_words(world, *run);
            let who = riders(world, bookings);
            broken.push(format!(
                "{} {number} of {run} is given to {who}.",
                capital(kind_words(kind))
            ));
        }
    }
    for run in world.runs.values() {
        for kind in ["seat", "wheelchair"] {
            let carried = world
                .seats
                .iter()
                .filter(|s| s.run == run.id && s.kind == kind)
                .count() as i64;
            if carried > run.room(kind) {
                broken.push(format!(
                    "{} carries {carried} people in {} {}s.",
                    capital(&run.words()),
                    run.room(kind),
                    kind_words(kind)
                ));
            } else if run.date >= today && carried > run.vehicle_room(kind) {
                // The run's own bound is what it was planned with; the people still have to
                // fit the vehicle as it is on the day.
                broken.push(format!(
                    "{} carries {carried} people, but {} has {} {}s for passengers.",
                    capital(&run.words()),
                    run.vehicle,
                    run.vehicle_room(kind),
                    kind_words(kind)
                ));
            }
        }
    }
    for ((booking, direction), seats) in per_way {
        if seats > 1 {
            let way = match direction {
                Direction::Outbound => "outbound",
                Direction::Return => "return",
            };
            broken.push(format!(
                "{} holds {seats} {way} seats.",
                capital(&riders(world, &[booking]))
            ));
        }
    }
    broken
}

/// The seat exists in the vehicle the run was planned with.
fn seat_number(run: &Run, seat: &Seat) -> Option<String> {
    let room = run.room(&seat.kind);
    (seat.number < 1 || seat.number > room).then(|| {
        format!(
            "Booking {} sits in {} {} of {}, which has {room}.",
            seat.booking,
            kind_words(&seat.kind),
            seat.number,
            run.words()
        )
    })
}

/// Why the seat does not fit its booking's session, if it does not.
fn fits(world: &Snapshot, run: &Run, seat: &Seat, today: NaiveDate) -> Option<String> {
    let Some(booking) = world.bookings.get(&seat.booking) else {
        return Some(format!(
            "{} holds a seat for booking {}, which does not exist.",
            capital(&run.words()),
            seat.booking
        ));
    };
    let Some(session) = world.session_of(booking) else {
        return Some(format!(
            "Booking {} rides {} for session {}, which does not exist.",
            booking.id,
            run.words(),
            booking.session
        ));
    };
    let wheelchair = world.wheelchair_users.contains(&booking.participant);
    let why = if booking.status != BookingStatus::Booked {
        "their place is not booked".to_owned()
    } else if !booking.needs_lift {
        "they are getting there themselves".to_owned()
    } else if session.status == SessionStatus::Cancelled {
        "the session is cancelled".to_owned()
    } else if seat.direction != run.direction {
        "the seat is for the other direction".to_owned()
    } else if session.starts_at.date() != run.date {
        "the session is on another day".to_owned()
    } else if session.venue != run.venue {
        "the session is at another venue".to_owned()
    } else if run.direction == Direction::Outbound && run.arrives > session.starts_at.time() {
        format!(
            "the run reaches the venue at {}, after the start",
            run.arrives.format("%H:%M")
        )
    } else if run.direction == Direction::Return && run.departs < session.ends_at.time() {
        format!(
            "the run leaves the venue at {}, before the end",
            run.departs.format("%H:%M")
        )
    } else if run.date >= today && wheelchair != (seat.kind == "wheelchair") {
        if wheelchair {
            "they use a wheelchair but have an ordinary seat".to_owned()
        } else {
            "they have a wheelchair space but do not use a wheelchair".to_owned()
        }
    } else {
        return None;
    };
    Some(format!(
        "Participant {} rides {} for {}, which does not fit: {why}.",
        booking.participant,
        run.words(),
        session.words()
    ))
}

fn run_words(world: &Snapshot, run: RunId) -> String {
    world
        .runs
        .get(&run)
        .map_or_else(|| format!("run {run}"), Run::words)
}

/// "participant 12 and participant 15" (booking ids for bookings that are gone).
fn riders(world: &Snapshot, bookings: &[BookingId]) -> String {
    let names: Vec<String> = bookings
        .iter()
        .map(|booking| {
            world.bookings.get(booking).map_or_else(
                || format!("booking {booking}"),
                |b| format!("participant {}", b.participant),
            )
        })
        .collect();
    names.join(" and ")
}

fn kind_words(kind: &str) -> &'static str {
    if kind == "wheelchair" {
        "wheelchair space"
    } else {
        "seat"
    }
}
