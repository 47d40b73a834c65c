//! Leaflet PDFs over HTTP: every leaflet and Easy Read version as a tagged PDF whose text
//! holds its title, each Easy Read picture as a Figure with its text alternative, the links
//! from the leaflet pages, and caching by ETag.

use imha_core::content::{self, Block, Kind};
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_NONE_MATCH};

use crate::letter::{pdf_structure, pdf_text};
use crate::support::{TestApp, http};

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_leaflet_has_a_tagged_pdf_with_its_text() {
    let app = TestApp::sqlite().await;
    let leaflets = content::leaflets();
    assert!(!leaflets.is_empty());
    let mut easy_read = 0;
    for l in leaflets {
        let id = &l.meta.id;
        let (page, pdf_path) = match l.meta.kind {
            Kind::Leaflet => (
                format!("/resources/leaflets/{id}"),
                format!("/resources/leaflets/{id}.pdf"),
            ),
            Kind::EasyRead => {
                easy_read += 1;
                (
                    format!("/resources/leaflets/{id}/easy-read"),
                    format!("/resources/leaflets/{id}/easy-read.pdf"),
                )
            }
        };
        // The page links to its PDF.
        let html = app.get(&page).await.text().await.unwrap();
        assert!(html.contains(&format!("href=\"{pdf_path}\"")), "{page}");

        let res = app.get(&pdf_path).await;
        assert_eq!(res.status(), StatusCode::OK, "{pdf_path}");
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let etag = res.headers()[ETAG].to_str().unwrap().to_string();
        let pdf = res.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-1.7"), "{pdf_path}");
        let text = pdf_text(&pdf);
        let title = squash(&l.meta.title);
        assert!(text.contains(&title), "{title} in {pdf_path}: {text}");
        let tree = pdf_structure(&pdf);
        assert!(tree.contains("Document"), "{pdf_path}: {tree}");
        assert!(tree.contains("H1"), "{pdf_path}: {tree}");
        assert!(tree.contains("P"), "{pdf_path}: {tree}");
        let pictures: Vec<&str> = l
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Picture { alt, .. } => Some(alt.as_str()),
                _ => None,
            })
            .collect();
        let figures = tree
            .lines()
            .filter(|l| l.trim_start().starts_with("Figure"))
            .count();
        assert_eq!(figures, pictures.len(), "{pdf_path}: {tree}");
        // The pictures are drawn (the same shapes as the page's SVG), not described in text.
        assert!(!text.contains("Picture:"), "{pdf_path}: {text}");
        for alt in pictures {
            let needle = format!("/Alt({alt})");
            assert!(
                pdf.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{pdf_path}: alt {alt}"
            );
        }

        // Cached: the same ETag gets 304 and no body.
        let res = http()
            .get(app.url(&pdf_path))
            .header(IF_NONE_MATCH, &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{pdf_path}");
        assert!(res.bytes().await.unwrap().is_empty());
    }
    assert!(easy_read > 0, "at least one Easy Read leaflet");
    // No such leaflet.
    for path in [
        "/resources/leaflets/no-such-leaflet.pdf",
        "/resources/leaflets/no-such-leaflet/easy-read.pdf",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn welsh_leaflets_have_welsh_pdfs_linked_from_the_welsh_page() {
    let app = TestApp::sqlite().await;
    let mut welsh = 0;
    for l in content::leaflets()
        .iter()
        .filter(|l| l.meta.kind == Kind::Leaflet)
    {
        let id = &l.meta.id;
        let Some(cy) = content::welsh_leaflet(id) else {
            // No Welsh version: no Welsh PDF either.
            let res = app.get(&format!("/resources/leaflets/{id}.cy.pdf")).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{id}");
            continue;
        };
        welsh += 1;
        let page = app
            .get(&format!("/resources/leaflets/{id}?lang=cy"))
            .await
            .text()
            .await
            .unwrap();
        let pdf_path = format!("/resources/leaflets/{id}.cy.pdf");
        assert!(
            page.contains(&format!("href=\"{pdf_path}\"")),
            "{id}: {page}"
        );
        let res = app.get(&pdf_path).await;
        assert_eq!(res.status(), StatusCode::OK, "{pdf_path}");
        let pdf = res.bytes().await.unwrap();
        assert!(
            pdf.windows(9).any(|w| w == b"/Lang(cy)"),
            "{pdf_path}: the document language is Welsh"
        );
        let text = squash(&pdf_text(&pdf));
        assert!(text.contains(&squash(&cy.meta.title)), "{pdf_path}: {text}");
        assert!(text.contains("Adolygwyd ddiwethaf"), "{pdf_path}: {text}");
        assert!(
            text.contains("aros am adolygiad gan siaradwr Cymraeg"),
            "{pdf_path}: the awaiting-review notice"
        );
        // The English PDF is still English.
        let en = app.get(&format!("/resources/leaflets/{id}.pdf")).await;
        let en = squash(&pdf_text(&en.bytes().await.unwrap()));
        assert!(
            en.contains("Last reviewed") && !en.contains("Adolygwyd"),
            "{id}"
        );
    }
    assert!(welsh >= 4, "the main leaflets are in Welsh");
}
