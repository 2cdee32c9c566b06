//! The funders' report as HTML, written once for the page and the print view: each section's
//! chart (SVG) with a table of the same numbers beside it, and sentences that say how each
//! figure is counted. Every piece of text is escaped here.

use super::bar_chart::{escape, svg};
use super::funders::FundersReport;
use super::small_numbers::{derived_words, Count, FEWER_THAN_5};

/// A table: caption, column headings, rows (first cell a row heading).
fn table(caption: &str, headings: &[&str], rows: &[Vec<String>]) -> String {
    let head: String = headings
        .iter()
        .map(|h| format!(r#"<th scope="col">{}</th>"#, escape(h)))
        .collect();
    let body: String = rows
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i == 0 {
                        format!(r#"<th scope="row">{}</th>"#, escape(cell))
                    } else {
                        format!("<td>{}</td>", escape(cell))
                    }
                })
                .collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    format!(
        r#"<div class="table-scroll"><table><caption>{}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"#,
        escape(caption)
    )
}

fn section(id: &str, heading: &str, how: &str, chart: Option<String>, tables: String) -> String {
    let chart = chart
        .map(|c| format!(r#"<div class="report-chart" aria-hidden="false">{c}</div>"#))
        .unwrap_or_default();
    format!(
        r#"<section class="report-section" aria-labelledby="{id}"><h2 id="{id}">{}</h2><p class="hint-text">{}</p><div class="report-pair">{chart}{tables}</div></section>"#,
        escape(heading),
        escape(how)
    )
}

fn words(count: Count) -> String {
    count.words()
}

/// The report's sections, for the page and the print view.
pub fn body(report: &FundersReport) -> String {
    let mut html = String::new();
    html.push_str(&format!(
        r#"<p class="report-rule">Every count below 5 is shown as "{FEWER_THAN_5}", and a figure worked out from fewer than 5 people is not shown, so that nobody can be identified. Made on {}.</p>"#,
        report.made_on.format("%-d %B %Y")
    ));

    let r = &report.referrals;
    let mut headings = vec!["Month"];
    headings.extend(r.sources.iter().map(String::as_str));
    headings.push("All");
    let mut rows: Vec<Vec<String>> = r
        .months
        .iter()
        .map(|m| {
            let mut row = vec![m.month.clone()];
            row.extend(m.counts.iter().map(|c| words(*c)));
            row.push(words(m.total));
            row
        })
        .collect();
    let mut all = vec!["The whole period".to_owned()];
    all.extend(r.by_source.iter().map(|c| words(*c)));
    all.push(words(r.total));
    rows.push(all);
    let bars: Vec<(String, Count)> = r
        .sources
        .iter()
        .cloned()
        .zip(r.by_source.iter().copied())
        .collect();
    html.push_str(&section(
        "referrals",
        "Referrals by source",
        "Referrals received in the period, by who referred, per month.",
        Some(svg("Referrals received in the period, by source", &bars)),
        table("Referrals by source per month", &headings, &rows),
    ));

    let rows: Vec<Vec<String>> = report
        .journey
        .iter()
        .map(|s| {
            vec![
                s.step.clone(),
                words(s.reached),
                derived_words(&s.median_days),
            ]
        })
        .collect();
    let bars: Vec<(String, Count)> = report
        .journey
        .iter()
        .map(|s| (s.step.clone(), s.reached))
        .collect();
    html.push_str(&section(
        "journey",
        "From referral to completion",
        "Of the referrals received in the period: how many have reached each step so far, and the median days from the referral to it.",
        Some(svg("Referrals reaching each step", &bars)),
        table("The journey", &["Step", "Referrals", "Median days from referral"], &rows),
    ));

    let a = &report.attendance;
    let rows = vec![
        vec!["Places booked (register taken)".into(), words(a.booked)],
        vec!["Attended".into(), words(a.attended)],
        vec!["Absent (with a reason)".into(), words(a.absent)],
        vec!["Cancelled late".into(), words(a.late_cancellations)],
        vec!["Did not come (no-show)".into(), words(a.no_shows)],
        vec!["Attendance rate".into(), derived_words(&a.rate)],
        vec![
            "Places on held sessions with no register".into(),
            words(a.unrecorded),
        ],
    ];
    let bars = vec![
        ("Attended".to_owned(), a.attended),
        ("Absent".to_owned(), a.absent),
        ("Cancelled late".to_owned(), a.late_cancellations),
        ("No-show".to_owned(), a.no_shows),
    ];
    html.push_str(&section(
        "attendance",
        "Attendance",
        "Sessions held in the period: attended ÷ places booked, with late cancellations and no-shows shown apart. Places nobody took a register for are not counted in the rate.",
        Some(svg("Register entries by outcome", &bars)),
        table("Attendance", &["Figure", "Count"], &rows),
    ));

    let e = &report.engagement;
    let rows = vec![
        vec!["Participants on the programme now".into(), words(e.active)],
        vec![
            format!(
                "Came to a session from {} to {}",
                e.since.format("%-d %b"),
                e.until.format("%-d %b %Y")
            ),
            words(e.engaged),
        ],
        vec!["Share engaged".into(), derived_words(&e.share)],
    ];
    html.push_str(&section(
        "engagement",
        "Engagement",
        "The share of active participants who attended a session in the last 30 days of the period.",
        None,
        table("Engagement", &["Figure", "Count"], &rows),
    ));

    let rows: Vec<Vec<String>> = report
        .goals
        .iter()
        .map(|g| {
            vec![
                g.area.clone(),
                words(g.set),
                words(g.achieved),
                words(g.partly),
                words(g.not_yet),
            ]
        })
        .collect();
    let bars: Vec<(String, Count)> = report
        .goals
        .iter()
        .map(|g| (g.area.clone(), g.achieved))
        .collect();
    html.push_str(&section(
        "goals",
        "Goals by area of need",
        "Goals set in the period, and goals reviewed in it by how they went.",
        Some(svg("Goals achieved by area", &bars)),
        table(
            "Goals by area",
            &["Area", "Set", "Achieved", "Partly", "Not yet"],
            &rows,
        ),
    ));

    let w = &report.wellbeing;
    let rows = vec![
        vec![
            "People with a first and a latest score".into(),
            words(w.with_two_scores),
        ],
        vec!["Mean change (points)".into(), derived_words(&w.mean_change)],
        vec![
            format!("Improved by {} points or more", w.meaningful_change),
            words(w.improved_meaningfully),
        ],
        vec![
            "Share who improved that much".into(),
            derived_words(&w.share_improved),
        ],
    ];
    html.push_str(&section(
        "wellbeing",
        "Wellbeing",
        &format!(
            "{}: the change between each person's first score and their latest (taken in the period), in points. A change of {} points or more is the scale's meaningful change. Never a percentage of the score: the scale does not start at zero.",
            w.instrument, w.meaningful_change
        ),
        None,
        table("Wellbeing change", &["Figure", "Value"], &rows),
    ));

    let t = &report.transport;
    let rows = vec![
        vec!["Runs (published)".into(), words(t.runs)],
        vec![
            "Passenger journeys (ticked as boarded)".into(),
            words(t.passengers),
        ],
        vec!["Miles (from the odometer readings)".into(), words(t.miles)],
        vec![
            "Runs without both readings".into(),
            words(t.runs_without_readings),
        ],
    ];
    html.push_str(&section(
        "transport",
        "Transport",
        "The people carrier's runs in the period.",
        None,
        table("Transport", &["Figure", "Count"], &rows),
    ));
    html
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn every_section_has_a_table_and_text_is_escaped() {
        use crate::reports::funders::{count, Facts, Scale};
        use crate::reports::period::Period;
        let facts = Facts {
            referrals: Vec::new(),
            outcomes: Vec::new(),
            unrecorded: 0,
            active: 0,
            engaged: 0,
            goals: vec![crate::data::reports::AreaGoalsRow {
                area: "Attitudes & <thinking>".into(),
                set_in_period: 7,
                achieved: 6,
                partly: 0,
                not_yet: 1,
            }],
            scores: Vec::new(),
            runs: crate::data::reports::RunsRow {
                runs: 0,
                miles: 0,
                without_readings: 0,
                boarded: 0,
            },
        };
        let period = Period::quarter(2026, 3).unwrap();
        let today = period.last;
        let scale = Scale {
            name: "Demo",
            meaningful: 300,
        };
        let html = super::body(&count("P".into(), period, today, scale, facts));
        assert_eq!(html.matches("<table>").count(), 7);
        assert!(html.contains("Attitudes &amp; &lt;thinking&gt;"));
        assert!(!html.contains("<thinking>"));
    }
}
