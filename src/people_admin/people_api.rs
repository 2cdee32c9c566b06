//! Server functions for the coordinator's people pages, and the public invite door.

// `add_person` takes one argument per form field so a plain HTML form can post to it; the
// macro-generated client function cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::people::records::{AuditEntry, InviteLink, PersonRecord, PersonSummary};
use crate::people::{PersonId, Role};

/// Everyone known to the programme. Coordinators and team leaders only.
#[server(prefix = "/api", endpoint = "people")]
pub async fn list_people() -> Result<Vec<PersonSummary>, AppError> {
    crate::error::respond(server::list_people().await)
}

/// One person's whole record. Reading a participant's referral is recorded in the audit log.
#[server(prefix = "/api", endpoint = "person")]
pub async fn load_person(id: PersonId) -> Result<PersonRecord, AppError> {
    crate::error::respond(server::person_record(id).await)
}

/// Adds a person. Form fields are plain text so an empty field is simply "not given".
#[server(prefix = "/api", endpoint = "add_person")]
pub async fn add_person(
    given_name: String,
    family_name: String,
    #[server(default)] preferred_name: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] roles: Vec<Role>,
    #[server(default)] referral_source: String,
    #[server(default)] referral_date: String,
) -> Result<PersonId, AppError> {
    let form = server::PersonForm {
        given_name,
        family_name,
        preferred_name,
        phone,
        email,
        roles,
        referral_source,
        referral_date,
    };
    crate::error::respond(server::add_person(form).await)
}

/// Deactivates (or reactivates) a person; deactivation ends their sessions.
#[server(prefix = "/api", endpoint = "set_person_active")]
pub async fn set_person_active(id: PersonId, active: bool) -> Result<(), AppError> {
    crate::error::respond(server::set_person_active(id, active).await)
}

/// A one-time link (and QR code) for the person to choose a password. Valid for 7 days, once.
#[server(prefix = "/api", endpoint = "issue_invite")]
pub async fn issue_invite(id: PersonId) -> Result<InviteLink, AppError> {
    crate::error::respond(server::issue_invite(id).await)
}

/// The audit log, newest first; about one person when `person` is given.
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(
    #[server(default)] person: Option<PersonId>,
) -> Result<Vec<AuditEntry>, AppError> {
    crate::error::respond(server::audit_log(person).await)
}

/// Who an invite link is for (first name and sign-in name), if it is still valid. Public: the
/// link's secret is the proof.
#[server(prefix = "/api", endpoint = "invite")]
pub async fn invite_details(token: String) -> Result<(String, String), AppError> {
    crate::error::respond(server::invite_details(token).await)
}

/// Sets the password from an invite link, once.
#[server(prefix = "/api", endpoint = "accept_invite")]
pub async fn accept_invite(token: String, password: String) -> Result<(), AppError> {
    crate::error::respond(server::accept_invite(token, password).await)
}

#[cfg(feature = "ssr")]
pub(super) mod server {
    use chrono::{Duration, NaiveDate, Utc};
    use sha2::{Digest, Sha256};

    use crate::access::Permission;
    use crate::data::audit::{self, AuditAction, AuditEvent};
    use crate::data::people;
    use crate::error::AppError;
    use crate::people::records::{AuditEntry, InviteLink, NewPerson, PersonRecord, PersonSummary};
    use crate::people::{PersonId, ReferralSource, Role};
    use crate::server::auth::{self, passwords, Caller};
    use crate::server::{qr, redirect_plain_form, state::app_state};

    pub const INVITE_DAYS: i64 = 7;

    pub struct PersonForm {
        pub given_name: String,
        pub family_name: String,
        pub preferred_name: String,
        pub phone: String,
        pub email: String,
        pub roles: Vec<Role>,
        pub referral_source: String,
        pub referral_date: String,
    }

    pub async fn note(
        caller: &Caller,
        action: AuditAction,
        subject: Option<PersonId>,
        detail: &str,
    ) -> Result<(), AppError> {
        audit::record(
            &caller.state.db,
            AuditEvent {
                actor: Some(caller.user.person_id),
                action,
                subject,
                detail,
                ip: caller.ip.as_deref(),
            },
        )
        .await
    }

    pub async fn list_people() -> Result<Vec<PersonSummary>, AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        people::list(&caller.state.db).await
    }

    pub async fn person_record(id: PersonId) -> Result<PersonRecord, AppError> {
        let caller = auth::require(Permission::ViewAllPeople).await?;
        let record = people::record(&caller.state.db, id).await?;
        if record.participant.is_some() {
            note(
                &caller,
                AuditAction::ReferralRead,
                Some(id),
                "person record with referral",
            )
            .await?;
        }
        Ok(record)
    }

    /// The typed form as a person, or every problem with it in plain words.
    pub fn person_from_form(form: PersonForm) -> Result<NewPerson, AppError> {
        let optional = |text: String| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let referral_source = match form.referral_source.trim() {
            "" => None,
            slug => Some(ReferralSource::from_slug(slug).ok_or_else(|| {
                AppError::Invalid("Choose who referred them from the list.".into())
            })?),
        };
        let referral_date = match form.referral_date.trim() {
            "" => None,
            text => Some(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|date| crate::scheduling::week::is_supported(*date))
                    .ok_or_else(|| {
                        AppError::Invalid(
                            "Enter the referral date as a date between 2000 and 2100, like \
                             2026-03-02."
                                .into(),
                        )
                    })?,
            ),
        };
        let mut roles = form.roles;
        roles.sort();
        roles.dedup();
        let person = NewPerson {
            given_name: form.given_name,
            family_name: form.family_name,
            preferred_name: optional(form.preferred_name),
            phone: optional(form.phone),
            email: optional(form.email),
            roles,
            referral_source,
            referral_date,
        };
        let problems = person.problems();
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems.join(" ")));
        }
        Ok(person)
    }

    pub async fn add_person(form: PersonForm) -> Result<PersonId, AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        let person = person_from_form(form)?;
        let id = crate::people_admin::use_cases::create(&caller.state.db, &person).await?;
        let detail = format!(
            "roles: {}",
            person
                .roles
                .iter()
                .map(|r| r.slug())
                .collect::<Vec<_>>()
                .join(", ")
        );
        note(&caller, AuditAction::PersonCreated, Some(id), &detail).await?;
        redirect_plain_form(&format!("/people/{id}"));
        Ok(id)
    }

    pub async fn set_person_active(id: PersonId, active: bool) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        if id == caller.user.person_id && !active {
            return Err(AppError::Invalid("You cannot deactivate yourself.".into()));
        }
        crate::people_admin::use_cases::set_active(&caller.state.db, id, active).await?;
        let action = if active {
            AuditAction::PersonReactivated
        } else {
            AuditAction::PersonDeactivated
        };
        note(&caller, action, Some(id), "").await?;
        redirect_plain_form(&format!("/people/{id}"));
        Ok(())
    }

    pub async fn issue_invite(id: PersonId) -> Result<InviteLink, AppError> {
        let caller = auth::require(Permission::ManagePeople).await?;
        let record = people::record(&caller.state.db, id).await?;
        if !record.is_active {
            return Err(AppError::Invalid(
                "Reactivate this person before inviting them.".into(),
            ));
        }
        let token = auth::new_token();
        let expires_at = Utc::now() + Duration::days(INVITE_DAYS);
        people::create_invite(
            &caller.state.db,
            id,
            caller.user.person_id,
            &hash_token(&token),
            expires_at,
        )
        .await?;
        note(&caller, AuditAction::InviteIssued, Some(id), "").await?;
        let url = format!("{}/invite/{token}", caller.state.public_url);
        Ok(InviteLink {
            qr_svg: qr::svg(&url)?,
            url,
            expires_at,
            username: record.username.unwrap_or_default(),
        })
    }

    pub async fn audit_log(person: Option<PersonId>) -> Result<Vec<AuditEntry>, AppError> {
        let caller = auth::require(Permission::ViewAuditLog).await?;
        people::audit_log(&caller.state.db, person, 200).await
    }

    fn hash_token(token: &str) -> String {
        format!("{:x}", Sha256::digest(token.as_bytes()))
    }

    fn link_not_valid() -> AppError {
        AppError::NotFound(
            "this link: it may have been used already or be more than 7 days old. Ask the coordinator for a new one".into(),
        )
    }

    pub async fn invite_details(token: String) -> Result<(String, String), AppError> {
        let state = app_state()?;
        people::open_invite(&state.db, &hash_token(&token), Utc::now())
            .await?
            .map(|(_, first_name, username)| (first_name, username))
            .ok_or_else(link_not_valid)
    }

    pub async fn accept_invite(token: String, password: String) -> Result<(), AppError> {
        let state = app_state()?;
        let hash = hash_token(&token);
        let (_, first_name, username) = people::open_invite(&state.db, &hash, Utc::now())
            .await?
            .ok_or_else(link_not_valid)?;
        let password_hash = passwords::hash_new(password, vec![first_name, username]).await?;
        let person = people::use_invite(&state.db, &hash, Utc::now(), &password_hash)
            .await?
            .ok_or_else(link_not_valid)?;
        audit::record(
            &state.db,
            AuditEvent {
                actor: Some(person),
                action: AuditAction::InviteUsed,
                subject: Some(person),
                detail: "password chosen",
                ip: auth::client_ip().await.as_deref(),
            },
        )
        .await?;
        redirect_plain_form("/sign-in?welcome=1");
        Ok(())
    }
}
