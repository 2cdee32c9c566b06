//! `pickup_lists`: the same functions on either database; see `sql/pickup_lists.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::allocate::BookingId;
use crate::transport::pickup_list::{DriverDay, Mark, Ride};
use crate::transport::RunId;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

use super::{Db, Tx};

/// The published runs `driver` drives on `date`, stops in order, passengers at each stop.
pub async fn driver_day(db: &Db, driver: PersonId, date: NaiveDate) -> Result<DriverDay, AppError> {
    dispatch!(db, pickup_lists::driver_day(driver, date))
}

/// Records the driver's tick unless a newer one stands; false when nothing changed.
pub async fn set_mark(
    tx: &mut Tx,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Mark,
    marked_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    in_tx!(
        tx,
        pickup_lists::set_mark(driver, run, booking, mark, marked_at)
    )
}

/// Whether `booking` rides `run`, a published run `driver` drives.
pub async fn is_passenger_of(
    tx: &mut Tx,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
) -> Result<bool, AppError> {
    in_tx!(tx, pickup_lists::is_passenger_of(driver, run, booking))
}

/// Sets (or clears) a passenger's mark on a published run; false when there is no such passenger.
pub async fn overwrite_mark(
    tx: &mut Tx,
    by: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Option<Mark>,
    marked_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    in_tx!(
        tx,
        pickup_lists::overwrite_mark(by, run, booking, mark, marked_at)
    )
}

/// Whether `booking` has a seat on `run`, published or not.
pub async fn has_seat(tx: &mut Tx, run: RunId, booking: BookingId) -> Result<bool, AppError> {
    in_tx!(tx, pickup_lists::has_seat(run, booking))
}

/// Records the odometer on `driver`'s published run; false when it is not theirs.
pub async fn set_odometer(
    tx: &mut Tx,
    driver: PersonId,
    run: RunId,
    start: Option<u32>,
    end: Option<u32>,
) -> Result<bool, AppError> {
    in_tx!(tx, pickup_lists::set_odometer(driver, run, start, end))
}

/// `participant`'s published rides, by session id.
pub async fn rides_of(db: &Db, participant: PersonId) -> Result<BTreeMap<i64, Ride>, AppError> {
    dispatch!(db, pickup_lists::rides_of(participant))
}
