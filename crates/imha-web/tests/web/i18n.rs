//! Languages: the public pages in Welsh and English, the switch and the remembered choice,
//! the review notice on Welsh pages, and the staff area staying English.

use fantoccini::Locator;
use reqwest::StatusCode;

use crate::support::{Browser, TestApp, http};

/// The public pages whose text comes from the message catalogues (see ARCHITECTURE.md,
/// "Languages", for those not translated yet).
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
        "/refer",
        "Ask for an independent mental health advocate",
        "Gofyn am eiriolwr iechyd meddwl annibynnol",
    ),
    ("/my-dates", "What are my dates?", "Beth yw fy nyddiadau?"),
    ("/resources", "Resources", "Adnoddau"),
    (
        "/resources/leaflets/section-2",
        "Your rights under section 2 of the Mental Health Act",
        "Eich hawliau o dan adran 2 o'r Ddeddf Iechyd Meddwl",
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
        assert!(
            !body.contains(r#"id="main-content" lang="en""#),
            "{path}: the content is in Welsh"
        );
        for phrase in ENGLISH_UI {
            assert!(!body.contains(phrase), "{path} in Welsh shows {phrase:?}");
        }
        assert_no_raw_ids(path, &body);
    }
}

/// Words of the public pages' own English that must not show on them in Welsh (the library's
/// catalogue is in Welsh too, its English-only titles marked `lang="en"`: see
/// `tests/web/resources.rs`).
const ENGLISH_UI: &[&str] = &[
    "Skip to main content",
    "Continue",
    "There is a problem",
    "Start now",
    "Show my dates",
    "When did it start?",
    "Show resources",
    "Who it is for",
    "Search titles and summaries",
    "Back to resources",
    "Last reviewed",
    "Download this leaflet",
    "About this leaflet",
    "Contact us",
    "Privacy notice",
    "Accessibility statement",
];

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

/// Leaflets with no Welsh version yet: shown in English, marked as English, with a note in
/// Welsh (ARCHITECTURE.md, "Languages").
const ENGLISH_ONLY_LEAFLETS: &[&str] = &[
    "/resources/leaflets/guardianship",
    "/resources/leaflets/section-2/easy-read",
];

#[tokio::test]
async fn leaflets_not_yet_in_welsh_are_marked_english_and_say_so() {
    let app = TestApp::sqlite().await;
    for path in ENGLISH_ONLY_LEAFLETS {
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
            body.contains("Dim ond yn Saesneg y mae&#39;r daflen hon ar gael"),
            "{path}"
        );
        assert!(body.contains(r#"lang="en">"#), "{path}");
        assert!(
            body.contains(r#"data-leaflet="#) && body.contains(r#"" lang="en">"#),
            "{path}: the leaflet's English is marked"
        );
        assert!(body.contains("Yn ôl i&#39;r adnoddau"), "{path}");
        assert!(body.contains("Hafan"), "{path}: the layout is in Welsh");
        assert_no_raw_ids(path, &body);
        // In English, nothing is marked and there is no note.
        let body = app.get(path).await.text().await.unwrap();
        assert!(!body.contains("Dim ond yn Saesneg"), "{path}");
        assert!(!body.contains(r#"" lang="en">"#), "{path}");
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
    // Leaflets not yet in Welsh are still accessible with their English text marked.
    for path in ENGLISH_ONLY_LEAFLETS {
        browser.visit(&app.url(path)).await;
        let leaflet_lang = browser
            .client
            .find(Locator::Css("[data-leaflet]"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap();
        assert_eq!(leaflet_lang.as_deref(), Some("en"), "{path}");
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

/// English text of the referral form that must not show on its Welsh pages.
const REFER_ENGLISH: &[&str] = &[
    "Continue",
    ">Back</a>",
    "Select all that apply",
    "Leave this blank",
    "Not given",
    ">Change<",
    "There is a problem",
    "Referral sent",
    "What happens next",
    "Your reference number",
];

fn assert_no_refer_english(path: &str, body: &str) {
    for phrase in REFER_ENGLISH {
        assert!(!body.contains(phrase), "{path} in Welsh shows {phrase:?}");
    }
}

#[tokio::test]
async fn the_referral_form_works_in_welsh_from_start_to_confirmation() {
    let app = TestApp::sqlite().await;
    let mut p = crate::refer::Person::new(&app);
    let body = p.page("/refer?lang=cy").await;
    assert_eq!(h1(&body), "Gofyn am eiriolwr iechyd meddwl annibynnol");
    assert!(body.contains("Dechrau nawr"));
    assert_no_raw_ids("/refer", &body);
    p.start().await;
    // A problem, in Welsh: the summary, the field, the title and the hidden prefix.
    let res = p.post("/refer/who", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("<title>Gwall: Pwy sy&#39;n gwneud yr atgyfeiriad hwn?"));
    assert!(body.contains("Mae problem"));
    assert!(body.contains("Dewiswch pwy sy&#39;n gwneud yr atgyfeiriad"));
    assert!(body.contains("<span class=\"govuk-visually-hidden\">Gwall:</span>"));
    assert!(!body.contains("Select who is making the referral"));
    assert_no_refer_english("/refer/who", &body);
    // Every page in Welsh; on the date of birth, a part missing first.
    for (page, form, next) in crate::refer::self_referral() {
        let body = p.page(page).await;
        assert!(body.contains(r#"<html lang="cy""#), "{page}");
        assert!(!body.contains(r#"id="main-content" lang="en""#), "{page}");
        assert!(body.contains("Parhau"), "{page}");
        assert_no_refer_english(page, &body);
        assert_no_raw_ids(page, &body);
        if page == "/refer/date-of-birth" {
            let res = p.post(page, &[("date_of_birth-day", "12")]).await;
            assert_eq!(res.status(), StatusCode::OK);
            let body = res.text().await.unwrap();
            assert!(
                body.contains("Rhaid i&#39;r dyddiad geni gynnwys mis a blwyddyn"),
                "{}",
                crate::refer::main_of(&body)
            );
            assert!(
                body.contains(">Mis<") || body.contains("Mis\n"),
                "date labels"
            );
        }
        assert_eq!(p.answer(page, &form).await, next, "{page}");
    }
    let body = p.page("/refer/check").await;
    assert_eq!(
        h1(&body),
        "Gwiriwch eich atebion cyn anfon eich atgyfeiriad"
    );
    for welsh in [
        "Rydw i eisiau eiriolwr i mi fy hun",
        "1 Mai 1990",
        "Yn yr ysbyty",
        "Ward: Willow",
        "Adran 3",
        "Deall eich hawliau o dan y Ddeddf Iechyd Meddwl",
        "Rhywbeth arall: Getting leave to see my children",
        "Cyfieithydd: Polish",
        "Gwybodaeth Hawdd ei Deall",
        "Newid<span class=\"govuk-visually-hidden\"> dyddiad geni</span>",
        "Anfon yr atgyfeiriad",
    ] {
        assert!(body.contains(welsh), "check page lacks {welsh}");
    }
    assert_no_refer_english("/refer/check", &body);
    assert_no_raw_ids("/refer/check", &body);
    assert_eq!(p.answer("/refer/check", &[]).await, "/refer/sent");
    let body = p.page("/refer/sent").await;
    assert!(body.contains("Atgyfeiriad wedi&#39;i anfon"));
    assert!(body.contains("Eich cyfeirnod<br><strong>"));
    let (_, rest) = body.split_once("Eich cyfeirnod<br><strong>").unwrap();
    let reference = rest.split('<').next().unwrap();
    assert!(!reference.is_empty());
    assert!(body.contains("Beth sy&#39;n digwydd nesaf"));
    assert!(
        body.contains("mae gennych hawl i IMHA (Deddf Iechyd Meddwl 1983, adran 130"),
        "{}",
        crate::refer::main_of(&body)
    );
    assert_no_refer_english("/refer/sent", &body);
    assert_no_raw_ids("/refer/sent", &body);
}

#[tokio::test]
async fn a_short_power_referral_is_explained_in_welsh() {
    let app = TestApp::sqlite().await;
    let mut p = crate::refer::Person::new(&app);
    p.page("/refer?lang=cy").await;
    p.start().await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/refer/who", vec![("referrer", "carer")]),
        (
            "/refer/name",
            vec![("given_name", "Ana"), ("family_name", "Silva")],
        ),
        ("/refer/date-of-birth", vec![]),
        ("/refer/nhs-number", vec![]),
        ("/refer/where", vec![("whereabouts", "hospital")]),
        (
            "/refer/hospital",
            vec![("hospital_name", "Northshire General")],
        ),
        ("/refer/contact", vec![]),
        // Section 136 does not qualify in England or in Wales: the country is not asked.
        ("/refer/section", vec![("legal_status", "s136")]),
        ("/refer/help", vec![("help", "rights")]),
        ("/refer/communication", vec![("communication", "none")]),
        ("/refer/knows", vec![("knows_about_referral", "no")]),
        ("/refer/before-visiting", vec![]),
        (
            "/refer/about-you",
            vec![("referrer_name", "Jo"), ("referrer_phone", "01632 960 002")],
        ),
    ];
    for (page, form) in steps {
        let body = p.page(page).await;
        assert_no_refer_english(page, &body);
        assert_no_raw_ids(page, &body);
        if page == "/refer/knows" {
            assert_eq!(h1(&body), "A yw Ana Silva yn gwybod am yr atgyfeiriad hwn?");
            assert!(body.contains(">Nac ydy<") || body.contains("Nac ydy\n"));
        }
        p.answer(page, &form).await;
    }
    let body = p.page("/refer/check").await;
    assert!(body.contains("Am y person"));
    assert!(body.contains("Adran 136"));
    assert_no_refer_english("/refer/check", &body);
    p.answer("/refer/check", &[]).await;
    let body = p.page("/refer/sent").await;
    assert!(body.contains("Efallai na all y person gael IMHA"));
    assert!(
        body.contains("Mae Adran 136 yn bŵer brys byr."),
        "{}",
        crate::refer::main_of(&body)
    );
    assert!(body.contains("Y gyfraith: Deddf Iechyd Meddwl 1983, adran"));
    assert_no_refer_english("/refer/sent", &body);
    assert_no_raw_ids("/refer/sent", &body);
}

/// The whole referral form in Welsh in real Chromium: the language switched on the start
/// page, every question answered, a problem shown in Welsh, the answers checked and sent,
/// and the reference shown in Welsh; axe-core on every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_referral_form_in_welsh_in_a_browser() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/refer")).await;
    browser
        .go(
            "a[hreflang='cy']",
            "Gofyn am eiriolwr iechyd meddwl annibynnol",
        )
        .await;
    browser.submit("Pwy sy'n gwneud yr atgyfeiriad hwn?").await;
    // Continue without choosing: the problem in Welsh.
    browser.submit("Pwy sy'n gwneud yr atgyfeiriad hwn?").await;
    let summary = browser.text_of(".govuk-error-summary").await;
    assert!(summary.contains("Mae problem"), "{summary}");
    assert!(
        summary.contains("Dewiswch pwy sy'n gwneud yr atgyfeiriad"),
        "{summary}"
    );
    assert!(
        browser
            .text_of("#referrer-error")
            .await
            .contains("Dewiswch pwy")
    );
    let source = browser.client.source().await.unwrap();
    assert!(source.contains(r#"<span class="govuk-visually-hidden">Gwall:</span>"#));
    assert!(browser.client.title().await.unwrap().starts_with("Gwall: "));
    browser.click("input[name=referrer][value=self]").await;
    browser.submit("Beth yw eich enw?").await;
    browser.fill("#given_name", "Sam").await;
    browser.fill("#family_name", "Okafor").await;
    browser.submit("Beth yw eich dyddiad geni?").await;
    browser.fill("#date_of_birth-day", "14").await;
    browser.fill("#date_of_birth-month", "2").await;
    browser.fill("#date_of_birth-year", "1988").await;
    browser.submit("Beth yw eich rhif GIG?").await;
    browser.submit("Ble ydych chi nawr?").await;
    browser
        .click("input[name=whereabouts][value=hospital]")
        .await;
    browser.submit("Ym mha ysbyty ydych chi?").await;
    browser.fill("#hospital_name", "Ysbyty Gwynedd").await;
    browser.submit("Sut gallwn gysylltu â chi?").await;
    browser.submit("Ar ba adran neu orchymyn ydych chi?").await;
    browser.click("input[name=legal_status][value=s2]").await;
    browser.submit("Gyda beth yr hoffech gael help?").await;
    browser.click("input[name=help][value=rights]").await;
    browser
        .submit("A oes angen unrhyw help arnoch i gyfathrebu?")
        .await;
    browser.click("input[name=communication][value=none]").await;
    browser
        .submit("A oes unrhyw beth y dylai'r eiriolwr ei wybod cyn ymweld â chi?")
        .await;
    browser
        .submit("Gwiriwch eich atebion cyn anfon eich atgyfeiriad")
        .await;
    let answers = browser.text_of("main").await;
    for welsh in [
        "14 Chwefror 1988",
        "Ysbyty Gwynedd",
        "Adran 2",
        "Deall eich hawliau o dan y Ddeddf Iechyd Meddwl",
        "Help i gyfathrebu",
    ] {
        assert!(answers.contains(welsh), "{welsh}: {answers}");
    }
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    browser.assert_accessible().await;
    let panel = browser.text_of(".govuk-panel").await;
    assert!(panel.contains("Atgyfeiriad wedi'i anfon"), "{panel}");
    assert!(panel.contains("Eich cyfeirnod"), "{panel}");
    let queue = imha_core::referrals::queue(&app.db.db).await.unwrap();
    let reference = &queue[0].referral.reference;
    assert!(panel.contains(reference.as_str()), "{panel}");
    let lang = browser
        .client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("cy"));
    browser.close().await;
}
