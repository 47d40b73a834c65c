//! The JSON API under `/api/v1/` and the health probes.

pub mod rights;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use utoipa::OpenApi;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    let v1 = Router::new()
        .route("/rights", post(rights::rights))
        .route("/openapi.json", get(openapi))
        .fallback(api_not_found);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .nest("/api/v1", v1)
}

/// The OpenAPI document for `/api/v1/`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "imha API",
        description = "Independent Mental Health Advocacy: the rights engine and, as they are \
                       built, referrals and the hospital feed. Field names are fixed by contracts.md."
    ),
    paths(rights::rights),
    components(schemas(
        rights::ApiError,
        rights::RightsRequest,
        rights::RightsResponse,
        rights::HistoryEntry,
        rights::ImhaAnswer
    ))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// An unknown path under `/api/v1/` gets a JSON 404, not the HTML page.
async fn api_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": "no such API endpoint"})),
    )
        .into_response()
}

/// `GET /healthz`: 200 as soon as the server can answer at all.
async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 once the database answers, 503 (and a JSON reason) while it does not.
async fn readyz(State(state): State<AppState>) -> Response {
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await;
    match ping {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "database unavailable"})),
            )
                .into_response()
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "database did not answer in time"})),
            )
                .into_response()
        }
    }
}
