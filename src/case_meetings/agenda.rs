//! Who the case meeting should talk about, and why. Pure rules over what the records say about
//! one participant, so each reason is tested on its own and the sentence people read comes from
//! here, not from the storage code.
//!
//! The review period runs from the day after the last meeting to the meeting's day (the 30 days
//! before it at the first meeting). Within it a participant is listed when they:
//! - missed two sessions in a row (absent, a late cancellation or a no-show, twice running);
//! - attended no session in the 30 days before the meeting (once on the programme that long);
//! - scored a wellbeing check-in lower than the one before it by at least the instrument's
//!   meaningful change;
//! - have a goal whose target date has passed and which is not yet achieved;
//! - were "not here" at pick-up on two days or more.

use chrono::{Days, NaiveDate};

use crate::days_and_times::day_month;
use crate::scheduling::register::Outcome;
use crate::wellbeing::instrument::Score;

/// Days without an attended session before someone is listed.
pub const QUIET_DAYS: u64 = 30;

/// The days a meeting reviews: after `since`, up to and including `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub since: NaiveDate,
    pub day: NaiveDate,
}

impl Review {
    /// From the last meeting (`None`: the first), to `day`.
    pub fn new(day: NaiveDate, last_meeting: Option<NaiveDate>) -> Review {
        let month_before = day.checked_sub_days(Days::new(QUIET_DAYS)).unwrap_or(day);
        Review {
            since: last_meeting
                .filter(|last| *last < day)
                .unwrap_or(month_before),
            day,
        }
    }

    pub fn covers(&self, on: NaiveDate) -> bool {
        self.since < on && on <= self.day
    }

    /// "5 February to 4 March".
    pub fn words(&self) -> String {
        let first = self.since.succ_opt().unwrap_or(self.since);
        format!("{} to {}", day_month(first), day_month(self.day))
    }
}

/// What the records say about one participant, each list oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Register entries of the sessions they were booked on, up to the meeting's day.
    pub registers: Vec<(NaiveDate, Outcome)>,
    /// The day they joined the programme.
    pub since: Option<NaiveDate>,
    /// Completed wellbeing check-ins.
    pub scores: Vec<(NaiveDate, Score)>,
    /// Goals not achieved: their titles and target dates.
    pub open_goals: Vec<(String, NaiveDate)>,
    /// Days they were marked "not here" at pick-up.
    pub not_here: Vec<NaiveDate>,
}

/// Why someone is on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    MissedTwoInARow {
        first: NaiveDate,
        second: NaiveDate,
    },
    NoSessionFor {
        last: Option<NaiveDate>,
    },
    WellbeingFell {
        from: Score,
        to: Score,
        on: NaiveDate,
    },
    GoalPastDate {
        goal: String,
        target_on: NaiveDate,
    },
    NotHereTwice {
        days: Vec<NaiveDate>,
    },
}

impl Reason {
    /// The sentence on the agenda.
    pub fn sentence(&self) -> String {
        match self {
            Reason::MissedTwoInARow { first, second } => format!(
                "Missed two sessions in a row ({} and {}).",
                day_month(*first),
                day_month(*second)
            ),
            Reason::NoSessionFor { last: Some(last) } => format!(
                "No session attended in {QUIET_DAYS} days (the last was {}).",
                day_month(*last)
            ),
            Reason::NoSessionFor { last: None } => {
                format!("No session attended in {QUIET_DAYS} days (none on record).")
            }
            Reason::WellbeingFell { from, to, on } => format!(
                "Wellbeing fell from {} to {} on {}.",
                from.words(),
                to.words(),
                day_month(*on)
            ),
            Reason::GoalPastDate { goal, target_on } => {
                format!("Goal past its date ({}): {goal}", day_month(*target_on))
            }
            Reason::NotHereTwice { days } => format!(
                "\"Not here\" at pick-up {} times ({}).",
                days.len(),
                days.iter()
                    .map(|day| day_month(*day))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

fn missed(outcome: Outcome) -> bool {
    outcome != Outcome::Attended
}

/// Every reason to talk about this participant at the meeting reviewing `review`.
/// `meaningful` is the instrument's meaningful change.
pub fn reasons(facts: &Facts, review: Review, meaningful: Score) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let in_period: Vec<_> = facts
        .registers
        .iter()
        .filter(|(on, _)| review.covers(*on))
        .collect();
    if let Some(pair) = in_period
        .windows(2)
        .find(|pair| missed(pair[0].1) && missed(pair[1].1))
    {
        reasons.push(Reason::MissedTwoInARow {
            first: pair[0].0,
            second: pair[1].0,
        });
    }
    let quiet_from = review
        .day
        .checked_sub_days(Days::new(QUIET_DAYS))
        .unwrap_or(review.day);
    let long_enough = facts.since.is_some_and(|since| since <= quiet_from);
    let last = facts
        .registers
        .iter()
        .filter(|(on, outcome)| *outcome == Outcome::Attended && *on <= review.day)
        .map(|(on, _)| *on)
        .max();
    if long_enough && last.is_none_or(|last| last <= quiet_from) {
        reasons.push(Reason::NoSessionFor { last });
    }
    let scores: Vec<_> = facts
        .scores
        .iter()
        .filter(|(on, _)| *on <= review.day)
        .collect();
    if let [.., (_, before), (on, latest)] = scores.as_slice() {
        if review.covers(*on) && before.0 - latest.0 >= meaningful.0 && meaningful.0 > 0 {
            reasons.push(Reason::WellbeingFell {
                from: *before,
                to: *latest,
                on: *on,
            });
        }
    }
    for (goal, target_on) in &facts.open_goals {
        if *target_on < review.day {
            reasons.push(Reason::GoalPastDate {
                goal: goal.clone(),
                target_on: *target_on,
            });
        }
    }
    let mut days: Vec<NaiveDate> = facts
        .not_here
        .iter()
        .copied()
        .filter(|on| review.covers(*on))
        .collect();
    days.sort();
    days.dedup();
    if days.len() >= 2 {
        reasons.push(Reason::NotHereTwice { days });
    }
    reasons
}

#[cfg(test)]
mod tests;
