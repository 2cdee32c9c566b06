//! The clash rules, one copy for server and browser: a space holds one session at a time (with
//! a changeover buffer, and a whole hall clashes with its halves), a person leads one session at
//! a time, and a session fits inside its venue's opening hours.
//!
//! The browser runs these while a session is dragged, for instant feedback; the server runs the
//! same functions inside the write transaction to explain a refusal, and the database's triggers
//! enforce the same rules as the last word.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::session::SessionId;
use crate::days_and_times::{clock, day_name};
use crate::people::PersonId;
use crate::venues::{SpaceId, VenueId};

/// A bookable space, and the larger space it is part of (one level: the halves of a hall).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    pub id: SpaceId,
    pub venue: VenueId,
    pub venue_name: String,
    pub name: String,
    pub part_of: Option<SpaceId>,
}

/// When a venue is open on one day of the week. A venue with no hours recorded is always open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub venue: VenueId,
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// A planned (not cancelled) session, as far as clashes are concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub id: SessionId,
    pub activity: String,
    pub space: SpaceId,
    pub leads: Vec<PersonId>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// What someone wants to plan or move. `id` is set when moving an existing session, so it does
/// not clash with itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: Option<SessionId>,
    pub space: SpaceId,
    pub leads: Vec<PersonId>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

impl Proposal {
    /// The proposal once written as session `id`, so sessions planned together (a series, or
    /// "this and following") are checked against each other too.
    pub fn booked(&self, id: SessionId, activity: &str) -> Booked {
        Booked {
            id,
            activity: activity.to_owned(),
            space: self.space,
            leads: self.leads.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

/// Everything the rules need to know about the programme's calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub spaces: Vec<Space>,
    pub hours: Vec<OpeningHours>,
    pub sessions: Vec<Booked>,
    /// Everyone who may lead, with the name to show in a clash message.
    pub lead_names: Vec<(PersonId, String)>,
    /// Minutes a space stays free between two sessions (changeover, tidying up).
    pub buffer_minutes: i64,
}

/// One reason a proposal cannot go ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clash {
    /// Ends before it starts, or spans midnight.
    BadTimes,
    UnknownSpace,
    SpaceTaken {
        space: String,
        activity: String,
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
    },
    LeadBusy {
        lead: PersonId,
        activity: String,
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
    },
    Closed {
        venue: String,
        weekday: Weekday,
    },
    OutsideHours {
        venue: String,
        opens: NaiveTime,
        closes: NaiveTime,
    },
}

/// "Tue 3 Mar".
pub fn short_day(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// A session as a refusal names it: "Tennis on Tue 5 Jan 10:00–12:00".
pub fn session_words(activity: &str, starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> String {
    format!(
        "{activity} on {} {}–{}",
        short_day(starts_at.date()),
        clock(starts_at),
        clock(ends_at)
    )
}

impl Clash {
    /// The sentence a tutor reads: "Court 1 is taken by Fishing, 10:00–15:30 on Tue 3 Mar."
    /// `lead_name` turns a person id into the name to show.
    pub fn describe(&self, lead_name: impl Fn(PersonId) -> String) -> String {
        match self {
            Clash::BadTimes => "A session must end after it starts, on the same day.".into(),
            Clash::UnknownSpace => "Choose a space from the list.".into(),
            Clash::SpaceTaken {
                space,
                activity,
                starts_at,
                ends_at,
            } => format!(
                "{space} is taken by {activity}, {}–{} on {}.",
                clock(starts_at.time()),
                clock(ends_at.time()),
                short_day(starts_at.date())
            ),
            Clash::LeadBusy {
                lead,
                activity,
                starts_at,
                ends_at,
            } => format!(
                "{} is leading {activity}, {}–{} on {}.",
                lead_name(*lead),
                clock(starts_at.time()),
                clock(ends_at.time()),
                short_day(starts_at.date())
            ),
            Clash::Closed { venue, weekday } => {
                format!("{venue} is closed on {}s.", day_name(*weekday))
            }
            Clash::OutsideHours {
                venue,
                opens,
                closes,
            } => format!(
                "{venue} is open {}–{} that day.",
                clock(*opens),
                clock(*closes)
            ),
        }
    }
}

/// Do two time ranges overlap, once `buffer` minutes are kept free after each?
pub fn overlaps(
    a: (NaiveDateTime, NaiveDateTime),
    b: (NaiveDateTime, NaiveDateTime),
    buffer_minutes: i64,
) -> bool {
    let buffer = Duration::minutes(buffer_minutes);
    a.0 < b.1 + buffer && b.0 < a.1 + buffer
}

impl Calendar {
    /// The name to show for a lead ("someone" if unknown).
    pub fn lead_name(&self, id: PersonId) -> String {
        self.lead_names
            .iter()
            .find(|(lead, _)| *lead == id)
            .map_or_else(|| "Someone".to_owned(), |(_, name)| name.clone())
    }

    pub fn space(&self, id: SpaceId) -> Option<&Space> {
        self.spaces.iter().find(|space| space.id == id)
    }

    /// The same space, or one is part of the other (a whole hall and either half).
    pub fn spaces_overlap(&self, a: SpaceId, b: SpaceId) -> bool {
        let part_of = |id| self.space(id).and_then(|space| space.part_of);
        a == b || part_of(a) == Some(b) || part_of(b) == Some(a)
    }

    /// Every reason `proposal` cannot go ahead; empty when it can.
    pub fn clashes(&self, proposal: &Proposal) -> Vec<Clash> {
        let (start, end) = (proposal.starts_at, proposal.ends_at);
        if end <= start || start.date() != end.date() {
            return vec![Clash::BadTimes];
        }
        let Some(space) = self.space(proposal.space) else {
            return vec![Clash::UnknownSpace];
        };
        let mut clashes = Vec::new();
        if let Some(clash) = self.hours_clash(space, start, end) {
            clashes.push(clash);
        }
        let others = self
            .sessions
            .iter()
            .filter(|other| Some(other.id) != proposal.id);
        for other in others {
            let span = (other.starts_at, other.ends_at);
            if self.spaces_overlap(space.id, other.space)
                && overlaps((start, end), span, self.buffer_minutes)
            {
                clashes.push(Clash::SpaceTaken {
                    space: self
                        .space(other.space)
                        .map_or_else(|| space.name.clone(), |s| s.name.clone()),
                    activity: other.activity.clone(),
                    starts_at: other.starts_at,
                    ends_at: other.ends_at,
                });
            }
            for lead in &proposal.leads {
                if other.leads.contains(lead) && overlaps((start, end), span, 0) {
                    clashes.push(Clash::LeadBusy {
                        lead: *lead,
                        activity: other.activity.clone(),
                        starts_at: other.starts_at,
                        ends_at: other.ends_at,
                    });
                }
            }
        }
        clashes
    }

    fn hours_clash(
        &self,
        space: &Space,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Option<Clash> {
        let mut venue_hours = self
            .hours
            .iter()
            .filter(|h| h.venue == space.venue)
            .peekable();
        venue_hours.peek()?; // no hours recorded: always open
        let weekday = start.weekday();
        let Some(day) = venue_hours.find(|h| h.weekday == weekday) else {
            return Some(Clash::Closed {
                venue: space.venue_name.clone(),
                weekday,
            });
        };
        (start.time() < day.opens || end.time() > day.closes).then(|| Clash::OutsideHours {
            venue: space.venue_name.clone(),
            opens: day.opens,
            closes: day.closes,
        })
    }

    /// Up to `limit` clash-free alternatives, nearest first: the same times in another space of
    /// the same venue, then the same space earlier or later that day in 30-minute steps, then
    /// the same times on the following days.
    pub fn nearest_free(&self, proposal: &Proposal, limit: usize) -> Vec<Proposal> {
        let Some(space) = self.space(proposal.space) else {
            return Vec::new();
        };
        let length = proposal.ends_at - proposal.starts_at;
        let mut candidates: Vec<Proposal> = Vec::new();
        let at = |space: SpaceId, starts_at: NaiveDateTime| Proposal {
            id: proposal.id,
            space,
            leads: proposal.leads.clone(),
            starts_at,
            ends_at: starts_at + length,
        };
        for other in self
            .spaces
            .iter()
            .filter(|s| s.venue == space.venue && s.id != space.id)
        {
            candidates.push(at(other.id, proposal.starts_at));
        }
        for step in 1..=16 {
            for sign in [-1, 1] {
                let shifted = proposal.starts_at + Duration::minutes(30 * step * sign);
                if shifted.date() == proposal.starts_at.date() {
                    candidates.push(at(space.id, shifted));
                }
            }
        }
        for days in 1..=14 {
            candidates.push(at(space.id, proposal.starts_at + Duration::days(days)));
        }
        candidates
            .into_iter()
            .filter(|candidate| self.clashes(candidate).is_empty())
            .take(limit)
            .collect()
    }
}

#[cfg(test)]
mod tests;
