//! Server functions for referrals. Three are public — the partner's form behind its link and
//! the self-referral form — and answer people who are not signed in, within the limits in
//! `use_cases`; the rest are the coordinator's and team leader's (referral data is
//! criminal-offence data: two-step sign-in, every read of a referral audited).

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::form::ReferralForm;
use super::{
    IssuedLink, PartnerLinkId, PartnerLinkView, ReferralDetail, ReferralId, ReferralSummary,
};
use crate::error::AppError;
use crate::people::PersonId;

/// The intake queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralQueue {
    pub referrals: Vec<ReferralSummary>,
    /// Whether these are the closed referrals rather than the open ones.
    pub closed: bool,
    pub today: NaiveDate,
}

/// The partner links and today's date (to tell which still work).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerLinks {
    pub links: Vec<PartnerLinkView>,
    pub today: NaiveDate,
}

/// Public: the organisation a partner link refers for; refused when the link does not work.
#[server(prefix = "/api", endpoint = "partner_form")]
pub async fn load_partner_form(#[server(default)] token: String) -> Result<String, AppError> {
    crate::error::respond(server::partner_form(token).await)
}

/// Public: a partner agency refers someone through its link.
#[server(prefix = "/api", endpoint = "refer")]
pub async fn refer(
    #[server(default)] token: String,
    #[server(flatten)] form: ReferralForm,
) -> Result<(), AppError> {
    crate::error::respond(server::refer(Some(token), form).await)
}

/// Public: someone refers themselves.
#[server(prefix = "/api", endpoint = "refer_self")]
pub async fn refer_self(#[server(flatten)] form: ReferralForm) -> Result<(), AppError> {
    crate::error::respond(server::refer(None, form).await)
}

/// The open referrals, longest waiting first; with `closed` "yes", the closed ones.
#[server(prefix = "/api", endpoint = "referrals")]
pub async fn load_referrals(#[server(default)] closed: String) -> Result<ReferralQueue, AppError> {
    crate::error::respond(server::queue(closed).await)
}

/// One referral whole (the read is audited).
#[server(prefix = "/api", endpoint = "referral")]
pub async fn load_referral(id: ReferralId) -> Result<ReferralDetail, AppError> {
    crate::error::respond(server::detail(id).await)
}

/// A referral that came by phone, email or letter, typed in by staff.
#[server(prefix = "/api", endpoint = "add_referral")]
pub async fn add_referral(#[server(flatten)] form: ReferralForm) -> Result<ReferralId, AppError> {
    crate::error::respond(server::add(form).await)
}

/// Moves a referral on (`to`: contacted, assessed), closes it (`to` closed, with `reason`), or
/// reopens it (`to` reopen, with a `note`).
#[server(prefix = "/api", endpoint = "move_referral")]
pub async fn move_referral(
    id: ReferralId,
    #[server(default)] to: String,
    #[server(default)] reason: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::respond(server::change(id, to, reason, note).await)
}

/// Accepts a referral: a new participant, or (`existing`) one already known.
#[server(prefix = "/api", endpoint = "accept_referral")]
pub async fn accept_referral(
    id: ReferralId,
    #[server(default)] existing: String,
) -> Result<PersonId, AppError> {
    crate::error::respond(server::accept(id, existing).await)
}

/// The partner links.
#[server(prefix = "/api", endpoint = "partner_links")]
pub async fn load_partner_links() -> Result<PartnerLinks, AppError> {
    crate::error::respond(server::links().await)
}

/// Gives a partner agency its own link; the address is shown this once.
#[server(prefix = "/api", endpoint = "issue_partner_link")]
pub async fn issue_partner_link(
    #[server(default)] organisation: String,
    #[server(default)] source: String,
) -> Result<IssuedLink, AppError> {
    crate::error::respond(server::issue(organisation, source).await)
}

/// Stops a partner link at once.
#[server(prefix = "/api", endpoint = "revoke_partner_link")]
pub async fn revoke_partner_link(id: PartnerLinkId) -> Result<(), AppError> {
    crate::error::respond(server::revoke(id).await)
}

#[cfg(feature = "ssr")]
mod server {
    use std::time::Instant;

    use super::{PartnerLinks, ReferralQueue};
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::referrals::form::ReferralForm;
    use crate::referrals::status::{CloseReason, Move, ReferralStatus};
    use crate::referrals::use_cases::{self, Via};
    use crate::referrals::{IssuedLink, PartnerLinkId, ReferralDetail, ReferralId};
    use crate::server::state::app_state;
    use crate::server::{auth, clock, redirect_plain_form};

    async fn today(db: &crate::data::Db) -> Result<chrono::NaiveDate, AppError> {
        Ok(clock::programme_now(db).await?.date())
    }

    pub async fn partner_form(token: String) -> Result<String, AppError> {
        let state = app_state()?;
        let today = today(&state.db).await?;
        use_cases::partner_form(&state.db, &token, today).await
    }

    pub async fn refer(token: Option<String>, form: ReferralForm) -> Result<(), AppError> {
        let state = app_state()?;
        let address = auth::client_ip().await.and_then(|ip| ip.parse().ok());
        if let Some(address) = address {
            if !state.referral_forms.admit(address, Instant::now()) {
                return Err(AppError::TooMany(
                    "Many referral forms have come from your network in the last hour. Please wait an hour, or phone the TurnAround coordinator.".into(),
                ));
            }
        }
        let today = today(&state.db).await?;
        let via = match &token {
            Some(token) => Via::Partner(token),
            None => Via::SelfReferral,
        };
        use_cases::receive(&state.db, via, &form, today).await?;
        redirect_plain_form(if token.is_some() {
            "/refer/thanks?partner=1"
        } else {
            "/refer/thanks"
        });
        Ok(())
    }

    pub async fn queue(closed: String) -> Result<ReferralQueue, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        let today = today(db).await?;
        let closed = closed.trim() == "yes";
        Ok(ReferralQueue {
            referrals: use_cases::queue(db, !closed, today).await?,
            closed,
            today,
        })
    }

    pub async fn detail(id: ReferralId) -> Result<ReferralDetail, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        let today = today(db).await?;
        use_cases::detail(db, &caller.actor(), id, today).await
    }

    pub async fn add(form: ReferralForm) -> Result<ReferralId, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        let today = today(db).await?;
        let actor = caller.actor();
        let id = use_cases::receive(db, Via::Staff(&actor), &form, today).await?;
        redirect_plain_form(&format!("/referrals/{id}"));
        Ok(id)
    }

    /// The change the form asks for, or why it cannot be read.
    fn change_of(to: &str, reason: &str, note: &str) -> Result<Move, AppError> {
        let forward = |status| Ok(Move::Forward(status));
        match to.trim() {
            "contacted" => forward(ReferralStatus::Contacted),
            "assessed" => forward(ReferralStatus::Assessed),
            "active" => forward(ReferralStatus::Active),
            "closed" => match CloseReason::from_slug(reason) {
                Some(reason) => Ok(Move::Close(reason)),
                None => Err(AppError::Invalid(
                    "Choose why the referral is closed: closing takes a reason.".into(),
                )),
            },
            "reopen" => Ok(Move::Reopen(note.to_owned())),
            _ => Err(AppError::Invalid(
                "Choose what has happened with this referral.".into(),
            )),
        }
    }

    pub async fn change(
        id: ReferralId,
        to: String,
        reason: String,
        note: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let change = change_of(&to, &reason, &note)?;
        let db = &caller.state.db;
        let today = today(db).await?;
        use_cases::change(db, &caller.actor(), id, &change, today).await?;
        redirect_plain_form(&format!("/referrals/{id}"));
        Ok(())
    }

    pub async fn accept(id: ReferralId, existing: String) -> Result<PersonId, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let existing = crate::forms::choice(&existing)
            .map_err(|_| {
                AppError::Invalid("Choose someone from the list, or a new participant.".into())
            })?
            .map(PersonId);
        let db = &caller.state.db;
        let today = today(db).await?;
        let person = use_cases::accept(db, &caller.actor(), id, existing, today).await?;
        redirect_plain_form(&format!("/referrals/{id}"));
        Ok(person)
    }

    pub async fn links() -> Result<PartnerLinks, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        Ok(PartnerLinks {
            links: use_cases::links(db).await?,
            today: today(db).await?,
        })
    }

    pub async fn issue(organisation: String, source: String) -> Result<IssuedLink, AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        let today = today(db).await?;
        use_cases::issue_link(
            db,
            &caller.actor(),
            &organisation,
            &source,
            today,
            &caller.state.public_url,
        )
        .await
    }

    pub async fn revoke(id: PartnerLinkId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageReferrals).await?;
        let db = &caller.state.db;
        let today = today(db).await?;
        use_cases::revoke_link(db, &caller.actor(), id, today).await?;
        redirect_plain_form("/referrals/partners");
        Ok(())
    }
}
