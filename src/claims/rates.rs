//! What an own-car journey for work is paid: the rate in force on the journey's date, from a
//! table the coordinator keeps (never from code), with a lower rate for miles past a threshold
//! within one tax year (6 April to 5 April), as HMRC's approved mileage allowance payments work.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::{Pence, Tenths};

/// One row of the rates table: from `starts_on`, `pence_per_mile` for a person's first
/// `threshold_miles` miles in a tax year and `pence_after` for every mile beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MileageRate {
    pub starts_on: NaiveDate,
    pub pence_per_mile: i64,
    pub threshold_miles: i64,
    pub pence_after: i64,
}

impl MileageRate {
    /// "55p a mile, then 25p after 10,000 miles in a tax year".
    pub fn words(&self) -> String {
        if self.pence_after == self.pence_per_mile {
            return format!("{}p a mile", self.pence_per_mile);
        }
        format!(
            "{}p a mile, then {}p after {} in a tax year",
            self.pence_per_mile,
            self.pence_after,
            Tenths::miles(self.threshold_miles).words()
        )
    }

    /// Whether the numbers make sense, or the sentence saying what does not.
    pub fn problem(&self) -> Option<&'static str> {
        if !(super::FIRST_YEAR..=super::LAST_YEAR).contains(&self.starts_on.year()) {
            return Some("A rate takes effect on a day from 2000 to 2100.");
        }
        if !(1..=200).contains(&self.pence_per_mile) || !(0..=200).contains(&self.pence_after) {
            return Some("A rate is between 1p and 200p a mile (the lower rate may be 0p).");
        }
        if self.pence_after > self.pence_per_mile {
            return Some("The rate after the threshold cannot be more than the rate before it.");
        }
        if !(0..=1_000_000).contains(&self.threshold_miles) {
            return Some("The threshold is a whole number of miles, up to 1,000,000.");
        }
        None
    }
}

/// The first day of the tax year `date` falls in: 6 April of its year, or of the year before
/// for a date from 1 January to 5 April.
pub fn tax_year_start(date: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(date.year(), 4, 6).unwrap_or(date);
    if date >= this_year {
        this_year
    } else {
        NaiveDate::from_ymd_opt(date.year() - 1, 4, 6).unwrap_or(date)
    }
}

/// "2026–27": the tax year starting on `start`.
pub fn tax_year_words(start: NaiveDate) -> String {
    format!("{}–{:02}", start.year(), (start.year() + 1) % 100)
}

/// The rate in force on `date`: the row that took effect most recently on or before it.
pub fn rate_on(rates: &[MileageRate], date: NaiveDate) -> Option<&MileageRate> {
    rates
        .iter()
        .filter(|rate| rate.starts_on <= date)
        .max_by_key(|rate| rate.starts_on)
}

/// An own-car journey to price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Journey {
    pub date: NaiveDate,
    pub distance: Tenths,
}

/// What one journey is paid, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    /// The rate for the journey's first mile, in pence (the CSV's rate column).
    pub pence_per_mile: i64,
    pub at_full_rate: Tenths,
    pub at_lower_rate: Tenths,
    pub pence_after: i64,
    pub amount: Pence,
}

/// The miles paid at each rate and the rate in pence, leaving out a band with no miles: one
/// band for most journeys, two for the one that crosses the threshold.
pub fn bands(at_full: Tenths, full: i64, at_lower: Tenths, lower: i64) -> Vec<(Tenths, i64)> {
    [(at_full, full), (at_lower, lower)]
        .into_iter()
        .filter(|(tenths, _)| tenths.0 > 0)
        .collect()
}

impl Priced {
    /// See [`bands`].
    pub fn bands(&self) -> Vec<(Tenths, i64)> {
        bands(
            self.at_full_rate,
            self.pence_per_mile,
            self.at_lower_rate,
            self.pence_after,
        )
    }

    /// "12 miles at 55p" or "5 miles at 55p and 7 miles at 25p".
    pub fn words(&self) -> String {
        match (self.at_full_rate.0 > 0, self.at_lower_rate.0 > 0) {
            (true, true) => format!(
                "{} at {}p and {} at {}p",
                self.at_full_rate.words(),
                self.pence_per_mile,
                self.at_lower_rate.words(),
                self.pence_after
            ),
            (false, true) => format!("{} at {}p", self.at_lower_rate.words(), self.pence_after),
            _ => format!("{} at {}p", self.at_full_rate.words(), self.pence_per_mile),
        }
    }
}

/// A journey dated before any rate in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRateOn(pub NaiveDate);

impl NoRateOn {
    pub fn sentence(&self) -> String {
        format!(
            "There is no mileage rate for {}: ask the coordinator to add the rate in force then.",
            self.0.format("%-d %B %Y")
        )
    }
}

/// Prices `journeys` (one person's) in date order, each at the rate in force on its date.
/// `earlier(start)` is how far the person has already been paid for in the tax year starting
/// on `start`, before these journeys: the threshold counts every mile of a tax year, so a
/// journey that crosses it is paid partly at each rate, and a new tax year starts again from
/// nothing. Returns one answer per journey, in the order given.
pub fn price(
    rates: &[MileageRate],
    journeys: &[Journey],
    earlier: impl Fn(NaiveDate) -> Tenths,
) -> Result<Vec<Priced>, NoRateOn> {
    let mut order: Vec<usize> = (0..journeys.len()).collect();
    order.sort_by_key(|&i| journeys[i].date);
    let mut so_far: Vec<(NaiveDate, Tenths)> = Vec::new();
    let mut priced = vec![None; journeys.len()];
    for i in order {
        let journey = journeys[i];
        let rate = rate_on(rates, journey.date).ok_or(NoRateOn(journey.date))?;
        let year = tax_year_start(journey.date);
        let travelled = match so_far.iter_mut().find(|(start, _)| *start == year) {
            Some((_, travelled)) => travelled,
            None => {
                so_far.push((year, earlier(year)));
                &mut so_far.last_mut().expect("just pushed").1
            }
        };
        let left_at_full = (Tenths::miles(rate.threshold_miles) - *travelled).0.max(0);
        let at_full_rate = Tenths(journey.distance.0.min(left_at_full));
        let at_lower_rate = journey.distance - at_full_rate;
        *travelled = *travelled + journey.distance;
        // Tenths of a mile times pence a mile is tenths of a penny; round to the nearest penny,
        // a half penny up.
        let tenth_pence = at_full_rate.0 * rate.pence_per_mile + at_lower_rate.0 * rate.pence_after;
        priced[i] = Some(Priced {
            pence_per_mile: rate.pence_per_mile,
            at_full_rate,
            at_lower_rate,
            pence_after: rate.pence_after,
            amount: Pence((tenth_pence + 5) / 10),
        });
    }
    Ok(priced.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// HMRC's approved mileage allowance payments for cars: 45p then 25p after 10,000 miles
    /// from 2011–12, 55p then 25p from 6 April 2026.
    fn hmrc() -> Vec<MileageRate> {
        vec![
            MileageRate {
                starts_on: day(2011, 4, 6),
                pence_per_mile: 45,
                threshold_miles: 10_000,
                pence_after: 25,
            },
            MileageRate {
                starts_on: day(2026, 4, 6),
                pence_per_mile: 55,
                threshold_miles: 10_000,
                pence_after: 25,
            },
        ]
    }

    fn journey(date: NaiveDate, tenths: i64) -> Journey {
        Journey {
            date,
            distance: Tenths(tenths),
        }
    }

    #[test]
    fn the_rate_on_a_date_is_the_one_that_took_effect_last() {
        let rates = hmrc();
        assert_eq!(rate_on(&rates, day(2026, 4, 5)).unwrap().pence_per_mile, 45);
        assert_eq!(rate_on(&rates, day(2026, 4, 6)).unwrap().pence_per_mile, 55);
        assert_eq!(rate_on(&rates, day(2030, 1, 1)).unwrap().pence_per_mile, 55);
        assert_eq!(rate_on(&rates, day(2011, 4, 5)), None);
        // The table's order does not matter.
        let reversed: Vec<_> = rates.iter().rev().copied().collect();
        assert_eq!(
            rate_on(&reversed, day(2027, 1, 1)).unwrap().pence_per_mile,
            55
        );
    }

    #[test]
    fn the_tax_year_starts_on_6_april() {
        assert_eq!(tax_year_start(day(2026, 4, 5)), day(2025, 4, 6));
        assert_eq!(tax_year_start(day(2026, 4, 6)), day(2026, 4, 6));
        assert_eq!(tax_year_start(day(2027, 1, 31)), day(2026, 4, 6));
        assert_eq!(tax_year_words(day(2026, 4, 6)), "2026–27");
        assert_eq!(tax_year_words(day(1999, 4, 6)), "1999–00");
    }

    #[test]
    fn a_journey_is_paid_at_the_rate_on_its_date_rounded_to_the_penny() {
        let priced = price(&hmrc(), &[journey(day(2026, 11, 3), 125)], |_| Tenths(0)).unwrap();
        // 12.5 miles at 55p = 687.5p, a half penny rounds up.
        assert_eq!(priced[0].amount, Pence(688));
        assert_eq!(priced[0].words(), "12.5 miles at 55p");
    }

    #[test]
    fn the_threshold_crossed_mid_month_splits_the_journey_that_crosses_it() {
        // 9,995 miles already this tax year; three journeys in November.
        let journeys = [
            journey(day(2026, 11, 20), 80),
            journey(day(2026, 11, 3), 30),
            journey(day(2026, 11, 10), 120),
        ];
        let priced = price(&hmrc(), &journeys, |_| Tenths::miles(9_995)).unwrap();
        // 3 November: 3 miles at 55p (9,998 so far).
        assert_eq!(priced[1].amount, Pence(165));
        // 10 November: 2 miles at 55p, then 10 at 25p (10,010 so far).
        assert_eq!(priced[2].at_full_rate, Tenths(20));
        assert_eq!(priced[2].at_lower_rate, Tenths(100));
        assert_eq!(priced[2].amount, Pence(2 * 55 + 10 * 25));
        assert_eq!(priced[2].words(), "2 miles at 55p and 10 miles at 25p");
        // 20 November: all 8 at 25p.
        assert_eq!(priced[0].amount, Pence(200));
        assert_eq!(priced[0].words(), "8 miles at 25p");
    }

    #[test]
    fn a_new_tax_year_on_6_april_starts_the_threshold_again_at_the_new_rate() {
        let journeys = [journey(day(2026, 4, 5), 100), journey(day(2026, 4, 6), 100)];
        let earlier = |start: NaiveDate| {
            if start == day(2025, 4, 6) {
                Tenths::miles(10_000)
            } else {
                Tenths(0)
            }
        };
        let priced = price(&hmrc(), &journeys, earlier).unwrap();
        assert_eq!(
            priced[0].amount,
            Pence(250),
            "5 April: past the old year's threshold"
        );
        assert_eq!(priced[1].amount, Pence(550), "6 April: a new year, at 55p");
    }

    #[test]
    fn a_journey_before_any_rate_is_refused_in_words() {
        let refused = price(&hmrc(), &[journey(day(2010, 5, 1), 10)], |_| Tenths(0)).unwrap_err();
        assert_eq!(
            refused.sentence(),
            "There is no mileage rate for 1 May 2010: ask the coordinator to add the rate in force then."
        );
    }

    #[test]
    fn a_rate_that_makes_no_sense_is_explained() {
        let mut rate = hmrc()[1];
        assert_eq!(rate.problem(), None);
        assert_eq!(
            rate.words(),
            "55p a mile, then 25p after 10,000 miles in a tax year"
        );
        rate.pence_after = 60;
        assert!(rate.problem().unwrap().contains("cannot be more"));
        rate.pence_after = 25;
        rate.pence_per_mile = 0;
        assert!(rate.problem().is_some());
    }
}
