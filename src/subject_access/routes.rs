//! `GET /subject-access/{id}/download`: a subject access request's pack, as one HTML file to
//! save (`Content-Disposition: attachment`, never cached). Checked like a server function
//! (`ManageRetention`, so two-step sign-in), and audited by the use case.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

use super::{use_cases, RequestId};
use crate::access::Permission;
use crate::error::AppError;
use crate::server::auth::AuthSession;
use crate::server::client_address::ClientAddress;
use crate::server::plain_route::{caller, refusal};
use crate::server::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/subject-access/{id}/download", get(download))
}

async fn download(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    // A GET that writes to the audit log: a link on another site must not make a signed-in
    // coordinator compile a pack (browsers say where a navigation came from).
    if headers
        .get("sec-fetch-site")
        .is_some_and(|site| site == "cross-site")
    {
        return refusal(AppError::NotAllowed(
            "Open the download from the Subject access requests page.".into(),
        ));
    }
    let made = async {
        let caller = caller(state, auth, address, &uri, Permission::ManageRetention).await?;
        let id = id
            .parse::<i64>()
            .map(RequestId)
            .map_err(|_| AppError::NotFound("that subject access request".into()))?;
        let db = &caller.state.db;
        let settings = crate::data::settings::programme_settings(db).await?;
        let today = crate::server::clock::programme_now(db).await?.date();
        use_cases::compile(db, &caller.actor(), id, &settings.programme_name, today).await
    };
    match made.await {
        Ok((file_name, html)) => {
            let mut response = html.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if let Ok(value) =
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
            {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => refusal(error),
    }
}
