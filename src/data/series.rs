//! `series`: the same functions on either database; see `sql/series.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::clash::Proposal;
use crate::scheduling::series::{EditScope, SeriesId};
use crate::scheduling::session::{SessionId, SessionStatus};
use chrono::NaiveDateTime;

use super::{Db, Tx};

/// A new, empty series for the occurrences about to be written.
pub async fn new_series(tx: &mut Tx) -> Result<SeriesId, AppError> {
    in_tx!(tx, series::new_series())
}

/// Writes checked moves: each session to its proposal's space and times (see `sql/series.rs`
/// for why they are set aside first).
pub async fn place(tx: &mut Tx, proposals: &[Proposal]) -> Result<(), AppError> {
    in_tx!(tx, series::place(proposals))
}

/// Does `person` lead session `id` and every other session the change reaches? Tutors and
/// mentors change only what they lead, so "this and following" needs every one of them.
pub async fn leads_all(
    db: &Db,
    id: SessionId,
    scope: EditScope,
    person: PersonId,
) -> Result<bool, AppError> {
    dispatch!(db, series::leads_all(id, scope, person))
}

/// Where a session stands before a change: planned or cancelled, and when it starts.
pub struct Anchor {
    pub status: SessionStatus,
    pub starts_at: NaiveDateTime,
}

/// The session a change starts from, if it exists.
pub async fn anchor(tx: &mut Tx, id: SessionId) -> Result<Option<Anchor>, AppError> {
    in_tx!(tx, series::anchor(id))
}

/// The sessions a change to `id` reaches, `id` first, then the rest in start order.
pub async fn in_scope(
    tx: &mut Tx,
    id: SessionId,
    scope: EditScope,
) -> Result<Vec<(SessionId, NaiveDateTime)>, AppError> {
    in_tx!(tx, series::in_scope(id, scope))
}
