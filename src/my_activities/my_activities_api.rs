//! The participant's server functions. None takes a person id: it is always the caller's own.

use leptos::prelude::*;

use super::MyCalendar;
use crate::error::AppError;
use crate::scheduling::session::SessionId;

/// The caller's calendar: sessions to come, with rides and changes, and recent ones.
#[server(prefix = "/api", endpoint = "my_activities")]
pub async fn my_activities() -> Result<MyCalendar, AppError> {
    crate::error::respond(server::load().await)
}

/// "I can't come". Answers whether it counted as late.
#[server(prefix = "/api", endpoint = "cant_come")]
pub async fn cant_come(session: SessionId) -> Result<bool, AppError> {
    crate::error::respond(server::cant_come(session).await)
}

/// "I need a lift" (`needs_lift=true`) or "I'll get there myself" (`false`).
#[server(prefix = "/api", endpoint = "set_lift")]
pub async fn set_lift(session: SessionId, needs_lift: bool) -> Result<(), AppError> {
    crate::error::respond(server::set_lift(session, needs_lift).await)
}

/// "OK, I've seen it": the changes on the page stop being marked.
#[server(prefix = "/api", endpoint = "seen_changes")]
pub async fn seen_changes() -> Result<(), AppError> {
    crate::error::respond(server::seen_changes().await)
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::access::Permission;
    use crate::data::my_calendar;
    use crate::programme::ProgrammeSettings;
    use crate::server::auth::{self, Caller};
    use crate::server::clock;

    /// The caller, the programme's settings, and now in programme time.
    async fn context(
        permission: Permission,
    ) -> Result<(Caller, ProgrammeSettings, NaiveDateTime), AppError> {
        let caller = auth::require(permission).await?;
        let settings = crate::data::settings::programme_settings(&caller.state.db).await?;
        let now = clock::now_in(&settings.time_zone)?;
        Ok((caller, settings, now))
    }

    pub async fn load() -> Result<MyCalendar, AppError> {
        let (caller, settings, now) = context(Permission::ViewOwnActivities).await?;
        let db = &caller.state.db;
        let me = caller.user.person_id;
        Ok(MyCalendar {
            today: now.date(),
            loaded_at: now,
            late_cancel_hours: settings.late_cancel_hours,
            upcoming: my_calendar::upcoming(db, me, now, settings.late_cancel_hours).await?,
            past: my_calendar::past(db, me, now).await?,
        })
    }

    pub async fn cant_come(session: SessionId) -> Result<bool, AppError> {
        let (caller, settings, now) = context(Permission::ChangeOwnBookings).await?;
        let done = crate::my_activities::use_cases::cant_come(
            &caller.state.db,
            caller.user.person_id,
            session,
            now,
            settings.late_cancel_hours,
        )
        .await?;
        Ok(done.late)
    }

    pub async fn set_lift(session: SessionId, needs_lift: bool) -> Result<(), AppError> {
        let (caller, _, now) = context(Permission::ChangeOwnBookings).await?;
        crate::my_activities::use_cases::set_lift(
            &caller.state.db,
            caller.user.person_id,
            session,
            needs_lift,
            now,
        )
        .await
    }

    pub async fn seen_changes() -> Result<(), AppError> {
        let (caller, _, now) = context(Permission::ViewOwnActivities).await?;
        my_calendar::mark_seen(&caller.state.db, caller.user.person_id, now).await
    }
}
