//! `keep_apart`: the same functions on either database; see `sql/keep_apart.rs` for the SQL.

use crate::error::AppError;
use crate::keep_apart::{KeepApartList, PairDraft};
use crate::people::PersonId;
use chrono::NaiveDateTime;

pub use super::audit::Actor;
use super::Db;

/// Every pair with its reason, and the active participants to choose a new pair from.
pub async fn list(db: &Db) -> Result<KeepApartList, AppError> {
    dispatch!(db, keep_apart::list())
}

/// Keeps a pair apart. Refused while they are both on a session still to come (from `now`):
/// the list promises they are never on one session, so they must be separated first.
///
/// Nor do they share a vehicle: any day from `now` on when the two ride one run (to two
/// sessions at the same venue) is planned again in the same transaction, with the pair kept
/// apart. Seats locked by hand stay; whoever cannot be given a seat now waits on the board with
/// the reason. Transport is worked out, not promised, so it follows rather than refuses.
pub async fn add(
    db: &Db,
    pair: &PairDraft,
    now: NaiveDateTime,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    dispatch!(db, keep_apart::add(pair, now, actor))
}

/// Takes a pair off the list (in either order).
pub async fn remove(
    db: &Db,
    first: PersonId,
    second: PersonId,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    dispatch!(db, keep_apart::remove(first, second, actor))
}
