//! People as the coordinator's pages see them. Only coordinators and team leaders are ever sent
//! these types: they carry referral data.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ParticipantStatus, PersonId, ReferralSource, Role};
use crate::scheduling::register::Outcome;
use crate::transport::PickupPointId;

/// One line of the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub roles: Vec<Role>,
    pub is_active: bool,
    /// Has chosen a password (an invite was used).
    pub can_sign_in: bool,
}

/// Everything the coordinator may see about a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub is_active: bool,
    pub username: Option<String>,
    pub can_sign_in: bool,
    pub two_step_enabled: bool,
    pub participant: Option<ParticipantDetails>,
    /// What the registers say about them, newest first (participants only).
    pub attendance: Vec<AttendanceLine>,
}

/// One register entry about a participant: the session and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AttendanceLine {
    pub activity: String,
    pub starts_at: NaiveDateTime,
    pub outcome: Outcome,
    pub absent_reason: Option<String>,
}

/// A participant's programme details, including the referral (criminal-offence data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ParticipantDetails {
    pub pickup_point_id: Option<PickupPointId>,
    pub pickup_point: Option<String>,
    pub needs_lift: bool,
    pub mobility_needs: Option<String>,
    pub uses_wheelchair: bool,
    pub referral_source: ReferralSource,
    pub referral_date: NaiveDate,
    pub status: ParticipantStatus,
    pub mentor_id: Option<PersonId>,
    pub mentor: Option<String>,
    pub notes: Option<String>,
}

/// What the coordinator sets about a participant's time on the programme (the referral itself
/// is part of [`NewPerson`], edited with their name and roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeDetails {
    pub status: ParticipantStatus,
    pub mentor_id: Option<PersonId>,
    pub pickup_point_id: Option<PickupPointId>,
    pub needs_lift: bool,
    pub uses_wheelchair: bool,
    pub mobility_needs: Option<String>,
    pub notes: Option<String>,
}

impl ProgrammeDetails {
    pub fn problems(&self) -> Vec<&'static str> {
        let mut problems = Vec::new();
        if self
            .mobility_needs
            .as_deref()
            .is_some_and(|t| t.len() > 500)
        {
            problems.push("Keep mobility needs under 500 characters.");
        }
        if self.notes.as_deref().is_some_and(|t| t.len() > 5000) {
            problems.push("Keep the notes under 5,000 characters.");
        }
        if self.needs_lift && self.pickup_point_id.is_none() {
            problems.push("Choose the pick-up point for someone who needs a lift.");
        }
        problems
    }
}

/// The choices the edit form offers: pick-up points and everyone who can mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditChoices {
    pub pickup_points: Vec<(PickupPointId, String)>,
    pub mentors: Vec<(PersonId, String)>,
}

/// What the coordinator types to add someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    /// Required for participants.
    pub referral_source: Option<ReferralSource>,
    pub referral_date: Option<NaiveDate>,
}

impl NewPerson {
    /// The checks a person can fix, in plain words, before anything is written.
    pub fn problems(&self) -> Vec<&'static str> {
        let mut problems = Vec::new();
        let blank = |text: &str| text.trim().is_empty();
        if blank(&self.given_name) {
            problems.push("Enter their first name.");
        }
        if blank(&self.family_name) {
            problems.push("Enter their last name.");
        }
        if self.roles.is_empty() {
            problems.push("Choose at least one role.");
        }
        let participant = self.roles.contains(&Role::Participant);
        if participant && self.referral_source.is_none() {
            problems.push("Choose who referred them.");
        }
        if participant && self.referral_date.is_none() {
            problems.push("Enter the referral date.");
        }
        let staff = self.roles.iter().any(|role| *role != Role::Participant);
        if staff && self.email.as_deref().is_none_or(blank) {
            problems.push("Staff sign in with their email: enter it.");
        }
        if let Some(email) = self.email.as_deref().filter(|e| !blank(e)) {
            if !email.contains('@') || email.len() > 254 {
                problems.push("That email address does not look right.");
            }
        }
        if let Some(phone) = self.phone.as_deref().filter(|p| !blank(p)) {
            let ok = phone.len() <= 25
                && phone.chars().filter(char::is_ascii_digit).count() >= 5
                && phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +()-".contains(c));
            if !ok {
                problems.push("That phone number does not look right.");
            }
        }
        problems
    }
}

/// A one-time link for a person to choose their password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteLink {
    pub url: String,
    /// The same link as a QR code (SVG) to scan from the coordinator's screen.
    pub qr_svg: String,
    pub expires_at: DateTime<Utc>,
    pub username: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant() -> NewPerson {
        NewPerson {
            given_name: "Jo".into(),
            family_name: "Bloggs".into(),
            preferred_name: None,
            phone: Some("07700 900999".into()),
            email: None,
            roles: vec![Role::Participant],
            referral_source: Some(ReferralSource::SelfReferral),
            referral_date: NaiveDate::from_ymd_opt(2026, 11, 2),
        }
    }

    #[test]
    fn a_complete_participant_has_no_problems() {
        assert!(participant().problems().is_empty());
    }

    #[test]
    fn problems_are_named_in_plain_words() {
        let mut person = participant();
        person.referral_source = None;
        person.phone = Some("call me".into());
        assert_eq!(
            person.problems(),
            vec![
                "Choose who referred them.",
                "That phone number does not look right."
            ]
        );
        person.roles = vec![Role::Tutor];
        person.referral_source = None;
        person.phone = None;
        assert_eq!(
            person.problems(),
            vec!["Staff sign in with their email: enter it."]
        );
    }
}
