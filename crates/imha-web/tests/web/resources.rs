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

/// The titles of the library entries shown (each entry's title is an h3 link, the h3 marked
/// `lang="en"` where the title is English on a Welsh page).
fn titles(html: &str) -> Vec<String> {
    html.split("<h3 class=\"govuk-heading-s govuk-!-margin-bottom-1\"")
        .skip(1)
        .filter_map(|s| {
            let a = s.find("<a ")?;
            let start = a + s[a..].find('>')? + 1;
            let end = s.find("</a>")?;
            Some(
                s[start..end]
                    .replace("&#38;", "&")
                    .replace("&amp;", "&")
                    .replace("&#39;", "'"),
            )
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

/// A page in Welsh (the `?lang=cy` switch; its cookie is not kept).
async fn welsh(app: &TestApp, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    page(app, &format!("{path}{sep}lang=cy")).await
}

/// Text as the templates escape it (askama and the library's own `escape` differ).
fn escaped_forms(text: &str) -> Vec<String> {
    let askama = text
        .replace('&', "&#38;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;");
    let own = text
        .replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;");
    vec![askama, own]
}

fn shows(html: &str, text: &str) -> bool {
    shows_in(html, "", text, "")
}

/// `text` (escaped either way) between two bits of markup.
fn shows_in(html: &str, before: &str, text: &str, after: &str) -> bool {
    escaped_forms(text)
        .iter()
        .any(|t| html.contains(&format!("{before}{t}{after}")))
}

/// The text of a page: its markup (tags and their attributes) left out.
fn text_only(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The page with every element marked `lang="en"` cut out, so what is left is what the page
/// says is Welsh.
fn without_english(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(" lang=\"en\"") {
        let open = rest[..i].rfind('<').unwrap();
        let tag: String = rest[open + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let close = format!("</{tag}>");
        let end = i + rest[i..].find(&close).unwrap() + close.len();
        out.push_str(&rest[..open]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The `<h3>` of the library entry whose title is `title` (as shown, unescaped).
fn heading_of<'a>(html: &'a str, title: &str) -> Option<&'a str> {
    escaped_forms(title).into_iter().find_map(|t| {
        let at = html.find(&format!(">{t}</a></h3>"))?;
        let start = html[..at].rfind("<h3")?;
        Some(&html[start..at])
    })
}

both_backends!(the_welsh_library_shows_the_catalogue_in_welsh, |app| {
    let html = welsh(&app, "/resources").await;
    assert!(html.contains(r#"<html lang="cy""#));
    // The same awaiting-review notice as every Welsh page.
    assert!(html.contains("Cyfieithiad yn aros am adolygiad"));
    let items = content::catalogue::items();
    assert_eq!(
        titles(&html).len(),
        content::plain_leaflets().len() + items.len()
    );
    for i in items {
        match i.welsh_title() {
            Some(cy) => {
                let h3 = heading_of(&html, cy).unwrap_or_else(|| panic!("{}: {cy}", i.id));
                assert!(!h3.contains("lang="), "{}: the Welsh title is marked", i.id);
            }
            None => {
                let h3 = heading_of(&html, &i.title).unwrap_or_else(|| panic!("{}", i.id));
                assert!(
                    h3.contains(r#" lang="en""#),
                    "{}: an English title not marked",
                    i.id
                );
            }
        }
        // The Welsh summary, in a paragraph that is not marked English.
        let summary = escaped_forms(&i.summary_cy)
            .into_iter()
            .find(|s| html.contains(&format!(r#"govuk-!-margin-bottom-1">{s}</p>"#)));
        assert!(summary.is_some(), "{}: no Welsh summary", i.id);
        for t in &i.tools {
            assert!(
                shows_in(
                    &html,
                    &format!(
                        r#"<p class="govuk-body govuk-!-margin-bottom-1"><a class="govuk-link" href="{}">"#,
                        t.href
                    ),
                    &t.text_cy,
                    "</a>"
                ),
                "{}: {}",
                i.id,
                t.text_cy
            );
        }
        if !i.url.is_empty() {
            match i.welsh_publisher() {
                Some(p) => assert!(
                    shows_in(&html, "Testun swyddogol gan ", p, "</p>"),
                    "{}: {p}",
                    i.id
                ),
                None => assert!(
                    shows_in(
                        &html,
                        r#"Testun swyddogol gan <span lang="en">"#,
                        &i.publisher,
                        "</span>"
                    ),
                    "{}: an English publisher not marked",
                    i.id
                ),
            }
        }
    }
    // With everything marked English cut out, no English of the catalogue is left in the
    // page's text.
    let welsh_only = text_only(&without_english(&html));
    for i in items {
        let english: Vec<&str> = [i.title.as_str(), i.summary.as_str(), i.publisher.as_str()]
            .into_iter()
            .chain(i.tools.iter().map(|t| t.text.as_str()))
            .collect();
        for e in english {
            if i.publisher == "imha" && e == "imha" {
                continue;
            }
            assert!(
                !shows(&welsh_only, e),
                "{}: English left unmarked on the Welsh page: {e:?}",
                i.id
            );
        }
    }
    assert!(!welsh_only.contains("Official text from"));
    // The English page is as it was: no Welsh, nothing marked.
    let english = page(&app, "/resources").await;
    assert!(!english.contains("Deddf Iechyd Meddwl 1983"));
    assert!(!english.contains(" lang=\"en\">"));
    assert!(english.contains("Official text from legislation.gov.uk"));
});

both_backends!(search_and_filters_work_on_the_welsh_text, |app| {
    let found = |q: &'static str| {
        let app = &app;
        async move { titles(&welsh(app, &format!("/resources?q={q}")).await) }
    };
    // Welsh words find the Welsh text.
    let t = found("Mesur").await;
    assert!(
        t.contains(&"Mesur Iechyd Meddwl (Cymru) 2010".to_string()),
        "{t:?}"
    );
    // Whatever the mutation: "cleifion" finds "chleifion" (the Measure) and "gleifion".
    let t = found("cleifion").await;
    assert!(
        t.contains(&"Mesur Iechyd Meddwl (Cymru) 2010".to_string()),
        "{t:?}"
    );
    assert!(t.contains(&"Deddf Iechyd Meddwl 1983".to_string()), "{t:?}");
    assert!(
        t.contains(&"Y ddyletswydd i roi gwybod: dweud wrth gleifion am IMHAs".to_string()),
        "{t:?}"
    );
    // Typed mutated, it finds the radical: "gyfraith" finds "cyfraith" and "gyfraith" alike.
    assert!(!found("nghyfraith").await.is_empty());
    // Without the circumflex: "siwr" finds "siŵr".
    let t = found("siwr").await;
    assert!(
        t.contains(&"Mental Health Act 1983: Code of Practice (England)".to_string()),
        "{t:?}"
    );
    // Every word must match, in the Welsh summary as well as the title.
    let t = found("eiriolwr+cymeriad+Lloegr").await;
    assert_eq!(
        t,
        [
            "The Mental Health Act 1983 (Independent Mental Health Advocates) (England) Regulations 2008 (SI 2008/3166)"
        ]
    );
    // The search reads what the page shows: an English word in no Welsh text finds nothing.
    let html = welsh(&app, "/resources?q=Measure").await;
    assert!(titles(&html).is_empty());
    assert!(
        html.contains("0 adnodd yn cyfateb i&#39;ch hidlwyr"),
        "the count in Welsh"
    );
    // Filters: commissioners and the law topic, with Welsh titles.
    let t = titles(&welsh(&app, "/resources?audience=commissioners&topic=law").await);
    assert!(t.contains(&"Deddf Iechyd Meddwl 1983".to_string()), "{t:?}");
    assert!(!t.iter().any(|t| t.contains("adran 2")), "{t:?}");
    // And the English library still searches in English only.
    assert!(titles(&page(&app, "/resources?q=cleifion").await).is_empty());
    assert!(!titles(&page(&app, "/resources?q=Measure").await).is_empty());
});

/// The library in Welsh in real Chromium: Welsh titles unmarked, English-only titles marked
/// `lang="en"`, a Welsh search with a mutation, and axe-core on each page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsing_the_library_in_welsh_in_a_browser() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/resources")).await;
    browser.click_and_wait("a[hreflang='cy']").await;
    assert_eq!(browser.text_of("h1").await, "Adnoddau");
    browser.assert_accessible().await;
    let lang_of_heading = |title: &'static str| {
        let browser = &browser;
        async move {
            let xpath = format!("//main//h3[a[normalize-space(.)=\"{title}\"]]");
            browser
                .client
                .find(fantoccini::Locator::XPath(&xpath))
                .await
                .unwrap_or_else(|_| panic!("no heading {title}"))
                .attr("lang")
                .await
                .unwrap()
        }
    };
    assert_eq!(lang_of_heading("Deddf Iechyd Meddwl 1983").await, None);
    assert_eq!(
        lang_of_heading("Cod Ymarfer Cymru Deddf Iechyd Meddwl 1983").await,
        None
    );
    assert_eq!(
        lang_of_heading("What does a good IMHA service look like?")
            .await
            .as_deref(),
        Some("en")
    );
    // Search in Welsh (the choice of Welsh is remembered by its cookie).
    let q = browser
        .client
        .find(fantoccini::Locator::Css("#q"))
        .await
        .unwrap();
    q.send_keys("cleifion").await.unwrap();
    browser.click_and_wait("#apply-filters").await;
    let main = browser.text_of("main").await;
    assert!(main.contains("Mesur Iechyd Meddwl (Cymru) 2010"), "{main}");
    assert!(main.contains("yn cyfateb i'ch hidlwyr"), "{main}");
    assert!(!main.contains("Rheoliadau Iechyd Meddwl"), "{main}");
    browser.assert_accessible().await;
    browser.close().await;
}
