//! Published tables as HTML (GOV.UK tables with caption and description), as CSV (cells
//! neutralised against spreadsheet formulas) and as charts; and the national figures as a
//! table. Pure functions of `&[Table]`: whatever computes the tables, these only show them.

use imha_core::audit::neutralise_cell;
use imha_core::content::national;
use imha_core::reports::{Cell, Row, SUPPRESSION_SOURCE, Shown, Table};

use super::svg::{self, Bar, Group};
use crate::staff::referrals::esc;

/// The uptake funnel's rows, in order (the table's `never-seen` row is not a step of it).
pub const FUNNEL: &[&str] = &[
    "qualifying",
    "referred",
    "offered-visit",
    "seen",
    "accepted",
];

/// The note shown under the tables and at the end of every CSV file.
pub fn suppression_note() -> String {
    format!("* means the figure is withheld: {SUPPRESSION_SOURCE}")
}

fn numeric(c: &Cell) -> bool {
    !matches!(c, Cell::Text(_))
}

/// The id used for a table's element and its description (`table-<id>`), made safe for an
/// HTML id whatever the table id holds.
pub fn anchor(t: &Table) -> String {
    let id: String =
        t.id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
    format!("table-{id}")
}

/// One table as GOV.UK markup: its description (which the table is described by), then the
/// table with its caption, a header row and a row header for each category.
pub fn table_html(t: &Table) -> String {
    table_html_captioned(t, &t.title, "govuk-table__caption--m")
}

/// [`table_html`] with another caption (the report page's sections have the title as their
/// heading, and caption the table as the figures beside the chart).
fn table_html_captioned(t: &Table, caption: &str, size: &str) -> String {
    let a = anchor(t);
    let mut out = format!(
        "<p class=\"govuk-body\" id=\"{a}-desc\">{}</p>\
         <table class=\"govuk-table\" id=\"{a}\" aria-describedby=\"{a}-desc\">\
         <caption class=\"govuk-table__caption {size}\">{}</caption>\
         <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">\
         <th scope=\"col\" class=\"govuk-table__header\">{}</th>",
        esc(&t.description),
        esc(caption),
        esc(&t.row_heading)
    );
    let first = t.rows.first();
    for (i, c) in t.columns.iter().enumerate() {
        let num = first.and_then(|r| r.cells.get(i)).is_none_or(numeric);
        out.push_str(&format!(
            "<th scope=\"col\" class=\"govuk-table__header{}\">{}</th>",
            if num {
                " govuk-table__header--numeric"
            } else {
                ""
            },
            esc(c)
        ));
    }
    out.push_str("</tr></thead><tbody class=\"govuk-table__body\">");
    for r in &t.rows {
        out.push_str(&format!(
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>",
            esc(&r.label)
        ));
        for c in &r.cells {
            out.push_str(&format!(
                "<td class=\"govuk-table__cell{}\">{}</td>",
                if numeric(c) {
                    " govuk-table__cell--numeric"
                } else {
                    ""
                },
                esc(&c.to_string())
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// One CSV line (RFC 4180 quoting by the `csv` crate, CRLF), every cell neutralised against
/// formulas.
fn csv_line(out: &mut String, cells: &[String]) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; the bytes are the cells' own UTF-8 and punctuation.
    if w.write_record(cells.iter().map(|c| neutralise_cell(c).into_owned()))
        .is_ok()
        && let Ok(bytes) = w.into_inner()
    {
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
}

fn note_lines(out: &mut String, width: usize) {
    let mut note = vec!["Note".to_string(), suppression_note()];
    note.resize(width.max(2), String::new());
    csv_line(out, &vec![String::new(); width.max(2)]);
    csv_line(out, &note);
}

/// One table as CSV: a header row (the row heading and the columns), a row a category, then
/// the small-number note.
pub fn table_csv(t: &Table) -> String {
    let mut out = String::new();
    let mut head = vec![t.row_heading.clone()];
    head.extend(t.columns.iter().cloned());
    csv_line(&mut out, &head);
    for r in &t.rows {
        let mut line = vec![r.label.clone()];
        line.extend(r.cells.iter().map(Cell::to_string));
        csv_line(&mut out, &line);
    }
    note_lines(&mut out, head.len());
    out
}

/// The column whose heading contains every one of `words` (case-insensitive).
fn column(t: &Table, words: &[&str]) -> Option<usize> {
    t.columns.iter().position(|c| {
        let c = c.to_lowercase();
        words.iter().all(|w| c.contains(w))
    })
}

fn cell_value(c: Option<&Cell>) -> (Option<f64>, String) {
    match c {
        Some(Cell::Count(Shown::Value(v))) => (Some(*v as f64), v.to_string()),
        Some(Cell::Count(Shown::Suppressed)) | None => (None, "*".into()),
        Some(Cell::Percent(Some(p))) => (Some(*p as f64), format!("{p}%")),
        Some(Cell::Percent(None)) | Some(Cell::Days(None)) => (None, "*".into()),
        Some(Cell::Days(Some(d))) => (Some(*d), format!("{d:.1}")),
        Some(Cell::Hours(h)) => (Some(*h), format!("{h:.1}")),
        Some(Cell::Text(t)) => (None, t.clone()),
    }
}

fn row<'a>(t: &'a Table, id: &str) -> Option<&'a Row> {
    t.rows.iter().find(|r| r.id == id)
}

/// The uptake funnel (qualifying, referred, offered a visit, seen, accepted) as a horizontal
/// bar chart of the counts; `None` when the table has none of its rows.
pub fn uptake_chart(t: &Table) -> Option<String> {
    let col = column(t, &["count"]).unwrap_or(0);
    let bars: Vec<Bar> = FUNNEL
        .iter()
        .filter_map(|id| row(t, id))
        .map(|r| {
            let (value, text) = cell_value(r.cells.get(col));
            Bar {
                label: r.label.clone(),
                value,
                text,
            }
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let desc = format!(
        "Bar chart of how many qualifying patients reached each step: {}. A star means the \
         number is withheld. The same figures are in the table below.",
        bars.iter()
            .map(|b| format!("{} {}", b.label, b.text))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Some(svg::horizontal_bars(
        &format!("{}-chart", anchor(t)),
        &format!("{}: from qualifying to accepted", t.title),
        &desc,
        &bars,
    ))
}

/// An equality table as a grouped bar chart: for each group, the share of its qualifying
/// patients who were seen and who were supported (0 to 100%); `None` when the table has no
/// share columns.
pub fn equality_chart(t: &Table) -> Option<String> {
    let seen = column(t, &["share", "seen"])?;
    let supported = column(t, &["share", "supported"])?;
    if t.rows.is_empty() {
        return None;
    }
    let groups: Vec<Group> = t
        .rows
        .iter()
        .map(|r| {
            let bar = |name: &str, i: usize| {
                let (value, text) = cell_value(r.cells.get(i));
                Bar {
                    label: name.to_string(),
                    value,
                    text,
                }
            };
            Group {
                label: r.label.clone(),
                bars: vec![bar("Seen", seen), bar("Supported", supported)],
            }
        })
        .collect();
    let desc = format!(
        "Bar chart of the share of each group's qualifying patients who were seen and who were \
         supported: {}. A star means the figure is withheld. The same figures are in the table \
         below.",
        groups
            .iter()
            .map(|g| format!(
                "{}: seen {}, supported {}",
                g.label, g.bars[0].text, g.bars[1].text
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Some(svg::grouped_bars(
        &format!("{}-chart", anchor(t)),
        &format!("{}: share seen and supported", t.title),
        &desc,
        &groups,
        100.0,
    ))
}

/// A chart in two thirds of the page (so its text is drawn near its own size), with room
/// under it.
pub fn chart_html(chart: &str) -> String {
    format!(
        "<div class=\"govuk-grid-row govuk-!-margin-bottom-4\">\
         <div class=\"govuk-grid-column-two-thirds\">{chart}</div></div>"
    )
}

/// The chart for a table, if it has one (the uptake funnel and every equality table).
pub fn chart_for(t: &Table) -> Option<String> {
    if t.id == "uptake" {
        uptake_chart(t)
    } else if t.id.starts_with("equality-") {
        equality_chart(t)
    } else {
        None
    }
}

/// One table's section of the report page: the chart (if any) in a figure, the table, and
/// the link to its CSV file.
pub fn section_html(t: &Table, csv_query: &str) -> String {
    let mut out = format!(
        "<section class=\"app-report-table\" aria-labelledby=\"{}-caption\">",
        anchor(t)
    );
    // The section is named by the table's title (a visually plain heading for navigation).
    out.push_str(&format!(
        "<h2 class=\"govuk-heading-m\" id=\"{}-caption\">{}</h2>",
        anchor(t),
        esc(&t.title)
    ));
    if let Some(chart) = chart_for(t) {
        out.push_str(&chart_html(&chart));
    }
    out.push_str(&table_html_captioned(
        t,
        &format!("{}: the figures", t.title),
        "govuk-table__caption--s",
    ));
    out.push_str(&format!(
        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/staff/reports/{}.csv?{}\" \
         download>Download this table (CSV)<span class=\"govuk-visually-hidden\">: {}</span></a></p>",
        esc(&t.id),
        esc(csv_query),
        esc(&t.title)
    ));
    out.push_str("</section>");
    out
}

/// The national figures as a published table (text cells, each with its source).
pub fn national_table() -> Table {
    Table {
        id: "national-context".into(),
        title: "National context: England".into(),
        description: "The latest published national figures, for comparison. They are not \
                      this service's figures and are not subject to its small-number rule."
            .into(),
        row_heading: "Figure".into(),
        columns: vec!["Year".into(), "Value".into(), "Source".into()],
        rows: national::figures()
            .iter()
            .map(|f| Row {
                id: f.id.clone(),
                label: f.label.clone(),
                cells: vec![
                    Cell::Text(f.period.clone()),
                    Cell::Text(f.value.clone()),
                    Cell::Text(format!("{} ({})", f.source, f.edition)),
                ],
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub(crate) mod tests {
    use super::*;

    fn count(v: u64) -> Cell {
        Cell::Count(Shown::Value(v))
    }

    /// An uptake table as the core builds it (hand-made).
    pub fn uptake() -> Table {
        let r = |id: &str, label: &str, c: Cell, p: Option<u64>| Row {
            id: id.into(),
            label: label.into(),
            cells: vec![c, Cell::Percent(p)],
        };
        Table {
            id: "uptake".into(),
            title: "Uptake".into(),
            description: "Patients who qualified for an IMHA and what happened.".into(),
            row_heading: "Step".into(),
            columns: vec!["Count".into(), "Share of qualifying".into()],
            rows: vec![
                r("qualifying", "Qualifying", count(200), Some(100)),
                r("referred", "Referred", count(150), Some(75)),
                r("offered-visit", "Offered a visit", count(100), Some(50)),
                r("seen", "Seen", count(50), Some(25)),
                r("accepted", "Accepted", Cell::Count(Shown::Suppressed), None),
                r("never-seen", "Never seen", count(150), Some(75)),
            ],
        }
    }

    pub fn ethnicity() -> Table {
        let r = |id: &str, label: &str, cells: Vec<Cell>| Row {
            id: id.into(),
            label: label.into(),
            cells,
        };
        Table {
            id: "equality-ethnicity".into(),
            title: "Ethnicity".into(),
            description: "Qualifying patients beside those seen and supported.".into(),
            row_heading: "Ethnic group".into(),
            columns: vec![
                "Qualifying".into(),
                "Seen".into(),
                "Supported".into(),
                "Share seen".into(),
                "Share supported".into(),
            ],
            rows: vec![
                r(
                    "black",
                    "Black, Black British, Caribbean or African",
                    vec![
                        count(40),
                        count(20),
                        count(10),
                        Cell::Percent(Some(50)),
                        Cell::Percent(Some(25)),
                    ],
                ),
                r(
                    "mixed",
                    "Mixed or multiple ethnic groups",
                    vec![
                        Cell::Count(Shown::Suppressed),
                        Cell::Count(Shown::Suppressed),
                        count(0),
                        Cell::Percent(None),
                        Cell::Percent(None),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn a_table_has_its_caption_description_headers_and_cells() {
        let html = table_html(&uptake());
        assert!(html.contains(
            "<caption class=\"govuk-table__caption govuk-table__caption--m\">Uptake</caption>"
        ));
        assert!(html.contains("id=\"table-uptake-desc\">Patients who qualified"));
        assert!(html.contains("aria-describedby=\"table-uptake-desc\""));
        assert!(html.contains("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Share of qualifying</th>"));
        assert!(
            html.contains("<th scope=\"row\" class=\"govuk-table__header\">Offered a visit</th>")
        );
        assert!(
            html.contains("<td class=\"govuk-table__cell govuk-table__cell--numeric\">75%</td>")
        );
        assert!(html.contains("<td class=\"govuk-table__cell govuk-table__cell--numeric\">*</td>"));
    }

    #[test]
    fn csv_has_a_header_a_row_a_category_and_the_note_and_neutralises_formulas() {
        let mut t = uptake();
        t.rows[0].label = "=HYPERLINK(\"http://x\")".into();
        let csv = table_csv(&t);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Step,Count,Share of qualifying");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",200,100%");
        assert_eq!(lines[5], "Accepted,*,*");
        assert!(
            lines[8].starts_with("Note,\"* means the figure is withheld: NHS England"),
            "{csv}"
        );
    }

    #[test]
    fn the_uptake_chart_is_the_funnel_without_never_seen() {
        let svg = uptake_chart(&uptake()).unwrap();
        assert!(svg.contains(">Qualifying</text>"));
        assert!(svg.contains(">Offered a visit</text>"));
        assert!(!svg.contains("Never seen"));
        // Four bars (accepted is suppressed: no bar, a star).
        assert_eq!(svg.matches("<rect ").count(), 4);
        assert!(svg.contains(">*</text>"));
        assert!(
            svg.contains("Qualifying 200, Referred 150, Offered a visit 100, Seen 50, Accepted *")
        );
        assert!(chart_for(&uptake()).is_some());
    }

    #[test]
    fn the_equality_chart_shows_shares_seen_and_supported_by_group() {
        let svg = equality_chart(&ethnicity()).unwrap();
        assert!(svg.contains(">Black, Black British, Caribbean or African</text>"));
        assert!(svg.contains(">Seen: 50%</text>"));
        assert!(svg.contains(">Supported: 25%</text>"));
        assert!(svg.contains(">Seen: *</text>"));
        assert_eq!(svg.matches("<rect ").count(), 2);
        // A table without share columns has no chart.
        assert!(equality_chart(&uptake()).is_none());
        let mut other = uptake();
        other.id = "issues".into();
        assert!(chart_for(&other).is_none());
    }

    #[test]
    fn a_section_links_to_its_csv() {
        let html = section_html(&ethnicity(), "area=all&from=2025-04-01&to=2026-03-31");
        assert!(html.contains("href=\"/staff/reports/equality-ethnicity.csv?area=all&#38;from=2025-04-01&#38;to=2026-03-31\""));
        assert!(html.contains("role=\"img\""));
    }

    #[test]
    fn the_national_table_has_every_figure_with_its_source() {
        let t = national_table();
        assert_eq!(t.rows.len(), national::figures().len());
        for r in &t.rows {
            assert!(r.cells[2].to_string().contains("NHS England"));
        }
        let html = table_html(&t);
        assert!(html.contains("51,312"));
        assert!(html.contains("Mental Health Act Statistics, Annual Figures"));
    }
}
