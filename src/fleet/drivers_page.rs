//! `/drivers`: each driver's licence expiry and DBS renewal dates, with a warning 30 days ahead
//! and a plain "cannot be given a run" once one has run out; the dates are changed here.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

use super::documents::{day_words, DriverDocuments, DriverList, DriverSummary, WARN_DAYS_AHEAD};
use super::fleet_api::{load_drivers, SaveDriverDocuments};
use super::vehicles_page::FleetMenu;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn DriversPage() -> impl IntoView {
    let save = ServerAction::<SaveDriverDocuments>::new();
    let list = Resource::new(move || save.version().get(), |_| load_drivers());
    view! {
        <Title text="Drivers" />
        <div class="page-header">
            <h1>"Drivers"</h1>
        </div>
        <FleetMenu />
        <p class="hint-text">
            {format!("A licence or DBS check running out within {WARN_DAYS_AHEAD} days is flagged; once one has run out the driver cannot be given a run. Someone gets the driver role on the People pages.")}
        </p>
        {action_error(save)}
        {when_loaded(list, "Loading drivers…", move |list| view! { <Drivers list save /> })}
    }
}

#[component]
fn Drivers(list: DriverList, save: ServerAction<SaveDriverDocuments>) -> impl IntoView {
    let empty = list.drivers.is_empty();
    let today = day_words(list.today);
    let cards = list
        .drivers
        .into_iter()
        .map(|driver| view! { <DriverCard driver save /> })
        .collect_view();
    view! {
        <p class="admin-card-meta">{format!("As of today, {today}.")}</p>
        {empty.then(|| view! { <p>"Nobody has the driver role yet."</p> })}
        <ul class="admin-list">{cards}</ul>
    }
}

#[component]
fn DriverCard(driver: DriverSummary, save: ServerAction<SaveDriverDocuments>) -> impl IntoView {
    let status = driver.status.map_or("expired", |status| status.slug());
    let notes = driver
        .notes
        .iter()
        .map(|(status, sentence)| {
            view! { <li class=format!("document document-{}", status.slug())>{sentence.clone()}</li> }
        })
        .collect_view();
    let key = driver.person_id.to_string();
    let licence_id = format!("licence-{key}");
    let dbs_id = format!("dbs-{key}");
    let date = |get: fn(&DriverDocuments) -> NaiveDate| {
        driver
            .documents
            .map(|documents| get(&documents).format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let (licence, dbs) = (date(|d| d.licence_expires_on), date(|d| d.dbs_renews_on));
    let summary = format!("Change {}'s dates", driver.name);
    view! {
        <li class=format!("admin-card driver-{status}")>
            <h2 class="admin-card-title">{driver.name.clone()}</h2>
            <ul class="document-notes">{notes}</ul>
            <details class="edit-details space-edit">
                <summary>{summary}</summary>
                <ActionForm action=save attr:class="form space-form">
                    <input type="hidden" name="person" value=key />
                    <label for=licence_id.clone()>"Driving licence valid until"</label>
                    <input id=licence_id type="date" name="licence_expires_on" required
                        value=licence />
                    <label for=dbs_id.clone()>"DBS check due for renewal on"</label>
                    <input id=dbs_id type="date" name="dbs_renews_on" required
                        value=dbs />
                    <button class="button" type="submit">"Save dates"</button>
                </ActionForm>
            </details>
        </li>
    }
}
