//! Every server-function error goes out with the status its sentence deserves.
//!
//! An error raised inside a server function sets its status through [`crate::error::respond`].
//! But arguments that cannot be read fail *before* the function runs, inside the server-function
//! machinery, which answers every error with 500 — so a typo in a form field looked like our own
//! fault, and a scanner's garbage filled the log with errors. Here the error body (an encoded
//! [`AppError`]) is read back and the status set from it: "the request was incomplete" is a 400.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};

use crate::error::AppError;

/// Error bodies are one short sentence; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::from(AppError::Internal.ser()));
    };
    let error = AppError::de(bytes.clone());
    parts.status = error.status_code();
    Response::from_parts(parts, Body::from(bytes))
}
