//! Server functions for the keep-apart list: coordinators and team leaders only. These, and the
//! coordinator's own enrolment refusal, are the only answers that ever carry a reason.

use leptos::prelude::*;

use super::KeepApartList;
use crate::error::AppError;
use crate::people::PersonId;

/// The pairs with their reasons, and the participants to pick a new pair from.
#[server(prefix = "/api", endpoint = "keep_apart")]
pub async fn load_keep_apart() -> Result<KeepApartList, AppError> {
    crate::error::respond(server::list().await)
}

/// Keeps two participants apart. `first` and `second` are the pickers' values.
#[server(prefix = "/api", endpoint = "add_keep_apart")]
pub async fn add_keep_apart(
    #[server(default)] first: String,
    #[server(default)] second: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    crate::error::respond(server::add(first, second, reason).await)
}

/// Takes a pair off the list.
#[server(prefix = "/api", endpoint = "remove_keep_apart")]
pub async fn remove_keep_apart(person_a: PersonId, person_b: PersonId) -> Result<(), AppError> {
    crate::error::respond(server::remove(person_a, person_b).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::data::keep_apart;
    use crate::error::AppError;
    use crate::keep_apart::use_cases;
    use crate::keep_apart::{KeepApartList, PairDraft};
    use crate::people::PersonId;
    use crate::server::auth;
    use crate::server::{clock, redirect_plain_form};

    pub async fn list() -> Result<KeepApartList, AppError> {
        let caller = auth::require(Permission::ManageKeepApart).await?;
        keep_apart::list(&caller.state.db).await
    }

    pub async fn add(first: String, second: String, reason: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageKeepApart).await?;
        let pair = PairDraft::parse(&first, &second, &reason)
            .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
        let db = &caller.state.db;
        let now = clock::programme_now(db).await?;
        use_cases::add(db, &pair, now, &caller.actor()).await?;
        redirect_plain_form("/keep-apart");
        Ok(())
    }

    pub async fn remove(person_a: PersonId, person_b: PersonId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageKeepApart).await?;
        use_cases::remove(&caller.state.db, person_a, person_b, &caller.actor()).await?;
        redirect_plain_form("/keep-apart");
        Ok(())
    }
}
