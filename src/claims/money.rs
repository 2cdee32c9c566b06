//! Amounts of money and distances as whole numbers, so no claim is ever a penny out from adding
//! up floating-point numbers: pence for money, tenths of a mile for distance.

use serde::{Deserialize, Serialize};

/// An amount in pence.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Pence(pub i64);

/// The most one line of a claim can be: £10,000.
pub const MAX_LINE: Pence = Pence(1_000_000);

impl Pence {
    /// "£84.20", "£1,204.05", "£0.45".
    pub fn words(self) -> String {
        let sign = if self.0 < 0 { "−" } else { "" };
        let pence = self.0.unsigned_abs();
        format!("{sign}£{}.{:02}", thousands(pence / 100), pence % 100)
    }

    /// "84.20": the amount for a CSV column, without the pound sign or separators.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let pence = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", pence / 100, pence % 100)
    }

    /// Reads what someone typed: "12", "12.5", "12.50", "£12.50", "1,204.05". Refuses a third
    /// decimal place, a negative amount and anything above [`MAX_LINE`].
    pub fn parse(text: &str) -> Option<Pence> {
        let text = crate::forms::without_thousands(text.trim().trim_start_matches('£'))?;
        let (pounds, pence) = match text.split_once('.') {
            Some((pounds, pence)) => (pounds, pence),
            None => (text.as_str(), ""),
        };
        if pounds.is_empty() && pence.is_empty() {
            return None;
        }
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !digits(pounds) || !digits(pence) || pence.len() > 2 || pounds.len() > 7 {
            return None;
        }
        let pounds: i64 = if pounds.is_empty() {
            0
        } else {
            pounds.parse().ok()?
        };
        let pence: i64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<i64>().ok()? * 10,
            _ => pence.parse().ok()?,
        };
        Some(Pence(pounds * 100 + pence)).filter(|amount| *amount <= MAX_LINE)
    }
}

impl std::ops::Add for Pence {
    type Output = Pence;
    fn add(self, other: Pence) -> Pence {
        Pence(self.0 + other.0)
    }
}

impl std::iter::Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        Pence(iter.map(|p| p.0).sum())
    }
}

/// A distance in tenths of a mile (a journey of 12.5 miles is `Tenths(125)`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Tenths(pub i64);

/// The longest single journey anyone claims: 1,000 miles.
pub const MAX_JOURNEY: Tenths = Tenths(10_000);

impl Tenths {
    pub fn miles(miles: i64) -> Tenths {
        Tenths(miles * 10)
    }

    /// "12.5 miles", "1 mile", "1,204 miles".
    pub fn words(self) -> String {
        let unit = if self.0 == 10 { "mile" } else { "miles" };
        format!("{} {unit}", self.written(thousands))
    }

    /// "12.5", "1204": the distance for a CSV column.
    pub fn plain(self) -> String {
        self.written(|whole| whole.to_string())
    }

    fn written(self, whole: impl Fn(u64) -> String) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let tenths = self.0.unsigned_abs();
        match tenths % 10 {
            0 => format!("{sign}{}", whole(tenths / 10)),
            tenth => format!("{sign}{}.{tenth}", whole(tenths / 10)),
        }
    }

    /// Reads "12", "12.5" or "1,204": at most one decimal place, more than nothing, at most
    /// [`MAX_JOURNEY`].
    pub fn parse(text: &str) -> Option<Tenths> {
        let text = crate::forms::without_thousands(text.trim())?;
        let (whole, tenth) = text.split_once('.').unwrap_or((text.as_str(), ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(tenth)
            || tenth.len() > 1
            || whole.len() > 5
        {
            return None;
        }
        let tenths = whole.parse::<i64>().ok()? * 10 + tenth.parse::<i64>().unwrap_or(0);
        Some(Tenths(tenths)).filter(|d| d.0 > 0 && *d <= MAX_JOURNEY)
    }
}

impl std::ops::Add for Tenths {
    type Output = Tenths;
    fn add(self, other: Tenths) -> Tenths {
        Tenths(self.0 + other.0)
    }
}

impl std::ops::Sub for Tenths {
    type Output = Tenths;
    fn sub(self, other: Tenths) -> Tenths {
        Tenths(self.0 - other.0)
    }
}

/// 1204 → "1,204".
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_type_them() {
        assert_eq!(Pence::parse("12"), Some(Pence(1200)));
        assert_eq!(Pence::parse("12.5"), Some(Pence(1250)));
        assert_eq!(Pence::parse(" £1,204.05 "), Some(Pence(120_405)));
        assert_eq!(Pence::parse(".45"), Some(Pence(45)));
        assert_eq!(Pence::parse("0"), Some(Pence(0)));
        for refused in [
            "", "£", "12.345", "-3", "1e3", "12.5.0", "10000.01", "abc", "١٢",
            // A decimal comma is not a thousands separator: "4,50" is never £450.
            "4,50", "1,2,3,4",
        ] {
            assert_eq!(Pence::parse(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn amounts_are_written_in_pounds() {
        assert_eq!(Pence(8420).words(), "£84.20");
        assert_eq!(Pence(120_405).words(), "£1,204.05");
        assert_eq!(Pence(5).words(), "£0.05");
        assert_eq!(Pence(8420).plain(), "84.20");
    }

    #[test]
    fn distances_read_and_write_in_tenths() {
        assert_eq!(Tenths::parse("12.5"), Some(Tenths(125)));
        assert_eq!(Tenths::parse("1,000"), Some(Tenths(10_000)));
        for refused in ["0", "0.0", "12.55", "-4", "", "1000.1", ".5", "12,5"] {
            assert_eq!(Tenths::parse(refused), None, "{refused:?}");
        }
        assert_eq!(Tenths(125).words(), "12.5 miles");
        assert_eq!(Tenths(10).words(), "1 mile");
        assert_eq!(Tenths(12_040).words(), "1,204 miles");
        assert_eq!(Tenths(12_045).plain(), "1204.5");
    }
}
