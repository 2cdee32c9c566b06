//! The programme's sessions: weeks, sessions, and the pages that show them.

pub mod clash;
pub mod enrolment;
pub mod enrolment_api;
pub mod planning;
pub mod planning_api;
pub mod series;
pub mod series_api;
pub mod session;
pub mod week;
pub mod week_api;
pub mod week_page;
