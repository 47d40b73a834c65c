//! `POST /api/v1/referrals`: hospital systems refer a patient with a bearer token of the
//! `referrals` scope. The body is a [`RawReferral`] in JSON and goes through the same
//! validation as the public and staff forms; the answer is `201` with the reference, or `400`
//! with every problem against its field.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use imha_core::organisations::{self, ApiClient, Kind, Scope};
use imha_core::referrals::{self, Actor, Channel, FieldError, RawReferral, ReferralError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::AppState;

/// The referral, as a hospital system sends it. Only the fields marked required must be
/// present; the rest are sent when known. Unknown fields are refused (a typo must not lose an
/// answer silently).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ReferralRequest {
    /// Who is referring: `professional` (the default for the API), `self`,
    /// `nearest-relative` or `carer`.
    #[schema(example = "professional")]
    pub referrer: Option<String>,
    /// Required.
    #[schema(example = "Sam")]
    pub given_name: String,
    /// Required.
    #[schema(example = "Okafor")]
    pub family_name: String,
    /// Required for hospital systems: `YYYY-MM-DD`, not in the future.
    #[schema(example = "1990-05-01")]
    pub date_of_birth: String,
    /// 10 digits with a valid Modulus 11 check digit; spaces allowed.
    #[schema(example = "943 476 5919")]
    pub nhs_number: Option<String>,
    /// Required: `hospital` or `community`.
    #[schema(example = "hospital")]
    pub whereabouts: String,
    /// The hospital's ODS code. A token issued to a hospital may only refer to that hospital,
    /// and its code is used when this is left out.
    #[schema(example = "RZZ01")]
    pub hospital_ods: Option<String>,
    pub hospital_name: Option<String>,
    #[schema(example = "Willow ward")]
    pub ward: Option<String>,
    /// Required when `whereabouts` is `community`.
    pub address: Option<String>,
    /// The patient's own phone number.
    pub phone: Option<String>,
    /// The patient's own email address.
    pub email: Option<String>,
    /// A status id or MHSDS code (contracts.md section 1), or `not-sure`.
    #[schema(example = "s3")]
    pub legal_status: Option<String>,
    /// `england` or `wales`; by default the hospital's.
    pub jurisdiction: Option<String>,
    /// Required, at least one of: `rights`, `tribunal`, `concerns`, `treatment`, `meetings`,
    /// `care-planning`, `conditions`, `ward-rounds`, `other`.
    #[schema(example = json!(["rights", "tribunal"]))]
    pub help: Vec<String>,
    /// Required when `help` includes `other`.
    pub help_other: Option<String>,
    pub interpreter_language: Option<String>,
    pub bsl: Option<bool>,
    pub easy_read: Option<bool>,
    pub communication_other: Option<String>,
    /// Required unless `referrer` is `self`: `yes`, `no` or `not-sure`.
    #[schema(example = "yes")]
    pub knows_about_referral: Option<String>,
    /// Required when `knows_about_referral` is `yes`: `yes`, `no` or `not-sure`.
    #[schema(example = "yes")]
    pub agrees_to_referral: Option<String>,
    /// Anything the advocate should know before visiting.
    pub risk: Option<String>,
    /// Required unless `referrer` is `self`.
    #[schema(example = "Alex Morgan")]
    pub referrer_name: Option<String>,
    pub referrer_role: Option<String>,
    pub referrer_organisation: Option<String>,
    /// A phone number or an email address for the referrer is required unless `referrer` is
    /// `self`.
    pub referrer_phone: Option<String>,
    #[schema(example = "alex.morgan@example.nhs.uk")]
    pub referrer_email: Option<String>,
    /// The s130D duty to inform: the day the patient was told orally.
    pub told_orally_on: Option<String>,
    /// The day the patient was given the information in writing.
    pub told_in_writing_on: Option<String>,
    /// `sent`, `patient-objected`, `not-yet` or `not-applicable`; required when either date
    /// above is given.
    pub nearest_relative_copy: Option<String>,
    /// Required when `nearest_relative_copy` is `sent`.
    pub nearest_relative_copy_sent_on: Option<String>,
}

/// The stored referral's reference.
#[derive(Serialize, ToSchema)]
pub struct ReferralCreated {
    pub id: String,
    /// What the referrer quotes: unguessable, e.g. `K7QM-2XPD-9HWT`.
    #[schema(example = "K7QM-2XPD-9HWT")]
    pub reference: String,
    /// Always `new`: the provider triages every referral.
    #[schema(example = "new")]
    pub status: String,
    /// Whether the rights engine thinks the patient is a qualifying patient on the day
    /// received; `null` when the legal status was not given. A referral is never refused.
    pub appears_eligible: Option<bool>,
    /// The provision that decides it, e.g. `MHA 1983 s130C(2)(a)`.
    pub eligibility_basis: Option<String>,
}

/// One problem with one field.
#[derive(Serialize, ToSchema)]
pub struct ApiFieldError {
    #[schema(example = "nhs_number")]
    pub field: String,
    #[schema(example = "NHS number check digit does not match")]
    pub message: String,
}

/// Every problem with the referral: `error` is the first, as one line.
#[derive(Serialize, ToSchema)]
pub struct ReferralErrors {
    #[schema(example = "nhs_number: NHS number check digit does not match")]
    pub error: String,
    pub errors: Vec<ApiFieldError>,
}

fn invalid(errors: &[FieldError]) -> Response {
    let first = errors
        .first()
        .map(|e| format!("{}: {}", e.field, e.message))
        .unwrap_or_else(|| "invalid referral".to_string());
    let body = ReferralErrors {
        error: first,
        errors: errors
            .iter()
            .map(|e| ApiFieldError {
                field: e.field.to_string(),
                message: e.message.clone(),
            })
            .collect(),
    };
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn unavailable(e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "could not store an API referral");
    error(StatusCode::SERVICE_UNAVAILABLE, "service unavailable")
}

/// Refer a patient.
#[utoipa::path(
    post,
    path = "/api/v1/referrals",
    tag = "referrals",
    request_body(content = ReferralRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored; the provider will triage it", body = ReferralCreated),
        (status = 400, description = "Invalid: every problem against its field", body = ReferralErrors),
        (status = 401, description = "Missing, wrong or revoked bearer token", body = crate::api::rights::ApiError),
        (status = 403, description = "The token may not make referrals, or not for this hospital", body = crate::api::rights::ApiError),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    body: Bytes,
) -> Response {
    if client.scope != Scope::Referrals {
        return error(
            StatusCode::FORBIDDEN,
            "this token may not make referrals: ask for a token with the referrals scope",
        );
    }
    let mut raw: RawReferral = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("body: {e}")),
    };
    // A hospital's token refers to its own hospital.
    let organisation = match organisations::get(&state.db, &client.organisation_id).await {
        Ok(o) => o,
        Err(e) => return unavailable(&e),
    };
    if let Some(org) = organisation.filter(|o| o.kind == Kind::Hospital) {
        let own = org.ods_code.unwrap_or_default();
        match raw.hospital_ods.as_deref().map(str::trim) {
            None | Some("") => raw.hospital_ods = Some(own),
            Some(code) if code.eq_ignore_ascii_case(&own) => {}
            Some(_) => {
                return error(
                    StatusCode::FORBIDDEN,
                    &format!("hospital_ods: this token may only refer patients of {own}"),
                );
            }
        }
        if raw.whereabouts.is_none() {
            raw.whereabouts = Some("hospital".into());
        }
    }
    let actor = Actor::Token {
        id: client.token_id.clone(),
    };
    let now = jiff::Timestamp::now();
    let mut tx = match state.db.begin().await {
        Ok(tx) => tx,
        Err(e) => return unavailable(&e),
    };
    let created =
        match referrals::create(&mut tx, &raw, Channel::Api, &actor, now, &state.law).await {
            Ok(c) => c,
            Err(ReferralError::Invalid(errors)) => return invalid(&errors),
            Err(e) => return unavailable(&e),
        };
    if let Err(e) = tx.commit().await {
        return unavailable(&e);
    }
    referrals::notify_new_referral(
        &state.db,
        &state.mailer,
        &created.reference,
        &created.id,
        state.config.public_url.as_deref(),
    )
    .await;
    let body = ReferralCreated {
        id: created.id,
        reference: created.reference,
        status: "new".to_string(),
        appears_eligible: created.appears_eligible,
        eligibility_basis: created.eligibility_basis.map(str::to_string),
    };
    (StatusCode::CREATED, Json(body)).into_response()
}
