//! CSV files people open in a spreadsheet (the claims export, the funders' report, the Data Lab
//! extract): RFC 4180 records, and no field that a spreadsheet would run as a formula.

/// One CSV record (RFC 4180, CRLF). A field a spreadsheet would read as a formula (starting
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so a description can
/// never run as one.
pub fn row(fields: impl IntoIterator<Item = String>) -> String {
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
    }
}
