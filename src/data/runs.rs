//! `runs`: the same functions on either database; see `sql/runs.rs` for the SQL. What the
//! coordinator does with runs (plan, move, lock, choose a driver, publish) is written once in
//! `transport::use_cases`, on these.

use crate::data::values::Stamp;
use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::allocate::{BookingId, DayInputs, PlannedRun};
use crate::transport::board::TransportBoard;
use crate::transport::driver_rota::DrivenRun;
use crate::transport::solver::clock::ClockTime;
use crate::transport::solver::Direction;
use crate::transport::{PickupPointId, RunId, VehicleId};
use chrono::NaiveDate;

use super::{Db, Tx};

/// A place the planner could not seat, with the reason in words.
pub type UnplacedRow = (BookingId, Direction, String);

/// The day on the coordinator's board.
pub async fn board(db: &Db, date: NaiveDate) -> Result<TransportBoard, AppError> {
    dispatch!(db, runs::board(date))
}

/// The runs on `date`, in the order they were made.
pub async fn runs_on(db: &Db, date: NaiveDate) -> Result<Vec<RunId>, AppError> {
    dispatch!(db, runs::runs_on(date))
}

/// The day a run is on.
pub async fn date_of(db: &Db, run: RunId) -> Result<NaiveDate, AppError> {
    dispatch!(db, runs::date_of(run))
}

/// What the planner needs to plan `date`.
pub async fn day_inputs(tx: &mut Tx, date: NaiveDate) -> Result<DayInputs, AppError> {
    in_tx!(tx, runs::day_inputs(date))
}

/// Replaces the day's stops and seats with `runs`, keeping what people did with the runs, and
/// records who is left without a seat and why.
pub async fn write_plan(
    tx: &mut Tx,
    date: NaiveDate,
    runs: &[PlannedRun],
    unplaced: &[UnplacedRow],
) -> Result<(), AppError> {
    in_tx!(tx, runs::write_plan(date, runs, unplaced))
}

/// The day's runs that have a driver.
pub async fn driven_runs(tx: &mut Tx, date: NaiveDate) -> Result<Vec<DrivenRun>, AppError> {
    in_tx!(tx, runs::driven_runs(date))
}

/// Takes the driver (and with them the publication) off `run`.
pub async fn release_driver(tx: &mut Tx, run: RunId) -> Result<(), AppError> {
    in_tx!(tx, runs::release_driver(run))
}

/// Each solver slug ("pickup-3", "venue-2") with its place's name.
pub async fn place_names(tx: &mut Tx) -> Result<Vec<(String, String)>, AppError> {
    in_tx!(tx, runs::place_names())
}

/// The run's date and direction, or "not found".
pub async fn run_day(tx: &mut Tx, run: RunId) -> Result<(NaiveDate, Direction), AppError> {
    in_tx!(tx, runs::run_day(run))
}

/// Another run `driver` drives that overlaps `run`: its venue, departure and arrival.
pub async fn overlapping_run_of(
    tx: &mut Tx,
    run: RunId,
    driver: PersonId,
) -> Result<Option<(String, ClockTime, ClockTime)>, AppError> {
    in_tx!(tx, runs::overlapping_run_of(run, driver))
}

/// Gives `run` to `driver`.
pub async fn set_driver(tx: &mut Tx, run: RunId, driver: PersonId) -> Result<(), AppError> {
    in_tx!(tx, runs::set_driver(run, driver))
}

/// The run's driver: `None` when there is no such run, `Some(None)` when it has none yet.
pub async fn driver_of(tx: &mut Tx, run: RunId) -> Result<Option<Option<PersonId>>, AppError> {
    in_tx!(tx, runs::driver_of(run))
}

/// Keeps what the driver is given now and marks the run published at `at`.
pub async fn record_publication(tx: &mut Tx, run: RunId, at: Stamp) -> Result<(), AppError> {
    in_tx!(tx, runs::record_publication(run, at))
}

/// Locks (or unlocks) a rider's seat on `run`; false when they have no seat there.
pub async fn set_locked(
    tx: &mut Tx,
    run: RunId,
    booking: BookingId,
    locked: bool,
) -> Result<bool, AppError> {
    in_tx!(tx, runs::set_locked(run, booking, locked))
}

/// A run's vehicle and its room: passenger seats and wheelchair spaces.
pub async fn room_on(tx: &mut Tx, run: RunId) -> Result<(VehicleId, u32, u32), AppError> {
    in_tx!(tx, runs::room_on(run))
}

/// Whether the rider of `booking` uses a wheelchair; `None` when there is no such booking.
pub async fn rides_in_wheelchair(
    tx: &mut Tx,
    booking: BookingId,
) -> Result<Option<bool>, AppError> {
    in_tx!(tx, runs::rides_in_wheelchair(booking))
}

/// The seat numbers of one kind taken on `run` (by anyone but `except`).
pub async fn seats_taken(
    tx: &mut Tx,
    run: RunId,
    wheelchair: bool,
    except: Option<BookingId>,
) -> Result<Vec<u32>, AppError> {
    in_tx!(tx, runs::seats_taken(run, wheelchair, except))
}

/// The runs a place booked after planning may take a seat on: to its venue that day, calling at
/// the rider's pick-up point, fitting the session; outbound first.
pub async fn runs_that_fit(tx: &mut Tx, booking: BookingId) -> Result<Vec<RunId>, AppError> {
    in_tx!(tx, runs::runs_that_fit(booking))
}

/// The rider of `booking`: their pick-up point and whether they use a wheelchair.
pub async fn rider_of(
    tx: &mut Tx,
    booking: BookingId,
) -> Result<Option<(Option<PickupPointId>, bool)>, AppError> {
    in_tx!(tx, runs::rider_of(booking))
}

/// Whether `run` stops at `point`.
pub async fn calls_at(tx: &mut Tx, run: RunId, point: PickupPointId) -> Result<bool, AppError> {
    in_tx!(tx, runs::calls_at(run, point))
}

/// Seats `booking` on `run`, seat `number` of its kind, collected at `point`; the schema's
/// refusal comes back as it is.
pub async fn insert_seat(
    tx: &mut Tx,
    run: RunId,
    booking: BookingId,
    direction: Direction,
    point: PickupPointId,
    wheelchair: bool,
    number: u32,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        runs::insert_seat(run, booking, direction, point, wheelchair, number)
    )
}

/// What a day's plan made: runs, seats given, and how many are still without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSummary {
    pub runs: usize,
    pub seats: usize,
    pub unplaced: usize,
}
