//! The fictional demo programme, loaded only into an empty database. Its people, places,
//! activities and sessions go in through the storage functions the use cases call, in one
//! transaction with the emptiness check ([`programme`]); its transport is then planned, given to
//! drivers and published through the coordinator's own use cases, so the demo board is exactly
//! what the coordinator would have made.

mod content;
mod programme;

pub use content::{participant_username, DEMO_PASSWORD, DEMO_TOTP_SECRET};

use chrono::{Days, NaiveDate};

use crate::data::{self, Db};
use crate::error::AppError;
use crate::transport::use_cases;

/// What loading the demo programme did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded {
        people: usize,
        sessions: usize,
    },
    /// The database already holds a programme; nothing was written.
    SkippedNotEmpty,
}

/// Loads the demo programme when the database holds no programme data at all. Sessions run from
/// the Monday of `today`'s week to two weeks after `today`. Every demo person gets an account
/// whose password hashes to `password_hash` (the hash of `DEMO_PASSWORD`, computed once by the
/// caller: hashing is deliberately slow).
pub async fn load_if_empty(
    db: &Db,
    today: NaiveDate,
    password_hash: &str,
) -> Result<DemoOutcome, AppError> {
    // The emptiness check and the load are one write transaction, so two servers starting
    // together cannot both load it, and real data is never mixed with demo data.
    let mut tx = db.write().await?;
    if !data::demo::holds_no_programme(&mut tx).await? {
        return Ok(DemoOutcome::SkippedNotEmpty);
    }
    let outcome = programme::write(&mut tx, today, password_hash).await?;
    data::demo::mark_as_demo(&mut tx).await?;
    tx.commit().await?;
    publish_transport(db, today).await?;
    Ok(outcome)
}

/// Plans the runs from today for two weeks, gives each to the first demo driver free at the
/// time whose documents are in date, and publishes it, so participants see pick-up times and
/// the driver has a list from the start. Once the demo DBS checks run out (in 12 days) later
/// runs stay drafts, as they would for real.
async fn publish_transport(db: &Db, today: NaiveDate) -> Result<(), AppError> {
    let drivers = data::demo::driver_ids(db).await?;
    for day in 0..14 {
        let Some(date) = today.checked_add_days(Days::new(day)) else {
            break;
        };
        use_cases::plan(db, date).await?;
        for run in data::runs::runs_on(db, date).await? {
            for driver in &drivers {
                match use_cases::assign_driver(db, run, *driver).await {
                    Ok(()) => {
                        use_cases::publish(db, run).await?;
                        break;
                    }
                    Err(AppError::Conflict(_)) => continue,
                    Err(other) => return Err(other),
                }
            }
        }
    }
    Ok(())
}
