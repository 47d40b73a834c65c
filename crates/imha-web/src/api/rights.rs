//! `POST /api/v1/rights`: the same JSON in and out as `imha rights` (contracts.md section 2).
//! The body is read as text and parsed by imha-core, so every error names its field
//! (`history[1].start: not a date: "2026-13-01"`), exactly as the command line does.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::AppState;

/// A JSON error: one line naming the field and the problem.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    /// e.g. `history[1].start: not a date: "2026-13-01"`
    pub error: String,
}

/// One status in the patient's history.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct HistoryEntry {
    /// A canonical status id (`s2`, `s3`, `cto`, ...) or its MHSDS code (`02`, `03`, ...).
    #[schema(example = "s3")]
    pub status: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (UK local time).
    #[schema(example = "2026-03-20")]
    pub start: String,
    /// When it ended, if it has.
    pub end: Option<String>,
}

/// The input document (more optional fields are described in imha-core's `rights` module:
/// `tribunal_applications`, `nearest_relative_events`, `first_medication`, `transition`,
/// `recalls`, `dol_conditions`, `treatment_ended`, `informal_in_patient`).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct RightsRequest {
    /// `england` (default) or `wales`.
    #[schema(example = "england")]
    pub jurisdiction: Option<String>,
    /// The day or time the answers are for.
    #[schema(example = "2026-04-01")]
    pub as_of: String,
    /// Needed for the under-18 rules.
    pub date_of_birth: Option<String>,
    /// Statuses in date order.
    pub history: Vec<HistoryEntry>,
    /// `null`, `s57` or `s58a`.
    pub treatment_discussed: Option<String>,
    /// Days a tribunal considered the case.
    pub tribunal_hearings: Vec<String>,
}

/// IMHA eligibility and the duty to inform.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ImhaAnswer {
    pub qualifies: bool,
    #[schema(example = "MHA 1983 s130C(2)(a)")]
    pub basis: String,
    /// `hospital-managers`, `responsible-clinician`, `local-social-services-authority`,
    /// `responsible-hospital-managers`, `clinician-discussing-treatment`, or null.
    pub responsible_person: Option<String>,
    pub nearest_relative_copy: Option<bool>,
}

/// The output document: these fields are always present (`null` where they do not apply);
/// further fields (`consent_to_treatment`, `tribunal.nearest_relative`, `transition`, ...) are
/// added beside them.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct RightsResponse {
    pub status: Option<String>,
    pub imha: ImhaAnswer,
    /// `{period, start, end | ends_at, basis}`.
    pub authority: Option<serde_json::Value>,
    /// `{patient: {from, to, open, basis} | null, ...}`.
    pub tribunal: serde_json::Value,
    /// `{due, basis}` or null.
    pub managers_reference: Option<serde_json::Value>,
    /// Plain-English warnings.
    pub warnings: Vec<String>,
}

fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}

/// Work out one patient's legal timeline.
#[utoipa::path(
    post,
    path = "/api/v1/rights",
    tag = "rights",
    request_body(content = RightsRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The legal timeline, every date with its citation", body = RightsResponse),
        (status = 400, description = "Invalid input: the field and the problem", body = ApiError),
        (status = 401, description = "Missing, wrong or revoked bearer token", body = ApiError),
    )
)]
pub async fn rights(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(text) = std::str::from_utf8(&body) else {
        return bad_request("body: not valid UTF-8".into());
    };
    match imha_core::rights::evaluate_json(text, &state.law) {
        Ok(value) => Json(value).into_response(),
        Err(e) => bad_request(e.to_string()),
    }
}
