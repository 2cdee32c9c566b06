//! What every request handler and server function shares.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use crate::data::Db;
use crate::error::AppError;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// The address people use (`TURNAROUND_PUBLIC_URL`), for links we hand out.
    pub public_url: String,
    /// Refusals of people not signed in, written to the audit log a minute at a time.
    pub refusals: std::sync::Arc<super::refusal_tally::RefusalTally>,
    /// How often one address may send the public referral forms (`referrals::use_cases`).
    pub referral_forms: std::sync::Arc<super::anonymous::AnonymousLimit>,
    /// The wellbeing questionnaire the programme uses (`TURNAROUND_WELLBEING_FILE`).
    pub wellbeing: std::sync::Arc<crate::wellbeing::instrument::Instrument>,
}

/// The state, from inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState was not provided to the Leptos context");
        AppError::Internal
    })
}
