//! The rights letter in real Chromium, axe-core on every page: from the case page, the link,
//! the choice (a missing choice first), the Easy Read letter, then the plain English one. The
//! PDF download itself is checked over HTTP in `letter.rs`.

use fantoccini::Locator;
use imha_core::accounts::Role;
use imha_core::case_dates::{self, Recorded};
use imha_core::referrals::Actor;
use imha_law::Status;
use jiff::ToSpan;

use crate::browser::sign_in_with_browser;
use crate::support::{Browser, TestApp};

async fn go(browser: &Browser, css: &str, heading: &str) {
    browser.click_and_wait(css).await;
    assert_eq!(browser.text_of("h1").await, heading, "after {css}");
    browser.assert_accessible().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_advocate_makes_a_rights_letter_from_the_case_page() {
    let app = TestApp::sqlite().await;
    let (advocate, secret) = crate::staff::make_user(&app, "ash@example.org", Role::Advocate).await;
    let case = crate::work::allocated_case(&app, &advocate.id).await;
    let start = crate::patients::today().checked_sub(2.days()).unwrap();
    case_dates::record(
        &app.db.db,
        &case,
        &Recorded {
            legal_status: Some(Status::S2),
            started_on: Some(start),
            first_medication_on: None,
        },
        &Actor::System,
    )
    .await
    .unwrap();
    let ends = super::day(start.checked_add(27.days()).unwrap());

    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "ash@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser
        .visit(&app.url(&format!("/staff/cases/{case}")))
        .await;
    assert_eq!(browser.text_of("h1").await, "Sam Okafor");
    go(
        &browser,
        &format!("main a[href='/staff/cases/{case}/letter']"),
        "Rights letter: which version?",
    )
    .await;
    // No choice: the error summary and the field's message.
    go(
        &browser,
        "main form button.govuk-button",
        "Rights letter: which version?",
    )
    .await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select plain English or Easy Read")
    );
    browser
        .client
        .find(Locator::Css("input[name=style][value=easy-read]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    go(
        &browser,
        "main form button.govuk-button",
        "Your rights: Section 2",
    )
    .await;
    let main = browser.text_of("main").await;
    assert!(main.contains(&ends), "{ends} in {main}");
    assert!(main.contains("It ends at midnight on"), "{main}");
    let pdf = browser
        .client
        .find(Locator::Css("main a.govuk-button[download]"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(
        pdf.as_deref(),
        Some(format!("/staff/cases/{case}/letter.pdf?style=easy-read").as_str())
    );
    go(
        &browser,
        &format!("main a[href='/staff/cases/{case}/letter?style=plain']"),
        "Your rights: Section 2",
    )
    .await;
    assert!(browser.text_of("main").await.contains("Your advocate is"));
    // In Welsh: chosen on the same page, axe-clean, the letter marked as Welsh.
    browser
        .visit(&app.url(&format!("/staff/cases/{case}/letter")))
        .await;
    browser
        .client
        .find(Locator::Css("input[name=style][value=plain]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("input[name=language][value=cy]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    go(
        &browser,
        "main form button.govuk-button",
        "Eich hawliau: Adran 2",
    )
    .await;
    let main = browser.text_of("main").await;
    assert!(main.contains("Eich eiriolwr yw"), "{main}");
    assert!(
        main.contains("awaiting review by a Welsh speaker"),
        "{main}"
    );
    let lang = browser
        .client
        .find(Locator::Css("main h1"))
        .await
        .unwrap()
        .find(Locator::XPath(".."))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("cy"));
    browser.close().await;
}
