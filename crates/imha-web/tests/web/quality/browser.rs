//! A manager's self-assessment in real Chromium, axe-core on every page: the list (with last
//! year's final assessment), starting a new one from it, rating an indicator with evidence,
//! adding an action and seeing both, and the comparison with the last one.

use imha_core::accounts::{self, Role};
use imha_core::quality::{self, Editor, RawAssessment, RawRating};
use jiff::{Timestamp, ToSpan};

use crate::browser::sign_in_with_browser;
use crate::support::{Browser, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_rates_an_indicator_adds_an_action_and_compares() {
    let app = TestApp::sqlite().await;
    let s = super::service(&app).await;
    let (manager, secret) =
        crate::staff::make_user(&app, "morgan@example.org", Role::ServiceManager).await;
    let mut tx = app.db.db.begin().await.unwrap();
    accounts::set_organisation(&mut tx, &manager.id, Some(&s.provider))
        .await
        .unwrap();
    // Last time's assessment, final: every indicator amber.
    let manager = accounts::User {
        organisation_id: Some(s.provider.clone()),
        ..manager
    };
    let editor = Editor::for_user(&manager, None).unwrap();
    let today = crate::patients::today();
    let last = quality::create(
        &mut tx,
        &editor,
        &RawAssessment {
            title: "Spring 2026".into(),
            period_start: Some(today.checked_sub(1.year()).unwrap()),
            period_end: Some(today.checked_sub(6.months()).unwrap()),
            repeat: false,
        },
        today,
        Timestamp::now(),
    )
    .await
    .unwrap();
    for n in 1..=10 {
        quality::rate(
            &mut tx,
            &editor,
            &last,
            n,
            &RawRating {
                rating: Some("amber".into()),
                evidence: format!("Evidence for {n}"),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    }
    quality::finalise(&mut tx, &editor, &last, &[], Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        "morgan@example.org",
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser
        .go("header a[href='/staff/quality']", "Quality self-assessment")
        .await;
    assert!(browser.text_of("main table").await.contains("Spring 2026"));
    browser
        .go(
            "main a[href='/staff/quality/new']",
            "Start a new assessment",
        )
        .await;
    browser.fill("#title", "Autumn 2026").await;
    // The period is filled in (the last six months) and "start from the last one" is chosen.
    browser.submit("Quality self-assessment: Autumn 2026").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Assessment started.")
    );

    // Indicator 8: green, with evidence.
    browser.click("#indicator-8-3").await;
    browser
        .fill("#evidence-8", "Uptake 81%; no group below 75%.")
        .await;
    browser
        .go(
            "#section-8 form button.govuk-button",
            "Quality self-assessment: Autumn 2026",
        )
        .await;
    assert!(browser.text_of("main").await.contains("Indicator saved."));
    let contents = browser
        .text_of("main table")
        .await
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        contents.contains("8. Access for all qualifying patients Green: all is well"),
        "{contents}"
    );
    assert_eq!(
        browser
            .client
            .find(fantoccini::Locator::Css("#evidence-8"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Uptake 81%; no group below 75%.")
    );

    // An action for indicator 8.
    browser
        .go("#section-8 a[href*='/actions/new']", "Add an action")
        .await;
    browser
        .fill(
            "#description",
            "Share the uptake figures with the ward managers",
        )
        .await;
    browser
        .click(&format!("#owner option[value='{}']", manager.id))
        .await;
    let due = today.checked_add(14.days()).unwrap();
    browser.fill("#due_on-day", &due.day().to_string()).await;
    browser
        .fill("#due_on-month", &due.month().to_string())
        .await;
    browser.fill("#due_on-year", &due.year().to_string()).await;
    browser.submit("Quality self-assessment: Autumn 2026").await;
    let section = browser.text_of("#section-8").await;
    assert!(
        section.contains("Share the uptake figures with the ward managers"),
        "{section}"
    );
    assert!(section.contains("Test Person"), "the owner: {section}");
    assert!(section.contains(&due.strftime("%-d %B %Y").to_string()));

    // The comparison with last time, in words.
    browser.visit(&app.url("/staff/quality/compare")).await;
    assert_eq!(browser.text_of("h1").await, "Compare assessments");
    let table = browser.text_of("main table").await;
    assert!(table.contains("Better: amber then, green now"), "{table}");
    assert!(table.contains("No change: amber both times"));
    browser.close().await;
}
