//! A referral's journey: received → contacted → assessed → active → closed, each change with its
//! time and who made it. The rules say which moves are allowed and, when one is not, the sentence
//! the coordinator reads; closing takes a coded reason, and a closed referral is opened again
//! only on purpose, with a note.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ReferralStatus {
    Received,
    Contacted,
    Assessed,
    Active,
    Closed,
}

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 5] = [
        ReferralStatus::Received,
        ReferralStatus::Contacted,
        ReferralStatus::Assessed,
        ReferralStatus::Active,
        ReferralStatus::Closed,
    ];

    /// The word stored in the database, used in forms and as a style class.
    pub fn slug(self) -> &'static str {
        match self {
            ReferralStatus::Received => "received",
            ReferralStatus::Contacted => "contacted",
            ReferralStatus::Assessed => "assessed",
            ReferralStatus::Active => "active",
            ReferralStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReferralStatus::Received => "Received",
            ReferralStatus::Contacted => "Contacted",
            ReferralStatus::Assessed => "Assessed",
            ReferralStatus::Active => "Active",
            ReferralStatus::Closed => "Closed",
        }
    }
}

/// Why a referral was closed: coded, so the funders' report can count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum CloseReason {
    Completed,
    Disengaged,
    Withdrawn,
    Ineligible,
    Declined,
    Transferred,
}

impl CloseReason {
    pub const ALL: [CloseReason; 6] = [
        CloseReason::Completed,
        CloseReason::Disengaged,
        CloseReason::Withdrawn,
        CloseReason::Ineligible,
        CloseReason::Declined,
        CloseReason::Transferred,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            CloseReason::Completed => "completed",
            CloseReason::Disengaged => "disengaged",
            CloseReason::Withdrawn => "withdrawn",
            CloseReason::Ineligible => "ineligible",
            CloseReason::Declined => "declined",
            CloseReason::Transferred => "transferred",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|reason| reason.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            CloseReason::Completed => "Completed the programme",
            CloseReason::Disengaged => "Stopped taking part",
            CloseReason::Withdrawn => "Withdrawn by the referrer",
            CloseReason::Ineligible => "Not eligible",
            CloseReason::Declined => "Declined the offer",
            CloseReason::Transferred => "Transferred to another service",
        }
    }
}

/// A change someone asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    /// On to a later open status (contacted, assessed, active): steps may be taken together,
    /// as when the first call is also the assessment.
    Forward(ReferralStatus),
    /// Closed, with its coded reason.
    Close(CloseReason),
    /// A closed referral opened again (as received), with a note saying why.
    Reopen(String),
}

/// Why `change` cannot be made to a referral that is `now`, or `None` when it can.
pub fn refusal(now: ReferralStatus, change: &Move) -> Option<String> {
    match change {
        Move::Forward(to) if *to == ReferralStatus::Closed => {
            Some("Choose why the referral is closed: closing takes a reason.".into())
        }
        Move::Forward(_) if now == ReferralStatus::Closed => {
            Some("This referral is closed. To take it up again, reopen it and say why.".into())
        }
        Move::Forward(to) if *to <= now => Some(format!(
            "This referral is already {}: a referral moves on, not back.",
            now.label().to_lowercase()
        )),
        Move::Forward(_) => None,
        Move::Close(_) if now == ReferralStatus::Closed => {
            Some("This referral is already closed.".into())
        }
        Move::Close(_) => None,
        Move::Reopen(_) if now != ReferralStatus::Closed => {
            Some("Only a closed referral can be reopened.".into())
        }
        Move::Reopen(note) if note.trim().is_empty() => {
            Some("Say why the referral is reopened: it is written in its history.".into())
        }
        Move::Reopen(note) if note.chars().count() > 500 => {
            Some("Keep the reason to 500 characters.".into())
        }
        Move::Reopen(_) => None,
    }
}

/// The status a change leaves the referral in.
pub fn after(change: &Move) -> ReferralStatus {
    match change {
        Move::Forward(to) => *to,
        Move::Close(_) => ReferralStatus::Closed,
        Move::Reopen(_) => ReferralStatus::Received,
    }
}

/// Whole days from `from` to `to` ("days to first contact"), `None` until `to` has happened.
pub fn days_between(from: NaiveDate, to: Option<NaiveDate>) -> Option<i64> {
    to.map(|to| (to - from).num_days())
}

/// Who the programme can take: 18 or over on the day the referral arrived, living in the area.
pub fn eligibility_problems(
    born_on: Option<NaiveDate>,
    received_on: NaiveDate,
    in_area: bool,
) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if let Some(born) = born_on {
        let adult_on = born
            .checked_add_months(chrono::Months::new(18 * 12))
            .unwrap_or(born);
        if adult_on > received_on {
            problems.push("They were under 18 when referred: the programme is for adults.");
        }
    }
    if !in_area {
        problems.push("They live outside the programme's area.");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferralStatus::*;

    #[test]
    fn a_referral_moves_forward_and_may_take_steps_together() {
        assert_eq!(refusal(Received, &Move::Forward(Contacted)), None);
        assert_eq!(refusal(Received, &Move::Forward(Assessed)), None);
        assert_eq!(refusal(Assessed, &Move::Forward(Active)), None);
        assert_eq!(after(&Move::Forward(Active)), Active);
        let back = refusal(Assessed, &Move::Forward(Contacted)).unwrap();
        assert_eq!(
            back,
            "This referral is already assessed: a referral moves on, not back."
        );
        assert!(refusal(Active, &Move::Forward(Active)).is_some());
    }

    #[test]
    fn closing_takes_a_reason_from_any_open_status() {
        let without = refusal(Received, &Move::Forward(Closed)).unwrap();
        assert!(without.contains("closing takes a reason"), "{without}");
        for status in [Received, Contacted, Assessed, Active] {
            assert_eq!(refusal(status, &Move::Close(CloseReason::Declined)), None);
        }
        assert_eq!(after(&Move::Close(CloseReason::Completed)), Closed);
        assert!(refusal(Closed, &Move::Close(CloseReason::Completed)).is_some());
    }

    #[test]
    fn a_closed_referral_is_reopened_only_on_purpose_with_a_note() {
        assert!(refusal(Closed, &Move::Forward(Contacted))
            .unwrap()
            .contains("reopen it"));
        assert!(refusal(Closed, &Move::Reopen("  ".into()))
            .unwrap()
            .contains("Say why"));
        assert_eq!(
            refusal(Closed, &Move::Reopen("Referred again by probation.".into())),
            None
        );
        assert_eq!(after(&Move::Reopen("x".into())), Received);
        assert!(refusal(Active, &Move::Reopen("x".into())).is_some());
        for status in ReferralStatus::ALL {
            for change in [
                Move::Forward(Contacted),
                Move::Forward(Closed),
                Move::Close(CloseReason::Withdrawn),
                Move::Reopen(String::new()),
            ] {
                if let Some(sentence) = refusal(status, &change) {
                    assert!(sentence.ends_with('.'), "{sentence}");
                }
            }
        }
    }

    #[test]
    fn days_to_first_contact_count_whole_days() {
        let received = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(
            days_between(received, NaiveDate::from_ymd_opt(2026, 11, 5)),
            Some(3)
        );
        assert_eq!(days_between(received, Some(received)), Some(0));
        assert_eq!(days_between(received, None), None);
    }

    #[test]
    fn only_adults_in_the_area_are_eligible() {
        let received = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let eighteen_today = NaiveDate::from_ymd_opt(2008, 11, 2);
        let eighteen_tomorrow = NaiveDate::from_ymd_opt(2008, 11, 3);
        assert!(eligibility_problems(eighteen_today, received, true).is_empty());
        assert_eq!(
            eligibility_problems(eighteen_tomorrow, received, true).len(),
            1
        );
        assert_eq!(
            eligibility_problems(None, received, false),
            ["They live outside the programme's area."]
        );
    }
}
