//! A participant's wellbeing scores over time as a small SVG chart, drawn on the server (no
//! script, a few hundred bytes): one dot a score joined by a line, and a shaded band either side
//! of the first score as wide as the instrument's meaningful change, so a dot outside the band
//! is a real change. The page puts a table of the same numbers beside it for screen readers.

use chrono::NaiveDate;

use super::instrument::Score;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;
const PAD: f64 = 24.0;

/// The chart for `points` (oldest first) on a scale from `low` to `high`, with the band of
/// `meaningful` either side of the first score. `title` names it for assistive technology.
pub fn svg(
    points: &[(NaiveDate, Score)],
    low: Score,
    high: Score,
    meaningful: Score,
    title: &str,
) -> String {
    let span = (high.0 - low.0).max(1) as f64;
    let y = |score: i64| {
        let clamped = score.clamp(low.0, high.0);
        HEIGHT - PAD - (clamped - low.0) as f64 / span * (HEIGHT - 2.0 * PAD)
    };
    let (first_day, last_day) = match (points.first(), points.last()) {
        (Some(first), Some(last)) => (first.0, last.0),
        _ => return String::new(),
    };
    let days = (last_day - first_day).num_days().max(1) as f64;
    let x = |day: NaiveDate| {
        if points.len() == 1 {
            WIDTH / 2.0
        } else {
            PAD + (day - first_day).num_days() as f64 / days * (WIDTH - 2.0 * PAD)
        }
    };
    let first = points[0].1;
    let band_top = y(first.0 + meaningful.0);
    let band_bottom = y(first.0 - meaningful.0);
    let line: Vec<String> = points
        .iter()
        .map(|(day, score)| format!("{:.1},{:.1}", x(*day), y(score.0)))
        .collect();
    let dots: String = points
        .iter()
        .map(|(day, score)| {
            format!(
                r#"<circle cx="{:.1}" cy="{:.1}" r="4"/>"#,
                x(*day),
                y(score.0)
            )
        })
        .collect();
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" class="score-chart">"#,
            r#"<title>{title}</title>"#,
            r#"<rect x="{pad}" y="{bt:.1}" width="{bw}" height="{bh:.1}" class="score-band"/>"#,
            r#"<line x1="{pad}" y1="{base}" x2="{right}" y2="{base}" class="score-axis"/>"#,
            r#"<text x="2" y="{top_label}" class="score-label">{high}</text>"#,
            r#"<text x="2" y="{base}" class="score-label">{low}</text>"#,
            r#"<polyline points="{line}" class="score-line"/>{dots}</svg>"#
        ),
        w = WIDTH,
        h = HEIGHT,
        title = escaped,
        pad = PAD,
        bt = band_top,
        bw = WIDTH - 2.0 * PAD,
        bh = (band_bottom - band_top).max(1.0),
        base = HEIGHT - PAD,
        right = WIDTH - PAD,
        top_label = PAD,
        high = high.words(),
        low = low.words(),
        line = line.join(" "),
        dots = dots,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    #[test]
    fn a_dot_a_score_with_the_band_around_the_first() {
        let points = [(day(1), Score::whole(12)), (day(31), Score::whole(18))];
        let chart = svg(
            &points,
            Score::whole(5),
            Score::whole(25),
            Score::whole(3),
            "Sam's scores",
        );
        assert_eq!(chart.matches("<circle").count(), 2);
        assert!(chart.starts_with("<svg") && chart.ends_with("</svg>"));
        assert!(
            chart.contains("<title>Sam&#39;s scores</title>")
                || chart.contains("<title>Sam's scores</title>")
        );
        // The band is 6 points tall on a 20-point scale drawn 112 px high.
        let band = chart.split("class=\"score-band\"").next().unwrap();
        assert!(band.contains("height=\"33.6\""), "{band}");
        // The later, higher score is drawn higher up (smaller y).
        let ys: Vec<f64> = chart
            .split("cy=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert!(ys[1] < ys[0], "{ys:?}");
    }

    #[test]
    fn no_scores_no_chart_and_a_title_cannot_break_out() {
        assert_eq!(svg(&[], Score(0), Score(100), Score(10), "x"), "");
        let chart = svg(
            &[(day(1), Score::whole(9))],
            Score(0),
            Score::whole(25),
            Score::whole(3),
            "<script>",
        );
        assert!(!chart.contains("<script>"));
        assert!(chart.contains("&lt;script&gt;"));
    }
}
