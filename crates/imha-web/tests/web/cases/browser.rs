//! An advocate's case in real Chromium, axe-core on every page: open the case from the list,
//! record a visit with the time spent, raise a tribunal issue and a rights issue, record the
//! rights issue's outcome, record a records-access request (a mistake put right first), close
//! the case with its outcome and reopen it when the patient asks again.

use imha_core::accounts::Role;

use crate::browser::sign_in_with_browser;
use crate::support::{Browser, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_advocate_records_a_visit_issues_records_access_closes_and_reopens() {
    let app = TestApp::sqlite().await;
    let manager = crate::referrals::morgan_manager(&app).await;
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
    browser.go("main a[href='/staff/cases']", "My cases").await;
    browser
        .go(&format!("main a[href='/staff/cases/{case}']"), "Sam Okafor")
        .await;

    // A visit, with the time spent.
    browser
        .go("main a[href$='/contacts/new']", "Record a contact")
        .await;
    browser.fill("#happened_time", "00:00").await;
    browser.fill("#minutes", "75").await;
    browser.click("input[name=mode][value=face-to-face]").await;
    browser.click("input[name=with_whom][value=patient]").await;
    browser
        .fill(
            "#note",
            "First visit: explained section 3 and the tribunal.",
        )
        .await;
    browser.submit("Sam Okafor").await;
    assert!(
        browser
            .text_of(".govuk-notification-banner")
            .await
            .contains("Contact recorded")
    );
    assert!(browser.text_of("main").await.contains("1 hour 15 minutes"));

    // A tribunal issue and a rights issue.
    browser
        .go("main a[href$='/issues/new']", "Add an issue")
        .await;
    browser
        .click("input[name=kind][value=tribunal-application]")
        .await;
    browser.submit("Sam Okafor").await;
    browser
        .go("main a[href$='/issues/new']", "Add an issue")
        .await;
    browser.click("input[name=kind][value=rights]").await;
    browser.submit("Sam Okafor").await;
    let issues = imha_core::casework::issues::for_case(&app.db.db, &case)
        .await
        .unwrap();
    assert_eq!(issues.len(), 2);
    let rights = issues
        .iter()
        .find(|i| i.kind == imha_core::casework::issues::IssueKind::Rights)
        .unwrap();

    // The rights issue's outcome.
    browser
        .go(
            &format!("main a[href$='/issues/{}']", rights.id),
            "Update the issue: Rights",
        )
        .await;
    browser.click("input[name=status][value=resolved]").await;
    browser.click("input[name=felt_heard][value=yes]").await;
    browser
        .click("input[name=rights_understood][value=yes]")
        .await;
    browser
        .fill("#patient_words", "Now I know I can appeal.")
        .await;
    browser.submit("Sam Okafor").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Now I know I can appeal.")
    );

    // A records-access request: the basis forgotten, then given.
    browser
        .go(
            "main a[href$='/records-access/new']",
            "Record a request to see records",
        )
        .await;
    browser.fill("#record_holder", "Willow ward manager").await;
    browser
        .fill("#records", "Nursing notes for the last month")
        .await;
    browser.submit("Record a request to see records").await;
    assert!(browser.focused_html().await.contains("govuk-error-summary"));
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select whether the patient consents or the record holder decides")
    );
    browser
        .click("input[name=basis][value=patient-consent]")
        .await;
    let d = imha_core::referrals::uk_date(jiff::Timestamp::now());
    browser.fill("#consent_on-day", &d.day().to_string()).await;
    browser
        .fill("#consent_on-month", &d.month().to_string())
        .await;
    browser
        .fill("#consent_on-year", &d.year().to_string())
        .await;
    browser.submit("Sam Okafor").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Willow ward manager")
    );

    // Close with the case outcome.
    browser
        .go("main a.govuk-button[href$='/close']", "Close the case")
        .await;
    browser
        .click("input[name=close_reason][value=issues-resolved]")
        .await;
    browser.click("input[name=felt_heard][value=yes]").await;
    browser
        .click("input[name=felt_involved][value=partly]")
        .await;
    browser
        .fill("#patient_words", "You helped me say what I wanted.")
        .await;
    browser.click("input[name=share_story][value=yes]").await;
    browser.submit("Sam Okafor").await;
    let main = browser.text_of("main").await;
    assert!(main.contains("Closed") && main.contains("You helped me say what I wanted."));

    // The patient asks again.
    browser
        .go("main a.govuk-button[href$='/reopen']", "Reopen the case")
        .await;
    browser
        .fill("#reason", "Asked for help with a managers' hearing.")
        .await;
    browser.submit("Sam Okafor").await;
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
