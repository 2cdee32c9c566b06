//! The venues list and "Add a venue". One venue's own page is in [`super::venue_page`].

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::hours::open_days_text;
use super::venues_api::{list_venues, AddVenue};
use super::{VenueList, VenueRecord};
use crate::ui::actions::{action_error, go_on_success};
use crate::ui::loaded::when_loaded;

#[component]
pub fn VenuesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_venues());
    view! {
        <Title text="Venues" />
        {when_loaded(list, "Loading venues…", |list| view! { <VenueCards list /> })}
    }
}

#[component]
fn VenueCards(list: VenueList) -> impl IntoView {
    let empty = list.venues.is_empty();
    let cards = list
        .venues
        .into_iter()
        .map(|venue| {
            view! {
                <li class="admin-card">
                    <h2 class="admin-card-title">
                        <A href=format!("/venues/{}", venue.id)>{venue.name}</A>
                    </h2>
                    <p>{venue.address}</p>
                    <p class="admin-card-meta">
                        {venue.spaces.map_or_else(|| "No spaces yet".to_owned(), |s| format!("Spaces: {s}"))}
                    </p>
                    <p class="admin-card-meta">{open_days_text(venue.open_days)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="page-header">
            <h1>"Venues"</h1>
            {list.may_manage.then(|| view! { <A href="/venues/new" attr:class="button primary">"Add a venue"</A> })}
        </div>
        {empty.then(|| view! { <p>"No venues yet."</p> })}
        <ul class="admin-list">{cards}</ul>
    }
}

/// Name, address, position and access notes: the fields "Add a venue" and its edit form share.
#[component]
pub fn VenueFields(#[prop(optional)] venue: Option<VenueRecord>) -> impl IntoView {
    let text = |get: fn(&VenueRecord) -> String| venue.as_ref().map(get).unwrap_or_default();
    view! {
        <label for="name">"Name"</label>
        <input id="name" name="name" required maxlength="100" autocomplete="off"
            value=text(|v| v.name.clone()) />
        <label for="address">"Address"</label>
        <textarea id="address" name="address" required maxlength="300" rows="2">
            {text(|v| v.address.clone())}
        </textarea>
        <p class="hint-text" id="position-hint">
            "Where the people carrier goes: a map app shows a place's latitude and longitude (St Albans is about 51.75 and -0.33)."
        </p>
        <div class="field-pair">
            <div>
                <label for="latitude">"Latitude"</label>
                <input id="latitude" name="latitude" required inputmode="decimal" autocomplete="off"
                    aria-describedby="position-hint" value=text(|v| v.latitude.to_string()) />
            </div>
            <div>
                <label for="longitude">"Longitude"</label>
                <input id="longitude" name="longitude" required inputmode="decimal" autocomplete="off"
                    aria-describedby="position-hint" value=text(|v| v.longitude.to_string()) />
            </div>
        </div>
        <label for="access_notes">"Access notes (optional): parking, the gate code's keeper, step-free way in"</label>
        <textarea id="access_notes" name="access_notes" maxlength="1000" rows="3">
            {text(|v| v.access_notes.clone().unwrap_or_default())}
        </textarea>
    }
}

#[component]
pub fn NewVenuePage() -> impl IntoView {
    let action = ServerAction::<AddVenue>::new();
    go_on_success(action, |id| format!("/venues/{id}"));
    view! {
        <Title text="Add a venue" />
        <section class="narrow">
            <h1>"Add a venue"</h1>
            <p>"Add its spaces and opening hours on the next page."</p>
            {action_error(action)}
            <ActionForm action attr:class="form">
                <VenueFields />
                <button class="button primary" type="submit" disabled=move || action.pending().get()>
                    "Add this venue"
                </button>
            </ActionForm>
            <p class="form-footer"><A href="/venues">"Back to the venues"</A></p>
        </section>
    }
}
