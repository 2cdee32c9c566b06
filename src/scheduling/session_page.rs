//! One session's page (`/plan/sessions/:id`): its details; for its leads and the coordinator
//! also who is booked and waiting, adding and removing people, the register, and forms to move
//! or cancel it. Every form is a plain form underneath: on a phone, without JavaScript, the
//! same things work.

use crate::days_and_times::clock;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::clash::Proposal;
use super::enrolment::Enrolled;
use super::enrolment_api::{CancelBooking, Enrol};
use super::plan_form::{parse_date, parse_time, slot_verdict, space_options, SlotVerdict};
use super::planner::{Lens, PlannerAddress};
use super::planning_api::{CancelSession, MoveSession, SetSessionCapacity};
use super::register::Outcome;
use super::series::EditScope;
use super::series_api::EnrolSeries;
use super::session::{SessionId, SessionStatus};
use super::session_api::{load_session, RosterLine, SaveRegister, SessionDetail};
use super::week::Week;
use crate::error::AppError;
use crate::ui::actions::{action_error, action_outcome, count_successes};
use crate::ui::error_notice::PageError;

/// The page's forms. Any of them succeeding reloads the session.
#[derive(Clone, Copy)]
struct SessionActions {
    moved: ServerAction<MoveSession>,
    cancelled: ServerAction<CancelSession>,
    places: ServerAction<SetSessionCapacity>,
    enrolled: ServerAction<Enrol>,
    enrolled_series: ServerAction<EnrolSeries>,
    unbooked: ServerAction<CancelBooking>,
    register: ServerAction<SaveRegister>,
}

impl SessionActions {
    fn new() -> Self {
        Self {
            moved: ServerAction::new(),
            cancelled: ServerAction::new(),
            places: ServerAction::new(),
            enrolled: ServerAction::new(),
            enrolled_series: ServerAction::new(),
            unbooked: ServerAction::new(),
            register: ServerAction::new(),
        }
    }

    /// A signal that changes each time one of the forms succeeds (a refusal changes nothing,
    /// so the form keeps what was typed).
    fn successes(&self) -> RwSignal<usize> {
        let changes = RwSignal::new(0);
        count_successes(self.moved, changes);
        count_successes(self.cancelled, changes);
        count_successes(self.places, changes);
        count_successes(self.enrolled, changes);
        count_successes(self.enrolled_series, changes);
        count_successes(self.unbooked, changes);
        count_successes(self.register, changes);
        changes
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse().ok())
            .map(SessionId)
    });
    let actions = SessionActions::new();
    let successes = actions.successes();
    let detail = Resource::new(
        move || (id.get(), successes.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_session(id).await,
                None => Err(AppError::NotFound("that session".into())),
            }
        },
    );
    view! {
        <Title text="Session" />
        <Transition fallback=|| view! { <p class="loading">"Loading the session…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <SessionView detail actions /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SessionView(detail: SessionDetail, actions: SessionActions) -> impl IntoView {
    let summary = &detail.summary;
    let id = summary.id;
    let scheduled = summary.status == SessionStatus::Scheduled;
    let venue = detail.calendar.space(detail.space).map(|s| s.venue);
    let back = PlannerAddress {
        week: Some(Week::containing(summary.date())),
        lens: venue.map(Lens::Venue),
        ..PlannerAddress::default()
    }
    .href();
    let when = format!(
        "{}, {}",
        summary.starts_at.format("%A %-d %B %Y"),
        summary.time_range()
    );
    let leads = if summary.leads.is_empty() {
        "Lead to be confirmed".to_owned()
    } else {
        format!("Led by {}", summary.leads.join(" and "))
    };
    let state = if scheduled {
        let waiting = (summary.waitlisted > 0).then(|| format!(", {} waiting", summary.waitlisted));
        format!(
            "{} of {} places taken{}",
            summary.places_taken,
            summary.capacity,
            waiting.unwrap_or_default()
        )
    } else {
        format!(
            "Cancelled: {}",
            summary.cancel_reason.clone().unwrap_or_default()
        )
    };
    let may_change = detail.may_change;
    let people = detail.people.clone();
    view! {
        <div class="page-header">
            <div>
                <h1>{summary.activity.clone()}</h1>
                <p class="session-when">{when}</p>
            </div>
            <div class="actions">
                <A href=back attr:class="button">"Back to the planner"</A>
            </div>
        </div>
        <dl class="details">
            <dt>"Where"</dt>
            <dd>{format!("{} · {}", summary.venue, summary.space)}</dd>
            <dt>"Who leads"</dt>
            <dd>{leads}</dd>
            <dt>"Places"</dt>
            <dd class:cancelled=!scheduled>{state}</dd>
            {detail.notes.clone().map(|notes| view! { <dt>"Notes"</dt><dd>{notes}</dd> })}
        </dl>
        {people.map(|people| view! { <PeopleSection detail=detail.clone() people actions /> })}
        {(may_change && scheduled).then(|| view! {
            <MoveForm detail=detail.clone() action=actions.moved />
            <PlacesForm id capacity=summary.capacity action=actions.places />
            <CancelForm id in_series=detail.in_series action=actions.cancelled />
        })}
    }
}

/// Who is booked and waiting, adding someone, and the register.
#[component]
fn PeopleSection(
    detail: SessionDetail,
    people: Vec<RosterLine>,
    actions: SessionActions,
) -> impl IntoView {
    let id = detail.summary.id;
    let scheduled = detail.summary.status == SessionStatus::Scheduled;
    let booked: Vec<RosterLine> = people
        .iter()
        .filter(|l| l.waiting.is_none())
        .cloned()
        .collect();
    let lines = people
        .into_iter()
        .map(|line| {
            let status = match line.waiting {
                Some(position) => format!("Waiting, number {position}"),
                None => "Booked".to_owned(),
            };
            let outcome = line.outcome.map(|o| match &line.absent_reason {
                Some(reason) => format!(" · {}: {reason}", o.label()),
                None => format!(" · {}", o.label()),
            });
            let remove_label = format!("Cancel {}'s place", line.name);
            view! {
                <li class:waitlisted=line.waiting.is_some()>
                    <span class="roster-name">{line.name.clone()}</span>
                    <span class="roster-status">
                        {status}
                        {line.needs_lift.then_some(" · needs a lift")}
                        {outcome}
                    </span>
                    {scheduled.then(|| view! {
                        <ActionForm action=actions.unbooked attr:class="inline-form">
                            <input type="hidden" name="session" value=id.to_string() />
                            <input type="hidden" name="participant" value=line.participant.to_string() />
                            <button type="submit" class="button" aria-label=remove_label>"Cancel place"</button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    let register = if !scheduled {
        None
    } else if detail.register_open {
        Some(view! { <RegisterForm id booked note=detail.register_note.clone() action=actions.register /> }.into_any())
    } else {
        Some(view! {
            <h2>"Register"</h2>
            <p>{format!("The register opens on the day, {}.", detail.summary.starts_at.format("%A %-d %B"))}</p>
        }.into_any())
    };
    view! {
        <h2>"People"</h2>
        {action_error(actions.unbooked)}
        <ul class="roster" role="list">{lines}</ul>
        {scheduled.then(|| view! { <EnrolForm id participants=detail.participants.clone() adds_anyone=detail.adds_anyone action=actions.enrolled /> })}
        {(scheduled && detail.in_series && !detail.participants.is_empty()).then(|| view! {
            <EnrolSeriesForm id participants=detail.participants.clone() action=actions.enrolled_series />
        })}
        {register}
    }
}

#[component]
fn EnrolForm(
    id: SessionId,
    participants: Vec<(crate::people::PersonId, String)>,
    adds_anyone: bool,
    action: ServerAction<Enrol>,
) -> impl IntoView {
    // Leads add from the activity's group and their own mentees; the coordinator keeps the group.
    let whom = (!adds_anyone).then(|| {
        view! {
            <p class="hint">
                "You can add the people in this activity's group and your own mentees. To add someone else, ask the coordinator to put them in the group."
            </p>
        }
    });
    if participants.is_empty() {
        let nobody = if adds_anyone {
            "Everyone taking part is already on this session."
        } else {
            "Everyone you can add is already on this session."
        };
        return view! { <h3>"Add someone"</h3><p>{nobody}</p>{whom} }.into_any();
    }
    let outcome = action_outcome(action, |enrolled| match enrolled {
        Enrolled::Booked => "Booked.".to_owned(),
        Enrolled::Waitlisted { position } => {
            format!("The session is full: they are number {position} on the waitlist.")
        }
    });
    view! {
        <h3>"Add someone"</h3>
        {whom}
        {outcome}
        <ActionForm action attr:class="form enrol-form">
            <input type="hidden" name="session" value=id.to_string() />
            <label for="enrol-participant">"Participant"</label>
            <select id="enrol-participant" name="participant" required>{participant_options(participants)}</select>
            <button type="submit" class="button primary">"Add to this session"</button>
        </ActionForm>
    }
    .into_any()
}

/// The people who could be added, as the options of a select.
fn participant_options(participants: Vec<(crate::people::PersonId, String)>) -> impl IntoView {
    participants
        .into_iter()
        .map(|(person, name)| view! { <option value=person.to_string()>{name}</option> })
        .collect_view()
}

/// Course enrolment: this session and every later one of its series, in one go.
#[component]
fn EnrolSeriesForm(
    id: SessionId,
    participants: Vec<(crate::people::PersonId, String)>,
    action: ServerAction<EnrolSeries>,
) -> impl IntoView {
    let outcome = action_outcome(action, |places| {
        let waiting = places
            .iter()
            .filter(|p| matches!(p.outcome, Enrolled::Waitlisted { .. }))
            .count();
        format!(
            "Added to {} sessions: booked on {}, on the waitlist for {waiting}.",
            places.len(),
            places.len() - waiting
        )
    });
    view! {
        <h3>"Enrol on the whole course"</h3>
        <p class="hint">"This session and every later one in its series."</p>
        {outcome}
        <ActionForm action attr:class="form enrol-form">
            <input type="hidden" name="session" value=id.to_string() />
            <label for="enrol-series-participant">"Participant for the course"</label>
            <select id="enrol-series-participant" name="participant" required>
                {participant_options(participants)}
            </select>
            <button type="submit" class="button">"Enrol on every session from this one"</button>
        </ActionForm>
    }
}

/// "This session only" or "this and following", for a session in a series.
#[component]
fn ScopeChoice(form: &'static str) -> impl IntoView {
    let choices = [EditScope::ThisOnly, EditScope::ThisAndFollowing]
        .into_iter()
        .map(|scope| {
            view! {
                <label class="choice">
                    <input type="radio" name="scope" value=scope.slug() checked=scope == EditScope::ThisOnly />
                    {scope.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="scope" id=format!("{form}-scope")>
            <legend>"Which sessions of the series"</legend>
            <div class="choices">{choices}</div>
        </fieldset>
    }
}

#[component]
fn RegisterForm(
    id: SessionId,
    booked: Vec<RosterLine>,
    note: Option<String>,
    action: ServerAction<SaveRegister>,
) -> impl IntoView {
    if booked.is_empty() {
        return view! { <h2>"Register"</h2><p>"Nobody is booked on this session."</p> }.into_any();
    }
    let lines = booked
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let field = |name: &str| format!("marks[{i}][{name}]");
            let choices = std::iter::once(None)
                .chain(Outcome::ALL.into_iter().map(Some))
                .map(|outcome| {
                    let value = outcome.map_or("", Outcome::slug);
                    let label = outcome.map_or("Not yet", Outcome::label);
                    view! {
                        <label class="choice">
                            <input type="radio" name=field("outcome") value=value checked=line.outcome == outcome />
                            {label}
                        </label>
                    }
                })
                .collect_view();
            let reason_id = format!("reason-{}", line.participant);
            view! {
                <fieldset class="register-line">
                    <legend>{line.name.clone()}</legend>
                    <input type="hidden" name=field("participant") value=line.participant.to_string() />
                    <div class="choices">{choices}</div>
                    <label for=reason_id.clone()>"If absent, why (optional)"</label>
                    <input id=reason_id name=field("reason") maxlength="300" value=line.absent_reason.clone().unwrap_or_default() />
                </fieldset>
            }
        })
        .collect_view();
    let saved = action_outcome(action, |()| "Register saved.".to_owned());
    view! {
        <h2>"Register"</h2>
        {saved}
        <ActionForm action attr:class="form register-form">
            <input type="hidden" name="session" value=id.to_string() />
            {lines}
            <label for="register-note">"Note about the session (optional)"</label>
            <textarea id="register-note" name="note" maxlength="1000" rows="2">{note.unwrap_or_default()}</textarea>
            <button type="submit" class="button primary">"Save the register"</button>
        </ActionForm>
    }
    .into_any()
}

/// Move the session or change its length by form: the way to do it on a phone or without a
/// mouse, checked by the same rules as the planner's drag.
#[component]
fn MoveForm(detail: SessionDetail, action: ServerAction<MoveSession>) -> impl IntoView {
    let id = detail.summary.id;
    let in_series = detail.in_series;
    let leads = detail.leads.clone();
    let calendar = StoredValue::new(detail.calendar.clone());
    let space = RwSignal::new(detail.space);
    let date = RwSignal::new(detail.summary.starts_at.date().to_string());
    let start = RwSignal::new(clock(detail.summary.starts_at));
    let end = RwSignal::new(clock(detail.summary.ends_at));
    let verdict = Signal::derive(move || {
        let (Some(day), Some(from), Some(to)) = (
            parse_date(&date.get()),
            parse_time(&start.get()),
            parse_time(&end.get()),
        ) else {
            return Err("Give a date, a start and an end.".to_owned());
        };
        let proposal = Proposal {
            id: Some(id),
            space: space.get(),
            leads: leads.clone(),
            starts_at: day.and_time(from),
            ends_at: day.and_time(to),
        };
        calendar.with_value(|c| slot_verdict(c, &proposal))
    });
    let outcome = action_outcome(action, |()| "Saved.".to_owned());
    view! {
        <h2>"Change the time or place"</h2>
        {outcome}
        <ActionForm action attr:class="form move-form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="move-space">"Where"</label>
            <select id="move-space" name="space" required
                on:change=move |ev| { if let Ok(id) = event_target_value(&ev).parse() { space.set(crate::venues::SpaceId(id)) } }>
                {space_options(&detail.calendar, detail.space)}
            </select>
            <div class="form-row">
                <div>
                    <label for="move-date">"Date"</label>
                    <input id="move-date" name="date" type="date" required value=date.get_untracked()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label for="move-start">"Starts"</label>
                    <input id="move-start" name="start" type="time" step="900" required value=start.get_untracked()
                        on:input=move |ev| start.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label for="move-end">"Ends"</label>
                    <input id="move-end" name="end" type="time" step="900" required value=end.get_untracked()
                        on:input=move |ev| end.set(event_target_value(&ev)) />
                </div>
            </div>
            <SlotVerdict verdict />
            {in_series.then(|| view! { <ScopeChoice form="move" /> })}
            <button type="submit" class="button primary" disabled=move || action.pending().get()>"Save the change"</button>
        </ActionForm>
    }
}

/// How many places the session has. More go to the people waiting, first come first served.
#[component]
fn PlacesForm(
    id: SessionId,
    capacity: u32,
    action: ServerAction<SetSessionCapacity>,
) -> impl IntoView {
    view! {
        <h2>"Places"</h2>
        {action_error(action)}
        <ActionForm action attr:class="form places-form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="session-places">"Places on this session (the people waiting get any new ones)"</label>
            <input id="session-places" name="capacity" type="number" inputmode="numeric" min="1" max="100"
                required value=capacity.to_string() />
            <button type="submit" class="button">"Save places"</button>
        </ActionForm>
    }
}

#[component]
fn CancelForm(
    id: SessionId,
    in_series: bool,
    action: ServerAction<CancelSession>,
) -> impl IntoView {
    view! {
        <h2>"Cancel this session"</h2>
        {action_error(action)}
        <ActionForm action attr:class="form cancel-form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="cancel-reason">"Why (the people booked will see this)"</label>
            <input id="cancel-reason" name="reason" required maxlength="300" />
            {in_series.then(|| view! { <ScopeChoice form="cancel" /> })}
            <button type="submit" class="button danger">"Cancel the session"</button>
        </ActionForm>
    }
}
