//! `/driver`: the driver's pick-up list on a phone in a car park. Stops in order with the time,
//! the landmark and a maps link; at each stop the passengers with tap-to-call and the two big
//! buttons; prints one run per A4 page.
//!
//! Served without the app's WebAssembly (`ui::plain_pages`): every button is a plain form, and
//! the page's own script (`public/pickup-list.js`) keeps each tick on the phone until the server
//! has it, so a tick made with no signal, or after the sign-in ran out, is never lost;
//! `public/plain-page.js` refreshes the list every 30 seconds while it is open.

use crate::mileage::missing_readings::{FixedFrom, MissingReadings};
use leptos::prelude::*;
use leptos_meta::Title;

use super::pickup_list::{DriverDay, DriverRun, DriverStop, Mark, Passenger};
use super::runs_api::{load_pickup_list, SaveOdometer};
use super::solver::Direction;
use super::RunId;
use crate::ui::actions::action_error;
use crate::ui::error_notice::PageError;

/// How often an open list asks the server again: a colleague's change reaches the car park
/// within half a minute.
const REFRESH_MS: u32 = 30_000;

#[component]
pub fn PickupListPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let date = move || query.with(|q| q.get("date").unwrap_or_default());
    let list = Resource::new(date, load_pickup_list);
    let odometer = ServerAction::<SaveOdometer>::new();
    // What the page's scripts say when a refresh cannot replace the list, keeping it on screen.
    view! {
        <Title text="Pick-up list" />
        <div
            class="driver-page"
            data-answers-here=""
            data-refresh-ms=REFRESH_MS.to_string()
            data-offline-words="No signal: this is the list as it last loaded."
            data-signed-out-words="Your sign-in has run out: this is the list as it last loaded."
            data-trouble-words="TurnAround is not answering just now: this is the list as it last loaded."
        >
            <h1 class="no-print">"Your pick-up list"</h1>
            {action_error(odometer)}
            <MissingReadings fixed_from=FixedFrom::DriverList />
            <Transition fallback=|| view! { <p class="loading">"Loading your runs…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(day) => view! { <Day day odometer /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Day(day: DriverDay, odometer: ServerAction<SaveOdometer>) -> impl IntoView {
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
        .map(|run| view! { <Run run odometer /> })
        .collect_view();
    view! {
        <p class="driver-date no-print">{date}</p>
        {runs}
    }
    .into_any()
}

#[component]
fn Run(run: DriverRun, odometer: ServerAction<SaveOdometer>) -> impl IntoView {
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
        .map(|(i, stop)| view! { <Stop number=i + 1 stop run=run_id /> })
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
fn Stop(number: usize, stop: DriverStop, run: RunId) -> impl IntoView {
    let maps = stop.maps_link();
    let passengers = stop
        .passengers
        .into_iter()
        .map(|passenger| view! { <PassengerRow passenger run /> })
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
fn PassengerRow(passenger: Passenger, run: RunId) -> impl IntoView {
    let booking = passenger.booking;
    let mark = passenger.mark;
    let status = match (mark, passenger.corrected) {
        (Some(mark), true) => format!("{} · corrected by the coordinator", mark.words()),
        (Some(mark), false) => mark.words().to_owned(),
        (None, true) => "Not ticked yet · corrected by the coordinator".to_owned(),
        (None, false) => "Not ticked yet".to_owned(),
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
    let button = move |choice: Mark, class: &'static str| {
        let chosen = mark == Some(choice);
        view! {
            <button type="submit" name="mark" value=choice.slug()
                class=format!("button {class}{}", if chosen { " chosen" } else { "" })
                aria-pressed=chosen.to_string()>
                {choice.words()}
            </button>
        }
    };
    // pickup-list.js finds the passenger by `data-run` and `data-booking`, and shows what the
    // server has (`data-mark`) once the driver's own taps have all been sent.
    view! {
        <li class="passenger" class:boarded=mark == Some(Mark::Boarded)
            class:not-here=mark == Some(Mark::NotHere)
            data-run=run.to_string() data-booking=booking.to_string()
            data-mark=mark.map_or("", Mark::slug)>
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
