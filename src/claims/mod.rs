//! Expense claims: one per person per month, with own-car journeys paid at the rate in force
//! and expenses with a receipt photo; sent, approved (or returned) and paid. The rules here are
//! shared by server and browser; `use_cases` holds what people do, once for both databases.

pub mod approvals_page;
pub mod claim_form_page;
pub mod claims_api;
pub mod claims_page;
pub mod export;
pub mod money;
pub mod rates;
pub mod receipt_file;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod states;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod view;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::forms;
use crate::ids::id_type;
use money::{Pence, Tenths};

id_type!(
    /// One claim: a person's month.
    ClaimId
);
id_type!(
    /// One journey or expense on a claim.
    LineId
);

/// What an expense was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum ExpenseCategory {
    Fuel,
    Parking,
    Tolls,
    ParticipantLunch,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 5] = [
        ExpenseCategory::Fuel,
        ExpenseCategory::Parking,
        ExpenseCategory::Tolls,
        ExpenseCategory::ParticipantLunch,
        ExpenseCategory::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExpenseCategory::Fuel => "Fuel for the people carrier",
            ExpenseCategory::Parking => "Parking",
            ExpenseCategory::Tolls => "Tolls and charges",
            ExpenseCategory::ParticipantLunch => "A participant's lunch",
            ExpenseCategory::Other => "Something else",
        }
    }

    /// The short name in a list, a refusal and the CSV's category column.
    pub fn short(self) -> &'static str {
        match self {
            ExpenseCategory::Fuel => "Fuel",
            ExpenseCategory::Parking => "Parking",
            ExpenseCategory::Tolls => "Tolls",
            ExpenseCategory::ParticipantLunch => "Participant lunch",
            ExpenseCategory::Other => "Other",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ExpenseCategory::Fuel => "fuel",
            ExpenseCategory::Parking => "parking",
            ExpenseCategory::Tolls => "tolls",
            ExpenseCategory::ParticipantLunch => "participant_lunch",
            ExpenseCategory::Other => "other",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }
}

/// The years a claim, a line or a mileage rate may be dated in: a line outside them would make
/// a claim no page can open.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// The month a claim is for, as its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimMonth(pub NaiveDate);

impl ClaimMonth {
    pub fn containing(date: NaiveDate) -> ClaimMonth {
        ClaimMonth(date.with_day(1).unwrap_or(date))
    }

    /// Reads "2026-11" (the address and form value of a month).
    pub fn parse(text: &str) -> Option<ClaimMonth> {
        let (year, month) = text.trim().split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        (FIRST_YEAR..=LAST_YEAR)
            .contains(&year)
            .then(|| NaiveDate::from_ymd_opt(year, month, 1))
            .flatten()
            .map(ClaimMonth)
    }

    /// "2026-11".
    pub fn slug(self) -> String {
        self.0.format("%Y-%m").to_string()
    }

    /// "November 2026".
    pub fn words(self) -> String {
        self.0.format("%B %Y").to_string()
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().0.pred_opt().unwrap_or(self.0)
    }

    pub fn next(self) -> ClaimMonth {
        ClaimMonth(
            self.0
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.0),
        )
    }

    pub fn previous(self) -> ClaimMonth {
        ClaimMonth(
            self.0
                .checked_sub_months(chrono::Months::new(1))
                .unwrap_or(self.0),
        )
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        ClaimMonth::containing(date) == self
    }
}

/// A journey or expense as typed, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineForm {
    /// "journey" or "expense".
    pub kind: String,
    pub date: String,
    pub from: String,
    pub to: String,
    pub purpose: String,
    pub miles: String,
    pub category: String,
    pub description: String,
    pub amount: String,
}

/// A line that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineDraft {
    /// Own car, for work: paid by the mile at the rate in force on `date`.
    Journey {
        date: NaiveDate,
        from: String,
        to: String,
        purpose: String,
        distance: Tenths,
    },
    /// Paid back at cost, with a receipt photo.
    Expense {
        date: NaiveDate,
        category: ExpenseCategory,
        description: String,
        amount: Pence,
    },
}

impl LineDraft {
    pub fn date(&self) -> NaiveDate {
        match self {
            LineDraft::Journey { date, .. } | LineDraft::Expense { date, .. } => *date,
        }
    }

    /// Reads a line for the claim of `month`, dated no later than `today`; or every problem in
    /// plain words.
    pub fn parse(
        form: &LineForm,
        month: ClaimMonth,
        today: NaiveDate,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
        match date {
            None => problems.push("Enter the date (day, month and year).".to_owned()),
            Some(date) if !month.contains(date) => problems.push(format!(
                "This claim is for {}: put {} on the claim for its own month.",
                month.words(),
                date.format("%-d %B %Y")
            )),
            Some(date) if date > today => problems
                .push("The date is still to come: claim it once it has happened.".to_owned()),
            Some(date) if date.year() < FIRST_YEAR => problems.push(format!(
                "Claims go back to {FIRST_YEAR} at the earliest: check the year."
            )),
            Some(_) => {}
        }
        let draft = match form.kind.trim() {
            "journey" => {
                let from = forms::required_text(&form.from, 100);
                let to = forms::required_text(&form.to, 100);
                let purpose = forms::required_text(&form.purpose, 200);
                let distance = Tenths::parse(&form.miles);
                if from.is_none() || to.is_none() {
                    problems.push(
                        "Say where the journey started and ended (up to 100 characters each)."
                            .into(),
                    );
                }
                if purpose.is_none() {
                    problems.push("Say what the journey was for (up to 200 characters).".into());
                }
                if distance.is_none() {
                    problems.push("Enter the miles, like 12 or 12.5 (up to 1,000).".into());
                }
                match (date, from, to, purpose, distance) {
                    (Some(date), Some(from), Some(to), Some(purpose), Some(distance)) => {
                        Some(LineDraft::Journey {
                            date,
                            from,
                            to,
                            purpose,
                            distance,
                        })
                    }
                    _ => None,
                }
            }
            "expense" => {
                let category = ExpenseCategory::from_slug(form.category.trim());
                let description = forms::optional_text(&form.description, 200);
                let amount = Pence::parse(&form.amount).filter(|a| a.0 > 0);
                if category.is_none() {
                    problems.push("Choose what the expense was for.".into());
                }
                let description = match (description, category) {
                    (Err(_), _) => {
                        problems.push("Keep the description to 200 characters.".into());
                        None
                    }
                    (Ok(None), Some(ExpenseCategory::Other)) => {
                        problems.push("Say what the expense was.".into());
                        None
                    }
                    (Ok(text), _) => Some(text.unwrap_or_default()),
                };
                if amount.is_none() {
                    problems.push(
                        "Enter the amount in pounds and pence, like 4.50 (up to £10,000).".into(),
                    );
                }
                match (date, category, description, amount) {
                    (Some(date), Some(category), Some(description), Some(amount)) => {
                        Some(LineDraft::Expense {
                            date,
                            category,
                            description,
                            amount,
                        })
                    }
                    _ => None,
                }
            }
            _ => {
                problems.push("Choose a journey or an expense.".into());
                None
            }
        };
        match draft {
            Some(draft) if problems.is_empty() => Ok(draft),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn november() -> ClaimMonth {
        ClaimMonth::parse("2026-11").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    #[test]
    fn months_read_and_step() {
        let month = november();
        assert_eq!(month.words(), "November 2026");
        assert_eq!(month.slug(), "2026-11");
        assert_eq!(
            month.last_day(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(month.next().slug(), "2026-12");
        assert_eq!(
            ClaimMonth::parse("2026-12").unwrap().next().slug(),
            "2027-01"
        );
        assert_eq!(ClaimMonth::parse("2026-13"), None);
        assert_eq!(ClaimMonth::parse("1066-10"), None);
    }

    #[test]
    fn a_journey_and_an_expense_read_from_the_form() {
        let journey = LineForm {
            kind: "journey".into(),
            date: "2026-11-03".into(),
            from: "Office".into(),
            to: "Verulamium Park".into(),
            purpose: "Fishing session kit".into(),
            miles: "12.5".into(),
            ..LineForm::default()
        };
        assert!(matches!(
            LineDraft::parse(&journey, november(), today()),
            Ok(LineDraft::Journey {
                distance: Tenths(125),
                ..
            })
        ));
        let expense = LineForm {
            kind: "expense".into(),
            date: "2026-11-04".into(),
            category: "parking".into(),
            amount: "£3.20".into(),
            ..LineForm::default()
        };
        assert!(matches!(
            LineDraft::parse(&expense, november(), today()),
            Ok(LineDraft::Expense {
                amount: Pence(320),
                ..
            })
        ));
    }

    #[test]
    fn a_line_outside_its_month_or_still_to_come_is_refused_in_words() {
        let mut expense = LineForm {
            kind: "expense".into(),
            date: "2026-10-31".into(),
            category: "other".into(),
            amount: "0".into(),
            ..LineForm::default()
        };
        let problems = LineDraft::parse(&expense, november(), today()).unwrap_err();
        assert_eq!(
            problems,
            [
                "This claim is for November 2026: put 31 October 2026 on the claim for its own month.",
                "Say what the expense was.",
                "Enter the amount in pounds and pence, like 4.50 (up to £10,000)."
            ]
        );
        expense.date = "2026-11-25".into();
        let problems = LineDraft::parse(&expense, november(), today()).unwrap_err();
        assert!(problems[0].contains("still to come"));
        // A year no claim page can open is refused, not kept.
        expense.date = "1999-12-31".into();
        let long_ago = ClaimMonth::containing(NaiveDate::from_ymd_opt(1999, 12, 1).unwrap());
        let problems = LineDraft::parse(&expense, long_ago, today()).unwrap_err();
        assert!(problems[0].contains("back to 2000"), "{problems:?}");
    }
}
