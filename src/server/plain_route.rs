//! What the plain routes (those that are not server functions: files, downloads, uploads) share:
//! the same sign-in and permission check as a server function, and a refusal answered as its
//! sentence with its status, never cached.

use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::access::Permission;
use crate::error::AppError;
use crate::server::auth::{self, Asking, AuthSession, Caller};
use crate::server::client_address::ClientAddress;
use crate::server::state::AppState;

pub async fn caller(
    state: AppState,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: &Uri,
    permission: Permission,
) -> Result<Caller, AppError> {
    let asking = Asking {
        auth,
        ip: address.map(|Extension(ClientAddress(ip))| ip.to_string()),
        path: uri.path().to_owned(),
        state,
    };
    auth::check(asking, permission).await
}

pub fn refusal(error: AppError) -> Response {
    let status = error.status_code();
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        error.to_string(),
    )
        .into_response()
}

/// The value of `name` in the address's query, decoded as a browser encodes a form
/// (`%2D` is "-", `+` a space); blank when absent, or when its escapes do not make UTF-8 (the
/// caller's own check then says what it wanted).
pub fn query_value(uri: &Uri, name: &str) -> String {
    let raw = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map_or("", |(_, value)| value);
    percent_decoded(raw).unwrap_or_default()
}

fn percent_decoded(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        bytes.push(match byte {
            b'+' => b' ',
            b'%' => {
                let hex = [rest.next()?, rest.next()?];
                u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?
            }
            other => other,
        });
    }
    String::from_utf8(bytes).ok()
}

/// A link on another site must not make a signed-in member of staff write to the audit log or
/// download personal data: cross-site navigations are refused (browsers say where one came from).
pub fn from_another_site(headers: &HeaderMap) -> Option<Response> {
    headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "cross-site")
        .then(|| {
            refusal(AppError::NotAllowed(
                "Open the download from the app's own page.".into(),
            ))
        })
}

/// A file to save, never kept in a cache.
pub fn file(body: String, content_type: &'static str, disposition: Option<String>) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(value) = disposition.and_then(|d| HeaderValue::from_str(&d).ok()) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A document to print, on its own (no app bundle): its one stylesheet inline, and no script of
/// any kind may run. Never kept in a cache.
pub fn print_page(title: &str, style: &str, body: &str) -> Response {
    let html = format!(
        r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{style}</style></head><body>{body}</body></html>"#,
        crate::reports::bar_chart::escape(title)
    );
    let mut response = file(html, "text/html; charset=utf-8", None);
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_value_is_decoded_as_browsers_encode_it() {
        let uri: Uri = "/claims/export.csv?x=1&month=2026%2D12&who=a+b"
            .parse()
            .unwrap();
        assert_eq!(query_value(&uri, "month"), "2026-12");
        assert_eq!(query_value(&uri, "who"), "a b");
        assert_eq!(query_value(&uri, "absent"), "");
        let broken: Uri = "/r?month=%E2%82&last=%zz".parse().unwrap();
        assert_eq!(query_value(&broken, "month"), "");
        assert_eq!(query_value(&broken, "last"), "");
    }
}
