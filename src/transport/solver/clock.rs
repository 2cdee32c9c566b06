//! Times of day in an instance and a plan: "09:45" on the wire, minutes since midnight inside.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A time on the programme day, 00:00 to 23:59. Runs never cross midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClockTime(u16);

/// The last minute of the day; the solver mirrors return runs around it.
pub const LAST_MINUTE: i32 = 24 * 60 - 1;

impl ClockTime {
    pub const MIDNIGHT: Self = Self(0);

    /// A time from minutes since midnight, if it falls on the day.
    pub fn from_minutes(minutes: i32) -> Option<Self> {
        (0..=LAST_MINUTE)
            .contains(&minutes)
            .then_some(Self(minutes as u16))
    }

    pub fn minutes(self) -> i32 {
        i32::from(self.0)
    }

    /// Reads "H:MM" or "HH:MM" (24-hour clock).
    pub fn parse(text: &str) -> Result<Self, String> {
        let wrong = || format!("\"{text}\" is not a time of day like \"09:45\"");
        let (hours, minutes) = text.trim().split_once(':').ok_or_else(wrong)?;
        let hours: i32 = hours.parse().map_err(|_| wrong())?;
        let minutes: i32 = minutes.parse().map_err(|_| wrong())?;
        if !(0..24).contains(&hours) || !(0..60).contains(&minutes) || text.trim().len() > 5 {
            return Err(wrong());
        }
        Self::from_minutes(hours * 60 + minutes).ok_or_else(wrong)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::days_and_times::clock(chrono::NaiveTime::from(
            *self,
        )))
    }
}

impl From<chrono::NaiveTime> for ClockTime {
    /// The minute the time falls in (seconds are dropped: programme times are whole minutes).
    fn from(time: chrono::NaiveTime) -> Self {
        use chrono::Timelike;
        Self((time.hour() * 60 + time.minute()) as u16)
    }
}

impl From<ClockTime> for chrono::NaiveTime {
    fn from(time: ClockTime) -> Self {
        let minutes = u32::from(time.0);
        chrono::NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
            .unwrap_or(chrono::NaiveTime::MIN)
    }
}

impl TryFrom<String> for ClockTime {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<ClockTime> for String {
    fn from(time: ClockTime) -> String {
        time.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_times_of_day() {
        assert_eq!(ClockTime::parse("9:05").unwrap().minutes(), 545);
        assert_eq!(ClockTime::parse("23:59").unwrap().to_string(), "23:59");
        assert_eq!(ClockTime::from_minutes(600).unwrap().to_string(), "10:00");
        for bad in ["24:00", "10:60", "10", "ten", "-1:00", "10:00:00"] {
            assert!(ClockTime::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(ClockTime::from_minutes(-1), None);
        assert_eq!(ClockTime::from_minutes(24 * 60), None);
    }
}
