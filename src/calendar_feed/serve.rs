//! Answering a calendar app: `GET /calendar/{token}.ics`.
//!
//! This is a middleware in front of the sign-in layer rather than a route: a known token is
//! answered here, without touching the session store (calendar apps send no cookies), and
//! anything else goes on into the app, so an unknown or replaced token gets exactly the 404
//! page any missing address gets, and says nothing about whether the token ever existed.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use super::token::FeedToken;
use super::{events, ics, token_in_path};
use crate::data::{self, Db};
use crate::error::AppError;

/// How far back a feed reaches: last month's sessions stay in the calendar for a while.
pub const DAYS_BACK: i64 = 30;

/// What the feed needs from the server.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub db: Db,
    /// How far ahead a feed reaches (`TURNAROUND_CALENDAR_DAYS_AHEAD`, default 90).
    pub days_ahead: i64,
}

/// Middleware: answers feed requests with a known token, passes everything else on.
pub async fn calendar_feeds(
    State(config): State<Arc<FeedConfig>>,
    request: Request,
    next: Next,
) -> Response {
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    let Some(token) = token_in_path(request.uri().path()).filter(|_| reading) else {
        return next.run(request).await;
    };
    match feed(&config, &token).await {
        Ok(Some(text)) => {
            let mut response = text.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            // Apps poll; five minutes of their own cache is plenty. `private`: never a proxy's.
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            );
            response
        }
        Ok(None) => next.run(request).await,
        Err(error) => (error.status_code(), error.to_string()).into_response(),
    }
}

/// The feed's text, or `None` when the token is nobody's.
async fn feed(config: &FeedConfig, token: &FeedToken) -> Result<Option<String>, AppError> {
    let db = &config.db;
    let Some(person) = data::calendar_feeds::owner_of(db, token).await? else {
        return Ok(None);
    };
    let settings = data::settings::programme_settings(db).await?;
    let zone: Tz = settings.time_zone.parse().map_err(|_| {
        tracing::error!(zone = %settings.time_zone, "programme_settings.time_zone is not an IANA zone name");
        AppError::Internal
    })?;
    let now = Utc::now();
    let today = now.with_timezone(&zone).date_naive();
    let from = (today - Duration::days(DAYS_BACK)).and_time(NaiveTime::MIN);
    let until = (today + Duration::days(config.days_ahead + 1)).and_time(NaiveTime::MIN);
    let items = data::calendar_feeds::feed_items(db, person, from, until).await?;
    Ok(Some(ics::write(&events::build(&items, zone, now))))
}
