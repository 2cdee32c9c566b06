//! The planner's grid: a column per lane, sessions placed by time. Dragging a session (or its
//! bottom edge) and the arrow keys try out a change; the shared clash rules judge it on every
//! step, and the server is asked only when it is dropped or Enter is pressed.
//!
//! Positions are CSS classes in quarter hours (`at-N`, `len-N`), not inline styles: the page's
//! Content-Security-Policy forbids inline style attributes.

use crate::days_and_times::clock;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use leptos::prelude::*;
use leptos_router::components::A;

use super::clash::{Booked, Calendar, Proposal};
use super::planner::{
    changed, hours_shown, lanes, minutes_from, nudge, time_at, Change, Lane, Lens, NewSlot,
    PlannerAddress, STEP_MINUTES,
};
use super::planning::{describe_slot, refusal};
use super::planning_api::{MoveSession, PlanningWeek};
use super::series::EditScope;
use super::session::{SessionId, SessionSummary};

/// A change being tried out: where the session would go, and what stands in the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub session: SessionId,
    pub lane: usize,
    pub change: Change,
    pub proposal: Proposal,
    /// The refusal in words, exactly as the server would give it; `None` when the slot is free.
    pub problem: Option<String>,
}

/// A pointer pressed on a session: where, and whether it has moved enough to be a drag.
#[derive(Debug, Clone, Copy)]
struct Drag {
    session: SessionId,
    lane: usize,
    x: i32,
    y: i32,
    stretch: bool,
    moving: bool,
}

/// The planner's moment-to-moment state, kept outside the grid so that a refresh from the
/// server does not lose it.
#[derive(Clone, Copy)]
pub struct PlannerUi {
    pub preview: RwSignal<Option<Preview>>,
    /// The last outcome, read out by screen readers: `Ok` says what happened, `Err` why not.
    pub message: RwSignal<Option<Result<String, String>>>,
    pub moved: ServerAction<MoveSession>,
    drag: StoredValue<Option<Drag>>,
    /// What to say when the move now with the server succeeds.
    pending: StoredValue<Option<String>>,
    /// The session to give focus back to after the grid is redrawn.
    refocus: StoredValue<Option<SessionId>>,
}

impl PlannerUi {
    pub fn new() -> Self {
        let ui = Self {
            preview: RwSignal::new(None),
            message: RwSignal::new(None),
            moved: ServerAction::new(),
            drag: StoredValue::new(None),
            pending: StoredValue::new(None),
            refocus: StoredValue::new(None),
        };
        Effect::new(move |_| {
            if let Some(result) = ui.moved.value().get() {
                let said = match result {
                    Ok(()) => Ok(ui.pending.get_value().unwrap_or_default()),
                    Err(error) => Err(format!("Not moved. {error}")),
                };
                ui.message.set(Some(said));
                ui.preview.set(None);
            }
        });
        ui
    }

    /// True while someone is moving a session or the server has not answered yet.
    pub fn busy(&self) -> bool {
        self.drag.get_value().is_some()
            || self.preview.with_untracked(Option::is_some)
            || self.moved.pending().get_untracked()
    }
}

impl Default for PlannerUi {
    fn default() -> Self {
        Self::new()
    }
}

/// What the grid's event handlers need: the rules' calendar and the lanes on screen.
struct Grid {
    calendar: Calendar,
    lanes: Vec<Lane>,
}

impl Grid {
    fn session(&self, id: SessionId) -> Option<&Booked> {
        self.calendar.sessions.iter().find(|s| s.id == id)
    }

    /// `session` after `change`, dropped in lane `lane`, judged by the clash rules.
    fn preview(&self, session: SessionId, lane: usize, change: Change) -> Option<Preview> {
        let booked = self.session(session)?;
        let proposal = changed(booked, self.lanes.get(lane)?, change);
        let clashes = self.calendar.clashes(&proposal);
        let problem = (!clashes.is_empty()).then(|| refusal(&self.calendar, &proposal, &clashes));
        Some(Preview {
            session,
            lane,
            change,
            proposal,
            problem,
        })
    }

    /// "Tennis, 11:00–13:00 on Tue 5 Jan in Court 2".
    fn describe(&self, preview: &Preview) -> String {
        let activity = self
            .session(preview.session)
            .map_or("The session", |s| s.activity.as_str());
        format!(
            "{activity}, {}",
            describe_slot(&self.calendar, &preview.proposal)
        )
    }
}

/// Quarter hours from the top of the grid to `time` (the CSS classes count in these).
fn quarters(top: NaiveTime, time: NaiveTime) -> i64 {
    minutes_from(top, time)
        .div_euclid(STEP_MINUTES)
        .clamp(0, 96)
}

/// The position classes for something from `start` to `end`.
fn placed(top: NaiveTime, start: NaiveTime, end: NaiveTime) -> String {
    let at = quarters(top, start);
    let length = (quarters(top, end) - at).max(1);
    format!("at-{at} len-{length}")
}

#[component]
pub fn PlannerGrid(
    planning: PlanningWeek,
    address: PlannerAddress,
    lens: Lens,
    days: Vec<NaiveDate>,
    ui: PlannerUi,
) -> impl IntoView {
    let lanes = lanes(&planning.calendar, lens, &days);
    let shown: Vec<&Booked> = planning
        .calendar
        .sessions
        .iter()
        .filter(|s| lanes.iter().any(|lane| lane.holds(s)))
        .collect();
    let (top, bottom) = hours_shown(&planning.calendar, lens, &shown);
    let summaries: HashMap<SessionId, SessionSummary> = planning
        .sessions
        .iter()
        .map(|s| (s.id, s.clone()))
        .collect();
    let may_change = |s: &Booked| planning.may_plan_any || s.leads.contains(&planning.me);
    let hours = (top.hour()..=bottom.hour().min(23))
        .map(|hour| {
            let at = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(top);
            view! { <span class=format!("hour {}", placed(top, at, at))>{format!("{hour:02}:00")}</span> }
        })
        .collect_view();
    let body_class = placed(top, top, bottom);
    let columns = lanes
        .iter()
        .enumerate()
        .map(|(index, lane)| {
            let blocks: Vec<Block> = planning
                .calendar
                .sessions
                .iter()
                .filter(|s| lane.holds(s))
                .map(|s| Block {
                    session: s.clone(),
                    summary: summaries.get(&s.id).cloned(),
                    changeable: may_change(s),
                })
                .collect();
            let first_of_day = index == 0 || lanes[index - 1].date != lane.date;
            LaneColumn {
                index,
                lane: lane.clone(),
                closed: closed_times(&planning.calendar, lane, top, bottom),
                blocks,
                first_of_day,
            }
        })
        .collect::<Vec<_>>();
    let grid = StoredValue::new(Grid {
        calendar: planning.calendar.clone(),
        lanes,
    });
    let element = NodeRef::<leptos::html::Div>::new();

    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(mut drag) = ui.drag.get_value() else {
            return;
        };
        let (dx, dy) = (ev.client_x() - drag.x, ev.client_y() - drag.y);
        if !drag.moving {
            if dx.abs() + dy.abs() < 6 {
                return;
            }
            // From here every pointer event comes to the grid, wherever the pointer goes.
            drag.moving = true;
            if let Some(element) = element.get_untracked() {
                let _ = element.set_pointer_capture(ev.pointer_id());
            }
        }
        ui.drag.set_value(Some(drag));
        let lane = if drag.stretch {
            drag.lane
        } else {
            lane_at(ev.client_x(), ev.client_y()).unwrap_or(drag.lane)
        };
        let minutes = i64::from(dy);
        let change = if drag.stretch {
            Change {
                shift: 0,
                stretch: minutes,
            }
        } else {
            Change {
                shift: minutes,
                stretch: 0,
            }
        };
        ui.preview
            .set(grid.with_value(|g| g.preview(drag.session, lane, change)));
    };
    let on_up = move |_: leptos::ev::PointerEvent| {
        let Some(drag) = ui.drag.get_value() else {
            return;
        };
        ui.drag.set_value(None);
        if drag.moving {
            commit(ui, grid, false);
        }
    };
    let on_cancel = move |_: leptos::ev::PointerEvent| {
        ui.drag.set_value(None);
        ui.preview.set(None);
    };

    let columns = columns
        .into_iter()
        .map(|column| view! { <LaneView column address=address.clone() top body_class=body_class.clone() ui grid /> })
        .collect_view();
    view! {
        <PlannerStatus ui grid />
        <div class="planner-scroll">
            <div
                class="planner-grid"
                node_ref=element
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_cancel
            >
                <div class="time-axis" aria-hidden="true">
                    <div class="lane-header"></div>
                    <div class=format!("lane-body {body_class}")>{hours}</div>
                </div>
                {columns}
            </div>
        </div>
    }
}

/// What the planner says about the change being tried, or about the last one.
#[component]
fn PlannerStatus(ui: PlannerUi, grid: StoredValue<Grid>) -> impl IntoView {
    let text = move || match ui.preview.get() {
        Some(preview) => {
            let what = grid.with_value(|g| g.describe(&preview));
            match preview.problem {
                Some(problem) => (false, format!("{what}: not possible. {problem}")),
                None => (
                    true,
                    format!("{what}: free. Drop it, or press Enter, to save."),
                ),
            }
        }
        None => match ui.message.get() {
            Some(Ok(text)) => (true, text),
            Some(Err(text)) => (false, text),
            None => (true, String::new()),
        },
    };
    view! {
        <p class="planner-status" class:problem=move || !text().0 role="status" aria-live="polite">
            {move || text().1}
        </p>
    }
}

struct Block {
    session: Booked,
    summary: Option<SessionSummary>,
    changeable: bool,
}

struct LaneColumn {
    index: usize,
    lane: Lane,
    closed: Vec<(NaiveTime, NaiveTime)>,
    blocks: Vec<Block>,
    first_of_day: bool,
}

#[component]
fn LaneView(
    column: LaneColumn,
    address: PlannerAddress,
    top: NaiveTime,
    body_class: String,
    ui: PlannerUi,
    grid: StoredValue<Grid>,
) -> impl IntoView {
    let LaneColumn {
        index,
        lane,
        closed,
        blocks,
        first_of_day,
    } = column;
    let navigate = leptos_router::hooks::use_navigate();
    let default_start = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(top).max(top);
    let slot = |start| NewSlot {
        date: lane.date,
        start,
        space: lane.space,
    };
    let plan_here = address.with_new(Some(slot(default_start))).href();
    let new_at = {
        let address = address.clone();
        let (date, space) = (lane.date, lane.space);
        move |start| {
            address
                .with_new(Some(NewSlot { date, start, space }))
                .href()
        }
    };
    // A click on empty ground (not on a session) plans a session starting there.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if ev.target() != ev.current_target() {
            return;
        }
        let start = time_at(top, f64::from(ev.offset_y()) - 7.0);
        navigate(&new_at(start), Default::default());
    };
    let closed = closed
        .into_iter()
        .map(|(from, to)| view! { <div class=format!("closed {}", placed(top, from, to)) aria-hidden="true"></div> })
        .collect_view();
    let blocks = blocks
        .into_iter()
        .map(|block| view! { <SessionBlock block lane=index top ui grid /> })
        .collect_view();
    let ghost = move || {
        ui.preview.get().filter(|p| p.lane == index).map(|p| {
            let class = format!(
                "ghost {} {}",
                placed(top, p.proposal.starts_at.time(), p.proposal.ends_at.time()),
                if p.problem.is_some() { "clash" } else { "free" }
            );
            let times = format!(
                "{}–{}",
                clock(p.proposal.starts_at),
                clock(p.proposal.ends_at)
            );
            view! { <div class=class aria-hidden="true">{times}</div> }
        })
    };
    let label = lane.name();
    view! {
        <div class="lane" class:first-of-day=first_of_day role="group" aria-label=label.clone()>
            <div class="lane-header">
                <span class="lane-day">{lane.day_label.clone()}</span>
                <span class="lane-label">{lane.label.clone()}</span>
                <A href=plan_here attr:class="plan-here" attr:aria-label=format!("Plan a session: {label}")>
                    "+ Plan"
                </A>
            </div>
            <div class=format!("lane-body {body_class}") data-lane=index on:click=on_click>
                {closed}
                {blocks}
                {ghost}
            </div>
        </div>
    }
}

#[component]
fn SessionBlock(
    block: Block,
    lane: usize,
    top: NaiveTime,
    ui: PlannerUi,
    grid: StoredValue<Grid>,
) -> impl IntoView {
    let Block {
        session,
        summary,
        changeable,
    } = block;
    let id = session.id;
    let class = format!(
        "block kind-{} {}",
        summary.as_ref().map_or("sport", |s| s.kind.slug()),
        placed(top, session.starts_at.time(), session.ends_at.time())
    );
    let places = summary.as_ref().map(|s| {
        let waiting = (s.waitlisted > 0).then(|| format!(", {} waiting", s.waitlisted));
        format!(
            "{} of {} places{}",
            s.places_taken,
            s.capacity,
            waiting.unwrap_or_default()
        )
    });
    let leads = summary
        .as_ref()
        .map(|s| s.leads.join(", "))
        .filter(|l| !l.is_empty());
    let on_down = move |ev: leptos::ev::PointerEvent| {
        // Touch screens scroll with a finger; they tap through to the session's own form.
        if !changeable || ev.button() != 0 || ev.pointer_type() == "touch" {
            return;
        }
        ev.prevent_default();
        let stretch = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::Element>(t).ok())
            .is_some_and(|e| e.class_list().contains("block-edge"));
        ui.drag.set_value(Some(Drag {
            session: id,
            lane,
            x: ev.client_x(),
            y: ev.client_y(),
            stretch,
            moving: false,
        }));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if !changeable {
            return;
        }
        let key = ev.key();
        let current = ui.preview.get_untracked().filter(|p| p.session == id);
        if let Some((step, lanes_moved)) = nudge(&key, ev.shift_key()) {
            ev.prevent_default();
            let (change, from) = current.map_or((Change::default(), lane), |p| (p.change, p.lane));
            let last = grid.with_value(|g| g.lanes.len().saturating_sub(1));
            let to = (from as i64 + lanes_moved).clamp(0, last as i64) as usize;
            ui.message.set(None);
            ui.preview
                .set(grid.with_value(|g| g.preview(id, to, change + step)));
        } else if key == "Enter" && current.is_some() {
            ev.prevent_default();
            commit(ui, grid, true);
        } else if key == "Escape" && current.is_some() {
            ui.preview.set(None);
            ui.message.set(Some(Ok("Not moved.".into())));
        }
    };
    let moving = move || {
        ui.preview
            .with(|p| p.as_ref().is_some_and(|p| p.session == id))
    };
    // The session just moved by keyboard gets the focus back once it is on the page again, a
    // frame after the redraw so the grid it belongs to is the one on screen.
    let anchor = NodeRef::<leptos::html::A>::new();
    if ui.refocus.get_value() == Some(id) {
        Effect::new(move |_| {
            if let Some(element) = anchor.get() {
                request_animation_frame(move || {
                    if element.focus().is_ok() && ui.refocus.get_value() == Some(id) {
                        ui.refocus.set_value(None);
                    }
                });
            }
        });
    }
    view! {
        <a
            class=class
            class:locked=!changeable
            class:moving=moving
            href=format!("/plan/sessions/{id}")
            draggable="false"
            data-session=id.to_string()
            aria-describedby="planner-keys"
            node_ref=anchor
            on:pointerdown=on_down
            on:keydown=on_key
        >
            <span class="block-time">
                {format!("{}–{}", clock(session.starts_at), clock(session.ends_at))}
            </span>
            <strong class="block-activity">{session.activity.clone()}</strong>
            {leads.map(|leads| view! { <span class="block-leads">{leads}</span> })}
            {places.map(|places| view! { <span class="block-places">{places}</span> })}
            {changeable.then(|| view! { <span class="block-edge" aria-hidden="true"></span> })}
        </a>
    }
}

/// Saves the change being tried, if the rules allow it; otherwise says why not and puts the
/// session back.
fn commit(ui: PlannerUi, grid: StoredValue<Grid>, by_keyboard: bool) {
    let Some(preview) = ui.preview.get_untracked() else {
        return;
    };
    let unchanged = grid.with_value(|g| {
        g.session(preview.session).is_some_and(|s| {
            s.space == preview.proposal.space
                && s.starts_at == preview.proposal.starts_at
                && s.ends_at == preview.proposal.ends_at
        })
    });
    if unchanged {
        ui.preview.set(None);
        return;
    }
    if let Some(problem) = &preview.problem {
        ui.message.set(Some(Err(format!("Not moved. {problem}"))));
        ui.preview.set(None);
        return;
    }
    let said = grid.with_value(|g| format!("Moved: {}.", g.describe(&preview)));
    ui.pending.set_value(Some(said));
    if by_keyboard {
        ui.refocus.set_value(Some(preview.session));
    }
    let proposal = preview.proposal;
    ui.moved.dispatch(MoveSession {
        id: preview.session,
        space: proposal.space,
        date: proposal.starts_at.date(),
        start: proposal.starts_at.time(),
        end: proposal.ends_at.time(),
        // A drag moves one session; "this and following" is on the session's own form.
        scope: EditScope::ThisOnly,
    });
}

/// The lane under a point on the screen, if any.
fn lane_at(x: i32, y: i32) -> Option<usize> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let lane = element.closest("[data-lane]").ok().flatten()?;
    lane.get_attribute("data-lane")?.parse().ok()
}

/// The times in a venue lane when the venue is shut (shaded on the grid).
fn closed_times(
    calendar: &Calendar,
    lane: &Lane,
    top: NaiveTime,
    bottom: NaiveTime,
) -> Vec<(NaiveTime, NaiveTime)> {
    let Some(venue) = lane.space.and_then(|s| calendar.space(s)).map(|s| s.venue) else {
        return Vec::new();
    };
    let mut hours = calendar
        .hours
        .iter()
        .filter(|h| h.venue == venue)
        .peekable();
    if hours.peek().is_none() {
        return Vec::new();
    }
    match hours.find(|h| h.weekday == lane.date.weekday()) {
        None => vec![(top, bottom)],
        Some(day) => [(top, day.opens), (day.closes, bottom)]
            .into_iter()
            .filter(|(from, to)| from < to)
            .collect(),
    }
}
