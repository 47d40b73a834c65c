//! The JSON API: `POST /api/v1/rights` against contracts.md section 2, and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, http};

async fn rights(app: &TestApp, body: &str) -> (StatusCode, Value) {
    let res = http()
        .post(app.url("/api/v1/rights"))
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
