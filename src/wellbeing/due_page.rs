//! `/wellbeing`: who is due a wellbeing check-in — the start, a three-month check-in, or the
//! end — for the coordinators.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::wellbeing_api::load_wellbeing_due;
use super::DueCheckIn;
use crate::ui::loaded::when_loaded;

#[component]
pub fn WellbeingDuePage() -> impl IntoView {
    let due = Resource::new(|| (), |_| load_wellbeing_due());
    view! {
        <Title text="Wellbeing check-ins due" />
        <h1>"Wellbeing check-ins due"</h1>
        <p class="hint-text">"At the start, every three months, and at the end. A participant answers on their phone (My activities → How I've been feeling), or with their mentor on their plan page."</p>
        {when_loaded(due, "Loading…", |due| view! { <DueList due /> })}
    }
}

#[component]
fn DueList(due: Vec<DueCheckIn>) -> impl IntoView {
    if due.is_empty() {
        return view! { <p>"Nobody is due a check-in."</p> }.into_any();
    }
    let rows = due
        .into_iter()
        .map(|row| {
            let last = row
                .last_on
                .map(|on| on.format("%-d %b %Y").to_string())
                .unwrap_or_else(|| "Never".into());
            view! {
                <tr>
                    <td><A href=format!("/people/{}/plan", row.participant)>{row.name}</A></td>
                    <td>{row.due.label()}</td>
                    <td>{last}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr><th scope="col">"Participant"</th><th scope="col">"Due"</th><th scope="col">"Last answered"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
