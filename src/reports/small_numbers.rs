//! Small numbers are withheld: a report that says "2 people from the Police" in a small
//! programme can point at someone. Every count below 5 is shown as "fewer than 5", and a figure
//! worked out from fewer than 5 people (a rate, a median, a mean) is not shown at all. The
//! exact value never leaves the server: a [`Count`] below 5 carries no number.

use serde::{Deserialize, Serialize};

/// Counts below this are withheld.
pub const SMALLEST_SHOWN: u64 = 5;

pub const FEWER_THAN_5: &str = "fewer than 5";
pub const WITHHELD: &str = "not shown (fewer than 5 people)";

/// A count as the report may show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Exact(u64),
    FewerThan5,
}

impl Count {
    pub fn of(n: u64) -> Count {
        if n < SMALLEST_SHOWN {
            Count::FewerThan5
        } else {
            Count::Exact(n)
        }
    }

    pub fn shown(self) -> Option<u64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::FewerThan5 => None,
        }
    }

    pub fn words(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::FewerThan5 => FEWER_THAN_5.into(),
        }
    }
}

/// A figure worked out from `base` people or events: its words, or `None` when the base is
/// below 5 (then the figure is withheld).
pub fn derived(base: u64, figure: impl FnOnce() -> Option<String>) -> Option<String> {
    if base < SMALLEST_SHOWN {
        None
    } else {
        figure()
    }
}

/// The words for a derived figure, withheld or not.
pub fn derived_words(figure: &Option<String>) -> String {
    figure.clone().unwrap_or_else(|| WITHHELD.into())
}

/// A row of counts and their total, where a reader could work out a withheld count by
/// subtracting the others from the total: when exactly one count is withheld and the total
/// is shown, the next smallest count is withheld too.
pub fn row_with_total(counts: &[u64]) -> (Vec<Count>, Count) {
    let total: u64 = counts.iter().sum();
    let mut shown: Vec<Count> = counts.iter().map(|n| Count::of(*n)).collect();
    let withheld = shown.iter().filter(|c| **c == Count::FewerThan5).count();
    let total_shown = Count::of(total);
    if withheld == 1 && total_shown != Count::FewerThan5 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i] != Count::FewerThan5)
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i);
        if let Some(i) = next {
            shown[i] = Count::FewerThan5;
        }
    }
    (shown, total_shown)
}

/// The median of `values` (whole days), `None` when there are none.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    } else {
        values[middle] as f64
    })
}

/// "12", "12.5": one decimal only when it is not whole.
pub fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// "67%" (`part` of `whole`). Withheld when fewer than 5 are in the part or outside it: with
/// the whole shown, the share would give the small count away.
pub fn share(part: u64, whole: u64) -> Option<String> {
    let outside = whole.saturating_sub(part);
    (part >= SMALLEST_SHOWN && outside >= SMALLEST_SHOWN)
        .then(|| format!("{:.0}%", part as f64 * 100.0 / whole as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_below_five_carry_no_number() {
        assert_eq!(Count::of(3).words(), "fewer than 5");
        assert_eq!(Count::of(0).words(), "fewer than 5");
        assert_eq!(Count::of(5).words(), "5");
        assert_eq!(Count::of(3).shown(), None);
        // What goes to the browser has no 3 in it.
        assert_eq!(
            serde_json::to_string(&Count::of(3)).unwrap(),
            "\"FewerThan5\""
        );
    }

    #[test]
    fn a_figure_from_fewer_than_five_people_is_withheld() {
        assert_eq!(derived(4, || Some("12 days".into())), None);
        assert_eq!(
            derived(5, || Some("12 days".into())).as_deref(),
            Some("12 days")
        );
        assert_eq!(derived_words(&None), WITHHELD);
    }

    #[test]
    fn a_lone_withheld_count_cannot_be_found_by_subtraction() {
        let (row, total) = row_with_total(&[10, 3, 7, 20]);
        assert_eq!(total, Count::Exact(40));
        assert_eq!(
            row,
            [
                Count::Exact(10),
                Count::FewerThan5,
                Count::FewerThan5,
                Count::Exact(20)
            ]
        );
        let (row, _) = row_with_total(&[10, 3, 2]);
        assert_eq!(
            row,
            [Count::Exact(10), Count::FewerThan5, Count::FewerThan5]
        );
    }

    #[test]
    fn medians_of_odd_and_even_lists() {
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut []), None);
        assert_eq!(one_decimal(2.5), "2.5");
        assert_eq!(one_decimal(3.0), "3");
    }

    #[test]
    fn a_share_is_withheld_when_it_would_give_a_small_count_away() {
        assert_eq!(share(10, 15).as_deref(), Some("67%"));
        assert_eq!(share(3, 6), None, "3 of 6");
        assert_eq!(share(8, 10), None, "all but 2");
        assert_eq!(share(0, 0), None);
    }
}
