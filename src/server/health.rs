//! `/healthz`: for a load balancer or a supervisor to ask "can you serve people right now?"

use axum::extract::State;
use axum::http::StatusCode;

use crate::data::{self, Db};

pub async fn healthz(State(db): State<Db>) -> (StatusCode, &'static str) {
    match data::ping(&db).await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n"),
    }
}
