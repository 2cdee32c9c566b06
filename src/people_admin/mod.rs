//! The coordinator's people admin: the list, adding and editing people, invites, the audit log.

pub mod edit_api;
pub mod edit_page;
pub mod people_api;
pub mod people_page;
#[cfg(feature = "ssr")]
pub mod use_cases;
