//! Server functions for enrolling participants on sessions and cancelling their places. Leads
//! enrol on the sessions they lead; coordinators and team leaders on any.

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
mod server {
    use crate::access::Permission;
    use crate::data::enrolment;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::scheduling::enrolment::Enrolled;
    use crate::scheduling::planning_api::require_lead;
    use crate::scheduling::series::EditScope;
    use crate::scheduling::session::SessionId;
    use crate::server::auth::{self, Caller};

    async fn may_enrol_on(caller: &Caller, session: SessionId) -> Result<(), AppError> {
        let refusal = "Only the session's leads or the coordinator can enrol people on it.";
        require_lead(caller, session, EditScope::ThisOnly, refusal).await
    }

    pub async fn enrol(session: SessionId, participant: PersonId) -> Result<Enrolled, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        may_enrol_on(&caller, session).await?;
        let db = &caller.state.db;
        match enrolment::enrol(db, session, participant, caller.user.person_id).await? {
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
        let promoted = enrolment::cancel(
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
