//! The funders' report: what the programme did in a period, counted from its own records and
//! shown so nobody can be picked out (`small_numbers`). The report carries only counts that
//! may be shown: what goes to the browser, the CSV and the print view is the same.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::period::Period;
use super::small_numbers::Count;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundersReport {
    pub programme: String,
    pub period: Period,
    /// The day the report was made: figures "so far" for a period not yet over.
    pub made_on: NaiveDate,
    pub referrals: Referrals,
    pub journey: Vec<JourneyStep>,
    pub attendance: Attendance,
    pub engagement: Engagement,
    pub goals: Vec<AreaGoals>,
    pub wellbeing: Wellbeing,
    pub transport: Transport,
}

/// Referrals received, by source (columns) per month (rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referrals {
    pub sources: Vec<String>,
    pub months: Vec<MonthRow>,
    /// The whole period, per source, and in all.
    pub by_source: Vec<Count>,
    pub total: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// "Jul 2026".
    pub month: String,
    pub counts: Vec<Count>,
    pub total: Count,
}

/// One step from referral to completion: how many of the period's referrals reached it, and
/// the median days from the referral to it (withheld below 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyStep {
    pub step: String,
    pub reached: Count,
    pub median_days: Option<String>,
}

/// The registers of the period's sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    /// Places with a register entry: attended, absent, cancelled late or did not come.
    pub booked: Count,
    pub attended: Count,
    pub absent: Count,
    pub late_cancellations: Count,
    pub no_shows: Count,
    /// Attended ÷ booked.
    pub rate: Option<String>,
    /// Places on held sessions nobody took a register for: not counted above.
    pub unrecorded: Count,
}

/// Of the participants on the programme now, how many came to a session in the 30 days up to
/// `until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub active: Count,
    pub engaged: Count,
    pub share: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaGoals {
    pub area: String,
    pub set: Count,
    pub achieved: Count,
    pub partly: Count,
    pub not_yet: Count,
}

/// Change between each person's first and latest score, in points (never a percentage: the
/// scale does not start at zero).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wellbeing {
    pub instrument: String,
    /// The instrument's meaningful change, in points ("3").
    pub meaningful_change: String,
    /// People whose latest score falls in the period and who have an earlier one.
    pub with_two_scores: Count,
    /// Mean points gained ("+2.4", "-0.5").
    pub mean_change: Option<String>,
    pub improved_meaningfully: Count,
    pub share_improved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transport {
    pub runs: Count,
    /// Passenger journeys: each boarding the driver ticked.
    pub passengers: Count,
    /// From the odometer readings of the runs that have both.
    pub miles: Count,
    pub runs_without_readings: Count,
}

#[cfg(feature = "ssr")]
pub use counting::*;

#[cfg(feature = "ssr")]
mod counting {
    use chrono::{Days, NaiveDate};

    use super::*;
    use crate::data::reports::{AreaGoalsRow, ReferralRow, RunsRow};
    use crate::people::PersonId;
    use crate::referrals::Source;
    use crate::reports::small_numbers::{derived, median, one_decimal, row_with_total, share};

    /// Everything the report counts, as read from the records.
    pub struct Facts {
        pub referrals: Vec<ReferralRow>,
        pub outcomes: Vec<(String, i64)>,
        pub unrecorded: i64,
        pub active: i64,
        pub engaged: i64,
        pub goals: Vec<AreaGoalsRow>,
        /// Every score up to the period's end, each person's oldest first.
        pub scores: Vec<(PersonId, NaiveDate, i64)>,
        pub runs: RunsRow,
    }

    /// The scale's name and its meaningful change, in hundredths of a point.
    pub struct Scale<'a> {
        pub name: &'a str,
        pub meaningful: i64,
    }

    /// The 30 days that count for engagement: up to the period's end, or today if sooner.
    pub fn engagement_window(period: Period, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let until = period.last.min(today);
        (
            until.checked_sub_days(Days::new(29)).unwrap_or(until),
            until,
        )
    }

    pub fn count(
        programme: String,
        period: Period,
        today: NaiveDate,
        scale: Scale<'_>,
        facts: Facts,
    ) -> FundersReport {
        let (since, until) = engagement_window(period, today);
        let n = |v: i64| v.max(0) as u64;
        FundersReport {
            programme,
            period,
            made_on: today,
            referrals: referrals(period, &facts.referrals),
            journey: journey(&facts.referrals),
            attendance: attendance(&facts.outcomes, n(facts.unrecorded)),
            engagement: Engagement {
                since,
                until,
                active: Count::of(n(facts.active)),
                engaged: Count::of(n(facts.engaged)),
                share: share(n(facts.engaged), n(facts.active)),
            },
            goals: facts
                .goals
                .iter()
                .map(|row| AreaGoals {
                    area: row.area.clone(),
                    set: Count::of(n(row.set_in_period)),
                    achieved: Count::of(n(row.achieved)),
                    partly: Count::of(n(row.partly)),
                    not_yet: Count::of(n(row.not_yet)),
                })
                .collect(),
            wellbeing: wellbeing(period, &scale, &facts.scores),
            transport: Transport {
                runs: Count::of(n(facts.runs.runs)),
                passengers: Count::of(n(facts.runs.boarded)),
                miles: Count::of(n(facts.runs.miles)),
                runs_without_readings: Count::of(n(facts.runs.without_readings)),
            },
        }
    }

    fn referrals(period: Period, rows: &[ReferralRow]) -> Referrals {
        let months = period.months();
        let mut table = vec![vec![0u64; Source::ALL.len()]; months.len()];
        for row in rows {
            let month = months.iter().rposition(|m| *m <= row.received_on);
            let source = Source::ALL.iter().position(|s| *s == row.source);
            if let (Some(m), Some(s)) = (month, source) {
                table[m][s] += 1;
            }
        }
        let by_source: Vec<u64> = (0..Source::ALL.len())
            .map(|s| table.iter().map(|row| row[s]).sum())
            .collect();
        let (by_source, total) = row_with_total(&by_source);
        Referrals {
            sources: Source::ALL.iter().map(|s| s.label().to_owned()).collect(),
            months: months
                .iter()
                .zip(&table)
                .map(|(month, row)| {
                    let (counts, total) = row_with_total(row);
                    MonthRow {
                        month: month.format("%b %Y").to_string(),
                        counts,
                        total,
                    }
                })
                .collect(),
            by_source,
            total,
        }
    }

    fn journey(rows: &[ReferralRow]) -> Vec<JourneyStep> {
        let step = |name: &str, reached_on: &dyn Fn(&ReferralRow) -> Option<NaiveDate>| {
            let mut days: Vec<i64> = rows
                .iter()
                .filter_map(|row| {
                    reached_on(row).map(|on| (on - row.received_on).num_days().max(0))
                })
                .collect();
            let reached = days.len() as u64;
            JourneyStep {
                step: name.to_owned(),
                reached: Count::of(reached),
                median_days: derived(reached, || {
                    median(&mut days).map(|d| format!("{} days", one_decimal(d)))
                }),
            }
        };
        vec![
            step("Referred", &|row| Some(row.received_on)),
            step("First contact", &|row| row.first_contact_on),
            step("First session", &|row| {
                row.first_session_at.map(|at| at.date())
            }),
            step("Completed the programme", &|row| row.completed_on),
        ]
    }

    fn attendance(outcomes: &[(String, i64)], unrecorded: u64) -> Attendance {
        let of = |name: &str| {
            outcomes
                .iter()
                .filter(|(outcome, _)| outcome == name)
                .map(|(_, n)| (*n).max(0) as u64)
                .sum::<u64>()
        };
        let attended = of("attended");
        let booked: u64 = outcomes.iter().map(|(_, n)| (*n).max(0) as u64).sum();
        Attendance {
            booked: Count::of(booked),
            attended: Count::of(attended),
            absent: Count::of(of("absent")),
            late_cancellations: Count::of(of("late_cancellation")),
            no_shows: Count::of(of("no_show")),
            rate: share(attended, booked),
            unrecorded: Count::of(unrecorded),
        }
    }

    fn wellbeing(
        period: Period,
        scale: &Scale<'_>,
        scores: &[(PersonId, NaiveDate, i64)],
    ) -> Wellbeing {
        let mut changes = Vec::new();
        for person in scores.chunk_by(|a, b| a.0 == b.0) {
            if let ([(_, _, first), ..], Some((_, latest_on, latest))) = (person, person.last()) {
                if person.len() >= 2 && period.contains(*latest_on) {
                    changes.push(latest - first);
                }
            }
        }
        let people = changes.len() as u64;
        let improved = changes.iter().filter(|c| **c >= scale.meaningful).count() as u64;
        let mean = derived(people, || {
            let total: i64 = changes.iter().sum();
            let points = total as f64 / people as f64 / 100.0;
            let sign = if points > 0.0 { "+" } else { "" };
            Some(format!("{sign}{}", one_decimal(points)))
        });
        Wellbeing {
            instrument: scale.name.to_owned(),
            meaningful_change: one_decimal(scale.meaningful as f64 / 100.0),
            with_two_scores: Count::of(people),
            mean_change: mean,
            improved_meaningfully: Count::of(improved),
            share_improved: share(improved, people),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::data::reports::{ReferralRow, RunsRow};
    use crate::people::PersonId;
    use crate::referrals::Source;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn quarter() -> Period {
        Period::quarter(2026, 3).unwrap()
    }

    fn scale() -> Scale<'static> {
        Scale {
            name: "Demo",
            meaningful: 300,
        }
    }

    fn facts() -> Facts {
        Facts {
            referrals: Vec::new(),
            outcomes: Vec::new(),
            unrecorded: 0,
            active: 0,
            engaged: 0,
            goals: Vec::new(),
            scores: Vec::new(),
            runs: RunsRow {
                runs: 0,
                miles: 0,
                without_readings: 0,
                boarded: 0,
            },
        }
    }

    fn referral(source: Source, received: &str, contact: Option<&str>) -> ReferralRow {
        ReferralRow {
            source,
            received_on: day(received),
            first_contact_on: contact.map(day),
            first_session_at: None,
            completed_on: None,
        }
    }

    #[test]
    fn referrals_fall_in_the_month_they_were_received() {
        let mut given = facts();
        for (source, on) in [
            (Source::Probation, "2026-07-01"),
            (Source::Probation, "2026-07-31"),
            (Source::Police, "2026-08-01"),
        ] {
            given.referrals.push(referral(source, on, None));
        }
        for _ in 0..6 {
            given
                .referrals
                .push(referral(Source::Probation, "2026-09-15", None));
        }
        let report = count("P".into(), quarter(), day("2026-10-02"), scale(), given);
        let months: Vec<&str> = report
            .referrals
            .months
            .iter()
            .map(|m| m.month.as_str())
            .collect();
        assert_eq!(months, ["Jul 2026", "Aug 2026", "Sep 2026"]);
        assert_eq!(report.referrals.months[2].counts[0], Count::Exact(6));
        assert_eq!(report.referrals.months[0].counts[0], Count::FewerThan5);
        assert_eq!(report.referrals.total, Count::Exact(9));
        // 8 from Probation, and the one from the Police withheld with its smallest neighbour.
        assert_eq!(report.referrals.by_source[0], Count::Exact(8));
        assert_eq!(report.referrals.by_source[1], Count::FewerThan5);
    }

    #[test]
    fn the_journey_counts_who_reached_each_step_and_the_median_days() {
        let mut given = facts();
        for (received, contact) in [
            ("2026-07-01", Some("2026-07-03")),
            ("2026-07-01", Some("2026-07-05")),
            ("2026-07-10", Some("2026-07-11")),
            ("2026-07-10", Some("2026-07-20")),
            ("2026-07-20", Some("2026-07-26")),
            ("2026-07-20", None),
        ] {
            given
                .referrals
                .push(referral(Source::Police, received, contact));
        }
        let report = count("P".into(), quarter(), day("2026-10-02"), scale(), given);
        let contact = &report.journey[1];
        assert_eq!(contact.reached, Count::Exact(5));
        // 2, 4, 1, 10, 6 days: the median is 4.
        assert_eq!(contact.median_days.as_deref(), Some("4 days"));
        // Nobody came to a session: withheld, not "0".
        assert_eq!(report.journey[2].reached, Count::FewerThan5);
        assert_eq!(report.journey[2].median_days, None);
    }

    #[test]
    fn wellbeing_change_is_in_points_for_people_with_two_scores() {
        let mut given = facts();
        // Six people: first and latest scores; changes +5, +4, +3, +1, 0, -2 points.
        for (person, first, latest) in [
            (1, 40, 45),
            (2, 40, 44),
            (3, 50, 53),
            (4, 30, 31),
            (5, 45, 45),
            (6, 50, 48),
        ] {
            given
                .scores
                .push((PersonId(person), day("2026-01-10"), first * 100));
            given
                .scores
                .push((PersonId(person), day("2026-08-10"), latest * 100));
        }
        // One score only: not counted.
        given.scores.push((PersonId(7), day("2026-08-10"), 7000));
        // Latest score before the period: not counted.
        given.scores.push((PersonId(8), day("2026-01-10"), 4000));
        given.scores.push((PersonId(8), day("2026-06-10"), 6000));
        let report = count("P".into(), quarter(), day("2026-10-02"), scale(), given);
        let wellbeing = report.wellbeing;
        assert_eq!(wellbeing.with_two_scores, Count::Exact(6));
        assert_eq!(wellbeing.mean_change.as_deref(), Some("+1.8"));
        // +5, +4 and +3 are at least the meaningful change of 3: a count below 5, so the
        // share (which would give it away) is withheld too.
        assert_eq!(wellbeing.improved_meaningfully, Count::FewerThan5);
        assert_eq!(wellbeing.share_improved, None);
        assert!(!wellbeing.mean_change.unwrap().contains('%'));
    }

    #[test]
    fn attendance_rate_is_attended_over_booked_with_the_rest_apart() {
        let mut given = facts();
        given.outcomes = vec![
            ("absent".into(), 2),
            ("attended".into(), 15),
            ("late_cancellation".into(), 2),
            ("no_show".into(), 1),
        ];
        let report = count("P".into(), quarter(), day("2026-10-02"), scale(), given);
        assert_eq!(report.attendance.booked, Count::Exact(20));
        assert_eq!(report.attendance.attended, Count::Exact(15));
        // 15 of 20, and 5 who did not come: both big enough to show.
        assert_eq!(report.attendance.rate.as_deref(), Some("75%"));
        assert_eq!(report.attendance.no_shows.words(), "fewer than 5");
    }

    #[test]
    fn engagement_looks_back_30_days_from_the_end_or_today() {
        let (since, until) = engagement_window(quarter(), day("2026-08-15"));
        assert_eq!((since, until), (day("2026-07-17"), day("2026-08-15")));
        let (since, until) = engagement_window(quarter(), day("2027-01-01"));
        assert_eq!((since, until), (day("2026-09-01"), day("2026-09-30")));
    }
}
