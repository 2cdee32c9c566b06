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
        let setting_up = permission == Permission::SetUpOwnTwoStep;
        (setting_up || !self.must_set_up_two_step()) && policy::allows(&self.roles, permission)
    }

    /// A coordinator without an authenticator app may do nothing until they add one.
    pub fn must_set_up_two_step(&self) -> bool {
        policy::must_use_two_step(&self.roles) && !self.two_step_enabled
    }

    pub fn is_staff(&self) -> bool {
        policy::is_staff(&self.roles)
    }

    /// A driver and nothing else.
    fn only_drives(&self) -> bool {
        !self.roles.is_empty() && self.roles.iter().all(|role| *role == Role::Driver)
    }

    /// Where this person starts after signing in.
    pub fn home(&self) -> &'static str {
        if self.must_set_up_two_step() {
            "/account/two-step"
        } else if self.only_drives() {
            // The pick-up list is what a driver opens the app for, and it is a light page: the
            // week would download the whole staff bundle to a phone in a car park.
            "/driver"
        } else if self.is_staff() {
            "/"
        } else {
            "/my"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coordinator(two_step_enabled: bool) -> SignedIn {
        SignedIn {
            person_id: PersonId(1),
            first_name: "Sarah".into(),
            roles: vec![Role::Coordinator],
            two_step_enabled,
        }
    }

    #[test]
    fn a_coordinator_without_two_step_may_only_set_it_up() {
        let pending = coordinator(false);
        assert!(pending.may(Permission::SetUpOwnTwoStep));
        assert!(!pending.may(Permission::ViewAllPeople));
        assert!(!pending.may(Permission::ViewWeekProgramme));
        assert_eq!(pending.home(), "/account/two-step");
        let ready = coordinator(true);
        assert!(ready.may(Permission::ViewAllPeople));
        assert_eq!(ready.home(), "/");
    }

    #[test]
    fn a_driver_starts_on_the_pick_up_list_and_a_driving_tutor_on_the_week() {
        let with = |roles: Vec<Role>| SignedIn {
            person_id: PersonId(2),
            first_name: "Mick".into(),
            roles,
            two_step_enabled: false,
        };
        assert_eq!(with(vec![Role::Driver]).home(), "/driver");
        assert_eq!(with(vec![Role::Driver, Role::Tutor]).home(), "/");
        assert_eq!(with(vec![Role::Participant]).home(), "/my");
    }
}
