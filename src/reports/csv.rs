//! The funders' report as CSV: every figure the page shows, one a row, with its section and
//! the period, so a funder's spreadsheet can take it whole. Withheld figures say so in words.

use super::funders::FundersReport;
use super::small_numbers::{derived_words, Count};
use crate::csv_file::row;

pub const COLUMNS: [&str; 5] = ["Period from", "Period to", "Section", "Figure", "Value"];

pub fn funders_csv(report: &FundersReport) -> String {
    let mut figures: Vec<(&str, String, String)> = Vec::new();
    let mut count = |section: &'static str, figure: String, value: Count| {
        figures.push((section, figure, value.words()));
    };
    let r = &report.referrals;
    for month in &r.months {
        for (source, n) in r.sources.iter().zip(&month.counts) {
            count("Referrals", format!("{source}, {}", month.month), *n);
        }
        count(
            "Referrals",
            format!("All sources, {}", month.month),
            month.total,
        );
    }
    for (source, n) in r.sources.iter().zip(&r.by_source) {
        count("Referrals", format!("{source}, whole period"), *n);
    }
    count("Referrals", "All sources, whole period".into(), r.total);
    for step in &report.journey {
        count("Journey", format!("{}: referrals", step.step), step.reached);
    }
    let a = &report.attendance;
    count(
        "Attendance",
        "Places booked (register taken)".into(),
        a.booked,
    );
    count("Attendance", "Attended".into(), a.attended);
    count("Attendance", "Absent".into(), a.absent);
    count("Attendance", "Cancelled late".into(), a.late_cancellations);
    count("Attendance", "No-show".into(), a.no_shows);
    count("Attendance", "Places with no register".into(), a.unrecorded);
    let e = &report.engagement;
    count(
        "Engagement",
        "Participants on the programme".into(),
        e.active,
    );
    count(
        "Engagement",
        "Came to a session in the last 30 days".into(),
        e.engaged,
    );
    for goal in &report.goals {
        count("Goals", format!("{}: set", goal.area), goal.set);
        count("Goals", format!("{}: achieved", goal.area), goal.achieved);
        count("Goals", format!("{}: partly", goal.area), goal.partly);
        count("Goals", format!("{}: not yet", goal.area), goal.not_yet);
    }
    let w = &report.wellbeing;
    count(
        "Wellbeing",
        "People with a first and a latest score".into(),
        w.with_two_scores,
    );
    count(
        "Wellbeing",
        format!("Improved by {} points or more", w.meaningful_change),
        w.improved_meaningfully,
    );
    let t = &report.transport;
    count("Transport", "Runs".into(), t.runs);
    count("Transport", "Passenger journeys".into(), t.passengers);
    count("Transport", "Miles".into(), t.miles);
    count(
        "Transport",
        "Runs without both readings".into(),
        t.runs_without_readings,
    );

    let mut derived: Vec<(&str, String, String)> = report
        .journey
        .iter()
        .map(|s| {
            (
                "Journey",
                format!("{}: median days from referral", s.step),
                derived_words(&s.median_days),
            )
        })
        .collect();
    derived.push((
        "Attendance",
        "Attendance rate".into(),
        derived_words(&a.rate),
    ));
    derived.push((
        "Engagement",
        "Share engaged".into(),
        derived_words(&e.share),
    ));
    derived.push((
        "Wellbeing",
        "Mean change (points)".into(),
        derived_words(&w.mean_change),
    ));
    derived.push((
        "Wellbeing",
        "Share who improved meaningfully".into(),
        derived_words(&w.share_improved),
    ));
    figures.extend(derived);

    let (from, to) = (
        report.period.first.to_string(),
        report.period.last.to_string(),
    );
    let mut out = row(COLUMNS.iter().map(|c| (*c).to_owned()));
    for (section, figure, value) in figures {
        out.push_str(&row([
            from.clone(),
            to.clone(),
            section.to_owned(),
            figure,
            value,
        ]));
    }
    out
}
