//! `/claims/approvals`: the coordinator's and team leader's queue. Claims waiting, oldest first,
//! each readable at a glance (total, lines, receipt thumbnails, the month's miles beside the
//! fuel); approve, or return with a reason; approved claims marked paid together; the month's
//! CSV for the finance software; and the mileage rates table.

use leptos::prelude::*;
use leptos_meta::Title;

use super::claims_api::{
    load_claim_queue, ClaimQueue, DecideClaim, MarkClaimsPaid, SaveMileageRate,
};
use super::money::Pence;
use super::rates::MileageRate;
use super::states::ClaimState;
use super::view::ClaimView;
use super::{ClaimMonth, ExpenseCategory};
use crate::mileage::VehicleLog;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let decide = ServerAction::<DecideClaim>::new();
    let paid = ServerAction::<MarkClaimsPaid>::new();
    let rate = ServerAction::<SaveMileageRate>::new();
    let queue = Resource::new(
        move || {
            (
                decide.version().get(),
                paid.version().get(),
                rate.version().get(),
            )
        },
        |_| load_claim_queue(),
    );
    view! {
        <Title text="Claims to approve" />
        <div class="page-header">
            <h1>"Claims to approve"</h1>
        </div>
        {action_error(decide)}
        {action_error(paid)}
        {when_loaded(queue, "Loading the claims…", move |queue| view! { <Queue queue decide paid rate /> })}
    }
}

#[component]
fn Queue(
    queue: ClaimQueue,
    decide: ServerAction<DecideClaim>,
    paid: ServerAction<MarkClaimsPaid>,
    rate: ServerAction<SaveMileageRate>,
) -> impl IntoView {
    let (waiting, approved): (Vec<ClaimView>, Vec<ClaimView>) = queue
        .claims
        .into_iter()
        .partition(|claim| claim.state == ClaimState::Submitted);
    let logs = queue.logs;
    let today = queue.today;
    let cards = waiting
        .iter()
        .map(|claim| {
            let log = logs
                .iter()
                .find(|(month, _)| *month == claim.month)
                .map(|(_, logs)| logs.clone())
                .unwrap_or_default();
            view! { <ClaimCard claim=claim.clone() log decide /> }
        })
        .collect_view();
    let none_waiting = waiting.is_empty();
    let last_month = ClaimMonth::containing(today).previous().slug();
    view! {
        <h2>{format!("Waiting for a decision ({})", waiting.len())}</h2>
        {none_waiting.then(|| view! { <p>"No claim is waiting."</p> })}
        <ul class="claim-queue">{cards}</ul>
        <PayForm approved paid today=today.format("%Y-%m-%d").to_string() />
        <section class="admin-panel">
            <h2>"Month end"</h2>
            <form class="form inline-form" method="get" action="/claims/export.csv">
                <label for="export-month">"Approved and paid claims of"</label>
                <input id="export-month" type="month" name="month" value=last_month required />
                <button class="button" type="submit">"Download the CSV"</button>
            </form>
            <p class="hint-text">"One row per line, for the finance software. Each download is recorded in the audit log."</p>
        </section>
        <Rates rates=queue.rates rate />
    }
}

#[component]
fn ClaimCard(
    claim: ClaimView,
    log: Vec<VehicleLog>,
    decide: ServerAction<DecideClaim>,
) -> impl IntoView {
    let Some(id) = claim.id else {
        return ().into_any();
    };
    let heading = format!("claim-{id}");
    let fuel: Pence = claim
        .lines
        .iter()
        .filter(|line| line.category == Some(ExpenseCategory::Fuel))
        .map(|line| line.amount)
        .sum();
    let miles: i64 = log.iter().map(|vehicle| vehicle.totals.0).sum();
    let fuel_words = (fuel.0 > 0).then(|| {
        let log = if miles > 0 {
            format!(
                "the vehicles' log shows {miles} miles ({:.1}p a mile)",
                fuel.0 as f64 / miles as f64
            )
        } else {
            "the vehicles' log has no complete day of readings yet".to_owned()
        };
        format!("Fuel {} in {}; {log}.", fuel.words(), claim.month.words())
    });
    let rows = claim
        .lines
        .iter()
        .map(|line| {
            let thumbnail = line.has_receipt.map(|has| {
                if has {
                    let src = format!("/receipts/{}", line.id);
                    let alt = format!("Receipt: {}", line.name());
                    let href = src.clone();
                    view! {
                        <a href=href target="_blank" rel="external">
                            <img class="receipt-thumb" src=src alt=alt loading="lazy" width="64" height="64" />
                        </a>
                    }
                    .into_any()
                } else {
                    view! { <span class="claim-problem">"No receipt"</span> }.into_any()
                }
            });
            view! {
                <tr>
                    <td>{line.date.format("%-d %b").to_string()}</td>
                    <td>{line.category.map_or("Journey", ExpenseCategory::short)}</td>
                    <td>{if line.description.is_empty() { "—".to_owned() } else { line.description.clone() }}{line.priced_as.clone().map(|p| view! { <br /><span class="hint-text">{p}</span> })}</td>
                    <td class="number">{line.amount.words()}</td>
                    <td>{thumbnail}</td>
                </tr>
            }
        })
        .collect_view();
    let labelled_by = heading.clone();
    view! {
        <li class="admin-card claim-card" aria-labelledby=labelled_by>
            <h3 class="admin-card-title" id=heading>
                {format!("{} — {}", claim.claimant, claim.month.words())}
            </h3>
            <p class="claim-total">{claim.standing.clone()}</p>
            <div class="table-scroll">
                <table class="claim-table">
                    <thead><tr><th>"Date"</th><th>"What"</th><th>"Detail"</th><th class="number">"Amount"</th><th>"Receipt"</th></tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr><th colspan="3">"Total"</th><th class="number">{claim.total.words()}</th><th></th></tr></tfoot>
                </table>
            </div>
            {fuel_words.map(|words| view! { <p class="hint-text">{words}</p> })}
            <p><a href=format!("/claims/{id}/print") rel="external">"Printable claim form"</a></p>
            <div class="claim-decision">
                <ActionForm action=decide attr:class="inline-form">
                    <input type="hidden" name="claim" value=id.to_string() />
                    <input type="hidden" name="decision" value="approve" />
                    <button class="button primary" type="submit">{format!("Approve {}", claim.total.words())}</button>
                </ActionForm>
                <ActionForm action=decide attr:class="form claim-return">
                    <input type="hidden" name="claim" value=id.to_string() />
                    <input type="hidden" name="decision" value="return" />
                    <label for=format!("reason-{id}")>"Or return it, saying what to put right"</label>
                    <input id=format!("reason-{id}") name="reason" maxlength="500" required />
                    <button class="button" type="submit">"Return"</button>
                </ActionForm>
            </div>
        </li>
    }
    .into_any()
}

#[component]
fn PayForm(
    approved: Vec<ClaimView>,
    paid: ServerAction<MarkClaimsPaid>,
    today: String,
) -> impl IntoView {
    if approved.is_empty() {
        return ().into_any();
    }
    let rows = approved
        .iter()
        .filter_map(|claim| claim.id.map(|id| (id, claim)))
        .map(|(id, claim)| {
            let label = format!("{} — {}, {}", claim.claimant, claim.month.words(), claim.total.words());
            let field = format!("pay-{id}");
            view! {
                <li class="day-boxes">
                    <input type="checkbox" id=field.clone() name="claims[]" value=id.to_string() checked />
                    <label for=field>{label}</label>
                    " "
                    <a href=format!("/claims/{id}/print") rel="external">"Claim form"</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h2>{format!("Approved, waiting to be paid ({})", approved.len())}</h2>
            <ActionForm action=paid attr:class="form">
                <ul class="admin-list">{rows}</ul>
                <label for="paid-on">"Paid on"</label>
                <input id="paid-on" type="date" name="paid_on" value=today.clone() max=today required />
                <button class="button primary" type="submit">"Mark the ticked claims paid"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn Rates(rates: Vec<MileageRate>, rate: ServerAction<SaveMileageRate>) -> impl IntoView {
    let rows = rates
        .iter()
        .rev()
        .map(|r| view! { <li>{format!("From {}: {}", r.starts_on.format("%-d %B %Y"), r.words())}</li> })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h2>"Mileage rates for own-car journeys"</h2>
            <ul class="admin-list">{rows}</ul>
            <p class="hint-text">"A journey is paid at the rate in force on its date. Claims already sent keep their amounts."</p>
            {action_error(rate)}
            <ActionForm action=rate attr:class="form">
                <label for="rate-from">"Takes effect on"</label>
                <input id="rate-from" type="date" name="starts_on" required />
                <label for="rate-pence">"Pence a mile"</label>
                <input id="rate-pence" name="pence_per_mile" inputmode="numeric" required />
                <label for="rate-threshold">"After this many miles in a tax year"</label>
                <input id="rate-threshold" name="threshold_miles" inputmode="numeric" value="10000" required />
                <label for="rate-after">"Pence a mile after that"</label>
                <input id="rate-after" name="pence_after" inputmode="numeric" required />
                <button class="button" type="submit">"Save the rate"</button>
            </ActionForm>
        </section>
    }
}
