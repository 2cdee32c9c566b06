//! Days and times the way people say them: "Tuesday 3 March, 10 am to 3:30 pm". Many
//! participants find "15:30" harder than "3:30 pm"; shared by the page and the calendar feed.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// "10 am", "3:30 pm", "12 noon".
pub fn spoken_time(time: NaiveTime) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    if (hour, minute) == (12, 0) {
        return "12 noon".into();
    }
    let half = if hour < 12 { "am" } else { "pm" };
    let on_dial = match hour % 12 {
        0 => 12,
        h => h,
    };
    if minute == 0 {
        format!("{on_dial} {half}")
    } else {
        format!("{on_dial}:{minute:02} {half}")
    }
}

/// [`spoken_time`] for a time kept as "HH:MM" (pick-up times); the text itself if it is not one.
pub fn spoken_time_of(hh_mm: &str) -> String {
    NaiveTime::parse_from_str(hh_mm, "%H:%M")
        .map(spoken_time)
        .unwrap_or_else(|_| hh_mm.to_owned())
}

/// "Tuesday 3 March", with "Today, " or "Tomorrow, " in front when it is.
pub fn day(date: NaiveDate, today: NaiveDate) -> String {
    let plain = date.format("%A %-d %B").to_string();
    match (date - today).num_days() {
        0 => format!("Today, {plain}"),
        1 => format!("Tomorrow, {plain}"),
        _ => plain,
    }
}

/// "10 am to 3:30 pm".
pub fn hours(starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> String {
    format!(
        "{} to {}",
        spoken_time(starts_at.time()),
        spoken_time(ends_at.time())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_read_as_people_say_them() {
        assert_eq!(spoken_time(at(10, 0)), "10 am");
        assert_eq!(spoken_time(at(15, 30)), "3:30 pm");
        assert_eq!(spoken_time(at(8, 5)), "8:05 am");
        assert_eq!(spoken_time(at(12, 0)), "12 noon");
        assert_eq!(spoken_time(at(12, 45)), "12:45 pm");
        assert_eq!(spoken_time(at(0, 15)), "12:15 am");
        assert_eq!(spoken_time_of("08:55"), "8:55 am");
        assert_eq!(spoken_time_of("soon"), "soon");
    }

    #[test]
    fn days_say_today_and_tomorrow() {
        let today = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
        assert_eq!(day(today, today), "Today, Tuesday 2 March");
        assert_eq!(
            day(today.succ_opt().unwrap(), today),
            "Tomorrow, Wednesday 3 March"
        );
        let later = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        assert_eq!(day(later, today), "Tuesday 9 March");
        let start = later.and_time(at(10, 0));
        assert_eq!(hours(start, later.and_time(at(15, 30))), "10 am to 3:30 pm");
    }
}
