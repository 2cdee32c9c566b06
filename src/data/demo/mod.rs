//! Loads the fictional demo programme, only ever into an empty database.

pub(crate) mod content;

pub use content::{participant_username, DEMO_PASSWORD, DEMO_TOTP_SECRET};

use crate::error::AppError;
use crate::people::{PersonId, Role};
use chrono::NaiveDate;

use super::Db;

/// Writes the demo programme's rows when the database holds no programme data at all, and marks
/// the database as demo so every page says so. Its transport is planned afterwards by
/// `crate::demo::load_if_empty`, through the coordinator's own use cases. Sessions run from the Monday of `today`'s week to two
/// weeks after `today`. The emptiness check and the load are one write transaction, so two
/// servers starting together cannot both load it, and real data is never mixed with demo data.
///
/// Every demo person gets an account whose password hashes to `password_hash` (the hash of
/// [`DEMO_PASSWORD`], computed once by the caller: hashing is deliberately slow).
pub async fn insert_if_empty(
    db: &Db,
    today: NaiveDate,
    password_hash: &str,
) -> Result<DemoOutcome, AppError> {
    dispatch!(db, demo::load_if_empty(today, password_hash))
}

/// The demo drivers, first added first.
pub async fn driver_ids(db: &Db) -> Result<Vec<PersonId>, AppError> {
    dispatch!(db, demo::driver_ids())
}

/// One demo sign-in name for each role, for the start-up message: (role, sign-in name).
pub async fn sign_in_names(db: &Db) -> Result<Vec<(Role, String)>, AppError> {
    dispatch!(db, demo::sign_in_names())
}

/// What loading the demo programme did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded {
        people: usize,
        sessions: usize,
    },
    /// The database already holds a programme; nothing was written.
    SkippedNotEmpty,
}
