//! The keep-apart page: the pairs with their reasons, adding and removing a pair.

use leptos::prelude::*;
use leptos_meta::Title;

use super::keep_apart_api::{load_keep_apart, AddKeepApart, RemoveKeepApart};
use super::{KeepApartList, KeptApart};
use crate::people::PersonId;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn KeepApartPage() -> impl IntoView {
    let add = ServerAction::<AddKeepApart>::new();
    let remove = ServerAction::<RemoveKeepApart>::new();
    let list = Resource::new(
        move || (add.version().get(), remove.version().get()),
        |_| load_keep_apart(),
    );
    view! {
        <Title text="Keep apart" />
        <div class="page-header">
            <h1>"Keep apart"</h1>
        </div>
        <p class="hint-text">
            "People on this list are never booked on the same session. Only coordinators and team leaders see this page and the reasons: anyone else trying to book them together is told “Not possible — ask the coordinator”."
        </p>
        {when_loaded(list, "Loading…", move |list| view! { <KeepApartView list add remove /> })}
    }
}

#[component]
fn KeepApartView(
    list: KeepApartList,
    add: ServerAction<AddKeepApart>,
    remove: ServerAction<RemoveKeepApart>,
) -> impl IntoView {
    let empty = list.pairs.is_empty();
    let pairs = list
        .pairs
        .into_iter()
        .map(|pair| view! { <PairCard pair remove /> })
        .collect_view();
    view! {
        <h2>"Pairs"</h2>
        {action_error(remove)}
        {empty.then(|| view! { <p>"Nobody is kept apart."</p> })}
        <ul class="admin-list">{pairs}</ul>
        <AddPairForm participants=list.participants add />
    }
}

#[component]
fn PairCard(pair: KeptApart, remove: ServerAction<RemoveKeepApart>) -> impl IntoView {
    let since = pair.since.get(..10).unwrap_or_default().to_owned();
    let label = format!("Stop keeping {} and {} apart", pair.name_a, pair.name_b);
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{format!("{} and {}", pair.name_a, pair.name_b)}</h3>
            <p>{pair.reason}</p>
            <p class="admin-card-meta">{format!("Since {since}")}</p>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="person_a" value=pair.person_a.to_string() />
                <input type="hidden" name="person_b" value=pair.person_b.to_string() />
                <button class="button danger" type="submit" aria-label=label>"Remove this pair"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddPairForm(
    participants: Vec<(PersonId, String)>,
    add: ServerAction<AddKeepApart>,
) -> impl IntoView {
    let options = move || {
        participants
            .iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
            .collect_view()
    };
    view! {
        <section class="admin-panel">
            <h2>"Keep two people apart"</h2>
            <p class="hint-text">"Not possible while they are both booked on a session still to come: take one of them off it first."</p>
            {action_error(add)}
            <ActionForm action=add attr:class="form">
                <label for="first">"One person"</label>
                <select id="first" name="first" required>
                    <option value="">"Choose…"</option>
                    {options()}
                </select>
                <label for="second">"The other person"</label>
                <select id="second" name="second" required>
                    <option value="">"Choose…"</option>
                    {options()}
                </select>
                <label for="reason">"Why (only coordinators and team leaders see this)"</label>
                <textarea id="reason" name="reason" required maxlength="500" rows="3"></textarea>
                <button class="button primary" type="submit" disabled=move || add.pending().get()>
                    "Keep them apart"
                </button>
            </ActionForm>
        </section>
    }
}
