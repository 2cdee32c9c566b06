//! "Plan": the tutors' and coordinator's calendar. A week or a day of one venue's spaces or one
//! person's sessions; click an empty slot to plan a session, drag a session (or use the arrow
//! keys) to move it, with clashes shown before it is dropped. The address holds the view, so
//! everything can be linked and works as plain pages without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::plan_form::{PlanActions, PlanSessionPanel};
use super::planner::{days_to_show, venues, Lens, PlannerAddress};
use super::planner_grid::{PlannerGrid, PlannerUi};
use super::planning_api::{load_planning_week, PlanningWeek};
use super::week::Week;
use crate::ui::error_notice::PageError;

/// How often an open planner asks the server for colleagues' changes.
#[cfg(feature = "hydrate")]
const REFRESH_EVERY_MS: u32 = 30_000;

#[component]
pub fn PlannerPage() -> impl IntoView {
    let query = use_query_map();
    let address = Memo::new(move |_| query.with(|q| PlannerAddress::from_query(|key| q.get(key))));
    let ui = PlannerUi::new();
    let created = PlanActions::new();
    let refreshes = RwSignal::new(0u32);
    let planning = Resource::new(
        move || {
            (
                address.with(|a| a.week),
                ui.moved.version().get(),
                created.version(),
                refreshes.get(),
            )
        },
        |(week, ..)| load_planning_week(week),
    );

    // Ask again every 30 seconds, except mid-move (a refresh would redraw the session being
    // moved under the pointer).
    #[cfg(feature = "hydrate")]
    crate::ui::refresh::every(
        REFRESH_EVERY_MS,
        move || ui.busy(),
        move || refreshes.update(|n| *n = n.wrapping_add(1)),
    );

    view! {
        <Title text="Plan" />
        <Transition fallback=|| view! { <p class="loading">"Loading the planner…"</p> }>
            {move || Suspend::new(async move {
                match planning.await {
                    Ok(planning) => view! { <Planner planning address=address.get() ui created /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Planner(
    planning: PlanningWeek,
    address: PlannerAddress,
    ui: PlannerUi,
    created: PlanActions,
) -> impl IntoView {
    let week = planning.week;
    let venues = venues(&planning.calendar);
    // Tutors and mentors start with their own week; coordinators with the first venue.
    let lens = address.lens.unwrap_or_else(|| match venues.first() {
        Some((venue, _)) if planning.may_plan_any => Lens::Venue(*venue),
        _ => Lens::Person(planning.me),
    });
    let address = PlannerAddress {
        week: Some(week),
        lens: Some(lens),
        ..address
    };
    let days = match address.day {
        Some(day) => vec![day],
        None => days_to_show(week, &planning.calendar),
    };
    let heading = match lens {
        Lens::Venue(venue) => venues
            .iter()
            .find(|(id, _)| *id == venue)
            .map_or_else(|| "Plan".to_owned(), |(_, name)| name.clone()),
        Lens::Person(person) if person == planning.me => "My sessions".to_owned(),
        Lens::Person(person) => planning.calendar.lead_name(person),
    };
    let panel = address.new.map(|slot| {
        view! { <PlanSessionPanel planning=planning.clone() address=address.clone() at=slot lens ui actions=created /> }
    });
    view! {
        <div class="planner-header">
            <div>
                <h1>{heading}</h1>
                <p class="week-dates">{week.label()}</p>
            </div>
            <ShowMenu planning=planning.clone() address=address.clone() lens />
        </div>
        <PeriodSwitcher address=address.clone() week days=days_to_show(week, &planning.calendar) />
        {panel}
        // Touch screens get the short version: there is no dragging or keyboard on a phone.
        <p class="hint hint-touch">"Tap “+ Plan” to plan a session. Tap a session to change it, see its people or take the register."</p>
        <p class="hint hint-pointer" id="planner-keys">
            "Click an empty slot to plan a session. Drag a session to move it, or its bottom edge to change its length. "
            "By keyboard: focus a session, use the arrow keys (Shift with up and down changes the length), Enter to save, Escape to undo. "
            "Open a session for its form, its people and the register."
        </p>
        <PlannerGrid planning address lens days ui />
    }
}

/// "Show": which venue's or person's calendar. A plain GET form, so it works without
/// JavaScript; with it, choosing is enough.
#[component]
fn ShowMenu(planning: PlanningWeek, address: PlannerAddress, lens: Lens) -> impl IntoView {
    let venue_options = venues(&planning.calendar)
        .into_iter()
        .map(|(id, name)| {
            let value = Lens::Venue(id).slug();
            let selected = lens == Lens::Venue(id);
            view! { <option value=value selected=selected>{name}</option> }
        })
        .collect_view();
    let person_options = planning
        .calendar
        .lead_names
        .iter()
        .map(|(id, name)| {
            let value = Lens::Person(*id).slug();
            let selected = lens == Lens::Person(*id);
            let name = if *id == planning.me {
                format!("{name} (me)")
            } else {
                name.clone()
            };
            view! { <option value=value selected=selected>{name}</option> }
        })
        .collect_view();
    let week = address
        .week
        .map(|w| w.monday().to_string())
        .unwrap_or_default();
    let day = address.day.map(|d| d.to_string());
    let address = StoredValue::new(address);
    let navigate = leptos_router::hooks::use_navigate();
    let show = move |slug: String| {
        if let Some(lens) = Lens::from_slug(&slug) {
            let to = PlannerAddress {
                lens: Some(lens),
                new: None,
                ..address.get_value()
            };
            navigate(&to.href(), Default::default());
        }
    };
    view! {
        <form method="get" action="/plan" class="show-menu">
            <input type="hidden" name="week" value=week />
            {day.map(|day| view! { <input type="hidden" name="day" value=day /> })}
            <label for="show">"Show"</label>
            <select id="show" name="show" on:change=move |ev| show(event_target_value(&ev))>
                <optgroup label="Venues">{venue_options}</optgroup>
                <optgroup label="Staff">{person_options}</optgroup>
            </select>
            <button type="submit" class="button">"Show"</button>
        </form>
    }
}

/// Previous and next week, and the whole week or one of its days.
#[component]
fn PeriodSwitcher(
    address: PlannerAddress,
    week: Week,
    days: Vec<chrono::NaiveDate>,
) -> impl IntoView {
    let day_links = days
        .into_iter()
        .map(|day| {
            let current = address.day == Some(day);
            view! {
                <A href=address.with_day(Some(day)).href() attr:class="button" attr:aria-current=current.then_some("page")>
                    {day.format("%a %-d").to_string()}
                </A>
            }
        })
        .collect_view();
    let whole_week = address.day.is_none();
    view! {
        <nav class="period-switcher" aria-label="Choose the days">
            <A href=address.with_week(week.previous()).href() attr:class="button" attr:rel="prev">
                <span aria-hidden="true">"← "</span>"Previous week"
            </A>
            <A href=address.with_day(None).href() attr:class="button" attr:aria-current=whole_week.then_some("page")>
                "Whole week"
            </A>
            {day_links}
            <A href=address.with_week(week.next()).href() attr:class="button" attr:rel="next">
                "Next week"<span aria-hidden="true">" →"</span>
            </A>
        </nav>
    }
}
