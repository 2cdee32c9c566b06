//! `keep_apart`: the same functions on either database; see `sql/keep_apart.rs` for the SQL.

use crate::error::AppError;
use crate::keep_apart::{KeepApartList, PairDraft};
use crate::people::PersonId;
use chrono::{NaiveDate, NaiveDateTime};

use super::{Db, Tx};

/// Every pair with its reason, and the active participants to choose a new pair from.
pub async fn list(db: &Db) -> Result<KeepApartList, AppError> {
    dispatch!(db, keep_apart::list())
}

/// The display names of those of `a` and `b` who are participants.
pub async fn participant_names(
    tx: &mut Tx,
    a: PersonId,
    b: PersonId,
) -> Result<Vec<(PersonId, String)>, AppError> {
    in_tx!(tx, keep_apart::participant_names(a, b))
}

/// Whether the pair (`a` < `b`) is on the list.
pub async fn is_listed(tx: &mut Tx, a: PersonId, b: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, keep_apart::is_listed(a, b))
}

/// The first scheduled session, ending after `now`, that both hold a place on (or wait for):
/// its activity's name, start and end.
pub async fn next_session_together(
    tx: &mut Tx,
    a: PersonId,
    b: PersonId,
    now: NaiveDateTime,
) -> Result<Option<(String, NaiveDateTime, NaiveDateTime)>, AppError> {
    in_tx!(tx, keep_apart::next_session_together(a, b, now))
}

/// Puts the pair on the list.
pub async fn insert(tx: &mut Tx, pair: &PairDraft) -> Result<(), AppError> {
    in_tx!(tx, keep_apart::insert(pair))
}

/// Takes the pair (`a` < `b`) off the list; false when it was not on it.
pub async fn delete(tx: &mut Tx, a: PersonId, b: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, keep_apart::delete(a, b))
}

/// The days from `from` on when `a` and `b` ride one run.
pub async fn days_riding_together(
    tx: &mut Tx,
    a: PersonId,
    b: PersonId,
    from: NaiveDate,
) -> Result<Vec<NaiveDate>, AppError> {
    in_tx!(tx, keep_apart::days_riding_together(a, b, from))
}
