//! Small components every page uses.

pub mod actions;
pub mod error_notice;
pub mod loaded;
pub mod not_found;
pub mod plain_pages;
pub mod refresh;
pub mod route;
