//! The programme's promises, checked against a whole database at once: "nothing lost". Used by
//! `turnaround check DATABASE_FILE` (soak runs, backup drills) and by the property test that
//! drives the real use cases in random orders.
//!
//! What is promised (one module each):
//! - `places`: never more booked than a session's places, nobody on a session twice, nobody
//!   waiting while a place on a planned session is free;
//! - `waitlist`: first come, first served, replayed from the booking history;
//! - `seats`: a seat never given twice, a run never over its seats of each kind, one seat each
//!   way, only for a booked place needing a lift, on a run that fits the session;
//! - `keep_apart`: people kept apart never share a session or a run still to come;
//! - `calendar`: the planner's clash rules between the planned sessions still to come;
//! - `drivers`: runs still to come are driven by someone who may drive that day, one at a time.
//!
//! The database's constraints and triggers refuse most of this as it is written; the checks
//! read what is there, so they also catch what a later change, a trigger that only looks at
//! inserts, or a bug in a use case let through.

mod calendar;
mod drivers;
mod keep_apart;
mod places;
mod seats;
pub(crate) mod snapshot;
mod waitlist;

use chrono::{Duration, NaiveDateTime};

use super::Db;
use crate::error::AppError;

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// How many sessions and runs were looked at (all of them, past ones included).
    pub sessions: usize,
    pub runs: usize,
    /// One sentence per broken promise; empty when everything holds. People are named by id
    /// only, never by name or reason, so the output can go into a log.
    pub violations: Vec<String>,
}

/// Reads the whole database in one read transaction and checks every invariant. `now`: the
/// programme's local time, from which "still to come" is counted.
pub async fn check(db: &Db, now: NaiveDateTime) -> Result<Health, AppError> {
    // The clash rules read the planner's own calendar of sessions still to come.
    let until = now + Duration::days(366 * 200);
    let (world, calendar) = dispatch!(db, snapshot::read_world(now, until))?;
    let today = now.date();
    let mut violations = places::check(&world);
    violations.extend(waitlist::check(&world));
    violations.extend(seats::check(&world, today));
    violations.extend(keep_apart::check(&world, now));
    violations.extend(calendar::check(&calendar));
    violations.extend(drivers::check(&world, today));
    Ok(Health {
        sessions: world.sessions.len(),
        runs: world.runs.len(),
        violations,
    })
}

/// Every broken invariant as a sentence; empty when the database is healthy.
pub async fn violations(db: &Db, now: NaiveDateTime) -> Result<Vec<String>, AppError> {
    Ok(check(db, now).await?.violations)
}

/// The sentence with its first letter in capitals ("the outbound run …" starts a sentence).
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests;
