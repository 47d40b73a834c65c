//! An advocate's day in real Chromium, axe-core on every page: a new allocation on "My work",
//! the legal status recorded and the tribunal window's last day shown as a deadline with its
//! law, a task to help with the application, the visit with the time spent, the tribunal
//! issue, the application recorded before the window closes (the deadline goes), the task
//! done, the issue's outcome and the case closed.

use imha_core::accounts::Role;
use jiff::ToSpan;

use crate::browser::sign_in_with_browser;
use crate::support::{Browser, TestApp};

async fn date(browser: &Browser, prefix: &str, d: jiff::civil::Date) {
    browser
        .fill(&format!("#{prefix}-day"), &d.day().to_string())
        .await;
    browser
        .fill(&format!("#{prefix}-month"), &d.month().to_string())
        .await;
    browser
        .fill(&format!("#{prefix}-year"), &d.year().to_string())
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_advocates_day_from_new_allocation_to_closing_the_case() {
    let app = TestApp::sqlite().await;
    let (advocate, secret) = crate::staff::make_user(&app, "ash@example.org", Role::Advocate).await;
    let case = super::allocated_case(&app, &advocate.id).await;
    let today = crate::patients::today();

    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "ash@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.go("header a[href='/staff/work']", "My work").await;
    let new = browser.text_of("#new + p + ul").await;
    assert!(new.contains("Sam Okafor"), "{new}");
    browser
        .go(&format!("main a[href='/staff/cases/{case}']"), "Sam Okafor")
        .await;

    // The referral came from the form: no feed record, so the advocate records the section.
    assert!(
        browser
            .text_of("main")
            .await
            .contains("There is no legal status to work the dates out from yet.")
    );
    browser
        .go("main a[href$='/legal-status']", "Record the legal status")
        .await;
    browser
        .click("select#legal_status option[value='s2']")
        .await;
    let admitted = today.checked_sub(3.days()).unwrap();
    date(&browser, "started_on", admitted).await;
    browser.submit("Sam Okafor").await;
    let dates = browser.text_of("main").await;
    assert!(
        dates.contains("Last day for the patient to apply to the tribunal"),
        "{dates}"
    );
    assert!(
        dates.contains("Mental Health Act 1983, section 66"),
        "{dates}"
    );

    // A task to help with the application, due tomorrow.
    browser
        .go(
            "main a[href^='/staff/tasks/new?case=']",
            "Add a task or meeting to this case",
        )
        .await;
    browser.click("input[name=kind][value=task]").await;
    browser
        .fill("#title", "Help Sam fill in the tribunal form")
        .await;
    date(&browser, "due", today.checked_add(1.days()).unwrap()).await;
    browser.submit("Sam Okafor").await;
    assert!(
        browser
            .text_of("#tasks + p + table")
            .await
            .contains("Help Sam fill in the tribunal form")
    );

    // The visit: 45 minutes face to face.
    browser
        .go("main a[href$='/contacts/new']", "Record a contact")
        .await;
    browser.fill("#happened_time", "00:00").await;
    browser.fill("#minutes", "45").await;
    browser.click("input[name=mode][value=face-to-face]").await;
    browser.click("input[name=with_whom][value=patient]").await;
    browser
        .fill("#note", "Sam wants to apply to the tribunal.")
        .await;
    browser.submit("Sam Okafor").await;
    assert!(browser.text_of("main").await.contains("45 minutes"));

    // The tribunal issue.
    browser
        .go("main a[href$='/issues/new']", "Add an issue")
        .await;
    browser
        .click("input[name=kind][value=tribunal-application]")
        .await;
    browser.submit("Sam Okafor").await;

    // The application is made today, before the window closes: the deadline goes.
    browser
        .go(
            "main a[href$='/tribunal-applications/new']",
            "Record a tribunal application",
        )
        .await;
    browser.click("input[name=applicant][value=patient]").await;
    date(&browser, "on", today).await;
    browser.submit("Sam Okafor").await;
    let main = browser.text_of("main").await;
    assert!(main.contains("The patient applied on"), "{main}");
    assert!(!main.contains("Last day for the patient to apply to the tribunal"));

    // The task is done.
    browser.click("#tasks + p + table form button").await;
    browser.wait_for_h1("Sam Okafor").await;
    browser.assert_accessible().await;
    assert!(browser.text_of("#tasks + p + table").await.contains("Done"));

    // The issue's outcome, in the patient's words; then the case is closed.
    let issue = imha_core::casework::issues::for_case(&app.db.db, &case)
        .await
        .unwrap()
        .remove(0);
    browser
        .go(
            &format!("main a[href$='/issues/{}']", issue.id),
            "Update the issue: Tribunal application",
        )
        .await;
    browser.click("input[name=status][value=resolved]").await;
    browser.click("input[name=felt_heard][value=yes]").await;
    browser.click("input[name=rights_upheld][value=yes]").await;
    browser
        .fill("#patient_words", "I got my application in on time.")
        .await;
    browser.submit("Sam Okafor").await;
    browser
        .go("main a.govuk-button[href$='/close']", "Close the case")
        .await;
    browser
        .click("input[name=close_reason][value=issues-resolved]")
        .await;
    browser.click("input[name=felt_heard][value=yes]").await;
    browser.submit("Sam Okafor").await;
    assert!(browser.text_of("main").await.contains("Closed"));

    // Back on "My work", the closed case and its done task are gone.
    browser.go("header a[href='/staff/work']", "My work").await;
    let main = browser.text_of("main").await;
    assert!(!main.contains("Sam Okafor"), "{main}");
    browser.close().await;
}
