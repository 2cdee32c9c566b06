//! The server function behind the week page.

use leptos::prelude::*;

use super::session::WeekProgramme;
use super::week::Week;
use crate::error::AppError;

/// One week of the programme; the current week (in the programme's time zone) when `week` is
/// `None`. Sessions carry counts of places, never participants' names.
#[server(prefix = "/api", endpoint = "week_programme")]
pub async fn load_week(week: Option<Week>) -> Result<WeekProgramme, AppError> {
    crate::error::respond(week_programme(week).await)
}

#[cfg(feature = "ssr")]
async fn week_programme(week: Option<Week>) -> Result<WeekProgramme, AppError> {
    use super::week::WeekParseError;
    use crate::access::Permission;
    use crate::data;
    use crate::server::{auth, clock};

    let state = auth::require(Permission::ViewWeekProgramme).await?.state;
    if week.is_some_and(|w| !w.is_supported()) {
        return Err(AppError::Invalid(WeekParseError::OutOfRange.to_string()));
    }
    let settings = data::settings::programme_settings(&state.db).await?;
    let today = clock::today_in(&settings.time_zone)?;
    let week = week.unwrap_or_else(|| Week::containing(today));
    let sessions = data::schedule::sessions_in_week(&state.db, week).await?;
    Ok(WeekProgramme {
        week,
        today,
        programme_name: settings.programme_name,
        is_demo: settings.is_demo,
        sessions,
    })
}
