//! Series dates against the examples planners give, and against a day-by-day model for random
//! series.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use proptest::prelude::*;

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn dates(texts: &[&str]) -> Vec<NaiveDate> {
    texts.iter().map(|text| date(text)).collect()
}

fn weekly(weekdays: &[Weekday], end: RepeatEnd) -> Repeat {
    Repeat {
        every: Every::Weekly,
        weekdays: weekdays.to_vec(),
        end,
        skip: Vec::new(),
    }
}

/// Tuesday 5 January 2027.
fn first_tuesday() -> NaiveDate {
    date("2027-01-05")
}

#[test]
fn ten_tuesdays_without_two_skipped_leave_eight() {
    let mut repeat = weekly(&[Weekday::Tue], RepeatEnd::Weeks(10));
    repeat.skip = dates(&["2027-01-12", "2027-02-16"]);
    assert_eq!(
        repeat.dates(first_tuesday()),
        dates(&[
            "2027-01-05",
            "2027-01-19",
            "2027-01-26",
            "2027-02-02",
            "2027-02-09",
            "2027-02-23",
            "2027-03-02",
            "2027-03-09",
        ])
    );
    assert!(repeat.problems(first_tuesday()).is_empty());
}

#[test]
fn fortnightly_takes_every_second_week_of_the_span() {
    let repeat = Repeat {
        every: Every::Fortnightly,
        ..weekly(&[Weekday::Tue], RepeatEnd::Weeks(10))
    };
    assert_eq!(
        repeat.dates(first_tuesday()),
        dates(&[
            "2027-01-05",
            "2027-01-19",
            "2027-02-02",
            "2027-02-16",
            "2027-03-02"
        ])
    );
}

#[test]
fn two_weekdays_start_no_earlier_than_the_first_date() {
    // Starting on a Wednesday: that week's Tuesday is already past.
    let repeat = weekly(&[Weekday::Thu, Weekday::Tue], RepeatEnd::Weeks(3));
    assert_eq!(
        repeat.dates(date("2027-01-06")),
        dates(&[
            "2027-01-07",
            "2027-01-12",
            "2027-01-14",
            "2027-01-19",
            "2027-01-21"
        ])
    );
}

#[test]
fn until_includes_the_last_date() {
    let repeat = weekly(&[Weekday::Tue], RepeatEnd::Until(date("2027-02-02")));
    assert_eq!(
        repeat.dates(first_tuesday()),
        dates(&[
            "2027-01-05",
            "2027-01-12",
            "2027-01-19",
            "2027-01-26",
            "2027-02-02"
        ])
    );
}

#[test]
fn problems_are_named_before_anything_is_checked() {
    let first = first_tuesday();
    let none = weekly(&[], RepeatEnd::Weeks(4));
    assert_eq!(
        none.problems(first),
        ["Choose at least one day of the week."]
    );
    let zero = weekly(&[Weekday::Tue], RepeatEnd::Weeks(0));
    assert_eq!(
        zero.problems(first),
        ["A series runs for at least one week."]
    );
    let long = weekly(&[Weekday::Tue], RepeatEnd::Weeks(53));
    assert!(long.problems(first)[0].contains("a year at most"));
    assert_eq!(long.dates(first).len(), 52);
    let backwards = weekly(&[Weekday::Tue], RepeatEnd::Until(date("2027-01-04")));
    assert_eq!(
        backwards.problems(first),
        ["The last date is before the first session."]
    );
    let year = weekly(&[Weekday::Tue], RepeatEnd::Until(date("2027-12-28")));
    assert!(year.problems(first).is_empty(), "52 weeks is allowed");
    let too_far = weekly(&[Weekday::Tue], RepeatEnd::Until(date("2028-01-04")));
    assert!(too_far.problems(first)[0].contains("a year at most"));
    let mut all_skipped = weekly(&[Weekday::Tue], RepeatEnd::Weeks(2));
    all_skipped.skip = dates(&["2027-01-05", "2027-01-12", "2030-06-01"]);
    assert!(all_skipped.problems(first)[0].starts_with("No dates are left"));
    // A skipped date outside the series is simply ignored.
    all_skipped.skip = dates(&["2030-06-01"]);
    assert!(all_skipped.problems(first).is_empty());
    let before_first = weekly(&[Weekday::Mon], RepeatEnd::Weeks(1));
    assert!(!before_first.problems(first).is_empty());
}

#[test]
fn typed_skip_lists_accept_commas_spaces_and_lines() {
    assert_eq!(
        parse_dates("2027-02-16, 2027-01-12\n2027-01-12;2027-03-02  "),
        Ok(dates(&["2027-01-12", "2027-02-16", "2027-03-02"]))
    );
    assert_eq!(parse_dates("  "), Ok(Vec::new()));
    let error = parse_dates("2027-01-12, 12/02/2027").unwrap_err();
    assert!(error.contains("“12/02/2027”"), "{error}");
    assert!(parse_dates("2027-02-30").is_err());
}

#[test]
fn forms_name_every_mistake_at_once() {
    let tue = vec!["tue".to_owned(), String::new()];
    let repeat = Repeat::from_form("weekly", &tue, "10", "", "2027-01-12").unwrap();
    assert_eq!(repeat.weekdays, [Weekday::Tue]);
    assert_eq!(repeat.end, RepeatEnd::Weeks(10));
    assert_eq!(repeat.skip, dates(&["2027-01-12"]));
    let until = Repeat::from_form("fortnightly", &tue, " ", "2027-03-16", "").unwrap();
    assert_eq!(until.end, RepeatEnd::Until(date("2027-03-16")));

    let both = Repeat::from_form("weekly", &tue, "10", "2027-03-16", "").unwrap_err();
    assert!(both.contains("not both"), "{both}");
    let neither = Repeat::from_form("weekly", &tue, "", "", "").unwrap_err();
    assert!(neither.contains("how long"), "{neither}");
    let many = Repeat::from_form("daily", &["tuesday".into()], "ten", "", "soon").unwrap_err();
    for piece in ["how often", "“tuesday”", "whole number", "“soon”"] {
        assert!(many.contains(piece), "{piece} in {many}");
    }
}

#[test]
fn slugs_round_trip() {
    for every in [Every::Weekly, Every::Fortnightly] {
        assert_eq!(Every::from_slug(every.slug()), Some(every));
    }
    for scope in [EditScope::ThisOnly, EditScope::ThisAndFollowing] {
        assert_eq!(EditScope::from_slug(scope.slug()), Some(scope));
    }
}

#[test]
fn scopes_read_both_their_serde_names_and_their_slugs() {
    let read = |text: &str| serde_json::from_str::<EditScope>(text).unwrap();
    assert_eq!(read("\"this_and_following\""), EditScope::ThisAndFollowing);
    assert_eq!(read("\"following\""), EditScope::ThisAndFollowing);
    assert_eq!(read("\"this_only\""), EditScope::ThisOnly);
    assert_eq!(EditScope::default(), EditScope::ThisOnly);
    assert_eq!(
        serde_json::to_string(&EditScope::ThisAndFollowing).unwrap(),
        "\"this_and_following\""
    );
}

#[test]
fn a_shift_keeps_the_gap_in_days_and_takes_the_new_times() {
    let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    // Tuesday 10:00 becomes Wednesday 13:00–15:30 …
    let shift = Shift::between(
        at("2027-01-26 10:00"),
        at("2027-01-27 13:00"),
        at("2027-01-27 15:30"),
    );
    assert_eq!(shift.days, 1);
    // … so a later Tuesday becomes its Wednesday, at the new times.
    assert_eq!(
        shift.apply(at("2027-02-09 10:00")),
        Some((at("2027-02-10 13:00"), at("2027-02-10 15:30")))
    );
    assert_eq!(
        shift.apply(NaiveDate::MAX.and_hms_opt(10, 0, 0).unwrap()),
        None
    );
}

/// The rule in its plainest form, one day at a time.
fn model(repeat: &Repeat, first: NaiveDate) -> Vec<NaiveDate> {
    let monday = Week::containing(first).monday();
    first
        .iter_days()
        .take(400)
        .filter(|day| {
            let week = (*day - monday).num_days() / 7;
            let in_span = week < i64::from(MAX_WEEKS)
                && match repeat.end {
                    RepeatEnd::Weeks(weeks) => week < i64::from(weeks),
                    RepeatEnd::Until(last) => *day <= last,
                };
            in_span
                && week % i64::from(repeat.every.weeks_apart()) == 0
                && repeat.weekdays.contains(&day.weekday())
                && !repeat.skip.contains(day)
        })
        .collect()
}

fn arbitrary_repeat() -> impl Strategy<Value = (Repeat, NaiveDate)> {
    (
        0i64..1500,
        prop::bool::ANY,
        prop::collection::vec(0u8..7, 0..4),
        prop_oneof![
            (0u32..60).prop_map(RepeatEnd::Weeks),
            (-10i64..400).prop_map(|days| RepeatEnd::Until(first_tuesday() + Duration::days(days))),
        ],
        prop::collection::vec(0i64..120, 0..12),
    )
        .prop_map(|(offset, fortnightly, weekdays, end, skip)| {
            let first = first_tuesday() + Duration::days(offset);
            let end = match end {
                RepeatEnd::Until(last) => RepeatEnd::Until(last + Duration::days(offset)),
                weeks => weeks,
            };
            let repeat = Repeat {
                every: if fortnightly {
                    Every::Fortnightly
                } else {
                    Every::Weekly
                },
                weekdays: weekdays
                    .into_iter()
                    .filter_map(|n| Weekday::try_from(n).ok())
                    .collect(),
                end,
                skip: skip
                    .into_iter()
                    .map(|days| first + Duration::days(days))
                    .collect(),
            };
            (repeat, first)
        })
}

proptest! {
    /// Every date is on a chosen weekday, in range, not skipped, strictly after the one
    /// before; and no date the plain day-by-day rule allows is missing.
    #[test]
    fn series_dates_follow_the_rule((repeat, first) in arbitrary_repeat()) {
        let got = repeat.dates(first);
        for pair in got.windows(2) {
            prop_assert!(pair[0] < pair[1], "{:?}", got);
        }
        for day in &got {
            prop_assert!(repeat.weekdays.contains(&day.weekday()));
            prop_assert!(*day >= first);
            prop_assert!(!repeat.skip.contains(day));
            if let RepeatEnd::Until(last) = repeat.end {
                prop_assert!(*day <= last);
            }
            prop_assert!((*day - first).num_days() < 7 * i64::from(MAX_WEEKS));
        }
        prop_assert_eq!(&got, &model(&repeat, first));
        if repeat.problems(first).is_empty() {
            prop_assert!(!got.is_empty());
        }
    }
}
