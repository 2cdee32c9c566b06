//! TurnAround Scheduler: programme days, venues and seats in the people carrier, for a charity
//! that helps people who have been on the wrong side of the law.
//!
//! One crate, two faces: built with `ssr` it is the server (pages rendered from the database,
//! server functions, SQLite); built with `hydrate` it is the WebAssembly that makes those pages
//! interactive in the browser. The domain modules are plain Rust used by both.

pub mod access;
pub mod accounts;
pub mod activities;
pub mod app;
pub mod calendar_feed;
pub mod case_meetings;
pub mod claims;
pub mod csv_file;
pub mod days_and_times;
pub mod error;
pub mod fleet;
pub mod forms;
pub mod geo;
mod ids;
pub mod keep_apart;
pub mod mileage;
pub mod my_activities;
pub mod people;
pub mod people_admin;
pub mod plans;
pub mod programme;
pub mod referrals;
pub mod reports;
pub mod retention;
pub mod scheduling;
pub mod staff_views;
pub mod subject_access;
pub mod transport;
pub mod ui;
pub mod venues;
pub mod wellbeing;

#[cfg(feature = "ssr")]
pub mod backup;
#[cfg(feature = "ssr")]
pub mod data;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets the browser tests (and curious developers) see that the page is now interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
