//! Subject access (issue 17): a participant asks for everything the programme holds about them.
//! The coordinator registers the request; the app works out the day it must be answered by (one
//! calendar month from the day it arrived) and compiles the pack — every record, booking,
//! register mark, ride, note, score and audit entry about the person, without other
//! participants' names — as one readable HTML file with the same data as JSON inside it
//! (`pack`). Registering, compiling and answering are audited.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::id_type;
use crate::people::PersonId;

#[cfg(feature = "ssr")]
pub mod pack;
pub mod requests_page;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod subject_access_api;
#[cfg(feature = "ssr")]
pub mod use_cases;

id_type!(
    /// A subject access request.
    RequestId
);

/// How the request reached the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum HowReceived {
    InPerson,
    Letter,
    Email,
    Phone,
    ThroughSomeone,
}

impl HowReceived {
    pub const ALL: [HowReceived; 5] = [
        HowReceived::InPerson,
        HowReceived::Letter,
        HowReceived::Email,
        HowReceived::Phone,
        HowReceived::ThroughSomeone,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            HowReceived::InPerson => "in_person",
            HowReceived::Letter => "letter",
            HowReceived::Email => "email",
            HowReceived::Phone => "phone",
            HowReceived::ThroughSomeone => "through_someone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HowReceived::InPerson => "In person",
            HowReceived::Letter => "By letter",
            HowReceived::Email => "By email",
            HowReceived::Phone => "By phone",
            HowReceived::ThroughSomeone => "Through someone acting for them (a solicitor, say)",
        }
    }

    pub fn from_slug(slug: &str) -> Option<HowReceived> {
        HowReceived::ALL.into_iter().find(|how| how.slug() == slug)
    }
}

/// The day a request received on `received` must be answered by: one calendar month later, or
/// the last day of the next month when it has no such day (31 January → 28 February).
pub fn due_on(received: NaiveDate) -> NaiveDate {
    received
        .checked_add_months(Months::new(1))
        .unwrap_or(received)
}

/// Reads the day a request arrived: a real date, not in the future, within the last year.
pub fn parse_received(typed: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d")
        .map_err(|_| "Give the day the request arrived, as a date.".to_owned())?;
    if day > today {
        return Err("The day the request arrived cannot be in the future.".into());
    }
    if today
        .checked_sub_months(Months::new(12))
        .is_some_and(|year_ago| day < year_ago)
    {
        return Err("That is more than a year ago: check the date the request arrived.".into());
    }
    Ok(day)
}

/// "Due in 12 days (3 January 2027)", "Due today", "3 days late".
pub fn due_words(due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    let on = due.format("%-d %B %Y");
    match days {
        0 => format!("Due today ({on})"),
        1 => format!("Due tomorrow ({on})"),
        d if d > 1 => format!("Due in {d} days ({on})"),
        -1 => format!("1 day late (was due {on})"),
        d => format!("{} days late (was due {on})", -d),
    }
}

/// A request, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub participant: PersonId,
    pub name: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub how: HowReceived,
    pub answered_on: Option<NaiveDate>,
}

/// The page: the requests (open first, soonest due first) and the participants to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    pub requests: Vec<Request>,
    pub participants: Vec<(PersonId, String)>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_request_is_due_one_calendar_month_after_it_arrives() {
        assert_eq!(due_on(day(2026, 12, 3)), day(2027, 1, 3));
        assert_eq!(due_on(day(2027, 1, 31)), day(2027, 2, 28), "no 31 February");
        assert_eq!(due_on(day(2028, 1, 30)), day(2028, 2, 29), "a leap year");
    }

    #[test]
    fn the_day_it_arrived_is_a_real_recent_date() {
        let today = day(2026, 12, 3);
        assert_eq!(parse_received("2026-11-20", today), Ok(day(2026, 11, 20)));
        assert!(parse_received("2026-12-04", today)
            .unwrap_err()
            .contains("future"));
        assert!(parse_received("2025-11-01", today)
            .unwrap_err()
            .contains("more than a year"));
        for bad in ["", "20/11/2026", "2026-02-30", "yesterday"] {
            assert!(parse_received(bad, today).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn how_long_is_left_in_words() {
        let today = day(2026, 12, 3);
        assert_eq!(due_words(today, today), "Due today (3 December 2026)");
        assert_eq!(
            due_words(day(2026, 12, 15), today),
            "Due in 12 days (15 December 2026)"
        );
        assert_eq!(
            due_words(day(2026, 12, 1), today),
            "2 days late (was due 1 December 2026)"
        );
        for how in HowReceived::ALL {
            assert_eq!(HowReceived::from_slug(how.slug()), Some(how));
        }
    }
}
