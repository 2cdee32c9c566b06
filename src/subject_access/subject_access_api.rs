//! Server functions for subject access requests: the coordinator's and team leader's
//! (`ManageRetention`, two-step sign-in). The pack itself is a download
//! (`subject_access::routes`): a server function answers data, not a file to save.

use leptos::prelude::*;

use super::{RequestId, Requests};
use crate::error::AppError;
use crate::people::PersonId;

/// The requests, open ones first, and the participants one may be registered for.
#[server(prefix = "/api", endpoint = "subject_access_requests")]
pub async fn load_requests() -> Result<Requests, AppError> {
    crate::error::respond(server::list().await)
}

/// Registers a request: who, the day it arrived (`received_on`, YYYY-MM-DD) and how (`how`).
#[server(prefix = "/api", endpoint = "register_subject_access")]
pub async fn register_subject_access(
    participant: PersonId,
    #[server(default)] received_on: String,
    #[server(default)] how: String,
) -> Result<RequestId, AppError> {
    crate::error::respond(server::register(participant, received_on, how).await)
}

/// Records that the pack was sent today.
#[server(prefix = "/api", endpoint = "answer_subject_access")]
pub async fn answer_subject_access(id: RequestId) -> Result<(), AppError> {
    crate::error::respond(server::answer(id).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};
    use crate::subject_access::{self, use_cases, HowReceived, RequestId, Requests};

    async fn coordinator() -> Result<(Caller, chrono::NaiveDate), AppError> {
        let caller = auth::require(Permission::ManageRetention).await?;
        let today = clock::programme_now(&caller.state.db).await?.date();
        Ok((caller, today))
    }

    pub async fn list() -> Result<Requests, AppError> {
        let (caller, today) = coordinator().await?;
        use_cases::list(&caller.state.db, today).await
    }

    pub async fn register(
        participant: PersonId,
        received_on: String,
        how: String,
    ) -> Result<RequestId, AppError> {
        let (caller, today) = coordinator().await?;
        let received =
            subject_access::parse_received(&received_on, today).map_err(AppError::Invalid)?;
        let how = HowReceived::from_slug(how.trim()).ok_or_else(|| {
            AppError::Invalid("Say how the request arrived: choose from the list.".into())
        })?;
        let id = use_cases::register(
            &caller.state.db,
            &caller.actor(),
            participant,
            received,
            how,
        )
        .await?;
        redirect_plain_form("/subject-access");
        Ok(id)
    }

    pub async fn answer(id: RequestId) -> Result<(), AppError> {
        let (caller, today) = coordinator().await?;
        use_cases::answer(&caller.state.db, &caller.actor(), id, today).await?;
        redirect_plain_form("/subject-access");
        Ok(())
    }
}
