//! A claim's life: draft → submitted → approved → paid, or returned with a reason (back to draft).
//! Who may move it, what it must hold to be sent, and how each state reads to the claimant.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::Pence;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ClaimState {
    Draft,
    Submitted,
    Approved,
    Paid,
}

impl ClaimState {
    /// "submitted": the stored word, and the page's class for the state.
    pub fn slug(self) -> &'static str {
        match self {
            ClaimState::Draft => "draft",
            ClaimState::Submitted => "submitted",
            ClaimState::Approved => "approved",
            ClaimState::Paid => "paid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimState::Draft => "Draft",
            ClaimState::Submitted => "Waiting for approval",
            ClaimState::Approved => "Approved",
            ClaimState::Paid => "Paid",
        }
    }
}

/// What someone asks to do to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ClaimStep {
    Submit,
    Return,
    Approve,
    MarkPaid,
}

impl ClaimStep {
    /// The state the step leaves the claim in.
    pub fn to(self) -> ClaimState {
        match self {
            ClaimStep::Submit => ClaimState::Submitted,
            ClaimStep::Return => ClaimState::Draft,
            ClaimStep::Approve => ClaimState::Approved,
            ClaimStep::MarkPaid => ClaimState::Paid,
        }
    }

    /// The state the claim must be in for the step.
    pub fn from(self) -> ClaimState {
        match self {
            ClaimStep::Submit => ClaimState::Draft,
            ClaimStep::Return | ClaimStep::Approve => ClaimState::Submitted,
            ClaimStep::MarkPaid => ClaimState::Approved,
        }
    }

    /// "approved": for the history and the audit log.
    pub fn past_tense(self) -> &'static str {
        match self {
            ClaimStep::Submit => "sent",
            ClaimStep::Return => "returned",
            ClaimStep::Approve => "approved",
            ClaimStep::MarkPaid => "marked paid",
        }
    }
}

/// Why a step is refused, or `None` when `by` may take it now. `claimant`: whether `by` is the
/// person the claim is for. Sending is the claimant's alone; deciding and paying are an
/// approver's, and never on their own claim.
pub fn refusal(step: ClaimStep, state: ClaimState, claimant: bool) -> Option<String> {
    match step {
        ClaimStep::Submit if !claimant => {
            return Some("Only the person claiming can send their claim.".into())
        }
        ClaimStep::Return | ClaimStep::Approve | ClaimStep::MarkPaid if claimant => {
            return Some(
                "Nobody approves or pays their own claim: another coordinator or team leader must."
                    .into(),
            )
        }
        _ => {}
    }
    if state == step.from() {
        return None;
    }
    Some(match (step, state) {
        (_, ClaimState::Paid) => "This claim has already been paid.".into(),
        (ClaimStep::Submit, _) => "This claim has already been sent.".into(),
        (ClaimStep::MarkPaid, _) => "Only an approved claim can be marked paid.".into(),
        (_, ClaimState::Approved) => "This claim has already been approved.".into(),
        _ => "This claim has not been sent yet, so there is nothing to decide.".into(),
    })
}

/// One line as the send check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineToSend {
    /// "Parking, 3 March" — how the line is named in a refusal.
    pub name: String,
    pub amount: Pence,
    /// `None` for a journey (no receipt asked for).
    pub has_receipt: Option<bool>,
}

/// Everything that stops a claim being sent, in words; empty when it can go.
pub fn send_problems(lines: &[LineToSend]) -> Vec<String> {
    if lines.is_empty() {
        return vec!["Add at least one journey or expense before sending the claim.".into()];
    }
    let mut problems = Vec::new();
    for line in lines {
        if line.amount.0 <= 0 {
            problems.push(format!(
                "{} comes to £0.00: put the amount right or remove the line.",
                line.name
            ));
        }
        if line.has_receipt == Some(false) {
            problems.push(format!(
                "{} has no receipt photo: add one, or remove the line.",
                line.name
            ));
        }
    }
    problems
}

/// Where a claim stands, for the sentence the claimant reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub state: ClaimState,
    pub total: Pence,
    /// When it was last sent, approved or paid (programme dates).
    pub sent_on: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    /// The reason, when the claim was returned and not yet sent again.
    pub returned: Option<(NaiveDate, String)>,
}

/// "Approved on 3 March, £84.20 — paid with your next salary."
pub fn in_words(standing: &Standing) -> String {
    let total = standing.total.words();
    let on = |date: Option<NaiveDate>| {
        date.map(|d| format!(" on {}", d.format("%-d %B")))
            .unwrap_or_default()
    };
    match standing.state {
        ClaimState::Draft => match &standing.returned {
            Some((date, reason)) => format!(
                "Returned on {}: {reason} Change what is asked, then send it again.",
                date.format("%-d %B")
            ),
            None => format!(
                "Not sent yet ({total} so far). Add your journeys and expenses, then send it."
            ),
        },
        ClaimState::Submitted => {
            format!(
                "Sent{}, {total} — waiting for approval.",
                on(standing.sent_on)
            )
        }
        ClaimState::Approved => format!(
            "Approved{}, {total} — paid with your next salary.",
            on(standing.approved_on)
        ),
        ClaimState::Paid => format!("Paid{}, {total}.", on(standing.paid_on)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2027, m, d)
    }

    #[test]
    fn each_step_needs_its_state_and_the_right_person() {
        use ClaimState::*;
        use ClaimStep::*;
        assert_eq!(refusal(Submit, Draft, true), None);
        assert_eq!(refusal(Approve, Submitted, false), None);
        assert_eq!(refusal(Return, Submitted, false), None);
        assert_eq!(refusal(MarkPaid, Approved, false), None);
        assert!(refusal(Submit, Draft, false)
            .unwrap()
            .contains("Only the person"));
        assert!(refusal(Approve, Submitted, true)
            .unwrap()
            .contains("Nobody approves"));
        assert!(refusal(MarkPaid, Approved, true)
            .unwrap()
            .contains("Nobody approves"));
        assert!(refusal(Approve, Draft, false)
            .unwrap()
            .contains("not been sent"));
        assert!(refusal(MarkPaid, Submitted, false)
            .unwrap()
            .contains("Only an approved"));
        assert!(refusal(Approve, Paid, false)
            .unwrap()
            .contains("already been paid"));
        assert!(refusal(Submit, Submitted, true)
            .unwrap()
            .contains("already been sent"));
        for step in [Submit, Return, Approve, MarkPaid] {
            for state in [Draft, Submitted, Approved, Paid] {
                if let Some(sentence) = refusal(step, state, step == Submit) {
                    assert!(sentence.ends_with('.'), "{sentence}");
                }
            }
        }
    }

    #[test]
    fn a_claim_is_sent_only_with_no_empty_line_and_every_receipt() {
        assert_eq!(send_problems(&[]).len(), 1);
        let line = |name: &str, pence, receipt| LineToSend {
            name: name.into(),
            amount: Pence(pence),
            has_receipt: receipt,
        };
        let good = [
            line("Journey, 3 March", 550, None),
            line("Parking, 3 March", 320, Some(true)),
        ];
        assert!(send_problems(&good).is_empty());
        let bad = [
            line("Journey, 4 March", 0, None),
            line("Fuel, 5 March", 4000, Some(false)),
        ];
        assert_eq!(
            send_problems(&bad),
            [
                "Journey, 4 March comes to £0.00: put the amount right or remove the line.",
                "Fuel, 5 March has no receipt photo: add one, or remove the line."
            ]
        );
    }

    #[test]
    fn the_claimant_reads_where_their_claim_stands() {
        let mut standing = Standing {
            state: ClaimState::Approved,
            total: Pence(8420),
            sent_on: day(3, 1),
            approved_on: day(3, 3),
            paid_on: None,
            returned: None,
        };
        assert_eq!(
            in_words(&standing),
            "Approved on 3 March, £84.20 — paid with your next salary."
        );
        standing.state = ClaimState::Submitted;
        assert_eq!(
            in_words(&standing),
            "Sent on 1 March, £84.20 — waiting for approval."
        );
        standing.state = ClaimState::Paid;
        standing.paid_on = day(3, 28);
        assert_eq!(in_words(&standing), "Paid on 28 March, £84.20.");
        standing.state = ClaimState::Draft;
        standing.returned = Some((
            day(3, 2).unwrap(),
            "The parking receipt is unreadable.".into(),
        ));
        assert_eq!(
            in_words(&standing),
            "Returned on 2 March: The parking receipt is unreadable. Change what is asked, then send it again."
        );
    }
}
