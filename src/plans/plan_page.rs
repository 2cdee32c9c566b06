//! `/people/{id}/plan`: a participant's needs and action plan, for their mentor and the
//! coordinators: the needs area by area, the goals with their steps and reviews, and the
//! one-to-one contacts (each view of this page is written to the audit log).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::plans_api::{load_plan, AddGoal, RecordOneToOne, ReviewGoal, SaveNeeds, TickStep};
use super::{AreaNeed, ContactKind, GoalView, NeedLevel, OneToOne, Plan, Review};
use crate::people::PersonId;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;
use crate::wellbeing::their_wellbeing::TheirWellbeingSection;

/// The page's actions: each success reloads the plan.
#[derive(Clone, Copy)]
struct Actions {
    needs: ServerAction<SaveNeeds>,
    add_goal: ServerAction<AddGoal>,
    review: ServerAction<ReviewGoal>,
    tick: ServerAction<TickStep>,
    record: ServerAction<RecordOneToOne>,
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let participant = move || {
        use_params_map()
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .map(PersonId)
            .unwrap_or(PersonId(0))
    };
    let actions = Actions {
        needs: ServerAction::new(),
        add_goal: ServerAction::new(),
        review: ServerAction::new(),
        tick: ServerAction::new(),
        record: ServerAction::new(),
    };
    let plan = Resource::new(
        move || {
            (
                participant(),
                actions.needs.version().get(),
                actions.add_goal.version().get(),
                actions.review.version().get(),
                actions.tick.version().get(),
                actions.record.version().get(),
            )
        },
        |(participant, ..)| load_plan(participant),
    );
    view! {
        <Title text="Plan" />
        <p><A href=move || format!("/people/{}", participant())>"← Their record"</A></p>
        {action_error(actions.needs)}
        {action_error(actions.add_goal)}
        {action_error(actions.review)}
        {action_error(actions.tick)}
        {action_error(actions.record)}
        {when_loaded(plan, "Loading the plan…", move |plan| view! { <PlanView plan actions /> })}
    }
}

#[component]
fn PlanView(plan: Plan, actions: Actions) -> impl IntoView {
    let id = plan.participant.to_string();
    view! {
        <h1>{format!("{}'s plan", plan.name)}</h1>
        <Needs needs=plan.needs.clone() participant=id.clone() action=actions.needs />
        <h2>"Goals"</h2>
        {plan.goals.is_empty().then(|| view! { <p>"No goals yet."</p> })}
        <ul class="admin-list">
            {plan.goals.iter().cloned().map(|goal| view! { <GoalItem goal today=plan.today actions /> }).collect_view()}
        </ul>
        <NewGoal plan=plan.clone() action=actions.add_goal />
        <TheirWellbeingSection participant=plan.participant />
        <OneToOnes plan=plan.clone() action=actions.record />
    }
}

fn level_options(chosen: Option<NeedLevel>) -> impl IntoView {
    let chosen_slug = chosen.map(NeedLevel::slug).unwrap_or_default();
    view! {
        <option value="" selected=chosen.is_none()>"Not assessed"</option>
        {NeedLevel::ALL.into_iter().map(|level| view! {
            <option value=level.slug() selected=level.slug() == chosen_slug>{level.label()}</option>
        }).collect_view()}
    }
}

#[component]
fn Needs(
    needs: Vec<AreaNeed>,
    participant: String,
    action: ServerAction<SaveNeeds>,
) -> impl IntoView {
    let rows = needs
        .into_iter()
        .enumerate()
        .map(|(index, need)| {
            let level_id = format!("level-{index}");
            let note_id = format!("note-{index}");
            view! {
                <fieldset class="need-area">
                    <legend>{need.area.clone()}</legend>
                    <input type="hidden" name="areas[]" value=need.area_id.to_string() />
                    <label for=level_id.clone()>"Need"</label>
                    <select id=level_id name="levels[]">{level_options(need.level)}</select>
                    <label for=note_id.clone()>"Note (optional)"</label>
                    <textarea id=note_id name="notes[]" maxlength="1000" rows="2">{need.note.clone().unwrap_or_default()}</textarea>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <details class="admin-panel">
            <summary><h2 class="inline-heading">"Needs, area by area"</h2></summary>
            <ActionForm action attr:class="form">
                <input type="hidden" name="participant" value=participant />
                {rows}
                <button class="button primary" type="submit">"Save the needs"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn GoalItem(goal: GoalView, today: chrono::NaiveDate, actions: Actions) -> impl IntoView {
    let state = match goal.review {
        Some(review) => format!(
            "{}{}",
            review.label(),
            goal.review_comment
                .clone()
                .map(|c| format!(": {c}"))
                .unwrap_or_default()
        ),
        None if goal.overdue_on(today) => "Past its target date".to_owned(),
        None => "In progress".to_owned(),
    };
    let goal_id = goal.id.to_string();
    let steps = goal
        .steps
        .clone()
        .into_iter()
        .map(|step| {
            let done = step.done_on.is_some();
            let label = format!("{}: {}", if done { "Undo" } else { "Done" }, step.step);
            view! {
                <li class="goal-step" class:done=done>
                    <span class="goal-step-text">{if done { "✓ " } else { "" }}{step.step.clone()}</span>
                    <ActionForm action=actions.tick attr:class="inline-form">
                        <input type="hidden" name="step" value=step.id.to_string() />
                        <input type="hidden" name="done" value=if done { "no" } else { "yes" } />
                        <button class="button" type="submit" aria-label=label>{if done { "Undo" } else { "Done" }}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let outcome_id = format!("outcome-{goal_id}");
    let comment_id = format!("comment-{goal_id}");
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{goal.title.clone()}</h3>
            <p class="admin-card-meta">{format!("{} · {} · by {}", goal.area, goal.owner, goal.target_on.format("%-d %B %Y"))}</p>
            <p>{state}</p>
            <ul class="goal-steps">{steps}</ul>
            <ActionForm action=actions.review attr:class="form review-form">
                <input type="hidden" name="goal" value=goal_id />
                <label for=outcome_id.clone()>"Review"</label>
                <select id=outcome_id name="outcome" required>
                    <option value="">"Choose…"</option>
                    {Review::ALL.into_iter().map(|r| view! { <option value=r.slug()>{r.label()}</option> }).collect_view()}
                </select>
                <label for=comment_id.clone()>"Comment (needed unless achieved)"</label>
                <input id=comment_id name="comment" maxlength="1000" />
                <button class="button" type="submit">"Save the review"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn NewGoal(plan: Plan, action: ServerAction<AddGoal>) -> impl IntoView {
    let areas = plan
        .needs
        .iter()
        .map(|need| view! { <option value=need.area_id.to_string()>{need.area.clone()}</option> })
        .collect_view();
    let owners = plan
        .owners
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h2>"Add a goal"</h2>
            <ActionForm action attr:class="form">
                <input type="hidden" name="participant" value=plan.participant.to_string() />
                <label for="goal-area">"Area"</label>
                <select id="goal-area" name="area" required>
                    <option value="">"Choose…"</option>
                    {areas}
                </select>
                <label for="goal-title">"The goal, in their words"</label>
                <input id="goal-title" name="title" required maxlength="200" />
                <label for="goal-owner">"Who sees it through"</label>
                <select id="goal-owner" name="owner" required>{owners}</select>
                <label for="goal-target">"Target date"</label>
                <input id="goal-target" name="target_on" type="date" required min=plan.today.to_string() />
                <label for="goal-steps">"Steps, one a line (up to 10)"</label>
                <textarea id="goal-steps" name="steps" rows="4"></textarea>
                <button class="button primary" type="submit">"Add the goal"</button>
            </ActionForm>
        </section>
    }
}

fn contact_line(contact: &OneToOne) -> String {
    let areas = if contact.areas.is_empty() {
        String::new()
    } else {
        format!(" · {}", contact.areas.join("; "))
    };
    format!(
        "{} · {} · {}{areas}",
        contact.met_on.format("%-d %B %Y"),
        contact.kind.label(),
        contact.by
    )
}

#[component]
fn OneToOnes(plan: Plan, action: ServerAction<RecordOneToOne>) -> impl IntoView {
    let contacts = plan
        .one_to_ones
        .iter()
        .map(|contact| {
            view! {
                <li class="admin-card">
                    <p class="admin-card-meta">{contact_line(contact)}</p>
                    <p class="free-text">{contact.note.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let areas = plan
        .needs
        .iter()
        .map(|need| view! {
            <label class="check"><input type="checkbox" name="areas[]" value=need.area_id.to_string() />{format!(" {}", need.area)}</label>
        })
        .collect_view();
    view! {
        <section>
            <h2>"One-to-ones"</h2>
            <p class="hint-text">"Seen only by the participant's mentor and the coordinators; every view is recorded."</p>
            {plan.one_to_ones.is_empty().then(|| view! { <p>"None recorded yet."</p> })}
            <ul class="admin-list">{contacts}</ul>
            <details class="admin-panel">
                <summary><h3 class="inline-heading">"Record a one-to-one"</h3></summary>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="participant" value=plan.participant.to_string() />
                    <label for="met-on">"When"</label>
                    <input id="met-on" name="met_on" type="date" required value=plan.today.to_string() max=plan.today.to_string() />
                    <fieldset class="choice-row">
                        <legend>"How"</legend>
                        {ContactKind::ALL.into_iter().map(|kind| view! {
                            <label class="choice"><input type="radio" name="kind" value=kind.slug() required />{format!(" {}", kind.label())}</label>
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>"Areas talked about"</legend>
                        {areas}
                    </fieldset>
                    <label for="contact-note">"Note"</label>
                    <textarea id="contact-note" name="note" required maxlength="4000" rows="4"></textarea>
                    <button class="button primary" type="submit">"Record it"</button>
                </ActionForm>
            </details>
        </section>
    }
}
