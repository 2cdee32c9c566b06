//! The case-meeting actions on a person's home page: their own not yet done (overdue first),
//! and for coordinators everyone's overdue ones. "Mark done" is a plain form back to the page.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::meetings_api::load_my_actions;
use super::meetings_page::FormRefusal;
use super::ActionLine;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyActions {
    pub actions: Vec<ActionLine>,
    /// The list also holds everyone's overdue actions (coordinators).
    pub everyone_overdue: bool,
    pub today: NaiveDate,
    /// Why the last "Mark done" sent without JavaScript was refused, shown once.
    pub refusal: Option<String>,
}

/// Nothing at all when there is nothing to do, so the home page stays the week.
#[component]
pub fn MyActionsPanel() -> impl IntoView {
    let actions = Resource::new(|| (), |_| load_my_actions());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                actions.await.ok().filter(|mine| !mine.actions.is_empty() || mine.refusal.is_some()).map(|mine| view! { <ActionList mine /> })
            })}
        </Transition>
    }
}

#[component]
fn ActionList(mine: MyActions) -> impl IntoView {
    let today = mine.today;
    let heading = if mine.everyone_overdue {
        "Case-meeting actions: yours, and everyone's overdue"
    } else {
        "Your case-meeting actions"
    };
    let rows = mine
        .actions
        .into_iter()
        .map(|action| {
            let overdue = action.overdue(today);
            view! {
                <li class:overdue=overdue>
                    <strong>{action.state(today)}</strong>
                    {format!(": {} — {} ({})", action.participant, action.what, action.owner)}
                    <form method="post" action="/api/case_action_done" class="inline-form">
                        <input type="hidden" name="action" value=action.id.0 />
                        <input type="hidden" name="back" value="/" />
                        <button type="submit" class="link-button">"Mark done"</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="my-actions" aria-labelledby="my-actions">
            <h2 id="my-actions">{heading}</h2>
            <FormRefusal refusal=mine.refusal />
            <ul>{rows}</ul>
        </section>
    }
}
