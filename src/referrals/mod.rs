//! Referrals from Probation, the Police, partners and self-referral, on their way to becoming a
//! participant (issue 17): the record (who referred whom, with what consent), its journey from
//! received to closed, the coordinator's intake queue, and the secret links partner agencies
//! refer through. The rules (`status`, `form`) are shared with the browser; the use cases and
//! server functions are the server's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::id_type;
use crate::people::{PersonId, ReferralSource};

pub mod form;
pub mod intake_page;
pub mod partners_page;
pub mod refer_page;
pub mod referral_page;
pub mod referrals_api;
pub mod status;
#[cfg(feature = "ssr")]
pub mod use_cases;

use status::{CloseReason, ReferralStatus};

id_type!(
    /// One referral, from its arrival to its closing.
    ReferralId
);

id_type!(
    /// A partner agency's referral link.
    PartnerLinkId
);

/// Who sent a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Source {
    Probation,
    Police,
    ThirdSector,
    #[serde(rename = "self")]
    #[cfg_attr(feature = "ssr", sqlx(rename = "self"))]
    SelfReferral,
    Other,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::Probation,
        Source::Police,
        Source::ThirdSector,
        Source::SelfReferral,
        Source::Other,
    ];

    /// The kinds of agency a partner link is issued to (a person refers themselves through the
    /// public form instead).
    pub const PARTNERS: [Source; 4] = [
        Source::Probation,
        Source::Police,
        Source::ThirdSector,
        Source::Other,
    ];

    /// The word stored in the database and used in forms.
    pub fn slug(self) -> &'static str {
        match self {
            Source::Probation => "probation",
            Source::Police => "police",
            Source::ThirdSector => "third_sector",
            Source::SelfReferral => "self",
            Source::Other => "other",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|source| source.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Probation => "Probation",
            Source::Police => "Police",
            Source::ThirdSector => "Another charity or community group",
            Source::SelfReferral => "Self-referral",
            Source::Other => "Other (GP, housing, family…)",
        }
    }

    /// What the participant's record says about who referred them. That record predates
    /// referrals and knows four sources; "other" is filed with the partner agencies under third
    /// sector there, while the referral itself keeps the exact source for the reports.
    pub fn for_participant(self) -> ReferralSource {
        match self {
            Source::Probation => ReferralSource::Probation,
            Source::Police => ReferralSource::Police,
            Source::ThirdSector | Source::Other => ReferralSource::ThirdSector,
            Source::SelfReferral => ReferralSource::SelfReferral,
        }
    }
}

/// How the person agreed to being referred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ConsentHow {
    Written,
    Verbal,
    /// They filled in the self-referral form.
    OnlineForm,
}

impl ConsentHow {
    pub fn slug(self) -> &'static str {
        match self {
            ConsentHow::Written => "written",
            ConsentHow::Verbal => "verbal",
            ConsentHow::OnlineForm => "online_form",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentHow::Written => "In writing",
            ConsentHow::Verbal => "Spoken (verbal)",
            ConsentHow::OnlineForm => "On the self-referral form",
        }
    }
}

/// What the programme may tell the referrer afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ShareBack {
    Nothing,
    Attendance,
    Progress,
}

impl ShareBack {
    pub const ALL: [ShareBack; 3] = [
        ShareBack::Nothing,
        ShareBack::Attendance,
        ShareBack::Progress,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ShareBack::Nothing => "nothing",
            ShareBack::Attendance => "attendance",
            ShareBack::Progress => "progress",
        }
    }

    pub fn from_slug(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|choice| choice.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ShareBack::Nothing => "Nothing beyond whether they started",
            ShareBack::Attendance => "Whether they are coming to sessions",
            ShareBack::Progress => "How they are getting on: attendance and their goals",
        }
    }
}

/// A referral as the intake queue lists it: enough to sort and choose, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralSummary {
    pub id: ReferralId,
    pub name: String,
    pub source: Source,
    pub organisation: Option<String>,
    pub received_on: NaiveDate,
    pub status: ReferralStatus,
    pub close_reason: Option<CloseReason>,
    /// Whole days since it arrived (to today, or to its closing).
    pub days_waiting: i64,
    /// Why they may not be eligible, in words; empty when nothing stands out.
    pub eligibility: Vec<String>,
}

/// One step in a referral's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStep {
    pub status: ReferralStatus,
    pub close_reason: Option<CloseReason>,
    pub note: Option<String>,
    /// Who took it; `None` for the referral form itself.
    pub by: Option<String>,
    pub on_date: NaiveDate,
}

/// A referral whole, for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralDetail {
    pub summary: ReferralSummary,
    pub referrer_name: Option<String>,
    pub referrer_contact: Option<String>,
    pub born_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub town: Option<String>,
    pub in_area: bool,
    pub reason: Option<String>,
    pub consent_how: ConsentHow,
    pub consent_on: NaiveDate,
    pub share_back: ShareBack,
    pub participant: Option<(PersonId, String)>,
    /// Participants already known with the same family name, who the referral may be about.
    pub possible_matches: Vec<(PersonId, String)>,
    pub history: Vec<ReferralStep>,
    pub days_to_first_contact: Option<i64>,
    pub days_to_first_session: Option<i64>,
}

/// A partner link as the coordinator sees it (never its secret, which is shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PartnerLinkView {
    pub id: PartnerLinkId,
    pub organisation: String,
    pub source: Source,
    pub created_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    pub referrals: i64,
}

impl PartnerLinkView {
    /// Whether the link still refers on `today`.
    pub fn works_on(&self, today: NaiveDate) -> bool {
        self.revoked_on.is_none() && today < self.expires_on
    }
}

/// A link just issued: its address, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedLink {
    pub organisation: String,
    pub url: String,
    pub expires_on: NaiveDate,
}
