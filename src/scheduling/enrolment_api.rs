//! Server functions for enrolling participants on sessions and cancelling their places. Leads
//! enrol on the sessions they lead, and only the activity's group and their own mentees;
//! coordinators and team leaders anyone on any session. A lead cancels only places on the
//! sessions they lead (anyone not on the session is "not found", whoever they are).

use leptos::prelude::*;

use super::enrolment::Enrolled;
use super::session::SessionId;
use crate::error::AppError;
use crate::people::PersonId;

/// Books the participant, or waitlists them when the session is full.
#[server(prefix = "/api", endpoint = "enrol")]
pub async fn enrol(session: SessionId, participant: PersonId) -> Result<Enrolled, AppError> {
    crate::error::respond(server::enrol(session, participant).await)
}

/// Cancels the participant's place (or waitlist place); the first person waiting moves up.
#[server(prefix = "/api", endpoint = "cancel_booking")]
pub async fn cancel_booking(session: SessionId, participant: PersonId) -> Result<(), AppError> {
    crate::error::respond(server::cancel_booking(session, participant).await)
}

#[cfg(feature = "ssr")]
pub(crate) use server::reach;

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::scheduling::enrolment::{Enrolled, Reach};
    use crate::scheduling::planning_api::require_lead;
    use crate::scheduling::series::EditScope;
    use crate::scheduling::session::SessionId;
    use crate::scheduling::use_cases::enrolment as use_cases;
    use crate::server::auth::{self, Caller};

    async fn may_enrol_on(caller: &Caller, session: SessionId) -> Result<(), AppError> {
        let refusal = "Only the session's leads or the coordinator can enrol people on it.";
        require_lead(caller, session, EditScope::ThisOnly, refusal).await
    }

    /// Whom the caller may add: everyone, or the activity's group and their own mentees.
    pub(crate) fn reach(caller: &Caller) -> Reach {
        let anyone = caller.user.may(Permission::EnrolAnyParticipant);
        Reach::of(caller.user.person_id, anyone)
    }

    pub async fn enrol(session: SessionId, participant: PersonId) -> Result<Enrolled, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        may_enrol_on(&caller, session).await?;
        let db = &caller.state.db;
        let by = caller.user.person_id;
        match use_cases::enrol(db, session, participant, by, reach(&caller)).await? {
            Ok(outcome) => Ok(outcome),
            Err(refusal) => {
                let coordinator = caller.user.may(Permission::ViewAllPeople);
                Err(AppError::Conflict(refusal.describe(coordinator)))
            }
        }
    }

    pub async fn cancel_booking(session: SessionId, participant: PersonId) -> Result<(), AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        may_enrol_on(&caller, session).await?;
        let promoted = use_cases::cancel(
            &caller.state.db,
            session,
            participant,
            caller.user.person_id,
            false,
        )
        .await?;
        if let Some(promoted) = promoted {
            tracing::info!(session = %session, participant = %promoted, "promoted from the waitlist");
        }
        Ok(())
    }
}
