//! An advocate's case in real Chromium, axe-core on every page: open the case from the list,
//! record a visit with the time spent, raise a tribunal issue and a rights issue, record the
//! rights issue's outcome, record a records-access request (a mistake put right first), close
//! the case with its outcome and reopen it when the patient asks again.

use fantoccini::Locator;
use imha_core::accounts::Role;

use crate::browser::{fill, sign_in_with_browser};
use crate::support::{Browser, TestApp};

async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Follow a link or press a button, then check the next page with axe-core.
async fn go(browser: &Browser, css: &str, heading: &str) {
    browser.click_and_wait(css).await;
    assert_eq!(browser.text_of("h1").await, heading, "after {css}");
    browser.assert_accessible().await;
}

async fn submit(browser: &Browser, heading: &str) {
    go(browser, "main form button.govuk-button", heading).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_advocate_records_a_visit_issues_records_access_closes_and_reopens() {
    let app = TestApp::sqlite().await;
    let manager = crate::referrals::staff(
        &app,
        "m@example.org",
        "Morgan Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let (advocate, secret) = crate::staff::make_user(&app, "ash@example.org", Role::Advocate).await;
    let case = super::open_case(&app, "Sam", &manager.user).await;
    super::allocate(&app, &case, &advocate).await;

    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "ash@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.assert_accessible().await;
    go(&browser, "main a[href='/staff/cases']", "My cases").await;
    go(
        &browser,
        &format!("main a[href='/staff/cases/{case}']"),
        "Sam Okafor",
    )
    .await;

    // A visit, with the time spent.
    go(
        &browser,
        "main a[href$='/contacts/new']",
        "Record a contact",
    )
    .await;
    fill(&browser, "#happened_time", "00:00").await;
    fill(&browser, "#minutes", "75").await;
    click(&browser, "input[name=mode][value=face-to-face]").await;
    click(&browser, "input[name=with_whom][value=patient]").await;
    fill(
        &browser,
        "#note",
        "First visit: explained section 3 and the tribunal.",
    )
    .await;
    submit(&browser, "Sam Okafor").await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Contact recorded")
    );
    assert!(browser.text_of("main").await.contains("1 hour 15 minutes"));

    // A tribunal issue and a rights issue.
    go(&browser, "main a[href$='/issues/new']", "Add an issue").await;
    click(&browser, "input[name=kind][value=tribunal-application]").await;
    submit(&browser, "Sam Okafor").await;
    go(&browser, "main a[href$='/issues/new']", "Add an issue").await;
    click(&browser, "input[name=kind][value=rights]").await;
    submit(&browser, "Sam Okafor").await;
    let issues = imha_core::casework::issues::for_case(&app.db.db, &case)
        .await
        .unwrap();
    assert_eq!(issues.len(), 2);
    let rights = issues
        .iter()
        .find(|i| i.kind == imha_core::casework::issues::IssueKind::Rights)
        .unwrap();

    // The rights issue's outcome.
    go(
        &browser,
        &format!("main a[href$='/issues/{}']", rights.id),
        "Update the issue: Rights",
    )
    .await;
    click(&browser, "input[name=status][value=resolved]").await;
    click(&browser, "input[name=felt_heard][value=yes]").await;
    click(&browser, "input[name=rights_understood][value=yes]").await;
    fill(&browser, "#patient_words", "Now I know I can appeal.").await;
    submit(&browser, "Sam Okafor").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Now I know I can appeal.")
    );

    // A records-access request: the basis forgotten, then given.
    go(
        &browser,
        "main a[href$='/records-access/new']",
        "Record a request to see records",
    )
    .await;
    fill(&browser, "#record_holder", "Willow ward manager").await;
    fill(&browser, "#records", "Nursing notes for the last month").await;
    submit(&browser, "Record a request to see records").await;
    assert!(browser.focused_html().await.contains("govuk-error-summary"));
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select whether the patient consents or the record holder decides")
    );
    click(&browser, "input[name=basis][value=patient-consent]").await;
    let d = imha_core::referrals::uk_date(jiff::Timestamp::now());
    fill(&browser, "#consent_on-day", &d.day().to_string()).await;
    fill(&browser, "#consent_on-month", &d.month().to_string()).await;
    fill(&browser, "#consent_on-year", &d.year().to_string()).await;
    submit(&browser, "Sam Okafor").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Willow ward manager")
    );

    // Close with the case outcome.
    go(
        &browser,
        "main a.govuk-button[href$='/close']",
        "Close the case",
    )
    .await;
    click(&browser, "input[name=close_reason][value=issues-resolved]").await;
    click(&browser, "input[name=felt_heard][value=yes]").await;
    click(&browser, "input[name=felt_involved][value=partly]").await;
    fill(
        &browser,
        "#patient_words",
        "You helped me say what I wanted.",
    )
    .await;
    click(&browser, "input[name=share_story][value=yes]").await;
    submit(&browser, "Sam Okafor").await;
    let main = browser.text_of("main").await;
    assert!(main.contains("Closed") && main.contains("You helped me say what I wanted."));

    // The patient asks again.
    go(
        &browser,
        "main a.govuk-button[href$='/reopen']",
        "Reopen the case",
    )
    .await;
    fill(
        &browser,
        "#reason",
        "Asked for help with a managers' hearing.",
    )
    .await;
    submit(&browser, "Sam Okafor").await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Case reopened")
    );
    let c = imha_core::casework::get(&app.db.db, &case)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, imha_core::casework::CaseStatus::Open);
    browser.close().await;
}
