//! The moment a tick is stored with. Ticks carry the moment the driver tapped, taken from the
//! phone, so one sent late from the offline queue never overwrites a newer one. A phone's clock
//! can be wrong, and a caller can forge any time: a tick dated next year would stand against
//! every later correction (a tick only replaces one that is not newer). So the server keeps the
//! phone's moment only when it is plausible: on the run's own day, and not ahead of the server's
//! clock by more than a phone's clock drifts.

use chrono::{DateTime, Duration, Utc};

/// How far ahead of the server's clock a phone may be and still be believed.
pub const CLOCK_TOLERANCE: Duration = Duration::minutes(5);

/// The run's day, as UTC instants: its first moment and the first moment of the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunDay {
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// The time to store for a tap reported at `tapped`, received when the server's clock said
/// `now`. Too far ahead of the server: the moment it arrived (a later honest tick is then
/// newer, so it replaces this one). Outside the run's day: that day's nearest edge.
pub fn stored_tick_time(tapped: DateTime<Utc>, now: DateTime<Utc>, day: RunDay) -> DateTime<Utc> {
    let believable = if tapped > now + CLOCK_TOLERANCE {
        now
    } else {
        tapped
    };
    let last_moment = day.ends - Duration::milliseconds(1);
    believable.clamp(day.starts, last_moment.max(day.starts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 3, h, m, 0).unwrap()
    }

    fn day() -> RunDay {
        RunDay {
            starts: at(0, 0),
            ends: at(0, 0) + Duration::days(1),
        }
    }

    #[test]
    fn an_honest_tap_keeps_its_moment_even_when_sent_hours_later() {
        assert_eq!(stored_tick_time(at(9, 5), at(15, 0), day()), at(9, 5));
    }

    #[test]
    fn a_phone_a_little_fast_is_believed() {
        let fast = at(9, 8);
        assert_eq!(stored_tick_time(fast, at(9, 5), day()), fast);
    }

    #[test]
    fn a_time_far_ahead_of_the_server_becomes_the_moment_it_arrived() {
        let next_year = at(9, 5) + Duration::days(365);
        assert_eq!(stored_tick_time(next_year, at(9, 5), day()), at(9, 5));
        let an_hour_ahead = at(10, 5);
        assert_eq!(stored_tick_time(an_hour_ahead, at(9, 5), day()), at(9, 5));
    }

    #[test]
    fn a_time_outside_the_runs_day_is_moved_to_its_nearest_edge() {
        let yesterday = at(9, 5) - Duration::days(1);
        assert_eq!(stored_tick_time(yesterday, at(9, 5), day()), day().starts);
        // Ticked the next morning (the queue waited overnight) with the phone's right time:
        // the run's last moment, still newer than anything ticked during the day.
        let next_morning = at(8, 0) + Duration::days(1);
        let stored = stored_tick_time(next_morning, next_morning, day());
        assert_eq!(stored, day().ends - Duration::milliseconds(1));
    }

    #[test]
    fn a_later_honest_tick_is_newer_than_a_clamped_forgery() {
        let forged = stored_tick_time(at(9, 5) + Duration::days(365), at(9, 5), day());
        let honest = stored_tick_time(at(9, 6), at(9, 6), day());
        assert!(honest > forged);
    }
}
