//! `/pickup-points`: where the people carrier collects participants (name, what to look for,
//! position), and the coordinator's own travel times between places, which the travel-time
//! model uses instead of its estimate.

use leptos::prelude::*;
use leptos_meta::Title;

use super::fleet_api::{
    load_places, AddPickupPoint, AddTravelTime, RemoveTravelTime, UpdatePickupPoint,
};
use super::places::{PickupPoint, Place, Places, TravelOverride, MINUTES};
use super::vehicles_page::FleetMenu;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

/// The page's forms; each reloads the lists when answered.
#[derive(Clone, Copy)]
struct Actions {
    add_point: ServerAction<AddPickupPoint>,
    update_point: ServerAction<UpdatePickupPoint>,
    add_time: ServerAction<AddTravelTime>,
    remove_time: ServerAction<RemoveTravelTime>,
}

impl Actions {
    fn version(&self) -> usize {
        self.add_point.version().get()
            + self.update_point.version().get()
            + self.add_time.version().get()
            + self.remove_time.version().get()
    }
}

#[component]
pub fn PickupPointsPage() -> impl IntoView {
    let actions = Actions {
        add_point: ServerAction::new(),
        update_point: ServerAction::new(),
        add_time: ServerAction::new(),
        remove_time: ServerAction::new(),
    };
    let places = Resource::new(move || actions.version(), |_| load_places());
    view! {
        <Title text="Pick-up points" />
        <div class="page-header">
            <h1>"Pick-up points"</h1>
        </div>
        <FleetMenu />
        {when_loaded(places, "Loading pick-up points…", move |places| view! { <PlacesView places actions /> })}
    }
}

#[component]
fn PlacesView(places: Places, actions: Actions) -> impl IntoView {
    let empty = places.points.is_empty();
    let cards = places
        .points
        .iter()
        .cloned()
        .map(|point| view! { <PointCard point actions /> })
        .collect_view();
    view! {
        <p class="hint-text">"Central places the people carrier collects participants from: the landmark is what they look for when they get there."</p>
        {action_error(actions.update_point)}
        {empty.then(|| view! { <p>"No pick-up points yet."</p> })}
        <ul class="admin-list">{cards}</ul>
        <section class="admin-panel">
            <h2>"Add a pick-up point"</h2>
            {action_error(actions.add_point)}
            <ActionForm action=actions.add_point attr:class="form">
                <PointFields point=None />
                <button class="button primary" type="submit">"Add this pick-up point"</button>
            </ActionForm>
        </section>
        <TravelTimes places actions />
    }
}

#[component]
fn PointCard(point: PickupPoint, actions: Actions) -> impl IntoView {
    let maps = point.maps_link();
    let summary = format!("Change {}", point.name);
    view! {
        <li class="admin-card">
            <h2 class="admin-card-title">{point.name.clone()}</h2>
            <p>{point.landmark.clone()}</p>
            {maps.map(|href| view! { <p><a href=href rel="noopener" target="_blank">"Open in maps"</a></p> })}
            <details class="edit-details space-edit">
                <summary>{summary}</summary>
                <ActionForm action=actions.update_point attr:class="form space-form">
                    <input type="hidden" name="id" value=point.id.to_string() />
                    <PointFields point=Some(point) />
                    <button class="button" type="submit">"Save"</button>
                </ActionForm>
            </details>
        </li>
    }
}

/// Name, landmark and position; ids carry the point's id (or "new").
#[component]
fn PointFields(point: Option<PickupPoint>) -> impl IntoView {
    let key = point
        .as_ref()
        .map_or_else(|| "new".to_owned(), |p| p.id.to_string());
    let id = move |field: &str| format!("point-{key}-{field}");
    let text = |get: fn(&PickupPoint) -> String| point.as_ref().map(get).unwrap_or_default();
    view! {
        <label for=id("name")>"Name"</label>
        <input id=id("name") name="name" required maxlength="100" autocomplete="off"
            value=text(|p| p.name.clone()) />
        <label for=id("landmark")>"What to look for there"</label>
        <textarea id=id("landmark") name="landmark" required maxlength="300" rows="2"
            placeholder="Bus shelter outside the station">
            {text(|p| p.landmark.clone())}
        </textarea>
        <div class="field-pair">
            <div>
                <label for=id("latitude")>"Latitude"</label>
                <input id=id("latitude") name="latitude" required inputmode="decimal" autocomplete="off"
                    value=text(|p| p.latitude.to_string()) />
            </div>
            <div>
                <label for=id("longitude")>"Longitude"</label>
                <input id=id("longitude") name="longitude" required inputmode="decimal" autocomplete="off"
                    value=text(|p| p.longitude.to_string()) />
            </div>
        </div>
    }
}

#[component]
fn TravelTimes(places: Places, actions: Actions) -> impl IntoView {
    let empty = places.overrides.is_empty();
    let rows = places
        .overrides
        .iter()
        .cloned()
        .map(|time| view! { <TravelTimeRow time actions /> })
        .collect_view();
    let options = move || {
        let points = places.points.iter().map(|point| {
            view! { <option value=Place::Pickup(point.id).slug()>{point.name.clone()}</option> }
        });
        let venues = places.venues.iter().map(|(id, name)| {
            view! { <option value=Place::Venue(*id).slug()>{name.clone()}</option> }
        });
        view! {
            <option value="">"Choose…"</option>
            <optgroup label="Pick-up points">{points.collect_view()}</optgroup>
            <optgroup label="Venues">{venues.collect_view()}</optgroup>
        }
    };
    view! {
        <h2>"Travel times"</h2>
        <p class="hint-text">"Where the map's estimate is wrong (a slow road, roadworks), type the time it really takes. Each direction is its own: the way back may take longer."</p>
        {action_error(actions.remove_time)}
        {empty.then(|| view! { <p>"None: every journey uses the estimate."</p> })}
        <ul class="admin-list">{rows}</ul>
        <section class="admin-panel">
            <h3>"Add a travel time"</h3>
            {action_error(actions.add_time)}
            <ActionForm action=actions.add_time attr:class="form">
                <label for="travel-from">"From"</label>
                <select id="travel-from" name="from" required>{options.clone()}</select>
                <label for="travel-to">"To"</label>
                <select id="travel-to" name="to" required>{options}</select>
                <label for="travel-minutes">"Minutes"</label>
                <input id="travel-minutes" name="minutes" type="number" inputmode="numeric" required
                    min=MINUTES.start().to_string() max=MINUTES.end().to_string() />
                <button class="button primary" type="submit">"Add this travel time"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TravelTimeRow(time: TravelOverride, actions: Actions) -> impl IntoView {
    let label = format!("Remove {} → {}", time.from_name, time.to_name);
    view! {
        <li class="admin-card">
            <p class="admin-card-title">{time.words()}</p>
            <ActionForm action=actions.remove_time attr:class="inline-form">
                <input type="hidden" name="id" value=time.id.to_string() />
                <button class="button danger" type="submit" aria-label=label>"Remove"</button>
            </ActionForm>
        </li>
    }
}
