//! The month's approved claims as a CSV file for the finance software: one row per line, with
//! the columns a bookkeeper posts from (see the README for why each is there).

use super::money::Pence;
use super::view::ClaimView;

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

/// One CSV record (RFC 4180, CRLF). A field a spreadsheet would read as a formula (starting
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so a description can
/// never run as one.
fn row(fields: impl IntoIterator<Item = String>) -> String {
    let fields: Vec<String> = fields.into_iter().map(|f| field(&f)).collect();
    let mut line = fields.join(",");
    line.push_str("\r\n");
    line
}

fn field(text: &str) -> String {
    let numeric = text.parse::<f64>().is_ok();
    let text = if !numeric && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Parking"), "Parking");
        assert_eq!(field("Office, then lake"), "\"Office, then lake\"");
        assert_eq!(field("The \"big\" shop"), "\"The \"\"big\"\" shop\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-3.20"), "-3.20", "a number stays a number");
        assert_eq!(row(["a".into(), "b".into()]), "a,b\r\n");
        assert_eq!(receipt_reference(123), "R-000123");
    }
}
