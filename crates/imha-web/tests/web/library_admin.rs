//! Content management for administrators: links (https only), PDF uploads (checked by
//! content, size-limited, clear messages), review dates with items past review first, marking
//! reviewed, removing one's own items, and uploaded items in the public library.

use imha_core::accounts::Role;
use imha_core::library;

use crate::staff::{make_user, session};
use crate::support::{Browser, TestApp, http};

struct Admin {
    cookie: String,
    csrf: String,
}

async fn admin(app: &TestApp, email: &str) -> Admin {
    let (user, _) = make_user(app, email, Role::Admin).await;
    let (cookie, csrf) = session(app, &user, true).await;
    Admin { cookie, csrf }
}

async fn get(app: &TestApp, a: &Admin, path: &str) -> (u16, String) {
    let res = http()
        .get(app.url(path))
        .header("cookie", &a.cookie)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn post_form(
    app: &TestApp,
    a: &Admin,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf", a.csrf.as_str())];
    form.extend_from_slice(fields);
    http()
        .post(app.url(path))
        .header("cookie", &a.cookie)
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn upload(
    app: &TestApp,
    a: &Admin,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
    csrf: bool,
) -> reqwest::Response {
    upload_raw(app, a, fields, file_name, bytes, csrf)
        .await
        .unwrap()
}

/// A multipart upload, built by hand: text fields and one file.
async fn upload_raw(
    app: &TestApp,
    a: &Admin,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
    csrf: bool,
) -> Result<reqwest::Response, reqwest::Error> {
    let boundary = "----imhaTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let path = if csrf {
        format!("/staff/admin/resources/documents?csrf={}", a.csrf)
    } else {
        "/staff/admin/resources/documents".to_string()
    };
    http()
        .post(app.url(&path))
        .header("cookie", &a.cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
}

const FIELDS: &[(&str, &str)] = &[
    ("title", "Our annual report"),
    ("summary", "What the service did this year."),
    ("audience", "commissioners"),
    ("audience", "staff"),
    ("topics", "outcomes"),
    ("review-day", "1"),
    ("review-month", "6"),
    ("review-year", "2099"),
];

both_backends!(uploads_are_checked_and_served, |app| {
    let a = admin(&app, "ada@example.org").await;
    let (status, html) = get(&app, &a, "/staff/admin/resources").await;
    assert_eq!(status, 200);
    assert!(html.contains("Library content"));
    assert!(
        html.contains("Your rights under section 2"),
        "leaflets are listed"
    );

    // Wrong type: a GIF named .pdf and sent as application/pdf.
    let res = upload(&app, &a, FIELDS, "report.pdf", b"GIF89a....", true).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("The selected file must be a PDF"));
    assert!(html.contains("<title>Error: Library content"));
    // What was typed is kept.
    assert!(html.contains("value=\"Our annual report\""));
    assert!(html.contains("value=\"commissioners\" checked"));

    // Empty, no file chosen, too big.
    let html = upload(&app, &a, FIELDS, "report.pdf", b"", true)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The selected file is empty"));
    let html = upload(&app, &a, FIELDS, "", b"", true)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Select a PDF file"));
    let big = [
        b"%PDF-1.4\n".as_slice(),
        &vec![b'x'; library::MAX_DOCUMENT_BYTES],
    ]
    .concat();
    let html = upload(&app, &a, FIELDS, "big.pdf", &big, true)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The selected file must be smaller than 10 MB"));
    // Far too big: refused by the route's own body limit.
    let huge = vec![b'x'; library::MAX_DOCUMENT_BYTES * 2];
    match upload_raw(&app, &a, FIELDS, "huge.pdf", &huge, true).await {
        Ok(res) => assert_eq!(res.status(), 413),
        // The server may answer 413 and close before the whole body is sent.
        Err(e) => assert!(e.is_request(), "{e}"),
    }

    // Missing fields, each with its own message.
    let pdf = library::minimal_pdf("Annual report");
    let html = upload(&app, &a, &[], "report.pdf", &pdf, true)
        .await
        .text()
        .await
        .unwrap();
    for msg in [
        "Enter a title",
        "Enter a summary in plain English",
        "Select who it is for",
        "Select at least one topic",
        "Enter the review date as a real date",
    ] {
        assert!(html.contains(msg), "{msg}");
    }
    // Without the form token in the action URL: refused.
    assert_eq!(
        upload(&app, &a, FIELDS, "report.pdf", &pdf, false)
            .await
            .status(),
        403
    );
    assert!(
        library::list(&app.db.db).await.unwrap().is_empty(),
        "nothing stored"
    );

    // A real PDF.
    let res = upload(&app, &a, FIELDS, "annual report.pdf", &pdf, true).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/staff/admin/resources?done=document"
    );
    let items = library::list(&app.db.db).await.unwrap();
    assert_eq!(items.len(), 1);
    let doc = &items[0];

    // Served to anyone, as a PDF.
    let res = app.get(&format!("/resources/documents/{}", doc.id)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "inline; filename=\"annual-report.pdf\""
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice());
    assert_eq!(app.get("/resources/documents/nope").await.status(), 404);

    // In the public library, filtered like everything else.
    let public = app
        .get("/resources?audience=commissioners")
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("Added by the service"));
    assert!(public.contains(&format!("href=\"/resources/documents/{}\"", doc.id)));
    let public = app
        .get("/resources?audience=patients-and-families")
        .await
        .text()
        .await
        .unwrap();
    assert!(!public.contains("Our annual report"));
});

#[tokio::test]
async fn links_review_dates_and_removal() {
    let app = TestApp::sqlite().await;
    let a = admin(&app, "ada@example.org").await;
    let b = admin(&app, "bea@example.org").await;

    // A link must be https.
    let mut fields = FIELDS.to_vec();
    fields.push(("url", "http://example.org/guide"));
    let res = post_form(&app, &a, "/staff/admin/resources/links", &fields).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Enter a web address that starts with https://"));
    assert!(html.contains("href=\"#link-url\""));
    fields.pop();
    fields.push(("url", "https://example.org/guide"));
    let res = post_form(&app, &a, "/staff/admin/resources/links", &fields).await;
    assert_eq!(res.status(), 303);
    let (_, html) = get(&app, &a, "/staff/admin/resources?done=link").await;
    assert!(html.contains("Link added to the library"));
    let public = app.get("/resources?q=annual").await.text().await.unwrap();
    assert!(public.contains("href=\"https://example.org/guide\""));

    // An item past its review date comes first, flagged.
    let (user, _) = make_user(&app, "old@example.org", Role::Admin).await;
    let mut tx = app.db.db.begin().await.unwrap();
    let old = library::add(
        &mut tx,
        &user.id,
        &library::NewItem {
            title: "An old guide".into(),
            summary: "Needs a look.".into(),
            audience: vec!["staff".into()],
            topics: vec!["law".into()],
            review_due: Some(jiff::civil::date(2021, 1, 1)),
        },
        library::Source::Link {
            url: "https://example.org/old",
        },
        jiff::civil::date(2020, 1, 1),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (_, html) = get(&app, &a, "/staff/admin/resources").await;
    assert!(html.contains("1 item is past its review date"));
    let first_row = html
        .split("<tbody class=\"govuk-table__body\">")
        .nth(1)
        .unwrap();
    let first_row = first_row.split("</tr>").next().unwrap();
    assert!(first_row.contains("An old guide") && first_row.contains("Past review"));
    // Catalogue items whose outside address is still to be checked say so.
    let row_of = |title: &str| {
        html.split("<tr class=\"govuk-table__row\">")
            .find(|r| r.contains(&format!(">{title}</a>")))
            .unwrap_or_else(|| panic!("no row for {title}"))
            .to_string()
    };
    assert!(
        row_of("Mental Health Act 1983 Code of Practice for Wales")
            .contains("Address not verified")
    );
    assert!(!row_of("What does a good IMHA service look like?").contains("Address not verified"));
    assert!(!row_of("How to refer someone to an advocate").contains("Address not verified"));

    // Marked reviewed with a new date: no longer past review.
    let path = format!("/staff/admin/resources/{}/reviewed", old.id);
    let html = post_form(
        &app,
        &b,
        &path,
        &[
            ("review-day", "31"),
            ("review-month", "2"),
            ("review-year", "2099"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains("Enter the new review date as a real date"));
    let res = post_form(
        &app,
        &b,
        &path,
        &[
            ("review-day", "1"),
            ("review-month", "2"),
            ("review-year", "2099"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = get(&app, &a, "/staff/admin/resources").await;
    assert!(!html.contains("past its review date"));
    assert!(html.contains("1 February 2099"));

    // Only the administrator who added an item can remove it.
    let link = library::list(&app.db.db)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.title == "Our annual report")
        .unwrap();
    let path = format!("/staff/admin/resources/{}/remove", link.id);
    let html = post_form(&app, &b, &path, &[]).await.text().await.unwrap();
    assert!(html.contains("You can only remove items you added"));
    let res = post_form(&app, &a, &path, &[]).await;
    assert_eq!(res.status(), 303);
    assert!(
        !app.get("/resources")
            .await
            .text()
            .await
            .unwrap()
            .contains("Our annual report")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_uploads_a_document_in_a_browser() {
    use fantoccini::Locator;
    let app = TestApp::sqlite().await;
    let (_, secret) = make_user(&app, "ada@example.org", Role::Admin).await;
    let browser = Browser::start().await;
    crate::browser::sign_in_with_browser(
        &browser,
        &app,
        "ada@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.visit(&app.url("/staff/admin/resources")).await;
    assert_eq!(browser.text_of("h1").await, "Library content");
    browser.assert_accessible().await;

    let dir = tempfile::tempdir().unwrap();
    let not_pdf = dir.path().join("notes.pdf");
    std::fs::write(&not_pdf, b"just some text, not a PDF").unwrap();
    let real = dir.path().join("annual-report.pdf");
    std::fs::write(&real, library::minimal_pdf("Annual report")).unwrap();

    async fn fill(browser: &Browser, file: &std::path::Path) {
        let c = &browser.client;
        let title = c.find(Locator::Css("#document-title")).await.unwrap();
        title.clear().await.unwrap();
        title.send_keys("Our annual report").await.unwrap();
        let summary = c.find(Locator::Css("#document-summary")).await.unwrap();
        summary.clear().await.unwrap();
        summary
            .send_keys("What the service did this year.")
            .await
            .unwrap();
        for css in [
            "#document-audience-commissioners",
            "#document-topics-outcomes",
        ] {
            let b = c.find(Locator::Css(css)).await.unwrap();
            if b.prop("checked").await.unwrap().as_deref() != Some("true") {
                b.click().await.unwrap();
            }
        }
        for (css, v) in [
            ("#document-review-day", "1"),
            ("#document-review-month", "6"),
            ("#document-review-year", "2099"),
        ] {
            let i = c.find(Locator::Css(css)).await.unwrap();
            i.clear().await.unwrap();
            i.send_keys(v).await.unwrap();
        }
        c.find(Locator::Css("#document-document"))
            .await
            .unwrap()
            .send_keys(file.to_str().unwrap())
            .await
            .unwrap();
    }

    fill(&browser, &not_pdf).await;
    browser.click_and_wait("#document-submit").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("The selected file must be a PDF")
    );
    browser.assert_accessible().await;

    fill(&browser, &real).await;
    browser.click_and_wait("#document-submit").await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Document uploaded")
    );
    browser.assert_accessible().await;
    browser
        .visit(&app.url("/resources?audience=commissioners"))
        .await;
    assert!(browser.text_of("main").await.contains("Our annual report"));
    browser.assert_accessible().await;
    browser.close().await;
}
