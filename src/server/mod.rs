//! The HTTP server: configuration, shared state, start-up and shutdown. Server builds only.

pub mod clock;
pub mod config;
mod health;
mod startup;
pub mod state;

pub use startup::run;
