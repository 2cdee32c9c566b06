//! Calendar weeks, Monday to Sunday, as the programme plans them.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A Monday-to-Sunday week. Any date can name it; it always holds its Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "NaiveDate", into = "NaiveDate")]
pub struct Week {
    monday: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeekParseError {
    #[error("“{0}” is not a date. Use the form 2026-03-02.")]
    NotADate(String),
    #[error("The programme plans weeks between 2000 and 2100 only.")]
    OutOfRange,
}

/// The years the programme plans in. Keeps date arithmetic far from chrono's limits.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// What to say about a date outside [`SUPPORTED_YEARS`].
pub const UNSUPPORTED_DATE: &str = "Choose a date between 2000 and 2100.";

/// Is `date` in a year the programme plans in? Every date that arrives from outside is checked
/// with this before any arithmetic: `+262143-12-31` is a date chrono can read, and a free-slot
/// search a few days past it overflows.
pub fn is_supported(date: NaiveDate) -> bool {
    SUPPORTED_YEARS.contains(&date.year())
}

impl Week {
    /// The week that holds `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let from_monday = u64::from(date.weekday().num_days_from_monday());
        Self {
            // Only the first week chrono can represent has no Monday before it.
            monday: date
                .checked_sub_days(Days::new(from_monday))
                .unwrap_or(date),
        }
    }

    /// Reads a week from a date in it, written `YYYY-MM-DD` (as in the page address).
    pub fn parse(text: &str) -> Result<Self, WeekParseError> {
        let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| WeekParseError::NotADate(text.chars().take(40).collect()))?;
        let week = Self::containing(date);
        if week.is_supported() {
            Ok(week)
        } else {
            Err(WeekParseError::OutOfRange)
        }
    }

    /// True when the week lies in [`SUPPORTED_YEARS`]; checked again on the server, because a
    /// week that arrives over the wire was not necessarily made by [`Week::parse`].
    pub fn is_supported(self) -> bool {
        SUPPORTED_YEARS.contains(&self.monday.year())
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn sunday(self) -> NaiveDate {
        self.shifted(6)
    }

    /// The seven days, Monday first.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.monday.iter_days().take(7)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.monday..=self.sunday()).contains(&date)
    }

    pub fn previous(self) -> Self {
        Self {
            monday: self
                .monday
                .checked_sub_days(Days::new(7))
                .unwrap_or(self.monday),
        }
    }

    pub fn next(self) -> Self {
        Self {
            monday: self.shifted(7),
        }
    }

    /// `days` after Monday; stays on Monday at the very end of chrono's calendar rather than panic.
    fn shifted(self, days: u64) -> NaiveDate {
        self.monday
            .checked_add_days(Days::new(days))
            .unwrap_or(self.monday)
    }

    /// A heading people read at a glance: "23 – 29 November 2026", "30 Nov – 6 Dec 2026".
    pub fn label(self) -> String {
        let (start, end) = (self.monday, self.sunday());
        if start.year() != end.year() {
            format!(
                "{} – {}",
                start.format("%-d %b %Y"),
                end.format("%-d %b %Y")
            )
        } else if start.month() != end.month() {
            format!("{} – {}", start.format("%-d %b"), end.format("%-d %b %Y"))
        } else {
            format!("{} – {}", start.format("%-d"), end.format("%-d %B %Y"))
        }
    }
}

impl From<NaiveDate> for Week {
    fn from(date: NaiveDate) -> Self {
        Self::containing(date)
    }
}

impl From<Week> for NaiveDate {
    fn from(week: Week) -> Self {
        week.monday
    }
}

/// True for Saturday and Sunday, when the programme usually does not run.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_day_names_the_week_of_its_monday() {
        let monday = date(2026, 11, 23);
        for day in Week::containing(monday).days() {
            assert_eq!(Week::containing(day).monday(), monday);
        }
        assert_eq!(
            Week::containing(date(2026, 11, 22)).monday(),
            date(2026, 11, 16)
        );
    }

    #[test]
    fn weeks_step_by_seven_days_across_year_ends() {
        let week = Week::containing(date(2026, 12, 30));
        assert_eq!(week.monday(), date(2026, 12, 28));
        assert_eq!(week.sunday(), date(2027, 1, 3));
        assert_eq!(week.next().monday(), date(2027, 1, 4));
        assert_eq!(week.next().previous(), week);
        assert_eq!(week.days().count(), 7);
    }

    #[test]
    fn parses_dates_and_explains_what_it_cannot() {
        assert_eq!(
            Week::parse(" 2026-11-25 ").unwrap().monday(),
            date(2026, 11, 23)
        );
        let error = Week::parse("next tuesday").unwrap_err();
        assert!(error.to_string().contains("next tuesday"));
        assert!(Week::parse("2026-02-30").is_err());
        assert_eq!(Week::parse("1999-12-01"), Err(WeekParseError::OutOfRange));
        assert!(!Week::containing(NaiveDate::MAX).is_supported());
        assert_eq!(Week::containing(NaiveDate::MIN).monday(), NaiveDate::MIN);
    }

    #[test]
    fn labels_read_naturally() {
        assert_eq!(
            Week::containing(date(2026, 11, 23)).label(),
            "23 – 29 November 2026"
        );
        assert_eq!(
            Week::containing(date(2026, 12, 1)).label(),
            "30 Nov – 6 Dec 2026"
        );
        assert_eq!(
            Week::containing(date(2026, 12, 31)).label(),
            "28 Dec 2026 – 3 Jan 2027"
        );
    }

    #[test]
    fn contains_only_its_own_days() {
        let week = Week::containing(date(2026, 11, 23));
        assert!(week.contains(date(2026, 11, 29)));
        assert!(!week.contains(date(2026, 11, 30)));
        assert!(!week.contains(date(2026, 11, 22)));
    }
}
