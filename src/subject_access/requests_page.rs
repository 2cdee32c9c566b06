//! `/subject-access`: subject access requests — registering one, how long is left on each, the
//! pack to download (one HTML file with the same data as JSON inside), and marking it answered.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::subject_access_api::{load_requests, AnswerSubjectAccess, RegisterSubjectAccess};
use super::{due_words, HowReceived, Request, Requests};
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn SubjectAccessPage() -> impl IntoView {
    let register = ServerAction::<RegisterSubjectAccess>::new();
    let answer = ServerAction::<AnswerSubjectAccess>::new();
    let requests = Resource::new(
        move || (register.version().get(), answer.version().get()),
        |_| load_requests(),
    );
    view! {
        <Title text="Subject access requests" />
        <p><A href="/retention">"← Keeping records"</A></p>
        <h1>"Subject access requests"</h1>
        <p class="hint-text">"A participant can ask for a copy of everything the programme holds about them, and must have it within one calendar month. Register the request the day it arrives, then download the pack and read it through before sending it: notes and free text are as staff wrote them and can mention other people. Anything you withhold, take out of the JSON block at the end of the file too. Then mark it answered. Every download is written to the audit log."</p>
        {action_error(register)}
        {action_error(answer)}
        {when_loaded(requests, "Loading requests…", move |requests| view! { <List requests register answer /> })}
    }
}

#[component]
fn List(
    requests: Requests,
    register: ServerAction<RegisterSubjectAccess>,
    answer: ServerAction<AnswerSubjectAccess>,
) -> impl IntoView {
    let today = requests.today;
    let list = if requests.requests.is_empty() {
        view! { <p>"No requests yet."</p> }.into_any()
    } else {
        view! {
            <ul class="admin-list">
                {requests.requests.into_iter().map(|request| view! { <RequestCard request today answer /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let people = requests
        .participants
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    let hows = HowReceived::ALL
        .into_iter()
        .map(|how| view! { <option value=how.slug()>{how.label()}</option> })
        .collect_view();
    view! {
        {list}
        <section class="admin-panel">
            <h2>"Register a request"</h2>
            <ActionForm action=register attr:class="form">
                <label for="sar-participant">"Who it is from"</label>
                <select id="sar-participant" name="participant" required>
                    <option value="">"Choose…"</option>
                    {people}
                </select>
                <label for="sar-received">"The day it arrived"</label>
                <input id="sar-received" name="received_on" type="date" required value=today.to_string() max=today.to_string() />
                <label for="sar-how">"How it arrived"</label>
                <select id="sar-how" name="how" required>{hows}</select>
                <button class="button primary" type="submit">"Register the request"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RequestCard(
    request: Request,
    today: chrono::NaiveDate,
    answer: ServerAction<AnswerSubjectAccess>,
) -> impl IntoView {
    let state = match request.answered_on {
        Some(on) => format!("Answered on {}", on.format("%-d %B %Y")),
        None => due_words(request.due_on, today),
    };
    let late = request.answered_on.is_none() && request.due_on < today;
    let download = format!("/subject-access/{}/download", request.id);
    let label = format!("Mark the request from {} answered", request.name);
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{request.name.clone()}</h3>
            <p>{format!("Received {} · {}", request.received_on.format("%-d %B %Y"), request.how.label())}</p>
            <p class="admin-card-meta" class:late=late>{state}</p>
            <p>
                <a class="button" href=download rel="external" download="">"Download everything held"</a>
            </p>
            {request.answered_on.is_none().then(|| view! {
                <ActionForm action=answer attr:class="inline-form">
                    <input type="hidden" name="id" value=request.id.to_string() />
                    <button class="button" type="submit" aria-label=label>"Mark answered"</button>
                </ActionForm>
            })}
        </li>
    }
}
