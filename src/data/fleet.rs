//! `fleet`: the same functions on either database; see `sql/fleet.rs` for the SQL.

use crate::error::AppError;
use crate::fleet::documents::{DriverDocuments, DriverSummary};
use crate::fleet::{Vehicle, VehicleDraft};
use crate::people::PersonId;
use crate::transport::VehicleId;
use chrono::NaiveDate;

use super::Db;

/// Every vehicle, by name.
pub async fn vehicles(db: &Db) -> Result<Vec<Vehicle>, AppError> {
    dispatch!(db, fleet::vehicles())
}

/// Adds a vehicle, or saves an existing one when `id` is given.
///
/// Runs keep the seats they were planned with, but the people on them must fit the vehicle as
/// it is. Saved with fewer seats or wheelchair spaces, a vehicle's runs from `today` on are
/// held to the new number: a day on which someone sits beyond it (or which is no longer one of
/// the vehicle's days) is planned again in the same transaction, whoever no longer fits waiting
/// on the board with the reason, and no later booking takes a seat the vehicle does not have.
pub async fn save_vehicle(
    db: &Db,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
    today: NaiveDate,
) -> Result<VehicleId, AppError> {
    dispatch!(db, fleet::save_vehicle(id, draft, today))
}

/// Every active driver with their dates (if recorded), read as of `today`, by name.
pub async fn drivers(db: &Db, today: NaiveDate) -> Result<Vec<DriverSummary>, AppError> {
    dispatch!(db, fleet::drivers(today))
}

/// One driver's documents (`None` when none are recorded, or they are not a driver).
pub async fn documents_of(db: &Db, person: PersonId) -> Result<Option<DriverDocuments>, AppError> {
    dispatch!(db, fleet::documents_of(person))
}

/// Records a driver's licence expiry and DBS renewal dates, replacing what was there.
pub async fn save_documents(
    db: &Db,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    dispatch!(db, fleet::save_documents(person, documents))
}
