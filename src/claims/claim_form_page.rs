//! `/claims/{id}/print`: the claim form as finance files it, on one A4 page (the print
//! stylesheet hides the app around it): the claimant's lines and total, who approved it and when,
//! and the month's vehicle log beside the fuel.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::claims_api::{load_claim, ClaimForm};
use super::export::receipt_reference;
use super::ClaimId;
use super::ExpenseCategory;
use crate::mileage::log_table::VehicleLogTable;
use crate::ui::loaded::when_loaded;

#[component]
pub fn ClaimFormPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let form = Resource::new(id, |id| load_claim(ClaimId(id.unwrap_or(0))));
    view! {
        <Title text="Claim form" />
        {when_loaded(form, "Loading the claim…", |form| view! { <Form form /> })}
    }
}

#[component]
fn Form(form: ClaimForm) -> impl IntoView {
    let ClaimForm {
        claim,
        logs,
        programme,
    } = form;
    let rows = claim
        .lines
        .iter()
        .map(|line| {
            view! {
                <tr>
                    <td>{line.date.format("%d/%m/%Y").to_string()}</td>
                    <td>{line.category.map_or("Mileage", ExpenseCategory::short)}</td>
                    <td>{line.description.clone()}</td>
                    <td class="number">{line.distance.map(|d| d.plain()).unwrap_or_default()}</td>
                    <td>{line.priced_as.clone().unwrap_or_default()}</td>
                    <td>{line.has_receipt.filter(|has| *has).map(|_| receipt_reference(line.id.0))}</td>
                    <td class="number">{line.amount.words()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="claim-form-sheet">
            <p class="print-only-hint hint-text">"Print this page (Ctrl+P) for the A4 claim form."</p>
            <h1>{format!("Expense claim — {}", claim.month.words())}</h1>
            <dl class="details">
                <dt>"Programme"</dt><dd>{programme}</dd>
                <dt>"Claimant"</dt><dd>{claim.claimant.clone()}</dd>
                <dt>"State"</dt><dd>{claim.standing.clone()}</dd>
                <dt>"Approved by"</dt><dd>{claim.approved_by.clone().unwrap_or_else(|| "Not yet approved".into())}</dd>
            </dl>
            <table class="claim-table">
                <thead>
                    <tr><th>"Date"</th><th>"Category"</th><th>"Description"</th><th class="number">"Miles"</th><th>"Rate"</th><th>"Receipt"</th><th class="number">"Amount"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th colspan="6">"Total"</th><th class="number">{claim.total.words()}</th></tr></tfoot>
            </table>
            <h2>"History"</h2>
            <ul>{claim.history.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
            {logs.into_iter().map(|log| view! { <VehicleLogTable log /> }).collect_view()}
            <p class="signature-line">"Claimant's signature: ______________________    Approver's signature: ______________________"</p>
        </article>
    }
}
