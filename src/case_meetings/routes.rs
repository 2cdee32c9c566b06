//! `GET /meetings/{id}/print`: the agenda and every pack the reader may read, as one A4
//! document to print, with what the reader's role may see. A plain route (a document, not a
//! server function), checked like one, refused cross-site, and audited.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::meeting_html::{self, PRINT_STYLE};
use super::meetings_api::server::viewer;
use super::{use_cases, MeetingId};
use crate::access::Permission;
use crate::error::AppError;
use crate::server::auth::AuthSession;
use crate::server::client_address::ClientAddress;
use crate::server::plain_route::{caller, from_another_site, print_page, refusal};
use crate::server::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/meetings/{id}/print", get(print))
}

async fn print(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    let made = async {
        let meeting = id
            .parse::<i64>()
            .map(MeetingId)
            .map_err(|_| AppError::NotFound("that meeting".into()))?;
        let caller = caller(state, auth, address, &uri, Permission::ReadCasePacks).await?;
        let db = &caller.state.db;
        let today = crate::server::clock::programme_now(db).await?.date();
        let (agenda, packs) = use_cases::print(
            db,
            &viewer(&caller),
            &caller.state.wellbeing,
            meeting,
            today,
        )
        .await?;
        Ok::<_, AppError>((agenda.title(), meeting_html::print(&agenda, &packs)))
    };
    match made.await {
        Ok((title, body)) => print_page(&title, PRINT_STYLE, &body),
        Err(error) => refusal(error),
    }
}
