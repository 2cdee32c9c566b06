//! The activities the programme offers (tennis, fishing, courses…) with the defaults a new
//! session starts from. Coordinators and team leaders add and change them; tutors and mentors
//! read the list to plan with.

pub mod activities_api;
pub mod activities_page;
pub mod group_api;
pub mod group_page;
pub mod groups;
#[cfg(feature = "ssr")]
pub mod use_cases;

use serde::{Deserialize, Serialize};

use crate::forms;
use crate::scheduling::session::{ActivityId, ActivityKind};

/// Session lengths the database accepts, in minutes (a quarter of an hour to twelve hours).
pub const DURATION_MINUTES: std::ops::RangeInclusive<i64> = 15..=720;
/// Places a session may offer.
pub const CAPACITY: std::ops::RangeInclusive<i64> = 1..=100;

/// An activity as the list and the edit form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Activity {
    pub id: ActivityId,
    pub name: String,
    pub kind: ActivityKind,
    pub default_duration_minutes: i64,
    pub default_capacity: i64,
    pub what_to_bring: Option<String>,
}

/// The activities, and whether the person asking may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityList {
    pub activities: Vec<Activity>,
    pub may_manage: bool,
}

/// The activity form as typed: every field is text until [`ActivityDraft::parse`] reads it, so
/// a mistyped number comes back as a sentence rather than a request the server cannot read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub name: String,
    pub kind: String,
    pub duration: String,
    pub capacity: String,
    #[serde(default)]
    pub what_to_bring: String,
}

/// An activity that passed every check a person can fix; the database's CHECKs and its unique
/// name are the last word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDraft {
    pub name: String,
    pub kind: ActivityKind,
    pub default_duration_minutes: i64,
    pub default_capacity: i64,
    pub what_to_bring: Option<String>,
}

impl ActivityDraft {
    /// Reads the form, or lists every problem with it in plain words.
    pub fn parse(form: &ActivityForm) -> Result<Self, Vec<&'static str>> {
        let name = forms::required_text(&form.name, 100);
        let kind = ActivityKind::from_slug(form.kind.trim());
        let duration = forms::whole_number(&form.duration, DURATION_MINUTES);
        let capacity = forms::whole_number(&form.capacity, CAPACITY);
        let what_to_bring = forms::optional_text(&form.what_to_bring, 500);
        match (name, kind, duration, capacity, what_to_bring) {
            (Some(name), Some(kind), Some(duration), Some(capacity), Ok(what_to_bring)) => {
                Ok(Self {
                    name,
                    kind,
                    default_duration_minutes: duration,
                    default_capacity: capacity,
                    what_to_bring,
                })
            }
            (name, kind, duration, capacity, what_to_bring) => {
                let mut problems = Vec::new();
                if name.is_none() {
                    problems.push("Enter the activity's name (up to 100 characters).");
                }
                if kind.is_none() {
                    problems.push("Choose what kind of activity it is.");
                }
                if duration.is_none() {
                    problems.push("A session lasts between 15 and 720 minutes (12 hours).");
                }
                if capacity.is_none() {
                    problems.push("Places must be a whole number from 1 to 100.");
                }
                if what_to_bring.is_err() {
                    problems.push("Keep “what to bring” under 500 characters.");
                }
                Err(problems)
            }
        }
    }
}

/// "1 h 30 min", "45 min", "6 h".
pub fn duration_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tennis() -> ActivityForm {
        ActivityForm {
            name: " Tennis ".into(),
            kind: "sport".into(),
            duration: "120".into(),
            capacity: "8".into(),
            what_to_bring: "Trainers and a water bottle".into(),
        }
    }

    #[test]
    fn a_complete_form_reads_as_an_activity() {
        let draft = ActivityDraft::parse(&tennis()).unwrap();
        assert_eq!(draft.name, "Tennis");
        assert_eq!(draft.kind, ActivityKind::Sport);
        assert_eq!(draft.default_duration_minutes, 120);
        assert_eq!(draft.default_capacity, 8);
        assert_eq!(
            draft.what_to_bring.as_deref(),
            Some("Trainers and a water bottle")
        );
        let community = ActivityForm {
            kind: "community-project".into(),
            what_to_bring: "  ".into(),
            ..tennis()
        };
        let draft = ActivityDraft::parse(&community).unwrap();
        assert_eq!(draft.kind, ActivityKind::CommunityProject);
        assert_eq!(draft.what_to_bring, None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let form = ActivityForm {
            name: "".into(),
            kind: "darts".into(),
            duration: "10".into(),
            capacity: "0".into(),
            what_to_bring: "x".repeat(501),
        };
        assert_eq!(
            ActivityDraft::parse(&form).unwrap_err(),
            vec![
                "Enter the activity's name (up to 100 characters).",
                "Choose what kind of activity it is.",
                "A session lasts between 15 and 720 minutes (12 hours).",
                "Places must be a whole number from 1 to 100.",
                "Keep “what to bring” under 500 characters.",
            ]
        );
    }

    #[test]
    fn limits_match_the_database() {
        for (duration, ok) in [("15", true), ("720", true), ("14", false), ("721", false)] {
            let form = ActivityForm {
                duration: duration.into(),
                ..tennis()
            };
            assert_eq!(ActivityDraft::parse(&form).is_ok(), ok, "{duration}");
        }
        for (capacity, ok) in [("1", true), ("100", true), ("101", false), ("-1", false)] {
            let form = ActivityForm {
                capacity: capacity.into(),
                ..tennis()
            };
            assert_eq!(ActivityDraft::parse(&form).is_ok(), ok, "{capacity}");
        }
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration_text(45), "45 min");
        assert_eq!(duration_text(120), "2 h");
        assert_eq!(duration_text(330), "5 h 30 min");
    }
}
