//! First come, first served, told by the booking history: `booking_events` records every
//! enrolment, place on the waitlist, cancellation and promotion in the order they happened.
//! Replaying a session's history shows whether anyone got a place while someone was already
//! waiting, whether each promotion went to the person at the front, and whether the waitlist's
//! order today (`created_at`, then id — what the app promotes and shows by) is the order people
//! joined it.
//!
//! A session whose bookings were written without their history (the demo data inserts rows
//! directly) cannot be replayed and is left to the other checks.

use std::collections::{BTreeMap, BTreeSet};

use super::capital;
use super::snapshot::{Booking, Snapshot};
use crate::my_activities::BookingStatus;
use crate::scheduling::session::SessionId;
use crate::transport::allocate::BookingId;

/// A session's places and queue as its history tells them.
#[derive(Default)]
struct Replay {
    booked: BTreeSet<BookingId>,
    /// In the order people joined.
    queue: Vec<BookingId>,
}

pub fn check(world: &Snapshot) -> Vec<String> {
    let mut history: BTreeMap<BookingId, Vec<&str>> = BTreeMap::new();
    for event in &world.events {
        history
            .entry(event.booking)
            .or_default()
            .push(event.event.as_str());
    }
    let mut by_session: BTreeMap<SessionId, Vec<&Booking>> = BTreeMap::new();
    for booking in world.bookings.values() {
        by_session.entry(booking.session).or_default().push(booking);
    }
    let mut broken = Vec::new();
    for (session, bookings) in by_session {
        let complete = bookings.iter().all(|b| {
            history
                .get(&b.id)
                .and_then(|events| events.first())
                .is_some_and(|first| matches!(*first, "booked" | "waitlisted"))
        });
        if complete {
            broken.extend(replay(world, session, &bookings));
        }
    }
    broken
}

fn replay(world: &Snapshot, session: SessionId, bookings: &[&Booking]) -> Vec<String> {
    let words = world
        .sessions
        .get(&session)
        .map_or_else(|| format!("session {session}"), |s| s.words());
    let who = |booking: &BookingId| {
        world.bookings.get(booking).map_or_else(
            || format!("booking {booking}"),
            |b| format!("participant {}", b.participant),
        )
    };
    let ours: BTreeSet<BookingId> = bookings.iter().map(|b| b.id).collect();
    let mut state = Replay::default();
    let mut broken = Vec::new();
    for event in world.events.iter().filter(|e| ours.contains(&e.booking)) {
        let booking = event.booking;
        match event.event.as_str() {
            "booked" => {
                if let Some(first) = state.queue.first() {
                    broken.push(format!(
                        "{} was given a place on {words} while {} was already waiting.",
                        capital(&who(&booking)),
                        who(first)
                    ));
                }
                state.booked.insert(booking);
            }
            "waitlisted" => state.queue.push(booking),
            "promoted" => {
                if let Some(first) = state.queue.first().filter(|first| **first != booking) {
                    broken.push(format!(
                        "{} was moved up from the waitlist of {words} ahead of {}, who had waited longer.",
                        capital(&who(&booking)),
                        who(first)
                    ));
                }
                state.queue.retain(|b| *b != booking);
                state.booked.insert(booking);
            }
            // "cancelled", "late_cancelled": gone from wherever they were.
            _ => {
                state.queue.retain(|b| *b != booking);
                state.booked.remove(&booking);
            }
        }
    }
    let mut waiting: Vec<&&Booking> = bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Waitlisted)
        .collect();
    waiting.sort_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)));
    let now_booked: BTreeSet<BookingId> = bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Booked)
        .map(|b| b.id)
        .collect();
    let now_waiting: Vec<BookingId> = waiting.iter().map(|b| b.id).collect();
    let mut joined = state.queue.clone();
    joined.sort();
    let mut listed = now_waiting.clone();
    listed.sort();
    if state.booked != now_booked || joined != listed {
        broken.push(format!(
            "The bookings of {words} are not where their history leaves them: {} booked and {} waiting by the history, {} and {} now.",
            state.booked.len(),
            state.queue.len(),
            now_booked.len(),
            now_waiting.len()
        ));
    } else if let Some(position) = state
        .queue
        .iter()
        .zip(&now_waiting)
        .position(|(a, b)| a != b)
    {
        broken.push(format!(
            "The waitlist of {words} puts {} at number {} although {} joined it earlier.",
            who(&now_waiting[position]),
            position + 1,
            who(&state.queue[position])
        ));
    }
    broken
}
