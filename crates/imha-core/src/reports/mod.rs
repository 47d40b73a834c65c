//! Commissioner and manager reports: what the service did for an area over a period, measured
//! against everyone who qualified (the opt-out feed), with small numbers suppressed before any
//! figure leaves the domain.
//!
//! Two layers, kept apart on purpose:
//! - [`Figures`] holds the raw counts for an area and a period (worked out by `compute`). It
//!   never leaves the process: tests check it against the synthetic data they built.
//! - [`Table`]s are what people see: every count passed through the [`Suppression`] rule, every
//!   rate worked out from the raw figures and withheld when either side is suppressed. The web
//!   pages, the charts, CSV, JSON (`imha report`) and the impact report all render tables, so the
//!   rule is applied in exactly one place.
//!
//! Nothing here identifies a patient: figures are counts, and no table has a row per person.

use serde::Serialize;

mod compute;
mod tables;

pub use compute::{
    DIMENSIONS, age_band, categories, compute, ethnic_group, gender_group, in_sql,
    legal_status_group,
};
pub use tables::{CSV_HEADER, tables, to_csv, write_csv};

/// Which organisations' figures: one local authority's area (the hospitals in its
/// `area_members`), or the whole service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Area {
    /// Every hospital the service covers, and referrals and cases with no hospital (people in
    /// the community) (managers only).
    Everywhere,
    /// The hospitals in this local authority's area (organisation id).
    LocalAuthority(String),
}

/// An area and a period (both days inclusive, UK dates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub area: Area,
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
}

/// The small-number rule for figures below national level. NHS England's mental health
/// statistics publications suppress counts of 1 to 7 and round other counts to the nearest 5;
/// totals are rounded from the raw figures, never summed from rounded ones (see
/// `../shared/design/engineering.md`, "Small numbers"). Configurable because a publication's
/// rule can change; the default is that rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// Counts from 1 up to and including this are suppressed (7).
    pub suppress_up_to: u64,
    /// Other counts are rounded to the nearest multiple of this (5); 1 means no rounding.
    pub round_to: u64,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression {
            suppress_up_to: 7,
            round_to: 5,
        }
    }
}

/// Where the rule comes from, shown beside every table and in every export.
pub const SUPPRESSION_SOURCE: &str = "NHS England, Mental Health Act Statistics and other \
    mental health statistics publications: counts of 1 to 7 are suppressed and shown as *, other \
    counts are rounded to the nearest 5, and rates are worked out from unrounded figures.";

/// A count as published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    /// A count that may be shown (0, or rounded under the rule).
    Value(u64),
    /// Suppressed: 1 to `suppress_up_to`. Rendered as `*`.
    #[serde(serialize_with = "star")]
    Suppressed,
}

fn star<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("*")
}

impl Suppression {
    /// Publish one raw count under the rule.
    pub fn count(&self, raw: u64) -> Shown {
        if raw == 0 {
            Shown::Value(0)
        } else if raw <= self.suppress_up_to {
            Shown::Suppressed
        } else {
            let step = self.round_to.max(1);
            // Round half up, as the publications do (12.5 is not possible: counts are whole).
            Shown::Value((raw + step / 2) / step * step)
        }
    }

    /// A percentage, from raw figures, to the nearest whole number; `None` (shown as `*`) when
    /// the numerator or the denominator would itself be suppressed, or the denominator is 0.
    pub fn rate(&self, numerator: u64, denominator: u64) -> Option<u64> {
        if denominator == 0
            || matches!(self.count(numerator), Shown::Suppressed)
            || matches!(self.count(denominator), Shown::Suppressed)
        {
            return None;
        }
        Some((numerator * 100 + denominator / 2) / denominator)
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Value(v) => write!(f, "{v}"),
            Shown::Suppressed => f.write_str("*"),
        }
    }
}

/// One published cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Cell {
    /// A count under the small-number rule.
    Count(Shown),
    /// A whole percentage, or `None` where withheld (shown as `*`).
    Percent(Option<u64>),
    /// A number of working days (a median), or `None` where withheld.
    Days(Option<f64>),
    /// Hours, to one decimal place (hours of advocacy are not counts of people).
    Hours(f64),
    /// Plain text (a national figure's source, say).
    Text(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Count(s) => write!(f, "{s}"),
            Cell::Percent(Some(p)) => write!(f, "{p}%"),
            Cell::Days(Some(d)) => write!(f, "{d:.1}"),
            Cell::Percent(None) | Cell::Days(None) => f.write_str("*"),
            Cell::Hours(h) => write!(f, "{h:.1}"),
            Cell::Text(t) => f.write_str(t),
        }
    }
}

/// One row: a label (a category, never a person) and its cells, one per column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Stable machine id of the row (e.g. `black`, `under-18`, `s3`), for CSV and JSON.
    pub id: String,
    /// What people read.
    pub label: String,
    pub cells: Vec<Cell>,
}

/// A published table: what every page, chart, CSV file and JSON document renders.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Stable machine id (e.g. `uptake`, `equality-ethnicity`), used in URLs and file names.
    pub id: String,
    /// The table's caption, plain English.
    pub title: String,
    /// One sentence saying what is counted and how (shown under the caption).
    pub description: String,
    /// Column headings, one per cell of each row (the row label's heading is `row_heading`).
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// The raw figures for an area and a period. Counts of people are distinct patients; "the
/// period" means from `Query::from` to `Query::to`, both inclusive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// From the opt-out feed: what happened to everyone who qualified.
    pub uptake: Uptake,
    /// Time from referral (opt-out: from the qualifying episode's start) to the first contact.
    pub response: Response,
    /// Referrals received in the period, by how they arrived (channel id, count).
    pub referrals_by_channel: Vec<(String, u64)>,
    /// Issues raised in the period, by kind (issue kind id): raised, and of those resolved and
    /// closed without resolution.
    pub issues: Vec<IssueFigures>,
    /// Outcome measures recorded in the period on closed cases (measure id such as
    /// `felt_heard`): answers yes, partly, no, not known.
    pub outcomes: Vec<OutcomeFigures>,
    /// Minutes of advocacy (contacts recorded in the period on the area's cases).
    pub minutes: u64,
    /// Cases open at any time in the period, instructed and non-instructed.
    pub cases_instructed: u64,
    pub cases_non_instructed: u64,
    /// Cases open in the period for patients whose home council (the one responsible for
    /// their after-care) is another council: placed into the area from elsewhere.
    pub out_of_area_in: u64,
    /// Cases open in the period, outside the area, for patients whose home council is this
    /// one: placed out of the area. Zero for `Area::Everywhere`.
    pub out_of_area_out: u64,
    /// Equality monitoring: for each dimension, each category's qualifying, seen and
    /// supported patients.
    pub equality: Vec<EqualityFigures>,
}

/// Qualifying patients and what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uptake {
    /// Patients with a qualifying episode (the engine's view at its start) at one of the
    /// area's hospitals, in force at some time in the period.
    pub qualifying: u64,
    /// Of those, patients with a referral (any channel) received in the period or open at its
    /// start.
    pub referred: u64,
    /// Of those, patients an advocate tried to see (any opt-out visit outcome, including
    /// "could not see", or a first contact).
    pub offered_visit: u64,
    /// Of those, patients an advocate saw (a first contact, or a visit outcome other than
    /// "could not see").
    pub seen: u64,
    /// Of those, patients who had an advocate: a case (instructed or non-instructed).
    pub accepted: u64,
}

/// Response times, in working days (England and Wales bank holidays).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// Working days to first contact, one per referral with a first contact in the period.
    pub working_days: Vec<u32>,
    /// The target in working days (the provider's visit target).
    pub target_working_days: u32,
    /// Referrals received in the period still without a first contact at its end.
    pub waiting: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IssueFigures {
    pub kind: String,
    pub raised: u64,
    pub resolved: u64,
    pub closed_unresolved: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomeFigures {
    pub measure: String,
    pub yes: u64,
    pub partly: u64,
    pub no: u64,
    pub not_known: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EqualityFigures {
    /// `ethnicity`, `age-band`, `gender`, `legal-status`, `cto`.
    pub dimension: String,
    /// (category id, qualifying, seen, supported), in display order.
    pub categories: Vec<(String, u64, u64, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_suppressed_from_1_to_7_and_rounded_to_5_above() {
        let s = Suppression::default();
        assert_eq!(s.count(0), Shown::Value(0));
        assert_eq!(s.count(1), Shown::Suppressed);
        assert_eq!(s.count(7), Shown::Suppressed);
        assert_eq!(s.count(8), Shown::Value(10));
        assert_eq!(s.count(12), Shown::Value(10));
        // Half-way rounds up.
        assert_eq!(s.count(13), Shown::Value(15));
        assert_eq!(s.count(15), Shown::Value(15));
        assert_eq!(s.count(17), Shown::Value(15));
        assert_eq!(s.count(18), Shown::Value(20));
        assert_eq!(s.count(1_002), Shown::Value(1_000));
        assert_eq!(s.count(1_003), Shown::Value(1_005));
    }

    #[test]
    fn another_rule_is_applied_as_configured() {
        let none = Suppression {
            suppress_up_to: 0,
            round_to: 1,
        };
        assert_eq!(none.count(1), Shown::Value(1));
        assert_eq!(none.count(13), Shown::Value(13));
        // A zero step is read as no rounding, never a division by zero.
        let zero = Suppression {
            suppress_up_to: 2,
            round_to: 0,
        };
        assert_eq!(zero.count(2), Shown::Suppressed);
        assert_eq!(zero.count(3), Shown::Value(3));
        let tens = Suppression {
            suppress_up_to: 9,
            round_to: 10,
        };
        assert_eq!(tens.count(9), Shown::Suppressed);
        assert_eq!(tens.count(14), Shown::Value(10));
        assert_eq!(tens.count(15), Shown::Value(20));
    }

    #[test]
    fn rates_come_from_raw_figures_and_are_withheld_with_either_side() {
        let s = Suppression::default();
        // 8 of 13 is 61.5%: from raw figures, not 10 of 15 (67%).
        assert_eq!(s.rate(8, 13), Some(62));
        assert_eq!(s.rate(7, 100), None);
        assert_eq!(s.rate(1, 100), None);
        assert_eq!(s.rate(100, 7), None);
        assert_eq!(s.rate(5, 0), None);
        assert_eq!(s.rate(0, 0), None);
        // Zero is shown, so a rate of zero is too.
        assert_eq!(s.rate(0, 50), Some(0));
        assert_eq!(s.rate(50, 50), Some(100));
        // Half a percent rounds up.
        assert_eq!(s.rate(1, 200), None);
        assert_eq!(s.rate(9, 200), Some(5));
        assert_eq!(s.rate(17, 200), Some(9));
    }

    #[test]
    fn shown_and_cells_render_as_published() {
        assert_eq!(Shown::Suppressed.to_string(), "*");
        assert_eq!(Shown::Value(15).to_string(), "15");
        assert_eq!(Cell::Percent(None).to_string(), "*");
        assert_eq!(Cell::Percent(Some(62)).to_string(), "62%");
        assert_eq!(Cell::Days(Some(2.5)).to_string(), "2.5");
        assert_eq!(Cell::Hours(12.26).to_string(), "12.3");
        assert_eq!(
            serde_json::to_string(&Cell::Count(Shown::Suppressed)).ok(),
            Some(r#"{"kind":"count","value":"*"}"#.to_string())
        );
        assert_eq!(
            serde_json::to_string(&Cell::Count(Shown::Value(10))).ok(),
            Some(r#"{"kind":"count","value":10}"#.to_string())
        );
    }
}
