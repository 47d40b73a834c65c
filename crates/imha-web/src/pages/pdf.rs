//! Leaflet PDFs (issue 8 point 2): `GET /resources/leaflets/{id}.pdf` (the plain-English
//! leaflet) and `GET /resources/leaflets/{id}/easy-read.pdf` (its Easy Read version, large
//! print), made by `imha_pdf` from the same content model the leaflet pages use
//! (`imha_core::content`). Tagged PDF/UA-1: headings, paragraphs, lists, and each Easy Read
//! picture as a Figure whose Alt is the picture's text alternative, drawn from the same shapes
//! as the page's inline SVG (`resources::pictures`).
//!
//! The leaflets are compiled into the binary, so a PDF only changes with a new build: each
//! response carries an ETag made from the leaflet's text and the build's version, and a
//! matching `If-None-Match` gets 304.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use imha_core::content::{self, Block, Inline, Kind, Leaflet};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::i18n::{Lang, long_date};

pub fn routes() -> Router<AppState> {
    Router::new().route("/resources/leaflets/{id}/easy-read.pdf", get(easy_read_pdf))
}

/// A link in a PDF must be absolute: the site's own links get the public address when it is
/// configured, and are plain text otherwise.
fn inline(i: &Inline, base: Option<&str>) -> imha_pdf::Inline {
    match i {
        Inline::Text(s) => imha_pdf::Inline::Text(s.clone()),
        Inline::Strong(s) => imha_pdf::Inline::Strong(s.clone()),
        Inline::Link { text, href } => {
            let absolute = if href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
            {
                Some(href.clone())
            } else if href.starts_with('/') {
                base.map(|b| format!("{}{href}", b.trim_end_matches('/')))
            } else {
                None
            };
            match absolute {
                Some(href) => imha_pdf::Inline::Link {
                    text: text.clone(),
                    href,
                },
                None => imha_pdf::Inline::Text(text.clone()),
            }
        }
    }
}

fn inlines(v: &[Inline], base: Option<&str>) -> Vec<imha_pdf::Inline> {
    v.iter().map(|i| inline(i, base)).collect()
}

/// The leaflet as a PDF document (its title first, as the H1, whether or not the body has one).
pub fn document(l: &Leaflet, base: Option<&str>) -> imha_pdf::Document {
    document_in(l, base, Lang::En)
}

/// The leaflet as a PDF in `lang`: a Welsh leaflet's dates in Welsh, and the notice (in Welsh)
/// that the translation awaits review by a Welsh speaker.
pub fn document_in(l: &Leaflet, base: Option<&str>, lang: Lang) -> imha_pdf::Document {
    let mut blocks = vec![imha_pdf::Block::Heading {
        level: 1,
        text: l.meta.title.clone(),
    }];
    for b in &l.blocks {
        match b {
            Block::Heading { level: 1, .. } => {}
            Block::Heading { level, text } => blocks.push(imha_pdf::Block::Heading {
                level: *level,
                text: Leaflet::plain(text),
            }),
            Block::Paragraph(v) => blocks.push(imha_pdf::Block::Paragraph(inlines(v, base))),
            Block::List(items) => blocks.push(imha_pdf::Block::List(
                items.iter().map(|i| inlines(i, base)).collect(),
            )),
            Block::Picture { name, alt } => blocks.push(imha_pdf::Block::Picture {
                alt: alt.clone(),
                drawing: Some(super::resources::pictures::drawing(name)),
            }),
        }
    }
    let reviewed = match lang {
        Lang::En => format!(
            "Last reviewed {}. Next review due by {}.",
            crate::pages::rights::long_date(l.meta.last_reviewed),
            crate::pages::rights::long_date(l.meta.review_due)
        ),
        Lang::Cy => format!(
            "Adolygwyd ddiwethaf {}. Adolygiad nesaf erbyn {}.",
            long_date(l.meta.last_reviewed, lang),
            long_date(l.meta.review_due, lang)
        ),
    };
    blocks.push(imha_pdf::Block::Paragraph(vec![imha_pdf::Inline::text(
        reviewed,
    )]));
    if lang.awaiting_review() {
        blocks.push(imha_pdf::Block::Paragraph(vec![imha_pdf::Inline::text(
            lang.t("res-welsh-draft"),
        )]));
    }
    imha_pdf::Document {
        title: l.meta.title.clone(),
        lang: match lang {
            Lang::En => "en-GB".into(),
            Lang::Cy => "cy".into(),
        },
        large_print: l.meta.kind == Kind::EasyRead,
        blocks,
    }
}

/// The ETag of a leaflet's PDF: its text, the public address and the build.
fn etag(l: &Leaflet, base: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(crate::assets::version().as_bytes());
    h.update(l.file.as_bytes());
    h.update(l.body.as_bytes());
    h.update(l.meta.title.as_bytes());
    h.update(base.unwrap_or_default().as_bytes());
    let hex = hex::encode(h.finalize());
    format!("\"{}\"", &hex[..20])
}

fn respond(state: &AppState, headers: &HeaderMap, id: &str, kind: Kind) -> Response {
    respond_in(state, headers, id, kind, Lang::En)
}

fn respond_in(state: &AppState, headers: &HeaderMap, id: &str, kind: Kind, lang: Lang) -> Response {
    let found = match lang {
        Lang::En => content::leaflet(id, kind),
        Lang::Cy => content::welsh_leaflet(id).filter(|_| kind == Kind::Leaflet),
    };
    let Some(l) = found else {
        return crate::error::not_found_page();
    };
    let base = state.config.public_url.as_deref();
    let tag = etag(l, base);
    let cache = [
        (header::ETAG, HeaderValue::from_str(&tag).ok()),
        (
            header::CACHE_CONTROL,
            Some(HeaderValue::from_static("public, max-age=86400")),
        ),
    ];
    let cache: Vec<(header::HeaderName, HeaderValue)> = cache
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().extend(cache);
        return res;
    }
    match imha_pdf::render(&document_in(l, base, lang)) {
        Ok(bytes) => {
            let mut res = bytes.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            res.headers_mut().extend(cache);
            res
        }
        Err(e) => {
            tracing::error!(error = %e, leaflet = id, "a leaflet PDF could not be made");
            crate::error::unavailable_page()
        }
    }
}

/// `GET /resources/leaflets/{id}.pdf` (and `{id}.cy.pdf`, the Welsh leaflet): the router has no suffix patterns, so the leaflet page's
/// handler (`/resources/leaflets/{id}`) asks this first: if the segment is `{id}.pdf`, the
/// leaflet's PDF.
pub fn pdf_for_leaflet_path(
    state: &AppState,
    headers: &HeaderMap,
    segment: &str,
) -> Option<Response> {
    let id = segment.strip_suffix(".pdf")?;
    // `{id}.cy.pdf`: the Welsh version, where there is one.
    Some(match id.strip_suffix(".cy") {
        Some(id) => respond_in(state, headers, id, Kind::Leaflet, Lang::Cy),
        None => respond(state, headers, id, Kind::Leaflet),
    })
}

/// `GET /resources/leaflets/{id}/easy-read.pdf`.
async fn easy_read_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    respond(&state, &headers, &id, Kind::EasyRead)
}
