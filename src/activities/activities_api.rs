//! Server functions for activities: the list for everyone who plans, adding and changing for
//! coordinators and team leaders.

use leptos::prelude::*;

use super::{Activity, ActivityForm, ActivityList};
use crate::error::AppError;
use crate::scheduling::session::ActivityId;

/// Every activity, and whether the person asking may change them.
#[server(prefix = "/api", endpoint = "activities")]
pub async fn list_activities() -> Result<ActivityList, AppError> {
    crate::error::respond(server::list().await)
}

/// One activity, for its edit form (so for those who may change it).
#[server(prefix = "/api", endpoint = "activity")]
pub async fn load_activity(id: ActivityId) -> Result<Activity, AppError> {
    crate::error::respond(server::get(id).await)
}

/// Adds an activity. Fields are text, read by [`super::ActivityDraft::parse`].
#[server(prefix = "/api", endpoint = "add_activity")]
pub async fn add_activity(#[server(flatten)] form: ActivityForm) -> Result<ActivityId, AppError> {
    crate::error::respond(server::save(None, form).await)
}

/// Changes an activity's name, kind and defaults (planned sessions keep their own).
#[server(prefix = "/api", endpoint = "update_activity")]
pub async fn update_activity(
    id: ActivityId,
    #[server(flatten)] form: ActivityForm,
) -> Result<ActivityId, AppError> {
    crate::error::respond(server::save(Some(id), form).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::activities::{Activity, ActivityDraft, ActivityForm, ActivityList};
    use crate::data::activities;
    use crate::error::AppError;
    use crate::scheduling::session::ActivityId;
    use crate::server::{auth, redirect_plain_form};

    pub async fn list() -> Result<ActivityList, AppError> {
        let caller = auth::require(Permission::ViewActivities).await?;
        Ok(ActivityList {
            activities: activities::list(&caller.state.db).await?,
            may_manage: caller.user.may(Permission::ManageActivities),
        })
    }

    pub async fn get(id: ActivityId) -> Result<Activity, AppError> {
        let caller = auth::require(Permission::ManageActivities).await?;
        activities::get(&caller.state.db, id).await
    }

    /// Adds (`id` is `None`) or changes an activity.
    pub async fn save(id: Option<ActivityId>, form: ActivityForm) -> Result<ActivityId, AppError> {
        let caller = auth::require(Permission::ManageActivities).await?;
        let draft = ActivityDraft::parse(&form)
            .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
        let db = &caller.state.db;
        let id = match id {
            Some(id) => {
                crate::activities::use_cases::update(db, id, &draft).await?;
                id
            }
            None => crate::activities::use_cases::create(db, &draft).await?,
        };
        tracing::info!(activity = %id, by = %caller.user.person_id, "activity saved");
        redirect_plain_form("/activities");
        Ok(id)
    }
}
