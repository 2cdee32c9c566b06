//! `places`: the same functions on either database; see `sql/places.rs` for the SQL.

use crate::error::AppError;
use crate::fleet::places::{
    OverrideDraft, PickupPoint, PickupPointDraft, TravelOverride, TravelOverrideId,
};
use crate::transport::PickupPointId;
use crate::venues::VenueId;

use super::Db;

/// Every pick-up point, by name.
pub async fn pickup_points(db: &Db) -> Result<Vec<PickupPoint>, AppError> {
    dispatch!(db, places::pickup_points())
}

/// Every venue's id and name, by name: the other kind of place a journey starts or ends at.
pub async fn venue_names(db: &Db) -> Result<Vec<(VenueId, String)>, AppError> {
    dispatch!(db, places::venue_names())
}

/// Adds a pick-up point, or saves an existing one when `id` is given.
pub async fn save_pickup_point(
    db: &Db,
    id: Option<PickupPointId>,
    draft: &PickupPointDraft,
) -> Result<PickupPointId, AppError> {
    dispatch!(db, places::save_pickup_point(id, draft))
}

/// Every travel time the coordinator typed in, with the places' names, in name order.
pub async fn travel_overrides(db: &Db) -> Result<Vec<TravelOverride>, AppError> {
    dispatch!(db, places::travel_overrides())
}

/// Records a travel time from one place to another. One per ordered pair: a second for the
/// same pair is refused, naming the one already there.
pub async fn add_travel_override(
    db: &Db,
    draft: &OverrideDraft,
) -> Result<TravelOverrideId, AppError> {
    dispatch!(db, places::add_travel_override(draft))
}

/// Removes one travel time; the model's estimate applies to that pair again.
pub async fn remove_travel_override(db: &Db, id: TravelOverrideId) -> Result<(), AppError> {
    dispatch!(db, places::remove_travel_override(id))
}
