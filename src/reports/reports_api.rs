//! Server functions for the funders' report (`ReadFundersReport`: coordinators and team
//! leaders) and the Justice Data Lab details (`ManageDataLabDetails`: coordinators, two-step
//! sign-in). The CSV, the print view and the extract are plain downloads (`reports::routes`).

use leptos::prelude::*;

use super::data_lab::{DataLabSummary, Identity};
use super::FundersReportView;
use crate::error::AppError;
use crate::people::PersonId;

/// The report for the period from `first` to `last` (dates, "2026-07-01"); both blank: the
/// last whole quarter.
#[server(prefix = "/api", endpoint = "funders_report")]
pub async fn load_funders_report(
    #[server(default)] first: String,
    #[server(default)] last: String,
) -> Result<FundersReportView, AppError> {
    crate::error::respond(server::report(first, last).await)
}

/// A participant's date of birth, gender and Data Lab consent.
#[server(prefix = "/api", endpoint = "participant_identity")]
pub async fn load_identity(participant: PersonId) -> Result<Identity, AppError> {
    crate::error::respond(server::identity(participant).await)
}

/// Saves them (each may be blank): `born_on` and `consent_on` as dates, `gender` female, male
/// or another.
#[server(prefix = "/api", endpoint = "save_participant_identity")]
pub async fn save_identity(
    participant: PersonId,
    #[server(default)] born_on: String,
    #[server(default)] gender: String,
    #[server(default)] consent_on: String,
) -> Result<(), AppError> {
    crate::error::respond(server::save_identity(participant, born_on, gender, consent_on).await)
}

/// How many rows the Data Lab extract would have.
#[server(prefix = "/api", endpoint = "data_lab_summary")]
pub async fn load_data_lab_summary() -> Result<DataLabSummary, AppError> {
    crate::error::respond(server::data_lab_summary().await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::super::data_lab::{DataLabSummary, Identity};
    use super::super::funders::FundersReport;
    use super::super::period::Period;
    use super::super::use_cases;
    use super::super::FundersReportView;
    use crate::access::Permission;
    use crate::data::Db;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::server::{auth, clock, redirect_plain_form};

    /// The period the form asks for; both blank: the last whole quarter before `today`.
    pub fn period(first: &str, last: &str, today: chrono::NaiveDate) -> Result<Period, AppError> {
        if first.trim().is_empty() && last.trim().is_empty() {
            return Ok(Period::quarter_before(today));
        }
        Period::parse(first, last).map_err(AppError::Invalid)
    }

    /// The report as the caller may see it (everything but a count below 5).
    pub async fn report_for(
        state: &crate::server::state::AppState,
        first: &str,
        last: &str,
    ) -> Result<FundersReport, AppError> {
        let db: &Db = &state.db;
        let now = clock::programme_now(db).await?;
        let period = period(first, last, now.date())?;
        let settings = crate::data::settings::programme_settings(db).await?;
        use_cases::funders_report(db, settings.programme_name, &state.wellbeing, period, now).await
    }

    pub async fn report(first: String, last: String) -> Result<FundersReportView, AppError> {
        let caller = auth::require(Permission::ReadFundersReport).await?;
        let report = report_for(&caller.state, &first, &last).await?;
        Ok(FundersReportView {
            title: format!("{}: {}", report.programme, report.period.name()),
            first: report.period.first,
            last: report.period.last,
            html: super::super::funders_html::body(&report),
        })
    }

    pub async fn identity(participant: PersonId) -> Result<Identity, AppError> {
        let caller = auth::require(Permission::ManageDataLabDetails).await?;
        use_cases::identity(&caller.state.db, participant).await
    }

    pub async fn save_identity(
        participant: PersonId,
        born_on: String,
        gender: String,
        consent_on: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageDataLabDetails).await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let identity =
            Identity::parse(&born_on, &gender, &consent_on, today).map_err(AppError::Invalid)?;
        use_cases::save_identity(db, &caller.actor(), participant, &identity).await?;
        redirect_plain_form(&format!("/people/{participant}/edit"));
        Ok(())
    }

    pub async fn data_lab_summary() -> Result<DataLabSummary, AppError> {
        let caller = auth::require(Permission::ManageDataLabDetails).await?;
        use_cases::data_lab_summary(&caller.state.db).await
    }
}
