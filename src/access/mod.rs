//! Who may do what. The policy is stated once, in [`policy`], and used by every server function
//! and every page; the data layer then returns views shaped for the role, so a field a role may
//! not see is never loaded into its answer.

pub mod policy;
mod signed_in;

pub use policy::{allows, Permission};
pub use signed_in::SignedIn;

/// The server functions anyone may call without signing in: signing in and out, asking who is
/// signed in, and the invite link (whose secret is the proof). Every other `/api/` path answers
/// 401 to a caller who is not signed in, before its arguments are even read.
pub const PUBLIC_SERVER_FUNCTIONS: [&str; 8] = [
    "/api/sign_in",
    "/api/sign_out",
    "/api/current_user",
    "/api/invite",
    "/api/accept_invite",
    // The referral forms: a partner's behind its secret link, and the self-referral form.
    "/api/partner_form",
    "/api/refer",
    "/api/refer_self",
];
