//! Sign-in, sessions and the access check every server function starts with.

mod backend;
mod guard;
mod hashing;
pub mod passwords;
mod sign_in;
pub mod two_step;

pub use backend::{AuthSession, Backend};
pub use guard::{
    auth_session, check, client_ip, current_user, require, Asking, Caller, ABSOLUTE_LIFETIME_HOURS,
};
pub use sign_in::{sign_in, Attempt, Outcome, ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW_MINUTES};

/// A fresh unguessable token for a link: 256 random bits, hex.
pub fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
