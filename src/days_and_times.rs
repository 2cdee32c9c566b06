//! Days of the week and times of day as the programme writes them, in one place: the week in
//! the order a British calendar shows it, each day's name, the short name forms post, the
//! number the database computes, and the one 24-hour clock staff pages and refusals use.
//! Pure, and shared by the server and the browser.

use chrono::{Timelike, Weekday};

/// Monday to Sunday, the order every page lists the days in.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// "Monday".
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The value a form posts for a day: "mon" … "sun".
pub fn day_slug(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Reads a form's day ("mon", " TUE "); `None` for anything else.
pub fn day_from_slug(slug: &str) -> Option<Weekday> {
    let slug = slug.trim().to_ascii_lowercase();
    WEEK.into_iter().find(|day| day_slug(*day) == slug)
}

/// The day's number as both databases compute it from a date: 0 = Sunday … 6 = Saturday
/// (SQLite's `strftime('%w')`, PostgreSQL's `EXTRACT(DOW)`), and as opening hours are stored.
pub fn day_number(day: Weekday) -> u8 {
    day.num_days_from_sunday() as u8
}

/// The day numbered `number` (0 = Sunday … 6 = Saturday); `None` for any other number.
pub fn day_from_number(number: i64) -> Option<Weekday> {
    WEEK.into_iter()
        .find(|day| i64::from(day_number(*day)) == number)
}

/// "09:05": the time of day (or of a date-time) on the 24-hour clock, to the minute.
pub fn clock(time: impl Timelike) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "4 March": a day of the year in words.
pub fn day_month(day: chrono::NaiveDate) -> String {
    day.format("%-d %B").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    #[test]
    fn the_week_starts_on_monday_and_has_each_day_once() {
        assert_eq!(WEEK[0], Weekday::Mon);
        assert_eq!(WEEK[6], Weekday::Sun);
        for day in WEEK {
            assert_eq!(WEEK.iter().filter(|d| **d == day).count(), 1);
        }
    }

    #[test]
    fn each_numbering_reads_back_the_day_it_wrote() {
        for day in WEEK {
            assert_eq!(day_from_slug(day_slug(day)), Some(day));
            assert_eq!(day_from_number(i64::from(day_number(day))), Some(day));
        }
        assert_eq!(day_number(Weekday::Sun), 0);
        assert_eq!(day_number(Weekday::Sat), 6);
        assert_eq!(day_from_number(7), None);
        assert_eq!(day_from_number(-1), None);
        assert_eq!(day_from_slug(" TUE "), Some(Weekday::Tue));
        assert_eq!(day_from_slug("tuesday"), None);
    }

    #[test]
    fn the_database_numbers_days_as_chrono_does_from_sunday() {
        // 2026-03-01 was a Sunday.
        let sunday = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        for offset in 0..7 {
            let date = sunday + chrono::Duration::days(offset);
            assert_eq!(
                i64::from(day_number(chrono::Datelike::weekday(&date))),
                offset
            );
        }
    }

    #[test]
    fn the_clock_shows_hours_and_minutes_with_leading_zeros() {
        assert_eq!(clock(NaiveTime::from_hms_opt(9, 5, 59).unwrap()), "09:05");
        let evening = NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(17, 30, 0)
            .unwrap();
        assert_eq!(clock(evening), "17:30");
    }
}
