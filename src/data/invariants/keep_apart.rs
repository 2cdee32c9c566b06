//! People kept apart are never on one session, nor in one vehicle. Only what is still to come
//! is held to it: the list promises nothing about days before a pair was added, and adding a
//! pair is refused only while they share a session still to come.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use super::snapshot::Snapshot;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::RunId;

pub fn check(world: &Snapshot, now: NaiveDateTime) -> Vec<String> {
    let mut on_session: BTreeMap<SessionId, BTreeSet<PersonId>> = BTreeMap::new();
    for booking in world.bookings.values() {
        let Some(session) = world.session_of(booking) else {
            continue;
        };
        let to_come = session.status == SessionStatus::Scheduled && session.ends_at > now;
        if to_come && booking.status != BookingStatus::Cancelled {
            on_session
                .entry(session.id)
                .or_default()
                .insert(booking.participant);
        }
    }
    let mut on_run: BTreeMap<RunId, BTreeSet<PersonId>> = BTreeMap::new();
    for seat in &world.seats {
        let to_come = world
            .runs
            .get(&seat.run)
            .is_some_and(|run| run.date >= now.date());
        if let Some(booking) = world.bookings.get(&seat.booking).filter(|_| to_come) {
            on_run
                .entry(seat.run)
                .or_default()
                .insert(booking.participant);
        }
    }
    let mut broken = Vec::new();
    for &(a, b) in &world.kept_apart {
        let both = |people: &BTreeSet<PersonId>| people.contains(&a) && people.contains(&b);
        for (session, people) in &on_session {
            if both(people) {
                let session = world.sessions.get(session).map(|s| s.words());
                broken.push(format!(
                    "Participants {a} and {b}, who are kept apart, are both on {}.",
                    session.unwrap_or_default()
                ));
            }
        }
        for (run, people) in &on_run {
            if both(people) {
                let run = world.runs.get(run).map(|r| r.words());
                broken.push(format!(
                    "Participants {a} and {b}, who are kept apart, both ride {}.",
                    run.unwrap_or_default()
                ));
            }
        }
    }
    broken
}
