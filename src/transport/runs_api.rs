//! Server functions for transport. The board is for coordinators and team leaders
//! (`Permission::ManageTransport`); the pick-up list is the signed-in driver's own
//! (`Permission::ViewOwnRuns`), and every query behind it is limited to their published runs.

use leptos::prelude::*;

use super::allocate::BookingId;
use super::board::TransportBoard;
use super::pickup_list::DriverDay;
use super::RunId;
use crate::error::AppError;
use crate::people::PersonId;

/// The transport board for `date` ("2026-03-03"; empty: today).
#[server(prefix = "/api", endpoint = "transport_board")]
pub async fn load_board(#[server(default)] date: String) -> Result<TransportBoard, AppError> {
    crate::error::respond(server::board(&date).await)
}

/// Plans (or re-plans) the day's runs from its bookings, keeping seats locked by hand.
#[server(prefix = "/api", endpoint = "plan_transport")]
pub async fn plan_transport(#[server(default)] date: String) -> Result<String, AppError> {
    crate::error::respond(server::plan(&date).await)
}

/// Moves a passenger to `run` (`seat`: a number, or empty for the first free one) and locks
/// them there.
#[server(prefix = "/api", endpoint = "move_passenger")]
pub async fn move_passenger(
    booking: BookingId,
    run: RunId,
    #[server(default)] seat: String,
) -> Result<(), AppError> {
    crate::error::respond(server::move_passenger(booking, run, &seat).await)
}

/// Locks a passenger's seat ("on") or lets re-optimising move them again (anything else).
#[server(prefix = "/api", endpoint = "lock_seat")]
pub async fn lock_seat(
    run: RunId,
    booking: BookingId,
    #[server(default)] locked: String,
) -> Result<(), AppError> {
    crate::error::respond(server::lock(run, booking, locked == "on").await)
}

/// Gives a run to a driver whose licence and DBS are in date on the run's day.
#[server(prefix = "/api", endpoint = "choose_driver")]
pub async fn choose_driver(run: RunId, driver: PersonId) -> Result<(), AppError> {
    crate::error::respond(server::choose_driver(run, driver).await)
}

/// Sends the run's pick-up list to its driver.
#[server(prefix = "/api", endpoint = "publish_run")]
pub async fn publish_run(run: RunId) -> Result<(), AppError> {
    crate::error::respond(server::publish(run).await)
}

/// The signed-in driver's published runs on `date` (empty: today).
#[server(prefix = "/api", endpoint = "pickup_list")]
pub async fn load_pickup_list(#[server(default)] date: String) -> Result<DriverDay, AppError> {
    crate::error::respond(server::pickup_list(&date).await)
}

/// The driver's tick: `mark` is "boarded" or "not_here"; `marked_at` is when it was tapped
/// (RFC 3339, from the phone), so a tick sent late from the offline queue keeps its moment.
#[server(prefix = "/api", endpoint = "mark_passenger")]
pub async fn mark_passenger(
    run: RunId,
    booking: BookingId,
    #[server(default)] mark: String,
    #[server(default)] marked_at: String,
) -> Result<(), AppError> {
    crate::error::respond(server::mark(run, booking, &mark, &marked_at).await)
}

/// The coordinator corrects a passenger's mark from the board: `mark` is "boarded", "not_here"
/// or empty to clear it.
#[server(prefix = "/api", endpoint = "correct_mark")]
pub async fn correct_mark(
    run: RunId,
    booking: BookingId,
    #[server(default)] mark: String,
) -> Result<(), AppError> {
    crate::error::respond(server::correct(run, booking, &mark).await)
}

/// The odometer at the start and/or end of a run (whole miles; empty leaves it as it was).
#[server(prefix = "/api", endpoint = "save_odometer")]
pub async fn save_odometer(
    run: RunId,
    #[server(default)] start: String,
    #[server(default)] end: String,
) -> Result<(), AppError> {
    crate::error::respond(server::odometer(run, &start, &end).await)
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::{DateTime, NaiveDate};

    use super::super::allocate::BookingId;
    use super::super::board::TransportBoard;
    use super::super::pickup_list::{parse_odometer, DriverDay, Mark};
    use super::super::tick_time::stored_tick_time;
    use super::super::RunId;
    use crate::access::Permission;
    use crate::data::{pickup_lists, runs};
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};
    use crate::transport::use_cases;

    /// `text` as a date, or today when empty.
    async fn day(caller: &Caller, text: &str) -> Result<NaiveDate, AppError> {
        if text.trim().is_empty() {
            return Ok(clock::programme_now(&caller.state.db).await?.date());
        }
        crate::scheduling::plan_form::parse_date(text).ok_or_else(|| {
            AppError::Invalid(format!("“{text}” is not a date. Use the form 2026-03-03."))
        })
    }

    fn back_to_board(date: NaiveDate) {
        redirect_plain_form(&format!("/transport?date={date}"));
    }

    fn back_to_list(date: NaiveDate) {
        redirect_plain_form(&format!("/driver?date={date}"));
    }

    fn log(caller: &Caller, what: &str, run: RunId) {
        tracing::info!(run = run.0, by = %caller.user.person_id, what, "transport changed");
    }

    pub async fn board(date: &str) -> Result<TransportBoard, AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        let date = day(&caller, date).await?;
        runs::board(&caller.state.db, date).await
    }

    pub async fn plan(date: &str) -> Result<String, AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        let date = day(&caller, date).await?;
        let summary = use_cases::plan(&caller.state.db, date).await?;
        tracing::info!(%date, by = %caller.user.person_id, "transport planned");
        back_to_board(date);
        Ok(match (summary.runs, summary.unplaced) {
            (0, 0) => "Nobody needs a lift that day.".into(),
            (runs, 0) => format!("Planned {runs} runs: everyone who needs a lift has a seat."),
            (runs, left) => {
                format!("Planned {runs} runs. {left} seats could not be given: see who is waiting.")
            }
        })
    }

    pub async fn move_passenger(
        booking: BookingId,
        run: RunId,
        seat: &str,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        let number = match seat.trim() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .map_err(|_| AppError::Invalid(format!("“{text}” is not a seat number.")))?,
            ),
        };
        use_cases::move_rider(&caller.state.db, booking, run, number).await?;
        log(&caller, "passenger moved", run);
        back_to_board(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }

    pub async fn lock(run: RunId, booking: BookingId, locked: bool) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        use_cases::set_locked(&caller.state.db, run, booking, locked).await?;
        back_to_board(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }

    pub async fn choose_driver(run: RunId, driver: PersonId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        use_cases::assign_driver(&caller.state.db, run, driver).await?;
        log(&caller, "driver chosen", run);
        back_to_board(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }

    pub async fn publish(run: RunId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        use_cases::publish(&caller.state.db, run).await?;
        log(&caller, "published", run);
        back_to_board(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }

    pub async fn pickup_list(date: &str) -> Result<DriverDay, AppError> {
        let caller = auth::require(Permission::ViewOwnRuns).await?;
        let date = day(&caller, date).await?;
        pickup_lists::driver_day(&caller.state.db, caller.user.person_id, date).await
    }

    pub async fn mark(
        run: RunId,
        booking: BookingId,
        mark: &str,
        marked_at: &str,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ViewOwnRuns).await?;
        let mark = Mark::parse(mark)
            .ok_or_else(|| AppError::Invalid("Choose “boarded” or “not here”.".into()))?;
        // The phone's moment; a plain form (no JavaScript) sends none: now.
        let now = chrono::Utc::now();
        let tapped = match DateTime::parse_from_rfc3339(marked_at.trim()) {
            Ok(at) => at.to_utc(),
            Err(_) if marked_at.trim().is_empty() => now,
            Err(_) => {
                return Err(AppError::Invalid(
                    "The time of the tick is not readable.".into(),
                ))
            }
        };
        // Another driver's run gets the same answer as no run at all.
        let not_theirs = || AppError::NotFound("that passenger on your runs".into());
        let date = match runs::date_of(&caller.state.db, run).await {
            Err(AppError::NotFound(_)) => return Err(not_theirs()),
            other => other?,
        };
        let day = clock::programme_day(&caller.state.db, date).await?;
        let at = stored_tick_time(tapped, now, day);
        use_cases::mark(
            &caller.state.db,
            caller.user.person_id,
            run,
            booking,
            mark,
            at,
        )
        .await?;
        back_to_list(date);
        Ok(())
    }

    /// The coordinator's correction of a passenger's mark (or its removal): dated now, so it
    /// stands against any older tick still on its way from the driver's phone.
    pub async fn correct(run: RunId, booking: BookingId, mark: &str) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageTransport).await?;
        let mark = match mark.trim() {
            "" | "none" => None,
            slug => Some(Mark::parse(slug).ok_or_else(|| {
                AppError::Invalid("Choose “boarded”, “not here” or no mark.".into())
            })?),
        };
        let at = chrono::Utc::now();
        use_cases::correct_mark(
            &caller.state.db,
            caller.user.person_id,
            run,
            booking,
            mark,
            at,
        )
        .await?;
        log(&caller, "mark corrected", run);
        back_to_board(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }

    pub async fn odometer(run: RunId, start: &str, end: &str) -> Result<(), AppError> {
        let caller = auth::require(Permission::ViewOwnRuns).await?;
        let start = parse_odometer(start).map_err(AppError::Invalid)?;
        let end = parse_odometer(end).map_err(AppError::Invalid)?;
        use_cases::record_odometer(&caller.state.db, caller.user.person_id, run, start, end)
            .await?;
        back_to_list(runs::date_of(&caller.state.db, run).await?);
        Ok(())
    }
}
