//! "Plan a session": the form that opens on an empty slot of the planner. It checks the slot
//! with the shared clash rules as it is filled in, and is a plain form underneath, so it works
//! without JavaScript and on a phone.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos_router::components::A;

use super::clash::{Calendar, Proposal};
use super::planner::{Lens, NewSlot, PlannerAddress};
use super::planner_grid::PlannerUi;
use super::planning::refusal;
use super::planning_api::{ActivityChoice, CreateSession, PlanningWeek};
use super::series::Repeat;
use super::series_api::CreateSeries;
use crate::days_and_times::{clock, day_name, day_slug, WEEK};
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

/// A date typed as 2026-03-03, within the years the programme plans in.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| super::week::is_supported(*date))
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

/// What is being planned, as the form holds it while it is filled in.
#[derive(Clone, Copy)]
struct Draft {
    activity: RwSignal<Option<super::session::ActivityId>>,
    space: RwSignal<SpaceId>,
    date: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    capacity: RwSignal<String>,
    leads: RwSignal<Vec<PersonId>>,
}

impl Draft {
    /// The first session as a proposal for the clash rules, if its date and times read.
    fn proposal(&self) -> Option<Proposal> {
        let day = parse_date(&self.date.get())?;
        Some(Proposal {
            id: None,
            space: self.space.get(),
            leads: self.leads.get(),
            starts_at: day.and_time(parse_time(&self.start.get())?),
            ends_at: day.and_time(parse_time(&self.end.get())?),
        })
    }
}

/// The two things the form can plan; either finishing refreshes the planner.
#[derive(Clone, Copy)]
pub struct PlanActions {
    pub once: ServerAction<CreateSession>,
    pub series: ServerAction<CreateSeries>,
}

impl PlanActions {
    pub fn new() -> Self {
        Self {
            once: ServerAction::new(),
            series: ServerAction::new(),
        }
    }

    pub fn version(&self) -> usize {
        self.once.version().get() + self.series.version().get()
    }

    fn clear(&self) {
        self.once.clear();
        self.series.clear();
    }
}

impl Default for PlanActions {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn PlanSessionPanel(
    planning: PlanningWeek,
    address: PlannerAddress,
    at: NewSlot,
    lens: Lens,
    ui: PlannerUi,
    actions: PlanActions,
) -> impl IntoView {
    let first = planning.activities.first().cloned();
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
    let draft = Draft {
        activity: RwSignal::new(first.as_ref().map(|a| a.id)),
        space: RwSignal::new(
            at.space
                .or_else(|| planning.calendar.spaces.first().map(|s| s.id))
                .unwrap_or(SpaceId(0)),
        ),
        date: RwSignal::new(at.date.to_string()),
        start: RwSignal::new(clock(at.start)),
        end: RwSignal::new(clock(at.start + length(&first))),
        capacity: RwSignal::new(first.as_ref().map_or(8, |a| a.default_capacity).to_string()),
        leads: RwSignal::new(default_lead.into_iter().collect()),
    };

    let close = address.with_new(None).href();
    let navigate = leptos_router::hooks::use_navigate();
    let back = close.clone();
    Effect::new(move |_| {
        let said = match (actions.once.value().get(), actions.series.value().get()) {
            (Some(Ok(_)), _) => "Session planned.".to_owned(),
            (_, Some(Ok(ids))) => format!("Series planned: {} sessions.", ids.len()),
            _ => return,
        };
        ui.message.set(Some(Ok(said)));
        navigate(&back, Default::default());
        // Forget it, or the form would close itself again when next opened.
        actions.clear();
    });

    let error = move || {
        let once = actions.once.value().get().and_then(Result::err);
        let series = actions.series.value().get().and_then(Result::err);
        once.or(series).map(|error| view! { <ErrorNotice error /> })
    };
    let form = if address.repeat {
        view! {
            <ActionForm action=actions.series attr:class="form plan-form">
                <SessionFields planning=planning.clone() draft default_lead />
                <RepeatFields draft />
                <button type="submit" class="button primary" disabled=move || actions.series.pending().get()>
                    "Plan the series"
                </button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=actions.once attr:class="form plan-form">
                <SessionFields planning=planning.clone() draft default_lead />
                <button type="submit" class="button primary" disabled=move || actions.once.pending().get()>
                    "Plan this session"
                </button>
            </ActionForm>
        }
        .into_any()
    };
    let repeat = address.repeat;
    view! {
        <section class="plan-panel" aria-labelledby="plan-heading">
            <div class="page-header">
                <h2 id="plan-heading">"Plan a session"</h2>
                <A href=close attr:class="button" on:click=move |_| actions.clear()>"Close"</A>
            </div>
            <nav class="plan-kind" aria-label="Once or repeating">
                <A href=address.with_repeat(false).href() attr:class="button" attr:aria-current=(!repeat).then_some("page")>
                    "Once"
                </A>
                <A href=address.with_repeat(true).href() attr:class="button" attr:aria-current=repeat.then_some("page")>
                    "Repeating"
                </A>
            </nav>
            {error}
            {form}
        </section>
    }
}

/// The fields a session and a series share: what, where, when, who leads, places, notes. The
/// first session is checked against the calendar as they change.
#[component]
fn SessionFields(
    planning: PlanningWeek,
    draft: Draft,
    default_lead: Option<PersonId>,
) -> impl IntoView {
    let calendar = StoredValue::new(planning.calendar.clone());
    let activities = StoredValue::new(planning.activities.clone());
    // A new activity brings its own length and number of places.
    let choose_activity = move |id: String| {
        let chosen =
            activities.with_value(|all| all.iter().find(|a| a.id.to_string() == id).cloned());
        if let Some(chosen) = chosen {
            draft.activity.set(Some(chosen.id));
            draft.capacity.set(chosen.default_capacity.to_string());
            if let Some(from) = parse_time(&draft.start.get_untracked()) {
                let to = from + Duration::minutes(chosen.default_minutes);
                draft.end.set(clock(to));
            }
        }
    };
    let verdict = Signal::derive(move || match draft.proposal() {
        Some(proposal) => calendar.with_value(|c| slot_verdict(c, &proposal)),
        None => Err("Give a date, a start and an end.".to_owned()),
    });
    let activity_options = planning
        .activities
        .iter()
        .map(|a| {
            let selected = Some(a.id) == draft.activity.get_untracked();
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
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                draft.leads.update(|leads| {
                    leads.retain(|l| *l != id);
                    if on {
                        leads.push(id);
                    }
                });
            };
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("leads[{i}]") value=id.to_string()
                        checked=default_lead == Some(id) on:change=toggle />
                    {name.clone()}
                </label>
            }
        })
        .collect_view();
    let text_input = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <label for="plan-activity">"Activity"</label>
        <select id="plan-activity" name="activity" required
            on:change=move |ev| choose_activity(event_target_value(&ev))>
            {activity_options}
        </select>
        <label for="plan-space">"Where"</label>
        <select id="plan-space" name="space" required
            on:change=move |ev| {
                if let Ok(id) = event_target_value(&ev).parse() {
                    draft.space.set(SpaceId(id))
                }
            }>
            {space_options(&planning.calendar, draft.space.get_untracked())}
        </select>
        <div class="form-row">
            <div>
                <label for="plan-date">"Date"</label>
                <input id="plan-date" name="date" type="date" required
                    value=draft.date.get_untracked() on:input=text_input(draft.date) />
            </div>
            <div>
                <label for="plan-start">"Starts"</label>
                <input id="plan-start" name="start" type="time" step="900" required
                    value=draft.start.get_untracked() on:input=text_input(draft.start) />
            </div>
            <div>
                <label for="plan-end">"Ends"</label>
                <input id="plan-end" name="end" type="time" step="900" required
                    value=draft.end.get_untracked() prop:value=draft.end on:input=text_input(draft.end) />
            </div>
        </div>
        <SlotVerdict verdict />
        <fieldset>
            <legend>"Led by"</legend>
            {lead_boxes}
        </fieldset>
        <label for="plan-capacity">"Places"</label>
        <input id="plan-capacity" name="capacity" type="number" min="1" max="100" required
            value=draft.capacity.get_untracked() prop:value=draft.capacity
            on:input=text_input(draft.capacity) />
        <label for="plan-notes">"Notes for the team (optional)"</label>
        <textarea id="plan-notes" name="notes" maxlength="2000" rows="2"></textarea>
    }
}

/// How a series repeats, with the dates it will make spelled out as they are chosen. Each date
/// is checked against the whole calendar by the server when the series is planned.
#[component]
fn RepeatFields(draft: Draft) -> impl IntoView {
    let first_day = parse_date(&draft.date.get_untracked()).map(|d| d.weekday());
    let every = RwSignal::new("weekly".to_owned());
    let days = RwSignal::new(
        first_day
            .map(|d| vec![day_slug(d).to_owned()])
            .unwrap_or_default(),
    );
    let weeks = RwSignal::new("10".to_owned());
    let until = RwSignal::new(String::new());
    let skip = RwSignal::new(String::new());
    let preview = Signal::derive(move || {
        let first = parse_date(&draft.date.get()).ok_or("Give the date of the first session.")?;
        let repeat = Repeat::from_form(
            &every.get(),
            &days.get(),
            &weeks.get(),
            &until.get(),
            &skip.get(),
        )?;
        let problems = repeat.problems(first);
        if !problems.is_empty() {
            return Err(problems.join(" "));
        }
        let dates = repeat.dates(first);
        let shown: Vec<String> = dates
            .iter()
            .take(6)
            .map(|d| d.format("%a %-d %b").to_string())
            .collect();
        let more = dates.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        Ok(format!(
            "This makes {} sessions: {}{tail}. Every date is checked for clashes when you press the button.",
            dates.len(),
            shown.join(", ")
        ))
    });
    let day_boxes = WEEK
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            let slug = day_slug(day);
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                days.update(|days| {
                    days.retain(|d| d != slug);
                    if on {
                        days.push(slug.to_owned());
                    }
                });
            };
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("weekdays[{i}]") value=slug
                        checked=first_day == Some(day) on:change=toggle />
                    {day_name(day)}
                </label>
            }
        })
        .collect_view();
    let text_input = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <fieldset>
            <legend>"Repeats"</legend>
            <label for="plan-every">"How often"</label>
            <select id="plan-every" name="every" on:change=text_input(every)>
                <option value="weekly" selected>"Every week"</option>
                <option value="fortnightly">"Every two weeks"</option>
            </select>
            <fieldset class="weekdays">
                <legend>"On"</legend>
                {day_boxes}
            </fieldset>
            <div class="form-row">
                <div>
                    <label for="plan-weeks">"For how many weeks"</label>
                    <input id="plan-weeks" name="weeks" type="number" min="1" max="52" value="10"
                        on:input=text_input(weeks) />
                </div>
                <div>
                    <label for="plan-until">"Or until (leave weeks empty)"</label>
                    <input id="plan-until" name="until" type="date" on:input=text_input(until) />
                </div>
            </div>
            <label for="plan-skip">"Dates to skip, like bank holidays (optional)"</label>
            <p class="hint" id="plan-skip-hint">"Dates like 2027-04-05, separated by commas."</p>
            <textarea id="plan-skip" name="skip" rows="2" aria-describedby="plan-skip-hint"
                on:input=text_input(skip)></textarea>
        </fieldset>
        <SlotVerdict verdict=preview />
    }
}
