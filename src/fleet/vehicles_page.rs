//! `/fleet`: the vehicles, each with its seats and available days, adding and changing them.
//! Also the small menu the three fleet pages share. Plain forms that work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::fleet_api::{load_fleet, AddVehicle, UpdateVehicle};
use super::{Fleet, Vehicle, WeekdaySet, SEATS, WHEELCHAIR_SPACES};
use crate::days_and_times::{day_slug, WEEK};
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

/// The links between the fleet pages, under each page's heading.
#[component]
pub fn FleetMenu() -> impl IntoView {
    view! {
        <nav aria-label="Fleet and places" class="sub-nav">
            <A href="/fleet">"Vehicles"</A>
            <A href="/drivers">"Drivers"</A>
            <A href="/pickup-points">"Pick-up points"</A>
        </nav>
    }
}

#[component]
pub fn FleetPage() -> impl IntoView {
    let add = ServerAction::<AddVehicle>::new();
    let update = ServerAction::<UpdateVehicle>::new();
    let fleet = Resource::new(
        move || (add.version().get(), update.version().get()),
        |_| load_fleet(),
    );
    view! {
        <Title text="Vehicles" />
        <div class="page-header">
            <h1>"Vehicles"</h1>
        </div>
        <FleetMenu />
        {when_loaded(fleet, "Loading vehicles…", move |fleet| view! { <Vehicles fleet add update /> })}
    }
}

#[component]
fn Vehicles(
    fleet: Fleet,
    add: ServerAction<AddVehicle>,
    update: ServerAction<UpdateVehicle>,
) -> impl IntoView {
    let empty = fleet.vehicles.is_empty();
    let cards = fleet
        .vehicles
        .into_iter()
        .map(|vehicle| {
            let summary = format!("Change {}", vehicle.name);
            view! {
                <li class="admin-card">
                    <h2 class="admin-card-title">{vehicle.name.clone()}</h2>
                    <p><span class="tag">{vehicle.registration.clone()}</span></p>
                    <p>{vehicle.capacity_words()}</p>
                    <p class="admin-card-meta">{format!("Available: {}", vehicle.available_days.words())}</p>
                    <details class="edit-details space-edit">
                        <summary>{summary}</summary>
                        <ActionForm action=update attr:class="form space-form">
                            <input type="hidden" name="id" value=vehicle.id.to_string() />
                            <VehicleFields vehicle=Some(vehicle) />
                            <button class="button" type="submit">"Save"</button>
                        </ActionForm>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="hint-text">"Seats include the driver's. Runs are only planned on the days a vehicle is available."</p>
        {action_error(update)}
        {empty.then(|| view! { <p>"No vehicles yet."</p> })}
        <ul class="admin-list">{cards}</ul>
        <section class="admin-panel">
            <h2>"Add a vehicle"</h2>
            {action_error(add)}
            <ActionForm action=add attr:class="form">
                <VehicleFields vehicle=None />
                <button class="button primary" type="submit" disabled=move || add.pending().get()>
                    "Add this vehicle"
                </button>
            </ActionForm>
        </section>
    }
}

/// The fields adding and changing a vehicle share; ids carry the vehicle's id (or "new") so
/// each label finds its own field on a page of several forms.
#[component]
fn VehicleFields(vehicle: Option<Vehicle>) -> impl IntoView {
    let key = vehicle
        .as_ref()
        .map_or_else(|| "new".to_owned(), |v| v.id.to_string());
    let id = move |field: &str| format!("vehicle-{key}-{field}");
    let text = |get: fn(&Vehicle) -> String, default: &str| {
        vehicle.as_ref().map_or_else(|| default.to_owned(), get)
    };
    let days = vehicle
        .as_ref()
        .map_or(WeekdaySet::WEEKDAYS, |v| v.available_days);
    let boxes = WEEK
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("days[{i}]") value=day_slug(day) checked=days.contains(day) />
                    {format!("{day}")}
                </label>
            }
        })
        .collect_view();
    view! {
        <label for=id("name")>"Name"</label>
        <input id=id("name") name="name" required maxlength="100" autocomplete="off"
            value=text(|v| v.name.clone(), "") />
        <label for=id("registration")>"Registration"</label>
        <input id=id("registration") name="registration" required maxlength="10" autocomplete="off"
            value=text(|v| v.registration.clone(), "") />
        <div class="field-pair">
            <div>
                <label for=id("seats")>"Seats, including the driver's"</label>
                <input id=id("seats") name="seats" type="number" inputmode="numeric" required
                    min=SEATS.start().to_string() max=SEATS.end().to_string()
                    value=text(|v| v.seats_including_driver.to_string(), "8") />
            </div>
            <div>
                <label for=id("wheelchair")>"Wheelchair spaces"</label>
                <input id=id("wheelchair") name="wheelchair_spaces" type="number" inputmode="numeric" required
                    min=WHEELCHAIR_SPACES.start().to_string() max=WHEELCHAIR_SPACES.end().to_string()
                    value=text(|v| v.wheelchair_spaces.to_string(), "0") />
            </div>
        </div>
        <fieldset class="day-boxes">
            <legend>"Available on"</legend>
            {boxes}
        </fieldset>
    }
}
