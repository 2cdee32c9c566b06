//! What the coordinator and the driver do with the day's runs, written once for both databases:
//! plan the day, move a rider, lock a seat, choose a driver, publish, seat a place booked after
//! planning, tick a passenger, correct a tick, record the odometer. Each is one write transaction. The
//! order of the checks is here; the rules and their sentences come from `allocate`,
//! `driver_rota` and `fleet::documents`; the SQL from `data::runs`.

use chrono::{DateTime, NaiveDate, Utc};

use super::allocate::{
    choose_seat, in_words, lowest_free_seat, plan_day, BookingId, DayPlan, Lock,
};
use super::driver_rota::{already_driving, runs_to_release};
use super::pickup_list::Mark;
use super::RunId;
use crate::data::runs::{PlanSummary, UnplacedRow};
use crate::data::values::Stamp;
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::fleet::documents::may_drive;
use crate::people::PersonId;

/// Plans (or re-plans) every run on `date` from its bookings. Seats locked by hand stay where
/// they are; drivers, publication, odometer readings and the driver's ticks are kept for any
/// run that still goes.
pub async fn plan(db: &Db, date: NaiveDate) -> Result<PlanSummary, AppError> {
    let mut tx = db.write().await?;
    let summary = plan_in(&mut tx, date).await?;
    tx.commit().await?;
    Ok(summary)
}

/// [`plan`] inside the caller's write transaction, for a change that the day's transport must
/// follow at once (a pair kept apart who were riding together, a vehicle with fewer seats).
pub async fn plan_in(tx: &mut Tx, date: NaiveDate) -> Result<PlanSummary, AppError> {
    let inputs = data::runs::day_inputs(tx, date).await?;
    let plan = plan_day(&inputs);
    write(tx, date, &plan).await?;
    Ok(PlanSummary {
        runs: plan.runs.len(),
        seats: plan.runs.iter().map(|r| r.seats.len()).sum(),
        unplaced: plan.unplaced.len(),
    })
}

/// Writes `plan` for `date`, each unplaced rider's reason in words. A re-plan moves runs'
/// times, so a driver given two runs that day may now be due on both at once: they keep the
/// earlier, and the later waits on the board for a driver (its publication goes with it).
async fn write(tx: &mut Tx, date: NaiveDate, plan: &DayPlan) -> Result<(), AppError> {
    let names = data::runs::place_names(tx).await?;
    let unplaced: Vec<UnplacedRow> = plan
        .unplaced
        .iter()
        .map(|u| (u.booking, u.direction, in_words(&names, &u.reason)))
        .collect();
    data::runs::write_plan(tx, date, &plan.runs, &unplaced).await?;
    let driven = data::runs::driven_runs(tx, date).await?;
    for run in runs_to_release(&driven) {
        data::runs::release_driver(tx, run).await?;
    }
    Ok(())
}

/// Gives `run` to `driver`, refused when their licence or DBS has run out by the run's day, or
/// when they are driving another run at the time.
pub async fn assign_driver(db: &Db, run: RunId, driver: PersonId) -> Result<(), AppError> {
    let documents = data::fleet::documents_of(db, driver).await?;
    let mut tx = db.write().await?;
    let (date, _) = data::runs::run_day(&mut tx, run).await?;
    may_drive(documents, date).map_err(AppError::Conflict)?;
    if let Some((venue, from, to)) = data::runs::overlapping_run_of(&mut tx, run, driver).await? {
        return Err(AppError::Conflict(already_driving(&venue, from, to)));
    }
    data::runs::set_driver(&mut tx, run, driver).await?;
    tx.commit().await
}

/// Sends the run's pick-up list to its driver: what they were given is kept, so later changes
/// are flagged on their list.
pub async fn publish(db: &Db, run: RunId) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    match data::runs::driver_of(&mut tx, run).await? {
        None => return Err(AppError::NotFound("that run".into())),
        Some(None) => {
            return Err(AppError::Conflict(
                "Choose the driver first: the pick-up list goes to them.".into(),
            ))
        }
        Some(Some(_)) => {}
    }
    data::runs::record_publication(&mut tx, run, Stamp::now()).await?;
    tx.commit().await
}

/// Keeps (or frees) a rider's seat through re-optimising.
pub async fn set_locked(
    db: &Db,
    run: RunId,
    booking: BookingId,
    locked: bool,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !data::runs::set_locked(&mut tx, run, booking, locked).await? {
        return Err(AppError::NotFound("that seat".into()));
    }
    tx.commit().await
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
    let mut tx = db.write().await?;
    let (date, direction) = data::runs::run_day(&mut tx, run).await?;
    let (vehicle, seats, wheelchair_spaces) = data::runs::room_on(&mut tx, run).await?;
    let wheelchair = data::runs::rides_in_wheelchair(&mut tx, booking)
        .await?
        .ok_or_else(|| AppError::NotFound("that booking".into()))?;
    let room = if wheelchair { wheelchair_spaces } else { seats };
    let taken = data::runs::seats_taken(&mut tx, run, wheelchair, Some(booking)).await?;
    let seat_number = choose_seat(number, room, &taken)?;
    let mut inputs = data::runs::day_inputs(&mut tx, date).await?;
    inputs
        .locks
        .retain(|lock| !(lock.booking == booking && lock.direction == direction));
    inputs.locks.push(Lock {
        booking,
        direction,
        vehicle,
        seat_number,
    });
    let plan = plan_day(&inputs);
    let refused = plan
        .unplaced
        .iter()
        .find(|u| u.booking == booking && u.direction == direction);
    if let Some(refused) = refused {
        let names = data::runs::place_names(&mut tx).await?;
        return Err(AppError::Conflict(format!(
            "That run cannot take them: {}.",
            in_words(&names, &refused.reason)
        )));
    }
    write(&mut tx, date, &plan).await?;
    tx.commit().await
}

/// Gives `booking` the lowest free seat on `run`, if the run already calls at their pick-up
/// point. The schema refuses a second passenger for the same seat and a seat beyond the
/// vehicle's, so simultaneous requests for the last seat give it to exactly one.
pub async fn take_seat(db: &Db, run: RunId, booking: BookingId) -> Result<u32, AppError> {
    let mut tx = db.write().await?;
    let number = take_seat_in(&mut tx, run, booking).await?;
    tx.commit().await?;
    Ok(number)
}

/// Transport follows the activity: a place just booked (or promoted from the waitlist) that
/// needs a lift takes a free seat each way on a run that day to its venue, if one already calls
/// at their pick-up point. Otherwise they wait on the board for the coordinator to re-plan.
/// Runs inside the caller's transaction, so the place and its seats are written together.
pub async fn hold_seats(tx: &mut Tx, booking: BookingId) -> Result<(), AppError> {
    for run in data::runs::runs_that_fit(tx, booking).await? {
        // A full run, a second seat the same way, someone kept apart: try the next run, each
        // try undone alone when it is refused.
        tx.begin_try().await?;
        match take_seat_in(tx, run, booking).await {
            Ok(_) => tx.keep_try().await?,
            Err(AppError::Conflict(_)) => tx.undo_try().await?,
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

async fn take_seat_in(tx: &mut Tx, run: RunId, booking: BookingId) -> Result<u32, AppError> {
    let (_, direction) = data::runs::run_day(tx, run).await?;
    let Some((Some(point), wheelchair)) = data::runs::rider_of(tx, booking).await? else {
        return Err(AppError::Conflict(
            "They have no pick-up point on file.".into(),
        ));
    };
    if !data::runs::calls_at(tx, run, point).await? {
        return Err(AppError::Conflict(
            "This run does not call at their pick-up point yet: move them on the board instead."
                .into(),
        ));
    }
    let (_, seats, wheelchair_spaces) = data::runs::room_on(tx, run).await?;
    let room = if wheelchair { wheelchair_spaces } else { seats };
    let taken = data::runs::seats_taken(tx, run, wheelchair, None).await?;
    let Some(number) = lowest_free_seat(room, |n| taken.contains(&n)) else {
        return Err(AppError::Conflict("No seat left on this run.".into()));
    };
    data::runs::insert_seat(tx, run, booking, direction, point, wheelchair, number)
        .await
        .map_err(|refused| match refused {
            AppError::Conflict(_) => AppError::Conflict("That seat has just been taken.".into()),
            // The schema's triggers: a second seat the same way, someone kept apart, a session
            // that is not theirs that day.
            AppError::Internal => AppError::Conflict(
                "That run cannot take them (full, kept apart, or not their day).".into(),
            ),
            other => other,
        })?;
    Ok(number)
}

/// The driver's tick for one passenger. `marked_at` is when the driver tapped (their phone's
/// clock, already held to the run's day: see `tick_time`), so a tick queued offline keeps its
/// moment and an older tick never overwrites a newer. A tick that meets a newer one is
/// accepted and changes nothing: the driver's phone may forget it.
pub async fn mark(
    db: &Db,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Mark,
    marked_at: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if data::pickup_lists::set_mark(&mut tx, driver, run, booking, mark, marked_at).await? {
        return tx.commit().await;
    }
    if data::pickup_lists::is_passenger_of(&mut tx, driver, run, booking).await? {
        Ok(())
    } else {
        Err(AppError::NotFound("that passenger on your runs".into()))
    }
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
    let mut tx = db.write().await?;
    if data::pickup_lists::overwrite_mark(&mut tx, by, run, booking, mark, marked_at).await? {
        return tx.commit().await;
    }
    Err(
        if data::pickup_lists::has_seat(&mut tx, run, booking).await? {
            AppError::Conflict(
                "That run has not gone to the driver yet, so nobody has been marked on it.".into(),
            )
        } else {
            AppError::NotFound("that passenger on that run".into())
        },
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
    let mut tx = db.write().await?;
    let theirs = data::pickup_lists::set_odometer(&mut tx, driver, run, start, end)
        .await
        .map_err(|refused| match refused {
            AppError::Invalid(_) => {
                AppError::Invalid("The reading at the end cannot be less than at the start.".into())
            }
            other => other,
        })?;
    if !theirs {
        return Err(AppError::NotFound("that run on your list".into()));
    }
    tx.commit().await
}
