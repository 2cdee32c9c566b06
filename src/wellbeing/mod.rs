//! Wellbeing measured over time (issue 17): a questionnaire as data (`instrument`: questions,
//! answer scale, scoring rule, read from a file), answered by the participant on their phone
//! one question a screen — or with their mentor, recorded as assisted — at the start, every three
//! months, and at the end; each person's scores over time as a small chart with a table beside it.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::id_type;
use crate::people::PersonId;

#[cfg(feature = "ssr")]
pub mod chart;
pub mod due_page;
#[cfg(feature = "ssr")]
pub mod instrument;
pub mod my_wellbeing_page;
pub mod scores_view;
pub mod their_wellbeing;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod wellbeing_api;

id_type!(
    /// One sitting of the questionnaire, open until every question is answered.
    ResponseId
);

/// Days between check-ins: every three months.
pub const REVIEW_DAYS: u64 = 91;

/// When in the programme a questionnaire is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum TimePoint {
    Start,
    Review,
    End,
}

impl TimePoint {
    pub fn label(self) -> &'static str {
        match self {
            TimePoint::Start => "At the start",
            TimePoint::Review => "Three-month check-in",
            TimePoint::End => "At the end",
        }
    }
}

/// Which check-in is due on `today`, given the last one completed and whether the participant
/// has finished the programme: the start when there has been none (unless they have already
/// finished: there is nothing to measure change against); the end once they have finished
/// (unless it was done); otherwise a review three months after the last.
pub fn due(
    last: Option<(NaiveDate, TimePoint)>,
    finished: bool,
    today: NaiveDate,
) -> Option<TimePoint> {
    match last {
        None if finished => None,
        None => Some(TimePoint::Start),
        Some((_, TimePoint::End)) => None,
        Some(_) if finished => Some(TimePoint::End),
        Some((on, _)) => (next_due(on) <= today).then_some(TimePoint::Review),
    }
}

/// The day the next three-month check-in falls due after one completed `on`.
pub fn next_due(on: NaiveDate) -> NaiveDate {
    on.checked_add_days(Days::new(REVIEW_DAYS)).unwrap_or(on)
}

/// One completed questionnaire's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePoint {
    pub on: NaiveDate,
    /// "18", "19.98".
    pub score: String,
    pub time_point: TimePoint,
    pub assisted: bool,
}

/// A participant's scores over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub instrument: String,
    pub copyright: String,
    pub scores: Vec<ScorePoint>,
    /// The chart, drawn on the server ("" with no scores).
    pub chart_svg: String,
    /// The change since the first score in words, once there are two.
    pub change: Option<String>,
}

/// One question, as its screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub number: usize,
    pub of: usize,
    pub text: String,
    /// "over the last two weeks".
    pub period: String,
    pub choices: Vec<(u8, String)>,
}

/// A participant's own wellbeing page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWellbeing {
    pub history: History,
    /// The question to answer now, when a questionnaire is open.
    pub question: Option<Question>,
    /// The check-in that may be started now.
    pub due: Option<TimePoint>,
    /// When the next check-in falls due, when none is due now.
    pub next_due: Option<NaiveDate>,
}

/// A participant's wellbeing, for their mentor and the coordinators: the history, and the
/// questions to answer together (assisted) when a check-in is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheirWellbeing {
    pub participant: PersonId,
    pub history: History,
    pub due: Option<TimePoint>,
    pub period: String,
    pub questions: Vec<String>,
    pub choices: Vec<(u8, String)>,
}

/// Who is due a check-in, for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueCheckIn {
    pub participant: PersonId,
    pub name: String,
    pub due: TimePoint,
    pub last_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_start_then_every_three_months_then_the_end() {
        let today = day(2026, 12, 2);
        assert_eq!(due(None, false, today), Some(TimePoint::Start));
        assert_eq!(
            due(None, true, today),
            None,
            "finished without ever starting"
        );
        let started = Some((day(2026, 10, 1), TimePoint::Start));
        assert_eq!(due(started, false, today), None, "two months on");
        assert_eq!(next_due(day(2026, 10, 1)), day(2026, 12, 31));
        assert_eq!(
            due(started, false, day(2026, 12, 31)),
            Some(TimePoint::Review)
        );
        assert_eq!(
            due(started, true, today),
            Some(TimePoint::End),
            "finished: the end is due"
        );
        assert_eq!(
            due(
                Some((day(2026, 11, 1), TimePoint::End)),
                true,
                day(2027, 6, 1)
            ),
            None
        );
    }
}
