//! One vehicle's month as a table: the mileage log page and the printed claim form show it.

use leptos::prelude::*;

use super::VehicleLog;

/// One vehicle's month, as a table: shared by the claim form and the mileage log page.
#[component]
pub fn VehicleLogTable(log: VehicleLog) -> impl IntoView {
    let (miles, runs, passengers, aboard) = log.totals;
    let rows = log
        .days
        .iter()
        .map(|day| {
            let reading = |r: Option<i64>| r.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
            view! {
                <tr>
                    <td>{day.date.format("%a %-d %b").to_string()}</td>
                    <td class="number">{reading(day.first_reading)}</td>
                    <td class="number">{reading(day.last_reading)}</td>
                    <td class="number">{day.miles.map(|m| m.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td class="number">{day.runs}</td>
                    <td class="number">{day.passengers}</td>
                    <td class="number">{day.miles_with_passengers}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="vehicle-log">
            <h2>{format!("{}: mileage log", log.vehicle)}</h2>
            <div class="table-scroll">
                <table class="claim-table">
                    <thead>
                        <tr>
                            <th>"Day"</th><th class="number">"First reading"</th><th class="number">"Last reading"</th>
                            <th class="number">"Miles"</th><th class="number">"Runs"</th><th class="number">"Passengers"</th>
                            <th class="number">"Miles with passengers"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th colspan="3">"Month"</th><th class="number">{miles}</th><th class="number">{runs}</th>
                            <th class="number">{passengers}</th><th class="number">{aboard}</th>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}
