use chrono::NaiveDate;

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The meeting on 4 March; the last one was on 4 February.
fn march() -> Review {
    Review::new(day("2026-03-04"), Some(day("2026-02-04")))
}

const MEANINGFUL: Score = Score(300);

fn on_programme() -> Facts {
    Facts {
        since: Some(day("2025-10-01")),
        registers: vec![(day("2026-03-02"), Outcome::Attended)],
        ..Facts::default()
    }
}

#[test]
fn someone_doing_well_is_not_listed() {
    let mut facts = on_programme();
    facts.registers = vec![
        (day("2026-02-09"), Outcome::Attended),
        (day("2026-02-16"), Outcome::Absent),
        (day("2026-02-23"), Outcome::Attended),
        (day("2026-03-02"), Outcome::NoShow),
    ];
    facts.scores = vec![
        (day("2026-01-05"), Score(4500)),
        (day("2026-02-20"), Score(4300)),
    ];
    facts.open_goals = vec![("Find a course".into(), day("2026-03-04"))];
    facts.not_here = vec![day("2026-02-16"), day("2026-01-20")];
    assert_eq!(reasons(&facts, march(), MEANINGFUL), []);
}

#[test]
fn two_misses_running_in_the_period_are_listed_with_their_days() {
    let mut facts = on_programme();
    facts.registers = vec![
        (day("2026-01-26"), Outcome::Absent),
        (day("2026-02-09"), Outcome::LateCancellation),
        (day("2026-02-16"), Outcome::NoShow),
        (day("2026-03-02"), Outcome::Attended),
    ];
    let found = reasons(&facts, march(), MEANINGFUL);
    assert_eq!(
        found,
        [Reason::MissedTwoInARow {
            first: day("2026-02-09"),
            second: day("2026-02-16")
        }]
    );
    assert_eq!(
        found[0].sentence(),
        "Missed two sessions in a row (9 February and 16 February)."
    );
}

#[test]
fn a_miss_before_the_period_does_not_pair_with_one_inside_it() {
    let mut facts = on_programme();
    facts.registers = vec![
        (day("2026-02-02"), Outcome::Absent),
        (day("2026-02-09"), Outcome::Absent),
        (day("2026-03-02"), Outcome::Attended),
    ];
    assert_eq!(reasons(&facts, march(), MEANINGFUL), []);
}

#[test]
fn thirty_days_without_a_session_is_listed_once_on_the_programme_that_long() {
    let mut quiet = on_programme();
    quiet.registers = vec![(day("2026-02-02"), Outcome::Attended)];
    assert_eq!(
        reasons(&quiet, march(), MEANINGFUL),
        [Reason::NoSessionFor {
            last: Some(day("2026-02-02"))
        }]
    );
    let mut new = on_programme();
    new.registers.clear();
    new.since = Some(day("2026-02-20"));
    assert_eq!(reasons(&new, march(), MEANINGFUL), [], "joined 12 days ago");
    new.since = Some(day("2026-01-20"));
    assert_eq!(
        reasons(&new, march(), MEANINGFUL)[0].sentence(),
        "No session attended in 30 days (none on record)."
    );
}

#[test]
fn a_fall_of_the_meaningful_change_since_the_last_check_in_is_listed() {
    let mut facts = on_programme();
    facts.scores = vec![
        (day("2026-01-05"), Score(4500)),
        (day("2026-02-20"), Score(4200)),
    ];
    let found = reasons(&facts, march(), MEANINGFUL);
    assert_eq!(
        found[0].sentence(),
        "Wellbeing fell from 45 to 42 on 20 February."
    );
    facts.scores[1].1 = Score(4201);
    assert_eq!(
        reasons(&facts, march(), MEANINGFUL),
        [],
        "2.99 points is less"
    );
    facts.scores = vec![
        (day("2026-01-05"), Score(4500)),
        (day("2026-01-25"), Score(4000)),
    ];
    assert_eq!(
        reasons(&facts, march(), MEANINGFUL),
        [],
        "fell before the period"
    );
}

#[test]
fn a_goal_past_its_date_and_pick_up_misses_are_each_listed() {
    let mut facts = on_programme();
    facts.open_goals = vec![("Open a bank account".into(), day("2026-02-28"))];
    facts.not_here = vec![day("2026-02-11"), day("2026-02-25")];
    let sentences: Vec<_> = reasons(&facts, march(), MEANINGFUL)
        .iter()
        .map(Reason::sentence)
        .collect();
    assert_eq!(
        sentences,
        [
            "Goal past its date (28 February): Open a bank account",
            "\"Not here\" at pick-up 2 times (11 February, 25 February)."
        ]
    );
}

#[test]
fn the_first_meeting_reviews_the_month_before_it() {
    let first = Review::new(day("2026-03-04"), None);
    assert_eq!(first.since, day("2026-02-02"));
    assert_eq!(first.words(), "3 February to 4 March");
    assert!(first.covers(day("2026-03-04")) && !first.covers(day("2026-02-02")));
}
