//! Whether a vehicle's odometer readings follow on: each run starts where the one before it
//! ended, give or take [`TOLERANCE_MILES`] (a detour to fill up, a reading rounded). A gap means
//! miles nobody logged; an overlap, a reading typed wrong; a missing reading, a run that cannot
//! be counted. Each is flagged in words until the coordinator explains or corrects it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RunReadings;
use crate::days_and_times::day_name;
use crate::transport::solver::instance::Direction;

/// How far apart two readings may be and still follow on.
pub const TOLERANCE_MILES: i64 = 3;

/// Something wrong with one run's readings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flag {
    /// The run has happened and a reading is missing.
    Missing { start: bool, end: bool },
    /// The end is below the start.
    EndBelowStart,
    /// The run starts this many miles after the previous reading: miles nobody logged.
    Gap { miles: i64, previous: Previous },
    /// The run starts this many miles before the previous reading ended.
    Overlap { miles: i64, previous: Previous },
}

/// The run before, as a flag names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Previous {
    pub date: NaiveDate,
    pub direction: Direction,
    pub reading: i64,
}

/// "Tuesday's return run" (within a week of `today`), or "the return run on 3 November".
pub fn run_name(date: NaiveDate, direction: Direction, today: NaiveDate) -> String {
    run_words(date, direction, today, true)
}

/// The run's name at the start of a sentence (`capital`) or inside one: "today's …" and "the …
/// on 3 November" lose their capital there; a weekday keeps it.
fn run_words(date: NaiveDate, direction: Direction, today: NaiveDate, capital: bool) -> String {
    let way = match direction {
        Direction::Outbound => "morning",
        Direction::Return => "return",
    };
    let days_ago = (today - date).num_days();
    if date == today {
        format!("{}oday's {way} run", if capital { 'T' } else { 't' })
    } else if (1..7).contains(&days_ago) {
        format!("{}'s {way} run", day_name(chrono::Datelike::weekday(&date)))
    } else {
        let the = if capital { "The" } else { "the" };
        format!("{the} {way} run on {}", date.format("%-d %B"))
    }
}

impl Flag {
    /// The sentence the driver and the coordinator read about the run `run`.
    pub fn words(&self, run: &str, today: NaiveDate) -> String {
        match self {
            Flag::Missing { start: true, end: true } => format!("{run} has no readings."),
            Flag::Missing { start: true, .. } => format!("{run} has no start reading."),
            Flag::Missing { .. } => format!("{run} has no end reading."),
            Flag::EndBelowStart => format!("{run} ends on a lower reading than it starts."),
            Flag::Gap { miles, previous } => format!(
                "{run} starts {miles} miles after {} ended ({}): miles nobody logged.",
                run_words(previous.date, previous.direction, today, false),
                previous.reading
            ),
            Flag::Overlap { miles, previous } => format!(
                "{run} starts {miles} miles below where {} ended ({}): one of the readings is wrong.",
                run_words(previous.date, previous.direction, today, false),
                previous.reading
            ),
        }
    }
}

/// The flags on one vehicle's runs, given in the order driven (date, then outbound before
/// return). A missing reading is flagged once the run's day is over (today's may still be under
/// way). Returns (index into `runs`, flag), in run order.
pub fn check(runs: &[RunReadings], today: NaiveDate) -> Vec<(usize, Flag)> {
    let mut flags = Vec::new();
    let mut previous: Option<Previous> = None;
    for (index, run) in runs.iter().enumerate() {
        let (start, end) = (run.start, run.end);
        if run.date < today && (start.is_none() || end.is_none()) {
            flags.push((
                index,
                Flag::Missing {
                    start: start.is_none(),
                    end: end.is_none(),
                },
            ));
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                flags.push((index, Flag::EndBelowStart));
            }
        }
        if let (Some(start), Some(before)) = (start, &previous) {
            let step = start - before.reading;
            if step > TOLERANCE_MILES {
                flags.push((
                    index,
                    Flag::Gap {
                        miles: step,
                        previous: before.clone(),
                    },
                ));
            } else if step < -TOLERANCE_MILES {
                flags.push((
                    index,
                    Flag::Overlap {
                        miles: -step,
                        previous: before.clone(),
                    },
                ));
            }
        }
        // The next run follows on from this one's last reading.
        if let Some(reading) = end.or(start) {
            previous = Some(Previous {
                date: run.date,
                direction: run.direction,
                reading,
            });
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::RunId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn run(
        id: i64,
        date: NaiveDate,
        direction: Direction,
        start: Option<i64>,
        end: Option<i64>,
    ) -> RunReadings {
        RunReadings {
            run: RunId(id),
            date,
            direction,
            start,
            end,
            passengers: 3,
        }
    }

    use Direction::{Outbound, Return};

    #[test]
    fn readings_that_follow_on_within_a_few_miles_raise_nothing() {
        let runs = [
            run(1, day(2), Outbound, Some(41_000), Some(41_030)),
            run(2, day(2), Return, Some(41_032), Some(41_060)),
            run(3, day(3), Outbound, Some(41_057), Some(41_090)),
        ];
        assert_eq!(check(&runs, day(10)), []);
    }

    #[test]
    fn a_gap_and_an_overlap_are_flagged_against_the_run_before() {
        let runs = [
            run(1, day(2), Outbound, Some(41_000), Some(41_030)),
            run(2, day(2), Return, Some(41_080), Some(41_110)),
            run(3, day(3), Outbound, Some(41_100), Some(41_140)),
        ];
        let flags = check(&runs, day(5));
        assert_eq!(flags.len(), 2);
        assert_eq!(flags[0].0, 1);
        assert_eq!(
            flags[0].1.words("Monday's return run", day(5)),
            "Monday's return run starts 50 miles after Monday's morning run ended (41030): miles nobody logged."
        );
        assert_eq!(flags[1].0, 2);
        assert!(matches!(flags[1].1, Flag::Overlap { miles: 10, .. }));
    }

    #[test]
    fn a_run_that_has_happened_without_a_reading_is_named() {
        let runs = [
            run(1, day(3), Outbound, Some(41_000), Some(41_030)),
            run(2, day(3), Return, Some(41_030), None),
            run(3, day(4), Outbound, None, None),
            // Today's, not started yet, and today's return under way: not flagged yet.
            run(4, day(5), Outbound, Some(41_060), None),
            run(5, day(5), Return, None, None),
        ];
        let flags = check(&runs, day(5));
        let today = day(5);
        let words: Vec<String> = flags
            .iter()
            .map(|(i, flag)| flag.words(&run_name(runs[*i].date, runs[*i].direction, today), today))
            .collect();
        assert_eq!(
            words,
            [
                "Tuesday's return run has no end reading.",
                "Wednesday's morning run has no readings.",
                "Today's morning run starts 30 miles after Tuesday's return run ended (41030): miles nobody logged."
            ]
        );
    }

    #[test]
    fn an_end_below_its_start_is_flagged() {
        let runs = [run(1, day(2), Outbound, Some(41_030), Some(41_000))];
        assert_eq!(check(&runs, day(9)), [(0, Flag::EndBelowStart)]);
    }

    #[test]
    fn runs_are_named_by_weekday_within_a_week_and_by_date_before() {
        assert_eq!(run_name(day(24), Return, day(26)), "Tuesday's return run");
        assert_eq!(
            run_name(day(2), Outbound, day(26)),
            "The morning run on 2 November"
        );
    }
}
