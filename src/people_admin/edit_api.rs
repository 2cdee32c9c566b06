//! Server functions for changing a person: details and roles, and a participant's programme
//! details (status, mentor, pick-up, needs, notes). Coordinators and team leaders only.

// Each takes one argument per form field so a plain HTML form can post to it.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::people::records::EditChoices;
use crate::people::{PersonId, Role};

/// The pick-up points and mentors the edit form chooses from.
#[server(prefix = "/api", endpoint = "edit_choices")]
pub async fn load_edit_choices() -> Result<EditChoices, AppError> {
    crate::error::respond(server::edit_choices().await)
}

/// Saves a person's name, contact details and roles (and a participant's referral).
#[server(prefix = "/api", endpoint = "update_person")]
pub async fn update_person(
    id: PersonId,
    given_name: String,
    family_name: String,
    #[server(default)] preferred_name: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] roles: Vec<Role>,
    #[server(default)] referral_source: String,
    #[server(default)] referral_date: String,
) -> Result<(), AppError> {
    let form = super::people_api::server::PersonForm {
        given_name,
        family_name,
        preferred_name,
        phone,
        email,
        roles,
        referral_source,
        referral_date,
    };
    crate::error::respond(server::update_person(id, form).await)
}

/// Saves a participant's programme details. Checkboxes send a value only when ticked.
#[server(prefix = "/api", endpoint = "update_programme")]
pub async fn update_programme(
    id: PersonId,
    status: String,
    #[server(default)] mentor: String,
    #[server(default)] pickup_point: String,
    #[server(default)] needs_lift: Option<String>,
    #[server(default)] uses_wheelchair: Option<String>,
    #[server(default)] mobility_needs: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    let form = server::ProgrammeForm {
        status,
        mentor,
        pickup_point,
        needs_lift: needs_lift.is_some(),
        uses_wheelchair: uses_wheelchair.is_some(),
        mobility_needs,
        notes,
    };
    crate::error::respond(server::update_programme(id, form).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::super::people_api::server::PersonForm;
    use super::super::people_api::server::{note, person_from_form};
    use crate::access::Permission;
    use crate::data::audit::AuditAction;
    use crate::data::people_edits;
    use crate::error::AppError;
    use crate::people::records::{EditChoices, ProgrammeDetails};
    use crate::people::{ParticipantStatus, PersonId, Role};
    use crate::server::redirect_plain_form;
    use crate::server::{auth, clock};
    use crate::transport::PickupPointId;

    pub struct ProgrammeForm {
        pub status: String,
        pub mentor: String,
        pub pickup_point: String,
        pub needs_lift: bool,
        pub uses_wheelchair: bool,
        pub mobility_needs: String,
        pub notes: String,
    }

    pub async fn edit_choices() -> Result<EditChoices, AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        people_edits::edit_choices(&caller.state.db).await
    }

    pub async fn update_person(id: PersonId, form: PersonForm) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        let person = person_from_form(form)?;
        let keeps_admin = person
            .roles
            .iter()
            .any(|role| matches!(role, Role::Coordinator | Role::TeamLeader));
        if id == caller.user.person_id && !keeps_admin {
            return Err(AppError::Invalid(
                "You cannot take away your own coordinator role: ask another coordinator.".into(),
            ));
        }
        let changes = crate::people_admin::use_cases::update(&caller.state.db, id, &person).await?;
        let mut fields = changes.fields.clone();
        if changes.referral_changed {
            fields.push("referral");
        }
        if !fields.is_empty() {
            let detail = format!("changed: {}", fields.join(", "));
            note(&caller, AuditAction::PersonChanged, Some(id), &detail).await?;
        }
        if !changes.added.is_empty() || !changes.removed.is_empty() {
            let list = |roles: &[Role]| {
                roles
                    .iter()
                    .map(|r| r.slug())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let detail = format!(
                "added: {}; removed: {}",
                list(&changes.added),
                list(&changes.removed)
            );
            note(&caller, AuditAction::RolesChanged, Some(id), &detail).await?;
        }
        redirect_plain_form(&format!("/people/{id}"));
        Ok(())
    }

    /// An optional id from a `<select>`: empty means none.
    fn parse_choice(text: &str, what: &str) -> Result<Option<i64>, AppError> {
        match text.trim() {
            "" => Ok(None),
            text => text
                .parse()
                .map(Some)
                .map_err(|_| AppError::Invalid(format!("Choose {what} from the list."))),
        }
    }

    pub async fn update_programme(id: PersonId, form: ProgrammeForm) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        let optional = |text: String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let details = ProgrammeDetails {
            status: ParticipantStatus::from_slug(form.status.trim())
                .ok_or_else(|| AppError::Invalid("Choose a status from the list.".into()))?,
            mentor_id: parse_choice(&form.mentor, "a mentor")?.map(PersonId),
            pickup_point_id: parse_choice(&form.pickup_point, "a pick-up point")?
                .map(PickupPointId),
            needs_lift: form.needs_lift,
            uses_wheelchair: form.uses_wheelchair,
            mobility_needs: optional(form.mobility_needs),
            notes: optional(form.notes),
        };
        let problems = details.problems();
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems.join(" ")));
        }
        let today = clock::programme_now(&caller.state.db).await?.date();
        let changed =
            crate::people_admin::use_cases::update_programme(&caller.state.db, id, &details, today)
                .await?;
        if !changed.is_empty() {
            let detail = format!("changed: {}", changed.join(", "));
            note(&caller, AuditAction::PersonChanged, Some(id), &detail).await?;
        }
        redirect_plain_form(&format!("/people/{id}"));
        Ok(())
    }
}
