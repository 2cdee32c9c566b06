//! `places`: the same functions on either database; see `sql/places.rs` for the SQL.

use crate::error::AppError;
use crate::fleet::places::{
    OverrideDraft, PickupPoint, PickupPointDraft, Place, TravelOverride, TravelOverrideId,
};
use crate::transport::PickupPointId;
use crate::venues::VenueId;

use super::{Db, Tx};

/// Every pick-up point, by name.
pub async fn pickup_points(db: &Db) -> Result<Vec<PickupPoint>, AppError> {
    dispatch!(db, places::pickup_points())
}

/// Every venue's id and name, by name: the other kind of place a journey starts or ends at.
pub async fn venue_names(db: &Db) -> Result<Vec<(VenueId, String)>, AppError> {
    dispatch!(db, places::venue_names())
}

/// Adds a pick-up point, or saves an existing one when `id` is given; `None` when there is no
/// such point.
pub async fn write_pickup_point(
    tx: &mut Tx,
    id: Option<PickupPointId>,
    draft: &PickupPointDraft,
) -> Result<Option<PickupPointId>, AppError> {
    in_tx!(tx, places::write_pickup_point(id, draft))
}

/// The name of `place`; `None` when there is no such place.
pub async fn place_name(tx: &mut Tx, place: Place) -> Result<Option<String>, AppError> {
    in_tx!(tx, places::place_name(place))
}

/// The minutes already recorded from `from` to `to`, if any.
pub async fn travel_minutes(tx: &mut Tx, from: Place, to: Place) -> Result<Option<i64>, AppError> {
    in_tx!(tx, places::travel_minutes(from, to))
}

/// Records a travel time; a second for the same ordered pair is the schema's refusal.
pub async fn insert_travel_override(
    tx: &mut Tx,
    draft: &OverrideDraft,
) -> Result<TravelOverrideId, AppError> {
    in_tx!(tx, places::insert_travel_override(draft))
}

/// Every travel time the coordinator typed in, with the places' names, in name order.
pub async fn travel_overrides(db: &Db) -> Result<Vec<TravelOverride>, AppError> {
    dispatch!(db, places::travel_overrides())
}

/// Removes one travel time; the model's estimate applies to that pair again.
pub async fn remove_travel_override(db: &Db, id: TravelOverrideId) -> Result<(), AppError> {
    dispatch!(db, places::remove_travel_override(id))
}
