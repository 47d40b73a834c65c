//! The resource library: filters, search, leaflet and Easy Read pages, the seed page's items
//! within two clicks of the home page, every internal link on the public pages resolving, and
//! a journey in real Chromium with axe-core.

use std::collections::BTreeSet;

use imha_core::content::{self, Kind};

use crate::support::{Browser, TestApp};

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// The titles of the library entries shown (each entry's title is an h3 link).
fn titles(html: &str) -> Vec<String> {
    html.split("<h3 class=\"govuk-heading-s govuk-!-margin-bottom-1\">")
        .skip(1)
        .filter_map(|s| {
            let start = s.find('>')? + 1;
            let end = s.find("</a>")?;
            Some(s[start..end].replace("&#38;", "&").replace("&amp;", "&"))
        })
        .collect()
}

#[tokio::test]
async fn the_library_lists_everything_with_its_review_date() {
    let app = TestApp::sqlite().await;
    let html = page(&app, "/resources").await;
    let shown = titles(&html);
    let expected = content::plain_leaflets().len() + content::catalogue::items().len();
    assert_eq!(shown.len(), expected);
    assert!(html.contains(&format!("{expected} resources")));
    assert!(html.contains("Last reviewed 29 November 2026"));
    // Legislation links to the official text; leaflets to our own pages.
    assert!(html.contains("href=\"https://www.legislation.gov.uk/uksi/2008/3166/contents/made\""));
    assert!(html.contains("href=\"/resources/leaflets/section-2\""));
    assert!(html.contains("href=\"/resources/leaflets/section-2/easy-read\""));
    // The navigation has the library, marked as the current page.
    assert!(html.contains("href=\"/resources\""));
}

#[tokio::test]
async fn filters_by_audience_and_topic_and_searches() {
    let app = TestApp::sqlite().await;
    // Commissioners only: SCIE's tips are there, the leaflets are not.
    let html = page(&app, "/resources?audience=commissioners").await;
    let t = titles(&html);
    assert!(t.iter().any(|t| t.contains("10 top tips")));
    assert!(!t.iter().any(|t| t.contains("section 2")));
    assert!(html.contains("id=\"audience-commissioners\" name=\"audience\" type=\"checkbox\" value=\"commissioners\" checked"));
    assert!(html.contains("Clear filters"));

    // Patients and families and the tribunal topic: the tribunal leaflet, not the regulations.
    let t = titles(
        &page(
            &app,
            "/resources?audience=patients-and-families&topic=tribunal",
        )
        .await,
    );
    assert!(t.contains(&"Applying to the tribunal".to_string()));
    assert!(!t.iter().any(|t| t.contains("Regulations")));

    // Two topics are either one.
    let both = titles(&page(&app, "/resources?topic=cto&topic=guardianship").await);
    assert_eq!(both.len(), 2, "{both:?}");

    // Search reads titles and summaries, any case, every word.
    let t = titles(&page(&app, "/resources?q=OPT-OUT").await);
    assert!(t.iter().any(|t| t.contains("Improving access")), "{t:?}");
    let t = titles(&page(&app, "/resources?q=nearest+relative+changed").await);
    assert_eq!(t, ["Your nearest relative"]);
    let html = page(&app, "/resources?q=zebra").await;
    assert!(titles(&html).is_empty());
    assert!(html.contains("0 resources match your filters"));
    // The search box keeps what was typed, escaped.
    let html = page(&app, "/resources?q=%3Cscript%3E").await;
    assert!(
        html.contains("value=\"&#60;script&#62;\"") || html.contains("value=\"&lt;script&gt;\"")
    );
    // Unknown filter values are ignored, not an error.
    assert_eq!(
        titles(&page(&app, "/resources?audience=martians&topic=cats").await).len(),
        content::plain_leaflets().len() + content::catalogue::items().len()
    );
}

#[tokio::test]
async fn leaflets_and_their_easy_read_versions_are_pages() {
    let app = TestApp::sqlite().await;
    for l in content::leaflets() {
        let path = match l.meta.kind {
            Kind::Leaflet => format!("/resources/leaflets/{}", l.meta.id),
            Kind::EasyRead => format!("/resources/leaflets/{}/easy-read", l.meta.id),
        };
        let html = page(&app, &path).await;
        assert!(html.contains(&l.meta.title), "{path}");
        assert!(html.contains("Last reviewed 29 November 2026"), "{path}");
        for c in &l.meta.citations {
            assert!(
                html.contains(&c.replace('&', "&#38;")) || html.contains(c),
                "{path}: {c}"
            );
        }
        if l.meta.kind == Kind::EasyRead {
            assert!(html.contains("govuk-body-l"));
            let pictures = l
                .blocks
                .iter()
                .filter(|b| matches!(b, content::Block::Picture { .. }))
                .count();
            assert!(pictures > 0);
            assert_eq!(html.matches("role=\"img\"").count(), pictures, "{path}");
            assert!(html.contains(&format!("href=\"/resources/leaflets/{}\"", l.meta.id)));
        }
    }
    let html = page(&app, "/resources/leaflets/section-2").await;
    assert!(html.contains("<h2 class=\"govuk-heading-m\">What is section 2?</h2>"));
    assert!(html.contains("Easy Read version"));
    let easy = page(&app, "/resources/leaflets/section-2/easy-read").await;
    assert!(easy.contains("<title id=\"picture-1\">A hospital building</title>"));
    // No Easy Read version of guardianship, so no link to one.
    let html = page(&app, "/resources/leaflets/guardianship").await;
    assert!(!html.contains("easy-read"));
    for missing in [
        "/resources/leaflets/nope",
        "/resources/leaflets/guardianship/easy-read",
        "/resources/leaflets/nope.pdf",
    ] {
        assert_eq!(app.get(missing).await.status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn everything_on_the_seed_page_is_two_clicks_from_home() {
    let app = TestApp::sqlite().await;
    let home = page(&app, "/").await;
    assert!(
        home.contains("href=\"/resources\""),
        "home links to the library"
    );
    let library = page(&app, "/resources").await;
    for needle in [
        "Mental Health Act 1983",
        "(England) Regulations 2008",
        "Code of Practice (England)",
        "Code of Practice for Wales",
        "Understanding Independent Mental Health Advocacy (IMHA) for mental health staff",
        "Understanding IMHA for mental health staff",
        "Improving access to Independent Mental Health Advocacy",
        "10 top tips",
        "What does a good IMHA service look like?",
        "Making a difference: measuring the impact",
        "Monitoring the Mental Health Act",
        "How to refer someone to an advocate",
        "How an IMHA can help you",
        "Mental Health (Wales) Measure 2010",
        "SI 2011/2501",
    ] {
        assert!(library.contains(needle), "{needle} is not in the library");
    }
}

/// The internal links (`href="/..."`) in a page, without fragments.
fn internal_links(html: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| {
            h.split('#')
                .next()
                .unwrap_or(h)
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .filter(|h| !h.is_empty())
        .collect()
}

#[tokio::test]
async fn every_internal_link_on_the_public_pages_resolves() {
    let app = TestApp::sqlite().await;
    let mut pages: Vec<String> = [
        "/",
        "/eligibility",
        "/my-dates",
        "/refer",
        "/privacy",
        "/accessibility",
        "/contact",
        "/resources",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for l in content::leaflets() {
        pages.push(match l.meta.kind {
            Kind::Leaflet => format!("/resources/leaflets/{}", l.meta.id),
            Kind::EasyRead => format!("/resources/leaflets/{}/easy-read", l.meta.id),
        });
    }
    let mut links = BTreeSet::new();
    for p in &pages {
        links.extend(internal_links(&page(&app, p).await));
    }
    assert!(links.contains("/resources/leaflets/section-3/easy-read"));
    assert!(links.contains("/staff/duty"));
    // Follow redirects: a staff page sends someone not signed in to sign in (which is there).
    let client = reqwest::Client::new();
    let mut checked = 0;
    for link in &links {
        let res = client.get(app.url(link)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{link} does not resolve");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} links");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsing_the_library_in_a_browser() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/")).await;
    browser
        .click_and_wait("a.govuk-service-navigation__link[href='/resources']")
        .await;
    assert_eq!(browser.text_of("h1").await, "Resources");
    browser.assert_accessible().await;

    // Filter: staff and the duty to inform.
    browser
        .client
        .find(fantoccini::Locator::Css("#audience-staff"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css("#topic-duty-to-inform"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click_and_wait("#apply-filters").await;
    let count = browser.text_of("#result-count").await;
    assert!(count.ends_with("match your filters"), "{count}");
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().contains("audience=staff"), "{url}");
    browser.assert_accessible().await;

    // Search from a clean library.
    browser.visit(&app.url("/resources")).await;
    let q = browser
        .client
        .find(fantoccini::Locator::Css("#q"))
        .await
        .unwrap();
    q.send_keys("section 2").await.unwrap();
    browser.click_and_wait("#apply-filters").await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Your rights under section 2")
    );
    browser.assert_accessible().await;

    // Open the leaflet, then its Easy Read version.
    browser
        .click_and_wait("main a[href='/resources/leaflets/section-2']")
        .await;
    assert_eq!(
        browser.text_of("h1").await,
        "Your rights under section 2 of the Mental Health Act"
    );
    browser.assert_accessible().await;
    browser
        .click_and_wait("main a[href='/resources/leaflets/section-2/easy-read']")
        .await;
    assert_eq!(
        browser.text_of("h1").await,
        "Your rights under section 2 (Easy Read)"
    );
    browser.assert_accessible().await;
    browser.close().await;
}
