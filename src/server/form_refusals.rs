//! Without JavaScript, Leptos sends a form's refusal back to its page in the address
//! (`?__path=…&__err=…`), and the page shows it in the app's alert box. Anyone can write such
//! an address, so a link could put anyone's words there ("Your account is locked: ring …").
//! This layer notes each refusal the server sends back in the sender's session, and a page
//! asked for with a refusal that session was not sent is redirected to the same address without
//! it. A real refusal therefore shows once, on the page of the person who made the mistake.

use axum::extract::Request;
use axum::http::{header, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::server::plain_route::query_value;

/// The last refusal sent back to a plain form, as it was written in the address.
const LAST_SENT: &str = "plain_form_refusal";

pub async fn only_those_sent(request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    if request.method() == Method::GET {
        if let Some(shown) = refusal_in(request.uri()) {
            let sent = match &session {
                Some(session) => session.remove::<String>(LAST_SENT).await.ok().flatten(),
                None => None,
            };
            if sent.as_deref() != Some(shown.as_str()) {
                return Redirect::to(&without_refusal(request.uri())).into_response();
            }
        }
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status().is_redirection() {
        let sent = response
            .headers()
            .get(header::LOCATION)
            .and_then(|location| location.to_str().ok())
            .and_then(|location| location.parse::<Uri>().ok())
            .and_then(|location| refusal_in(&location));
        if let (Some(sent), Some(session)) = (sent, session) {
            // Best effort: if the store cannot keep it, the page is shown without the sentence
            // (the change was refused all the same).
            if session.insert(LAST_SENT, sent).await.is_err() {
                tracing::warn!("a plain form's refusal could not be noted for its page");
            }
        }
    }
    response
}

/// The encoded refusal in an address, when there is one.
fn refusal_in(uri: &Uri) -> Option<String> {
    Some(query_value(uri, "__err")).filter(|value| !value.is_empty())
}

/// The same page, with the refusal's two fields taken out of its query.
fn without_refusal(uri: &Uri) -> String {
    let kept: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(key, _)| key);
            !pair.is_empty() && key != "__err" && key != "__path"
        })
        .collect();
    if kept.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_taken_out_and_the_rest_of_the_address_kept() {
        let uri: Uri =
            "/claims?month=2026-11&__path=%2Fapi%2Fsend_claim&__err=eyJJbnZhbGlkIjoiUmluZyJ9"
                .parse()
                .unwrap();
        assert_eq!(
            refusal_in(&uri).as_deref(),
            Some("eyJJbnZhbGlkIjoiUmluZyJ9")
        );
        assert_eq!(without_refusal(&uri), "/claims?month=2026-11");
        let only: Uri = "/people/4?__err=x".parse().unwrap();
        assert_eq!(without_refusal(&only), "/people/4");
        assert_eq!(refusal_in(&"/people/4".parse().unwrap()), None);
    }
}
