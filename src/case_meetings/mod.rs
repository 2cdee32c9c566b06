//! The monthly case meeting: a meeting on a day with who came, an agenda the app drafts from
//! the records (the actions still open, the referrals since the last meeting, the people to talk
//! about and why, then everyone on the programme), a one-screen pack per participant shaped by
//! the reader's role, the decisions recorded as actions that carry over until done, and minutes
//! that lock when the meeting closes.
//!
//! - `agenda`: who to talk about and why (pure rules, tested alone).
//! - `pack`: what a participant's pack holds, and who may read which part of it.
//! - `meeting_html` (server): the agenda and the packs as HTML, one text for the page and the
//!   A4 print view.
//! - `use_cases` (server): the order of checks, what is audited; `data::case_meetings` holds
//!   the SQL.
//! - `meetings_api`: the server functions; `meetings_page`: the pages; `routes`: the print view.
//! - `my_actions`: the actions on a person's home page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::id_type;

pub mod meetings_api;
pub mod meetings_page;
pub mod my_actions;

// The rules are pure, but only the server uses them: the agenda and packs are drawn there.
#[cfg(feature = "ssr")]
pub mod agenda;
#[cfg(feature = "ssr")]
pub mod meeting_html;
#[cfg(feature = "ssr")]
pub mod pack;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod use_cases;

id_type!(
    /// A case meeting.
    MeetingId
);
id_type!(
    /// An action decided at a case meeting.
    ActionId
);
id_type!(
    /// One entry in a meeting's minutes.
    MinuteId
);

/// A meeting in the list of meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub held_on: NaiveDate,
    pub closed: bool,
    pub attendees: i64,
    pub actions: i64,
}

/// The list of meetings, and whether the reader runs them (opens, minutes, closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meetings {
    pub meetings: Vec<MeetingSummary>,
    pub runs_meetings: bool,
    pub today: NaiveDate,
    /// Why the last plain form sent from this page was refused, shown once.
    pub refusal: Option<String>,
}

/// A page drawn on the server: its title and its HTML (every value in it escaped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnPage {
    pub title: String,
    pub html: String,
    /// Why the last plain form sent from this page was refused, shown once.
    pub refusal: Option<String>,
}

/// The longest action or minute entry, in characters.
pub const MOST_WORDS: usize = 4000;
pub const MOST_ACTION_WORDS: usize = 500;

/// An action's words, trimmed and checked.
pub fn parse_words(text: &str, most: usize, what: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        Err(format!("Write {what}."))
    } else if text.chars().count() > most {
        Err(format!("Keep {what} to {most} characters."))
    } else if !crate::forms::is_typed_text(text) {
        Err(format!(
            "Write {what} as plain text: it holds a character that cannot be typed."
        ))
    } else {
        Ok(text.to_owned())
    }
}

/// A date from a form ("2026-03-04"), with the field's name in the refusal.
pub fn parse_day(text: &str, field: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|day| (2000..=2100).contains(&chrono::Datelike::year(day)))
        .ok_or_else(|| format!("Give {field} as a date, like 2026-03-04."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_trimmed_and_bounded_with_a_sentence() {
        assert_eq!(
            parse_words("  Call Probation ", 500, "what is to be done"),
            Ok("Call Probation".into())
        );
        assert_eq!(
            parse_words("   ", 500, "what is to be done"),
            Err("Write what is to be done.".into())
        );
        assert!(parse_words(&"x".repeat(501), 500, "it")
            .unwrap_err()
            .contains("500"));
    }

    #[test]
    fn a_day_must_be_a_real_date_in_range() {
        assert_eq!(
            parse_day("2026-03-04", "the day"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap())
        );
        assert!(parse_day("2026-02-30", "the day").is_err());
        assert!(parse_day("1066-10-14", "the day").is_err());
        assert_eq!(
            parse_day("soon", "the due date").unwrap_err(),
            "Give the due date as a date, like 2026-03-04."
        );
    }
}

/// An action as its owner, the coordinator and the meeting see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ActionLine {
    pub id: ActionId,
    pub meeting_id: MeetingId,
    /// The day of the meeting that decided it.
    pub raised_on: NaiveDate,
    pub participant_id: crate::people::PersonId,
    pub participant: String,
    pub what: String,
    pub owner_id: crate::people::PersonId,
    pub owner: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl ActionLine {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.due_on < today
    }

    /// "Due 11 March", "Overdue since 11 March", "Done on 9 March".
    pub fn state(&self, today: NaiveDate) -> String {
        use crate::days_and_times::day_month;
        match self.done_on {
            Some(done) => format!("Done on {}", day_month(done)),
            None if self.overdue(today) => format!("Overdue since {}", day_month(self.due_on)),
            None => format!("Due {}", day_month(self.due_on)),
        }
    }
}
