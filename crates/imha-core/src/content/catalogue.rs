//! The library catalogue (`content/resources.yaml`, embedded at compile time): legislation,
//! guidance, and resources for staff and commissioners, each with our own plain-English
//! summary, the official text's address (shown, never fetched) and links to the imha pages
//! that do the job. Each item is also in Welsh (`title_cy`, `summary_cy`, `publisher_cy`, each
//! tool's `text_cy`), or says which of its names stay English (`keep_english`: the official
//! title of an English-only publication, a publisher with no Welsh name); the loader refuses
//! an item with a Welsh field missing. The Welsh is machine-drafted and awaits review by a Welsh
//! speaker (the file says so in [`TRANSLATION_STATUS`]). Whether each outside address was seen
//! in a stored copy of the page is recorded in `url_verified`.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Deserialize;

use super::{AUDIENCES, ContentError, LEAFLET_TOPICS};

/// The catalogue file, embedded.
pub const SOURCE: &str = include_str!("../../../../content/resources.yaml");

/// The line the catalogue file must carry: its Welsh is a draft (the same words every Welsh
/// catalogue in `crates/imha-web/locales/cy` starts with).
pub const TRANSLATION_STATUS: &str =
    "# Translation status (the Welsh fields): machine-drafted, awaiting review by a Welsh speaker";

/// Topics beyond the leaflets' own (see [`LEAFLET_TOPICS`]).
pub const EXTRA_TOPICS: &[&str] = &[
    "law",
    "duty-to-inform",
    "referral",
    "opt-out",
    "commissioning",
    "quality",
    "outcomes",
];

/// Every topic, with the words the library shows for it, in the order the filter lists them.
pub const TOPICS: &[(&str, &str)] = &[
    ("imha", "Independent mental health advocacy"),
    ("rights", "Your rights"),
    ("detention", "Being detained in hospital"),
    ("treatment", "Treatment and medicine"),
    ("tribunal", "The tribunal"),
    ("nearest-relative", "Nearest relative"),
    ("cto", "Community treatment orders"),
    ("guardianship", "Guardianship"),
    ("conditional-discharge", "Conditional discharge"),
    ("information", "Your information"),
    ("law", "The law"),
    ("duty-to-inform", "The duty to inform"),
    ("referral", "Referral"),
    ("opt-out", "Opt-out referral"),
    ("commissioning", "Commissioning"),
    ("quality", "Service quality"),
    ("outcomes", "Measuring impact"),
];

/// The words for a topic, or the topic itself.
pub fn topic_label(topic: &str) -> &str {
    TOPICS
        .iter()
        .find(|(t, _)| *t == topic)
        .map_or(topic, |(_, l)| l)
}

/// Which part of the library an item is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Legislation,
    Guidance,
    Staff,
    Commissioners,
}

impl Section {
    pub fn heading(self) -> &'static str {
        match self {
            Section::Legislation => "Legislation",
            Section::Guidance => "Guidance and reports",
            Section::Staff => "For staff",
            Section::Commissioners => "For commissioners",
        }
    }
}

/// A link to an imha page that does what an item describes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub text: String,
    /// The link's words in Welsh.
    pub text_cy: String,
    pub href: String,
}

/// A name of an item that stays in English on the Welsh pages (shown there marked
/// `lang="en"`), because it has no Welsh form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeepEnglish {
    /// The official title of a publication that exists only in English.
    Title,
    /// A publisher with no Welsh name.
    Publisher,
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub section: Section,
    pub title: String,
    /// The title in Welsh: the official Welsh title where there is one. Absent only when
    /// `keep_english` lists `title`.
    #[serde(default)]
    pub title_cy: Option<String>,
    pub publisher: String,
    /// The publisher's Welsh name. Absent only when `keep_english` lists `publisher`.
    #[serde(default)]
    pub publisher_cy: Option<String>,
    /// Our own plain-English summary.
    pub summary: String,
    /// The same summary in plain Welsh.
    pub summary_cy: String,
    /// Names that stay English on the Welsh pages.
    #[serde(default)]
    pub keep_english: Vec<KeepEnglish>,
    /// The official text (https), or empty for our own guidance.
    pub url: String,
    /// Whether this exact address was seen in a stored copy of the page (the evidence is a
    /// comment beside the item). Required with a `url`, refused without one.
    #[serde(default)]
    pub url_verified: Option<bool>,
    pub tools: Vec<Tool>,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub last_reviewed: Date,
    pub review_due: Date,
}

impl Item {
    /// The title to show in Welsh, or `None` where it stays English.
    pub fn welsh_title(&self) -> Option<&str> {
        self.title_cy.as_deref()
    }

    /// The publisher to show in Welsh, or `None` where it stays English.
    pub fn welsh_publisher(&self) -> Option<&str> {
        self.publisher_cy.as_deref()
    }

    /// Whether the outside address is still to be checked (never for our own guidance).
    pub fn url_unverified(&self) -> bool {
        !self.url.is_empty() && self.url_verified != Some(true)
    }
}

static ITEMS: LazyLock<Result<Vec<Item>, ContentError>> = LazyLock::new(|| parse(SOURCE));

/// Every catalogue item, in file order (empty only if the file is broken, which [`check`]
/// reports and the tests forbid).
pub fn items() -> &'static [Item] {
    match &*ITEMS {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "the library catalogue could not be read");
            &[]
        }
    }
}

/// Whether the embedded catalogue parsed and passed its checks.
pub fn check() -> Result<(), ContentError> {
    match &*ITEMS {
        Ok(_) => Ok(()),
        Err(e) => Err(e.clone()),
    }
}

/// Parse and check a catalogue.
pub fn parse(text: &str) -> Result<Vec<Item>, ContentError> {
    let err = |problem: String| ContentError {
        file: "content/resources.yaml".into(),
        problem,
    };
    let items: Vec<Item> = serde_saphyr::from_str(text).map_err(|e| err(e.to_string()))?;
    let mut seen = std::collections::HashSet::new();
    for item in &items {
        let at = |p: String| err(format!("{}: {p}", item.id));
        if !seen.insert(item.id.as_str()) {
            return Err(at("id appears twice".into()));
        }
        if !item.url.is_empty() && !item.url.starts_with("https://") {
            return Err(at("url must start with https://".into()));
        }
        if let Some(t) = item.tools.iter().find(|t| !t.href.starts_with('/')) {
            return Err(at(format!("tool {:?} must be an imha path", t.href)));
        }
        if item.url.is_empty() && item.tools.is_empty() {
            return Err(at("needs a url or a tool".into()));
        }
        if let Some(a) = item
            .audience
            .iter()
            .find(|a| !AUDIENCES.contains(&a.as_str()))
        {
            return Err(at(format!("audience {a:?} is not allowed")));
        }
        if let Some(t) = item.topics.iter().find(|t| !is_topic(t)) {
            return Err(at(format!("topic {t:?} is not allowed")));
        }
        if item.audience.is_empty() || item.topics.is_empty() {
            return Err(at("audience and topics must not be empty".into()));
        }
        if item.review_due <= item.last_reviewed {
            return Err(at("review_due must be after last_reviewed".into()));
        }
        check_welsh(item).map_err(at)?;
        match (item.url.is_empty(), item.url_verified) {
            (false, None) => {
                return Err(at("url_verified must say whether the url was seen".into()));
            }
            (true, Some(_)) => return Err(at("url_verified needs a url".into())),
            _ => {}
        }
    }
    Ok(items)
}

/// Every item is in Welsh too: a summary, each tool's words, and a title and publisher unless
/// they are listed as staying English (and then not also given in Welsh).
fn check_welsh(item: &Item) -> Result<(), String> {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&item.summary_cy) {
        return Err("summary_cy is missing".into());
    }
    if let Some(t) = item.tools.iter().find(|t| blank(&t.text_cy)) {
        return Err(format!("tool {:?} has no text_cy", t.href));
    }
    for (field, welsh, kind) in [
        ("title", &item.title_cy, KeepEnglish::Title),
        ("publisher", &item.publisher_cy, KeepEnglish::Publisher),
    ] {
        let kept = item.keep_english.contains(&kind);
        match (welsh.as_deref(), kept) {
            (Some(w), false) if !blank(w) => {}
            (None, true) => {}
            (Some(_), true) => {
                return Err(format!(
                    "{field}_cy is given but keep_english lists {field}"
                ));
            }
            _ => {
                return Err(format!(
                    "{field}_cy is missing (or list {field} in keep_english)"
                ));
            }
        }
    }
    Ok(())
}

/// Whether `topic` is a known topic.
pub fn is_topic(topic: &str) -> bool {
    LEAFLET_TOPICS.contains(&topic) || EXTRA_TOPICS.contains(&topic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_covers_the_seed_page() {
        check().unwrap();
        let ids: Vec<&str> = items().iter().map(|i| i.id.as_str()).collect();
        for id in [
            "mental-health-act-1983",
            "imha-regulations-england-2008",
            "mental-health-wales-measure-2010",
            "imha-regulations-wales-2011",
            "code-of-practice-england",
            "code-of-practice-wales",
            "scie-understanding-imha-for-staff",
            "scie-improving-access-opt-out",
            "scie-top-tips-for-commissioners",
            "scie-what-good-looks-like",
            "scie-measuring-impact",
            "cqc-monitoring-the-mental-health-act",
            "duty-to-inform",
            "how-to-refer",
            "supporting-an-imha",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
        // Every topic has a label.
        for t in LEAFLET_TOPICS.iter().chain(EXTRA_TOPICS) {
            assert_ne!(topic_label(t), *t, "{t} has no label");
        }
    }

    /// One good item; the tests below break it one way at a time.
    const GOOD: &str = "- id: a\n  section: staff\n  title: T\n  title_cy: Teitl\n  publisher: P\n  publisher_cy: Cyhoeddwr\n  summary: S\n  summary_cy: Crynodeb\n  url: https://example.org/\n  url_verified: true\n  tools: [{ text: x, text_cy: y, href: /x }]\n  audience: [staff]\n  topics: [law]\n  last_reviewed: 2026-01-01\n  review_due: 2027-01-01\n";

    #[test]
    fn bad_catalogues_are_refused() {
        assert_eq!(parse(GOOD).unwrap().len(), 1);
        for bad in [
            GOOD.replace("https://", "http://"),
            GOOD.replace("[law]", "[cats]"),
            GOOD.replace("[staff]", "[everyone]"),
            GOOD.replace("2027-01-01", "2025-01-01"),
            GOOD.replace("section: staff", "section: other"),
            format!("{GOOD}{GOOD}"),
            GOOD.replace("href: /x", "href: \"https://x\""),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_item_without_its_welsh_is_refused() {
        for (bad, why) in [
            (GOOD.replace("  summary_cy: Crynodeb\n", ""), "summary_cy"),
            (
                GOOD.replace("summary_cy: Crynodeb", "summary_cy: \" \""),
                "summary_cy",
            ),
            (GOOD.replace("  title_cy: Teitl\n", ""), "title_cy"),
            (
                GOOD.replace("  publisher_cy: Cyhoeddwr\n", ""),
                "publisher_cy",
            ),
            (GOOD.replace("text_cy: y, ", ""), "text_cy"),
            (GOOD.replace("text_cy: y", "text_cy: \"\""), "text_cy"),
            // A name kept in English must not also be given in Welsh.
            (
                GOOD.replace("  url:", "  keep_english: [title]\n  url:"),
                "keep_english",
            ),
        ] {
            let err = parse(&bad).expect_err(&bad).problem;
            assert!(err.contains(why), "{why}: {err}");
        }
        // Keeping the title or publisher in English instead is fine.
        let kept = GOOD
            .replace("  title_cy: Teitl\n", "")
            .replace("  publisher_cy: Cyhoeddwr\n", "")
            .replace("  url:", "  keep_english: [title, publisher]\n  url:");
        let item = &parse(&kept).unwrap()[0];
        assert_eq!(item.welsh_title(), None);
        assert_eq!(item.welsh_publisher(), None);
        assert!(parse(&GOOD.replace("  url:", "  keep_english: [summary]\n  url:")).is_err());
    }

    #[test]
    fn every_outside_address_says_whether_it_was_verified() {
        let err = |s: &str| parse(s).expect_err(s).problem;
        assert!(err(&GOOD.replace("  url_verified: true\n", "")).contains("url_verified"));
        let own = GOOD.replace("https://example.org/", "\"\"");
        assert!(err(&own).contains("url_verified needs a url"));
        let own = parse(&own.replace("  url_verified: true\n", "")).unwrap();
        assert!(
            !own[0].url_unverified(),
            "our own guidance has nothing to verify"
        );
        let unverified = parse(&GOOD.replace("url_verified: true", "url_verified: false")).unwrap();
        assert!(unverified[0].url_unverified());
        assert!(!parse(GOOD).unwrap()[0].url_unverified());
    }

    #[test]
    fn every_item_is_in_welsh_with_official_welsh_titles() {
        assert!(
            SOURCE.lines().any(|l| l == TRANSLATION_STATUS),
            "content/resources.yaml must say its Welsh awaits review"
        );
        for i in items() {
            assert!(!i.summary_cy.trim().is_empty(), "{}", i.id);
            assert_ne!(i.summary_cy, i.summary, "{}: summary_cy is not Welsh", i.id);
            if let Some(t) = i.welsh_title() {
                assert_ne!(
                    t, i.title,
                    "{}: a Welsh title the same as the English",
                    i.id
                );
            }
            for t in &i.tools {
                assert_ne!(t.text_cy, t.text, "{}: {}", i.id, t.href);
            }
        }
        let title = |id: &str| {
            items()
                .iter()
                .find(|i| i.id == id)
                .and_then(|i| i.welsh_title())
                .map(str::to_string)
        };
        assert_eq!(
            title("mental-health-act-1983").as_deref(),
            Some("Deddf Iechyd Meddwl 1983")
        );
        assert_eq!(
            title("mental-health-wales-measure-2010").as_deref(),
            Some("Mesur Iechyd Meddwl (Cymru) 2010")
        );
        assert_eq!(
            title("imha-regulations-wales-2011").as_deref(),
            Some(
                "Rheoliadau Iechyd Meddwl (Eiriolwyr Iechyd Meddwl Annibynnol) (Cymru) 2011 (OS 2011/2501)"
            )
        );
        // English-only publications keep their official English titles.
        assert_eq!(title("imha-regulations-england-2008"), None);
        assert_eq!(title("scie-top-tips-for-commissioners"), None);
    }

    #[test]
    fn unverified_addresses_are_marked_and_verified_ones_are_the_documents() {
        let by_id = |id: &str| items().iter().find(|i| i.id == id).unwrap();
        for id in [
            "code-of-practice-england",
            "cqc-monitoring-the-mental-health-act",
            "scie-top-tips-for-commissioners",
            "scie-what-good-looks-like",
        ] {
            assert!(!by_id(id).url_unverified(), "{id}");
        }
        for id in [
            "code-of-practice-wales",
            "scie-understanding-imha-for-staff",
            "scie-improving-access-opt-out",
            "scie-measuring-impact",
        ] {
            assert!(by_id(id).url_unverified(), "{id}");
        }
        // Every verified address has its evidence in a comment just above it.
        let lines: Vec<&str> = SOURCE.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            if line.trim() == "url_verified: true" {
                let above = &lines[n.saturating_sub(8)..n];
                assert!(
                    above
                        .iter()
                        .any(|l| l.contains("seen in the search corpus, 2026-11-29")),
                    "line {}: a verified url without its evidence",
                    n + 1
                );
            }
        }
    }
}
