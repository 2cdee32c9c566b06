//! The programme's sessions: weeks, sessions, and the pages that show them.

pub mod clash;
pub mod enrolment;
pub mod enrolment_api;
pub mod plan_form;
pub mod planner;
pub mod planner_grid;
pub mod planner_page;
pub mod planning;
pub mod planning_api;
pub mod register;
pub mod series;
pub mod series_api;
pub mod session;
pub mod session_api;
pub mod session_page;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod week;
pub mod week_api;
pub mod week_page;
