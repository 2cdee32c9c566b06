//! Activity groups: the participants the coordinator has put on an activity's list ("Tennis
//! group"), as charity case systems keep them. A tutor or mentor adds to the sessions they lead
//! only the members of the activity's group and their own mentees; coordinators and team leaders
//! keep the lists and may enrol anyone (see `access::policy`).

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::forms;
use crate::people::PersonId;
use crate::scheduling::session::ActivityId;

/// One member of a group, for the coordinator's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct GroupMember {
    pub participant: PersonId,
    pub name: String,
    /// When they were added (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub since: String,
}

/// An activity's group, and the participants who could join it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityGroup {
    pub activity: ActivityId,
    pub activity_name: String,
    pub members: Vec<GroupMember>,
    /// Active participants not in the group, by name.
    pub candidates: Vec<(PersonId, String)>,
}

/// Why a change to a group did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupRefusal {
    /// The id is nobody on the programme's list of participants.
    NotAParticipant,
    AlreadyIn {
        name: String,
        activity: String,
    },
    NotIn {
        activity: String,
    },
}

impl GroupRefusal {
    /// The sentence for the coordinator.
    pub fn describe(&self) -> String {
        match self {
            GroupRefusal::NotAParticipant => "Choose someone from the list of participants.".into(),
            GroupRefusal::AlreadyIn { name, activity } => {
                format!("{name} is already in the {activity} group.")
            }
            GroupRefusal::NotIn { activity } => {
                format!("They are not in the {activity} group any more.")
            }
        }
    }

    /// The refusal as the answer: a pick that is nobody is the request's fault; the rest
    /// clash with the group as it stands (someone else may just have changed it).
    pub fn into_error(self) -> AppError {
        match self {
            GroupRefusal::NotAParticipant => AppError::Invalid(self.describe()),
            _ => AppError::Conflict(self.describe()),
        }
    }
}

/// Reads the "add someone" picker's value.
pub fn parse_member(picked: &str) -> Result<PersonId, &'static str> {
    match forms::choice(picked) {
        Ok(Some(id)) => Ok(PersonId(id)),
        _ => Err("Choose someone from the list of participants."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_gives_a_person_or_asks_for_one() {
        assert_eq!(parse_member(" 12 "), Ok(PersonId(12)));
        for picked in ["", "  ", "twelve", "-"] {
            assert!(parse_member(picked).is_err(), "{picked:?}");
        }
    }

    #[test]
    fn refusals_name_the_activity_and_the_person() {
        let refusal = GroupRefusal::AlreadyIn {
            name: "Danny Hughes".into(),
            activity: "Tennis".into(),
        };
        assert_eq!(
            refusal.describe(),
            "Danny Hughes is already in the Tennis group."
        );
        let refusal = GroupRefusal::NotIn {
            activity: "Fishing".into(),
        };
        assert!(refusal.describe().contains("Fishing group"));
    }
}
