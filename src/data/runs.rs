//! `runs`: the same functions on either database; see `sql/runs.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::allocate::BookingId;
use crate::transport::board::TransportBoard;
use crate::transport::RunId;
use chrono::NaiveDate;

use super::Db;

/// Plans (or re-plans) every run on `date` from its bookings. Seats locked by hand stay where
/// they are; drivers, publication, odometer readings and the driver's ticks are kept for any
/// run that still goes.
pub async fn plan(db: &Db, date: NaiveDate) -> Result<PlanSummary, AppError> {
    dispatch!(db, runs::plan(date))
}

/// The day on the coordinator's board.
pub async fn board(db: &Db, date: NaiveDate) -> Result<TransportBoard, AppError> {
    dispatch!(db, runs::board(date))
}

/// The day a run is on.
pub async fn date_of(db: &Db, run: RunId) -> Result<NaiveDate, AppError> {
    dispatch!(db, runs::date_of(run))
}

/// Gives `run` to `driver`, refused when their licence or DBS has run out by the run's day.
pub async fn assign_driver(db: &Db, run: RunId, driver: PersonId) -> Result<(), AppError> {
    dispatch!(db, runs::assign_driver(run, driver))
}

/// Sends the run's pick-up list to its driver: what they were given is kept, so later changes
/// are flagged on their list.
pub async fn publish(db: &Db, run: RunId) -> Result<(), AppError> {
    dispatch!(db, runs::publish(run))
}

/// Keeps (or frees) a rider's seat through re-optimising.
pub async fn set_locked(
    db: &Db,
    run: RunId,
    booking: BookingId,
    locked: bool,
) -> Result<(), AppError> {
    dispatch!(db, runs::set_locked(run, booking, locked))
}

/// Moves a rider to `run` (seat `number`, or the lowest free one) and locks them there, then
/// re-plans the day around them: stops and times follow, nobody locked moves. Refused with the
/// reason when the run cannot take them (full, kept apart, would make someone late).
pub async fn move_rider(
    db: &Db,
    booking: BookingId,
    run: RunId,
    number: Option<u32>,
) -> Result<(), AppError> {
    dispatch!(db, runs::move_rider(booking, run, number))
}

/// Gives `booking` the lowest free seat on `run`, if the run already calls at their pick-up
/// point. The schema refuses a second passenger for the same seat and a seat beyond the
/// vehicle's, so simultaneous requests for the last seat give it to exactly one.
pub async fn take_seat(db: &Db, run: RunId, booking: BookingId) -> Result<u32, AppError> {
    dispatch!(db, runs::take_seat(run, booking))
}

/// What a day's plan made: runs, seats given, and how many are still without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSummary {
    pub runs: usize,
    pub seats: usize,
    pub unplaced: usize,
}
