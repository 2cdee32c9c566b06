//! `/driver`: the driver's pick-up list on a phone in a car park. Stops in order with the time,
//! the landmark and a maps link; at each stop the passengers with tap-to-call and the two big
//! buttons. Ticks made with no signal wait on the phone (see `offline_queue`) and are sent when
//! it is back online; the list refreshes itself while open and prints one run per A4 page.
//!
//! Without JavaScript every button is a plain form and the page reloads with the tick saved.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{load_pickup_list, SaveOdometer};
use super::offline_queue::{Queue, Tick};
use super::pickup_list::{DriverDay, DriverRun, DriverStop, Mark, Passenger};
use super::solver::Direction;
use super::RunId;
use crate::error::AppError;
use crate::ui::actions::{action_error, count_successes};
use crate::ui::error_notice::PageError;

#[component]
pub fn PickupListPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let date = move || query.with(|q| q.get("date").unwrap_or_default());
    let changes = RwSignal::new(0usize);
    let list = Resource::new(
        move || (date(), changes.get()),
        |(date, _)| load_pickup_list(date),
    );
    let queue = Queue::new(changes);
    let odometer = ServerAction::<SaveOdometer>::new();
    count_successes(odometer, changes);
    // The last list that loaded: with no signal, a refresh fails and this one stays on screen.
    let last = RwSignal::new(None::<DriverDay>);
    #[cfg(feature = "hydrate")]
    crate::ui::refresh::every(
        30_000,
        move || queue.is_sending(),
        move || {
            queue.send_waiting();
            changes.update(|n| *n += 1);
        },
    );
    view! {
        <Title text="Pick-up list" />
        <h1 class="no-print">"Your pick-up list"</h1>
        {move || queue.banner()}
        {action_error(odometer)}
        <Transition fallback=|| view! { <p class="loading">"Loading your runs…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(day) => {
                        last.set(Some(day.clone()));
                        view! { <Day day queue odometer /> }.into_any()
                    }
                    Err(error) => match (error, last.get_untracked()) {
                        (AppError::Offline, Some(day)) => view! {
                            <p class="notice" role="status">
                                "No signal: this is the list as it last loaded."
                            </p>
                            <Day day queue odometer />
                        }
                        .into_any(),
                        (error, _) => view! { <PageError error /> }.into_any(),
                    },
                }
            })}
        </Transition>
    }
}

#[component]
fn Day(day: DriverDay, queue: Queue, odometer: ServerAction<SaveOdometer>) -> impl IntoView {
    let date = day.date.format("%A %-d %B").to_string();
    if day.runs.is_empty() {
        return view! {
            <p class="driver-date">{date}</p>
            <p>"No runs for you today. The coordinator publishes the list when it is ready."</p>
        }
        .into_any();
    }
    let runs = day
        .runs
        .into_iter()
        .map(|run| view! { <Run run queue odometer /> })
        .collect_view();
    view! {
        <p class="driver-date no-print">{date}</p>
        {runs}
    }
    .into_any()
}

#[component]
fn Run(run: DriverRun, queue: Queue, odometer: ServerAction<SaveOdometer>) -> impl IntoView {
    let title = match run.direction {
        Direction::Outbound => format!("To {}", run.venue),
        Direction::Return => format!("Back from {}", run.venue),
    };
    let timing = match run.direction {
        Direction::Outbound => format!(
            "Be at the first stop by {}. Arrive by {}.",
            first_stop(&run),
            run.arrives
        ),
        Direction::Return => format!("Leave {} at {}.", run.venue, run.departs),
    };
    let warning = run.headcount_warning();
    let changes = (!run.changes.is_empty()).then(|| {
        let lines = run
            .changes
            .iter()
            .map(|c| view! { <li>{c.clone()}</li> })
            .collect_view();
        view! {
            <div class="run-changes" role="status">
                <h3>"Changed since you got this list"</h3>
                <ul>{lines}</ul>
            </div>
        }
    });
    let counts = run.boarded_out.map(|out| {
        format!(
            "{out} went out this morning. {} on the list to take back.",
            run.passengers().count()
        )
    });
    let run_id = run.id;
    let stops = run
        .stops
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, stop)| view! { <Stop number=i + 1 stop run=run_id queue /> })
        .collect_view();
    view! {
        <section class="driver-run" aria-labelledby=format!("run-{}", run.id)>
            <h2 id=format!("run-{}", run.id)>{title}</h2>
            <p class="run-vehicle">{format!("{} · {}", run.vehicle, run.registration)}</p>
            <p class="run-timing">{timing}</p>
            {counts.map(|c| view! { <p class="run-count">{c}</p> })}
            {changes}
            {warning.map(|w| view! { <p class="headcount-warning" role="alert">{w}</p> })}
            <ol class="stops" role="list">{stops}</ol>
            <OdometerForm run=run_id start=run.odometer_start end=run.odometer_end odometer />
        </section>
    }
}

fn first_stop(run: &DriverRun) -> String {
    run.stops
        .first()
        .map_or_else(|| run.departs.to_string(), |stop| stop.at.to_string())
}

#[component]
fn Stop(number: usize, stop: DriverStop, run: RunId, queue: Queue) -> impl IntoView {
    let maps = stop.maps_link();
    let passengers = stop
        .passengers
        .into_iter()
        .map(|passenger| view! { <PassengerRow passenger run queue /> })
        .collect_view();
    view! {
        <li class="stop">
            <p class="stop-time">{stop.at.to_string()}</p>
            <h3 class="stop-name">{format!("{number}. {}", stop.name)}</h3>
            <p class="stop-landmark">{stop.landmark}</p>
            <a class="stop-map no-print" href=maps target="_blank" rel="noopener">"Open in maps"</a>
            <ul class="passengers" role="list">{passengers}</ul>
        </li>
    }
}

#[component]
fn PassengerRow(passenger: Passenger, run: RunId, queue: Queue) -> impl IntoView {
    let booking = passenger.booking;
    let saved = passenger.mark;
    // What the driver sees: their latest tap (sent or waiting), else what the server has.
    let shown = move || queue.mark_of(run, booking).map(|(m, _)| m).or(saved);
    let waiting = move || {
        queue
            .mark_of(run, booking)
            .is_some_and(|(_, waiting)| waiting)
    };
    let status = move || {
        let words = shown().map_or("Not ticked yet", Mark::words);
        if waiting() {
            format!("{words} · saved on this phone, sends when there is signal")
        } else {
            words.to_string()
        }
    };
    let phone = passenger.phone.clone().map(|phone| {
        let href = format!("tel:{}", phone.replace(' ', ""));
        view! { <a class="call" href=href>{format!("Call {phone}")}</a> }
    });
    let came_out = passenger.came_out.map(|came| {
        (!came).then(|| view! { <p class="did-not-come">"Did not board this morning."</p> })
    });
    let needs = passenger
        .mobility_needs
        .clone()
        .map(|needs| view! { <p class="mobility">{needs}</p> });
    let button = move |mark: Mark, class: &'static str| {
        let tap = move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            queue.tap(Tick::now(run, booking, mark));
        };
        view! {
            <button type="submit" name="mark" value=mark.slug()
                class=move || format!("button {class}{}", if shown() == Some(mark) { " chosen" } else { "" })
                aria-pressed=move || (shown() == Some(mark)).to_string()
                on:click=tap>
                {mark.words()}
            </button>
        }
    };
    view! {
        <li class="passenger" class:boarded=move || shown() == Some(Mark::Boarded)
            class:not-here=move || shown() == Some(Mark::NotHere)>
            <p class="passenger-name">
                <strong>{passenger.name.clone()}</strong>
                <span class="passenger-seat">{format!(" · {}", passenger.seat)}</span>
            </p>
            {needs}
            {came_out}
            {phone}
            <form method="post" action="/api/mark_passenger" class="tick-form no-print">
                <input type="hidden" name="run" value=run.to_string() />
                <input type="hidden" name="booking" value=booking.to_string() />
                <input type="hidden" name="marked_at" value="" />
                {button(Mark::Boarded, "primary")}
                {button(Mark::NotHere, "")}
            </form>
            <p class="tick-status" role="status">{status}</p>
        </li>
    }
}

#[component]
fn OdometerForm(
    run: RunId,
    start: Option<u32>,
    end: Option<u32>,
    odometer: ServerAction<SaveOdometer>,
) -> impl IntoView {
    let start_id = format!("odometer-start-{run}");
    let end_id = format!("odometer-end-{run}");
    let value = |miles: Option<u32>| miles.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <ActionForm action=odometer attr:class="form odometer-form">
            <h3>"Mileage"</h3>
            <input type="hidden" name="run" value=run.to_string() />
            <label for=start_id.clone()>"Odometer at the start (miles)"</label>
            <input id=start_id name="start" inputmode="numeric" value=value(start) />
            <label for=end_id.clone()>"Odometer at the end (miles)"</label>
            <input id=end_id name="end" inputmode="numeric" value=value(end) />
            <button class="button no-print" type="submit">"Save mileage"</button>
        </ActionForm>
    }
}
