//! Protections every response gets: cross-site request refusal and security headers.
//!
//! The page's Content-Security-Policy carries a per-response nonce, so it is set where the page
//! is rendered (`content_security_policy`, called from the shell); other responses get a policy
//! that allows nothing.

use std::sync::Arc;

use super::script_urls;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone)]
pub struct SecurityConfig {
    /// The site's own origin, e.g. `https://turnaround.example.org`.
    pub origin: String,
    /// Served over HTTPS: send HSTS.
    pub https: bool,
}

/// Refuses state-changing requests from other sites, then adds the security headers.
pub async fn protect(
    State(config): State<Arc<SecurityConfig>>,
    request: Request,
    next: Next,
) -> Response {
    let safe_method = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe_method && !is_same_origin(&request, &config.origin) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another website, so it was refused.",
        )
            .into_response();
    }
    let path = request.uri().path();
    let cache_control = cache_control(path, request.uri().query());
    let is_service_worker = path == "/sw.js";
    let is_feed = crate::calendar_feed::token_in_path(path).is_some();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let has_policy = headers.contains_key(header::CONTENT_SECURITY_POLICY);
    let feed_set_its_own = is_feed && headers.contains_key(header::CACHE_CONTROL);
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if config.https {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    // A calendar feed keeps its own `private, max-age=300` (calendar apps poll it); its 404
    // gets `no-store` like any page.
    if !feed_set_its_own {
        set(header::CACHE_CONTROL, cache_control);
    }
    if is_service_worker {
        // A worker's fetches obey the policy its script came with: it may fetch from this site.
        set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
        );
    } else if !has_policy {
        set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        );
    }
    response
}

/// How long a browser may keep a response. Pages and answers carry personal data: never kept in
/// a shared or browser cache (the service worker keeps its own copies, see `public/sw.js`). The
/// bundle and icons are public and change only with a new build. The service worker, its loader
/// and the manifest are checked with the server on every use, so an update arrives at once.
/// Files named by their content (a release's bundle, the plain scripts with `?v=`) are the same
/// bytes for ever under that name, so they are kept for a year.
fn cache_control(path: &str, query: Option<&str>) -> &'static str {
    const FOR_EVER: &str = "public, max-age=31536000, immutable";
    match path {
        _ if script_urls::is_versioned(path, query) => FOR_EVER,
        _ if script_urls::VERSIONED_SCRIPTS.contains(&path) => "no-cache",
        "/sw.js" | "/manifest.webmanifest" => "no-cache",
        "/favicon.svg" => "public, max-age=3600",
        _ if path.starts_with("/pkg/") && is_content_named(path) => FOR_EVER,
        _ if path.starts_with("/pkg/") || path.starts_with("/icons/") => "public, max-age=3600",
        _ => "no-store",
    }
}

/// `/pkg/turnaround.<hash>.wasm`: cargo-leptos's hash (22 characters of URL-safe base64)
/// between the name and the extension.
fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next().unwrap_or_default());
    parts.next().is_some()
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A browser says where a request came from in `Sec-Fetch-Site` (all current browsers) or
/// `Origin` (all browsers, on POST). A request with neither is not from a browser page, so it
/// cannot be carrying a victim's cookies by accident; it is refused all the same, to be safe.
fn is_same_origin(request: &Request, origin: &str) -> bool {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    header("origin").is_some_and(|sent| sent == origin)
}

/// The policy for a rendered page, allowing its own scripts, the nonce'd inline loader, and the
/// WebAssembly.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::cache_control;

    #[test]
    fn only_public_files_are_cached_and_the_worker_is_always_checked() {
        assert_eq!(cache_control("/my", None), "no-store");
        assert_eq!(cache_control("/api/my_activities", None), "no-store");
        assert_eq!(cache_control("/", None), "no-store");
        assert_eq!(
            cache_control("/pkg/turnaround.wasm", None),
            "public, max-age=3600"
        );
        assert_eq!(
            cache_control("/pkg/turnaround.Xl4d_Zq9-8yTxD2mQv0aBw.wasm", None),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("/pkg/turnaround.Xl4d_Zq9-8yTxD2mQv0aBw.wasm.br", None),
            "public, max-age=3600"
        );
        assert_eq!(
            cache_control("/pkg/Xl4d_Zq9-8yTxD2mQv0aBw.js", None),
            "public, max-age=3600"
        );
        assert_eq!(
            cache_control("/icons/icon-192.png", None),
            "public, max-age=3600"
        );
        assert_eq!(cache_control("/sw.js", None), "no-cache");
        assert_eq!(cache_control("/register-sw.js", None), "no-cache");
        assert_eq!(cache_control("/pickup-list.js", None), "no-cache");
        assert_eq!(
            cache_control("/plain-page.js", Some("v=3f2a9c01b7e4")),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("/manifest.webmanifest", None), "no-cache");
        // Not a prefix match: a page called "/pkgs" is still personal.
        assert_eq!(cache_control("/pkgs", None), "no-store");
    }
}
