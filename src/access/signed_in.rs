use serde::{Deserialize, Serialize};

use super::policy::{self, Permission};
use crate::people::{PersonId, Role};

/// The person using the app, as the pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub person_id: PersonId,
    /// The name they are greeted by (preferred name, else given name).
    pub first_name: String,
    pub roles: Vec<Role>,
    /// Two-step sign-in is on for this account.
    pub two_step_enabled: bool,
}

impl SignedIn {
    pub fn may(&self, permission: Permission) -> bool {
        !self.must_set_up_two_step() && policy::allows(&self.roles, permission)
    }

    /// A coordinator without an authenticator app may do nothing until they add one.
    pub fn must_set_up_two_step(&self) -> bool {
        policy::must_use_two_step(&self.roles) && !self.two_step_enabled
    }

    pub fn is_staff(&self) -> bool {
        policy::is_staff(&self.roles)
    }

    /// Where this person starts after signing in.
    pub fn home(&self) -> &'static str {
        if self.must_set_up_two_step() {
            "/account/two-step"
        } else if self.is_staff() {
            "/"
        } else {
            "/my"
        }
    }
}
