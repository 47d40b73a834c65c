//! The JSON API: `POST /api/v1/rights` against contracts.md section 2, and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, http};

/// Issue a bearer token for a new hospital, as an administrator would.
async fn token(app: &TestApp) -> (String, String) {
    use imha_core::organisations::{self, Kind, Scope};
    let mut tx = app.db.db.begin().await.unwrap();
    let org = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Test Hospital",
        Some(&format!("T{}", &uuid_like()[..6])),
        "england",
    )
    .await
    .unwrap();
    let (record, secret) = organisations::create_token(&mut tx, &org.id, Scope::Feed, "test", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (record.id, secret)
}

fn uuid_like() -> String {
    imha_core::accounts::random_token().unwrap().to_uppercase()
}

async fn rights(app: &TestApp, body: &str) -> (StatusCode, Value) {
    let (_, secret) = token(app).await;
    rights_with(app, body, Some(&secret)).await
}

async fn rights_with(app: &TestApp, body: &str, bearer: Option<&str>) -> (StatusCode, Value) {
    let mut req = http().post(app.url("/api/v1/rights"));
    if let Some(b) = bearer {
        req = req.header("authorization", format!("Bearer {b}"));
    }
    let res = req
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn the_contract_example_gives_the_contract_answer() {
    let app = TestApp::sqlite().await;
    let input = json!({
        "jurisdiction": "england",
        "as_of": "2026-04-01",
        "date_of_birth": "1990-05-01",
        "history": [
            {"status": "s2", "start": "2026-03-10"},
            {"status": "s3", "start": "2026-03-20"}
        ],
        "treatment_discussed": null,
        "tribunal_hearings": []
    });
    let (status, out) = rights(&app, &input.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(out["status"], "s3");
    assert_eq!(
        out["imha"],
        json!({
            "qualifies": true,
            "basis": "MHA 1983 s130C(2)(a)",
            "responsible_person": "hospital-managers",
            "nearest_relative_copy": true,
            "since": null,
            "duty_to_inform": out["imha"]["duty_to_inform"].clone(),
        })
    );
    assert_eq!(out["authority"]["period"], 1);
    assert_eq!(out["authority"]["start"], "2026-03-20");
    assert_eq!(out["authority"]["end"], "2026-09-19");
    assert_eq!(out["authority"]["basis"], "MHA 1983 s20(1)");
    let w = &out["tribunal"]["patient"];
    assert_eq!(
        (w["from"].as_str(), w["to"].as_str(), w["open"].as_bool()),
        (Some("2026-03-20"), Some("2026-09-19"), Some(true))
    );
    assert_eq!(w["basis"], "MHA 1983 s66(1)(b), (2)(b)");
    assert_eq!(out["managers_reference"]["due"], "2026-09-10");
    assert_eq!(out["managers_reference"]["basis"], "MHA 1983 s68(2)");
    assert_eq!(out["warnings"], json!([]));
}

#[tokio::test]
async fn invalid_input_is_a_400_naming_the_field() {
    let app = TestApp::sqlite().await;
    let cases = [
        (
            r#"{"as_of":"2026-04-01","history":[{"status":"s2","start":"2026-03-10"},{"status":"s3","start":"2026-13-01"}]}"#,
            r#"history[1].start: not a date: "2026-13-01""#,
        ),
        (r#"{"history":[]}"#, "as_of: missing"),
        (
            r#"{"as_of":"2026-04-01","history":[{"status":"32","start":"2026-03-10"}]}"#,
            "history[0].status",
        ),
        ("not json", "invalid JSON"),
    ];
    for (body, expected) in cases {
        let (status, out) = rights(&app, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = out["error"].as_str().unwrap();
        assert!(error.contains(expected), "{body}: {error}");
        assert!(!error.contains('\n'), "one line");
    }
}

#[tokio::test]
async fn the_api_needs_a_valid_unrevoked_bearer_token() {
    let app = TestApp::sqlite().await;
    let body = r#"{"as_of":"2026-04-01","history":[{"status":"s2","start":"2026-03-10"}]}"#;
    for bearer in [None, Some("imha_not-a-real-token"), Some("")] {
        let (status, out) = rights_with(&app, body, bearer).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bearer:?}");
        assert!(
            out["error"].as_str().unwrap().contains("bearer token"),
            "{out}"
        );
    }
    let (id, secret) = token(&app).await;
    assert_eq!(
        rights_with(&app, body, Some(&secret)).await.0,
        StatusCode::OK
    );
    let mut tx = app.db.db.begin().await.unwrap();
    imha_core::organisations::revoke_token(&mut tx, &id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (status, out) = rights_with(&app, body, Some(&secret)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(out["error"], "invalid or revoked bearer token");
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = TestApp::sqlite().await;
    let res = app.get("/api/v1/nothing-here").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn the_openapi_document_describes_the_rights_endpoint() {
    let app = TestApp::sqlite().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let op = &doc["paths"]["/api/v1/rights"]["post"];
    assert!(op.is_object(), "{doc}");
    assert!(op["responses"]["200"].is_object());
    assert!(op["responses"]["400"].is_object());
    assert!(op["responses"]["401"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let schemas = &doc["components"]["schemas"];
    for field in [
        "jurisdiction",
        "as_of",
        "date_of_birth",
        "history",
        "treatment_discussed",
        "tribunal_hearings",
    ] {
        assert!(
            schemas["RightsRequest"]["properties"][field].is_object(),
            "request field {field}"
        );
    }
    for field in [
        "status",
        "imha",
        "authority",
        "tribunal",
        "managers_reference",
        "warnings",
    ] {
        assert!(
            schemas["RightsResponse"]["properties"][field].is_object(),
            "response field {field}"
        );
    }
}
