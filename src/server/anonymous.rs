//! The door for people who are not signed in: a per-address request limit, and a 401 at every
//! server function that needs a sign-in — before its arguments are read, so a caller who is
//! not signed in learns nothing from the body they send (and cannot reach argument parsing).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::AuthSession;
use super::client_address::ClientAddress;
use super::refusal_tally::RefusalTally;
use crate::access::PUBLIC_SERVER_FUNCTIONS;
use crate::error::AppError;

/// Past this many addresses the limiter forgets those that have been quiet (their buckets are
/// full again anyway), so a flood from many addresses cannot grow memory without end.
const MAX_TRACKED: usize = 20_000;

/// Per-address token buckets: up to `capacity` requests at once, refilled at `per_second`.
#[derive(Debug)]
pub struct AnonymousLimit {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl AnonymousLimit {
    /// `per_minute` requests a minute, in bursts of up to `per_minute`.
    pub fn new(per_minute: u32) -> Self {
        Self::with_rate(per_minute, f64::from(per_minute) / 60.0)
    }

    /// `per_hour` an hour, in bursts of up to `per_hour`: for things done rarely, like sending a
    /// referral form.
    pub fn per_hour(per_hour: u32) -> Self {
        Self::with_rate(per_hour, f64::from(per_hour) / 3600.0)
    }

    fn with_rate(capacity: u32, per_second: f64) -> Self {
        Self {
            capacity: f64::from(capacity),
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// May one more anonymous request from `address` go through at `now`?
    pub fn admit(&self, address: IpAddr, now: Instant) -> bool {
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        let (full, rate) = (self.capacity, self.per_second);
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(&address) {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < full);
        }
        let bucket = buckets.entry(address).or_insert(Bucket {
            tokens: full,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = (bucket.tokens + refill).min(full);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What the door needs: the limit and where refusals are counted.
#[derive(Debug, Clone)]
pub struct Door {
    pub limit: Arc<AnonymousLimit>,
    pub refusals: Arc<RefusalTally>,
}

/// Middleware, inside the sign-in layer: lets signed-in people through untouched; limits
/// everyone else per address (429), and answers 401 at any server function that is not public.
pub async fn anonymous_door(State(door): State<Door>, request: Request, next: Next) -> Response {
    let signed_in = request
        .extensions()
        .get::<AuthSession>()
        .is_some_and(|auth| auth.user.is_some());
    let path = request.uri().path();
    if signed_in || path == "/healthz" {
        return next.run(request).await;
    }
    let address = request
        .extensions()
        .get::<ClientAddress>()
        .map(|ClientAddress(ip)| *ip);
    let address_text = address.map(|ip| ip.to_string());
    let now = chrono::Utc::now().timestamp();
    if let Some(ip) = address {
        if !door.limit.admit(ip, Instant::now()) {
            door.refusals
                .note(address_text.as_deref(), "too many requests", now);
            return too_many_requests();
        }
    }
    if path.starts_with("/api/") && !PUBLIC_SERVER_FUNCTIONS.contains(&path) {
        door.refusals.note(address_text.as_deref(), path, now);
        return not_signed_in(&request);
    }
    next.run(request).await
}

fn too_many_requests() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
        "Too many requests from your network. Please wait a minute, then try again.",
    )
        .into_response()
}

/// A plain form (no JavaScript) goes to the sign-in page; the app's own calls get the error in
/// the encoding its server functions use, so the page shows "Please sign in first."
fn not_signed_in(request: &Request) -> Response {
    let wants_page = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_page {
        return (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, HeaderValue::from_static("/sign-in"))],
        )
            .into_response();
    }
    use leptos::server_fn::error::FromServerFnError;
    let body = AppError::Unauthorised.ser();
    let mut response = (
        StatusCode::UNAUTHORIZED,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if let Some(said) = super::error_status::said(&AppError::Unauthorised) {
        response
            .headers_mut()
            .insert(super::error_status::SAID_HEADER, said);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let limit = AnonymousLimit::new(60);
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let start = Instant::now();
        let admitted = (0..100).filter(|_| limit.admit(ip, start)).count();
        assert_eq!(admitted, 60, "the burst");
        assert!(!limit.admit(ip, start + Duration::from_millis(500)));
        assert!(
            limit.admit(ip, start + Duration::from_secs(2)),
            "one a second"
        );
        // Another address has its own bucket.
        assert!(limit.admit("198.51.100.1".parse().unwrap(), start));
    }

    #[test]
    fn an_hourly_limit_refills_one_every_tenth_of_an_hour() {
        let limit = AnonymousLimit::per_hour(10);
        let ip: IpAddr = "203.0.113.10".parse().unwrap();
        let start = Instant::now();
        assert_eq!((0..20).filter(|_| limit.admit(ip, start)).count(), 10);
        assert!(!limit.admit(ip, start + Duration::from_secs(300)));
        assert!(limit.admit(ip, start + Duration::from_secs(361)));
        assert!(!limit.admit(ip, start + Duration::from_secs(362)));
    }
}
