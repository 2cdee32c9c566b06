//! The claims' plain routes, for what server functions do not carry: an expense arriving with
//! its photo (a multipart form, from the phone's camera), a receipt photo, and the month's CSV.
//! Each passes the same check as a server function (`auth::check`) and answers a refusal with
//! its sentence and status.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::claims_api::server::{form_key_of, month_or_this, today, viewer};
use super::export::receipt_reference;
use super::receipt_file::{MAX_RECEIPT_BYTES, TOO_LARGE};
use super::use_cases::{self, Photo};
use super::{ClaimMonth, LineDraft, LineForm, LineId};
use crate::access::Permission;
use crate::error::AppError;
use crate::server::auth::AuthSession;
use crate::server::client_address::ClientAddress;
use crate::server::plain_route::{caller, file, from_another_site, query_value, refusal};
use crate::server::state::AppState;
use crate::server::waiting_refusal;

const NOT_WHOLE: &str = "The form did not arrive whole: send it again.";

/// The most a text field of the expense form may carry before it is read at all.
const MAX_FIELD_BYTES: usize = 16 * 1024;

/// A photo and a few short fields, with room for the multipart framing.
const MAX_UPLOAD_BYTES: usize = MAX_RECEIPT_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/claims/expense",
            post(add_expense).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/receipts/{line}", get(receipt))
        .route("/claims/export.csv", get(export))
}

/// Our own script asks for a plain answer it can show; a form sent without JavaScript gets a
/// page back (the claim on success, the sentence and a way back on a refusal).
fn wants_plain_answer(headers: &HeaderMap) -> bool {
    headers
        .get("x-requested-with")
        .is_some_and(|value| value == "claim-form")
}

/// `POST /claims/expense`: date, category, description, amount, form_key, and photo.
async fn add_expense(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let scripted = wants_plain_answer(&headers);
    let session = auth.session.clone();
    let mut month = None;
    match save_expense(state, auth, address, &uri, multipart, &mut month).await {
        Ok(month) if scripted => (StatusCode::OK, month.slug()).into_response(),
        Ok(month) => Redirect::to(&format!("/claims?month={}", month.slug())).into_response(),
        Err(error) if scripted => refusal(error),
        // Someone not signed in meets the sign-in page, as anywhere else.
        Err(AppError::Unauthorised) => Redirect::to("/sign-in").into_response(),
        Err(error) => {
            // Without JavaScript: back to the claim, which shows the sentence once (the browser's
            // Back button still holds what was typed).
            if !waiting_refusal::keep(&session, waiting_refusal::CLAIM, error.to_string()).await {
                return refusal(error);
            }
            let month = month
                .map(|m: ClaimMonth| format!("?month={}", m.slug()))
                .unwrap_or_default();
            Redirect::to(&format!("/claims{month}")).into_response()
        }
    }
}

async fn save_expense(
    state: AppState,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: &Uri,
    multipart: Result<Multipart, MultipartRejection>,
    month_seen: &mut Option<ClaimMonth>,
) -> Result<ClaimMonth, AppError> {
    let caller = caller(state, auth, address, uri, Permission::MakeOwnClaims).await?;
    let mut multipart = multipart.map_err(|_| {
        AppError::Invalid(
            "Send the expense from the expenses page: it did not arrive as a form with a photo."
                .into(),
        )
    })?;
    let unreadable = |error: MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Invalid(TOO_LARGE.into())
        } else {
            AppError::Invalid(NOT_WHOLE.into())
        }
    };
    let mut form = LineForm {
        kind: "expense".into(),
        ..LineForm::default()
    };
    let mut form_key = String::new();
    let mut photo: Option<Vec<u8>> = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            if photo.is_some() {
                return Err(AppError::Invalid(
                    "Send one photo of the receipt with each expense.".into(),
                ));
            }
            // An empty file input sends an empty part: no photo taken (refused below).
            photo = Some(field.bytes().await.map_err(unreadable)?.to_vec());
            continue;
        }
        let text = field.text().await.map_err(unreadable)?;
        // Far more than any field holds: the field's own check says what is too long.
        if text.len() > MAX_FIELD_BYTES {
            return Err(AppError::Invalid(NOT_WHOLE.into()));
        }
        match name.as_str() {
            "date" => form.date = text,
            "category" => form.category = text,
            "description" => form.description = text,
            "amount" => form.amount = text,
            "form_key" => form_key = text,
            _ => {}
        }
    }
    let today = today(&caller).await?;
    let month = chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map(ClaimMonth::containing)
        .unwrap_or(ClaimMonth::containing(today));
    *month_seen = Some(month);
    let line = LineDraft::parse(&form, month, today)
        .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
    let key = form_key_of(&form_key)?;
    let photo = Photo(photo.unwrap_or_default());
    use_cases::add_line(
        &caller.state.db,
        caller.user.person_id,
        &line,
        Some(&photo),
        key,
    )
    .await?;
    Ok(month)
}

/// `GET /receipts/{line}`: the photo, to its claimant and approvers only, never cached.
async fn receipt(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    Path(line): Path<String>,
) -> Response {
    // Another site may neither show someone's receipt in its page nor make the audit log say an
    // approver read it.
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    let Ok(line) = line.parse::<i64>().map(LineId) else {
        return refusal(AppError::NotFound("that receipt".into()));
    };
    let found = async {
        let caller = caller(state, auth, address, &uri, Permission::MakeOwnClaims).await?;
        use_cases::receipt(&caller.state.db, &viewer(&caller), line).await
    };
    match found.await {
        Ok((kind, bytes)) => {
            let disposition = format!(
                "inline; filename=\"{}.{}\"",
                receipt_reference(line.0),
                kind.extension()
            );
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(kind.content_type()),
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Err(error) => refusal(error),
    }
}

/// `GET /claims/export.csv?month=2026-11`: the month's approved and paid claims.
async fn export(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    // Only `month` is read; anything else in the address is ignored.
    let month_text = query_value(&uri, "month");
    let made = async {
        let caller = caller(state, auth, address, &uri, Permission::ApproveClaims).await?;
        let month = month_or_this(&month_text, today(&caller).await?)?;
        let csv = use_cases::export(&caller.state.db, &viewer(&caller), month).await?;
        Ok::<_, AppError>((month, csv))
    };
    match made.await {
        Ok((month, csv)) => file(
            csv,
            "text/csv; charset=utf-8",
            Some(format!(
                "attachment; filename=\"claims-{}.csv\"",
                month.slug()
            )),
        ),
        Err(error) => refusal(error),
    }
}
