//! "This week": the programme's sessions day by day, for staff planning the week.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::session::{ProgrammeDay, SessionStatus, SessionSummary, WeekProgramme};
use super::week::{is_weekend, Week};
use super::week_api::load_week;
use crate::ui::error_notice::PageError;

/// How often an open week page asks the server for changes.
#[cfg(feature = "hydrate")]
const REFRESH_EVERY_MS: u32 = 60_000;

#[component]
pub fn WeekPage() -> impl IntoView {
    let query = use_query_map();
    // None: no week asked for; Some(Err): asked for one we cannot read.
    let requested = Memo::new(move |_| query.with(|q| q.get("week").map(|w| Week::parse(&w))));
    let programme = Resource::new(move || requested.get().and_then(Result::ok), load_week);

    // Re-read every minute while open, so a colleague's change shows up without a reload.
    #[cfg(feature = "hydrate")]
    crate::ui::refresh::every(REFRESH_EVERY_MS, || false, move || programme.refetch());

    view! {
        <Title text="This week" />
        {move || {
            requested
                .get()
                .and_then(Result::err)
                .map(|error| {
                    view! {
                        <p class="notice notice-error" role="alert">
                            {error.to_string()}
                            " Showing this week instead."
                        </p>
                    }
                })
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading the programme…"</p> }>
            {move || Suspend::new(async move {
                match programme.await {
                    Ok(programme) => view! { <WeekView programme /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn week_href(week: Week) -> String {
    format!("/?week={}", week.monday())
}

#[component]
fn WeekView(programme: WeekProgramme) -> impl IntoView {
    let week = programme.week;
    let this_week = Week::containing(programme.today);
    let heading = if week == this_week {
        "This week".to_string()
    } else if week == this_week.next() {
        "Next week".to_string()
    } else if week == this_week.previous() {
        "Last week".to_string()
    } else {
        format!("Week of {}", week.monday().format("%-d %B"))
    };
    let total = programme
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Scheduled)
        .count();
    let days = programme
        .days()
        .into_iter()
        // Weekends are shown only when something is on.
        .filter(|day| !day.sessions.is_empty() || !is_weekend(day.date))
        .map(|day| day_view(day, programme.today))
        .collect_view();

    view! {
        {programme.is_demo.then(|| view! {
            <p class="demo-banner">
                <strong>"Demo data."</strong>
                " Every person and session here is made up."
            </p>
        })}
        <div class="week-header">
            <div>
                <h1>{heading}</h1>
                <p class="week-dates">{week.label()}</p>
            </div>
            <nav class="week-switcher" aria-label="Choose a week">
                <a class="button" href=week_href(week.previous()) rel="prev">
                    <span aria-hidden="true">"← "</span>
                    "Previous week"
                </a>
                {(week != this_week).then(|| view! {
                    <a class="button" href=week_href(this_week)>"This week"</a>
                })}
                <a class="button" href=week_href(week.next()) rel="next">
                    "Next week"
                    <span aria-hidden="true">" →"</span>
                </a>
            </nav>
        </div>
        <p class="week-summary">
            {match total {
                0 => "No sessions planned.".to_string(),
                1 => "1 session planned.".to_string(),
                n => format!("{n} sessions planned."),
            }}
        </p>
        <div class="days">{days}</div>
    }
}

fn day_view(day: ProgrammeDay<'_>, today: NaiveDate) -> impl IntoView + use<> {
    let is_today = day.date == today;
    let heading_id = format!("day-{}", day.date);
    let labelled_by = heading_id.clone();
    let sessions = if day.sessions.is_empty() {
        view! { <p class="nothing-planned">"Nothing planned."</p> }.into_any()
    } else {
        let cards = day.sessions.into_iter().map(session_card).collect_view();
        view! { <ul class="sessions" role="list">{cards}</ul> }.into_any()
    };
    view! {
        <section
            class="day"
            class:today=is_today
            class:past=day.date < today
            aria-labelledby=labelled_by
        >
            <h2 id=heading_id>
                {day.date.format("%A %-d %B").to_string()}
                {is_today.then(|| view! { <span class="today-badge">"Today"</span> })}
            </h2>
            {sessions}
        </section>
    }
}

fn session_card(session: &SessionSummary) -> impl IntoView + use<> {
    let cancelled = session.status == SessionStatus::Cancelled;
    let leads = if session.leads.is_empty() {
        "Lead to be confirmed".to_string()
    } else {
        format!("Led by {}", session.leads.join(" and "))
    };
    let places = format!(
        "{} of {} places taken",
        session.places_taken, session.capacity
    );
    let fullness = if session.places_left() == 0 {
        "full"
    } else {
        "open"
    };
    view! {
        <li class=format!("session kind-{}", session.kind.slug()) class:cancelled=cancelled>
            <p class="session-time">{session.time_range()}</p>
            <h3 class="session-activity">{session.activity.clone()}</h3>
            <p class="session-place">{format!("{} · {}", session.venue, session.space)}</p>
            <p class="session-leads">{leads}</p>
            {if cancelled {
                view! {
                    <p class="session-status">
                        <strong>"Cancelled"</strong>
                        {session.cancel_reason.clone().map(|reason| format!(": {reason}"))}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class=format!("session-places {fullness}")>
                        {places}
                        {(session.waitlisted > 0)
                            .then(|| format!(", {} waiting", session.waitlisted))}
                    </p>
                }
                    .into_any()
            }}
        </li>
    }
}
