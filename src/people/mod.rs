//! People and the roles they hold. One person may be a participant and, later, a volunteer driver.

use serde::{Deserialize, Serialize};

use crate::ids::id_type;

pub mod records;

id_type!(
    /// A person known to the programme, participant or staff.
    PersonId
);

/// What a person does in the programme. A person can hold several roles at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Role {
    Participant,
    Mentor,
    Tutor,
    Driver,
    Coordinator,
    TeamLeader,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Participant,
        Role::Mentor,
        Role::Tutor,
        Role::Driver,
        Role::Coordinator,
        Role::TeamLeader,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Mentor => "mentor",
            Role::Tutor => "tutor",
            Role::Driver => "driver",
            Role::Coordinator => "coordinator",
            Role::TeamLeader => "team_leader",
        }
    }

    /// The word staff and participants use for the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Participant => "Participant",
            Role::Mentor => "Mentor",
            Role::Tutor => "Tutor",
            Role::Driver => "Driver",
            Role::Coordinator => "Coordinator",
            Role::TeamLeader => "Team leader",
        }
    }

    /// Roles that may lead a session (the database's `session_leads_are_staff` rule).
    pub fn may_lead_sessions(self) -> bool {
        matches!(
            self,
            Role::Tutor | Role::Mentor | Role::Coordinator | Role::TeamLeader
        )
    }
}

/// Who referred a participant. `Probation` and `Police` make the referral criminal-offence data
/// (UK GDPR Art. 10): only the coordinator's views may carry this value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ReferralSource {
    Probation,
    Police,
    ThirdSector,
    #[serde(rename = "self")]
    #[cfg_attr(feature = "ssr", sqlx(rename = "self"))]
    SelfReferral,
}

impl ReferralSource {
    pub const ALL: [ReferralSource; 4] = [
        ReferralSource::Probation,
        ReferralSource::Police,
        ReferralSource::ThirdSector,
        ReferralSource::SelfReferral,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            ReferralSource::Probation => "probation",
            ReferralSource::Police => "police",
            ReferralSource::ThirdSector => "third_sector",
            ReferralSource::SelfReferral => "self",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|source| source.slug() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReferralSource::Probation => "Probation",
            ReferralSource::Police => "Police",
            ReferralSource::ThirdSector => "Third sector",
            ReferralSource::SelfReferral => "Self-referral",
        }
    }

    /// True when the value alone reveals contact with the criminal justice system.
    pub fn is_criminal_offence_data(self) -> bool {
        matches!(self, ReferralSource::Probation | ReferralSource::Police)
    }
}

/// Where a participant is in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ParticipantStatus {
    Referred,
    Active,
    Paused,
    Completed,
    Withdrawn,
}

impl ParticipantStatus {
    pub const ALL: [ParticipantStatus; 5] = [
        ParticipantStatus::Referred,
        ParticipantStatus::Active,
        ParticipantStatus::Paused,
        ParticipantStatus::Completed,
        ParticipantStatus::Withdrawn,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            ParticipantStatus::Referred => "referred",
            ParticipantStatus::Active => "active",
            ParticipantStatus::Paused => "paused",
            ParticipantStatus::Completed => "completed",
            ParticipantStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.slug() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ParticipantStatus::Referred => "Referred",
            ParticipantStatus::Active => "Active",
            ParticipantStatus::Paused => "Paused",
            ParticipantStatus::Completed => "Completed",
            ParticipantStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// The name to show for someone: the name they asked to be called by, else their given name.
pub fn display_first_name<'a>(given_name: &'a str, preferred_name: Option<&'a str>) -> &'a str {
    preferred_name
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(given_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_name_wins_over_given_name() {
        assert_eq!(display_first_name("Robert", Some("Bob")), "Bob");
        assert_eq!(display_first_name("Robert", None), "Robert");
        assert_eq!(display_first_name("Robert", Some("  ")), "Robert");
    }

    #[test]
    fn only_probation_and_police_are_criminal_offence_data() {
        assert!(ReferralSource::Probation.is_criminal_offence_data());
        assert!(ReferralSource::Police.is_criminal_offence_data());
        assert!(!ReferralSource::ThirdSector.is_criminal_offence_data());
        assert!(!ReferralSource::SelfReferral.is_criminal_offence_data());
    }
}
