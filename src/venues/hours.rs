//! A venue's opening hours as a whole week: the form's seven rows read into the days it opens.
//! A venue with no hours recorded is always open, so "always open" is a choice of its own, and
//! a week with every day closed is refused rather than silently meaning the opposite.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::days_and_times::{clock, day_from_number, day_name};
use crate::forms;

/// When a venue is open on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

impl DayHours {
    /// "09:00–17:00".
    pub fn times(&self) -> String {
        format!("{}–{}", clock(self.opens), clock(self.closes))
    }
}

/// One row of the hours form. A checkbox sends `open` only when ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayForm {
    /// 0 = Sunday … 6 = Saturday.
    pub weekday: u8,
    #[serde(default)]
    pub open: Option<String>,
    #[serde(default)]
    pub opens: String,
    #[serde(default)]
    pub closes: String,
}

/// Reads the week: the days it opens, or none at all when `always_open` is chosen (which wins
/// over any day still ticked). Lists every problem in plain words.
pub fn parse_week(always_open: bool, days: &[DayForm]) -> Result<Vec<DayHours>, Vec<String>> {
    if always_open {
        return Ok(Vec::new());
    }
    let mut problems = Vec::new();
    let mut week: Vec<DayHours> = Vec::new();
    for row in days.iter().filter(|row| row.open.is_some()) {
        let Some(weekday) = day_from_number(i64::from(row.weekday))
            .filter(|day| !week.iter().any(|seen| seen.weekday == *day))
        else {
            problems.push("The opening hours form was incomplete. Please reload the page.".into());
            continue;
        };
        let name = day_name(weekday);
        match (
            forms::clock_time(&row.opens),
            forms::clock_time(&row.closes),
        ) {
            (Some(opens), Some(closes)) if closes > opens => week.push(DayHours {
                weekday,
                opens,
                closes,
            }),
            (Some(_), Some(_)) => problems.push(format!("On {name} it must close after it opens.")),
            _ => problems.push(format!(
                "Enter {name}'s opening and closing times, like 09:00 and 17:00."
            )),
        }
    }
    if week.is_empty() && problems.is_empty() {
        problems.push(
            "Tick the days the venue opens, or choose “Always open” if it has no set hours.".into(),
        );
    }
    if problems.is_empty() {
        week.sort_by_key(|day| day.weekday.num_days_from_monday());
        Ok(week)
    } else {
        Err(problems)
    }
}

/// "Always open", "Open 7 days", "Open 1 day".
pub fn open_days_text(open_days: i64) -> String {
    match open_days {
        0 => "Always open (no hours recorded)".into(),
        1 => "Open 1 day a week".into(),
        n => format!("Open {n} days a week"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(weekday: u8, open: bool, opens: &str, closes: &str) -> DayForm {
        DayForm {
            weekday,
            open: open.then(|| "yes".into()),
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    fn time(text: &str) -> NaiveTime {
        NaiveTime::parse_from_str(text, "%H:%M").unwrap()
    }

    #[test]
    fn the_open_days_are_read_in_week_order() {
        let rows = [
            day(0, false, "", ""),
            day(2, true, "09:00", "17:00"),
            day(1, true, "08:00", "21:00"),
        ];
        assert_eq!(
            parse_week(false, &rows),
            Ok(vec![
                DayHours {
                    weekday: Weekday::Mon,
                    opens: time("08:00"),
                    closes: time("21:00")
                },
                DayHours {
                    weekday: Weekday::Tue,
                    opens: time("09:00"),
                    closes: time("17:00")
                },
            ])
        );
    }

    #[test]
    fn always_open_records_no_hours() {
        assert_eq!(
            parse_week(true, &[day(1, true, "09:00", "17:00")]),
            Ok(vec![])
        );
    }

    #[test]
    fn a_week_closed_every_day_is_refused_not_taken_as_always_open() {
        let rows: Vec<DayForm> = (0..7).map(|n| day(n, false, "09:00", "17:00")).collect();
        let problems = parse_week(false, &rows).unwrap_err();
        assert!(problems[0].contains("Always open"), "{problems:?}");
    }

    #[test]
    fn problems_name_the_day() {
        let rows = [
            day(2, true, "17:00", "09:00"),
            day(3, true, "", "17:00"),
            day(4, true, "09:00", "17:00"),
            day(4, true, "09:00", "17:00"),
        ];
        assert_eq!(
            parse_week(false, &rows).unwrap_err(),
            vec![
                "On Tuesday it must close after it opens.",
                "Enter Wednesday's opening and closing times, like 09:00 and 17:00.",
                "The opening hours form was incomplete. Please reload the page.",
            ]
        );
    }
}
