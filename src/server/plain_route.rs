//! What the plain routes (those that are not server functions: files, downloads, uploads) share:
//! the same sign-in and permission check as a server function, and a refusal answered as its
//! sentence with its status, never cached.

use axum::http::{header, Uri};
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
