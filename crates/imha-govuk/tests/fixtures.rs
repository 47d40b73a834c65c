//! Conformance of imha-govuk's components with govuk-frontend's own fixtures: each fixture's
//! parameters are deserialised into our struct, rendered, and compared with the fixture's HTML
//! after DOM normalisation (attribute order, class order and whitespace aside).

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
    back_link: imha_govuk::BackLink, "back-link", 1;
    button: imha_govuk::Button, "button", 1;
    details: imha_govuk::Details, "details", 1;
    error_message: imha_govuk::ErrorMessage, "error-message", 1;
    fieldset: imha_govuk::Fieldset, "fieldset", 1;
    hint: imha_govuk::Hint, "hint", 1;
    input: imha_govuk::Input, "input", 1;
    inset_text: imha_govuk::InsetText, "inset-text", 1;
    label: imha_govuk::Label, "label", 1;
    notification_banner: imha_govuk::NotificationBanner, "notification-banner", 1;
    panel: imha_govuk::Panel, "panel", 1;
    phase_banner: imha_govuk::PhaseBanner, "phase-banner", 1;
    select: imha_govuk::Select, "select", 1;
    skip_link: imha_govuk::SkipLink, "skip-link", 1;
    tag: imha_govuk::Tag, "tag", 1;
    textarea: imha_govuk::Textarea, "textarea", 1;
    warning_text: imha_govuk::WarningText, "warning-text", 1;
}

conformance! {
    radios: imha_govuk::Radios, "radios", 1;
    checkboxes: imha_govuk::Checkboxes, "checkboxes", 1;
}
