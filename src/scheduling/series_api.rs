//! Server functions for repeating series: planning a whole series at once, and enrolling a
//! participant on the rest of a course. Moving and cancelling "this and following" go through
//! `move_session` and `cancel_session` with their `scope`.
//!
//! Every argument is a form field, so a plain HTML form (no JavaScript) can post to them: lists
//! as indexed names (`weekdays[0]=tue&weekdays[1]=thu`), optional fields as text that may be
//! empty.

// `create_series` takes one argument per form field.
#![allow(clippy::too_many_arguments)]

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

use super::enrolment::SeriesPlace;
use super::session::{ActivityId, SessionId};
use crate::error::AppError;
use crate::people::PersonId;
use crate::venues::SpaceId;

/// Plans a series: the first session on `date` from `start` to `end`, then on the chosen
/// `weekdays` ("mon" … "sun") `every` week or fortnight ("weekly", "fortnightly") for `weeks`
/// weeks or `until` a last date (one of the two), except the `skip` dates ("2027-01-12,
/// 2027-02-16"). One clash refuses it all, naming the dates. Returns the sessions in date order.
#[server(prefix = "/api", endpoint = "create_series")]
pub async fn create_series(
    activity: ActivityId,
    space: SpaceId,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    #[server(default)] leads: Vec<PersonId>,
    #[server(default)] capacity: Option<u32>,
    #[server(default)] notes: String,
    every: String,
    #[server(default)] weekdays: Vec<String>,
    #[server(default)] weeks: String,
    #[server(default)] until: String,
    #[server(default)] skip: String,
) -> Result<Vec<SessionId>, AppError> {
    let times = (date, start, end);
    let template =
        super::planning::NewSession::from_form(activity, space, times, leads, capacity, notes);
    let repeat = super::series::Repeat::from_form(&every, &weekdays, &weeks, &until, &skip);
    crate::error::respond(server::create_series(template, repeat).await)
}

/// Enrols a participant on this session and every later planned session of its series: booked
/// where there is a place, waitlisted where it is full. Returns where each new place is;
/// sessions they were already on are left out.
#[server(prefix = "/api", endpoint = "enrol_series")]
pub async fn enrol_series(
    session: SessionId,
    participant: PersonId,
) -> Result<Vec<SeriesPlace>, AppError> {
    crate::error::respond(server::enrol_series(session, participant).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::scheduling::clash::short_day;
    use crate::scheduling::enrolment::SeriesPlace;
    use crate::scheduling::enrolment_api::reach;
    use crate::scheduling::planning::NewSession;
    use crate::scheduling::planning_api::require_lead;
    use crate::scheduling::series::{EditScope, Repeat};
    use crate::scheduling::session::SessionId;
    use crate::server::auth;

    pub async fn create_series(
        template: NewSession,
        repeat: Result<Repeat, String>,
    ) -> Result<Vec<SessionId>, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let mut problems: Vec<String> = template.problems().into_iter().map(Into::into).collect();
        match &repeat {
            Ok(repeat) => problems.extend(
                repeat
                    .problems(template.starts_at.date())
                    .into_iter()
                    .map(Into::into),
            ),
            Err(problem) => problems.push(problem.clone()),
        }
        let repeat = match repeat {
            Ok(repeat) if problems.is_empty() => repeat,
            _ => return Err(AppError::Invalid(problems.join(" "))),
        };
        let ids = crate::scheduling::use_cases::planning::create_series(
            &caller.state.db,
            &template,
            &repeat,
        )
        .await?;
        tracing::info!(sessions = ids.len(), by = %caller.user.person_id, "series planned");
        // Without JavaScript, go on to the first session's page rather than back to the form.
        if let Some(first) = ids.first() {
            crate::server::redirect_plain_form(&format!("/plan/sessions/{first}"));
        }
        Ok(ids)
    }

    pub async fn enrol_series(
        session: SessionId,
        participant: PersonId,
    ) -> Result<Vec<SeriesPlace>, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let refusal = "Only someone who leads this session and every later one, or the \
                       coordinator, can enrol people on them all.";
        require_lead(&caller, session, EditScope::ThisAndFollowing, refusal).await?;
        let (by, reach) = (caller.user.person_id, reach(&caller));
        match crate::scheduling::use_cases::enrolment::enrol_series(
            &caller.state.db,
            session,
            participant,
            by,
            reach,
        )
        .await?
        {
            Ok(places) => Ok(places),
            Err((on, refusal)) => {
                let coordinator = caller.user.may(Permission::ViewAllPeople);
                let why = refusal.describe(coordinator);
                Err(AppError::Conflict(format!("On {}: {why}", short_day(on))))
            }
        }
    }
}
