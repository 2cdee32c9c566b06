//! The coordinator's people pages, and the invite page a new person opens.

pub mod api;
pub mod pages;
