//! `/my`: the participant's page. Complete as server-rendered HTML, every button a plain form,
//! and served without the app's WebAssembly (`ui::plain_pages`): `public/plain-page.js` sends
//! the forms in the background, refreshes the page every three minutes and when the phone comes
//! back online, and keeps the last page on screen when there is no signal.

use leptos::prelude::*;
use leptos_meta::Title;

use super::icons::ActivityIcon;
use super::my_activities_api::{my_activities, CantCome, SeenChanges, SetLift};
use super::words;
use super::{BookingStatus, MyCalendar, MySession, PastSession, CARD_DAYS};
use crate::scheduling::session::SessionStatus;
use crate::ui::actions::action_error;
use crate::ui::error_notice::PageError;

/// How often an open page asks again (three minutes: fresh enough, light on a data plan).
const REFRESH_MS: u32 = 180_000;

/// The page's two actions, shared by every card.
#[derive(Clone, Copy)]
struct Actions {
    cant_come: ServerAction<CantCome>,
    set_lift: ServerAction<SetLift>,
}

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let calendar = Resource::new(|| (), |_| my_activities());
    let actions = Actions {
        cant_come: ServerAction::<CantCome>::new(),
        set_lift: ServerAction::<SetLift>::new(),
    };
    let seen = ServerAction::<SeenChanges>::new();
    // A refusal arrives with the page the form leads back to, at its top (plain-page.js moves
    // it onto the card whose button was pressed).
    view! {
        <Title text="My activities" />
        <div class="my-page" data-answers-here="">
            <h1>"My activities"</h1>
            {action_error(actions.cant_come)}
            {action_error(actions.set_lift)}
            {action_error(seen)}
            <Transition fallback=|| view! { <p class="loading">"Loading your activities…"</p> }>
                {move || Suspend::new(async move {
                    match calendar.await {
                        Ok(loaded) => view! { <Calendar calendar=loaded actions seen /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Calendar(
    calendar: MyCalendar,
    actions: Actions,
    seen: ServerAction<SeenChanges>,
) -> impl IntoView {
    let changed = calendar
        .upcoming
        .iter()
        .filter(|session| !session.changes.is_empty())
        .count();
    let today = calendar.today;
    let late_hours = calendar.late_cancel_hours;
    let last_card_day = today + chrono::Duration::days(CARD_DAYS);
    let (soon, later): (Vec<MySession>, Vec<MySession>) = calendar
        .upcoming
        .into_iter()
        .partition(|session| session.starts_at.date() <= last_card_day);
    let upcoming = if soon.is_empty() {
        view! {
            <p class="nothing-planned">
                "You have nothing booked in the next two weeks. Your tutor or the coordinator can book you a place."
            </p>
        }
        .into_any()
    } else {
        let cards = soon
            .into_iter()
            .map(|session| view! { <SessionCard session today late_hours actions /> })
            .collect_view();
        view! { <ul class="sessions my-sessions" role="list">{cards}</ul> }.into_any()
    };
    // What plain-page.js shows when a refresh finds no signal (the clock in the page's words).
    let offline_words = format!(
        "No signal. This is your page as it was at {}.",
        words::spoken_time(calendar.loaded_at.time())
    );
    view! {
        <div class="my-calendar" data-refresh-ms=REFRESH_MS.to_string() data-offline-words=offline_words>
        {(changed > 0).then(|| view! { <ChangesBanner changed seen /> })}
        <section aria-labelledby="coming-up">
            <h2 id="coming-up" class="my-heading">"Coming up"</h2>
            {upcoming}
        </section>
        <p class="my-calendar-link">
            <a class="button" href="/calendar">"Put these in my phone's calendar"</a>
            " "
            <a class="button" href="/my/goals">"My goals"</a>
            " "
            <a class="button" href="/my/wellbeing">"How I've been feeling"</a>
        </p>
        {(!later.is_empty()).then(|| view! { <Later later /> })}
        {(!calendar.past.is_empty()).then(|| view! { <Past past=calendar.past /> })}
        </div>
    }
}

#[component]
fn ChangesBanner(changed: usize, seen: ServerAction<SeenChanges>) -> impl IntoView {
    let what = if changed == 1 {
        "Something has changed since you last looked.".to_owned()
    } else {
        format!("{changed} things have changed since you last looked.")
    };
    view! {
        <div class="changes-banner" role="status">
            <p>
                <strong>{what}</strong>
                " Look for the yellow boxes below."
            </p>
            <ActionForm action=seen>
                <button type="submit" class="button">"OK, I have seen the changes"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn SessionCard(
    session: MySession,
    today: chrono::NaiveDate,
    late_hours: u32,
    actions: Actions,
) -> impl IntoView {
    let id = session.session_id;
    let can_change = session.can_change();
    let cancelled = session.session_status == SessionStatus::Cancelled
        || session.booking_status == BookingStatus::Cancelled;
    let heading_id = format!("session-{id}");
    let status = status_words(&session);
    let changes = session.changes.clone();
    let directions = session.place.map(|place| place.directions_link());
    let travel = (!cancelled && session.booking_status == BookingStatus::Booked)
        .then(|| getting_there(&session));
    let kind_class = format!("session my-card kind-{}", session.kind.slug());
    let actions_view = can_change.then(|| {
        let session = session.clone();
        view! { <CardActions session late_hours actions /> }
    });
    view! {
        <li class=kind_class class:cancelled=cancelled aria-labelledby=heading_id.clone()>
            {(!changes.is_empty()).then(|| view! {
                <div class="changed">
                    {changes.into_iter().map(|said| view! { <p>{said}</p> }).collect_view()}
                </div>
            })}
            <h3 class="my-card-title" id=heading_id.clone()>
                <ActivityIcon activity=session.activity.clone() kind=session.kind />
                <span>{session.activity.clone()}</span>
            </h3>
            <p class="my-when">
                <strong>{words::day(session.starts_at.date(), today)}</strong>
                <br />
                {words::hours(session.starts_at, session.ends_at)}
            </p>
            <p class="my-status">{status}</p>
            <dl class="my-facts">
                <dt>"Where"</dt>
                <dd>
                    <span class="my-venue">{session.venue.clone()}</span>
                    <br />
                    {session.address.clone()}
                    {directions.map(|href| view! {
                        <br />
                        <a class="button my-directions" href=href rel="noopener" target="_blank">
                            "Get directions"
                        </a>
                    })}
                </dd>
                {travel.map(|travel| view! {
                    <dt>"Getting there"</dt>
                    <dd>{travel}</dd>
                })}
                {session.lead.clone().map(|lead| view! {
                    <dt>"Ask for"</dt>
                    <dd>{lead}</dd>
                })}
                {session.what_to_bring.clone().map(|what| view! {
                    <dt>"Bring"</dt>
                    <dd>{what}</dd>
                })}
            </dl>
            {actions_view}
        </li>
    }
}

fn status_words(session: &MySession) -> String {
    match (session.session_status, session.booking_status) {
        (SessionStatus::Cancelled, _) => format!(
            "Cancelled{}. You do not need to come.",
            session
                .cancel_reason
                .as_ref()
                .map(|reason| format!(": {reason}"))
                .unwrap_or_default()
        ),
        (_, BookingStatus::Cancelled) => "Your place is cancelled. You do not need to come.".into(),
        (_, BookingStatus::Waitlisted) => match session.waitlist_position {
            Some(n) => format!(
                "On the waiting list: you are number {n}. If a place comes up, it will show here."
            ),
            None => "On the waiting list. If a place comes up, it will show here.".into(),
        },
        (_, BookingStatus::Booked) => "You have a place.".into(),
    }
}

fn getting_there(session: &MySession) -> AnyView {
    match (&session.ride, session.needs_lift) {
        (Some(ride), _) => {
            let back = ride.dropoff_at.as_deref().map(|at| {
                view! { <br /> {format!("Back there at about {}.", words::spoken_time_of(at))} }
            });
            view! {
                <strong class="my-pickup">
                    {format!("Pick-up: {} at {}", words::spoken_time_of(&ride.pickup_at), ride.pickup_point)}
                </strong>
                <br />
                {format!("Wait: {}.", ride.landmark)}
                {back}
            }
            .into_any()
        }
        (None, true) => view! {
            "You have asked for a lift. Your pick-up time will show here when it is ready."
        }
        .into_any(),
        (None, false) => view! { "You are getting there yourself." }.into_any(),
    }
}

#[component]
fn CardActions(session: MySession, late_hours: u32, actions: Actions) -> impl IntoView {
    let id = session.session_id.to_string();
    let lift_id = id.clone();
    let (lift_label, lift_value) = if session.needs_lift {
        ("I'll get there myself", "false")
    } else {
        ("I need a lift", "true")
    };
    let warning = if session.cancel_is_late {
        format!(
            "It is less than {late_hours} hours before the start, so this counts as a late cancellation."
        )
    } else {
        String::new()
    };
    let place = match session.booking_status {
        BookingStatus::Waitlisted => "You will leave the waiting list.",
        _ => "Your place will go to someone else.",
    };
    view! {
        <div class="my-actions">
            <ActionForm action=actions.set_lift attr:class="my-action">
                <input type="hidden" name="session" value=lift_id />
                <input type="hidden" name="needs_lift" value=lift_value />
                <button type="submit" class="button">{lift_label}</button>
            </ActionForm>
            <details class="cant-come">
                <summary class="button danger">"I can't come"</summary>
                <div class="cant-come-confirm">
                    <p>{format!("{place} {warning}")}</p>
                    <ActionForm action=actions.cant_come attr:class="my-action">
                        <input type="hidden" name="session" value=id />
                        <button type="submit" class="button danger-solid">"Yes, I can't come"</button>
                    </ActionForm>
                </div>
            </details>
        </div>
    }
}

/// Sessions beyond the next two weeks: one line each, changes included.
#[component]
fn Later(later: Vec<MySession>) -> impl IntoView {
    let rows = later
        .into_iter()
        .map(|session| {
            let when = format!(
                ", {}, {}: ",
                session.starts_at.format("%A %-d %B"),
                words::hours(session.starts_at, session.ends_at)
            );
            let status = status_words(&session);
            let changes = session.changes.join(" ");
            view! {
                <li class="past-session">
                    <ActivityIcon activity=session.activity.clone() kind=session.kind />
                    <span>
                        <strong>{session.activity}</strong>
                        {when}
                        {status}
                        {(!changes.is_empty()).then(|| view! { <span class="changed-inline">{changes}</span> })}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="later">
            <h2 id="later" class="my-heading">"Later"</h2>
            <ul class="past-sessions" role="list">{rows}</ul>
        </section>
    }
}

#[component]
fn Past(past: Vec<PastSession>) -> impl IntoView {
    let rows = past
        .into_iter()
        .map(|session| {
            let when = session.starts_at.format("%A %-d %B").to_string();
            let said = session.said();
            view! {
                <li class="past-session">
                    <ActivityIcon activity=session.activity.clone() kind=session.kind />
                    <span>
                        <strong>{session.activity}</strong>
                        {format!(", {when}, {}: ", session.venue)}
                        <span class="past-outcome">{said}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="before">
            <h2 id="before" class="my-heading">"Before"</h2>
            <ul class="past-sessions" role="list">{rows}</ul>
        </section>
    }
}
