//! The resource library (`/resources`): our leaflets, the catalogue of legislation, guidance
//! and staff and commissioner resources (`imha_core::content`), filtered by audience and topic
//! with plain GET checkboxes and searched by title and summary, all without JavaScript; each
//! leaflet as a web page and, where there is one, its Easy Read version with pictures.
//!
//! In Welsh the library shows each item's Welsh title, summary, publisher and tool links
//! (`content/resources.yaml`); a name with no Welsh form stays English, marked `lang="en"`.
//! The search reads what the page shows, so Welsh words find Welsh text, whatever the initial
//! mutation ("cleifion" finds "gleifion" and "chleifion") and with or without accents.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use imha_core::content::catalogue::{self, Section};
use imha_core::content::{self, Block, Inline, Kind, Leaflet};
use jiff::civil::Date;

use super::Layout;
use crate::AppState;
use crate::i18n::{self, Lang, t, t_args};

pub(crate) mod pictures;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/resources", get(library))
        .route("/resources/leaflets/{id}", get(leaflet_page))
        .route("/resources/leaflets/{id}/easy-read", get(easy_read_page))
        .route("/resources/documents/{id}", get(document))
}

/// An uploaded document, as a PDF download.
async fn document(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match imha_core::library::document(&state.db, &id).await {
        Ok(Some((item, bytes))) => {
            let name = item
                .file_name
                .unwrap_or_else(|| imha_core::library::safe_file_name(""));
            (
                [
                    (
                        axum::http::header::CONTENT_TYPE,
                        "application/pdf".to_string(),
                    ),
                    (
                        axum::http::header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{name}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => crate::error::not_found_page(),
        Err(e) => {
            tracing::error!(error = %e, "could not read a library document");
            crate::error::unavailable_page()
        }
    }
}

fn uploaded_entry(i: &imha_core::library::Item) -> Entry {
    let document = i.kind == "document";
    // Administrators write these in English.
    let english = i18n::current() != Lang::En;
    let host = i
        .url
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap_or("");
    Entry {
        title: i.title.clone(),
        title_en: english,
        href: i.href(),
        external: !document,
        official: if document {
            String::new()
        } else {
            official_html(host, false)
        },
        summary_en: english,
        summary: if document {
            t_args(
                "res-pdf-size",
                &[
                    ("summary", &i.summary),
                    (
                        "kb",
                        &((i.size_bytes.unwrap_or(0) + 1023) / 1024).to_string(),
                    ),
                ],
            )
        } else {
            i.summary.clone()
        },
        audience: audience_words(&i.audience),
        topics: i.topics.iter().map(|t| topic_label(t)).collect(),
        last_reviewed: long_date(i.last_reviewed),
        tools: Vec::new(),
        easy_read: None,
        audience_keys: i.audience.clone(),
        topic_keys: i.topics.clone(),
    }
}

/// The audience filter: patients and families are one choice.
pub const AUDIENCE_FILTERS: &[(&str, &str)] = &[
    ("patients-and-families", "Patients and families"),
    ("staff", "Staff"),
    ("commissioners", "Commissioners"),
];

fn audience_matches(filter: &str, audience: &[String]) -> bool {
    match filter {
        "patients-and-families" => audience.iter().any(|a| a == "patients" || a == "families"),
        other => audience.iter().any(|a| a == other),
    }
}

fn audience_words(audience: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    if audience.iter().any(|a| a == "patients" || a == "families") {
        out.push(t("res-for-patients-and-families"));
    }
    if audience.iter().any(|a| a == "staff") {
        out.push(t("res-for-staff"));
    }
    if audience.iter().any(|a| a == "commissioners") {
        out.push(t("res-for-commissioners"));
    }
    out.join(", ")
}

/// A topic's words in the current language (message `res-topic-{id}`; English is
/// [`catalogue::topic_label`]), or the topic itself if it has none.
fn topic_label(topic: &str) -> String {
    let id = format!("res-topic-{topic}");
    if i18n::has_message(Lang::En, &id) {
        t(&id)
    } else {
        catalogue::topic_label(topic).to_string()
    }
}

/// "29 November 2026" ("29 Tachwedd 2026" in Welsh).
pub fn long_date(d: Date) -> String {
    i18n::long_date(d, i18n::current())
}

/// One thing in the library, as the list shows it.
pub struct Entry {
    pub title: String,
    /// The title is in English on a page in another language (`lang="en"`).
    pub title_en: bool,
    /// Where the title links: our page, or the official text.
    pub href: String,
    pub external: bool,
    /// "Official text from ..." as escaped HTML, the publisher marked `lang="en"` where it is
    /// English on a page in another language; empty for our own pages.
    pub official: String,
    pub summary: String,
    /// The summary is in English on a page in another language (`lang="en"`).
    pub summary_en: bool,
    pub audience: String,
    pub topics: Vec<String>,
    pub last_reviewed: String,
    pub tools: Vec<ToolLink>,
    pub easy_read: Option<String>,
    /// For filtering and searching.
    audience_keys: Vec<String>,
    topic_keys: Vec<String>,
}

/// A link from a library item to the imha page that does the job.
pub struct ToolLink {
    pub text: String,
    pub href: String,
    /// The words are in English on a page in another language (`lang="en"`).
    pub en: bool,
}

/// "Official text from {publisher}" in the current language, as escaped HTML, with the
/// publisher in a `lang="en"` span when `english` (a name with no form in the page's
/// language).
pub fn official_html(publisher: &str, english: bool) -> String {
    // A private-use character stands in for the publisher while the message is escaped.
    const HOLE: &str = "\u{e000}";
    let text = escape(&t_args("res-official", &[("publisher", HOLE)]));
    let name = if english {
        format!("<span lang=\"en\">{}</span>", escape(publisher))
    } else {
        escape(publisher)
    };
    text.replacen(HOLE, &name, 1)
}

/// A heading and its entries.
pub struct Group {
    pub heading: String,
    pub entries: Vec<Entry>,
}

fn leaflet_entry(l: &Leaflet) -> Entry {
    let easy = content::leaflet(&l.meta.id, Kind::EasyRead)
        .map(|_| format!("/resources/leaflets/{}/easy-read", l.meta.id));
    let lang = i18n::current();
    let welsh = (lang == Lang::Cy)
        .then(|| content::welsh_leaflet(&l.meta.id))
        .flatten();
    let shown = welsh.unwrap_or(l);
    let english = lang != Lang::En && welsh.is_none();
    Entry {
        title: shown.meta.title.clone(),
        title_en: english,
        href: format!("/resources/leaflets/{}", l.meta.id),
        external: false,
        official: String::new(),
        summary: shown.meta.summary.clone(),
        summary_en: english,
        audience: audience_words(&l.meta.audience),
        topics: l.meta.topics.iter().map(|t| topic_label(t)).collect(),
        last_reviewed: long_date(l.meta.last_reviewed),
        tools: Vec::new(),
        easy_read: easy,
        audience_keys: l.meta.audience.clone(),
        topic_keys: l.meta.topics.clone(),
    }
}

fn catalogue_entry(i: &catalogue::Item) -> Entry {
    let (href, external) = match (i.url.is_empty(), i.tools.first()) {
        (false, _) => (i.url.clone(), true),
        (true, Some(t)) => (t.href.clone(), false),
        (true, None) => (String::new(), false),
    };
    let welsh = i18n::current() == Lang::Cy;
    // In Welsh: the Welsh title and publisher, or the English ones (marked) where the item
    // keeps them English; the Welsh summary and tool words always (the loader insists).
    let (title, title_en) = match (welsh, i.welsh_title()) {
        (true, Some(t)) => (t.to_string(), false),
        (true, None) => (i.title.clone(), true),
        (false, _) => (i.title.clone(), false),
    };
    let official = if !external {
        String::new()
    } else {
        match (welsh, i.welsh_publisher()) {
            (true, Some(p)) => official_html(p, false),
            (true, None) => official_html(&i.publisher, true),
            (false, _) => official_html(&i.publisher, false),
        }
    };
    Entry {
        title,
        title_en,
        href,
        external,
        official,
        summary: if welsh {
            i.summary_cy.clone()
        } else {
            i.summary.clone()
        },
        summary_en: false,
        audience: audience_words(&i.audience),
        topics: i.topics.iter().map(|t| topic_label(t)).collect(),
        last_reviewed: long_date(i.last_reviewed),
        tools: i
            .tools
            .iter()
            .map(|t| ToolLink {
                text: if welsh {
                    t.text_cy.clone()
                } else {
                    t.text.clone()
                },
                href: t.href.clone(),
                en: false,
            })
            .collect(),
        easy_read: None,
        audience_keys: i.audience.clone(),
        topic_keys: i.topics.clone(),
    }
}

/// What the reader asked for: `?audience=..&topic=..&q=..` (repeatable checkboxes).
#[derive(Default)]
pub struct Filters {
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    pub q: String,
}

impl Filters {
    fn parse(query: Option<&str>) -> Filters {
        let mut f = Filters::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match k.as_ref() {
                "audience" if AUDIENCE_FILTERS.iter().any(|(a, _)| *a == v) => {
                    f.audiences.push(v.into_owned())
                }
                "topic" if catalogue::is_topic(&v) => f.topics.push(v.into_owned()),
                "q" => f.q = v.trim().chars().take(200).collect(),
                _ => {}
            }
        }
        f
    }

    fn keeps(&self, e: &Entry, lang: Lang) -> bool {
        let audience_ok = self.audiences.is_empty()
            || self
                .audiences
                .iter()
                .any(|a| audience_matches(a, &e.audience_keys));
        let topic_ok =
            self.topics.is_empty() || self.topics.iter().any(|t| e.topic_keys.contains(t));
        // The words the reader sees: in Welsh, the Welsh title and summary.
        let haystack = fold(&format!("{} {}", e.title, e.summary));
        let words_ok = fold(&self.q).split_whitespace().all(|w| match lang {
            Lang::Cy => welsh_forms(w).iter().any(|f| haystack.contains(f.as_str())),
            Lang::En => haystack.contains(w),
        });
        audience_ok && topic_ok && words_ok
    }

    pub fn is_empty(&self) -> bool {
        self.audiences.is_empty() && self.topics.is_empty() && self.q.is_empty()
    }
}

/// Lower case, without accents ("Ôl" reads as "ol", "siŵr" as "siwr"), so a search need not
/// type the circumflex.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ẁ' | 'ẃ' | 'ŵ' | 'ẅ' => 'w',
            'ỳ' | 'ý' | 'ŷ' | 'ÿ' => 'y',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// Welsh initial consonant mutations: (radical, soft, nasal, aspirate), "" where there is
/// none (soft g drops the g).
const MUTATIONS: &[(&str, &str, &str, &str)] = &[
    ("p", "b", "mh", "ph"),
    ("t", "d", "nh", "th"),
    ("c", "g", "ngh", "ch"),
    ("b", "f", "m", ""),
    ("d", "dd", "n", ""),
    ("g", "", "ng", ""),
    ("m", "f", "", ""),
    ("ll", "l", "", ""),
    ("rh", "r", "", ""),
];

/// A Welsh search word (folded) in every form it can take at the start of a word: as typed,
/// its radical if it was typed mutated, and each mutation of either ("cleifion" gives
/// "gleifion", "nghleifion", "chleifion"; "ysbyty" gives "hysbyty" after "ei" and "eu").
pub fn welsh_forms(word: &str) -> Vec<String> {
    let starts_vowel = |w: &str| w.starts_with(['a', 'e', 'i', 'o', 'u', 'w', 'y']);
    let mut radicals = vec![word.to_string()];
    for (radical, soft, nasal, aspirate) in MUTATIONS {
        for m in [soft, nasal, aspirate] {
            if !m.is_empty()
                && let Some(rest) = word.strip_prefix(m)
            {
                radicals.push(format!("{radical}{rest}"));
            }
        }
    }
    if starts_vowel(word) {
        // Soft mutation drops an initial g.
        radicals.push(format!("g{word}"));
    }
    if let Some(rest) = word.strip_prefix('h')
        && starts_vowel(rest)
    {
        radicals.push(rest.to_string());
    }
    let mut forms = Vec::new();
    for r in radicals {
        for (radical, soft, nasal, aspirate) in MUTATIONS {
            if let Some(rest) = r.strip_prefix(radical) {
                for m in [soft, nasal, aspirate] {
                    // An empty mutation is "none", except soft g, which drops the g.
                    if !m.is_empty() || *radical == "g" {
                        forms.push(format!("{m}{rest}"));
                    }
                }
            }
        }
        if starts_vowel(&r) {
            forms.push(format!("h{r}"));
        }
        forms.push(r);
    }
    forms.retain(|f| f.chars().count() >= 2);
    forms.sort();
    forms.dedup();
    forms
}

/// A checkbox in the filter.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/resources/library.html")]
struct Library {
    layout: Layout,
    groups: Vec<Group>,
    count: usize,
    count_text: String,
    filtered: bool,
    q: String,
    audiences: Vec<Choice>,
    topics: Vec<Choice>,
}

/// Every entry of the library, grouped, before filtering.
pub fn all_groups() -> Vec<Group> {
    let mut groups = vec![Group {
        heading: t("res-group-leaflets"),
        entries: content::plain_leaflets()
            .into_iter()
            .map(leaflet_entry)
            .collect(),
    }];
    for section in [
        Section::Legislation,
        Section::Guidance,
        Section::Staff,
        Section::Commissioners,
    ] {
        let id = match section {
            Section::Legislation => "res-group-legislation",
            Section::Guidance => "res-group-guidance",
            Section::Staff => "res-group-staff",
            Section::Commissioners => "res-group-commissioners",
        };
        groups.push(Group {
            heading: t(id),
            entries: catalogue::items()
                .iter()
                .filter(|i| i.section == section)
                .map(catalogue_entry)
                .collect(),
        });
    }
    groups
}

async fn library(State(state): State<AppState>, RawQuery(query): RawQuery) -> Library {
    let filters = Filters::parse(query.as_deref());
    let lang = i18n::current();
    let mut groups = all_groups();
    match imha_core::library::list(&state.db).await {
        Ok(items) => groups.push(Group {
            heading: t("res-group-added"),
            entries: items.iter().map(uploaded_entry).collect(),
        }),
        // The rest of the library is still worth showing.
        Err(e) => tracing::error!(error = %e, "could not list library items"),
    }
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|g| Group {
            heading: g.heading,
            entries: g
                .entries
                .into_iter()
                .filter(|e| filters.keeps(e, lang))
                .collect(),
        })
        .filter(|g| !g.entries.is_empty())
        .collect();
    let count: usize = groups.iter().map(|g| g.entries.len()).sum();
    let filtered = !filters.is_empty();
    let count_text = match (count, filtered) {
        (1, false) => t("res-count-one"),
        (1, true) => t("res-count-one-filtered"),
        (n, false) => t_args("res-count", &[("count", &n.to_string())]),
        (n, true) => t_args("res-count-filtered", &[("count", &n.to_string())]),
    };
    Library {
        layout: Layout::new(&state, t("res-title"), "/resources"),
        count,
        count_text,
        filtered,
        audiences: AUDIENCE_FILTERS
            .iter()
            .map(|(value, _)| Choice {
                value,
                label: t(&format!("res-audience-{value}")),
                checked: filters.audiences.iter().any(|a| a == value),
            })
            .collect(),
        topics: catalogue::TOPICS
            .iter()
            .map(|(value, _)| Choice {
                value,
                label: topic_label(value),
                checked: filters.topics.iter().any(|t| t == value),
            })
            .collect(),
        q: filters.q,
        groups,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/resources/leaflet.html")]
struct LeafletPage {
    layout: Layout,
    title: String,
    body: String,
    easy_read: bool,
    /// The other version's address (the Easy Read version from the leaflet, and back).
    other: Option<String>,
    id: String,
    last_reviewed: String,
    review_due: String,
    reviewed_by: String,
    citations: Vec<String>,
    /// Shown in English on a Welsh page: there is no Welsh version yet.
    only_english: bool,
    /// A Welsh leaflet, marked as awaiting review by a Welsh speaker (in both languages).
    welsh_draft: bool,
}

fn leaflet_response(state: &AppState, id: &str, kind: Kind) -> Response {
    // Leaflet PDFs (`/resources/leaflets/{id}.pdf`) are added by the PDF work; until then an
    // id ending ".pdf" is simply not a leaflet.
    let Some(english) = content::leaflet(id, kind) else {
        return crate::error::not_found_page();
    };
    let lang = i18n::current();
    let welsh = (lang == Lang::Cy && kind == Kind::Leaflet)
        .then(|| content::welsh_leaflet(id))
        .flatten();
    let l = welsh.unwrap_or(english);
    let easy_read = kind == Kind::EasyRead;
    let other = match kind {
        Kind::Leaflet => content::leaflet(id, Kind::EasyRead)
            .map(|_| format!("/resources/leaflets/{id}/easy-read")),
        Kind::EasyRead => {
            content::leaflet(id, Kind::Leaflet).map(|_| format!("/resources/leaflets/{id}"))
        }
    };
    LeafletPage {
        layout: Layout::new(state, l.meta.title.clone(), "/resources"),
        title: l.meta.title.clone(),
        body: render_blocks(&l.blocks, easy_read),
        easy_read,
        other,
        id: l.meta.id.clone(),
        last_reviewed: long_date(l.meta.last_reviewed),
        review_due: long_date(l.meta.review_due),
        reviewed_by: l.meta.reviewed_by.clone(),
        citations: l.meta.citations.clone(),
        only_english: lang != Lang::En && welsh.is_none(),
        welsh_draft: welsh.is_some(),
    }
    .into_response()
}

async fn leaflet_page(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Response {
    // `/resources/leaflets/{id}.pdf` arrives here (the router has no suffix patterns).
    if let Some(pdf) = super::pdf::pdf_for_leaflet_path(&state, &headers, &id) {
        return pdf;
    }
    leaflet_response(&state, &id, Kind::Leaflet)
}

async fn easy_read_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    leaflet_response(&state, &id, Kind::EasyRead)
}

/// HTML-escape text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn render_inlines(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Strong(t) => {
                out.push_str("<strong>");
                out.push_str(&escape(t));
                out.push_str("</strong>");
            }
            // Only our own pages and https addresses become links.
            Inline::Link { text, href }
                if href.starts_with('/') || href.starts_with("https://") =>
            {
                out.push_str(&format!(
                    "<a class=\"govuk-link\" href=\"{}\">{}</a>",
                    escape(href),
                    escape(text)
                ));
            }
            Inline::Link { text, .. } => out.push_str(&escape(text)),
        }
    }
}

/// A leaflet's blocks as GOV.UK-styled HTML (all text escaped; the leaflet's own title, the
/// level 1 heading, is left out: the page shows it). Easy Read uses the larger type.
pub fn render_blocks(blocks: &[Block], easy_read: bool) -> String {
    let (body, h2, h3, list) = if easy_read {
        (
            "govuk-body-l",
            "govuk-heading-l",
            "govuk-heading-m",
            "govuk-list govuk-list--bullet govuk-body-l",
        )
    } else {
        (
            "govuk-body",
            "govuk-heading-m",
            "govuk-heading-s",
            "govuk-list govuk-list--bullet",
        )
    };
    let mut out = String::new();
    let mut picture = 0;
    for b in blocks {
        match b {
            Block::Heading { level: 1, .. } => {}
            Block::Heading { level, text } => {
                let (tag, class) = if *level == 2 { ("h2", h2) } else { ("h3", h3) };
                out.push_str(&format!("<{tag} class=\"{class}\">"));
                render_inlines(text, &mut out);
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&format!("<p class=\"{body}\">"));
                render_inlines(inlines, &mut out);
                out.push_str("</p>\n");
            }
            Block::List(items) => {
                out.push_str(&format!("<ul class=\"{list}\">\n"));
                for item in items {
                    out.push_str("<li>");
                    render_inlines(item, &mut out);
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
            Block::Picture { name, alt } => {
                picture += 1;
                out.push_str("<div class=\"govuk-!-margin-bottom-4\">");
                out.push_str(&pictures::svg(name, alt, &format!("picture-{picture}")));
                out.push_str("</div>\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_escapes_text_and_refuses_unsafe_links() {
        let html = render_blocks(
            &[
                Block::Paragraph(vec![
                    Inline::Text("a <b> & \"c\"".into()),
                    Inline::Link {
                        text: "x".into(),
                        href: "javascript:alert(1)".into(),
                    },
                    Inline::Link {
                        text: "refer".into(),
                        href: "/refer".into(),
                    },
                ]),
                Block::Picture {
                    name: "tick".into(),
                    alt: "A tick <ok>".into(),
                },
            ],
            true,
        );
        assert!(html.contains("a &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("<a class=\"govuk-link\" href=\"/refer\">refer</a>"));
        assert!(html.contains("<title id=\"picture-1\">A tick &lt;ok&gt;</title>"));
        assert!(html.contains("govuk-body-l"));
    }

    #[test]
    fn welsh_search_words_match_every_mutation() {
        let forms = |w: &str| welsh_forms(w);
        for (typed, finds) in [
            ("cleifion", "gleifion"),
            ("cleifion", "chleifion"),
            ("cleifion", "nghleifion"),
            ("gleifion", "cleifion"),
            ("chleifion", "gleifion"),
            ("tribiwnlys", "dribiwnlys"),
            ("deddf", "ddeddf"),
            ("deddf", "neddf"),
            ("gwasanaeth", "wasanaeth"),
            ("wasanaeth", "gwasanaeth"),
            ("llys", "lys"),
            ("rhaid", "raid"),
            ("mesur", "fesur"),
            ("ysbyty", "hysbyty"),
            ("hawliau", "hawliau"),
            ("eiriolwr", "eiriolwr"),
            ("pobl", "mhobl"),
            ("pobl", "phobl"),
            ("bwrdd", "fwrdd"),
            ("bwrdd", "mwrdd"),
        ] {
            assert!(
                forms(typed).iter().any(|f| f == finds),
                "{typed} should find {finds}: {:?}",
                forms(typed)
            );
        }
        assert!(!forms("cleifion").iter().any(|f| f == "pleifion"));
        assert!(forms("a").is_empty() || forms("a").iter().all(|f| f.len() >= 2));
    }

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Siŵr Ôl CHWÂL’s"), "siwr ol chwal's");
        assert_eq!(fold("Mental Health Act"), "mental health act");
    }

    #[test]
    fn the_publisher_is_escaped_and_marked_when_english() {
        let en = i18n::sync_scope(Lang::Cy, || official_html("Care & <Quality>", true));
        assert_eq!(
            en,
            "Testun swyddogol gan <span lang=\"en\">Care &amp; &lt;Quality&gt;</span>"
        );
        let cy = i18n::sync_scope(Lang::Cy, || official_html("Llywodraeth Cymru", false));
        assert_eq!(cy, "Testun swyddogol gan Llywodraeth Cymru");
        assert_eq!(
            official_html("legislation.gov.uk", false),
            "Official text from legislation.gov.uk"
        );
    }

    #[test]
    fn every_picture_has_a_drawing() {
        for name in imha_core::content::PICTURES {
            let svg = pictures::svg(name, "alt", "p");
            assert!(svg.contains("role=\"img\""), "{name}");
            assert!(
                svg.matches('<').count() > 4,
                "{name} has no drawing of its own"
            );
        }
    }
}
