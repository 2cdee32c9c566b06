//! `pickup_lists`: the same functions on either database; see `sql/pickup_lists.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::allocate::BookingId;
use crate::transport::pickup_list::{DriverDay, Mark, Ride};
use crate::transport::RunId;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

use super::Db;

/// The published runs `driver` drives on `date`, stops in order, passengers at each stop.
pub async fn driver_day(db: &Db, driver: PersonId, date: NaiveDate) -> Result<DriverDay, AppError> {
    dispatch!(db, pickup_lists::driver_day(driver, date))
}

/// The driver's tick for one passenger. `marked_at` is when the driver tapped (their phone's
/// clock, so a mark queued offline keeps its moment): an older tick never overwrites a newer.
pub async fn mark(
    db: &Db,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Mark,
    marked_at: DateTime<Utc>,
) -> Result<(), AppError> {
    dispatch!(
        db,
        pickup_lists::mark(driver, run, booking, mark, marked_at)
    )
}

/// The coordinator's correction of a passenger's mark on a published run (`None` clears it),
/// dated `marked_at` (the server's now), so ticks tapped before it do not undo it.
pub async fn correct_mark(
    db: &Db,
    by: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Option<Mark>,
    marked_at: DateTime<Utc>,
) -> Result<(), AppError> {
    dispatch!(
        db,
        pickup_lists::correct_mark(by, run, booking, mark, marked_at)
    )
}

/// The odometer at the start and end of a run, for the mileage claim.
pub async fn record_odometer(
    db: &Db,
    driver: PersonId,
    run: RunId,
    start: Option<u32>,
    end: Option<u32>,
) -> Result<(), AppError> {
    dispatch!(db, pickup_lists::record_odometer(driver, run, start, end))
}

/// `participant`'s published rides, by session id.
pub async fn rides_of(db: &Db, participant: PersonId) -> Result<BTreeMap<i64, Ride>, AppError> {
    dispatch!(db, pickup_lists::rides_of(participant))
}
