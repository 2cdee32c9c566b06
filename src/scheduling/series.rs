//! Repeating sessions, as both sides see them: which dates a series falls on ("every Tuesday
//! for 10 weeks, not the 12th"), how a change to one session carries to the later ones, and how
//! far a change reaches ("this only" or "this and following").
//!
//! The browser runs these to preview a series before it is sent; the server runs the same code
//! to decide which rows to write, so the preview and the result cannot disagree.

use chrono::{Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::week::Week;
use crate::days_and_times::day_from_slug;
use crate::ids::id_type;

id_type!(
    /// A set of sessions planned together as one repeating series.
    SeriesId
);

/// The longest a series may run, in weeks: a year of a weekly course. Also keeps a typing slip
/// ("until 2207") from planning thousands of sessions.
pub const MAX_WEEKS: u32 = 52;

/// How often a series comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Weekly,
    Fortnightly,
}

impl Every {
    /// The value a form posts.
    pub fn slug(self) -> &'static str {
        match self {
            Every::Weekly => "weekly",
            Every::Fortnightly => "fortnightly",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [Every::Weekly, Every::Fortnightly]
            .into_iter()
            .find(|every| every.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Every::Weekly => "Every week",
            Every::Fortnightly => "Every two weeks",
        }
    }

    fn weeks_apart(self) -> u32 {
        match self {
            Every::Weekly => 1,
            Every::Fortnightly => 2,
        }
    }
}

/// When a series stops: after a number of weeks (counted from the week of its first session),
/// or on a last date (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepeatEnd {
    Weeks(u32),
    Until(NaiveDate),
}

/// How a series repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub every: Every,
    pub weekdays: Vec<Weekday>,
    pub end: RepeatEnd,
    /// Dates with no session (bank holidays, the venue's own events). Dates outside the series
    /// are ignored.
    pub skip: Vec<NaiveDate>,
}

impl Repeat {
    /// The dates the series falls on, in order: the chosen weekdays of the week of `first` and
    /// of every week (or second week) after it, never before `first`, until the end, without
    /// the skipped dates. Never reaches past [`MAX_WEEKS`], whatever the end says.
    pub fn dates(&self, first: NaiveDate) -> Vec<NaiveDate> {
        let monday = Week::containing(first).monday();
        let mut days: Vec<u32> = self
            .weekdays
            .iter()
            .map(|day| day.num_days_from_monday())
            .collect();
        days.sort_unstable();
        days.dedup();
        let (weeks, last) = match self.end {
            RepeatEnd::Weeks(weeks) => (weeks.min(MAX_WEEKS), NaiveDate::MAX),
            RepeatEnd::Until(last) => (MAX_WEEKS, last),
        };
        let mut dates = Vec::new();
        for week in (0..weeks).step_by(self.every.weeks_apart() as usize) {
            for &day in &days {
                let Some(date) = monday.checked_add_days(Days::new(u64::from(week * 7 + day)))
                else {
                    return dates;
                };
                if date > last {
                    return dates;
                }
                if date >= first && !self.skip.contains(&date) {
                    dates.push(date);
                }
            }
        }
        dates
    }

    /// What the planner must put right before the series is checked against the calendar.
    pub fn problems(&self, first: NaiveDate) -> Vec<&'static str> {
        const TOO_LONG: &str = "A series can run for a year at most (52 weeks).";
        let mut problems = Vec::new();
        if self.weekdays.is_empty() {
            problems.push("Choose at least one day of the week.");
        }
        match self.end {
            RepeatEnd::Weeks(0) => problems.push("A series runs for at least one week."),
            RepeatEnd::Weeks(weeks) if weeks > MAX_WEEKS => problems.push(TOO_LONG),
            RepeatEnd::Until(last) if last < first => {
                problems.push("The last date is before the first session.");
            }
            RepeatEnd::Until(last) if weeks_spanned(first, last) > i64::from(MAX_WEEKS) => {
                problems.push(TOO_LONG);
            }
            _ => {}
        }
        if problems.is_empty() && self.dates(first).is_empty() {
            problems.push(
                "No dates are left in the series: check the days of the week, the end and the \
                 dates to skip.",
            );
        }
        problems
    }

    /// Reads the series part of a plain HTML form: `every` ("weekly"), `weekdays` ("tue"),
    /// either `weeks` ("10") or `until` ("2027-03-16"), and `skip` (a typed list of dates).
    /// Every mistake is named at once, so the planner fixes them in one go.
    pub fn from_form(
        every: &str,
        weekdays: &[String],
        weeks: &str,
        until: &str,
        skip: &str,
    ) -> Result<Repeat, String> {
        let mut problems: Vec<String> = Vec::new();
        let every = Every::from_slug(every);
        if every.is_none() {
            problems.push("Choose how often: every week or every two weeks.".into());
        }
        let mut days = Vec::new();
        for slug in weekdays.iter().filter(|slug| !slug.trim().is_empty()) {
            match day_from_slug(slug) {
                Some(day) => days.push(day),
                None => problems.push(format!(
                    "“{}” is not a day of the week.",
                    slug.trim().chars().take(20).collect::<String>()
                )),
            }
        }
        let end = match (weeks.trim(), until.trim()) {
            ("", "") => {
                problems.push("Say how long it runs: a number of weeks or a last date.".into());
                None
            }
            (weeks, "") => weeks.parse().map(RepeatEnd::Weeks).ok().or_else(|| {
                problems.push("Give the number of weeks as a whole number, like 10.".into());
                None
            }),
            ("", until) => parse_date(until).map(RepeatEnd::Until).or_else(|| {
                problems.push("Give the last date like 2027-03-16.".into());
                None
            }),
            _ => {
                problems.push("Give a number of weeks or a last date, not both.".into());
                None
            }
        };
        let skip = parse_dates(skip).unwrap_or_else(|problem| {
            problems.push(problem);
            Vec::new()
        });
        match (every, end) {
            (Some(every), Some(end)) if problems.is_empty() => Ok(Repeat {
                every,
                weekdays: days,
                end,
                skip,
            }),
            _ => Err(problems.join(" ")),
        }
    }
}

/// How many calendar weeks (Monday to Sunday) `first` to `last` touch.
fn weeks_spanned(first: NaiveDate, last: NaiveDate) -> i64 {
    let days = Week::containing(last).monday() - Week::containing(first).monday();
    days.num_days() / 7 + 1
}

/// A date within the years the programme plans in (`None` for anything else).
fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|date| super::week::is_supported(*date))
}

/// Reads a typed list of dates ("2027-01-12, 2027-02-16", or one a line), sorted and without
/// repeats. The error names the piece that is not a date.
pub fn parse_dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    let mut dates = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            parse_date(piece).ok_or_else(|| {
                let shown: String = piece.chars().take(30).collect();
                format!("“{shown}” is not a date: write dates to skip like 2027-01-12.")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}

/// How far a change to one session of a series reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditScope {
    /// Just this session; the rest of its series stays as it is.
    #[default]
    #[serde(alias = "this")]
    ThisOnly,
    /// This session and every later planned session of its series.
    #[serde(alias = "following")]
    ThisAndFollowing,
}

impl EditScope {
    /// A short value for addresses and radio buttons; forms may post it or the serde name
    /// (`this_and_following`), both are read.
    pub fn slug(self) -> &'static str {
        match self {
            EditScope::ThisOnly => "this",
            EditScope::ThisAndFollowing => "following",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [EditScope::ThisOnly, EditScope::ThisAndFollowing]
            .into_iter()
            .find(|scope| scope.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            EditScope::ThisOnly => "This session only",
            EditScope::ThisAndFollowing => "This and following sessions",
        }
    }
}

/// How moving one session carries to the later sessions of its series: each moves by the same
/// number of days and takes the new times of day, so "Tuesdays 10–12" can become "Wednesdays
/// 13–15" from the fourth week on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub days: i64,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

impl Shift {
    /// The shift that moves a session starting at `from` to `starts_at`–`ends_at`.
    pub fn between(from: NaiveDateTime, starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> Self {
        Shift {
            days: (starts_at.date() - from.date()).num_days(),
            starts: starts_at.time(),
            ends: ends_at.time(),
        }
    }

    /// Where a session that started at `at` goes; `None` past the end of chrono's calendar.
    pub fn apply(&self, at: NaiveDateTime) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let date = at.date().checked_add_signed(Duration::days(self.days))?;
        Some((date.and_time(self.starts), date.and_time(self.ends)))
    }
}

#[cfg(test)]
mod tests;
