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
