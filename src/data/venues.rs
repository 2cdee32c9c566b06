//! `venues`: the same functions on either database; see `sql/venues.rs` for the SQL.

use crate::error::AppError;
use crate::venues::hours::DayHours;
use crate::venues::{SpaceId, VenueDraft, VenueId, VenueRecord, VenueSummary};
use chrono::NaiveDateTime;

use super::Db;

/// Every venue with its space names and how many days it has hours for, by name.
pub async fn list(db: &Db) -> Result<Vec<VenueSummary>, AppError> {
    dispatch!(db, venues::list())
}

/// One venue with its spaces (each whole space followed by its parts) and its hours.
pub async fn record(db: &Db, id: VenueId, may_manage: bool) -> Result<VenueRecord, AppError> {
    dispatch!(db, venues::record(id, may_manage))
}

/// Adds a venue, or saves an existing one's details when `id` is given.
pub async fn save(db: &Db, id: Option<VenueId>, draft: &VenueDraft) -> Result<VenueId, AppError> {
    dispatch!(db, venues::save(id, draft))
}

/// Adds a space or renames one, and sets (or clears) the larger space it is part of. Returns
/// the venue and the space.
///
/// An existing space becoming part of a hall means the two now clash: refused while a session
/// still to come (from `now`) in one overlaps one in the other, as the clash rules would refuse
/// to plan it.
pub async fn save_space(
    db: &Db,
    target: SpaceTarget,
    name: &str,
    part_of: Option<SpaceId>,
    now: NaiveDateTime,
) -> Result<(VenueId, SpaceId), AppError> {
    dispatch!(db, venues::save_space(target, name, part_of, now))
}

/// Removes a space nothing refers to. A space with parts, or with sessions (past ones keep
/// their history), stays, and the refusal says why. Returns its venue.
pub async fn remove_space(db: &Db, id: SpaceId) -> Result<VenueId, AppError> {
    dispatch!(db, venues::remove_space(id))
}

/// Replaces a venue's opening hours with `week` (empty: always open), all at once. Refused,
/// with nothing changed, when a planned session still to come (from `now`) would fall outside
/// them: the database's triggers check sessions, not hours, so this is the only guard.
pub async fn save_hours(
    db: &Db,
    venue: VenueId,
    week: &[DayHours],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    dispatch!(db, venues::save_hours(venue, week, now))
}

/// Which space a save is for: a new one at a venue, or an existing one.
#[derive(Debug, Clone, Copy)]
pub enum SpaceTarget {
    New(VenueId),
    Existing(SpaceId),
}
