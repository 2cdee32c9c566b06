//! `/meetings`: the case meetings, newest first, and (for coordinators) opening the next one;
//! `/meetings/{id}`: a meeting's agenda; `/meetings/{id}/people/{participant}`: one pack. The
//! agenda and packs are drawn on the server (`meeting_html`) with plain forms, so a form
//! refused comes back to its page, which shows the sentence the server kept for it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::meetings_api::{load_agenda, load_meetings, load_pack};
use super::{DrawnPage, MeetingId, Meetings};
use crate::error::AppError;
use crate::people::PersonId;
use crate::ui::error_notice::ErrorNotice;
use crate::ui::loaded::when_loaded;

/// The sentence of a plain form the server refused, kept in the session for this page (never
/// read from the address, where a link could put anyone's words).
#[component]
pub fn FormRefusal(refusal: Option<String>) -> impl IntoView {
    refusal.map(|sentence| view! { <ErrorNotice error=AppError::Invalid(sentence) /> })
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let meetings = Resource::new(|| (), |_| load_meetings());
    view! {
        <Title text="Case meetings" />
        <h1>"Case meetings"</h1>
        {when_loaded(meetings, "Loading the meetings…", |meetings| view! { <MeetingList meetings /> })}
    }
}

#[component]
fn MeetingList(meetings: Meetings) -> impl IntoView {
    let open_form = meetings.runs_meetings.then(|| {
        view! {
            <form method="post" action="/api/open_case_meeting" class="form meeting-form">
                <label for="held_on">"Open a meeting on"</label>
                <input id="held_on" name="held_on" type="date" required value=meetings.today.to_string() />
                <button class="button" type="submit">"Open the meeting"</button>
            </form>
        }
    });
    let rows = meetings
        .meetings
        .into_iter()
        .map(|m| {
            let state = if m.closed { "Closed" } else { "Open" };
            view! {
                <li>
                    <a href=format!("/meetings/{}", m.id)>{m.held_on.format("%A %-d %B %Y").to_string()}</a>
                    {format!(" — {state}; {} came; {} actions", m.attendees, m.actions)}
                </li>
            }
        })
        .collect_view();
    view! {
        <FormRefusal refusal=meetings.refusal />
        {open_form}
        <p class="hint-text">"The app drafts each agenda from the registers, rides, goals and check-ins: who to talk about and why, the actions still open, the referrals since the last meeting."</p>
        <ul class="meeting-list">{rows}</ul>
    }
}

fn id_param(name: &'static str) -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|v| v.parse().ok())))
}

/// An address whose id is not a number: nothing to load, and a 404 like any missing page.
fn not_found(what: &str) -> AppError {
    let error = AppError::NotFound(what.into());
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
    }
    error
}

#[component]
fn Drawn(page: DrawnPage, back: Option<String>) -> impl IntoView {
    view! {
        <Title text=page.title.clone() />
        {back.map(|href| view! { <p><a href=href>"← The agenda"</a></p> })}
        <h1>{page.title}</h1>
        <FormRefusal refusal=page.refusal />
        <div class="case-meeting" inner_html=page.html></div>
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let meeting = id_param("id");
    let page = Resource::new(
        move || meeting.get(),
        |meeting| async move {
            match meeting {
                Some(id) => load_agenda(MeetingId(id)).await,
                None => Err(not_found("that meeting")),
            }
        },
    );
    view! {
        {when_loaded(page, "Drafting the agenda…", move |page| {
            let print = format!("/meetings/{}/print", meeting.get_untracked().unwrap_or_default());
            view! {
                <p><a href="/meetings">"← All meetings"</a></p>
                <Drawn page back=None />
                <p><a class="button" href=print rel="external" target="_blank">"Print the agenda and packs (A4)"</a></p>
            }
        })}
    }
}

#[component]
pub fn PackPage() -> impl IntoView {
    let meeting = id_param("id");
    let participant = id_param("participant");
    let page = Resource::new(
        move || (meeting.get(), participant.get()),
        |ids| async move {
            match ids {
                (Some(meeting), Some(participant)) => {
                    load_pack(MeetingId(meeting), PersonId(participant)).await
                }
                _ => Err(not_found("that pack")),
            }
        },
    );
    view! {
        {when_loaded(page, "Gathering the pack…", move |page| {
            let back = format!("/meetings/{}", meeting.get_untracked().unwrap_or_default());
            view! { <Drawn page back=Some(back) /> }
        })}
    }
}
