//! Reading what people type into the admin forms: trimmed text within a length, whole numbers in
//! a range, clock times and choices from a list. Plain functions shared by server and browser;
//! each returns `None` for input it cannot accept, and the caller says why in its own words.

use std::ops::RangeInclusive;

use chrono::NaiveTime;

/// Input a field cannot accept; the caller says why in words that fit the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Whether `text` is something a person typed: no control characters but line breaks and
/// tabs. A NUL, a bell or an escape sequence is never meant, and PostgreSQL refuses a NUL.
pub fn is_typed_text(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Trimmed text of 1 to `max_chars` characters; `None` when blank, too long or not typed text.
pub fn required_text(text: &str, max_chars: usize) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= max_chars && is_typed_text(text))
        .then(|| text.to_owned())
}

/// Trimmed text, or `Ok(None)` when left blank; refused when longer than `max_chars` or not
/// typed text.
pub fn optional_text(text: &str, max_chars: usize) -> Result<Option<String>, Unreadable> {
    let text = text.trim();
    if !is_typed_text(text) {
        return Err(Unreadable);
    }
    match text.chars().count() {
        0 => Ok(None),
        n if n <= max_chars => Ok(Some(text.to_owned())),
        _ => Err(Unreadable),
    }
}

/// A number as typed with its thousands separators taken out ("1,204.50" → "1204.50"), or
/// `None` when a comma stands anywhere else: "4,50" (a decimal comma) or "1,2,3" would
/// otherwise be read as 450 or 123. Only the commas are checked; the caller reads the digits.
pub fn without_thousands(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_at(text.find('.').unwrap_or(text.len()));
    if !whole.contains(',') {
        return (!fraction.contains(',')).then(|| text.to_owned());
    }
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = (1..=3).contains(&first.len()) && groups.all(|group| group.len() == 3);
    (grouped && !fraction.contains(',')).then(|| whole.replace(',', "") + fraction)
}

/// A whole number within `range` ("90", " 8 ").
pub fn whole_number(text: &str, range: RangeInclusive<i64>) -> Option<i64> {
    text.trim()
        .parse()
        .ok()
        .filter(|number| range.contains(number))
}

/// A decimal number ("51.7504", "-0.33").
pub fn decimal(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|number| number.is_finite())
}

/// A time of day as a browser's time field sends it: "09:30" (or "09:30:00"), whole minutes.
pub fn clock_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
        .filter(|time| chrono::Timelike::second(time) == 0)
}

/// An id picked from a `<select>`: `Ok(None)` for the empty "none" option, refused for
/// anything that is not an id.
pub fn choice(text: &str) -> Result<Option<i64>, Unreadable> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_limited() {
        assert_eq!(required_text("  Tennis ", 100), Some("Tennis".into()));
        assert_eq!(required_text("   ", 100), None);
        assert_eq!(required_text(&"x".repeat(101), 100), None);
        // Characters, not bytes: "é" is two bytes.
        assert_eq!(
            required_text(&"é".repeat(100), 100).map(|t| t.len()),
            Some(200)
        );
        assert_eq!(optional_text(" ", 5), Ok(None));
        assert_eq!(optional_text(" boots ", 5), Ok(Some("boots".into())));
        assert_eq!(optional_text("wellies", 5), Err(Unreadable));
    }

    #[test]
    fn control_characters_are_not_typed_text() {
        assert_eq!(required_text("a\u{0}b", 10), None);
        assert_eq!(optional_text("bell\u{7}", 10), Err(Unreadable));
        assert_eq!(
            required_text("two\nlines\tand a tab", 40).as_deref(),
            Some("two\nlines\tand a tab")
        );
    }

    #[test]
    fn commas_are_taken_out_only_where_they_separate_thousands() {
        assert_eq!(without_thousands("1,204.50").as_deref(), Some("1204.50"));
        assert_eq!(without_thousands("12,345,678").as_deref(), Some("12345678"));
        assert_eq!(without_thousands("4.50").as_deref(), Some("4.50"));
        for misread in [
            "4,50",
            "12,5",
            "1,2,3,4",
            "1,0,0",
            ",500",
            "1234,567",
            "1,234.5,0",
        ] {
            assert_eq!(without_thousands(misread), None, "{misread}");
        }
    }

    #[test]
    fn numbers_must_be_whole_and_in_range() {
        assert_eq!(whole_number(" 90 ", 15..=720), Some(90));
        assert_eq!(whole_number("10", 15..=720), None);
        assert_eq!(whole_number("1.5", 1..=100), None);
        assert_eq!(whole_number("eight", 1..=100), None);
        assert_eq!(decimal("-0.3275"), Some(-0.3275));
        assert_eq!(decimal("NaN"), None);
        assert_eq!(decimal(""), None);
    }

    #[test]
    fn times_are_whole_minutes() {
        let nine_thirty = NaiveTime::from_hms_opt(9, 30, 0);
        assert_eq!(clock_time("09:30"), nine_thirty);
        assert_eq!(clock_time("09:30:00"), nine_thirty);
        assert_eq!(clock_time("09:30:15"), None);
        assert_eq!(clock_time("25:00"), None);
        assert_eq!(clock_time("half nine"), None);
    }

    #[test]
    fn choices_are_ids_or_none() {
        assert_eq!(choice(""), Ok(None));
        assert_eq!(choice("12"), Ok(Some(12)));
        assert_eq!(choice("Court 1"), Err(Unreadable));
    }
}
