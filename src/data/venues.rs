//! `venues`: the same functions on either database; see `sql/venues.rs` for the SQL.

use crate::error::AppError;
use crate::venues::hours::DayHours;
use crate::venues::{SpaceId, VenueDraft, VenueId, VenueRecord, VenueSummary};
use chrono::NaiveDateTime;

use super::{Db, Tx};

/// Every venue with its space names and how many days it has hours for, by name.
pub async fn list(db: &Db) -> Result<Vec<VenueSummary>, AppError> {
    dispatch!(db, venues::list())
}

/// One venue with its spaces (each whole space followed by its parts) and its hours.
pub async fn record(db: &Db, id: VenueId, may_manage: bool) -> Result<VenueRecord, AppError> {
    dispatch!(db, venues::record(id, may_manage))
}

/// Adds a venue, or saves an existing one's details; `None` when there is no such venue.
pub async fn write_venue(
    tx: &mut Tx,
    id: Option<VenueId>,
    draft: &VenueDraft,
) -> Result<Option<VenueId>, AppError> {
    in_tx!(tx, venues::write_venue(id, draft))
}

/// Whether there is such a venue.
pub async fn venue_exists(tx: &mut Tx, venue: VenueId) -> Result<bool, AppError> {
    in_tx!(tx, venues::venue_exists(venue))
}

/// One space's venue, name and the larger space it is part of.
pub async fn space_at(tx: &mut Tx, id: SpaceId) -> Result<Option<SpaceRow>, AppError> {
    in_tx!(tx, venues::space_at(id))
}

/// The names of the spaces that are part of `id`, or `None` when it has no parts.
pub async fn parts_of(tx: &mut Tx, id: SpaceId) -> Result<Option<String>, AppError> {
    in_tx!(tx, venues::parts_of(id))
}

/// The first pair of sessions still to come that would clash if `id` became part of `whole`.
pub async fn overlap_with_whole(
    tx: &mut Tx,
    id: SpaceId,
    whole: SpaceId,
    now: NaiveDateTime,
) -> Result<Option<Overlap>, AppError> {
    in_tx!(tx, venues::overlap_with_whole(id, whole, now))
}

/// Adds a space to `venue` or renames and re-parents `existing`.
pub async fn write_space(
    tx: &mut Tx,
    venue: VenueId,
    existing: Option<SpaceId>,
    name: &str,
    part_of: Option<SpaceId>,
) -> Result<SpaceId, AppError> {
    in_tx!(tx, venues::write_space(venue, existing, name, part_of))
}

/// How many sessions were ever planned in space `id`, and how many are still planned.
pub async fn sessions_in(tx: &mut Tx, id: SpaceId) -> Result<(i64, i64), AppError> {
    in_tx!(tx, venues::sessions_in(id))
}

/// Removes space `id`.
pub async fn delete_space(tx: &mut Tx, id: SpaceId) -> Result<(), AppError> {
    in_tx!(tx, venues::delete_space(id))
}

/// Replaces a venue's opening hours with `week` (empty: always open).
pub async fn replace_hours(tx: &mut Tx, venue: VenueId, week: &[DayHours]) -> Result<(), AppError> {
    in_tx!(tx, venues::replace_hours(venue, week))
}

/// The planned sessions at `venue` still to come that fall outside its opening hours.
pub async fn sessions_outside_hours(
    tx: &mut Tx,
    venue: VenueId,
    now: NaiveDateTime,
) -> Result<Vec<(String, NaiveDateTime, NaiveDateTime)>, AppError> {
    in_tx!(tx, venues::sessions_outside_hours(venue, now))
}

/// A space as a change reads it.
#[derive(sqlx::FromRow)]
pub struct SpaceRow {
    pub venue: VenueId,
    pub name: String,
    pub part_of: Option<SpaceId>,
}

/// Two sessions still to come that would clash if one space became part of another.
#[derive(sqlx::FromRow)]
pub struct Overlap {
    pub activity: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub other_activity: String,
    pub other_space: String,
    pub other_starts_at: NaiveDateTime,
    pub other_ends_at: NaiveDateTime,
}

/// Which space a save is for: a new one at a venue, or an existing one.
#[derive(Debug, Clone, Copy)]
pub enum SpaceTarget {
    New(VenueId),
    Existing(SpaceId),
}
