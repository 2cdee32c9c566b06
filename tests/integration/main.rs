//! The integration tests, as one test binary. Every test binary links the whole server, so one
//! binary instead of four saves minutes of linking and gigabytes of disk on a fresh CI machine.

#[macro_use]
mod common;

mod access;
mod access_rows;
mod activity_groups;
mod admin;
mod backup;
mod calendar_feed;
mod case_meetings;
mod claims;
mod database;
mod demo_data;
mod enrolment;
mod fleet;
mod fuzz;
mod invariants;
mod my_calendar;
mod people_admin;
mod plain_pages;
mod planning;
mod plans;
mod referrals;
mod register;
mod reports;
mod retention;
mod series;
mod server;
mod subject_access;
mod ticks;
mod transport;
mod transport_cli;
mod trust;
mod two_servers;
mod upgrade;
mod wellbeing;
