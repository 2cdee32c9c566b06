//! Each participant's needs and action plan (issue 17): an assessment over the programme's areas
//! of need (kept as data), goals per area with steps, an owner, a target date and a review, and
//! the mentor's one-to-one contacts. The participant sees their own goals on their phone, in
//! plain words, and ticks the steps they have done. One-to-one notes are read only by the
//! participant's mentor and coordinators, and each read is audited.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::id_type;
use crate::people::PersonId;

pub mod form;
pub mod my_goals_page;
pub mod plan_page;
pub mod plans_api;
#[cfg(feature = "ssr")]
pub mod use_cases;

id_type!(
    /// One of the programme's areas of need.
    AreaId
);
id_type!(
    /// A goal on a participant's plan.
    GoalId
);
id_type!(
    /// A step towards a goal.
    StepId
);

/// How much an area matters for a participant now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum NeedLevel {
    None,
    Some,
    High,
}

impl NeedLevel {
    pub const ALL: [NeedLevel; 3] = [NeedLevel::None, NeedLevel::Some, NeedLevel::High];

    pub fn slug(self) -> &'static str {
        match self {
            NeedLevel::None => "none",
            NeedLevel::Some => "some",
            NeedLevel::High => "high",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|level| level.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            NeedLevel::None => "No need now",
            NeedLevel::Some => "Some need",
            NeedLevel::High => "High need",
        }
    }
}

/// How a goal turned out when it was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Review {
    Achieved,
    Partly,
    NotYet,
}

impl Review {
    pub const ALL: [Review; 3] = [Review::Achieved, Review::Partly, Review::NotYet];

    pub fn slug(self) -> &'static str {
        match self {
            Review::Achieved => "achieved",
            Review::Partly => "partly",
            Review::NotYet => "not_yet",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|review| review.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Review::Achieved => "Achieved",
            Review::Partly => "Partly achieved",
            Review::NotYet => "Not yet",
        }
    }
}

/// How a one-to-one contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ContactKind {
    Meeting,
    Phone,
    Group,
}

impl ContactKind {
    pub const ALL: [ContactKind; 3] =
        [ContactKind::Meeting, ContactKind::Phone, ContactKind::Group];

    pub fn slug(self) -> &'static str {
        match self {
            ContactKind::Meeting => "meeting",
            ContactKind::Phone => "phone",
            ContactKind::Group => "group",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactKind::Meeting => "Meeting",
            ContactKind::Phone => "Phone call",
            ContactKind::Group => "Group session",
        }
    }
}

/// An area of need, with where the participant stands in it (once assessed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AreaNeed {
    pub area_id: AreaId,
    pub area: String,
    pub level: Option<NeedLevel>,
    pub note: Option<String>,
    pub assessed_on: Option<NaiveDate>,
}

/// A step towards a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub id: StepId,
    pub step: String,
    pub done_on: Option<NaiveDate>,
}

/// A goal with its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalView {
    pub id: GoalId,
    pub area_id: AreaId,
    pub area: String,
    pub title: String,
    pub owner: String,
    pub owner_is_participant: bool,
    pub target_on: NaiveDate,
    pub review: Option<Review>,
    pub review_comment: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    pub steps: Vec<StepView>,
}

impl GoalView {
    /// Past its target date and not achieved: a goal to talk about.
    pub fn overdue_on(&self, today: NaiveDate) -> bool {
        self.target_on < today && self.review != Some(Review::Achieved)
    }
}

/// A one-to-one contact, as the mentor and coordinators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneToOne {
    pub met_on: NaiveDate,
    pub kind: ContactKind,
    pub areas: Vec<String>,
    pub note: String,
    pub by: String,
}

/// A participant's plan as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub participant: PersonId,
    pub name: String,
    pub needs: Vec<AreaNeed>,
    pub goals: Vec<GoalView>,
    pub one_to_ones: Vec<OneToOne>,
    /// Who a goal may be given to: the participant, and the person looking.
    pub owners: Vec<(PersonId, String)>,
    pub today: NaiveDate,
}

/// A participant's own goals, for their phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyGoals {
    pub goals: Vec<GoalView>,
    pub today: NaiveDate,
}
