//! The period a report covers: a month, a quarter, a year, or any two dates. Pure, for the
//! server and the page's form alike.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest period a report covers: five years is more than any funder asks for, and keeps
/// one request from reading the whole history of a large provider.
const LONGEST_DAYS: i64 = 5 * 366;

/// From `first` to `last`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// The period from the form's two dates ("2026-07-01", "2026-09-30"), or the sentence that
    /// says what is wrong with them.
    pub fn parse(first: &str, last: &str) -> Result<Period, String> {
        let day = |text: &str, which: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| format!("Give the {which} day as a date, like 2026-07-01."))
        };
        let (first, last) = (day(first, "first")?, day(last, "last")?);
        if last < first {
            return Err("The last day comes before the first: swap them round.".into());
        }
        if (last - first).num_days() >= LONGEST_DAYS {
            return Err("A report covers five years at most: choose a shorter period.".into());
        }
        Ok(Period { first, last })
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Period { first, last })
    }

    /// The calendar quarter (1: January to March) of `year`.
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1)?;
        let last = first.checked_add_months(Months::new(3))?.pred_opt()?;
        Some(Period { first, last })
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            first: NaiveDate::from_ymd_opt(year, 1, 1)?,
            last: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// The quarter `day` falls in.
    pub fn quarter_of(day: NaiveDate) -> Period {
        let quarter = (day.month() - 1) / 3 + 1;
        Period::quarter(day.year(), quarter).unwrap_or(Period {
            first: day,
            last: day,
        })
    }

    /// The quarter before the one `day` falls in: the last whole quarter, what a funder asks
    /// about.
    pub fn quarter_before(day: NaiveDate) -> Period {
        let this = Period::quarter_of(day);
        this.first
            .pred_opt()
            .map(Period::quarter_of)
            .unwrap_or(this)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// The first day of each month the period touches.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = self.first.with_day(1).unwrap_or(self.first);
        while month <= self.last {
            months.push(month);
            match month.checked_add_months(Months::new(1)) {
                Some(next) => month = next,
                None => break,
            }
        }
        months
    }

    /// The period in words: "July to September 2026 (Q3)", "March 2026", "2026", or the two
    /// days.
    pub fn name(&self) -> String {
        let (first, last) = (self.first, self.last);
        if let Some(month) = Period::month(first.year(), first.month()) {
            if month == *self {
                return first.format("%B %Y").to_string();
            }
        }
        let quarter = Period::quarter_of(first);
        if quarter == *self {
            return format!(
                "{} to {} (Q{})",
                first.format("%B"),
                last.format("%B %Y"),
                (first.month() - 1) / 3 + 1
            );
        }
        if Period::year(first.year()) == Some(*self) {
            return first.year().to_string();
        }
        format!(
            "{} to {}",
            first.format("%-d %B %Y"),
            last.format("%-d %B %Y")
        )
    }

    /// For file names: "2026-07-01_2026-09-30".
    pub fn slug(&self) -> String {
        format!("{}_{}", self.first, self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_quarters_and_years_end_on_their_last_day() {
        assert_eq!(Period::month(2028, 2).unwrap().last, day("2028-02-29"));
        assert_eq!(Period::quarter(2026, 3).unwrap().first, day("2026-07-01"));
        assert_eq!(Period::quarter(2026, 4).unwrap().last, day("2026-12-31"));
        assert_eq!(Period::quarter(2026, 5), None);
        assert_eq!(Period::year(2026).unwrap().last, day("2026-12-31"));
    }

    #[test]
    fn the_quarter_before_crosses_the_new_year() {
        let before = Period::quarter_before(day("2027-02-10"));
        assert_eq!(
            (before.first, before.last),
            (day("2026-10-01"), day("2026-12-31"))
        );
    }

    #[test]
    fn each_period_names_itself() {
        assert_eq!(Period::month(2026, 3).unwrap().name(), "March 2026");
        assert_eq!(
            Period::quarter(2026, 3).unwrap().name(),
            "July to September 2026 (Q3)"
        );
        assert_eq!(Period::year(2026).unwrap().name(), "2026");
        let custom = Period::parse("2026-03-05", "2026-04-20").unwrap();
        assert_eq!(custom.name(), "5 March 2026 to 20 April 2026");
        assert_eq!(custom.months(), [day("2026-03-01"), day("2026-04-01")]);
    }

    #[test]
    fn a_bad_period_is_refused_in_words() {
        assert!(Period::parse("2026-13-01", "2026-12-01")
            .unwrap_err()
            .contains("first day"));
        assert!(Period::parse("2026-05-01", "2026-04-01")
            .unwrap_err()
            .contains("swap"));
        assert!(Period::parse("2010-01-01", "2026-01-01")
            .unwrap_err()
            .contains("five years"));
        assert!(Period::parse("2026-01-01", "2026-01-01").is_ok());
    }
}
