//! Server functions for the mileage log: the coordinator's month and answers to its flags, and
//! the runs still missing a reading (the driver's own on their list, everyone's on the board).

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{MissingReading, VehicleLog};
use crate::claims::ClaimMonth;
use crate::error::AppError;
use crate::transport::RunId;

/// The mileage log page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MileageLogPage {
    pub month: ClaimMonth,
    pub today: NaiveDate,
    pub logs: Vec<VehicleLog>,
}

/// Every vehicle's log for `month` ("2026-11"; blank: this month).
#[server(prefix = "/api", endpoint = "mileage_log")]
pub async fn load_mileage_log(
    #[server(default)] month: String,
) -> Result<MileageLogPage, AppError> {
    crate::error::respond(server::log(month).await)
}

/// The coordinator's answer to a flagged run: a note, and with `correct` "yes" the readings
/// `start` and `end` (blank: no reading).
#[server(prefix = "/api", endpoint = "answer_odometer_flag")]
pub async fn answer_odometer_flag(
    run: RunId,
    #[server(default)] note: String,
    #[server(default)] correct: String,
    #[server(default)] start: String,
    #[server(default)] end: String,
) -> Result<(), AppError> {
    crate::error::respond(server::answer(run, note, correct, start, end).await)
}

/// "Tuesday's return run has no end reading." for each recent run still missing one: the
/// caller's own runs for a driver, everyone's for whoever plans transport.
#[server(prefix = "/api", endpoint = "missing_readings")]
pub async fn load_missing_readings() -> Result<Vec<MissingReading>, AppError> {
    crate::error::respond(server::missing().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::MileageLogPage;
    use crate::access::Permission;
    use crate::claims::claims_api::server::{month_or_this, today};
    use crate::error::AppError;
    use crate::mileage::{use_cases, MissingReading};
    use crate::server::auth;
    use crate::server::redirect_plain_form;
    use crate::transport::RunId;

    pub async fn log(month: String) -> Result<MileageLogPage, AppError> {
        let caller = auth::require(Permission::ManageMileageLog).await?;
        let today = today(&caller).await?;
        let month = month_or_this(&month, today)?;
        let logs = use_cases::month_log(&caller.state.db, month, today).await?;
        Ok(MileageLogPage { month, today, logs })
    }

    pub async fn answer(
        run: RunId,
        note: String,
        correct: String,
        start: String,
        end: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageMileageLog).await?;
        // The same reading of a dial as the driver's list.
        let reading = |text: &str| -> Result<Option<i64>, AppError> {
            crate::transport::pickup_list::parse_odometer(text)
                .map(|miles| miles.map(i64::from))
                .map_err(AppError::Invalid)
        };
        let readings = if correct.trim() == "yes" {
            Some((reading(&start)?, reading(&end)?))
        } else {
            None
        };
        let today = today(&caller).await?;
        use_cases::answer_flag(
            &caller.state.db,
            &caller.actor(),
            run,
            &note,
            readings,
            today,
        )
        .await?;
        redirect_plain_form("/mileage");
        Ok(())
    }

    pub async fn missing() -> Result<Vec<MissingReading>, AppError> {
        let user = auth::current_user().await?;
        let everyone = user
            .as_ref()
            .is_some_and(|u| u.may(Permission::ManageTransport));
        let caller = if everyone {
            auth::require(Permission::ManageTransport).await?
        } else {
            auth::require(Permission::ViewOwnRuns).await?
        };
        let today = today(&caller).await?;
        let driver = (!everyone).then_some(caller.user.person_id);
        use_cases::missing_readings(&caller.state.db, driver, today).await
    }
}
