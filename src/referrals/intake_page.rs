//! `/referrals`: the coordinator's intake queue, open referrals longest waiting first; and
//! `/referrals/new`, a referral that came by phone, email or letter, typed in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::refer_page::{PersonFields, ReferrerFields};
use super::referrals_api::{load_referrals, AddReferral, ReferralQueue};
use super::{ReferralSummary, Source};
use crate::ui::actions::{action_error, go_on_success};
use crate::ui::loaded::when_loaded;

#[component]
pub fn IntakePage() -> impl IntoView {
    let query = use_query_map();
    let closed = move || query.with(|q| q.get("closed").unwrap_or_default());
    let queue = Resource::new(closed, load_referrals);
    view! {
        <Title text="Referrals" />
        <div class="page-header">
            <h1>"Referrals"</h1>
            <p class="page-actions">
                <A href="/referrals/new" attr:class="button primary">"Add a referral"</A>
                <A href="/referrals/partners" attr:class="button">"Partner links"</A>
                <A href="/retention" attr:class="button">"Keeping records"</A>
            </p>
        </div>
        {when_loaded(queue, "Loading referrals…", |queue| view! { <Queue queue /> })}
    }
}

#[component]
fn Queue(queue: ReferralQueue) -> impl IntoView {
    let ReferralQueue {
        referrals, closed, ..
    } = queue;
    let switch = if closed {
        view! { <A href="/referrals">"Show the open referrals"</A> }.into_any()
    } else {
        view! { <A href="/referrals?closed=yes">"Show the closed referrals"</A> }.into_any()
    };
    let heading = if closed {
        "Closed referrals"
    } else {
        "Waiting and in progress, longest waiting first"
    };
    let empty = referrals.is_empty().then(|| {
        view! { <p>{if closed { "No referral has been closed yet." } else { "No referrals are waiting." }}</p> }
    });
    view! {
        <p>{switch}</p>
        <h2>{heading}</h2>
        {empty}
        <ul class="admin-list referral-list">
            {referrals.into_iter().map(|referral| view! { <ReferralCard referral /> }).collect_view()}
        </ul>
    }
}

/// Where a referral came from, in a few words.
pub fn came_from(source: Source, organisation: Option<&str>) -> String {
    match organisation {
        Some(organisation) => format!("{} · {organisation}", source.label()),
        None => source.label().to_owned(),
    }
}

#[component]
fn ReferralCard(referral: ReferralSummary) -> impl IntoView {
    let status_class = format!("status-badge referral-{}", referral.status.slug());
    let waited = match referral.days_waiting {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        days => format!("{days} days ago"),
    };
    let received = format!(
        "Received {} ({waited})",
        referral.received_on.format("%-d %B %Y")
    );
    let status = match referral.close_reason {
        Some(reason) => format!("Closed: {}", reason.label()),
        None => referral.status.label().to_owned(),
    };
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">
                <A href=format!("/referrals/{}", referral.id)>{referral.name.clone()}</A>
                " "
                <span class=status_class>{status}</span>
            </h3>
            <p>{came_from(referral.source, referral.organisation.as_deref())}</p>
            <p class="admin-card-meta">{received}</p>
            {(!referral.eligibility.is_empty()).then(|| view! {
                <p class="notice notice-warning">{format!("Check eligibility: {}", referral.eligibility.join(" "))}</p>
            })}
        </li>
    }
}

/// `/referrals/new`: a referral typed in by staff.
#[component]
pub fn NewReferralPage() -> impl IntoView {
    let add = ServerAction::<AddReferral>::new();
    go_on_success(add, |id| format!("/referrals/{id}"));
    let sources = Source::ALL
        .into_iter()
        .map(|source| view! { <option value=source.slug()>{source.label()}</option> })
        .collect_view();
    view! {
        <Title text="Add a referral" />
        <section class="narrow">
            <h1>"Add a referral"</h1>
            <p class="hint-text">"For a referral that came by phone, email or letter. Partner agencies can refer through their own link instead (Referrals → Partner links)."</p>
            {action_error(add)}
            <ActionForm action=add attr:class="form">
                <label for="source">"Who sent it"</label>
                <select id="source" name="source" required>
                    <option value="">"Choose…"</option>
                    {sources}
                </select>
                <label for="organisation">"Their organisation (leave blank for a self-referral)"</label>
                <input id="organisation" name="organisation" maxlength="120" />
                <h2>"The person referred"</h2>
                <PersonFields />
                <h2>"The referrer, and consent"</h2>
                <ReferrerFields />
                <button class="button primary" type="submit">"Add the referral"</button>
            </ActionForm>
        </section>
    }
}
