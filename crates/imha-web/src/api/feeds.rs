//! `POST /api/v1/feeds/episodes`: a hospital sends its legal-status episodes as CSV
//! (contracts.md section 3) with a feed token. The hospital is the token's: rows for another
//! hospital are refused line by line. The body is streamed into the importer, so its size
//! does not change the memory used.

use axum::Extension;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use imha_core::feed::import::{self, ImportError, Options};
use imha_core::organisations::{self, ApiClient, Kind, Scope};
use imha_core::referrals::Actor;
use serde_json::json;
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::AppState;

/// Largest feed accepted in one request (a national year is well under this).
pub const FEED_LIMIT: usize = 1024 * 1024 * 1024;

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// Send legal-status episodes.
#[utoipa::path(
    post,
    path = "/api/v1/feeds/episodes",
    tag = "feeds",
    request_body(
        content = String,
        content_type = "text/csv",
        description = "A header row, then one episode a row: episode_id, hospital, nhs_number or \
                       local_patient_id, given_name, family_name, date_of_birth, legal_status, \
                       start, and optionally end, ward, ethnicity, gender, jurisdiction, \
                       told_orally_on, told_in_writing_on (contracts.md section 3)."
    ),
    responses(
        (status = 200, description = "Imported: counts, referrals created and every rejected line", body = FeedResult),
        (status = 400, description = "Not readable as the feed (nothing stored)", body = crate::api::rights::ApiError),
        (status = 401, description = "Missing, wrong or revoked bearer token", body = crate::api::rights::ApiError),
        (status = 403, description = "The token is not a hospital's feed token", body = crate::api::rights::ApiError),
        (status = 415, description = "The body is not text/csv", body = crate::api::rights::ApiError),
    )
)]
pub async fn episodes(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    request: Request,
) -> Response {
    if client.scope != Scope::Feed {
        return error(
            StatusCode::FORBIDDEN,
            "this token may not send the feed: ask for a token with the feed scope",
        );
    }
    let ods = match organisations::get(&state.db, &client.organisation_id).await {
        Ok(Some(org)) if org.kind == Kind::Hospital => org.ods_code.unwrap_or_default(),
        Ok(_) => {
            return error(
                StatusCode::FORBIDDEN,
                "feed tokens must belong to a hospital",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "could not read a feed token's organisation");
            return error(StatusCode::SERVICE_UNAVAILABLE, "service unavailable");
        }
    };
    let csv = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let mime = v.split(';').next().unwrap_or("").trim();
            mime.eq_ignore_ascii_case("text/csv") || mime.eq_ignore_ascii_case("application/csv")
        });
    if !csv {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the feed as text/csv",
        );
    }
    let stream = request
        .into_body()
        .into_data_stream()
        .map_err(std::io::Error::other);
    let reader = SyncIoBridge::new(StreamReader::new(stream));
    let options = Options {
        visit_target_working_days: state.config.visit_target_working_days,
        only_hospital: Some(ods),
        law: *state.law,
        ..Options::default()
    };
    let actor = Actor::Token {
        id: client.token_id.clone(),
    };
    let today = crate::pages::rights::today(&state);
    match import::import(&state.db, reader, &options, &actor, today, |_| {}).await {
        Ok(summary) => (StatusCode::OK, Json(summary)).into_response(),
        Err(ImportError::Unreadable(m)) | Err(ImportError::Read(m)) => {
            error(StatusCode::BAD_REQUEST, &m)
        }
        Err(ImportError::Storage(e)) => {
            tracing::error!(error = %e, "could not import a feed");
            error(StatusCode::SERVICE_UNAVAILABLE, "service unavailable")
        }
    }
}

/// The result document (contracts.md section 3).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FeedResult {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub referrals_created: u64,
    /// `{line, field, message}` for each problem (the header is line 1).
    pub errors: Vec<serde_json::Value>,
    /// Problems beyond the first 10,000, counted but not listed (absent when none).
    pub errors_omitted: Option<u64>,
    /// Patients who may be the same person as another record, for someone to confirm.
    pub possible_matches: u64,
}
