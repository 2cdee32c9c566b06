//! The keep-apart list: pairs of participants who must never be on the same session (no-contact
//! conditions, rivalries). Coordinators and team leaders keep it and read the reasons; nobody
//! else is ever sent a reason: a tutor enrolling one of a pair hears only "Not possible — ask the
//! coordinator".

pub mod keep_apart_api;
pub mod keep_apart_page;
#[cfg(feature = "ssr")]
pub mod use_cases;

use serde::{Deserialize, Serialize};

use crate::forms;
use crate::people::PersonId;

/// A pair kept apart, with the coordinator's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct KeptApart {
    pub person_a: PersonId,
    pub name_a: String,
    pub person_b: PersonId,
    pub name_b: String,
    pub reason: String,
    /// When it was added (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub since: String,
}

/// The keep-apart page: the pairs, and the participants to choose a new pair from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepApartList {
    pub pairs: Vec<KeptApart>,
    pub participants: Vec<(PersonId, String)>,
}

/// A new pair that passed every check a person can fix, stored in id order as the table wants
/// (`person_a < person_b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairDraft {
    pub person_a: PersonId,
    pub person_b: PersonId,
    pub reason: String,
}

impl PairDraft {
    /// Reads the two pickers and the reason, or lists every problem in plain words.
    pub fn parse(first: &str, second: &str, reason: &str) -> Result<Self, Vec<&'static str>> {
        let mut problems = Vec::new();
        let pick = |text: &str| forms::choice(text).ok().flatten().map(PersonId);
        let (first, second) = (pick(first), pick(second));
        if first.is_none() || second.is_none() {
            problems.push("Choose both people from the lists.");
        }
        if first.is_some() && first == second {
            problems.push("Choose two different people: nobody is kept apart from themselves.");
        }
        let reason = forms::required_text(reason, 500);
        if reason.is_none() {
            problems.push("Say why they are kept apart (up to 500 characters; only coordinators and team leaders see it).");
        }
        match (first, second, reason) {
            (Some(first), Some(second), Some(reason)) if problems.is_empty() => Ok(Self {
                person_a: first.min(second),
                person_b: first.max(second),
                reason,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_stored_in_id_order() {
        let pair = PairDraft::parse("12", "7", " Same case ").unwrap();
        assert_eq!(
            pair,
            PairDraft {
                person_a: PersonId(7),
                person_b: PersonId(12),
                reason: "Same case".into()
            }
        );
    }

    #[test]
    fn nobody_is_kept_apart_from_themselves() {
        assert_eq!(
            PairDraft::parse("7", "7", "Rivalry").unwrap_err(),
            vec!["Choose two different people: nobody is kept apart from themselves."]
        );
    }

    #[test]
    fn both_people_and_a_reason_are_needed() {
        let problems = PairDraft::parse("", "x", "  ").unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("both people"));
        assert!(problems[1].contains("Say why"));
        assert!(PairDraft::parse("1", "2", &"x".repeat(501)).is_err());
    }
}
