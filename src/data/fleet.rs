//! `fleet`: the same functions on either database; see `sql/fleet.rs` for the SQL.

use crate::error::AppError;
use crate::fleet::documents::{DriverDocuments, DriverSummary};
use crate::fleet::{Vehicle, VehicleDraft};
use crate::people::PersonId;
use crate::transport::VehicleId;
use chrono::NaiveDate;

use super::{Db, Tx};

/// Every vehicle, by name.
pub async fn vehicles(db: &Db) -> Result<Vec<Vehicle>, AppError> {
    dispatch!(db, fleet::vehicles())
}

/// The name of another vehicle (not `except`) with the number plate `registration`.
pub async fn plate_taken_by(
    tx: &mut Tx,
    registration: &str,
    except: Option<VehicleId>,
) -> Result<Option<String>, AppError> {
    in_tx!(tx, fleet::plate_taken_by(registration, except))
}

/// Adds a vehicle, or saves an existing one when `id` is given; `None` when there is no such
/// vehicle.
pub async fn write_vehicle(
    tx: &mut Tx,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
) -> Result<Option<VehicleId>, AppError> {
    in_tx!(tx, fleet::write_vehicle(id, draft))
}

/// Each run of `vehicle` from `from` on: its date and the highest seat number and wheelchair
/// space anyone holds on it.
pub async fn runs_of(
    tx: &mut Tx,
    vehicle: VehicleId,
    from: NaiveDate,
) -> Result<Vec<(NaiveDate, u32, u32)>, AppError> {
    in_tx!(tx, fleet::runs_of(vehicle, from))
}

/// Holds `vehicle`'s runs from `from` on to at most `seats` seats and `wheelchair_spaces`.
pub async fn limit_runs_room(
    tx: &mut Tx,
    vehicle: VehicleId,
    seats: u32,
    wheelchair_spaces: u32,
    from: NaiveDate,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        fleet::limit_runs_room(vehicle, seats, wheelchair_spaces, from)
    )
}

/// Every active driver with their dates (if recorded), read as of `today`, by name.
pub async fn drivers(db: &Db, today: NaiveDate) -> Result<Vec<DriverSummary>, AppError> {
    dispatch!(db, fleet::drivers(today))
}

/// One driver's documents (`None` when none are recorded, or they are not a driver).
pub async fn documents_of(db: &Db, person: PersonId) -> Result<Option<DriverDocuments>, AppError> {
    dispatch!(db, fleet::documents_of(person))
}

/// Whether the person holds the driver role.
pub async fn is_driver(tx: &mut Tx, person: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, fleet::is_driver(person))
}

/// Records (or replaces) a driver's licence and DBS dates.
pub async fn write_documents(
    tx: &mut Tx,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    in_tx!(tx, fleet::write_documents(person, documents))
}
