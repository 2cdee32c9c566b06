//! Storage only the demo programme uses; the demo itself is `crate::demo`.

use crate::error::AppError;
use crate::people::{PersonId, Role};

use super::{Db, Tx};

/// Whether the database holds no programme data at all.
pub async fn holds_no_programme(tx: &mut Tx) -> Result<bool, AppError> {
    in_tx!(tx, demo::holds_no_programme())
}

/// Marks the database as demo, so every page says so.
pub async fn mark_as_demo(tx: &mut Tx) -> Result<(), AppError> {
    in_tx!(tx, demo::mark_as_demo())
}

/// Gives a demo account its password hash and, with `totp_secret`, two-step sign-in on.
pub async fn give_sign_in(
    tx: &mut Tx,
    person: PersonId,
    password_hash: &str,
    totp_secret: Option<&str>,
) -> Result<(), AppError> {
    in_tx!(tx, demo::give_sign_in(person, password_hash, totp_secret))
}

/// The demo drivers, first added first.
pub async fn driver_ids(db: &Db) -> Result<Vec<PersonId>, AppError> {
    dispatch!(db, demo::driver_ids())
}

/// One demo sign-in name for each role, for the start-up message: (role, sign-in name).
pub async fn sign_in_names(db: &Db) -> Result<Vec<(Role, String)>, AppError> {
    dispatch!(db, demo::sign_in_names())
}
