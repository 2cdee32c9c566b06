//! "Plan a session": the form that opens on an empty slot of the planner. It checks the slot
//! with the shared clash rules as it is filled in, and is a plain form underneath, so it works
//! without JavaScript and on a phone.

use chrono::{Duration, NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos_router::components::A;

use super::clash::{Calendar, Proposal};
use super::planner::{Lens, NewSlot, PlannerAddress};
use super::planner_grid::PlannerUi;
use super::planning::refusal;
use super::planning_api::{ActivityChoice, CreateSession, PlanningWeek};
use crate::people::PersonId;
use crate::ui::error_notice::ErrorNotice;
use crate::venues::SpaceId;

/// The clash rules' verdict on a slot, in words: `Ok` when it is free.
pub fn slot_verdict(calendar: &Calendar, proposal: &Proposal) -> Result<String, String> {
    let clashes = calendar.clashes(proposal);
    if clashes.is_empty() {
        Ok("This slot is free.".into())
    } else {
        Err(refusal(calendar, proposal, &clashes))
    }
}

/// "10:00" from a form field, or `None`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M:%S"))
        .ok()
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The space choices, grouped by venue, with `chosen` selected.
pub fn space_options(calendar: &Calendar, chosen: SpaceId) -> impl IntoView + use<> {
    super::planner::venues(calendar)
        .into_iter()
        .map(|(venue, name)| {
            let options = calendar
                .spaces
                .iter()
                .filter(|s| s.venue == venue)
                .map(|s| {
                    view! { <option value=s.id.to_string() selected=s.id == chosen>{s.name.clone()}</option> }
                })
                .collect_view();
            view! { <optgroup label=name>{options}</optgroup> }
        })
        .collect_view()
}

/// A status line that reads out the rules' verdict as the form changes.
#[component]
pub fn SlotVerdict(verdict: Signal<Result<String, String>>) -> impl IntoView {
    view! {
        <p
            class="slot-verdict"
            class:problem=move || verdict.with(Result::is_err)
            role="status"
            aria-live="polite"
        >
            {move || match verdict.get() {
                Ok(text) | Err(text) => text,
            }}
        </p>
    }
}

#[component]
pub fn PlanSessionPanel(
    planning: PlanningWeek,
    address: PlannerAddress,
    at: NewSlot,
    lens: Lens,
    ui: PlannerUi,
    created: ServerAction<CreateSession>,
) -> impl IntoView {
    let calendar = StoredValue::new(planning.calendar.clone());
    let activities = StoredValue::new(planning.activities.clone());
    let first = planning.activities.first().cloned();
    let space = at
        .space
        .or_else(|| planning.calendar.spaces.first().map(|s| s.id))
        .unwrap_or(SpaceId(0));
    let length = |activity: &Option<ActivityChoice>| {
        Duration::minutes(activity.as_ref().map_or(120, |a| a.default_minutes))
    };
    let default_lead = match lens {
        Lens::Person(person) => Some(person),
        Lens::Venue(_) => planning
            .calendar
            .lead_names
            .iter()
            .any(|(id, _)| *id == planning.me)
            .then_some(planning.me),
    };

    let activity = RwSignal::new(first.as_ref().map(|a| a.id));
    let space = RwSignal::new(space);
    let date = RwSignal::new(at.date.to_string());
    let start = RwSignal::new(at.start.format("%H:%M").to_string());
    let end = RwSignal::new((at.start + length(&first)).format("%H:%M").to_string());
    let capacity = RwSignal::new(first.as_ref().map_or(8, |a| a.default_capacity).to_string());
    let leads = RwSignal::new(default_lead.into_iter().collect::<Vec<PersonId>>());

    // A new activity brings its own length and number of places.
    let choose_activity = move |id: String| {
        let chosen =
            activities.with_value(|all| all.iter().find(|a| a.id.to_string() == id).cloned());
        if let Some(chosen) = chosen {
            activity.set(Some(chosen.id));
            capacity.set(chosen.default_capacity.to_string());
            if let Some(from) = parse_time(&start.get_untracked()) {
                end.set(
                    (from + Duration::minutes(chosen.default_minutes))
                        .format("%H:%M")
                        .to_string(),
                );
            }
        }
    };
    let verdict = Signal::derive(move || {
        let (Some(day), Some(from), Some(to)) = (
            parse_date(&date.get()),
            parse_time(&start.get()),
            parse_time(&end.get()),
        ) else {
            return Err("Give a date, a start and an end.".to_owned());
        };
        let proposal = Proposal {
            id: None,
            space: space.get(),
            leads: leads.get(),
            starts_at: day.and_time(from),
            ends_at: day.and_time(to),
        };
        calendar.with_value(|c| slot_verdict(c, &proposal))
    });

    let close = address.with_new(None).href();
    let navigate = leptos_router::hooks::use_navigate();
    let back = close.clone();
    Effect::new(move |_| {
        if let Some(Ok(_)) = created.value().get() {
            ui.message.set(Some(Ok("Session planned.".into())));
            navigate(&back, Default::default());
            // Forget it, or the form would close itself again when next opened.
            created.clear();
        }
    });

    let activity_options = planning
        .activities
        .iter()
        .map(|a| {
            let selected = Some(a.id) == activity.get_untracked();
            view! { <option value=a.id.to_string() selected=selected>{a.name.clone()}</option> }
        })
        .collect_view();
    let lead_boxes = planning
        .calendar
        .lead_names
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let id = *id;
            let checked = default_lead == Some(id);
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                leads.update(|leads| {
                    leads.retain(|l| *l != id);
                    if on {
                        leads.push(id);
                    }
                });
            };
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("leads[{i}]") value=id.to_string() checked=checked on:change=toggle />
                    {name.clone()}
                </label>
            }
        })
        .collect_view();

    view! {
        <section class="plan-panel" aria-labelledby="plan-heading">
            <div class="page-header">
                <h2 id="plan-heading">"Plan a session"</h2>
                <A href=close attr:class="button" on:click=move |_| created.clear()>"Close"</A>
            </div>
            {move || created.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=created attr:class="form plan-form">
                <label for="plan-activity">"Activity"</label>
                <select id="plan-activity" name="activity" required on:change=move |ev| choose_activity(event_target_value(&ev))>
                    {activity_options}
                </select>
                <label for="plan-space">"Where"</label>
                <select id="plan-space" name="space" required
                    on:change=move |ev| { if let Ok(id) = event_target_value(&ev).parse() { space.set(SpaceId(id)) } }>
                    {space_options(&planning.calendar, space.get_untracked())}
                </select>
                <div class="form-row">
                    <div>
                        <label for="plan-date">"Date"</label>
                        <input id="plan-date" name="date" type="date" required
                            prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
                    </div>
                    <div>
                        <label for="plan-start">"Starts"</label>
                        <input id="plan-start" name="start" type="time" step="900" required
                            prop:value=start on:input=move |ev| start.set(event_target_value(&ev)) />
                    </div>
                    <div>
                        <label for="plan-end">"Ends"</label>
                        <input id="plan-end" name="end" type="time" step="900" required
                            prop:value=end on:input=move |ev| end.set(event_target_value(&ev)) />
                    </div>
                </div>
                <SlotVerdict verdict />
                <fieldset>
                    <legend>"Led by"</legend>
                    {lead_boxes}
                </fieldset>
                <label for="plan-capacity">"Places"</label>
                <input id="plan-capacity" name="capacity" type="number" min="1" max="100" required
                    prop:value=capacity on:input=move |ev| capacity.set(event_target_value(&ev)) />
                <label for="plan-notes">"Notes for the team (optional)"</label>
                <textarea id="plan-notes" name="notes" maxlength="2000" rows="2"></textarea>
                <button type="submit" class="button primary" disabled=move || created.pending().get()>
                    "Plan this session"
                </button>
            </ActionForm>
        </section>
    }
}
