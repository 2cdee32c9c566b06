//! `/mileage`: each vehicle's month from the drivers' odometer readings, and the runs whose
//! readings do not follow on, for the coordinator to explain or correct (corrections audited).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::log_table::VehicleLogTable;
use super::mileage_api::{load_mileage_log, AnswerOdometerFlag, MileageLogPage};
use super::FlaggedRun;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn MileagePage() -> impl IntoView {
    let query = use_query_map();
    let answer = ServerAction::<AnswerOdometerFlag>::new();
    let page = Resource::new(
        move || {
            (
                query.with(|q| q.get("month").unwrap_or_default()),
                answer.version().get(),
            )
        },
        |(month, _)| load_mileage_log(month),
    );
    view! {
        <Title text="Mileage log" />
        <div class="page-header">
            <h1>"Mileage log"</h1>
        </div>
        {action_error(answer)}
        {when_loaded(page, "Loading the log…", move |page| view! { <Log page answer /> })}
    }
}

#[component]
fn Log(page: MileageLogPage, answer: ServerAction<AnswerOdometerFlag>) -> impl IntoView {
    let month = page.month;
    let next =
        (month.next().0 <= page.today).then(|| format!("/mileage?month={}", month.next().slug()));
    let flags: Vec<FlaggedRun> = page.logs.iter().flat_map(|log| log.flags.clone()).collect();
    let open: Vec<FlaggedRun> = flags.iter().filter(|f| f.note.is_none()).cloned().collect();
    let answered: Vec<FlaggedRun> = flags.into_iter().filter(|f| f.note.is_some()).collect();
    let empty = page.logs.is_empty();
    view! {
        <nav class="month-switcher" aria-label="Months">
            <a href=format!("/mileage?month={}", month.previous().slug())>"← Earlier month"</a>
            <h2>{month.words()}</h2>
            {next.map(|next| view! { <a href=next>"Later month →"</a> })}
        </nav>
        {empty.then(|| view! { <p>"No runs were driven this month."</p> })}
        {(!open.is_empty()).then(|| view! {
            <section class="admin-panel">
                <h2>{format!("To look at ({})", open.len())}</h2>
                <ul class="admin-list">
                    {open.into_iter().map(|flag| view! { <FlagCard flag answer /> }).collect_view()}
                </ul>
            </section>
        })}
        {page.logs.into_iter().map(|log| view! { <VehicleLogTable log /> }).collect_view()}
        {(!answered.is_empty()).then(|| view! {
            <h2>"Explained or corrected"</h2>
            <ul class="admin-list">
                {answered.into_iter().map(|flag| view! {
                    <li class="admin-card">
                        <p>{flag.words.clone()}</p>
                        <p class="admin-card-meta">{flag.note.clone().unwrap_or_default()}</p>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn FlagCard(flag: FlaggedRun, answer: ServerAction<AnswerOdometerFlag>) -> impl IntoView {
    let id = flag.run.0;
    let reading = |r: Option<i64>| r.map(|r| r.to_string()).unwrap_or_default();
    view! {
        <li class="admin-card">
            <p class="admin-card-title">{flag.words.clone()}</p>
            <ActionForm action=answer attr:class="form">
                <input type="hidden" name="run" value=id.to_string() />
                <label for=format!("note-{id}")>"Why, or what was corrected"</label>
                <input id=format!("note-{id}") name="note" maxlength="500" required />
                <div class="field-pair">
                    <div>
                        <label for=format!("start-{id}")>"Start reading"</label>
                        <input id=format!("start-{id}") name="start" inputmode="numeric" value=reading(flag.start) />
                    </div>
                    <div>
                        <label for=format!("end-{id}")>"End reading"</label>
                        <input id=format!("end-{id}") name="end" inputmode="numeric" value=reading(flag.end) />
                    </div>
                </div>
                <fieldset class="day-boxes">
                    <legend>"The readings"</legend>
                    <label><input type="radio" name="correct" value="no" checked />" are right as they are"</label>
                    <label><input type="radio" name="correct" value="yes" />" should be the ones above"</label>
                </fieldset>
                <button class="button primary" type="submit">"Save"</button>
            </ActionForm>
        </li>
    }
}
