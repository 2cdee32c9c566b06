//! The month's approved claims as a CSV file for the finance software: one row per line, with
//! the columns a bookkeeper posts from (see the README for why each is there).

use super::money::{Pence, Tenths};
use super::view::{ClaimView, LineView};
use crate::csv_file::row;

/// The header row.
pub const COLUMNS: [&str; 11] = [
    "Claimant",
    "Claim month",
    "Date",
    "Category",
    "Description",
    "Miles",
    "Rate per mile",
    "Amount",
    "Receipt reference",
    "State",
    "Approved by",
];

/// The file: the header, then every line of every claim given, in the order given. A journey
/// paid at two rates (it crossed the tax year's threshold) is two rows, one per rate, so that
/// miles × rate = amount holds on every row; the two amounts add up to the line's.
pub fn csv(claims: &[ClaimView]) -> String {
    let mut out = row(COLUMNS.iter().map(|c| (*c).to_owned()));
    for claim in claims {
        for line in &claim.lines {
            for (miles, rate, amount) in rows_of(line) {
                out.push_str(&row([
                    claim.claimant.clone(),
                    claim.month.slug(),
                    line.date.format("%Y-%m-%d").to_string(),
                    line.category.map_or("Mileage", |c| c.short()).to_owned(),
                    line.description.clone(),
                    miles.map(|d| d.plain()).unwrap_or_default(),
                    rate.map(|p| Pence(p).plain()).unwrap_or_default(),
                    amount.plain(),
                    line.has_receipt
                        .filter(|has| *has)
                        .map(|_| receipt_reference(line.id.0))
                        .unwrap_or_default(),
                    claim.state.label().to_owned(),
                    claim.approved_by.clone().unwrap_or_default(),
                ]));
            }
        }
    }
    out
}

/// (miles, pence a mile, amount) for each row a line makes.
fn rows_of(line: &LineView) -> Vec<(Option<Tenths>, Option<i64>, Pence)> {
    match line.bands.as_slice() {
        [] => vec![(line.distance, line.rate_pence, line.amount)],
        [(miles, rate)] => vec![(Some(*miles), Some(*rate), line.amount)],
        [(first_miles, first_rate), rest @ ..] => {
            // Tenths of a mile times pence a mile is tenths of a penny: the first band rounded
            // to the penny, the rest what is left of the amount the line was paid.
            let first = Pence((first_miles.0 * first_rate + 5) / 10);
            let mut rows = vec![(Some(*first_miles), Some(*first_rate), first)];
            let mut left = Pence(line.amount.0 - first.0);
            for (index, (miles, rate)) in rest.iter().enumerate() {
                let amount = if index + 1 == rest.len() {
                    left
                } else {
                    Pence((miles.0 * rate + 5) / 10)
                };
                left = Pence(left.0 - amount.0);
                rows.push((Some(*miles), Some(*rate), amount));
            }
            rows
        }
    }
}

/// "R-000123": how a printed receipt is found again from the finance record.
pub fn receipt_reference(line: i64) -> String {
    format!("R-{line:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journey(bands: Vec<(Tenths, i64)>, amount: i64) -> LineView {
        LineView {
            id: crate::claims::LineId(7),
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            category: None,
            description: "Office → Park: kit".into(),
            distance: Some(Tenths(bands.iter().map(|(t, _)| t.0).sum())),
            rate_pence: bands.first().map(|(_, r)| *r),
            amount: Pence(amount),
            priced_as: None,
            bands,
            has_receipt: None,
        }
    }

    #[test]
    fn a_journey_across_the_threshold_is_a_row_per_rate_adding_up_to_its_amount() {
        // 2.5 miles at 55p (137.5p) and 7.5 at 25p (187.5p): 325p paid.
        let line = journey(vec![(Tenths(25), 55), (Tenths(75), 25)], 325);
        let rows = rows_of(&line);
        assert_eq!(
            rows,
            vec![
                (Some(Tenths(25)), Some(55), Pence(138)),
                (Some(Tenths(75)), Some(25), Pence(187)),
            ]
        );
        assert_eq!(rows.iter().map(|r| r.2 .0).sum::<i64>(), 325);
    }

    #[test]
    fn a_journey_wholly_past_the_threshold_shows_the_lower_rate() {
        let line = journey(vec![(Tenths(100), 25)], 250);
        assert_eq!(
            rows_of(&line),
            vec![(Some(Tenths(100)), Some(25), Pence(250))]
        );
    }

    #[test]
    fn receipts_are_referenced_by_their_line() {
        assert_eq!(receipt_reference(123), "R-000123");
    }
}
