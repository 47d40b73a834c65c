//! The reports in real Chromium, axe-core on every page: a manager opens the reports from the
//! navigation, gets the form wrong (the error summary), chooses dates, then opens the annual
//! impact report with a shared story; and a commissioner's page with the area fixed.

use imha_core::accounts::Role;

use crate::browser::sign_in_with_browser;
use crate::support::{Browser, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_chooses_a_period_and_opens_the_impact_report() {
    let app = TestApp::sqlite().await;
    let a = super::area(&app).await;
    super::shared_story(&app, &a.hospital).await;
    let (_, secret) = crate::staff::make_user(&app, "mo@example.org", Role::ServiceManager).await;
    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "mo@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.visit(&app.url("/staff")).await;
    browser.go("a[href='/staff/reports']", "Reports").await;
    // Dates the wrong way round.
    browser.click("input[name=period][value=custom]").await;
    for (field, value) in [
        ("from-day", "1"),
        ("from-month", "3"),
        ("from-year", "2026"),
        ("to-day", "1"),
        ("to-month", "2"),
        ("to-year", "2026"),
    ] {
        browser.fill(&format!("input[name={field}]"), value).await;
    }
    browser.submit("Reports").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("The to date must be the same as or after the from date")
    );
    browser.fill("input[name=to-month]", "4").await;
    browser
        .client
        .find(fantoccini::Locator::Css("select[name=area]"))
        .await
        .unwrap()
        .select_by_value(&a.council)
        .await
        .unwrap();
    browser.submit("Reports").await;
    assert_eq!(
        browser.text_of("#report").await,
        "Northshire Council: 1 March 2026 to 1 April 2026"
    );
    browser
        .go(
            "a[href^='/staff/reports/impact?']",
            "Annual impact report: Northshire Council, 2026 to 2027",
        )
        .await;
    // The impact report for the year of today's story.
    let today = crate::patients::today();
    let year = if today.month() >= 4 {
        today.year() + 1
    } else {
        today.year()
    };
    browser
        .visit(&app.url(&format!(
            "/staff/reports/impact?area={}&year={year}",
            a.council
        )))
        .await;
    assert!(browser.text_of("main").await.contains(super::WORDS));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commissioner_sees_their_own_area() {
    let app = TestApp::sqlite().await;
    let a = super::area(&app).await;
    let (user, secret) =
        crate::staff::make_user(&app, "cat@northshire.example", Role::Commissioner).await;
    imha_core::on_pool!(&app.db.db, p => sqlx::query("UPDATE users SET organisation_id = $1 WHERE id = $2").bind(&a.council).bind(&user.id).execute(p).await.map(|_| ()))
        .unwrap();
    let _ = secret;
    // Commissioners sign in with a password alone (they never see personal data).
    let browser = Browser::start().await;
    browser.visit(&app.url("/staff/login")).await;
    browser.fill("#email", "cat@northshire.example").await;
    browser.fill("#password", crate::staff::PASSWORD).await;
    browser.click_and_wait("main button.govuk-button").await;
    assert!(browser.text_of("h1").await.starts_with("Hello, "));
    browser.visit(&app.url("/staff")).await;
    browser.go("nav a[href='/staff/reports']", "Reports").await;
    assert!(
        browser
            .text_of("#report")
            .await
            .starts_with("Northshire Council: ")
    );
    browser.close().await;
}
