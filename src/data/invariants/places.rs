//! Places on a session: never more booked than its places, nobody on it twice, and nobody
//! left waiting while a place is free.

use std::collections::BTreeMap;

use super::snapshot::Snapshot;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};

pub fn check(world: &Snapshot) -> Vec<String> {
    let mut booked: BTreeMap<SessionId, i64> = BTreeMap::new();
    let mut waiting: BTreeMap<SessionId, Vec<PersonId>> = BTreeMap::new();
    let mut on_session: BTreeMap<(SessionId, PersonId), usize> = BTreeMap::new();
    for booking in world.bookings.values() {
        *on_session
            .entry((booking.session, booking.participant))
            .or_default() += 1;
        match booking.status {
            BookingStatus::Booked => *booked.entry(booking.session).or_default() += 1,
            BookingStatus::Waitlisted => waiting
                .entry(booking.session)
                .or_default()
                .push(booking.participant),
            BookingStatus::Cancelled => {}
        }
    }
    let mut broken = Vec::new();
    for ((session, participant), times) in on_session {
        if times > 1 {
            let session = words(world, session);
            broken.push(format!(
                "Participant {participant} is on {session} {times} times."
            ));
        }
    }
    for session in world.sessions.values() {
        let taken = booked.get(&session.id).copied().unwrap_or(0);
        if taken > session.capacity {
            broken.push(format!(
                "{} has {taken} people booked for {} places.",
                session.words(),
                session.capacity
            ));
        }
        // A cancelled session promotes nobody: its queue simply stays as it was.
        let queue = waiting.get(&session.id).map_or(&[][..], Vec::as_slice);
        if session.status == SessionStatus::Scheduled && taken < session.capacity {
            if let Some(first) = queue.first() {
                let free = match session.capacity - taken {
                    1 => "a free place".to_owned(),
                    n => format!("{n} free places"),
                };
                broken.push(format!(
                    "{} has {free} while participant {first} is waiting for one.",
                    session.words()
                ));
            }
        }
    }
    broken
}

fn words(world: &Snapshot, session: SessionId) -> String {
    world
        .sessions
        .get(&session)
        .map_or_else(|| format!("session {session}"), |s| s.words())
}
