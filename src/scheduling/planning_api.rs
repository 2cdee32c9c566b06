//! Server functions for planning: the week's calendar with everything the clash rules need, and
//! creating, moving and cancelling sessions. The browser checks clashes with the same rules for
//! instant feedback; these answers are final.

// `create_session` takes one argument per form field so a plain HTML form can post to it.
#![allow(clippy::too_many_arguments)]

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::clash::Calendar;
use super::series::EditScope;
use super::session::{ActivityId, SessionId, SessionSummary};
use super::week::Week;
use crate::error::AppError;
use crate::people::PersonId;
use crate::venues::SpaceId;

/// An activity to choose when planning, with its defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityChoice {
    pub id: ActivityId,
    pub name: String,
    pub default_minutes: i64,
    pub default_capacity: i64,
}

/// One week of the planner: the calendar the clash rules read and the sessions to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanningWeek {
    pub week: Week,
    pub calendar: Calendar,
    pub activities: Vec<ActivityChoice>,
    /// Every session of the week, cancelled ones included; counts only, no participant names.
    pub sessions: Vec<SessionSummary>,
    /// The person asking, so the page can offer "me" as the lead.
    pub me: PersonId,
    /// May move and cancel sessions led by others.
    pub may_plan_any: bool,
}

#[server(prefix = "/api", endpoint = "planning_week")]
pub async fn load_planning_week(week: Option<Week>) -> Result<PlanningWeek, AppError> {
    crate::error::respond(server::planning_week(week).await)
}

/// Plans a one-off session. Times are local programme times ("10:00").
#[server(prefix = "/api", endpoint = "create_session")]
pub async fn create_session(
    activity: ActivityId,
    space: SpaceId,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    #[server(default)] leads: Vec<PersonId>,
    #[server(default)] capacity: Option<u32>,
    #[server(default)] notes: String,
) -> Result<SessionId, AppError> {
    let times = (date, start, end);
    let session =
        super::planning::NewSession::from_form(activity, space, times, leads, capacity, notes);
    crate::error::respond(server::create_session(session).await)
}

/// Moves a session to another space, day or time, or changes its length. `scope`
/// (`this_only`, the default, or `this_and_following`; the slugs `this` and `following` are
/// read too) carries the move to every later planned session of its series: the same number
/// of days, the same space, the new times of day.
#[server(prefix = "/api", endpoint = "move_session")]
pub async fn move_session(
    id: SessionId,
    space: SpaceId,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    #[server(default)] scope: EditScope,
) -> Result<(), AppError> {
    crate::error::respond(
        server::move_session(id, space, date.and_time(start), date.and_time(end), scope).await,
    )
}

/// Cancels a session (and with `scope` the later ones of its series); booked people see it as
/// cancelled, with the reason.
#[server(prefix = "/api", endpoint = "cancel_session")]
pub async fn cancel_session(
    id: SessionId,
    reason: String,
    #[server(default)] scope: EditScope,
) -> Result<(), AppError> {
    crate::error::respond(server::cancel_session(id, reason, scope).await)
}

/// Changes how many places a session has (1 to 100). More places go to the people waiting,
/// first come first served; fewer than the places taken are refused.
#[server(prefix = "/api", endpoint = "set_session_capacity")]
pub async fn set_session_capacity(id: SessionId, capacity: String) -> Result<(), AppError> {
    crate::error::respond(server::set_capacity(id, capacity).await)
}

#[cfg(feature = "ssr")]
pub(crate) use server::require_lead;

#[cfg(feature = "ssr")]
mod server {
    use chrono::{NaiveDateTime, NaiveTime};

    use super::{ActivityChoice, PlanningWeek};
    use crate::access::Permission;
    use crate::data::{planning, schedule, series, settings};
    use crate::error::AppError;
    use crate::scheduling::planning::NewSession;
    use crate::scheduling::series::EditScope;
    use crate::scheduling::session::SessionId;
    use crate::scheduling::week::Week;
    use crate::server::auth::{self, Caller};
    use crate::server::clock;
    use crate::venues::SpaceId;

    pub async fn planning_week(week: Option<Week>) -> Result<PlanningWeek, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let db = &caller.state.db;
        let week = match week {
            Some(week) if !week.is_supported() => {
                return Err(AppError::Invalid(
                    "Choose a week between 2000 and 2100.".into(),
                ))
            }
            Some(week) => week,
            None => {
                let zone = settings::programme_settings(db).await?.time_zone;
                Week::containing(clock::today_in(&zone)?)
            }
        };
        let from = week.monday().and_time(NaiveTime::MIN);
        let until = week.next().monday().and_time(NaiveTime::MIN);
        // A day either side, so the buffer around the week's edges is seen too.
        let calendar = planning::calendar(
            db,
            from - chrono::Duration::days(1),
            until + chrono::Duration::days(1),
        )
        .await?;
        let activities = planning::activity_choices(db)
            .await?
            .into_iter()
            .map(
                |(id, name, default_minutes, default_capacity)| ActivityChoice {
                    id,
                    name,
                    default_minutes,
                    default_capacity,
                },
            )
            .collect();
        Ok(PlanningWeek {
            week,
            calendar,
            activities,
            sessions: schedule::sessions_in_week(db, week).await?,
            me: caller.user.person_id,
            may_plan_any: caller.user.may(Permission::PlanAnySession),
        })
    }

    pub async fn create_session(session: NewSession) -> Result<SessionId, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let problems = session.problems();
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems.join(" ")));
        }
        let id = crate::scheduling::use_cases::planning::create_session(&caller.state.db, &session)
            .await?;
        tracing::info!(session = %id, by = %caller.user.person_id, "session planned");
        // Without JavaScript, go on to the new session's page rather than back to the form.
        crate::server::redirect_plain_form(&format!("/plan/sessions/{id}"));
        Ok(id)
    }

    /// Tutors and mentors change only the sessions they lead (with "this and following", every
    /// one of them); coordinators and team leaders any. `refusal` says what they may not do.
    pub(crate) async fn require_lead(
        caller: &Caller,
        id: SessionId,
        scope: EditScope,
        refusal: &str,
    ) -> Result<(), AppError> {
        if caller.user.may(Permission::PlanAnySession)
            || series::leads_all(&caller.state.db, id, scope, caller.user.person_id).await?
        {
            Ok(())
        } else {
            Err(AppError::NotAllowed(refusal.into()))
        }
    }

    async fn may_change(caller: &Caller, id: SessionId, scope: EditScope) -> Result<(), AppError> {
        let refusal = match scope {
            EditScope::ThisOnly => "Only the session's leads or the coordinator can change it.",
            EditScope::ThisAndFollowing => {
                "Only someone who leads this session and every later one, or the coordinator, \
                 can change them all."
            }
        };
        require_lead(caller, id, scope, refusal).await
    }

    pub async fn move_session(
        id: SessionId,
        space: SpaceId,
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
        scope: EditScope,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        if !crate::scheduling::week::is_supported(starts_at.date()) {
            return Err(AppError::Invalid(
                crate::scheduling::week::UNSUPPORTED_DATE.into(),
            ));
        }
        may_change(&caller, id, scope).await?;
        crate::scheduling::use_cases::planning::move_session(
            &caller.state.db,
            id,
            space,
            starts_at,
            ends_at,
            scope,
        )
        .await?;
        tracing::info!(session = %id, ?scope, by = %caller.user.person_id, "session moved");
        Ok(())
    }

    pub async fn cancel_session(
        id: SessionId,
        reason: String,
        scope: EditScope,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let reason = reason.trim();
        if reason.is_empty() || reason.len() > 300 {
            return Err(AppError::Invalid(
                "Say why it is cancelled (up to 300 characters): booked people will see it.".into(),
            ));
        }
        may_change(&caller, id, scope).await?;
        let count = crate::scheduling::use_cases::planning::cancel_session(
            &caller.state.db,
            id,
            reason,
            scope,
        )
        .await?;
        tracing::info!(session = %id, count, by = %caller.user.person_id, "sessions cancelled");
        Ok(())
    }

    pub async fn set_capacity(id: SessionId, capacity: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let capacity = crate::forms::whole_number(&capacity, 1..=100)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| AppError::Invalid("Places: a whole number from 1 to 100.".into()))?;
        may_change(&caller, id, EditScope::ThisOnly).await?;
        let db = &caller.state.db;
        let promoted =
            crate::scheduling::use_cases::enrolment::set_capacity(db, id, capacity).await?;
        let promoted = promoted.len();
        tracing::info!(session = %id, capacity, promoted, by = %caller.user.person_id, "places changed");
        Ok(())
    }
}
