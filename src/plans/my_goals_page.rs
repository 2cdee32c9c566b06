//! `/my/goals`: a participant's own goals on their phone, in plain words, with a button to tick
//! each step they have done. A plain page (no WebAssembly): the ticks are plain forms that
//! `public/plain-page.js` sends in place when it can.

use leptos::prelude::*;
use leptos_meta::Title;

use super::plans_api::load_my_goals;
use super::{GoalView, MyGoals, Review};
use crate::ui::error_notice::PageError;

#[component]
pub fn MyGoalsPage() -> impl IntoView {
    let goals = Resource::new(|| (), |_| load_my_goals());
    view! {
        <Title text="My goals" />
        <div class="my-goals" data-answers-here="">
            <p><a href="/my" rel="external">"← My activities"</a></p>
            <h1>"My goals"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading your goals…"</p> }>
                {move || Suspend::new(async move {
                    match goals.await {
                        Ok(mine) => view! { <Goals mine /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Goals(mine: MyGoals) -> impl IntoView {
    if mine.goals.is_empty() {
        return view! {
            <p>"You have no goals written down yet. Your mentor will work them out with you."</p>
        }
        .into_any();
    }
    let today = mine.today;
    view! {
        <p class="hint-text">"What you are working towards, and the steps to get there. Tick a step when you have done it."</p>
        <ul class="goal-cards">
            {mine.goals.into_iter().map(|goal| view! { <GoalCard goal today /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "By 1 February" or "You got there" — the goal's state in a few plain words.
fn standing(goal: &GoalView, today: chrono::NaiveDate) -> String {
    match goal.review {
        Some(Review::Achieved) => "You got there. Well done!".into(),
        _ if goal.target_on < today => format!(
            "Aimed for {}: talk to your mentor about the next step.",
            goal.target_on.format("%-d %B")
        ),
        _ => format!("Aiming for {}", goal.target_on.format("%-d %B %Y")),
    }
}

#[component]
fn GoalCard(goal: GoalView, today: chrono::NaiveDate) -> impl IntoView {
    let heading = format!("goal-{}", goal.id);
    let labelled_by = heading.clone();
    let who = if goal.owner_is_participant {
        "You are seeing this through".to_owned()
    } else {
        format!("{} is helping with this", goal.owner)
    };
    let has_steps = !goal.steps.is_empty();
    let steps = goal
        .steps
        .clone()
        .into_iter()
        .map(|step| {
            let done = step.done_on.is_some();
            let label = if done {
                format!("Not done yet: {}", step.step)
            } else {
                format!("Done: {}", step.step)
            };
            view! {
                <li class="goal-step" class:done=done>
                    <span class="goal-step-text">{if done { "✓ " } else { "" }}{step.step.clone()}</span>
                    <form method="post" action="/api/tick_my_step" class="inline-form">
                        <input type="hidden" name="step" value=step.id.to_string() />
                        <input type="hidden" name="done" value=if done { "no" } else { "yes" } />
                        <button type="submit" class="button" aria-label=label>
                            {if done { "Undo" } else { "I've done this" }}
                        </button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="goal-card" aria-labelledby=labelled_by>
            <h2 id=heading>{goal.title.clone()}</h2>
            <p class="goal-area">{goal.area.clone()}</p>
            <p>{standing(&goal, today)}</p>
            <p class="hint-text">{who}</p>
            {has_steps.then(|| view! { <ul class="goal-steps">{steps}</ul> })}
        </li>
    }
}
