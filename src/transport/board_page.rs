//! `/transport?date=2026-03-03`: the coordinator's transport board for a day. "Plan the day"
//! gives everyone who needs a lift a run and a seat; each run shows its stops in order with
//! times and its seat map. A passenger is moved by dragging them onto a seat of another run, or
//! with the form under their name; a moved passenger is locked there, and re-planning moves
//! only the others. "Publish" sends the list to the driver; later changes are flagged to them.

use crate::mileage::missing_readings::{FixedFrom, MissingReadings};
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::allocate::BookingId;
use super::board::{direction_slug, seat_label, BoardRun, BoardSeat, TransportBoard, Waiting};
use super::board_marks::{mark_words, MarkCorrection};
use super::runs_api::{
    load_board, ChooseDriver, CorrectMark, LockSeat, MovePassenger, PlanTransport, PublishRun,
};
use super::solver::Direction;
use super::RunId;
use crate::ui::actions::{action_error, action_outcome, count_successes};
use crate::ui::loaded::when_loaded;

/// The board's forms, shared by every run card.
#[derive(Clone, Copy)]
struct Actions {
    plan: ServerAction<PlanTransport>,
    move_to: ServerAction<MovePassenger>,
    lock: ServerAction<LockSeat>,
    driver: ServerAction<ChooseDriver>,
    publish: ServerAction<PublishRun>,
    correct: ServerAction<CorrectMark>,
    /// Who is being dragged, if anyone.
    dragging: RwSignal<Option<BookingId>>,
}

#[component]
pub fn TransportBoardPage() -> impl IntoView {
    let query = use_query_map();
    let date = move || query.with(|q| q.get("date").unwrap_or_default());
    let actions = Actions {
        plan: ServerAction::new(),
        move_to: ServerAction::new(),
        lock: ServerAction::new(),
        driver: ServerAction::new(),
        publish: ServerAction::new(),
        correct: ServerAction::new(),
        dragging: RwSignal::new(None),
    };
    let changes = RwSignal::new(0usize);
    count_successes(actions.plan, changes);
    count_successes(actions.move_to, changes);
    count_successes(actions.lock, changes);
    count_successes(actions.driver, changes);
    count_successes(actions.publish, changes);
    count_successes(actions.correct, changes);
    let board = Resource::new(
        move || (date(), changes.get()),
        |(date, _)| load_board(date),
    );
    view! {
        <Title text="Transport" />
        <div class="page-header">
            <h1>"Transport"</h1>
        </div>
        {action_outcome(actions.plan, |said: &String| said.clone())}
        {action_error(actions.move_to)}
        {action_error(actions.lock)}
        {action_error(actions.driver)}
        {action_error(actions.publish)}
        {action_error(actions.correct)}
        <MissingReadings fixed_from=FixedFrom::MileageLog />
        {when_loaded(board, "Loading the day's runs…", move |board| view! { <Board board actions /> })}
    }
}

fn day_link(date: NaiveDate) -> String {
    format!("/transport?date={date}")
}

#[component]
fn Board(board: TransportBoard, actions: Actions) -> impl IntoView {
    let date = board.date;
    let day = date.format("%A %-d %B %Y").to_string();
    let previous = date.checked_sub_days(Days::new(1)).unwrap_or(date);
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    let runs_of = |direction: Direction| -> Vec<BoardRun> {
        board
            .runs
            .iter()
            .filter(|run| run.direction == direction)
            .cloned()
            .collect()
    };
    let (outbound, back) = (runs_of(Direction::Outbound), runs_of(Direction::Return));
    let all_runs: Vec<(RunId, Direction, String)> = board
        .runs
        .iter()
        .map(|run| {
            (
                run.id,
                run.direction,
                format!("{} — {}", run.title(), run.vehicle),
            )
        })
        .collect();
    let drivers = board.drivers.clone();
    let waiting = board.waiting.clone();
    let waiting_runs = all_runs.clone();
    let section = move |heading: &'static str, runs: Vec<BoardRun>| {
        let all_runs = all_runs.clone();
        let drivers = drivers.clone();
        let cards = runs
            .into_iter()
            .map(|run| {
                let all_runs = all_runs.clone();
                let drivers = drivers.clone();
                view! { <RunCard run all_runs drivers actions /> }
            })
            .collect_view();
        view! {
            <h2 class="board-heading">{heading}</h2>
            <div class="run-cards">{cards}</div>
        }
    };
    let has_runs = !board.runs.is_empty();
    view! {
        <nav class="period-switcher" aria-label="Choose the day">
            <a class="button" href=day_link(previous) rel="prev">"← Previous day"</a>
            <a class="button" href=day_link(next) rel="next">"Next day →"</a>
        </nav>
        <p class="board-day">{day}</p>
        <ActionForm action=actions.plan attr:class="plan-day">
            <input type="hidden" name="date" value=date.to_string() />
            <button class="button primary" type="submit">
                {if has_runs { "Re-plan the day (keeps locked seats)" } else { "Plan the day" }}
            </button>
        </ActionForm>
        <WaitingList waiting all_runs=waiting_runs actions />
        {(!has_runs).then(|| view! { <p>"No runs planned for this day yet."</p> })}
        {section("Going out", outbound)}
        {section("Coming back", back)}
    }
}

#[component]
fn WaitingList(
    waiting: Vec<Waiting>,
    all_runs: Vec<(RunId, Direction, String)>,
    actions: Actions,
) -> impl IntoView {
    if waiting.is_empty() {
        return None;
    }
    let rows = waiting
        .into_iter()
        .map(|w| {
            let way = match w.direction {
                Direction::Outbound => "going out",
                Direction::Return => "coming back",
            };
            let reason = w
                .reason
                .clone()
                .unwrap_or_else(|| "booked since the day was planned".into());
            let label = format!("{} — {way} to {}", w.name, w.venue);
            view! {
                <li class="waiting-row">
                    <p><strong>{label}</strong></p>
                    <p class="waiting-reason">{reason}</p>
                    <MoveForm booking=w.booking direction=w.direction all_runs=all_runs.clone() actions />
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="waiting" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">"Waiting for a seat"</h2>
            <ul role="list">{rows}</ul>
        </section>
    })
}

#[component]
fn RunCard(
    run: BoardRun,
    all_runs: Vec<(RunId, Direction, String)>,
    drivers: Vec<(crate::people::PersonId, String)>,
    actions: Actions,
) -> impl IntoView {
    let run_id = run.id;
    let state = match (run.published, run.changed_since_published) {
        (false, _) => "Draft: the driver cannot see it yet",
        (true, false) => "Published to the driver",
        (true, true) => "Changed since published: the driver sees the changes flagged",
    };
    let stops = run
        .stops
        .iter()
        .map(|stop| {
            let who: Vec<String> = run
                .passengers
                .iter()
                .filter(|p| p.point == stop.point)
                .map(|p| p.name.clone())
                .collect();
            view! {
                <li>
                    <span class="stop-time">{stop.at.to_string()}</span>
                    " "<strong>{stop.name.clone()}</strong>
                    <span class="stop-who">{format!(" — {}", who.join(", "))}</span>
                </li>
            }
        })
        .collect_view();
    let seats = run
        .seat_map()
        .into_iter()
        .map(|(wheelchair, number, taken)| {
            view! { <SeatBox run=run_id wheelchair number taken=taken.cloned() actions /> }
        })
        .collect_view();
    let passengers = run
        .passengers
        .iter()
        .cloned()
        .map(|seat| {
            let all_runs = all_runs.clone();
            let published = run.published;
            view! { <PassengerControls run=run_id direction=run.direction seat all_runs published actions /> }
        })
        .collect_view();
    let driver_options = drivers
        .iter()
        .map(|(id, name)| {
            let chosen = run.driver.as_ref().is_some_and(|(d, _)| d == id);
            view! { <option value=id.to_string() selected=chosen>{name.clone()}</option> }
        })
        .collect_view();
    let driver_id = format!("driver-{run_id}");
    view! {
        <article class="run-card" aria-labelledby=format!("run-title-{run_id}")>
            <h3 id=format!("run-title-{run_id}")>{format!("{} — {}", run.title(), run.vehicle)}</h3>
            <p class="run-meta">
                {format!(
                    "Leaves {} · arrives {} · {} min driving · {} of {} seats taken",
                    run.departs, run.arrives, run.driving_minutes,
                    run.passengers.iter().filter(|p| !p.wheelchair).count(), run.seats,
                )}
            </p>
            <p class=if run.changed_since_published { "run-state changed" } else { "run-state" }>{state}</p>
            <ol class="board-stops">{stops}</ol>
            <div class="seat-map" role="group" aria-label="Seats">{seats}</div>
            <details class="edit-details">
                <summary>"Move or lock passengers"</summary>
                <ul class="passenger-controls" role="list">{passengers}</ul>
            </details>
            <ActionForm action=actions.driver attr:class="form inline-form">
                <input type="hidden" name="run" value=run_id.to_string() />
                <label for=driver_id.clone()>"Driver"</label>
                <select id=driver_id name="driver" required>
                    <option value="">"Choose a driver"</option>
                    {driver_options}
                </select>
                <button class="button" type="submit">"Save driver"</button>
            </ActionForm>
            <ActionForm action=actions.publish attr:class="inline-form">
                <input type="hidden" name="run" value=run_id.to_string() />
                <button class="button primary" type="submit">
                    {if run.published { "Publish again" } else { "Publish to the driver" }}
                </button>
            </ActionForm>
        </article>
    }
}

/// One seat: who sits there (draggable), or empty (a drop target).
#[component]
fn SeatBox(
    run: RunId,
    wheelchair: bool,
    number: u32,
    taken: Option<BoardSeat>,
    actions: Actions,
) -> impl IntoView {
    let label = seat_label(wheelchair, number);
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(booking) = actions.dragging.get_untracked() {
            actions.dragging.set(None);
            actions.move_to.dispatch(MovePassenger {
                booking,
                run,
                seat: number.to_string(),
            });
        }
    };
    let allow = |ev: leptos::ev::DragEvent| ev.prevent_default();
    match taken {
        Some(seat) => {
            let booking = seat.booking;
            view! {
                <div class="seat taken" class:locked=seat.locked draggable="true"
                    on:dragstart=move |_| actions.dragging.set(Some(booking))
                    on:dragend=move |_| actions.dragging.set(None)>
                    <span class="seat-label">{label}</span>
                    <span class="seat-name">{seat.name.clone()}</span>
                    {seat.locked.then(|| view! { <span class="seat-lock">"Locked"</span> })}
                    {mark_words(&seat).map(|words| view! { <span class="seat-mark">{words}</span> })}
                </div>
            }
            .into_any()
        }
        None => view! {
            <div class="seat free" on:dragover=allow on:drop=drop>
                <span class="seat-label">{label}</span>
                <span class="seat-name">"Free"</span>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn PassengerControls(
    run: RunId,
    direction: Direction,
    seat: BoardSeat,
    all_runs: Vec<(RunId, Direction, String)>,
    published: bool,
    actions: Actions,
) -> impl IntoView {
    let lock_label = if seat.locked { "Unlock" } else { "Lock here" };
    view! {
        <li class="passenger-control">
            <p><strong>{seat.name.clone()}</strong>{format!(" · {}", seat.label())}</p>
            <ActionForm action=actions.lock attr:class="inline-form">
                <input type="hidden" name="run" value=run.to_string() />
                <input type="hidden" name="booking" value=seat.booking.to_string() />
                <input type="hidden" name="locked" value=if seat.locked { "off" } else { "on" } />
                <button class="button" type="submit">{lock_label}</button>
            </ActionForm>
            <MoveForm booking=seat.booking direction all_runs actions />
            {published.then(|| view! {
                <MarkCorrection run booking=seat.booking mark=seat.mark action=actions.correct />
            })}
        </li>
    }
}

/// "Move to [run] seat [n]": the keyboard and phone way to do what dragging does.
#[component]
fn MoveForm(
    booking: BookingId,
    direction: Direction,
    all_runs: Vec<(RunId, Direction, String)>,
    actions: Actions,
) -> impl IntoView {
    let key = format!("{booking}-{}", direction_slug(direction));
    let (run_id, seat_id) = (format!("move-run-{key}"), format!("move-seat-{key}"));
    let options = all_runs
        .into_iter()
        .filter(|(_, d, _)| *d == direction)
        .map(|(id, _, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    view! {
        <ActionForm action=actions.move_to attr:class="form inline-form move-form">
            <input type="hidden" name="booking" value=booking.to_string() />
            <label for=run_id.clone()>"Move to"</label>
            <select id=run_id name="run" required>{options}</select>
            <label for=seat_id.clone()>"Seat (empty: first free)"</label>
            <input id=seat_id name="seat" inputmode="numeric" size="3" />
            <button class="button" type="submit">"Move"</button>
        </ActionForm>
    }
}
