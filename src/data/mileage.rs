//! `mileage`: the same functions on either database; see `sql/mileage.rs` for the SQL.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::mileage::RunReadings;
use crate::people::PersonId;
use crate::transport::{RunId, VehicleId};

use super::{Db, Tx};

/// Each vehicle that made a published run from `from` to `to`, by name.
pub async fn vehicles_driven(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(VehicleId, String)>, AppError> {
    dispatch!(db, mileage::vehicles_driven(from, to))
}

/// A vehicle's published runs from `from` to `to`, in the order driven.
pub async fn readings(
    db: &Db,
    vehicle: VehicleId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RunReadings>, AppError> {
    dispatch!(db, mileage::readings(vehicle, from, to))
}

/// The published runs from `from` to before `before` with a reading missing, driven by
/// `driver` (or by anyone), in the order driven.
pub async fn missing_readings(
    db: &Db,
    driver: Option<PersonId>,
    from: NaiveDate,
    before: NaiveDate,
) -> Result<Vec<RunReadings>, AppError> {
    dispatch!(db, mileage::missing_readings(driver, from, before))
}

/// The coordinator's notes on runs from `from` to `to`: (run, note).
pub async fn notes(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(RunId, String)>, AppError> {
    dispatch!(db, mileage::notes(from, to))
}

/// A run's readings now; `None` when there is no such published run.
pub async fn run_readings(tx: &mut Tx, run: RunId) -> Result<Option<RunReadings>, AppError> {
    in_tx!(tx, mileage::run_readings(run))
}

/// Replaces both readings of a run (the coordinator's correction).
pub async fn write_readings(
    tx: &mut Tx,
    run: RunId,
    start: Option<i64>,
    end: Option<i64>,
) -> Result<(), AppError> {
    in_tx!(tx, mileage::write_readings(run, start, end))
}

/// Records (or replaces) the coordinator's note on a run's readings.
pub async fn write_note(tx: &mut Tx, run: RunId, note: &str, by: PersonId) -> Result<(), AppError> {
    in_tx!(tx, mileage::write_note(run, note, by))
}
