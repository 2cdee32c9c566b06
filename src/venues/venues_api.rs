//! Server functions for venues: the list and one venue for everyone who plans; adding and
//! changing venues, spaces and opening hours for coordinators and team leaders.

use leptos::prelude::*;

use super::hours::DayForm;
use super::{SpaceId, VenueForm, VenueId, VenueList, VenueRecord};
use crate::error::AppError;

/// Every venue, with its spaces, and whether the person asking may change them.
#[server(prefix = "/api", endpoint = "venues")]
pub async fn list_venues() -> Result<VenueList, AppError> {
    crate::error::respond(server::list().await)
}

/// One venue with its spaces and opening hours.
#[server(prefix = "/api", endpoint = "venue")]
pub async fn load_venue(id: VenueId) -> Result<VenueRecord, AppError> {
    crate::error::respond(server::record(id).await)
}

/// Adds a venue; its spaces and hours are added on its page.
#[server(prefix = "/api", endpoint = "add_venue")]
pub async fn add_venue(#[server(flatten)] form: VenueForm) -> Result<VenueId, AppError> {
    crate::error::respond(server::save(None, form).await)
}

/// Saves a venue's name, address, position and access notes.
#[server(prefix = "/api", endpoint = "update_venue")]
pub async fn update_venue(
    id: VenueId,
    #[server(flatten)] form: VenueForm,
) -> Result<VenueId, AppError> {
    crate::error::respond(server::save(Some(id), form).await)
}

/// Adds a space, optionally as part of a larger one (`part_of` empty: a space of its own).
#[server(prefix = "/api", endpoint = "add_space")]
pub async fn add_space(
    venue: VenueId,
    name: String,
    #[server(default)] part_of: String,
) -> Result<SpaceId, AppError> {
    crate::error::respond(server::add_space(venue, name, part_of).await)
}

/// Renames a space and sets or clears the larger space it is part of.
#[server(prefix = "/api", endpoint = "update_space")]
pub async fn update_space(
    id: SpaceId,
    name: String,
    #[server(default)] part_of: String,
) -> Result<(), AppError> {
    crate::error::respond(server::update_space(id, name, part_of).await)
}

/// Removes a space that no session has ever used.
#[server(prefix = "/api", endpoint = "remove_space")]
pub async fn remove_space(id: SpaceId) -> Result<(), AppError> {
    crate::error::respond(server::remove_space(id).await)
}

/// Saves the whole week's opening hours at once (`always_open`: no hours recorded).
#[server(prefix = "/api", endpoint = "save_opening_hours")]
pub async fn save_opening_hours(
    venue: VenueId,
    #[server(default)] always_open: Option<String>,
    #[server(default)] days: Vec<DayForm>,
) -> Result<(), AppError> {
    crate::error::respond(server::save_hours(venue, always_open.is_some(), days).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::data::venues::{self, SpaceTarget};
    use crate::error::AppError;
    use crate::forms;
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};
    use crate::venues::hours::{parse_week, DayForm};
    use crate::venues::{
        space_name, SpaceId, VenueDraft, VenueForm, VenueId, VenueList, VenueRecord,
    };

    pub async fn list() -> Result<VenueList, AppError> {
        let caller = auth::require(Permission::ViewVenues).await?;
        Ok(VenueList {
            venues: venues::list(&caller.state.db).await?,
            may_manage: caller.user.may(Permission::ManageVenues),
        })
    }

    pub async fn record(id: VenueId) -> Result<VenueRecord, AppError> {
        let caller = auth::require(Permission::ViewVenues).await?;
        let may_manage = caller.user.may(Permission::ManageVenues);
        venues::record(&caller.state.db, id, may_manage).await
    }

    /// After a change, a plain form goes back to the venue's page.
    fn back_to(caller: &Caller, venue: VenueId, what: &str) {
        tracing::info!(venue = %venue, by = %caller.user.person_id, what, "venue changed");
        redirect_plain_form(&format!("/venues/{venue}"));
    }

    pub async fn save(id: Option<VenueId>, form: VenueForm) -> Result<VenueId, AppError> {
        let caller = auth::require(Permission::ManageVenues).await?;
        let draft =
            VenueDraft::parse(&form).map_err(|problems| AppError::Invalid(problems.join(" ")))?;
        let id = crate::venues::use_cases::save(&caller.state.db, id, &draft).await?;
        back_to(&caller, id, "details");
        Ok(id)
    }

    /// Adds (`SpaceTarget::New`) or changes a space: name and the larger space it is part of.
    async fn save_space(
        target: SpaceTarget,
        name: String,
        part_of: String,
    ) -> Result<SpaceId, AppError> {
        let caller = auth::require(Permission::ManageVenues).await?;
        let name = space_name(&name).map_err(|problem| AppError::Invalid(problem.into()))?;
        let part_of = forms::choice(&part_of)
            .map(|choice| choice.map(SpaceId))
            .map_err(|_| AppError::Invalid("Choose the larger space from the list.".into()))?;
        let db = &caller.state.db;
        let now = clock::programme_now(db).await?;
        let (venue, id) =
            crate::venues::use_cases::save_space(db, target, &name, part_of, now).await?;
        back_to(&caller, venue, "space saved");
        Ok(id)
    }

    pub async fn add_space(
        venue: VenueId,
        name: String,
        part_of: String,
    ) -> Result<SpaceId, AppError> {
        save_space(SpaceTarget::New(venue), name, part_of).await
    }

    pub async fn update_space(id: SpaceId, name: String, part_of: String) -> Result<(), AppError> {
        save_space(SpaceTarget::Existing(id), name, part_of).await?;
        Ok(())
    }

    pub async fn remove_space(id: SpaceId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageVenues).await?;
        let venue = crate::venues::use_cases::remove_space(&caller.state.db, id).await?;
        back_to(&caller, venue, "space removed");
        Ok(())
    }

    pub async fn save_hours(
        venue: VenueId,
        always_open: bool,
        days: Vec<DayForm>,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageVenues).await?;
        let week = parse_week(always_open, &days)
            .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
        let db = &caller.state.db;
        let now = clock::programme_now(db).await?;
        crate::venues::use_cases::save_hours(db, venue, &week, now).await?;
        back_to(&caller, venue, "opening hours");
        Ok(())
    }
}
