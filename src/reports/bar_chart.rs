//! A horizontal bar chart as SVG, drawn on the server (no script): one bar a count, its number
//! at the end. A count withheld as "fewer than 5" has no bar (its length would give the number
//! away), only the words. The page puts a table of the same numbers beside each chart.

use super::small_numbers::Count;

const WIDTH: f64 = 520.0;
const LABEL_WIDTH: f64 = 220.0;
const VALUE_WIDTH: f64 = 90.0;
const BAR_HEIGHT: f64 = 20.0;
const GAP: f64 = 8.0;

/// Escapes text for HTML and SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart of `bars` (label, count), named `title` for assistive technology.
pub fn svg(title: &str, bars: &[(String, Count)]) -> String {
    let longest = bars
        .iter()
        .filter_map(|(_, c)| c.shown())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let height = bars.len() as f64 * (BAR_HEIGHT + GAP) + GAP;
    let rows: String = bars
        .iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let y = GAP + i as f64 * (BAR_HEIGHT + GAP);
            let text_y = y + BAR_HEIGHT * 0.7;
            let label = escape(&shorten(label, 36));
            let bar = match count.shown() {
                Some(n) => {
                    let length = (n as f64 / longest * room).max(1.0);
                    format!(
                        r#"<rect x="{LABEL_WIDTH}" y="{y:.1}" width="{length:.1}" height="{BAR_HEIGHT}" class="bar"/><text x="{:.1}" y="{text_y:.1}" class="bar-value">{n}</text>"#,
                        LABEL_WIDTH + length + 6.0
                    )
                }
                None => format!(
                    r#"<text x="{:.1}" y="{text_y:.1}" class="bar-value bar-withheld">fewer than 5</text>"#,
                    LABEL_WIDTH + 6.0
                ),
            };
            format!(r#"<text x="0" y="{text_y:.1}" class="bar-label">{label}</text>{bar}"#)
        })
        .collect();
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" role="img" class="bar-chart"><title>{}</title>{rows}</svg>"#,
        escape(title)
    )
}

fn shorten(label: &str, most: usize) -> String {
    if label.chars().count() <= most {
        label.to_owned()
    } else {
        let kept: String = label.chars().take(most - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withheld_count_has_no_bar_and_no_number() {
        let chart = svg(
            "Referrals <by source>",
            &[
                ("Probation".into(), Count::of(12)),
                ("Police".into(), Count::of(3)),
            ],
        );
        assert_eq!(chart.matches("<rect").count(), 1);
        assert!(chart.contains(">12</text>"));
        assert!(chart.contains("fewer than 5"));
        assert!(!chart.contains(">3<"));
        assert!(chart.contains("Referrals &lt;by source&gt;"));
    }

    #[test]
    fn long_labels_are_shortened() {
        let chart = svg(
            "t",
            &[(
                "Finance, benefits and debt, and much more besides".into(),
                Count::of(6),
            )],
        );
        assert!(chart.contains(">Finance, benefits and debt, and muc…<"));
        let chart = svg(
            "t",
            &[("Another charity or community group".into(), Count::of(6))],
        );
        assert!(chart.contains(">Another charity or community group<"));
    }
}
