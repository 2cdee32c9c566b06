//! A driver is in one vehicle at a time: the rules for giving runs to drivers, pure and shared
//! by the board and the server.

use super::solver::clock::ClockTime;
use super::RunId;
use crate::people::PersonId;

/// A run with its driver: (run, driver, departs, arrives).
pub type DrivenRun = (RunId, PersonId, ClockTime, ClockTime);

/// After a re-plan has moved the day's times, the runs to take off their drivers: each driver
/// keeps their runs in the order they leave, and loses any that now overlaps one they keep.
pub fn runs_to_release(driven: &[DrivenRun]) -> Vec<RunId> {
    let mut departures: Vec<&DrivenRun> = driven.iter().collect();
    departures.sort_by_key(|(run, driver, departs, _)| (*driver, *departs, *run));
    let mut kept: Vec<&DrivenRun> = Vec::new();
    let mut released = Vec::new();
    for run in departures {
        let (id, driver, departs, arrives) = *run;
        let overlaps = kept
            .iter()
            .any(|(_, d, from, to)| *d == driver && *from < arrives && departs < *to);
        if overlaps {
            released.push(id);
        } else {
            kept.push(run);
        }
    }
    released
}

/// The refusal when a driver is already driving to or from `venue` at the time.
pub fn already_driving(venue: &str, from: ClockTime, to: ClockTime) -> String {
    format!("That driver is already driving to or from {venue} from {from} to {to}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> ClockTime {
        ClockTime::parse(text).unwrap()
    }

    #[test]
    fn a_driver_keeps_the_earlier_of_two_overlapping_runs() {
        let driver = PersonId(7);
        let driven = [
            (RunId(2), driver, at("09:30"), at("10:10")),
            (RunId(1), driver, at("09:00"), at("09:45")),
            (RunId(3), driver, at("15:00"), at("15:40")),
        ];
        assert_eq!(runs_to_release(&driven), vec![RunId(2)]);
    }

    #[test]
    fn two_drivers_at_the_same_time_keep_their_runs() {
        let driven = [
            (RunId(1), PersonId(1), at("09:00"), at("09:45")),
            (RunId(2), PersonId(2), at("09:00"), at("09:45")),
        ];
        assert!(runs_to_release(&driven).is_empty());
    }

    #[test]
    fn back_to_back_runs_do_not_overlap() {
        let driver = PersonId(1);
        let driven = [
            (RunId(1), driver, at("09:00"), at("09:45")),
            (RunId(2), driver, at("09:45"), at("10:30")),
        ];
        assert!(runs_to_release(&driven).is_empty());
    }
}
