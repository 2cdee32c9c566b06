//! The register: what happened to each booked participant on the day. Shared by the lead's
//! phone form and the server that checks it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::people::PersonId;

/// What the lead records for one booked participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Outcome {
    Attended,
    Absent,
    /// Told us too late for the place to be given to someone else.
    LateCancellation,
    /// Did not come and did not say.
    NoShow,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Attended,
        Outcome::Absent,
        Outcome::LateCancellation,
        Outcome::NoShow,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            Outcome::Attended => "attended",
            Outcome::Absent => "absent",
            Outcome::LateCancellation => "late_cancellation",
            Outcome::NoShow => "no_show",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.slug() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Attended => "Came",
            Outcome::Absent => "Absent",
            Outcome::LateCancellation => "Late cancellation",
            Outcome::NoShow => "No-show",
        }
    }
}

/// One line of the register as a form posts it (`marks[0][participant]=…`). An empty outcome
/// means "not recorded yet".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub participant: PersonId,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
}

/// A register line, read and checked: `outcome` `None` clears what was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedMark {
    pub participant: PersonId,
    pub outcome: Option<Outcome>,
    /// Only for absences ("hospital appointment").
    pub reason: Option<String>,
}

/// Reads the posted register; a problem names what to put right.
pub fn check_marks(marks: &[Mark]) -> Result<Vec<CheckedMark>, String> {
    marks
        .iter()
        .map(|mark| {
            let outcome = match mark.outcome.trim() {
                "" => None,
                text => {
                    Some(Outcome::from_slug(text).ok_or("Choose what happened from the list.")?)
                }
            };
            let reason = Some(mark.reason.trim().to_owned()).filter(|r| !r.is_empty());
            if reason.as_ref().is_some_and(|r| r.chars().count() > 300) {
                return Err("Keep each reason under 300 characters.".into());
            }
            Ok(CheckedMark {
                participant: mark.participant,
                // A reason belongs to an absence; typed for anything else it is dropped.
                reason: reason.filter(|_| outcome == Some(Outcome::Absent)),
                outcome,
            })
        })
        .collect()
}

/// The register can be taken from the day of the session on, not before.
pub fn register_open(session_day: NaiveDate, today: NaiveDate) -> bool {
    session_day <= today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(outcome: &str, reason: &str) -> Mark {
        Mark {
            participant: PersonId(4),
            outcome: outcome.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn reads_outcomes_and_keeps_reasons_only_for_absences() {
        let checked = check_marks(&[
            mark("absent", " hospital "),
            mark("attended", "ignored"),
            mark("", ""),
        ])
        .unwrap();
        assert_eq!(checked[0].outcome, Some(Outcome::Absent));
        assert_eq!(checked[0].reason.as_deref(), Some("hospital"));
        assert_eq!(checked[1].reason, None);
        assert_eq!(checked[2].outcome, None);
        assert!(check_marks(&[mark("asleep", "")]).is_err());
        assert!(check_marks(&[mark("absent", &"x".repeat(301))]).is_err());
    }

    #[test]
    fn every_outcome_round_trips_through_its_slug() {
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_slug(outcome.slug()), Some(outcome));
        }
    }

    #[test]
    fn the_register_opens_on_the_day() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert!(!register_open(day, day.pred_opt().unwrap()));
        assert!(register_open(day, day));
        assert!(register_open(day, day.succ_opt().unwrap()));
    }
}
