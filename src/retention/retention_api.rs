//! Server functions for the retention schedule and legal holds: the coordinator's and team
//! leader's (`ManageRetention`, two-step sign-in). The daily job runs on its own
//! (`retention::daily`); `run_retention` runs it now, for whoever has just changed a period.

use leptos::prelude::*;

use super::{RetentionOverview, RunSummary};
use crate::error::AppError;
use crate::people::PersonId;

/// The schedule, what would go today, the holds and the closed cases.
#[server(prefix = "/api", endpoint = "retention")]
pub async fn load_retention() -> Result<RetentionOverview, AppError> {
    crate::error::respond(server::overview().await)
}

/// Sets how many months one kind of record (`kind`: its slug) is kept.
#[server(prefix = "/api", endpoint = "set_retention")]
pub async fn set_retention(
    #[server(default)] kind: String,
    #[server(default)] months: String,
) -> Result<(), AppError> {
    crate::error::respond(server::set_period(kind, months).await)
}

/// Puts a participant's records on legal hold, with the reason.
#[server(prefix = "/api", endpoint = "place_legal_hold")]
pub async fn place_legal_hold(
    participant: PersonId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    crate::error::respond(server::place_hold(participant, reason).await)
}

#[server(prefix = "/api", endpoint = "lift_legal_hold")]
pub async fn lift_legal_hold(participant: PersonId) -> Result<(), AppError> {
    crate::error::respond(server::lift_hold(participant).await)
}

/// Anonymises what has expired, now rather than at the next daily run.
#[server(prefix = "/api", endpoint = "run_retention")]
pub async fn run_retention() -> Result<RunSummary, AppError> {
    crate::error::respond(server::run().await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::retention::{self, use_cases, RecordKind, RetentionOverview, RunSummary};
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};

    async fn coordinator() -> Result<(Caller, chrono::NaiveDate), AppError> {
        let caller = auth::require(Permission::ManageRetention).await?;
        let today = clock::programme_now(&caller.state.db).await?.date();
        Ok((caller, today))
    }

    pub async fn overview() -> Result<RetentionOverview, AppError> {
        let (caller, today) = coordinator().await?;
        use_cases::overview(&caller.state.db, today).await
    }

    pub async fn set_period(kind: String, months: String) -> Result<(), AppError> {
        let (caller, _) = coordinator().await?;
        let kind = RecordKind::from_slug(kind.trim()).ok_or_else(|| {
            AppError::Invalid("Choose one of the kinds of record on the page.".into())
        })?;
        let months = retention::parse_months(kind, &months).map_err(AppError::Invalid)?;
        use_cases::set_period(&caller.state.db, &caller.actor(), kind, months).await?;
        redirect_plain_form("/retention");
        Ok(())
    }

    pub async fn place_hold(participant: PersonId, reason: String) -> Result<(), AppError> {
        let (caller, today) = coordinator().await?;
        let reason = retention::parse_hold_reason(&reason).map_err(AppError::Invalid)?;
        use_cases::place_hold(
            &caller.state.db,
            &caller.actor(),
            participant,
            &reason,
            today,
        )
        .await?;
        redirect_plain_form("/retention");
        Ok(())
    }

    pub async fn lift_hold(participant: PersonId) -> Result<(), AppError> {
        let (caller, _) = coordinator().await?;
        use_cases::lift_hold(&caller.state.db, &caller.actor(), participant).await?;
        redirect_plain_form("/retention");
        Ok(())
    }

    pub async fn run() -> Result<RunSummary, AppError> {
        let (caller, today) = coordinator().await?;
        let summary = use_cases::run(&caller.state.db, Some(&caller.actor()), today).await?;
        redirect_plain_form("/retention");
        Ok(summary)
    }
}
