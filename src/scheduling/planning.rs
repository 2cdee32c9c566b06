//! Planning a session, as both sides see it: what a tutor asks for, and how a refusal reads.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::clash::{short_day, Calendar, Clash, Proposal};
use super::session::{ActivityId, SessionId};
use crate::days_and_times::clock;
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
    /// The same session on `date`, at the same times of day: one occurrence of a series.
    pub fn on_date(&self, date: NaiveDate) -> NewSession {
        NewSession {
            starts_at: date.and_time(self.starts_at.time()),
            ends_at: date.and_time(self.ends_at.time()),
            ..self.clone()
        }
    }

    /// The session as a plan form posts it: a date and two times of day, and notes that may be
    /// empty.
    pub fn from_form(
        activity: ActivityId,
        space: SpaceId,
        (date, start, end): (NaiveDate, NaiveTime, NaiveTime),
        leads: Vec<PersonId>,
        capacity: Option<u32>,
        notes: String,
    ) -> Self {
        NewSession {
            activity,
            space,
            starts_at: date.and_time(start),
            ends_at: date.and_time(end),
            leads,
            capacity,
            notes: Some(notes).filter(|n| !n.trim().is_empty()),
        }
    }

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
        if !super::week::is_supported(self.starts_at.date()) {
            problems.push(super::week::UNSUPPORTED_DATE);
        }
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
        clock(proposal.starts_at),
        clock(proposal.ends_at),
        short_day(proposal.starts_at.date())
    )
}

/// Refuses `proposal` with the clash in words and the nearest free alternatives.
pub fn check(calendar: &Calendar, proposal: &Proposal) -> Result<(), String> {
    let clashes = calendar.clashes(proposal);
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(refusal(calendar, proposal, &clashes))
    }
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

/// Refusals for sessions planned together (a series, or "this and following"), each starting
/// with its date: "On Tue 12 Jan: Court 1 is taken by …". The planner sees the first few clashes
/// at once rather than one per try; the browser can run the same check as a preview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refusals {
    texts: Vec<String>,
    more: usize,
}

impl Refusals {
    /// How many dates are spelled out; the rest are counted.
    const SHOWN: usize = 3;

    /// Checks one of the sessions; false (and the refusal noted) when it clashes.
    pub fn check(&mut self, calendar: &Calendar, proposal: &Proposal) -> bool {
        let clashes = calendar.clashes(proposal);
        if clashes.is_empty() {
            return true;
        }
        if self.texts.len() < Self::SHOWN {
            let day = short_day(proposal.starts_at.date());
            let why = refusal(calendar, proposal, &clashes);
            self.texts.push(format!("On {day}: {why}"));
        } else {
            self.more += 1;
        }
        false
    }

    /// Every refusal in one text, or `Ok` when all the sessions fit.
    pub fn into_result(self) -> Result<(), String> {
        let mut text = self.texts.join(" ");
        match self.more {
            0 => {}
            1 => text.push_str(" It clashes on 1 more date too."),
            more => text.push_str(&format!(" It clashes on {more} more dates too.")),
        }
        if text.is_empty() {
            Ok(())
        } else {
            Err(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::scheduling::clash::Space;
    use crate::venues::VenueId;

    fn tuesday(week: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 2).unwrap() + Duration::weeks(week)
    }

    fn tennis(week: i64) -> Proposal {
        Proposal {
            id: None,
            space: SpaceId(1),
            leads: Vec::new(),
            starts_at: tuesday(week).and_hms_opt(10, 0, 0).unwrap(),
            ends_at: tuesday(week).and_hms_opt(12, 0, 0).unwrap(),
        }
    }

    #[test]
    fn refusals_name_the_first_dates_and_count_the_rest() {
        let mut calendar = Calendar {
            spaces: vec![Space {
                id: SpaceId(1),
                venue: VenueId(1),
                venue_name: "Clarence Park".into(),
                name: "Court 1".into(),
                part_of: None,
            }],
            ..Calendar::default()
        };
        // Fishing has Court 1 on weeks 1 to 5.
        calendar.sessions = (1..=5)
            .map(|week| tennis(week).booked(SessionId(week), "Fishing"))
            .collect();
        let mut refusals = Refusals::default();
        let free: Vec<bool> = (0..6)
            .map(|week| refusals.check(&calendar, &tennis(week)))
            .collect();
        assert_eq!(free, [true, false, false, false, false, false]);
        let text = refusals.into_result().unwrap_err();
        assert!(
            text.starts_with(
                "On Tue 9 Mar: Court 1 is taken by Fishing, 10:00–12:00 on Tue 9 Mar."
            ),
            "{text}"
        );
        assert_eq!(text.matches("On Tue").count(), 3, "{text}");
        assert!(text.ends_with(" It clashes on 2 more dates too."), "{text}");
        assert_eq!(Refusals::default().into_result(), Ok(()));
    }
}
