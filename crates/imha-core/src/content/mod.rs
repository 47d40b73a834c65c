//! The resource library's content: our own leaflets, embedded at compile time from
//! `content/leaflets/en/*.md`, and the catalogue of legislation, guidance and staff and
//! commissioner resources (`content/resources.yaml`, see [`catalogue`]).
//!
//! A leaflet is Markdown with YAML front matter (the rules are in `content/leaflets/README.md`
//! and at the top of `scripts/readability.py`). It is parsed once into a small block model
//! ([`Block`], [`Inline`]) that both the web pages and the PDFs render, so neither needs a
//! Markdown parser and raw HTML can never reach a page: a leaflet containing HTML is refused.
//!
//! Front matter is read with `serde-saphyr` (a maintained, panic-free YAML deserialiser;
//! `serde_yaml` is deprecated and `serde_yml` had a RustSec advisory).

use std::sync::LazyLock;

use jiff::civil::Date;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;

pub mod catalogue;
pub mod national;
pub mod readability;

/// Every leaflet file, embedded at compile time. A test checks this list against the files in
/// `content/leaflets/en`, so a new leaflet cannot be forgotten.
macro_rules! leaflet_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../../content/leaflets/en/", $name)))),*]
    };
}

/// (file name, text) of every embedded leaflet, in file-name order.
pub const FILES: &[(&str, &str)] = leaflet_files![
    "applying-to-the-tribunal.easy-read.md",
    "applying-to-the-tribunal.md",
    "community-treatment-order.md",
    "conditional-discharge.md",
    "guardianship.md",
    "hospital-orders.md",
    "how-an-imha-can-help.easy-read.md",
    "how-an-imha-can-help.md",
    "section-2.easy-read.md",
    "section-2.md",
    "section-3.easy-read.md",
    "section-3.md",
    "what-happens-to-your-information.md",
    "your-nearest-relative.md",
];

/// The Welsh leaflets (`content/leaflets/cy`): the English front matter with the title and
/// summary in Welsh, plus `language: cy` and `translation_status: awaiting-review`. A test
/// checks this list against the files on disk.
pub const WELSH_FILES: &[(&str, &str)] = &[
    (
        "applying-to-the-tribunal.md",
        include_str!("../../../../content/leaflets/cy/applying-to-the-tribunal.md"),
    ),
    (
        "how-an-imha-can-help.md",
        include_str!("../../../../content/leaflets/cy/how-an-imha-can-help.md"),
    ),
    (
        "section-2.md",
        include_str!("../../../../content/leaflets/cy/section-2.md"),
    ),
    (
        "section-3.md",
        include_str!("../../../../content/leaflets/cy/section-3.md"),
    ),
];

/// The pictures an Easy Read leaflet may use, as `![alt](picture:NAME)`.
pub const PICTURES: &[&str] = &[
    "advocate", "hospital", "calendar", "tribunal", "talk", "letter", "family", "medicine",
    "question", "help", "phone", "lock", "tick",
];

/// Who a leaflet or library item is for.
pub const AUDIENCES: &[&str] = &["patients", "families", "staff", "commissioners"];

/// The topics a leaflet may have (the catalogue adds its own, see [`catalogue::TOPICS`]).
pub const LEAFLET_TOPICS: &[&str] = &[
    "imha",
    "rights",
    "tribunal",
    "nearest-relative",
    "detention",
    "cto",
    "guardianship",
    "conditional-discharge",
    "information",
    "treatment",
];

/// The countries a leaflet's law applies in.
pub const JURISDICTIONS: &[&str] = &["england", "wales"];

/// A leaflet in plain English, or its Easy Read version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Leaflet,
    EasyRead,
}

/// A leaflet's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The file name without `.md` (and without `.easy-read`): shared by a leaflet and its
    /// Easy Read version.
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub summary: String,
    pub jurisdiction: Vec<String>,
    pub last_reviewed: Date,
    pub review_due: Date,
    /// Who checked it ("draft, awaiting review by ..." until a specialist has).
    pub reviewed_by: String,
    /// Each provision the leaflet relies on, e.g. "MHA 1983 s130D".
    pub citations: Vec<String>,
    /// A translation's language (`cy`); absent in the English leaflets.
    #[serde(default)]
    pub language: Option<String>,
    /// A translation's status (`awaiting-review` until a native speaker has checked it).
    #[serde(default)]
    pub translation_status: Option<String>,
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Link { text: String, href: String },
}

/// A block of a leaflet's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 is the leaflet's title; 2 and 3 are its sections.
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A bulleted (or numbered) list: one entry per item.
    List(Vec<Vec<Inline>>),
    /// An Easy Read picture: `name` is one of [`PICTURES`], `alt` its text alternative.
    Picture {
        name: String,
        alt: String,
    },
}

/// A parsed leaflet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaflet {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// The Markdown body (after the front matter), for the readability check.
    pub body: &'static str,
    /// The embedded file's name, e.g. `section-2.easy-read.md`.
    pub file: &'static str,
}

impl Leaflet {
    /// The text of a list of inlines, without markup.
    pub fn plain(inlines: &[Inline]) -> String {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Strong(t) => t.as_str(),
                Inline::Link { text, .. } => text.as_str(),
            })
            .collect()
    }

    /// Whether the review date has passed on `today`.
    pub fn past_review(&self, today: Date) -> bool {
        self.meta.review_due <= today
    }
}

/// Why an embedded leaflet could not be read (a test proves none of them fails).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct ContentError {
    pub file: String,
    pub problem: String,
}

static LEAFLETS: LazyLock<Result<Vec<Leaflet>, ContentError>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(file, text)| parse_leaflet(file, text))
        .collect()
});

/// Every leaflet and Easy Read version, in file-name order (a leaflet's Easy Read version
/// comes just before it). Empty only if an embedded file is broken, which [`check`] reports
/// and the test suite forbids.
pub fn leaflets() -> &'static [Leaflet] {
    match &*LEAFLETS {
        Ok(all) => all,
        Err(e) => {
            tracing::error!(error = %e, "an embedded leaflet could not be read");
            &[]
        }
    }
}

static WELSH: LazyLock<Result<Vec<Leaflet>, ContentError>> = LazyLock::new(|| {
    WELSH_FILES
        .iter()
        .map(|(file, text)| {
            // The notice in both languages at the top (a quote, with the English in a
            // `<span lang="en">`) is for people reading the file; the pages and PDFs show
            // their own. Built once, so leaking the cleaned copy costs nothing per request.
            let cleaned: &'static str = Box::leak(without_notice(text).into_boxed_str());
            let l = parse_leaflet(file, cleaned)?;
            if l.meta.language.as_deref() != Some("cy") || l.meta.translation_status.is_none() {
                return Err(ContentError {
                    file: format!("cy/{file}"),
                    problem: "a Welsh leaflet needs language: cy and a translation_status".into(),
                });
            }
            Ok(l)
        })
        .collect()
});

/// A Welsh leaflet's text without the translation notice (its `> ` lines).
fn without_notice(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with("> "))
        .collect()
}

/// Whether every embedded leaflet (English and Welsh) parsed and passed its checks.
pub fn check() -> Result<(), ContentError> {
    if let Err(e) = &*WELSH {
        return Err(e.clone());
    }
    match &*LEAFLETS {
        Ok(all) => match all.iter().find(|l| l.meta.language.is_some()) {
            Some(l) => Err(ContentError {
                file: l.file.to_string(),
                problem: "an English leaflet has no language field".into(),
            }),
            None => Ok(()),
        },
        Err(e) => Err(e.clone()),
    }
}

/// The Welsh version of leaflet `id`, if there is one (only plain leaflets are translated).
pub fn welsh_leaflet(id: &str) -> Option<&'static Leaflet> {
    match &*WELSH {
        Ok(all) => all.iter().find(|l| l.meta.id == id),
        Err(e) => {
            tracing::error!(error = %e, "an embedded Welsh leaflet could not be read");
            None
        }
    }
}

/// The leaflet `id` of the given kind, if there is one.
pub fn leaflet(id: &str, kind: Kind) -> Option<&'static Leaflet> {
    leaflets()
        .iter()
        .find(|l| l.meta.id == id && l.meta.kind == kind)
}

/// The plain-English leaflets (not the Easy Read versions), in title order.
pub fn plain_leaflets() -> Vec<&'static Leaflet> {
    let mut out: Vec<_> = leaflets()
        .iter()
        .filter(|l| l.meta.kind == Kind::Leaflet)
        .collect();
    out.sort_by(|a, b| a.meta.title.cmp(&b.meta.title));
    out
}

/// Split a file into its YAML front matter and Markdown body.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Parse and check one leaflet file (`file` is its name, which fixes its id and kind).
pub fn parse_leaflet(file: &'static str, text: &'static str) -> Result<Leaflet, ContentError> {
    let err = |problem: String| ContentError {
        file: file.to_string(),
        problem,
    };
    let (front, body) =
        split_front_matter(text).ok_or_else(|| err("no front matter between --- lines".into()))?;
    let meta: Meta =
        serde_saphyr::from_str(front).map_err(|e| err(format!("front matter: {e}")))?;
    check_meta(file, &meta).map_err(err)?;
    let blocks = parse_body(body).map_err(err)?;
    if meta.kind == Kind::EasyRead {
        for b in &blocks {
            if let Block::Picture { name, alt } = b {
                if !PICTURES.contains(&name.as_str()) {
                    return Err(err(format!("unknown picture {name:?}")));
                }
                if alt.trim().is_empty() {
                    return Err(err(format!("picture {name:?} has no alt text")));
                }
            }
        }
    } else if blocks.iter().any(|b| matches!(b, Block::Picture { .. })) {
        return Err(err("only Easy Read leaflets have pictures".into()));
    }
    Ok(Leaflet {
        meta,
        blocks,
        body,
        file,
    })
}

fn check_meta(file: &str, meta: &Meta) -> Result<(), String> {
    let (stem, kind) = match file.strip_suffix(".easy-read.md") {
        Some(stem) => (stem, Kind::EasyRead),
        None => (file.strip_suffix(".md").unwrap_or(file), Kind::Leaflet),
    };
    if meta.id != stem {
        return Err(format!("id {:?} should be {stem:?}", meta.id));
    }
    if meta.kind != kind {
        return Err(format!("kind {:?} should be {kind:?}", meta.kind));
    }
    for (key, values, allowed) in [
        ("audience", &meta.audience, AUDIENCES),
        ("topics", &meta.topics, LEAFLET_TOPICS),
        ("jurisdiction", &meta.jurisdiction, JURISDICTIONS),
    ] {
        if values.is_empty() {
            return Err(format!("{key} must not be empty"));
        }
        if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
            return Err(format!("{key}: {bad:?} is not allowed"));
        }
    }
    if meta.review_due <= meta.last_reviewed {
        return Err("review_due must be after last_reviewed".into());
    }
    for (key, value) in [
        ("title", &meta.title),
        ("summary", &meta.summary),
        ("reviewed_by", &meta.reviewed_by),
    ] {
        if value.trim().is_empty() {
            return Err(format!("{key} must not be empty"));
        }
    }
    if meta.citations.is_empty() {
        return Err("citations must not be empty".into());
    }
    Ok(())
}

/// Parse a Markdown body into blocks. Raw HTML, tables, code blocks, quotes and nested lists
/// are refused: leaflets use headings, paragraphs, bold, links, lists and pictures only.
pub fn parse_body(markdown: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    // The inlines being collected (paragraph, heading or list item).
    let mut inlines: Vec<Inline> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut list: Option<Vec<Vec<Inline>>> = None;
    let mut strong = false;
    let mut link: Option<(String, String)> = None;
    let mut image: Option<(String, String)> = None;

    fn push_text(inlines: &mut Vec<Inline>, text: &str, strong: bool) {
        match (inlines.last_mut(), strong) {
            (Some(Inline::Text(t)), false) => t.push_str(text),
            (Some(Inline::Strong(t)), true) => t.push_str(text),
            (_, false) => inlines.push(Inline::Text(text.to_string())),
            (_, true) => inlines.push(Inline::Strong(text.to_string())),
        }
    }

    for event in Parser::new(markdown) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                return Err("raw HTML is not allowed in a leaflet".into());
            }
            Event::Start(Tag::HtmlBlock) => {
                return Err("raw HTML is not allowed in a leaflet".into());
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                inlines.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                let level = heading.take().unwrap_or(2);
                blocks.push(Block::Heading {
                    level,
                    text: std::mem::take(&mut inlines),
                });
            }
            Event::Start(Tag::Paragraph) => {
                if list.is_none() {
                    inlines.clear();
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if list.is_none() {
                    let para = trim_inlines(std::mem::take(&mut inlines));
                    if !para.is_empty() {
                        blocks.push(Block::Paragraph(para));
                    }
                }
            }
            Event::Start(Tag::List(_)) => {
                if list.is_some() {
                    return Err("lists inside lists are not allowed".into());
                }
                list = Some(Vec::new());
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(items) = list.take() {
                    blocks.push(Block::List(items));
                }
            }
            Event::Start(Tag::Item) => inlines.clear(),
            Event::End(TagEnd::Item) => {
                let item = trim_inlines(std::mem::take(&mut inlines));
                if let Some(items) = list.as_mut() {
                    items.push(item);
                }
            }
            Event::Start(Tag::Strong) => strong = true,
            Event::End(TagEnd::Strong) => strong = false,
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, href)) = link.take() {
                    inlines.push(Inline::Link { text, href });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let name = dest_url
                    .strip_prefix("picture:")
                    .ok_or_else(|| format!("image {dest_url:?} is not a picture:NAME"))?;
                image = Some((name.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((name, alt)) = image.take() {
                    // A picture is a block of its own: text before it ends a paragraph.
                    let before = trim_inlines(std::mem::take(&mut inlines));
                    if !before.is_empty() {
                        blocks.push(Block::Paragraph(before));
                    }
                    blocks.push(Block::Picture {
                        name,
                        alt: alt.trim().to_string(),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((alt, _)) = image.as_mut().map(|(n, a)| (a, n)) {
                    alt.push_str(&t);
                } else if let Some((text, _)) = link.as_mut() {
                    text.push_str(&t);
                } else {
                    push_text(&mut inlines, &t, strong);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, _)) = link.as_mut() {
                    text.push(' ');
                } else if image.is_none() {
                    push_text(&mut inlines, " ", strong);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => return Err("quotes are not allowed".into()),
            Event::Start(Tag::CodeBlock(_)) => return Err("code blocks are not allowed".into()),
            Event::Start(Tag::Table(_)) => return Err("tables are not allowed".into()),
            Event::Rule => {}
            other => return Err(format!("unsupported Markdown: {other:?}")),
        }
    }
    Ok(blocks)
}

/// Drop leading and trailing white space (left by a picture or a line break).
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_folder_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/leaflets/en");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".md"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            on_disk, embedded,
            "add new leaflet files to FILES in content/mod.rs"
        );
        // And each embedded text is the file's current text.
        for (name, text) in FILES {
            let disk = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
            assert_eq!(&disk, text, "{name}");
        }
    }

    #[test]
    fn every_welsh_file_is_embedded_and_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/leaflets/cy");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".md"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = WELSH_FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded, "add Welsh leaflets to WELSH_FILES");
        for (name, text) in WELSH_FILES {
            let disk = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
            assert_eq!(&disk, text, "{name}");
        }
        check().unwrap();
        let s2 = welsh_leaflet("section-2").unwrap();
        assert_eq!(s2.meta.language.as_deref(), Some("cy"));
        assert_eq!(
            s2.meta.translation_status.as_deref(),
            Some("awaiting-review")
        );
        assert!(s2.meta.title.contains("adran 2"));
        assert!(welsh_leaflet("guardianship").is_none());
    }

    #[test]
    fn every_leaflet_parses_and_passes_its_checks() {
        check().unwrap();
        assert_eq!(leaflets().len(), FILES.len());
        let s2 = leaflet("section-2", Kind::Leaflet).unwrap();
        assert_eq!(
            s2.meta.title,
            "Your rights under section 2 of the Mental Health Act"
        );
        assert!(s2.meta.citations.iter().any(|c| c == "MHA 1983 s130D"));
        assert_eq!(s2.meta.last_reviewed, jiff::civil::date(2026, 11, 29));
        assert!(matches!(&s2.blocks[0], Block::Heading { level: 1, .. }));
        assert!(s2.blocks.iter().any(|b| matches!(b, Block::List(_))));
        let easy = leaflet("section-2", Kind::EasyRead).unwrap();
        assert!(easy.blocks.contains(&Block::Picture {
            name: "hospital".into(),
            alt: "A hospital building".into()
        }));
        assert!(leaflet("guardianship", Kind::EasyRead).is_none());
        assert!(leaflet("nope", Kind::Leaflet).is_none());
    }

    #[test]
    fn markdown_becomes_blocks() {
        let blocks = parse_body(
            "# Title\n\nSome **bold** and [a link](/refer).\nNext line.\n\n- one\n- **two**\n\n![A calendar](picture:calendar)\n",
        )
        .unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 1,
                    text: vec![Inline::Text("Title".into())]
                },
                Block::Paragraph(vec![
                    Inline::Text("Some ".into()),
                    Inline::Strong("bold".into()),
                    Inline::Text(" and ".into()),
                    Inline::Link {
                        text: "a link".into(),
                        href: "/refer".into()
                    },
                    Inline::Text(". Next line.".into()),
                ]),
                Block::List(vec![
                    vec![Inline::Text("one".into())],
                    vec![Inline::Strong("two".into())]
                ]),
                Block::Picture {
                    name: "calendar".into(),
                    alt: "A calendar".into()
                },
            ]
        );
    }

    #[test]
    fn raw_html_is_refused() {
        assert!(parse_body("<script>alert(1)</script>\n").is_err());
        assert!(parse_body("Text with <b>inline</b> HTML.\n").is_err());
        assert!(parse_body("<!-- a comment -->\n").is_err());
        assert!(parse_body("> a quote\n").is_err());
        assert!(parse_body("- a\n  - nested\n").is_err());
    }

    #[test]
    fn front_matter_is_checked() {
        let good = "---\nid: x\ntitle: T\nkind: leaflet\naudience: [patients]\ntopics: [imha]\nsummary: S\njurisdiction: [england]\nlast_reviewed: 2026-01-01\nreview_due: 2027-01-01\nreviewed_by: R\ncitations:\n  - \"MHA 1983 s130A\"\n---\n# T\n";
        assert!(parse_leaflet("x.md", good).is_ok());
        // Wrong id, wrong kind, unknown key, unknown topic, bad dates, picture in a leaflet.
        assert!(parse_leaflet("y.md", good).is_err());
        assert!(parse_leaflet("x.easy-read.md", good).is_err());
        let extra: &'static str = Box::leak(
            good.replace("title: T\n", "title: T\nextra: 1\n")
                .into_boxed_str(),
        );
        assert!(parse_leaflet("x.md", extra).is_err());
        let topic: &'static str = Box::leak(good.replace("[imha]", "[cats]").into_boxed_str());
        assert!(parse_leaflet("x.md", topic).is_err());
        let dates: &'static str =
            Box::leak(good.replace("2027-01-01", "2025-01-01").into_boxed_str());
        assert!(parse_leaflet("x.md", dates).is_err());
        let pic: &'static str =
            Box::leak(format!("{good}\n![A tick](picture:tick)\n").into_boxed_str());
        assert!(parse_leaflet("x.md", pic).is_err());
        assert!(parse_leaflet("x.md", "# no front matter\n").is_err());
    }
}
