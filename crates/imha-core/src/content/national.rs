//! National context (`content/national.yaml`, embedded at compile time): the latest published
//! figures for England (detentions, new community treatment orders, under-18 detentions, and
//! the rates for Black people compared with White people), each with its source and edition.
//! The reports and the annual impact report show them beside local figures, clearly labelled;
//! they are never added to or compared arithmetically with the service's own counts.

use std::sync::LazyLock;

use serde::Deserialize;

use super::ContentError;

/// The data file, embedded.
pub const SOURCE: &str = include_str!("../../../../content/national.yaml");

/// One published national figure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalFigure {
    pub id: String,
    /// What is counted, in plain English.
    pub label: String,
    /// The financial year, e.g. `2023-24`.
    pub period: String,
    /// The figure as published (in words where the publication rounds: "just over 52,000").
    pub value: String,
    /// Who published it (and who reported it).
    pub source: String,
    /// Which edition of the publication.
    pub edition: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    figures: Vec<NationalFigure>,
}

static FIGURES: LazyLock<Result<Vec<NationalFigure>, ContentError>> =
    LazyLock::new(|| parse(SOURCE));

/// Every national figure, in file order (empty only if the file is broken, which [`check`]
/// reports and the tests forbid).
pub fn figures() -> &'static [NationalFigure] {
    match &*FIGURES {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "the national figures could not be read");
            &[]
        }
    }
}

/// Whether the embedded file parsed and passed its checks.
pub fn check() -> Result<(), ContentError> {
    match &*FIGURES {
        Ok(_) => Ok(()),
        Err(e) => Err(e.clone()),
    }
}

/// Parse and check a national figures file: unique ids, and every field filled in (a figure
/// without its source or edition must never be shown).
pub fn parse(text: &str) -> Result<Vec<NationalFigure>, ContentError> {
    let err = |problem: String| ContentError {
        file: "content/national.yaml".into(),
        problem,
    };
    let file: File = serde_saphyr::from_str(text).map_err(|e| err(e.to_string()))?;
    let mut seen = std::collections::HashSet::new();
    for f in &file.figures {
        if !seen.insert(f.id.as_str()) {
            return Err(err(format!("{}: id appears twice", f.id)));
        }
        for (name, value) in [
            ("id", &f.id),
            ("label", &f.label),
            ("period", &f.period),
            ("value", &f.value),
            ("source", &f.source),
            ("edition", &f.edition),
        ] {
            if value.trim().is_empty() {
                return Err(err(format!("{}: {name} must not be empty", f.id)));
            }
        }
        let year_ok = f.period.len() == 7
            && f.period.as_bytes()[4] == b'-'
            && f.period[..4].bytes().all(|b| b.is_ascii_digit())
            && f.period[5..].bytes().all(|b| b.is_ascii_digit());
        if !year_ok {
            return Err(err(format!(
                "{}: period must be a financial year such as 2023-24",
                f.id
            )));
        }
    }
    if file.figures.is_empty() {
        return Err(err("no figures".into()));
    }
    Ok(file.figures)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_and_every_figure_has_a_source_and_edition() {
        check().unwrap();
        let all = figures();
        assert!(all.len() >= 9, "{all:?}");
        for f in all {
            assert!(f.source.contains("NHS England"), "{f:?}");
            assert!(f.source.contains("Mental Health Act Statistics"), "{f:?}");
            assert!(f.edition.contains(&f.period), "{f:?}");
        }
        let value = |id: &str| {
            all.iter()
                .find(|f| f.id == id)
                .map(|f| f.value.as_str())
                .unwrap()
        };
        // The figures of design/practice.md, "Numbers for sizing".
        assert_eq!(value("detentions-2022-23"), "51,312");
        assert_eq!(value("detentions-2023-24"), "52,458");
        assert_eq!(value("ctos-2024-25"), "6,575");
        assert_eq!(value("under-18-detentions-2023-24"), "963");
        assert!(value("black-white-detention-ratio").contains('4'));
        assert!(value("black-white-cto-ratio").contains("8.5"));
    }

    #[test]
    fn a_figure_without_a_source_or_with_a_bad_year_is_refused() {
        let one = |source: &str, period: &str| {
            format!(
                "figures:\n  - id: a\n    label: L\n    period: \"{period}\"\n    value: \"1\"\n    \
                 source: \"{source}\"\n    edition: E\n"
            )
        };
        assert!(parse(&one("NHS England", "2023-24")).is_ok());
        let e = parse(&one("", "2023-24")).unwrap_err();
        assert!(e.problem.contains("source must not be empty"), "{e}");
        let e = parse(&one("NHS England", "2023")).unwrap_err();
        assert!(e.problem.contains("financial year"), "{e}");
        let twice = format!("{}{}", one("S", "2023-24"), &one("S", "2023-24")[9..]);
        assert!(parse(&twice).unwrap_err().problem.contains("twice"));
        assert!(parse("figures: []\n").is_err());
        assert!(parse("figures:\n  - id: a\n    unknown: 1\n").is_err());
    }
}
