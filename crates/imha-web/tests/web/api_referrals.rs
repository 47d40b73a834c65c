//! `POST /api/v1/referrals`: a hospital system refers a patient with a referrals-scope token.

use imha_core::organisations::{self, Kind, Scope};
use imha_core::referrals::{self, ReferralStatus};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, http};

/// A hospital (ODS `code`) and a token of `scope` issued to it.
async fn hospital_token(app: &TestApp, code: &str, scope: Scope) -> String {
    let mut tx = app.db.db.begin().await.unwrap();
    let org = match organisations::list(&app.db.db)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.ods_code.as_deref() == Some(code))
    {
        Some(o) => o,
        None => organisations::create(
            &mut tx,
            Kind::Hospital,
            &format!("Hospital {code}"),
            Some(code),
            "england",
        )
        .await
        .unwrap(),
    };
    let (_, secret) = organisations::create_token(&mut tx, &org.id, scope, "ward system", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    secret
}

fn valid() -> Value {
    json!({
        "given_name": "Sam",
        "family_name": "Okafor",
        "date_of_birth": "1990-05-01",
        "nhs_number": "943 476 5919",
        "ward": "Willow",
        "legal_status": "03",
        "help": ["tribunal", "rights"],
        "knows_about_referral": "yes",
        "agrees_to_referral": "yes",
        "referrer_name": "Alex Morgan",
        "referrer_email": "alex.morgan@example.nhs.uk",
        "told_orally_on": "2026-01-05",
        "nearest_relative_copy": "patient-objected"
    })
}

async fn post(app: &TestApp, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut req = http()
        .post(app.url("/api/v1/referrals"))
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = req.body(body.to_string()).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

both_backends!(
    a_valid_referral_is_stored_and_answered_with_its_reference,
    |app| {
        let token = hospital_token(&app, "RZZ01", Scope::Referrals).await;
        let (status, out) = post(&app, Some(&token), &valid().to_string()).await;
        assert_eq!(status, StatusCode::CREATED, "{out}");
        assert_eq!(out["status"], "new");
        assert_eq!(out["appears_eligible"], true);
        assert_eq!(out["eligibility_basis"], "MHA 1983 s130C(2)(a)");
        let reference = out["reference"].as_str().unwrap();
        assert_eq!(reference.len(), 14);
        let id = referrals::id_for_reference(&app.db.db, reference)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(out["id"], id.as_str());
        let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
        // The hospital comes from the token; the MHSDS code 03 is section 3.
        assert_eq!(r.hospital_name.as_deref(), Some("Hospital RZZ01"));
        assert_eq!(r.legal_status, Some(imha_law::Status::S3));
        assert_eq!(r.channel, referrals::Channel::Api);
        assert_eq!(r.status, ReferralStatus::New);
        let duty = r.duty.unwrap();
        assert_eq!(
            duty.nearest_relative_copy,
            referrals::NearestRelativeCopy::PatientObjected
        );
        assert_eq!(duty.told_orally_on, Some(jiff::civil::date(2026, 1, 5)));
        // In the triage queue at once.
        let q = referrals::queue(&app.db.db).await.unwrap();
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].referral.reference, reference);
    }
);

both_backends!(
    invalid_referrals_get_every_problem_and_store_nothing,
    |app| {
        let token = hospital_token(&app, "RZZ01", Scope::Referrals).await;
        let mut body = valid();
        body["nhs_number"] = json!("9434765918");
        body["date_of_birth"] = json!("2090-01-01");
        body["help"] = json!([]);
        body["referrer_email"] = json!("nobody");
        let (status, out) = post(&app, Some(&token), &body.to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            out["error"],
            "date_of_birth: Date of birth must be today or in the past"
        );
        let fields: Vec<&str> = out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            vec!["date_of_birth", "nhs_number", "help", "referrer_email"]
        );
        assert!(referrals::queue(&app.db.db).await.unwrap().is_empty());
    }
);

#[tokio::test]
async fn malformed_bodies_and_unknown_fields_are_refused_by_name() {
    let app = TestApp::sqlite().await;
    let token = hospital_token(&app, "RZZ01", Scope::Referrals).await;
    let (status, out) = post(&app, Some(&token), "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        out["error"].as_str().unwrap().starts_with("body: "),
        "{out}"
    );
    let mut body = valid();
    body["nhs_numbr"] = json!("9434765919");
    let (status, out) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        out["error"].as_str().unwrap().contains("nhs_numbr"),
        "{out}"
    );
    let mut body = valid();
    body["given_name"] = json!("x".repeat(101));
    let (status, out) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        out["errors"][0]["message"],
        "First name must be 100 characters or fewer"
    );
    assert!(referrals::queue(&app.db.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn tokens_need_the_referrals_scope_and_their_own_hospital() {
    let app = TestApp::sqlite().await;
    let (status, _) = post(&app, None, &valid().to_string()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let feed = hospital_token(&app, "RZZ01", Scope::Feed).await;
    let (status, out) = post(&app, Some(&feed), &valid().to_string()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(out["error"].as_str().unwrap().contains("referrals scope"));
    hospital_token(&app, "RYY02", Scope::Referrals).await;
    let token = hospital_token(&app, "RZZ01", Scope::Referrals).await;
    let mut body = valid();
    body["hospital_ods"] = json!("RYY02");
    let (status, out) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        out["error"],
        "hospital_ods: this token may only refer patients of RZZ01"
    );
    body["hospital_ods"] = json!("rzz01");
    let (status, _) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(referrals::queue(&app.db.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_patient_who_does_not_qualify_is_still_referred() {
    let app = TestApp::sqlite().await;
    let token = hospital_token(&app, "RZZ01", Scope::Referrals).await;
    let mut body = valid();
    body["legal_status"] = json!("s136");
    let (status, out) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(out["appears_eligible"], false);
    assert!(
        out["eligibility_basis"]
            .as_str()
            .unwrap()
            .starts_with("MHA 1983")
    );
    body["legal_status"] = json!(null);
    let (_, out) = post(&app, Some(&token), &body.to_string()).await;
    assert_eq!(out["appears_eligible"], Value::Null);
}

#[tokio::test]
async fn the_openapi_document_describes_referrals() {
    let app = TestApp::sqlite().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let op = &doc["paths"]["/api/v1/referrals"]["post"];
    for code in ["201", "400", "401", "403"] {
        assert!(op["responses"][code].is_object(), "{code} missing");
    }
    let schema = &doc["components"]["schemas"]["ReferralRequest"];
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for f in [
        "given_name",
        "family_name",
        "date_of_birth",
        "whereabouts",
        "help",
    ] {
        assert!(required.contains(&f), "{f} not required in {required:?}");
    }
    // Every field the API accepts is documented, and nothing else.
    let documented: std::collections::BTreeSet<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let accepted: std::collections::BTreeSet<String> =
        serde_json::to_value(imha_core::referrals::RawReferral::default())
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
    assert_eq!(documented, accepted);
}
