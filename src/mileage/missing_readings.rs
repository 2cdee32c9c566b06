//! "Tuesday's return run has no end reading.": the runs still missing a reading, listed on the
//! driver's pick-up list (each a link to that day's list, where the reading goes in) and on the
//! transport board (links to the mileage log) until they are filled in or explained.

use leptos::prelude::*;

use super::mileage_api::load_missing_readings;
use super::MissingReading;

/// Where a missing reading is put right from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedFrom {
    /// The driver's own list for the run's day.
    DriverList,
    /// The coordinator's mileage log for the run's month.
    MileageLog,
}

#[component]
pub fn MissingReadings(fixed_from: FixedFrom) -> impl IntoView {
    let missing = Resource::new(|| (), |_| load_missing_readings());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = missing.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! { <Listed list fixed_from /> })
            })}
        </Transition>
    }
}

#[component]
fn Listed(list: Vec<MissingReading>, fixed_from: FixedFrom) -> impl IntoView {
    let items = list
        .into_iter()
        .map(|missing| {
            let href = match fixed_from {
                FixedFrom::DriverList => format!("/driver?date={}", missing.date),
                FixedFrom::MileageLog => format!("/mileage?month={}", missing.date.format("%Y-%m")),
            };
            view! { <li><a href=href>{missing.words}</a></li> }
        })
        .collect_view();
    view! {
        <section class="notice missing-readings no-print" aria-labelledby="missing-readings">
            <h2 id="missing-readings">"Odometer readings missing"</h2>
            <ul>{items}</ul>
        </section>
    }
}
