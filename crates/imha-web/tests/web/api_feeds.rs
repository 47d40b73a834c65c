//! `POST /api/v1/feeds/episodes`: contracts.md section 3 over HTTP.

use imha_core::organisations::{self, Kind, Scope};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{TestApp, http};

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

/// A token of `scope` for an organisation of `kind` with ODS `code`.
async fn token(app: &TestApp, kind: Kind, code: &str, scope: Scope) -> String {
    let mut tx = app.db.db.begin().await.unwrap();
    let org = organisations::create(&mut tx, kind, &format!("Org {code}"), Some(code), "england")
        .await
        .unwrap();
    let (_, secret) = organisations::create_token(&mut tx, &org.id, scope, "feed", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    secret
}

async fn send(app: &TestApp, token: &str, content_type: &str, body: String) -> (StatusCode, Value) {
    let res = http()
        .post(app.url("/api/v1/feeds/episodes"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn feed(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    imha_core::on_pool!(&app.db.db, p => sqlx::query_scalar::<_, i64>(&sql).fetch_one(p).await)
        .unwrap()
}

both_backends!(
    a_hospital_sends_its_feed_twice_and_nothing_changes_the_second_time,
    |app| {
        let t = token(&app, Kind::Hospital, "RZZ01", Scope::Feed).await;
        let body = feed(&[
            "E1,RZZ01,943 476 5919,,Sam,Okafor,1990-05-01,03,2026-03-20,,Willow",
            "E2,RZZ01,,L7,Ann,Lee,1970-01-02,s136,2026-03-21T23:00,,",
            "E3,RZZ01,9434765918,,Jo,Khan,1985-07-07,s2,2026-03-22,,",
            "E4,RZZ02,,L8,Kit,Brennan,1999-12-01,s3,2026-03-22,,",
        ]);
        let (status, out) = send(&app, &t, "text/csv; charset=utf-8", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["rows"], 4);
        assert_eq!(out["inserted"], 2);
        assert_eq!(out["rejected"], 2);
        assert_eq!(out["referrals_created"], 1);
        assert_eq!(out["errors"][0]["line"], 4);
        assert_eq!(out["errors"][0]["field"], "nhs_number");
        assert_eq!(out["errors"][1]["line"], 5);
        assert_eq!(
            out["errors"][1]["message"],
            "this feed token may not send episodes for RZZ02"
        );
        let (_, again) = send(&app, &t, "text/csv", body).await;
        assert_eq!(again["inserted"], 0);
        assert_eq!(again["unchanged"], 2);
        assert_eq!(again["referrals_created"], 0);
        assert_eq!(count(&app, "referrals").await, 1);
    }
);

#[tokio::test]
async fn unreadable_feeds_store_nothing_and_say_why() {
    let app = TestApp::sqlite().await;
    let t = token(&app, Kind::Hospital, "RZZ01", Scope::Feed).await;
    let (status, out) = send(
        &app,
        &t,
        "text/csv",
        "episode_id,hospital\nE1,RZZ01\n".into(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(out["error"], "line 1: missing required column: given_name");
    let (status, out) = send(&app, &t, "application/json", "{}".into()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(out["error"], "send the feed as text/csv");
    assert_eq!(count(&app, "episodes").await, 0);
}

#[tokio::test]
async fn only_a_hospital_s_feed_token_may_send() {
    let app = TestApp::sqlite().await;
    let referrals = token(&app, Kind::Hospital, "RZZ01", Scope::Referrals).await;
    let provider = token(&app, Kind::Provider, "PRV01", Scope::Feed).await;
    let body = feed(&["E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-03-20,,"]);
    for t in [&referrals, &provider] {
        let (status, _) = send(&app, t, "text/csv", body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = send(&app, "not-a-token", "text/csv", body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app, "episodes").await, 0);
}

#[tokio::test]
async fn large_feeds_stream_past_the_ordinary_body_limit() {
    let app = TestApp::sqlite().await;
    let t = token(&app, Kind::Hospital, "RZZ01", Scope::Feed).await;
    // About 2.5 MB: more than twice the 1 MiB limit on every other request.
    let mut body = String::from(HEADER);
    for i in 0..30_000 {
        body.push_str(&format!(
            "\nE{i},RZZ01,,L{i},Given{i},Family,1980-01-01,s3,2026-03-20,,Ward with a longish name"
        ));
    }
    assert!(body.len() > 2 * 1024 * 1024);
    let (status, out) = send(&app, &t, "text/csv", body).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["inserted"], 30_000);
    assert_eq!(out["referrals_created"], 30_000);
    // Other endpoints keep the ordinary limit.
    let res = http()
        .post(app.url("/api/v1/rights"))
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_openapi_document_describes_the_feed_result() {
    let app = TestApp::sqlite().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let op = &doc["paths"]["/api/v1/feeds/episodes"]["post"];
    assert!(op["requestBody"]["content"]["text/csv"].is_object());
    let documented: std::collections::BTreeSet<String> = doc["components"]["schemas"]["FeedResult"]
        ["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let summary = imha_core::feed::import::Summary {
        errors_omitted: 1,
        ..Default::default()
    };
    let real: std::collections::BTreeSet<String> = serde_json::to_value(summary)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(documented, real);
}
