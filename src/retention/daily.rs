//! The daily run of the retention job, on every app server: at start-up, then once a day. Two
//! servers running it at once is harmless — writers take turns, and a record already
//! anonymised is skipped — and a run that finds nothing writes nothing.

use std::time::Duration;

use crate::data::Db;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(DAY);
        loop {
            every.tick().await;
            match super::use_cases::run_today(&db).await {
                Ok(summary) => tracing::info!(summary = %summary.words(), "retention job ran"),
                // Counts and kinds only: nothing personal reaches the log.
                Err(error) => {
                    tracing::warn!(%error, "retention job failed; it runs again tomorrow")
                }
            }
        }
    });
}
