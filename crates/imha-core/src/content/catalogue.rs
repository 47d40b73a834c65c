//! The library catalogue (`content/resources.yaml`, embedded at compile time): legislation,
//! guidance, and resources for staff and commissioners, each with our own plain-English
//! summary, the official text's address (shown, never fetched) and links to the imha pages
//! that do the job.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Deserialize;

use super::{AUDIENCES, ContentError, LEAFLET_TOPICS};

/// The catalogue file, embedded.
pub const SOURCE: &str = include_str!("../../../../content/resources.yaml");

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
    pub href: String,
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub section: Section,
    pub title: String,
    pub publisher: String,
    /// Our own plain-English summary.
    pub summary: String,
    /// The official text (https), or empty for our own guidance.
    pub url: String,
    pub tools: Vec<Tool>,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub last_reviewed: Date,
    pub review_due: Date,
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
    }
    Ok(items)
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

    #[test]
    fn bad_catalogues_are_refused() {
        let good = "- id: a\n  section: staff\n  title: T\n  publisher: P\n  summary: S\n  url: https://example.org/\n  tools: []\n  audience: [staff]\n  topics: [law]\n  last_reviewed: 2026-01-01\n  review_due: 2027-01-01\n";
        assert_eq!(parse(good).unwrap().len(), 1);
        for bad in [
            good.replace("https://", "http://"),
            good.replace("[law]", "[cats]"),
            good.replace("[staff]", "[everyone]"),
            good.replace("2027-01-01", "2025-01-01"),
            good.replace("section: staff", "section: other"),
            format!("{good}{good}"),
            good.replace("tools: []", "tools: [{ text: x, href: \"https://x\" }]"),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
