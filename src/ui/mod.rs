//! Small components every page uses.

pub mod error_notice;
pub mod not_found;
