//! Planning a session, as both sides see it: what a tutor asks for, and how a refusal reads.

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::clash::{short_day, Calendar, Clash, Proposal};
use super::session::{ActivityId, SessionId};
use crate::people::PersonId;
use crate::venues::SpaceId;

/// A one-off session as the planner asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    pub activity: ActivityId,
    pub space: SpaceId,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub leads: Vec<PersonId>,
    /// `None`: the activity's default.
    pub capacity: Option<u32>,
    pub notes: Option<String>,
}

impl NewSession {
    pub fn proposal(&self, id: Option<SessionId>) -> Proposal {
        Proposal {
            id,
            space: self.space,
            leads: self.leads.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }

    /// Problems the planner can fix before anything is checked against the calendar.
    pub fn problems(&self) -> Vec<&'static str> {
        let mut problems = Vec::new();
        if self.leads.is_empty() {
            problems.push("Choose who leads the session.");
        }
        if self.capacity.is_some_and(|c| !(1..=100).contains(&c)) {
            problems.push("Places must be between 1 and 100.");
        }
        if self.notes.as_deref().is_some_and(|n| n.len() > 2000) {
            problems.push("Keep the notes under 2,000 characters.");
        }
        if self.starts_at.second() != 0 || self.ends_at.second() != 0 {
            problems.push("Times are whole minutes.");
        }
        problems
    }
}

/// "10:00–12:30 on Tue 3 Mar in Court 2".
pub fn describe_slot(calendar: &Calendar, proposal: &Proposal) -> String {
    let space = calendar
        .space(proposal.space)
        .map_or("that space", |space| space.name.as_str());
    format!(
        "{}–{} on {} in {space}",
        proposal.starts_at.format("%H:%M"),
        proposal.ends_at.format("%H:%M"),
        short_day(proposal.starts_at.date())
    )
}

/// The whole refusal: every clash in words, then up to three free alternatives.
pub fn refusal(calendar: &Calendar, proposal: &Proposal, clashes: &[Clash]) -> String {
    let mut text: Vec<String> = clashes
        .iter()
        .map(|clash| clash.describe(|id| calendar.lead_name(id)))
        .collect();
    text.dedup();
    let free = calendar.nearest_free(proposal, 3);
    if !free.is_empty() {
        let options: Vec<String> = free.iter().map(|p| describe_slot(calendar, p)).collect();
        text.push(format!("Free instead: {}.", options.join("; ")));
    }
    text.join(" ")
}
