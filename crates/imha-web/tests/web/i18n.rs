//! Languages: the public pages in Welsh and English, the switch and the remembered choice,
//! the review notice on Welsh pages, and the staff area staying English.

use fantoccini::Locator;
use reqwest::StatusCode;

use crate::support::{Browser, TestApp, http};

/// The public pages whose text comes from the message catalogues (the rights pages and the
/// referral form are not translated yet: see ARCHITECTURE.md, "Languages").
const TRANSLATED: &[(&str, &str, &str)] = &[
    // (path, English h1, Welsh h1)
    (
        "/",
        "Help from an independent mental health advocate",
        "Help gan eiriolwr iechyd meddwl annibynnol",
    ),
    (
        "/accessibility",
        "Accessibility statement",
        "Datganiad hygyrchedd",
    ),
    ("/privacy", "Privacy notice", "Hysbysiad preifatrwydd"),
    ("/contact", "Contact us", "Cysylltu â ni"),
    (
        "/eligibility",
        "Is the hospital in England or Wales?",
        "A yw'r ysbyty yng Nghymru neu yn Lloegr?",
    ),
    (
        "/no-such-page",
        "Page not found",
        "Heb ddod o hyd i'r dudalen",
    ),
];

const REVIEW_CY: &str = "Cyfieithiad yn aros am adolygiad";
const REVIEW_EN: &str = "The Welsh text on this service was drafted by machine and is awaiting review by a Welsh speaker.";

/// Every message id of the English catalogue.
fn message_ids() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en-GB");
    let mut ids = vec![];
    for e in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" = ")
                && !id.starts_with(['#', ' ', '.'])
            {
                ids.push(id.to_string());
            }
        }
    }
    assert!(ids.len() > 50);
    ids
}

/// No message id reached the page as text (what a missing message would show).
fn assert_no_raw_ids(path: &str, body: &str) {
    for id in message_ids() {
        for leak in [format!(">{id}<"), format!(">{id} "), format!(" {id}<")] {
            assert!(!body.contains(&leak), "{path} shows the raw id {id}");
        }
    }
    assert!(!body.contains("Unknown message"), "{path}");
}

fn h1(body: &str) -> String {
    let start = body.find("<h1").unwrap();
    let open = start + body[start..].find('>').unwrap() + 1;
    let end = open + body[open..].find("</h1>").unwrap();
    body[open..end]
        .trim()
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

#[tokio::test]
async fn every_translated_page_renders_in_welsh_with_the_review_notice() {
    let app = TestApp::sqlite().await;
    for (path, en, cy) in TRANSLATED {
        let sep = if path.contains('?') { '&' } else { '?' };
        let res = app.get(&format!("{path}{sep}lang=cy")).await;
        let status = res.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
        assert_eq!(res.headers()["content-language"], "cy", "{path}");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("imha_lang=cy;"), "{path}: {cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        let vary: Vec<_> = res
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("Cookie")),
            "{path}: {vary:?}"
        );
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"<html lang="cy""#), "{path}");
        assert_eq!(h1(&body), *cy, "{path}");
        assert!(!body.contains(en), "{path} still shows the English heading");
        // The notice, in Welsh and (marked as English) in English.
        assert!(body.contains(REVIEW_CY), "{path}");
        assert!(
            body.contains(&format!(r#"<p class="govuk-body" lang="en">{REVIEW_EN}"#)),
            "{path}"
        );
        // The switch back to English, itself marked as English.
        assert!(
            body.contains(&format!(
                r#"href="{path}?lang=en" lang="en" hreflang="en">English</a>"#
            )),
            "{path}"
        );
        assert!(body.contains("Hafan"), "{path}: the navigation is in Welsh");
        assert_no_raw_ids(path, &body);
    }
}

#[tokio::test]
async fn english_pages_are_unchanged_and_offer_welsh() {
    let app = TestApp::sqlite().await;
    for (path, en, _) in TRANSLATED {
        let res = app.get(path).await;
        assert_eq!(res.headers()["content-language"], "en", "{path}");
        assert!(res.headers().get("set-cookie").is_none(), "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"<html lang="en""#), "{path}");
        assert_eq!(h1(&body), *en, "{path}");
        assert!(!body.contains(REVIEW_CY), "{path}");
        assert!(
            body.contains(&format!(
                r#"href="{path}?lang=cy" lang="cy" hreflang="cy">Cymraeg</a>"#
            )),
            "{path}"
        );
        assert!(body.contains(">Skip to main content</a>"), "{path}");
        assert!(body.contains("Tell us what you think</a> so we can make it better."));
        assert_no_raw_ids(path, &body);
    }
}

#[tokio::test]
async fn the_choice_is_remembered_until_changed() {
    let app = TestApp::sqlite().await;
    let client = http();
    let get = |path: &str, cookie: Option<&str>| {
        let mut req = client.get(app.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    // The cookie alone chooses Welsh on another page, without setting it again.
    let res = get("/privacy", Some("imha_lang=cy")).await.unwrap();
    assert!(res.headers().get("set-cookie").is_none());
    let body = res.text().await.unwrap();
    assert!(body.contains(r#"<html lang="cy""#));
    assert_eq!(h1(&body), "Hysbysiad preifatrwydd");
    // ?lang=en switches back and remembers English.
    let res = get("/privacy?lang=en", Some("imha_lang=cy")).await.unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("imha_lang=en;"), "{cookie}");
    let body = res.text().await.unwrap();
    assert_eq!(h1(&body), "Privacy notice");
    // An unknown language is ignored.
    let body = get("/?lang=fr", None).await.unwrap().text().await.unwrap();
    assert!(body.contains(r#"<html lang="en""#));
}

/// Public pages not translated yet (ARCHITECTURE.md, "Languages").
const NOT_YET: &[&str] = &["/my-dates", "/refer"];

#[tokio::test]
async fn untranslated_pages_mark_their_english_content_and_say_so() {
    let app = TestApp::sqlite().await;
    for path in NOT_YET {
        let res = http()
            .get(app.url(path))
            .header("cookie", "imha_lang=cy")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"<html lang="cy""#), "{path}");
        assert!(
            body.contains(r#"<main class="govuk-main-wrapper" id="main-content" lang="en">"#),
            "{path}: the English content is marked as English"
        );
        assert!(body.contains("<title lang=\"en\">"), "{path}");
        assert!(
            body.contains("Nid yw'r dudalen hon ar gael yn Gymraeg eto")
                || body.contains("Nid yw&#39;r dudalen hon ar gael yn Gymraeg eto"),
            "{path}"
        );
        assert!(body.contains("This page is not in Welsh yet."), "{path}");
        assert!(body.contains("Hafan"), "{path}: the layout is in Welsh");
        assert_no_raw_ids(path, &body);
        // In English, nothing changes.
        let body = app.get(path).await.text().await.unwrap();
        assert!(body.contains(r#"<main class="govuk-main-wrapper" id="main-content">"#));
        assert!(!body.contains("This page is not in Welsh yet."), "{path}");
    }
}

/// POST a form with the Welsh cookie; the page's body.
async fn post_cy(app: &TestApp, path: &str, form: &[(&str, &str)]) -> String {
    let res = http()
        .post(app.url(path))
        .header("cookie", "imha_lang=cy")
        .form(form)
        .send()
        .await
        .unwrap();
    res.text().await.unwrap()
}

#[tokio::test]
async fn can_i_get_an_imha_works_in_welsh_with_welsh_errors() {
    let app = TestApp::sqlite().await;
    // No answer: the error in Welsh, in the summary, the field and the title.
    let body = post_cy(&app, "/eligibility", &[("asked", "country")]).await;
    assert!(body.contains(r#"<html lang="cy""#));
    assert!(body.contains("Mae problem"), "the error summary's title");
    assert!(body.contains("Dewiswch Gymru neu Loegr"));
    assert!(body.contains("<span class=\"govuk-visually-hidden\">Gwall:</span>"));
    assert!(body.contains("<title>Gwall: A yw&#39;r ysbyty yng Nghymru neu yn Lloegr?"));
    assert!(!body.contains("Select England or Wales"));
    assert_no_raw_ids("/eligibility", &body);
    // Wales, then the section: the status list is in Welsh.
    let body = post_cy(
        &app,
        "/eligibility",
        &[("asked", "country"), ("country", "wales")],
    )
    .await;
    assert_eq!(h1(&body), "Ar ba adran neu orchymyn ydych chi?");
    assert!(body.contains("Eich cadw yn yr ysbyty ar gyfer triniaeth, am 6 mis i ddechrau"));
    assert!(body.contains("Dydw i ddim yn siŵr"));
    // Section 3: yes, with the reason and who must tell, in Welsh.
    let body = post_cy(
        &app,
        "/eligibility",
        &[("asked", "status"), ("country", "wales"), ("status", "s3")],
    )
    .await;
    assert_eq!(h1(&body), "Gallwch, gallwch gael IMHA");
    assert!(
        body.contains("Mae gan bobl ar Adran 3 hawl i IMHA."),
        "{body}"
    );
    assert!(
        body.contains("Y gyfraith: Deddf Iechyd Meddwl 1983, adran 130"),
        "{body}"
    );
    assert!(body.contains("Rhaid i&#39;r ysbyty ddweud wrthych am IMHAs"));
    assert!(body.contains(REVIEW_CY));
    assert_no_raw_ids("/eligibility", &body);
    // Informal in England: not eligible, unless treatment; asked in Welsh.
    let body = post_cy(
        &app,
        "/eligibility",
        &[
            ("asked", "status"),
            ("country", "england"),
            ("status", "informal"),
        ],
    )
    .await;
    assert!(body.contains("Therapi electrogynhyrfol (ECT)"), "{body}");
    let body = post_cy(
        &app,
        "/eligibility",
        &[
            ("asked", "treatment"),
            ("country", "england"),
            ("status", "informal"),
            ("treatment", "none"),
        ],
    )
    .await;
    assert_eq!(h1(&body), "Ni allwch gael IMHA ar hyn o bryd");
    assert!(body.contains("Yn Lloegr, nid oes gan bobl yn yr ysbyty heb fod ar adran hawl i IMHA"));
    assert!(body.contains("Dechrau eto"));
}

#[tokio::test]
async fn the_staff_area_stays_english() {
    let app = TestApp::sqlite().await;
    let res = http()
        .get(app.url("/staff/login?lang=cy"))
        .header("cookie", "imha_lang=cy")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().contains("imha_lang"))
    );
    assert!(res.headers().get("content-language").is_none());
    let body = res.text().await.unwrap();
    assert!(body.contains(r#"<html lang="en""#));
    assert!(!body.contains("Cymraeg"), "no switch on staff pages");
    assert!(!body.contains(REVIEW_CY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_to_welsh_on_the_home_page_with_axe_on_every_page() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/")).await;
    browser.click_and_wait("a[hreflang='cy']").await;
    browser.assert_accessible().await;
    let lang = browser
        .client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("cy"));
    assert_eq!(
        browser.text_of("h1").await,
        "Help gan eiriolwr iechyd meddwl annibynnol"
    );
    // Remembered on the other pages, reached through the site's own links.
    for (path, _, cy) in TRANSLATED {
        browser.visit(&app.url(path)).await;
        assert_eq!(browser.text_of("h1").await, *cy, "{path}");
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains(REVIEW_EN)
        );
    }
    // "Can I get an IMHA?" in Welsh, with an error put right, axe on every step.
    browser.visit(&app.url("/eligibility")).await;
    browser.click_and_wait("button.govuk-button").await;
    browser.assert_accessible().await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Dewiswch Gymru neu Loegr")
    );
    browser
        .client
        .find(Locator::Css("input[value='wales']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    browser.assert_accessible().await;
    browser
        .client
        .find(Locator::Css("input[value='s2']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    browser.assert_accessible().await;
    assert_eq!(browser.text_of("h1").await, "Gallwch, gallwch gael IMHA");
    // The pages not yet in Welsh are still accessible with their English content marked.
    for path in NOT_YET {
        browser.visit(&app.url(path)).await;
        let main_lang = browser
            .client
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap();
        assert_eq!(main_lang.as_deref(), Some("en"), "{path}");
    }
    // And back to English.
    browser.visit(&app.url("/privacy")).await;
    browser.click_and_wait("a[hreflang='en']").await;
    browser.assert_accessible().await;
    assert_eq!(browser.text_of("h1").await, "Privacy notice");
    browser.visit(&app.url("/")).await;
    assert_eq!(
        browser.text_of("h1").await,
        "Help from an independent mental health advocate"
    );
    browser.close().await;
}
