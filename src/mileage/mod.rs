//! The vehicle's mileage log, built from the odometer readings the driver types at the start
//! and end of each run: per day the first and last reading, the miles, the runs, the passengers
//! carried and the miles driven with someone aboard. Readings that do not follow on are flagged
//! (`continuity`) until the coordinator explains or corrects them.

pub mod continuity;
pub mod log_table;
pub mod mileage_api;
pub mod mileage_page;
pub mod missing_readings;
#[cfg(feature = "ssr")]
pub mod use_cases;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::transport::solver::instance::Direction;
use crate::transport::RunId;

/// One run's readings, as the log and the continuity rules need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RunReadings {
    pub run: RunId,
    pub date: NaiveDate,
    pub direction: Direction,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// Riders on the run not marked "not here".
    pub passengers: i64,
}

impl RunReadings {
    /// The run's miles, when both readings are in and the end is not below the start.
    pub fn miles(&self) -> Option<i64> {
        match (self.start, self.end) {
            (Some(start), Some(end)) if end >= start => Some(end - start),
            _ => None,
        }
    }
}

/// One day of one vehicle's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogDay {
    pub date: NaiveDate,
    pub first_reading: Option<i64>,
    pub last_reading: Option<i64>,
    /// Last reading less first; `None` while a reading is missing.
    pub miles: Option<i64>,
    pub runs: usize,
    pub passengers: i64,
    /// The miles of the runs someone rode (from the pick-up points to the venue and back: the
    /// carrier is rarely empty on a run, so a run's miles count whole).
    pub miles_with_passengers: i64,
}

/// One vehicle's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleLog {
    pub vehicle: String,
    pub days: Vec<LogDay>,
    /// (miles, runs, passengers, miles with passengers aboard).
    pub totals: (i64, usize, i64, i64),
    pub flags: Vec<FlaggedRun>,
}

/// A run whose readings need the coordinator's eye.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedRun {
    pub run: RunId,
    pub date: NaiveDate,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// "Tuesday's return run has no end reading."
    pub words: String,
    /// The coordinator's explanation or correction note, once given.
    pub note: Option<String>,
}

/// A run that has happened with a reading still missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingReading {
    pub date: NaiveDate,
    /// "Tuesday's return run has no end reading."
    pub words: String,
}

/// The days of one vehicle's runs, given in the order driven, one entry per day.
pub fn days(runs: &[RunReadings]) -> Vec<LogDay> {
    let mut days: Vec<LogDay> = Vec::new();
    for run in runs {
        let first = run.start.or(run.end);
        let last = run.end.or(run.start);
        match days.last_mut() {
            Some(day) if day.date == run.date => {
                day.first_reading = day.first_reading.or(first);
                day.last_reading = last.or(day.last_reading);
                day.runs += 1;
                day.passengers += run.passengers;
            }
            _ => days.push(LogDay {
                date: run.date,
                first_reading: first,
                last_reading: last,
                miles: None,
                runs: 1,
                passengers: run.passengers,
                miles_with_passengers: 0,
            }),
        }
        if let (Some(day), Some(miles)) = (days.last_mut(), run.miles()) {
            if run.passengers > 0 {
                day.miles_with_passengers += miles;
            }
        }
    }
    for day in &mut days {
        let complete = runs
            .iter()
            .filter(|run| run.date == day.date)
            .all(|run| run.start.is_some() && run.end.is_some());
        day.miles = match (day.first_reading, day.last_reading) {
            (Some(first), Some(last)) if complete && last >= first => Some(last - first),
            _ => None,
        };
    }
    days
}

/// The month's totals: miles (of the days with every reading in), runs and passengers.
pub fn totals(days: &[LogDay]) -> (i64, usize, i64, i64) {
    days.iter()
        .fold((0, 0, 0, 0), |(miles, runs, riders, aboard), day| {
            (
                miles + day.miles.unwrap_or(0),
                runs + day.runs,
                riders + day.passengers,
                aboard + day.miles_with_passengers,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        date: u32,
        direction: Direction,
        start: Option<i64>,
        end: Option<i64>,
        riders: i64,
    ) -> RunReadings {
        RunReadings {
            run: RunId(i64::from(date)),
            date: NaiveDate::from_ymd_opt(2026, 11, date).unwrap(),
            direction,
            start,
            end,
            passengers: riders,
        }
    }

    #[test]
    fn a_day_runs_from_its_first_reading_to_its_last() {
        let runs = [
            run(2, Direction::Outbound, Some(41_000), Some(41_030), 5),
            run(2, Direction::Return, Some(41_031), Some(41_062), 0),
            run(3, Direction::Outbound, Some(41_062), Some(41_100), 2),
        ];
        let log = days(&runs);
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].first_reading, Some(41_000));
        assert_eq!(log[0].last_reading, Some(41_062));
        assert_eq!(log[0].miles, Some(62));
        assert_eq!(log[0].runs, 2);
        assert_eq!(log[0].passengers, 5);
        assert_eq!(
            log[0].miles_with_passengers, 30,
            "the empty return does not count"
        );
        assert_eq!(log[1].miles, Some(38));
        assert_eq!(totals(&log), (100, 3, 7, 68));
    }

    #[test]
    fn a_day_with_a_reading_missing_has_no_miles_yet() {
        let runs = [
            run(2, Direction::Outbound, Some(41_000), Some(41_030), 5),
            run(2, Direction::Return, Some(41_031), None, 4),
        ];
        let log = days(&runs);
        assert_eq!(log[0].miles, None);
        assert_eq!(log[0].last_reading, Some(41_031));
        assert_eq!(totals(&log).0, 0);
    }
}
