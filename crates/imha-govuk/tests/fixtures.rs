//! Conformance of imha-govuk's components with govuk-frontend's own fixtures: each fixture's
//! parameters are deserialised into our struct, rendered, and compared with the fixture's HTML
//! after DOM normalisation (attribute order, class order and whitespace aside).

// A test reports failure by panicking; the workspace's deny applies to library code.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use askama::Template;
use scraper::{Html, Node};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Fixtures we deliberately do not match, with the reason. Keep this short.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

/// A fixture file: `crates/imha-govuk/fixtures/<component>.json`, copied by frontend/build.sh.
fn load(component: &str) -> Vec<Value> {
    let path = format!("{}/fixtures/{component}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    file["fixtures"].as_array().cloned().unwrap_or_default()
}

/// Normalised DOM: one line per element with sorted attributes (classes sorted too) and text
/// with whitespace collapsed; comments and whitespace-only text dropped.
fn normalise(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    walk(*doc.root_element(), 0, &mut out);
    out
}

fn walk(node: ego_tree::NodeRef<'_, Node>, depth: usize, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Element(el) => {
                let mut attrs: Vec<(String, String)> = el
                    .attrs()
                    .map(|(k, v)| {
                        let v = if k == "class" {
                            let mut classes: Vec<&str> = v.split_whitespace().collect();
                            classes.sort_unstable();
                            classes.join(" ")
                        } else {
                            v.split_whitespace().collect::<Vec<_>>().join(" ")
                        };
                        (k.to_owned(), v)
                    })
                    .collect();
                attrs.sort();
                let _ = write!(out, "{}<{}", "  ".repeat(depth), el.name());
                for (k, v) in attrs {
                    let _ = write!(out, " {k}={v:?}");
                }
                out.push_str(">\n");
                walk(child, depth + 1, out);
            }
            Node::Text(text) => {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    let _ = writeln!(out, "{}{text:?}", "  ".repeat(depth));
                }
            }
            _ => walk(child, depth, out),
        }
    }
}

struct Outcome {
    matched: usize,
    skipped: Vec<(String, String)>,
    failed: Vec<String>,
}

fn check<T: DeserializeOwned + Template>(component: &str) -> Outcome {
    let mut outcome = Outcome {
        matched: 0,
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    for fixture in load(component) {
        let name = fixture["name"].as_str().unwrap_or_default().to_owned();
        if let Some((_, _, why)) = KNOWN_DIFFERENCES
            .iter()
            .find(|(c, n, _)| *c == component && *n == name)
        {
            outcome
                .skipped
                .push((name, format!("known difference: {why}")));
            continue;
        }
        let params: T = match serde_json::from_value(fixture["options"].clone()) {
            Ok(p) => p,
            Err(e) => {
                outcome
                    .skipped
                    .push((name, format!("unsupported params: {e}")));
                continue;
            }
        };
        let ours = params
            .render()
            .unwrap_or_else(|e| panic!("{component} / {name}: {e}"));
        let theirs = fixture["html"].as_str().unwrap_or_default();
        let (a, b) = (normalise(&ours), normalise(theirs));
        if a == b {
            outcome.matched += 1;
        } else {
            outcome.failed.push(format!(
                "--- {component} / {name}\n--- ours:\n{a}--- govuk-frontend:\n{b}--- our raw html:\n{ours}\n"
            ));
        }
    }
    outcome
}

/// Runs one component's fixtures; fails on any mismatch or when fewer than `min` matched.
fn conform<T: DeserializeOwned + Template>(component: &str, min: usize) {
    let outcome = check::<T>(component);
    for (name, why) in &outcome.skipped {
        println!("skipped {component} / {name}: {why}");
    }
    println!(
        "{component}: {} fixtures matched, {} skipped",
        outcome.matched,
        outcome.skipped.len()
    );
    assert!(
        outcome.failed.is_empty(),
        "{} mismatches:\n{}",
        outcome.failed.len(),
        outcome.failed.join("\n")
    );
    assert!(
        outcome.matched >= min,
        "{component}: only {} fixtures matched, expected at least {min}",
        outcome.matched
    );
}

macro_rules! conformance {
    ($($test:ident: $ty:ty, $component:literal, $min:literal;)*) => {$(
        #[test]
        fn $test() {
            conform::<$ty>($component, $min);
        }
    )*};
}

conformance! {
    back_link: imha_govuk::BackLink, "back-link", 7;
    button: imha_govuk::Button, "button", 38;
    details: imha_govuk::Details, "details", 10;
    error_message: imha_govuk::ErrorMessage, "error-message", 9;
    fieldset: imha_govuk::Fieldset, "fieldset", 18;
    hint: imha_govuk::Hint, "hint", 6;
    input: imha_govuk::Input, "input", 45;
    inset_text: imha_govuk::InsetText, "inset-text", 6;
    label: imha_govuk::Label, "label", 17;
    notification_banner: imha_govuk::NotificationBanner, "notification-banner", 21;
    panel: imha_govuk::Panel, "panel", 19;
    phase_banner: imha_govuk::PhaseBanner, "phase-banner", 7;
    select: imha_govuk::Select, "select", 19;
    skip_link: imha_govuk::SkipLink, "skip-link", 9;
    tag: imha_govuk::Tag, "tag", 12;
    textarea: imha_govuk::Textarea, "textarea", 18;
    warning_text: imha_govuk::WarningText, "warning-text", 8;
}

conformance! {
    radios: imha_govuk::Radios, "radios", 42;
    checkboxes: imha_govuk::Checkboxes, "checkboxes", 41;
}

conformance! {
    date_input: imha_govuk::DateInput, "date-input", 48;
    error_summary: imha_govuk::ErrorSummary, "error-summary", 19;
    summary_list: imha_govuk::SummaryList, "summary-list", 30;
    table: imha_govuk::Table, "table", 21;
}

/// The normalisation must still see real differences, or every test above would pass vacuously.
#[test]
fn normalisation_keeps_differences() {
    let base = r#"<p class="a b" id="x">Hello <b>world</b></p>"#;
    assert_eq!(
        normalise(base),
        normalise("<p id=\"x\"  class=\"b a\">\n  Hello\n  <b>world</b>\n</p>")
    );
    for other in [
        r#"<p class="a" id="x">Hello <b>world</b></p>"#,
        r#"<p class="a b" id="y">Hello <b>world</b></p>"#,
        r#"<p class="a b" id="x">Hello <i>world</i></p>"#,
        r#"<p class="a b" id="x">Hello <b>World</b></p>"#,
        r#"<p class="a b" id="x" hidden>Hello <b>world</b></p>"#,
        r#"<div class="a b" id="x">Hello <b>world</b></div>"#,
    ] {
        assert_ne!(normalise(base), normalise(other), "{other}");
    }
}

/// Components written into another askama template are not escaped twice, and text is escaped
/// once.
#[test]
fn components_nest_without_double_escaping() {
    #[derive(Template)]
    #[template(
        source = "<main>{{ tag }}{% for f in fields %}{{ f }}{% endfor %}</main>",
        ext = "html"
    )]
    struct Page {
        tag: imha_govuk::Tag,
        fields: Vec<imha_govuk::Input>,
    }
    let page = Page {
        tag: imha_govuk::Tag {
            text: Some("<New & open>".into()),
            ..Default::default()
        },
        fields: vec![imha_govuk::Input::new("a", "Fish & chips")],
    };
    let html = page.render().unwrap_or_default();
    assert!(
        html.contains(r#"<strong class="govuk-tag">&#60;New &#38; open&#62;</strong>"#)
            || html.contains(r#"<strong class="govuk-tag">&lt;New &amp; open&gt;</strong>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<label class="govuk-label" for="a">"#),
        "{html}"
    );
    assert!(
        html.contains("Fish &#38; chips") || html.contains("Fish &amp; chips"),
        "{html}"
    );
    assert!(
        !html.contains("&amp;lt;") && !html.contains("&#38;#") && !html.contains("&amp;amp;"),
        "{html}"
    );
}
