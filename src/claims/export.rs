//! The month's approved claims as a CSV file for the finance software: one row per line, with
//! the columns a bookkeeper posts from (see the README for why each is there).

use super::money::Pence;
use super::view::ClaimView;
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

/// The file: the header, then every line of every claim given, in the order given.
pub fn csv(claims: &[ClaimView]) -> String {
    let mut out = row(COLUMNS.iter().map(|c| (*c).to_owned()));
    for claim in claims {
        for line in &claim.lines {
            out.push_str(&row([
                claim.claimant.clone(),
                claim.month.slug(),
                line.date.format("%Y-%m-%d").to_string(),
                line.category.map_or("Mileage", |c| c.short()).to_owned(),
                line.description.clone(),
                line.distance.map(|d| d.plain()).unwrap_or_default(),
                line.rate_pence
                    .map(|p| Pence(p).plain())
                    .unwrap_or_default(),
                line.amount.plain(),
                line.has_receipt
                    .filter(|has| *has)
                    .map(|_| receipt_reference(line.id.0))
                    .unwrap_or_default(),
                claim.state.label().to_owned(),
                claim.approved_by.clone().unwrap_or_default(),
            ]));
        }
    }
    out
}

/// "R-000123": how a printed receipt is found again from the finance record.
pub fn receipt_reference(line: i64) -> String {
    format!("R-{line:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_referenced_by_their_line() {
        assert_eq!(receipt_reference(123), "R-000123");
    }
}
