//! `/referrals/{id}`: one referral whole, for the coordinator (each view is written to the audit
//! log): the person, the referrer and consent, the history with who took each step, the days
//! to first contact and first session, and the next steps — contacted, assessed, accepted onto
//! the programme (a new participant, or one already known), closed with a reason, or reopened.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::intake_page::came_from;
use super::referrals_api::{load_referral, AcceptReferral, MoveReferral};
use super::status::{CloseReason, ReferralStatus};
use super::{ReferralDetail, ReferralId};
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn ReferralPage() -> impl IntoView {
    let id = move || {
        use_params_map()
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .map(ReferralId)
            .unwrap_or(ReferralId(0))
    };
    let change = ServerAction::<MoveReferral>::new();
    let accept = ServerAction::<AcceptReferral>::new();
    let referral = Resource::new(
        move || (id(), change.version().get(), accept.version().get()),
        |(id, _, _)| load_referral(id),
    );
    view! {
        <Title text="Referral" />
        <p><A href="/referrals">"← Referrals"</A></p>
        {action_error(change)}
        {action_error(accept)}
        {when_loaded(referral, "Loading the referral…", move |referral| view! { <Referral referral change accept /> })}
    }
}

fn date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn days(days: Option<i64>, what: &str) -> String {
    match days {
        Some(1) => format!("1 day to {what}"),
        Some(n) => format!("{n} days to {what}"),
        None => format!("No {what} yet"),
    }
}

#[component]
fn Referral(
    referral: ReferralDetail,
    change: ServerAction<MoveReferral>,
    accept: ServerAction<AcceptReferral>,
) -> impl IntoView {
    let summary = referral.summary.clone();
    let status = summary.status;
    let optional = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    let facts = vec![
        (
            "Came from",
            came_from(summary.source, summary.organisation.as_deref()),
        ),
        (
            "Referrer",
            format!(
                "{} ({})",
                optional(&referral.referrer_name),
                optional(&referral.referrer_contact)
            ),
        ),
        ("Received", date(summary.received_on)),
        (
            "Date of birth",
            referral.born_on.map(date).unwrap_or_else(|| "—".into()),
        ),
        ("Phone", optional(&referral.phone)),
        ("Email", optional(&referral.email)),
        ("Town or area", optional(&referral.town)),
        (
            "Lives in the area",
            if referral.in_area {
                "Yes".into()
            } else {
                "No".into()
            },
        ),
        (
            "Consent",
            format!(
                "{}, {}",
                referral.consent_how.label(),
                date(referral.consent_on)
            ),
        ),
        ("May be told back", referral.share_back.label().to_owned()),
    ];
    let history = referral
        .history
        .iter()
        .map(|step| {
            let what = match step.close_reason {
                Some(reason) => format!("Closed: {}", reason.label()),
                None => step.status.label().to_owned(),
            };
            let by = step
                .by
                .clone()
                .unwrap_or_else(|| "the referral form".into());
            let note = step
                .note
                .clone()
                .map(|note| format!(" — {note}"))
                .unwrap_or_default();
            view! { <li>{format!("{}: {what}, by {by}{note}", date(step.on_date))}</li> }
        })
        .collect_view();
    let id = summary.id;
    view! {
        <h1>{summary.name.clone()}</h1>
        <p class=format!("status-badge referral-{}", status.slug())>{match summary.close_reason {
            Some(reason) => format!("Closed: {}", reason.label()),
            None => status.label().to_owned(),
        }}</p>
        {(!summary.eligibility.is_empty()).then(|| view! {
            <p class="notice notice-warning">{format!("Check eligibility: {}", summary.eligibility.join(" "))}</p>
        })}
        <dl class="facts">
            {facts.into_iter().map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> }).collect_view()}
        </dl>
        {referral.reason.clone().map(|reason| view! { <h2>"Why they were referred"</h2><p class="free-text">{reason}</p> })}
        {referral.participant.clone().map(|(person, name)| view! {
            <p>"On the programme as " <A href=format!("/people/{person}")>{name}</A> "."</p>
        })}
        <h2>"So far"</h2>
        <p>{days(referral.days_to_first_contact, "first contact")} " · " {days(referral.days_to_first_session, "first session")}</p>
        <ol class="referral-history">{history}</ol>
        <NextSteps referral change accept id />
    }
}

#[component]
fn NextSteps(
    referral: ReferralDetail,
    change: ServerAction<MoveReferral>,
    accept: ServerAction<AcceptReferral>,
    id: ReferralId,
) -> impl IntoView {
    let status = referral.summary.status;
    if status == ReferralStatus::Closed {
        return view! {
            <section class="admin-panel">
                <h2>"Reopen"</h2>
                <ActionForm action=change attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="to" value="reopen" />
                    <label for="note">"Why it is reopened (kept in its history)"</label>
                    <textarea id="note" name="note" required maxlength="500" rows="2"></textarea>
                    <button class="button" type="submit">"Reopen the referral"</button>
                </ActionForm>
            </section>
        }
        .into_any();
    }
    let step = |to: ReferralStatus, label: &'static str| {
        (status < to).then(|| {
            view! {
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="to" value=to.slug() />
                    <button class="button" type="submit">{label}</button>
                </ActionForm>
            }
        })
    };
    let matches = referral.possible_matches.clone();
    let accepted = referral.participant.is_some();
    let reasons = CloseReason::ALL
        .into_iter()
        .map(|reason| view! { <option value=reason.slug()>{reason.label()}</option> })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h2>"Next step"</h2>
            <div class="button-row">
                {step(ReferralStatus::Contacted, "We have been in touch")}
                {step(ReferralStatus::Assessed, "Assessment done")}
            </div>
            {(!accepted).then(|| view! {
                <ActionForm action=accept attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="existing">"Accept onto the programme as"</label>
                    <select id="existing" name="existing">
                        <option value="">"A new participant (from these details)"</option>
                        {matches.iter().map(|(person, name)| view! {
                            <option value=person.to_string()>{format!("{name}, already known")}</option>
                        }).collect_view()}
                    </select>
                    <button class="button primary" type="submit">"Accept"</button>
                </ActionForm>
            })}
            <ActionForm action=change attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="to" value="closed" />
                <label for="reason">"Close the referral because"</label>
                <select id="reason" name="reason" required>
                    <option value="">"Choose a reason…"</option>
                    {reasons}
                </select>
                <button class="button danger" type="submit">"Close"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
