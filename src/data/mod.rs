//! All SQL lives here, as plain `async fn(&Db, …)` functions that pages and server functions call.
//! Nothing outside this folder names a table, so a PostgreSQL backend means a second `data` module,
//! not a rewrite of the pages.

pub mod accounts;
pub mod activities;
pub mod activity_groups;
pub mod audit;
pub mod calendar_feeds;
pub mod database;
pub mod demo;
pub mod enrolment;
pub mod fleet;
pub mod keep_apart;
pub mod my_calendar;
pub mod people;
pub mod people_edits;
pub mod pickup_lists;
pub mod places;
pub mod planning;
pub mod register;
pub mod rosters;
pub mod runs;
pub mod schedule;
pub mod series;
pub mod session_detail;
pub mod settings;
pub mod venues;
mod words;

pub use database::{migrate, open, ping, Db, StartupError};
