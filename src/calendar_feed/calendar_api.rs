//! The calendar page's server functions: show the caller's own link, or replace it.

use leptos::prelude::*;

use super::FeedLink;
use crate::error::AppError;

/// The signed-in person's calendar link, made on their first visit.
#[server(prefix = "/api", endpoint = "calendar_link")]
pub async fn calendar_link() -> Result<FeedLink, AppError> {
    crate::error::respond(server::link().await)
}

/// Replaces the signed-in person's link: the old one stops working at once. A plain form (no
/// JavaScript) is sent back to the page, which then shows the new link.
#[server(prefix = "/api", endpoint = "reset_calendar_link")]
pub async fn reset_calendar_link() -> Result<FeedLink, AppError> {
    crate::error::respond(server::reset().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::FeedLink;
    use crate::access::{Permission, SignedIn};
    use crate::calendar_feed::token::FeedToken;
    use crate::calendar_feed::{feed_url, google_url, webcal_url};
    use crate::data::calendar_feeds;
    use crate::error::AppError;
    use crate::people::Role;
    use crate::server::{auth, qr, redirect_plain_form};

    pub async fn link() -> Result<FeedLink, AppError> {
        let caller = auth::require(Permission::UseOwnCalendarFeed).await?;
        let token = calendar_feeds::get_or_create(
            &caller.state.db,
            caller.user.person_id,
            &FeedToken::generate(),
        )
        .await?;
        shape(&caller.state.public_url, &token, &caller.user)
    }

    pub async fn reset() -> Result<FeedLink, AppError> {
        let caller = auth::require(Permission::UseOwnCalendarFeed).await?;
        let token = FeedToken::generate();
        calendar_feeds::replace(
            &caller.state.db,
            caller.user.person_id,
            &token,
            caller.ip.as_deref(),
        )
        .await?;
        redirect_plain_form("/calendar?made=new");
        shape(&caller.state.public_url, &token, &caller.user)
    }

    fn shape(public_url: &str, token: &FeedToken, user: &SignedIn) -> Result<FeedLink, AppError> {
        let url = feed_url(public_url, token.as_str());
        let webcal = webcal_url(&url);
        Ok(FeedLink {
            qr_svg: qr::svg(&webcal)?,
            google_url: google_url(&webcal),
            webcal_url: webcal,
            url,
            holds: holds(&user.roles),
        })
    }

    /// What the feed holds for these roles, in the page's words.
    fn holds(roles: &[Role]) -> Vec<String> {
        let mut parts = Vec::new();
        if roles.contains(&Role::Participant) {
            parts.push("Your activities, with your pick-up time and place.");
        }
        if roles.iter().any(|role| role.may_lead_sessions()) {
            parts.push("The sessions you lead, with how many are booked.");
        }
        if roles.contains(&Role::Driver) {
            parts.push("Your drives, with the stops and times.");
        }
        parts.into_iter().map(str::to_owned).collect()
    }
}
