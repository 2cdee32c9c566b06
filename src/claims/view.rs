//! A claim as its pages show it: the claimant's month, the approver's queue and the printed
//! form all read this.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::{Pence, Tenths};
use super::states::ClaimState;
use super::{ClaimId, ClaimMonth, ExpenseCategory, LineId};

/// One journey or expense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    pub id: LineId,
    pub date: NaiveDate,
    /// `None` for a journey.
    pub category: Option<ExpenseCategory>,
    /// "Office → Verulamium Park: fishing kit", or the expense's description.
    pub description: String,
    pub distance: Option<Tenths>,
    /// The rate of the journey's first mile, in pence.
    pub rate_pence: Option<i64>,
    pub amount: Pence,
    /// "5 miles at 55p and 7 miles at 25p"; for a draft, what it would be paid if sent now.
    pub priced_as: Option<String>,
    /// A journey's miles at each rate (pence a mile): two bands when it crossed the tax
    /// year's threshold, so miles × rate = amount can be checked band by band. Empty for an
    /// expense.
    pub bands: Vec<(Tenths, i64)>,
    /// `None` for a journey; whether an expense has its receipt photo.
    pub has_receipt: Option<bool>,
}

impl LineView {
    /// "Parking, 3 November": how the line is named in a sentence.
    pub fn name(&self) -> String {
        let kind = self.category.map_or("Journey", ExpenseCategory::short);
        format!("{kind}, {}", self.date.format("%-d %B"))
    }
}

/// A claim, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    /// `None` until the first line is added.
    pub id: Option<ClaimId>,
    pub claimant: String,
    pub month: ClaimMonth,
    pub state: ClaimState,
    /// "Approved on 3 March, £84.20 — paid with your next salary."
    pub standing: String,
    pub lines: Vec<LineView>,
    pub total: Pence,
    /// "Sent on 1 March by Mick Driver", oldest first.
    pub history: Vec<String>,
    /// What stops it being sent now (empty when it can go, or is not a draft).
    pub send_problems: Vec<String>,
    /// The viewer's own claim, still a draft: lines may be added and removed.
    pub may_edit: bool,
    /// The viewer may approve, return or mark paid (someone else's claim).
    pub may_decide: bool,
    /// The approver who approved it, for the printed form.
    pub approved_by: Option<String>,
}
