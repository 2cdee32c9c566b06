//! Every server-function error goes out with the status its sentence deserves.
//!
//! An error raised inside a server function sets its status through [`crate::error::respond`].
//! But arguments that cannot be read fail *before* the function runs, inside the server-function
//! machinery, which answers every error with 500 — so a typo in a form field looked like our own
//! fault, and a scanner's garbage filled the log with errors. Here the error body (an encoded
//! [`AppError`]) is read back and the status set from it: "the request was incomplete" is a 400.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};

use crate::error::AppError;

/// Error bodies are one short sentence; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn error_status(request: Request, next: Next) -> Response {
    let server_fn = request
        .uri()
        .path()
        .starts_with("/api/")
        .then(|| request.uri().path().to_owned());
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        // A body over the limit is turned away before the server function runs, in the body
        // limit's own words; the page reads errors in ours.
        if let Some(path) = server_fn.filter(|_| response.status() == StatusCode::PAYLOAD_TOO_LARGE)
        {
            return too_large(&path);
        }
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::from(AppError::Internal.ser()));
    };
    let error = AppError::de(bytes.clone());
    if parts.status == StatusCode::INTERNAL_SERVER_ERROR {
        parts.status = error.status_code();
    }
    if let Some(said) = said(&error) {
        parts.headers.insert(SAID_HEADER, said);
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn too_large(path: &str) -> Response {
    let error = AppError::Invalid(
        "That was far more than this form sends, so it was not read. Load the page again and \
         send it once more."
            .into(),
    );
    let mut response = Response::new(Body::from(error.ser()));
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR_HEADER, value);
    }
    if let Some(said) = said(&error) {
        headers.insert(SAID_HEADER, said);
    }
    response
}

/// The error's sentence as a header value, for callers that are not this app's WebAssembly (the
/// driver's pickup-list.js shows it when a tick is refused for good).
pub fn said(error: &AppError) -> Option<HeaderValue> {
    HeaderValue::from_str(&percent_encoded(&error.to_string())).ok()
}

/// The header carrying an error's sentence, percent-encoded UTF-8 (`decodeURIComponent` reads it).
pub const SAID_HEADER: &str = "x-turnaround-said";

/// `text` with every byte outside the unreserved set written as `%XX`, as `encodeURIComponent`
/// would, so any sentence fits in a header.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::percent_encoded;

    #[test]
    fn a_sentence_fits_in_a_header() {
        assert_eq!(
            percent_encoded("We could not find that passenger on your runs."),
            "We%20could%20not%20find%20that%20passenger%20on%20your%20runs."
        );
        assert_eq!(percent_encoded("Can’t: 100%"), "Can%E2%80%99t%3A%20100%25");
    }
}
