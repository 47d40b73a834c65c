//! Browser journeys in headless Chromium: axe-core on every page visited, the skip link from
//! the keyboard, and every page working with JavaScript switched off.

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::support::{Browser, TestApp};

/// Every public page of the shell. Later features add theirs to their own journeys.
const PAGES: &[&str] = &[
    "/",
    "/accessibility",
    "/privacy",
    "/contact",
    "/no-such-page",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shell_page_passes_axe() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    for path in PAGES {
        browser.visit(&app.url(path)).await;
        let h1 = browser.text_of("h1").await;
        assert!(!h1.is_empty(), "{path} has a heading");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skip_link_is_first_and_moves_focus_to_the_content() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/")).await;
    // GOV.UK Frontend's JavaScript ran (our external init.js, no inline script).
    let classes = browser
        .client
        .execute("return document.body.className;", vec![])
        .await
        .unwrap();
    assert!(
        classes
            .as_str()
            .unwrap()
            .contains("govuk-frontend-supported"),
        "{classes}"
    );
    browser.press(Key::Tab).await;
    let focused = browser.focused_html().await;
    assert!(
        focused.contains("govuk-skip-link") && focused.contains("Skip to main content"),
        "{focused}"
    );
    browser.press(Key::Enter).await;
    let active_id = browser
        .client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(active_id.as_str(), Some("main-content"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_with_javascript_switched_off() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start_without_javascript().await;
    for path in PAGES {
        browser.client.goto(&app.url(path)).await.unwrap();
        let h1 = browser.text_of("h1").await;
        assert!(
            !h1.is_empty(),
            "{path} shows its heading without JavaScript"
        );
        // Navigation links are visible (the Menu toggle needs JavaScript and stays hidden).
        let nav = browser
            .client
            .find(Locator::Css(".govuk-service-navigation__link"))
            .await
            .unwrap();
        assert!(
            nav.is_displayed().await.unwrap(),
            "{path}: navigation visible"
        );
    }
    let js_ran = browser
        .client
        .find(Locator::Css("body.govuk-frontend-supported"))
        .await;
    assert!(js_ran.is_err(), "JavaScript really was off");
    browser.close().await;
}

/// Press Tab until the focused element matches `needle` (at most `limit` presses).
async fn tab_to(browser: &Browser, needle: &str, limit: usize) {
    for _ in 0..limit {
        browser.press(Key::Tab).await;
        if browser.focused_html().await.contains(needle) {
            return;
        }
    }
    panic!("could not reach {needle} with the Tab key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eligibility_by_keyboard_alone_with_axe_on_every_step() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/eligibility")).await;
    // England: the first radio. Space selects it; Tab to Continue; Enter submits.
    tab_to(&browser, r#"value="england""#, 30).await;
    browser.press(Key::Space).await;
    tab_to(&browser, "govuk-button", 10).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_h1("Which section or order are you on?")
        .await;
    browser.assert_accessible().await;
    // Section 2 is first; the down arrow moves to section 3.
    tab_to(&browser, r#"value="s2""#, 30).await;
    browser.press(Key::Down).await;
    assert!(browser.focused_html().await.contains(r#"value="s3""#));
    tab_to(&browser, "govuk-button", 60).await;
    browser.press(Key::Enter).await;
    browser.wait_for_h1("Yes, you can get an IMHA").await;
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eligibility_error_and_not_qualifying_pages_pass_axe() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/eligibility")).await;
    browser.click_and_wait("button.govuk-button").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select England or Wales")
    );
    browser.assert_accessible().await;
    // GOV.UK Frontend moves focus to the error summary.
    assert!(browser.focused_html().await.contains("govuk-error-summary"));
    browser
        .client
        .find(Locator::Css("input[value=england]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    browser
        .client
        .find(Locator::Css("input[value=s136]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    assert_eq!(
        browser.text_of("h1").await,
        "Has a doctor talked to you about either of these treatments?"
    );
    browser.assert_accessible().await;
    browser
        .client
        .find(Locator::Css("input[value=none]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    assert_eq!(
        browser.text_of("h1").await,
        "You cannot get an IMHA at the moment"
    );
    browser.assert_accessible().await;
    browser.close().await;
}

async fn fill_my_dates(browser: &Browser, day: &str, month: &str, year: &str) {
    for (id, value) in [
        ("start-day", day),
        ("start-month", month),
        ("start-year", year),
    ] {
        let input = browser.client.find(Locator::Id(id)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }
}

async fn my_dates_journey(browser: &Browser, app: &TestApp, check_axe: bool) {
    let url = app.url("/my-dates");
    browser.client.goto(&url).await.unwrap();
    if check_axe {
        browser.assert_accessible().await;
    }
    // First try: a date with no month, nothing else chosen.
    fill_my_dates(browser, "10", "", "2026").await;
    browser.click_and_wait("button.govuk-button").await;
    let summary = browser.text_of(".govuk-error-summary").await;
    assert!(
        summary.contains("The date it started must include a month"),
        "{summary}"
    );
    assert!(summary.contains("Select England or Wales"));
    if check_axe {
        browser.assert_accessible().await;
    }
    // What was typed is still there; correct the rest.
    let day = browser.client.find(Locator::Id("start-day")).await.unwrap();
    assert_eq!(day.prop("value").await.unwrap().as_deref(), Some("10"));
    browser
        .client
        .find(Locator::Css("input[name=country][value=england]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("input[name=status][value=s2]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill_my_dates(browser, "10", "3", "2026").await;
    browser.click_and_wait("button.govuk-button").await;
    assert_eq!(browser.text_of("h1").await, "Your dates");
    let body = browser.text_of("main").await;
    assert!(body.contains("6 April 2026"), "{body}");
    assert!(
        body.contains("You can apply now, until 23 March 2026"),
        "{body}"
    );
    if check_axe {
        browser.assert_accessible().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_dates_with_an_error_corrected_passes_axe() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        today: Some(jiff::civil::date(2026, 3, 15)),
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    let browser = Browser::start().await;
    my_dates_journey(&browser, &app, true).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_dates_and_eligibility_work_without_javascript() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        today: Some(jiff::civil::date(2026, 3, 15)),
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    let browser = Browser::start_without_javascript().await;
    my_dates_journey(&browser, &app, false).await;
    browser.client.goto(&app.url("/eligibility")).await.unwrap();
    browser
        .client
        .find(Locator::Css("input[value=wales]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    browser
        .client
        .find(Locator::Css("input[value=s4]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("button.govuk-button").await;
    assert_eq!(browser.text_of("h1").await, "Yes, you can get an IMHA");
    browser.close().await;
}

fn code_now(secret: &str) -> String {
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    imha_core::accounts::totp_code(secret, now).unwrap()
}

pub(crate) async fn sign_in_with_browser(
    browser: &Browser,
    app: &TestApp,
    email: &str,
    password: &str,
    secret: &str,
) {
    browser.visit(&app.url("/staff/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", password).await;
    browser.click_and_wait("main button.govuk-button").await;
    assert_eq!(
        browser.text_of("h1").await,
        "Enter the code from your authenticator app"
    );
    browser.assert_accessible().await;
    browser.fill("#code", &code_now(secret)).await;
    browser.click_and_wait("main button.govuk-button").await;
    let h1 = browser.text_of("h1").await;
    assert!(
        h1.starts_with("Hello, "),
        "signed in, but the page says: {h1}: {}",
        browser.text_of("main").await
    );
    browser.assert_accessible().await;
}

/// The issue's journey: an administrator invites an advocate; the advocate sets a password and
/// an authenticator app, signs in and out; a wrong code, a replayed reset link and an expired
/// session are refused. axe-core checks every page on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_invites_an_advocate_who_sets_up_signs_in_and_out() {
    use imha_core::accounts::{self, LinkPurpose, Role};
    let app = TestApp::sqlite().await;
    let db = app.db.db.clone();
    // The first administrator and the provider the advocate works for.
    let admin_secret = accounts::new_totp_secret();
    let admin_password = "lantern copper heron juniper";
    let mut tx = db.begin().await.unwrap();
    let admin = accounts::create_user(
        &mut tx,
        "admin@provider.example",
        "Alex Admin",
        Role::Admin,
        None,
    )
    .await
    .unwrap();
    accounts::set_password_hash(
        &mut tx,
        &admin.id,
        &accounts::hash_password(admin_password).unwrap(),
    )
    .await
    .unwrap();
    accounts::set_totp_secret(&mut tx, &admin.id, Some(&admin_secret))
        .await
        .unwrap();
    let provider = imha_core::organisations::create(
        &mut tx,
        imha_core::organisations::Kind::Provider,
        "Northshire Advocacy",
        None,
        "england",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "admin@provider.example",
        admin_password,
        &admin_secret,
    )
    .await;
    browser.assert_accessible().await;
    browser.visit(&app.url("/staff/admin/users/new")).await;
    browser.fill("#name", "Sam Advocate").await;
    browser.fill("#email", "sam@provider.example").await;
    browser
        .client
        .find(Locator::Css("input[name=role][value=advocate]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css(&format!(
            "select[name=organisation_id] option[value='{}']",
            provider.id
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    browser.assert_accessible().await;
    let link = browser.text_of("#setup-link").await;
    assert!(link.contains("/staff/setup?token="), "{link}");
    // Every administration page passes axe, including a form with errors.
    for path in [
        "/staff/admin/users",
        "/staff/admin/organisations",
        "/staff/admin/tokens",
        "/staff/admin/audit",
        &format!("/staff/admin/users/{}", admin.id),
    ] {
        browser.visit(&app.url(path)).await;
    }
    browser.visit(&app.url("/staff/admin/users/new")).await;
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("There is a problem")
    );
    browser.assert_accessible().await;
    browser.click_and_wait("form.imha-sign-out button").await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("You have signed out")
    );

    // The advocate opens the link: the token leaves the address bar at once.
    let path = link
        .split_once("/staff/")
        .map(|(_, p)| format!("/staff/{p}"))
        .unwrap();
    browser.client.goto(&app.url(&path)).await.unwrap();
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/staff/setup");
    assert!(url.query().is_none(), "no token in the address bar");
    browser.assert_accessible().await;
    let key: String = browser
        .text_of("#totp-key")
        .await
        .split_whitespace()
        .collect();
    let advocate_password = "violet thistle marble compass";
    browser.fill("#password", advocate_password).await;
    browser.fill("#confirm", advocate_password).await;
    browser.fill("#code", &code_now(&key)).await;
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Your account is ready")
    );
    browser.assert_accessible().await;

    // A wrong code is refused, with the error summary; the right one is accepted.
    browser.fill("#email", "sam@provider.example").await;
    browser.fill("#password", advocate_password).await;
    browser.click_and_wait("main button.govuk-button").await;
    let good = code_now(&key);
    let wrong = if good == "000000" { "111111" } else { "000000" };
    browser.fill("#code", wrong).await;
    browser.click_and_wait("main button.govuk-button").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("The code is not right")
    );
    browser.assert_accessible().await;
    browser.fill("#code", &good).await;
    browser.click_and_wait("main button.govuk-button").await;
    assert_eq!(browser.text_of("h1").await, "Hello, Sam Advocate");
    // An advocate cannot open the administration pages.
    browser
        .client
        .goto(&app.url("/staff/admin/users"))
        .await
        .unwrap();
    assert_eq!(
        browser.text_of("h1").await,
        "You do not have permission to see this page"
    );
    browser.assert_accessible().await;

    // An expired session is refused: the next page asks to sign in again.
    let stale = "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00Z'";
    imha_core::on_pool!(&db, p => sqlx::query(stale).execute(p).await.map(|_| ())).unwrap();
    browser.client.goto(&app.url("/staff")).await.unwrap();
    assert_eq!(
        browser.client.current_url().await.unwrap().path(),
        "/staff/login"
    );

    // A reset link works once; replayed, it is refused.
    let sam = accounts::user_by_email(&db, "sam@provider.example")
        .await
        .unwrap()
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let reset = accounts::issue_link(&mut tx, &sam.id, LinkPurpose::Reset)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    browser
        .visit(&app.url(&format!("/staff/reset?token={reset}")))
        .await;
    browser
        .fill("#password", "saffron glacier biscuit falcon")
        .await;
    browser
        .fill("#confirm", "saffron glacier biscuit falcon")
        .await;
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Your password has been changed")
    );
    browser
        .visit(&app.url(&format!("/staff/reset?token={reset}")))
        .await;
    assert_eq!(browser.text_of("h1").await, "This link does not work");
    browser.close().await;

    // Every step left its entry, and the chain is intact.
    let report = imha_core::audit::verify(&db).await.unwrap();
    assert!(report.ok, "{report:?}");
    let all = imha_core::audit::search(&db, &imha_core::audit::Filter::default())
        .await
        .unwrap();
    let actions: Vec<&str> = all.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "user-invited",
        "password-set",
        "mfa-set-up",
        "sign-in",
        "sign-in-failed",
        "sign-out",
    ] {
        assert!(
            actions.contains(&expected),
            "missing {expected}: {actions:?}"
        );
    }
}
