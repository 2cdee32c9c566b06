//! Storage: every SQL statement the program runs, and nothing else.
//!
//! The SQL is written once, in `sql/`, in the dialect both databases speak (`$1` placeholders,
//! `string_agg`, `IS NOT DISTINCT FROM`, typed values bound from Rust rather than date
//! arithmetic in SQL). Each file there is compiled twice, once per backend, so the backends are
//! two modules with the same functions: [`sqlite`] (the embedded default) and [`postgres`] (for
//! organisations with a database server). What the two databases say differently — how a write
//! transaction begins, the few functions they name differently — is in each backend's `dialect`.
//!
//! The modules at this level are the narrow interface the rest of the program uses: the same
//! function names, taking a [`Db`] that is one backend or the other, chosen by `DATABASE_URL`
//! at start-up. Pages and server functions never know which.

// Loading each `sql/` file once per backend is the design (see above), not an accident.
#![allow(clippy::duplicate_mod)]

/// Calls `module::function(args)` on whichever backend `db` is.
macro_rules! dispatch {
    ($db:expr, $module:ident :: $function:ident ( $($arg:expr),* $(,)? )) => {
        match $db {
            $crate::data::Db::Sqlite(pool) => {
                $crate::data::sqlite::$module::$function(pool, $($arg),*).await
            }
            $crate::data::Db::Postgres(pool) => {
                $crate::data::postgres::$module::$function(pool, $($arg),*).await
            }
        }
    };
}

/// The shared SQL modules, declared inside each backend (paths are relative to the backend's
/// folder, so both read the same files).
macro_rules! sql_modules {
    () => {
        #[path = "../sql/accounts.rs"]
        pub mod accounts;
        #[path = "../sql/activities.rs"]
        pub mod activities;
        #[path = "../sql/activity_groups.rs"]
        pub mod activity_groups;
        #[path = "../sql/audit.rs"]
        pub mod audit;
        #[path = "../sql/calendar_feeds.rs"]
        pub mod calendar_feeds;
        #[path = "../sql/case_meetings.rs"]
        pub mod case_meetings;
        #[path = "../sql/claims.rs"]
        pub mod claims;
        #[path = "../sql/demo.rs"]
        pub mod demo;
        #[path = "../sql/enrolment.rs"]
        pub mod enrolment;
        #[path = "../sql/fleet.rs"]
        pub mod fleet;
        #[path = "../sql/keep_apart.rs"]
        pub mod keep_apart;
        #[path = "../sql/mileage.rs"]
        pub mod mileage;
        #[path = "../sql/my_calendar.rs"]
        pub mod my_calendar;
        #[path = "../sql/people.rs"]
        pub mod people;
        #[path = "../sql/people_edits.rs"]
        pub mod people_edits;
        #[path = "../sql/pickup_lists.rs"]
        pub mod pickup_lists;
        #[path = "../sql/places.rs"]
        pub mod places;
        #[path = "../sql/planning.rs"]
        pub mod planning;
        #[path = "../sql/plans.rs"]
        pub mod plans;
        #[path = "../sql/referrals.rs"]
        pub mod referrals;
        #[path = "../sql/register.rs"]
        pub mod register;
        #[path = "../sql/reports.rs"]
        pub mod reports;
        #[path = "../sql/retention.rs"]
        pub mod retention;
        #[path = "../sql/rosters.rs"]
        pub mod rosters;
        #[path = "../sql/runs.rs"]
        pub mod runs;
        #[path = "../sql/schedule.rs"]
        pub mod schedule;
        #[path = "../sql/series.rs"]
        pub mod series;
        #[path = "../sql/session_detail.rs"]
        pub mod session_detail;
        #[path = "../sql/settings.rs"]
        pub mod settings;
        #[path = "../sql/snapshot.rs"]
        pub mod snapshot;
        #[path = "../sql/subject_access.rs"]
        pub mod subject_access;
        #[path = "../sql/venues.rs"]
        pub mod venues;
        #[path = "../sql/wellbeing.rs"]
        pub mod wellbeing;
        #[path = "../sql/words.rs"]
        pub mod words;
    };
}

// `in_tx!` is defined there and used by the modules below.
#[macro_use]
mod transaction;

pub mod postgres;
pub mod sqlite;

pub mod accounts;
pub mod activities;
pub mod activity_groups;
pub mod audit;
pub mod calendar_feeds;
pub mod case_meetings;
pub mod claims;
pub mod database;
pub mod demo;
pub mod enrolment;
pub mod fleet;
pub mod invariants;
pub mod keep_apart;
pub mod mileage;
pub mod my_calendar;
pub mod people;
pub mod people_edits;
pub mod pickup_lists;
pub mod places;
pub mod planning;
pub mod plans;
pub mod referrals;
pub mod register;
pub mod reports;
pub mod retention;
pub mod rosters;
pub mod runs;
pub mod schedule;
pub mod series;
pub mod session_detail;
pub mod settings;
pub mod subject_access;
pub mod values;
pub mod venues;
pub mod wellbeing;
pub mod words;

pub use database::{
    database_file, migrate, open, open_read_only, ping, schema_state, Db, SchemaState, StartupError,
};
pub use sqlite::maintenance;
pub use transaction::Tx;
