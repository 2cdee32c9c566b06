//! Sessions as people see them in the week's programme.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::week::Week;
use crate::days_and_times::clock;
use crate::ids::id_type;

id_type!(
    /// Something the programme offers: tennis, fishing, a course.
    ActivityId
);
id_type!(
    /// One occurrence of an activity at a venue space and time.
    SessionId
);

/// The kind of an activity, which decides its icon and how it is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ActivityKind {
    Sport,
    Course,
    CommunityProject,
    Mentoring,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Sport,
        ActivityKind::Course,
        ActivityKind::CommunityProject,
        ActivityKind::Mentoring,
    ];

    /// The kind a form's `slug` names.
    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Sport => "Sport",
            ActivityKind::Course => "Course",
            ActivityKind::CommunityProject => "Community project",
            ActivityKind::Mentoring => "Mentoring",
        }
    }

    /// A CSS-friendly name, for colour coding and form values.
    pub fn slug(self) -> &'static str {
        match self {
            ActivityKind::Sport => "sport",
            ActivityKind::Course => "course",
            ActivityKind::CommunityProject => "community-project",
            ActivityKind::Mentoring => "mentoring",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum SessionStatus {
    Scheduled,
    Cancelled,
}

/// A session on the week page. Carries no participant's name: only counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub activity: String,
    pub kind: ActivityKind,
    pub venue: String,
    pub space: String,
    /// Local programme time (Europe/London by default).
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// Display names of the staff leading it.
    pub leads: Vec<String>,
    pub places_taken: u32,
    pub capacity: u32,
    pub waitlisted: u32,
    pub status: SessionStatus,
    pub cancel_reason: Option<String>,
}

impl SessionSummary {
    pub fn date(&self) -> NaiveDate {
        self.starts_at.date()
    }

    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.places_taken)
    }

    /// "10:00 – 15:30".
    pub fn time_range(&self) -> String {
        format!("{} – {}", clock(self.starts_at), clock(self.ends_at))
    }
}

/// The week page's data: one week of the programme, as the server saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekProgramme {
    pub week: Week,
    /// The programme's date today, in its own time zone.
    pub today: NaiveDate,
    pub programme_name: String,
    /// True while the database holds the fictional demo programme.
    pub is_demo: bool,
    /// Sorted by start time.
    pub sessions: Vec<SessionSummary>,
}

/// One day of the week and its sessions, in start order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeDay<'a> {
    pub date: NaiveDate,
    pub sessions: Vec<&'a SessionSummary>,
}

impl WeekProgramme {
    /// All seven days, each with its sessions, so an empty day still shows as empty.
    pub fn days(&self) -> Vec<ProgrammeDay<'_>> {
        self.week
            .days()
            .map(|date| ProgrammeDay {
                date,
                sessions: self.sessions.iter().filter(|s| s.date() == date).collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn session(id: i64, starts: &str, ends: &str) -> SessionSummary {
        SessionSummary {
            id: SessionId(id),
            activity: "Tennis".into(),
            kind: ActivityKind::Sport,
            venue: "Club".into(),
            space: "Court 1".into(),
            starts_at: at(starts),
            ends_at: at(ends),
            leads: vec![],
            places_taken: 3,
            capacity: 8,
            waitlisted: 0,
            status: SessionStatus::Scheduled,
            cancel_reason: None,
        }
    }

    #[test]
    fn groups_sessions_under_their_day_and_keeps_empty_days() {
        let week = Week::parse("2026-11-23").unwrap();
        let programme = WeekProgramme {
            week,
            today: week.monday(),
            programme_name: "TurnAround".into(),
            is_demo: false,
            sessions: vec![
                session(1, "2026-11-23 10:00", "2026-11-23 15:30"),
                session(2, "2026-11-25 09:30", "2026-11-25 12:00"),
                session(3, "2026-11-25 13:00", "2026-11-25 15:00"),
            ],
        };
        let days = programme.days();
        assert_eq!(days.len(), 7);
        let counts: Vec<usize> = days.iter().map(|d| d.sessions.len()).collect();
        assert_eq!(counts, [1, 0, 2, 0, 0, 0, 0]);
        assert_eq!(days[2].sessions[1].id, SessionId(3));
    }

    #[test]
    fn shows_times_on_a_24_hour_clock_and_counts_places_left() {
        let s = session(1, "2026-11-23 09:05", "2026-11-23 15:30");
        assert_eq!(s.time_range(), "09:05 – 15:30");
        assert_eq!(s.places_left(), 5);
    }
}
