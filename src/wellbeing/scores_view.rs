//! A participant's scores over time: the chart drawn on the server, with the same numbers in a
//! table beside it for screen readers (and anyone who prefers numbers), the change since the
//! start in words, and the copyright line the questionnaire's licence asks for.

use leptos::prelude::*;

use super::History;

#[component]
pub fn ScoresView(history: History) -> impl IntoView {
    if history.scores.is_empty() {
        return view! {
            <p class="hint-text">{format!("No answers to “{}” yet.", history.instrument)}</p>
        }
        .into_any();
    }
    let rows = history
        .scores
        .iter()
        .map(|point| {
            view! {
                <tr>
                    <td>{point.on.format("%-d %b %Y").to_string()}</td>
                    <td>{point.time_point.label()}{point.assisted.then_some(" (with their mentor)")}</td>
                    <td>{point.score.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="scores">
            <div class="score-chart-box" aria-hidden="true" inner_html=history.chart_svg.clone()></div>
            <table class="score-table">
                <caption>{format!("Scores on “{}”", history.instrument)}</caption>
                <thead><tr><th scope="col">"Date"</th><th scope="col">"When"</th><th scope="col">"Score"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {history.change.clone().map(|change| view! { <p class="score-change">{change}</p> })}
        <p class="copyright">{history.copyright.clone()}</p>
    }
    .into_any()
}
