//! `/retention`: how long each kind of record is kept, what would go today, and the legal holds
//! that stop the clock for one person. The coordinator's (two-step sign-in).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::retention_api::{
    load_retention, LiftLegalHold, PlaceLegalHold, RunRetention, SetRetention,
};
use super::{period_words, ClosedCase, Hold, Period, RetentionOverview, MAX_MONTHS};
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn RetentionPage() -> impl IntoView {
    let set = ServerAction::<SetRetention>::new();
    let place = ServerAction::<PlaceLegalHold>::new();
    let lift = ServerAction::<LiftLegalHold>::new();
    let run = ServerAction::<RunRetention>::new();
    let overview = Resource::new(
        move || {
            (
                set.version().get(),
                place.version().get(),
                lift.version().get(),
                run.version().get(),
            )
        },
        |_| load_retention(),
    );
    view! {
        <Title text="Keeping records" />
        <div class="page-header">
            <h1>"Keeping records"</h1>
            <p class="page-actions">
                <A href="/subject-access" attr:class="button">"Subject access requests"</A>
            </p>
        </div>
        <p class="hint-text">"Records about participants are kept no longer than needed. Every day TurnAround anonymises what has passed its time: names, contact details, notes and free text go; the year of birth, dates, source, coded outcomes and wellbeing scores stay, so the programme's figures still add up. Each record anonymised leaves an entry in the audit log saying so."</p>
        {action_error(set)}
        {action_error(place)}
        {action_error(lift)}
        {action_error(run)}
        {move || run.value().get().and_then(Result::ok).map(|summary| view! {
            <p class="notice" role="status">{summary.words()}</p>
        })}
        {when_loaded(overview, "Loading the schedule…", move |overview| view! {
            <Overview overview set place lift run />
        })}
    }
}

#[component]
fn Overview(
    overview: RetentionOverview,
    set: ServerAction<SetRetention>,
    place: ServerAction<PlaceLegalHold>,
    lift: ServerAction<LiftLegalHold>,
    run: ServerAction<RunRetention>,
) -> impl IntoView {
    let due: i64 = overview.periods.iter().map(|p| p.due_now).sum();
    let last_run = match overview.last_run {
        Some((at, what)) => format!("Last time anything had expired: {at}. {what}"),
        None => "Nothing has expired yet.".into(),
    };
    view! {
        <section class="admin-panel">
            <h2>"How long records are kept"</h2>
            <ul class="admin-list">
                {overview.periods.into_iter().map(|period| view! { <PeriodCard period set /> }).collect_view()}
            </ul>
            <p class="admin-card-meta">{last_run}</p>
            {(due > 0).then(|| view! {
                <ActionForm action=run attr:class="inline-form">
                    <button class="button danger" type="submit">"Anonymise what has expired now"</button>
                </ActionForm>
            })}
        </section>
        <section class="admin-panel">
            <h2>"Legal holds"</h2>
            <p class="hint-text">"A hold keeps everything about one participant past its time — for a court case, a complaint or a request from the police — until it is lifted."</p>
            <Holds holds=overview.holds lift />
            <PlaceHold closed=overview.closed place />
        </section>
    }
}

#[component]
fn PeriodCard(period: Period, set: ServerAction<SetRetention>) -> impl IntoView {
    let kind = period.kind;
    let id = format!("months-{}", kind.slug());
    let due = match period.due_now {
        0 => "Nothing has passed its time.".to_owned(),
        1 => "1 record has passed its time.".to_owned(),
        n => format!("{n} records have passed their time."),
    };
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{kind.label()}</h3>
            <p>{format!("Kept for {}. ", period_words(period.months))}{kind.explains()}</p>
            <p class="admin-card-meta">{due}</p>
            <ActionForm action=set attr:class="period-form">
                <input type="hidden" name="kind" value=kind.slug() />
                <label for=id.clone()>"Months kept"</label>
                <input id=id name="months" type="number" inputmode="numeric" required
                    min=kind.min_months().to_string() max=MAX_MONTHS.to_string()
                    value=period.months.to_string() />
                <button class="button" type="submit">"Save"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Holds(holds: Vec<Hold>, lift: ServerAction<LiftLegalHold>) -> impl IntoView {
    if holds.is_empty() {
        return view! { <p>"No records are on hold."</p> }.into_any();
    }
    view! {
        <ul class="admin-list">
            {holds.into_iter().map(|hold| {
                let label = format!("Lift the hold on {}", hold.name);
                view! {
                    <li class="admin-card">
                        <h3 class="admin-card-title">{hold.name.clone()}</h3>
                        <p>{hold.reason.clone()}</p>
                        <p class="admin-card-meta">{format!("Placed on {} by {}", hold.placed_on.format("%-d %B %Y"), hold.placed_by)}</p>
                        <ActionForm action=lift attr:class="inline-form">
                            <input type="hidden" name="participant" value=hold.participant.to_string() />
                            <button class="button" type="submit" aria-label=label>"Lift the hold"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PlaceHold(closed: Vec<ClosedCase>, place: ServerAction<PlaceLegalHold>) -> impl IntoView {
    if closed.is_empty() {
        return view! { <p class="hint-text">"No closed case is waiting to be anonymised, so there is nothing to hold."</p> }.into_any();
    }
    view! {
        <h3>"Hold a closed case"</h3>
        <ActionForm action=place attr:class="form">
            <label for="hold-participant">"Participant"</label>
            <select id="hold-participant" name="participant" required>
                <option value="">"Choose…"</option>
                {closed.into_iter().map(|case| view! {
                    <option value=case.participant.to_string()>
                        {format!("{} (closed {})", case.name, case.closed_on.format("%-d %B %Y"))}
                    </option>
                }).collect_view()}
            </select>
            <label for="hold-reason">"Why"</label>
            <input id="hold-reason" name="reason" required maxlength="300" />
            <button class="button primary" type="submit">"Place the hold"</button>
        </ActionForm>
    }
    .into_any()
}
