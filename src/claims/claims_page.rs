//! `/claims`: the claimant's month. Served without the app's WebAssembly (`ui::plain_pages`),
//! for a driver on a phone: every button is a plain form; `public/plain-page.js` sends the
//! journey and send forms in place, and `public/claim-form.js` sends an expense with its photo
//! (made smaller on the phone first), keeping what was typed when the signal drops.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::claims_api::{load_my_claim, AddJourney, MyClaim, RemoveClaimLine, SendClaim};
use super::receipt_file::MAX_RECEIPT_BYTES;
use super::view::{ClaimView, LineView};
use super::ExpenseCategory;
use crate::ui::actions::action_error;
use crate::ui::error_notice::PageError;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month").unwrap_or_default());
    let claim = Resource::new(month, load_my_claim);
    let add_journey = ServerAction::<AddJourney>::new();
    let remove = ServerAction::<RemoveClaimLine>::new();
    let send = ServerAction::<SendClaim>::new();
    view! {
        <Title text="My expenses" />
        <div class="claim-page" data-answers-here="">
            <h1>"My expenses"</h1>
            {action_error(add_journey)}
            {action_error(remove)}
            {action_error(send)}
            <Transition fallback=|| view! { <p class="loading">"Loading your claim…"</p> }>
                {move || Suspend::new(async move {
                    match claim.await {
                        Ok(mine) => view! { <Claim mine add_journey remove send /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Claim(
    mine: MyClaim,
    add_journey: ServerAction<AddJourney>,
    remove: ServerAction<RemoveClaimLine>,
    send: ServerAction<SendClaim>,
) -> impl IntoView {
    let MyClaim {
        claim,
        today,
        approver,
        refusal,
    } = mine;
    let month = claim.month;
    // A new line is dated today in this month, or on the month's last day for a month gone by.
    let default_date = if month.contains(today) {
        today
    } else {
        month.last_day().min(today)
    };
    let default_date = default_date.format("%Y-%m-%d").to_string();
    let (min_date, max_date) = (
        month.0.format("%Y-%m-%d").to_string(),
        month.last_day().min(today).format("%Y-%m-%d").to_string(),
    );
    let previous = format!("/claims?month={}", month.previous().slug());
    let next = (month.next().0 <= today).then(|| format!("/claims?month={}", month.next().slug()));
    let may_edit = claim.may_edit;
    let state_class = format!("claim-standing claim-{}", claim.state.slug());
    view! {
        {refusal.map(|sentence| view! {
            <p class="notice notice-error" role="alert">{format!("Not saved: {sentence}")}</p>
        })}
        <nav class="month-switcher" aria-label="Months">
            <a href=previous rel="external">"← Earlier month"</a>
            <h2>{month.words()}</h2>
            {next.map(|next| view! { <a href=next rel="external">"Later month →"</a> })}
        </nav>
        <p class=state_class role="status">{claim.standing.clone()}</p>
        {approver.then(|| view! {
            <p class="claim-links">
                <a href="/claims/approvals">"Claims to approve"</a>
                " · "
                <a href="/mileage">"Mileage log"</a>
            </p>
        })}
        <Lines claim=claim.clone() remove />
        {may_edit.then(|| view! {
            <SendForm claim=claim.clone() send />
            <ExpenseForm default_date=default_date.clone() min_date=min_date.clone() max_date=max_date.clone() />
            <JourneyForm add_journey default_date min_date max_date />
        })}
        {(!claim.history.is_empty()).then(|| view! {
            <h2>"What happened"</h2>
            <ul class="claim-history">
                {claim.history.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Lines(claim: ClaimView, remove: ServerAction<RemoveClaimLine>) -> impl IntoView {
    if claim.lines.is_empty() {
        return view! { <p class="hint-text">"Nothing on this month's claim yet."</p> }.into_any();
    }
    let may_edit = claim.may_edit;
    let lines = claim
        .lines
        .iter()
        .map(|line| view! { <LineCard line=line.clone() may_edit remove /> })
        .collect_view();
    view! {
        <ul class="claim-lines">{lines}</ul>
        <p class="claim-total">"Total: " <strong>{claim.total.words()}</strong></p>
    }
    .into_any()
}

#[component]
fn LineCard(
    line: LineView,
    may_edit: bool,
    remove: ServerAction<RemoveClaimLine>,
) -> impl IntoView {
    let heading = format!("line-{}", line.id);
    let name = line.name();
    let detail = match (&line.priced_as, line.category) {
        (Some(priced), None) => priced.clone(),
        _ => line
            .category
            .map(|c| c.label().to_owned())
            .unwrap_or_default(),
    };
    let receipt = line.has_receipt.map(|has| {
        if has {
            view! { <a class="receipt-link" href=format!("/receipts/{}", line.id) rel="external" target="_blank">"Receipt photo"</a> }.into_any()
        } else {
            view! { <span class="claim-problem">"No receipt photo yet"</span> }.into_any()
        }
    });
    let label = format!("Remove {name}");
    let labelled_by = heading.clone();
    view! {
        <li class="claim-line" aria-labelledby=labelled_by>
            <div class="claim-line-main">
                <h3 id=heading>{name}</h3>
                <p>{line.description.clone()}</p>
                <p class="claim-line-detail">{detail}</p>
                {receipt}
            </div>
            <p class="claim-amount">{line.amount.words()}</p>
            {may_edit.then(|| view! {
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="line" value=line.id.to_string() />
                    <input type="hidden" name="month" value=line.date.format("%Y-%m").to_string() />
                    <button class="button" type="submit" aria-label=label>"Remove"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn SendForm(claim: ClaimView, send: ServerAction<SendClaim>) -> impl IntoView {
    let ready = claim.send_problems.is_empty();
    view! {
        <section class="claim-send">
            {(!ready && !claim.lines.is_empty()).then(|| view! {
                <ul class="claim-problems">
                    {claim.send_problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                </ul>
            })}
            {ready.then(|| view! {
                <ActionForm action=send>
                    <input type="hidden" name="month" value=claim.month.slug() />
                    <button class="button primary" type="submit">
                        {format!("Send {} for approval ({})", claim.month.words(), claim.total.words())}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}

/// A plain multipart form: it works with JavaScript off, and `claim-form.js` sends it in place.
#[component]
fn ExpenseForm(default_date: String, min_date: String, max_date: String) -> impl IntoView {
    let categories = ExpenseCategory::ALL
        .into_iter()
        .map(|c| view! { <option value=c.slug()>{c.label()}</option> })
        .collect_view();
    view! {
        <section class="admin-panel claim-add" aria-labelledby="add-expense">
            <h2 id="add-expense">"Add an expense"</h2>
            <form class="form" method="post" action="/claims/expense" enctype="multipart/form-data"
                data-claim-form="" data-max-bytes=MAX_RECEIPT_BYTES.to_string()>
                <input type="hidden" name="form_key" value="" />
                <label for="expense-photo">"Photo of the receipt"</label>
                <input id="expense-photo" type="file" name="photo" accept="image/*" capture="environment" required />
                <label for="expense-category">"What it was for"</label>
                <select id="expense-category" name="category" required>{categories}</select>
                <label for="expense-amount">"Amount (£)"</label>
                <input id="expense-amount" name="amount" inputmode="decimal" autocomplete="off" required
                    pattern="£?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\\.[0-9]{1,2})?" placeholder="4.50" />
                <label for="expense-date">"Date"</label>
                <input id="expense-date" type="date" name="date" value=default_date min=min_date max=max_date required />
                <label for="expense-description">"Note (optional for all but “Something else”)"</label>
                <input id="expense-description" name="description" maxlength="200" autocomplete="off" />
                <p class="claim-form-status" role="status" aria-live="polite"></p>
                <button class="button primary" type="submit">"Add the expense"</button>
            </form>
        </section>
    }
}

#[component]
fn JourneyForm(
    add_journey: ServerAction<AddJourney>,
    default_date: String,
    min_date: String,
    max_date: String,
) -> impl IntoView {
    view! {
        <section class="admin-panel claim-add" aria-labelledby="add-journey">
            <h2 id="add-journey">"Add a journey in your own car"</h2>
            <p class="hint-text">"Paid by the mile at the rate in force on the day. The people carrier's miles are the programme's, not claimed here."</p>
            <ActionForm action=add_journey attr:class="form">
                <label for="journey-date">"Date"</label>
                <input id="journey-date" type="date" name="date" value=default_date min=min_date max=max_date required />
                <label for="journey-from">"From"</label>
                <input id="journey-from" name="from" maxlength="100" required />
                <label for="journey-to">"To"</label>
                <input id="journey-to" name="to" maxlength="100" required />
                <label for="journey-purpose">"Why you went"</label>
                <input id="journey-purpose" name="purpose" maxlength="200" required />
                <label for="journey-miles">"Miles"</label>
                <input id="journey-miles" name="miles" inputmode="decimal" required placeholder="12.5" />
                <button class="button primary" type="submit">"Add the journey"</button>
            </ActionForm>
        </section>
    }
}
