//! Who may do what. The policy is stated once, in [`policy`], and used by every server function
//! and every page; the data layer then returns views shaped for the role, so a field a role may
//! not see is never loaded into its answer.

pub mod policy;
mod signed_in;

pub use policy::{allows, Permission};
pub use signed_in::SignedIn;
