//! The web shell over HTTP: health and readiness, security headers, the styled error pages,
//! static assets, and request ids. Database-touching checks run on SQLite and PostgreSQL.

use reqwest::StatusCode;

use crate::support::{TestApp, http};

both_backends!(healthz_and_readyz_answer, |app| {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ready");
});

both_backends!(readyz_is_503_when_the_database_is_gone, |app| {
    app.db.db.close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "database unavailable");
    // The server itself still answers.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
});

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::sqlite().await;
    for path in ["/", "/healthz", "/no-such-page", "/accessibility"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer", "{path}");
        assert_eq!(h.get("cache-control").unwrap(), "no-store", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
        let id = h.get("x-request-id").unwrap().to_str().unwrap();
        assert_eq!(id.len(), 36, "a UUID request id: {id}");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        public_url: Some("https://imha.example.org".into()),
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    let res = app.get("/").await;
    let hsts = res
        .headers()
        .get("strict-transport-security")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

#[tokio::test]
async fn a_request_id_given_by_a_proxy_is_kept() {
    let app = TestApp::sqlite().await;
    let res = http()
        .get(app.url("/healthz"))
        .header("x-request-id", "proxy-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("x-request-id").unwrap(), "proxy-abc-123");
}

#[tokio::test]
async fn an_unknown_page_gets_the_styled_404() {
    let app = TestApp::sqlite().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        res.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = res.text().await.unwrap();
    assert!(
        body.contains("<h1 class=\"govuk-heading-l\">Page not found</h1>"),
        "{body}"
    );
    assert!(
        body.contains("govuk-footer"),
        "the 404 page uses the layout"
    );
}

#[test]
fn the_500_page_is_styled_and_reassures() {
    let res = imha_web::error::server_error_page();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = futures_body(res);
    assert!(body.contains("Sorry, there is a problem with the service"));
    assert!(body.contains("Nothing you had already saved has been lost."));
    assert!(body.contains("govuk-footer"));
}

fn futures_body(res: axum::response::Response) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    })
}

#[tokio::test]
async fn pages_link_only_to_embedded_assets_which_are_cached_immutably() {
    let app = TestApp::sqlite().await;
    let home = app.get("/").await.text().await.unwrap();
    let version = imha_web::assets::version();
    for name in ["imha.css", "init.js"] {
        let url = format!("/static/{version}/{name}");
        assert!(home.contains(&url), "home links {url}");
        let res = app.get(&url).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        assert_eq!(
            res.headers().get("cache-control").unwrap(),
            "public, max-age=31536000, immutable"
        );
    }
    let js = app
        .get(&format!("/static/{version}/govuk-frontend.min.js"))
        .await;
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    // An old version or an unknown file is not served.
    assert_eq!(
        app.get("/static/000000000000/imha.css").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/static/{version}/secrets.txt"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Nothing is loaded from another origin.
    assert!(!home.contains("https://"), "no external URLs in the page");
    assert!(!home.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn the_css_has_no_crown_and_no_gds_transport_font() {
    let app = TestApp::sqlite().await;
    let css = app
        .get(&imha_web::assets::url("imha.css"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        css.len() > 50_000,
        "the GOV.UK Frontend stylesheet is embedded"
    );
    assert!(!css.contains("GDS Transport"));
    assert!(!css.contains("@font-face"));
    assert!(css.contains("arial"));
    let home = app.get("/").await.text().await.unwrap();
    assert!(!home.contains("crown"), "no crown logo in the layout");
    assert!(
        !home.to_lowercase().contains("gov.uk"),
        "not branded as GOV.UK"
    );
}

#[tokio::test]
async fn the_home_page_explains_the_right_and_the_eight_kinds_of_help() {
    let app = TestApp::sqlite().await;
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("independent mental health advocate"));
    for kind in imha_web::pages::KINDS_OF_HELP {
        assert!(home.contains(kind), "missing: {kind}");
    }
    assert!(home.contains("community treatment order"));
    assert!(home.contains("guardianship"));
}

#[tokio::test]
async fn contact_details_come_from_configuration() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        service_name: "Northshire Advocacy".into(),
        contact_phone: Some("0161 496 0000".into()),
        contact_email: Some("imha@northshire-advocacy.example".into()),
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    let page = app.get("/contact").await.text().await.unwrap();
    assert!(page.contains("0161 496 0000"));
    assert!(page.contains("mailto:imha@northshire-advocacy.example"));
    assert!(page.contains("<title>Contact us - Northshire Advocacy</title>"));
    let plain = TestApp::sqlite().await;
    let page = plain.get("/contact").await.text().await.unwrap();
    assert!(page.contains("has not added its contact details"));
}

#[tokio::test]
async fn forms_are_rate_limited_per_client_without_a_captcha() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        form_posts_per_minute: 3,
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    for _ in 0..3 {
        let res = http()
            .post(app.url("/my-dates"))
            .form(&[("country", "england")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", "a@b.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers().get("retry-after").unwrap(), "60");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("You have sent too many forms in a short time")
    );
    // Reading pages is not limited.
    assert_eq!(app.get("/my-dates").await.status(), StatusCode::OK);
}
