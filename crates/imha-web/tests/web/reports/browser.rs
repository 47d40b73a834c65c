//! The reports in real Chromium, axe-core on every page: a manager opens the reports from the
//! navigation, gets the form wrong (the error summary), chooses dates, then opens the annual
//! impact report with a shared story; and a commissioner's page with the area fixed.

use imha_core::accounts::Role;
use imha_core::reports::{Cell, Row, Shown, Table};

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
    // The page's own report (from the database: the uptake funnel is always drawn), then
    // hand-built tables with suppressed values rendered the same way and added to the page, so
    // axe-core checks both with the page's own styles (contrast included).
    let charts = || async {
        browser
            .client
            .find_all(fantoccini::Locator::Css("main svg[role=img]"))
            .await
            .unwrap()
            .len()
    };
    let real = charts().await;
    assert!(real >= 1, "the uptake chart is drawn from the database");
    let sections: String = [uptake(), ethnicity()]
        .iter()
        .map(|t| imha_web::staff::reports::render::section_html(t, "area=all"))
        .collect();
    browser
        .client
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0]); \
             return true;",
            vec![serde_json::json!(sections)],
        )
        .await
        .unwrap();
    assert_eq!(charts().await, real + 2);
    browser.assert_accessible().await;
    browser.client.refresh().await.unwrap();
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
    // Its trend chart and tables, checked by axe-core too.
    assert_eq!(
        browser
            .client
            .find_all(fantoccini::Locator::Css(
                "main svg#impact-trend, main svg[aria-labelledby^='impact-trend']"
            ))
            .await
            .unwrap()
            .len(),
        1
    );
    browser.assert_accessible().await;
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

fn count(v: u64) -> Cell {
    Cell::Count(Shown::Value(v))
}

fn row(id: &str, label: &str, cells: Vec<Cell>) -> Row {
    Row {
        id: id.into(),
        label: label.into(),
        cells,
    }
}

fn uptake() -> Table {
    Table {
        id: "uptake".into(),
        title: "Uptake".into(),
        description: "Patients who qualified for an IMHA and what happened.".into(),
        row_heading: "Step".into(),
        columns: vec!["Count".into(), "Share of qualifying".into()],
        rows: vec![
            row(
                "qualifying",
                "Qualifying",
                vec![count(200), Cell::Percent(Some(100))],
            ),
            row(
                "referred",
                "Referred",
                vec![count(150), Cell::Percent(Some(75))],
            ),
            row(
                "offered-visit",
                "Offered a visit",
                vec![count(100), Cell::Percent(Some(50))],
            ),
            row("seen", "Seen", vec![count(50), Cell::Percent(Some(25))]),
            row(
                "accepted",
                "Accepted",
                vec![Cell::Count(Shown::Suppressed), Cell::Percent(None)],
            ),
            row(
                "never-seen",
                "Never seen",
                vec![count(150), Cell::Percent(Some(75))],
            ),
        ],
    }
}

fn ethnicity() -> Table {
    Table {
        id: "equality-ethnicity".into(),
        title: "Ethnicity".into(),
        description: "Qualifying patients beside those seen and supported.".into(),
        row_heading: "Ethnic group".into(),
        columns: [
            "Qualifying",
            "Seen",
            "Supported",
            "Share seen",
            "Share supported",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![
            row(
                "black",
                "Black, Black British, Caribbean or African",
                vec![
                    count(40),
                    count(20),
                    count(10),
                    Cell::Percent(Some(50)),
                    Cell::Percent(Some(25)),
                ],
            ),
            row(
                "white",
                "White",
                vec![
                    count(160),
                    count(30),
                    count(20),
                    Cell::Percent(Some(19)),
                    Cell::Percent(Some(13)),
                ],
            ),
        ],
    }
}
