//! Signing in and out, and the account pages every person has.

pub mod accounts_api;
pub mod password_rules;
pub mod sign_in_page;
pub mod two_step;
