//! The JSON API under `/api/v1/` and the health probes.

pub mod feeds;
pub mod referrals;
pub mod rights;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;
use utoipa::OpenApi;

use crate::AppState;

pub fn routes(state: AppState) -> Router<AppState> {
    // Everything but the OpenAPI document needs a bearer token (contracts.md section 4).
    let authenticated = Router::new()
        .route("/rights", post(rights::rights))
        .route("/referrals", post(referrals::create))
        .layer(RequestBodyLimitLayer::new(crate::BODY_LIMIT))
        // The feed streams: its own, far larger limit.
        .route(
            "/feeds/episodes",
            post(feeds::episodes).layer(RequestBodyLimitLayer::new(feeds::FEED_LIMIT)),
        )
        .route_layer(axum::middleware::from_fn_with_state(state, bearer));
    let v1 = Router::new()
        .merge(authenticated)
        .route("/openapi.json", get(openapi))
        .fallback(api_not_found);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .nest("/api/v1", v1)
}

/// A 401 with a JSON error, as machine clients expect.
fn unauthorized(message: &str) -> Response {
    let mut res = (StatusCode::UNAUTHORIZED, Json(json!({ "error": message }))).into_response();
    res.headers_mut().insert(
        axum::http::header::WWW_AUTHENTICATE,
        axum::http::HeaderValue::from_static("Bearer realm=\"imha\""),
    );
    res
}

/// Check `Authorization: Bearer <token>` against the issued, unrevoked API tokens and put the
/// [`ApiClient`](imha_core::organisations::ApiClient) in the request's extensions.
async fn bearer(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let token = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return unauthorized("missing bearer token: send Authorization: Bearer <token>");
    };
    match imha_core::organisations::authenticate(&state.db, token).await {
        Ok(Some(client)) => {
            req.extensions_mut().insert(client);
            next.run(req).await
        }
        Ok(None) => unauthorized("invalid or revoked bearer token"),
        Err(e) => {
            tracing::error!(error = %e, "could not check a bearer token");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "service unavailable"})),
            )
                .into_response()
        }
    }
}

/// The OpenAPI document for `/api/v1/`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "imha API",
        description = "Independent Mental Health Advocacy: the rights engine, referrals and the \
                       hospitals' legal-status feed. Field names are fixed by contracts.md."
    ),
    paths(rights::rights, referrals::create, feeds::episodes),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(
        rights::ApiError,
        rights::RightsRequest,
        rights::RightsResponse,
        rights::HistoryEntry,
        rights::ImhaAnswer,
        referrals::ReferralRequest,
        referrals::ReferralCreated,
        referrals::ReferralErrors,
        referrals::ApiFieldError,
        feeds::FeedResult
    ))
)]
pub struct ApiDoc;

/// Declares the bearer-token scheme in the OpenAPI document.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

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
