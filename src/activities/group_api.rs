//! Server functions for activity groups: coordinators and team leaders read and change who is in
//! an activity's group; every change is in the audit log. Tutors and mentors never see a group:
//! they meet it only as the people they may add to their sessions.

use leptos::prelude::*;

use super::groups::ActivityGroup;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::ActivityId;

/// The activity's group, and the participants who could join it.
#[server(prefix = "/api", endpoint = "activity_group")]
pub async fn load_activity_group(activity: ActivityId) -> Result<ActivityGroup, AppError> {
    crate::error::respond(server::group(activity).await)
}

/// Puts a participant in the activity's group. `participant` is the picker's value.
#[server(prefix = "/api", endpoint = "add_to_activity_group")]
pub async fn add_to_activity_group(
    activity: ActivityId,
    #[server(default)] participant: String,
) -> Result<(), AppError> {
    crate::error::respond(server::add(activity, participant).await)
}

/// Takes a participant off the activity's group; sessions they are booked on keep them.
#[server(prefix = "/api", endpoint = "remove_from_activity_group")]
pub async fn remove_from_activity_group(
    activity: ActivityId,
    participant: PersonId,
) -> Result<(), AppError> {
    crate::error::respond(server::remove(activity, participant).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::activities::groups::{parse_member, ActivityGroup};
    use crate::data::activity_groups;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::scheduling::session::ActivityId;
    use crate::server::auth::{self, Caller};
    use crate::server::redirect_plain_form;

    /// After a change, a plain form goes back to the group's page.
    fn back_to(caller: &Caller, activity: ActivityId, what: &str) {
        tracing::info!(activity = %activity, by = %caller.user.person_id, what, "activity group changed");
        redirect_plain_form(&format!("/activities/{activity}/group"));
    }

    pub async fn group(activity: ActivityId) -> Result<ActivityGroup, AppError> {
        let caller = auth::require(Permission::ManageActivityGroups).await?;
        activity_groups::group(&caller.state.db, activity).await
    }

    pub async fn add(activity: ActivityId, participant: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageActivityGroups).await?;
        let participant =
            parse_member(&participant).map_err(|problem| AppError::Invalid(problem.into()))?;
        crate::activities::use_cases::add_to_group(
            &caller.state.db,
            activity,
            participant,
            &caller.actor(),
        )
        .await?
        .map_err(|refusal| refusal.into_error())?;
        back_to(&caller, activity, "member added");
        Ok(())
    }

    pub async fn remove(activity: ActivityId, participant: PersonId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageActivityGroups).await?;
        crate::activities::use_cases::remove_from_group(
            &caller.state.db,
            activity,
            participant,
            &caller.actor(),
        )
        .await?
        .map_err(|refusal| refusal.into_error())?;
        back_to(&caller, activity, "member removed");
        Ok(())
    }
}
