//! The annual impact report (issue 9 point 6): for an area and a financial year
//! (`/staff/reports/impact?area=..&year=2026` is 1 April 2025 to 31 March 2026), the headline
//! figures (qualifying, saw an advocate, never saw one, uptake), uptake over the last three
//! years, issues, outcomes and equality, the national context, and the stories patients agreed
//! to share (`imha_core::stories`: their words and the kinds of issue, never a name, a date of
//! birth, a hospital or a date more precise than the year). As print-ready HTML and as a
//! tagged PDF (`impact.pdf`, made by `imha_pdf` like the rights letter).
//!
//! The same area rules as the reports. Because the stories are patients' own words, the HTML
//! report is audited as `record-viewed` and the PDF as `record-exported`, on
//! ("impact-report", the area).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use imha_core::accounts::Session;
use imha_core::audit::{self, Action, NewEntry};
use imha_core::reports::{self, Cell, Suppression, Table};
use imha_core::stories::{self, Story};
use imha_pdf::{Block, Document, Inline};
use jiff::civil::Date;

use super::{
    AreaProblem, Chosen, choose_area, day, financial_year, financial_year_words,
    last_financial_year_end, read_failed, render, source, target,
};
use crate::AppState;
use crate::forms::field;
use crate::pages::Layout;
use crate::staff::referrals::esc;

/// The tables the impact report shows besides the headline (in this order, when present).
const SHOWN: &[&str] = &["issues", "outcomes", "advocacy"];

/// Everything in an impact report.
pub struct Impact {
    pub area_name: String,
    pub year_end: i16,
    pub from: Date,
    pub to: Date,
    /// (what, figure): qualifying, saw an advocate, never saw one, uptake. Empty without
    /// figures.
    pub headline: Vec<(String, String)>,
    /// (financial year, uptake) for each year with figures, oldest first.
    pub trend: Vec<(String, String)>,
    /// Issues, outcomes, advocacy and the equality tables.
    pub tables: Vec<Table>,
    pub stories: Vec<Story>,
    pub national: Table,
}

fn find<'a>(tables: &'a [Table], id: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.id == id)
}

/// The cell of `row` in the column whose heading contains `word` (case-insensitive), or the
/// first.
fn cell(t: &Table, row: &str, word: &str) -> Option<String> {
    let col = t
        .columns
        .iter()
        .position(|c| c.to_lowercase().contains(word))
        .unwrap_or(0);
    t.rows
        .iter()
        .find(|r| r.id == row)
        .and_then(|r| r.cells.get(col))
        .map(Cell::to_string)
}

/// The headline figures, from the uptake table.
pub fn headline(tables: &[Table]) -> Vec<(String, String)> {
    let Some(u) = find(tables, "uptake") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row, label) in [
        ("qualifying", "Patients who qualified for an IMHA"),
        ("seen", "Saw an advocate"),
        ("never-seen", "Never saw an advocate"),
    ] {
        if let Some(v) = cell(u, row, "count") {
            out.push((label.to_string(), v));
        }
    }
    if let Some(v) = cell(u, "seen", "share") {
        out.push((
            "Uptake (the share of qualifying patients who saw an advocate)".to_string(),
            v,
        ));
    }
    out
}

/// Uptake for one year's tables (the share of qualifying patients seen), if it has figures.
pub fn uptake(tables: &[Table]) -> Option<String> {
    find(tables, "uptake").and_then(|u| cell(u, "seen", "share"))
}

/// The report from the year's tables, the earlier years' uptake and the stories.
pub fn assemble(
    area_name: &str,
    year_end: i16,
    (from, to): (Date, Date),
    tables: &[Table],
    trend: Vec<(String, String)>,
    stories: Vec<Story>,
) -> Impact {
    let mut shown: Vec<Table> = SHOWN
        .iter()
        .filter_map(|id| find(tables, id).cloned())
        .collect();
    shown.extend(
        tables
            .iter()
            .filter(|t| t.id.starts_with("equality-"))
            .cloned(),
    );
    Impact {
        area_name: area_name.to_string(),
        year_end,
        from,
        to,
        headline: headline(tables),
        trend,
        tables: shown,
        stories,
        national: render::national_table(),
    }
}

impl Impact {
    pub fn title(&self) -> String {
        format!(
            "Annual impact report: {}, {}",
            self.area_name,
            financial_year_words(self.year_end)
        )
    }

    fn period(&self) -> String {
        format!(
            "The financial year from {} to {}.",
            day(self.from),
            day(self.to)
        )
    }
}

fn story_issues(s: &Story) -> String {
    if s.issue_kinds.is_empty() {
        "Not recorded".to_string()
    } else {
        s.issue_kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

const ABOUT: &str = "Figures are counts of people who qualified for an independent mental \
    health advocate at the hospitals in the area, and what the advocacy service did for them. \
    No patient is named or can be identified.";
const NO_FIGURES: &str = "No figures for this area and period.";

/// The report as HTML for the page (the H1 is the template's): tables with their charts,
/// stories as quotes.
pub fn body_html(r: &Impact) -> String {
    let mut out = format!(
        "<p class=\"govuk-body-l\">{}</p><p class=\"govuk-body\">{}</p>",
        esc(&r.period()),
        esc(ABOUT)
    );
    out.push_str("<h2 class=\"govuk-heading-m\">Headline figures</h2>");
    if r.headline.is_empty() {
        out.push_str(&format!(
            "<div class=\"govuk-inset-text\">{NO_FIGURES}</div>"
        ));
    } else {
        out.push_str("<dl class=\"govuk-summary-list\">");
        for (k, v) in &r.headline {
            out.push_str(&format!(
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
                 <dd class=\"govuk-summary-list__value\">{}</dd></div>",
                esc(k),
                esc(v)
            ));
        }
        out.push_str("</dl>");
    }
    out.push_str("<h2 class=\"govuk-heading-m\">Uptake over the last three years</h2>");
    if r.trend.is_empty() {
        out.push_str(&format!(
            "<div class=\"govuk-inset-text\">{NO_FIGURES}</div>"
        ));
    } else {
        // The chart on a fixed 0 to 100% scale (so a year's bar is its share, not its size
        // beside the others), with the table below it; a withheld year has no bar and a `*`.
        let groups: Vec<super::svg::Group> = r
            .trend
            .iter()
            .map(|(y, u)| super::svg::Group {
                label: y.clone(),
                bars: vec![super::svg::Bar {
                    label: "Uptake".into(),
                    value: u.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()),
                    text: u.clone(),
                }],
            })
            .collect();
        out.push_str(&super::svg::grouped_bars(
            "impact-trend",
            "Uptake by financial year",
            "The share of qualifying patients who saw an advocate in each of the last three \
             financial years, from 0% to 100%. The same figures are in the table below.",
            &groups,
            100.0,
        ));
        out.push_str(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">\
             The share of qualifying patients who saw an advocate, by financial year</caption>\
             <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">\
             <th scope=\"col\" class=\"govuk-table__header\">Financial year</th>\
             <th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Uptake</th>\
             </tr></thead><tbody class=\"govuk-table__body\">",
        );
        for (y, u) in &r.trend {
            out.push_str(&format!(
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>\
                 <td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td></tr>",
                esc(y),
                esc(u)
            ));
        }
        out.push_str("</tbody></table>");
    }
    for t in &r.tables {
        out.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">{}</h2>",
            esc(&t.title)
        ));
        if let Some(chart) = render::chart_for(t) {
            out.push_str(&render::chart_html(&chart));
        }
        out.push_str(&render::table_html(t));
    }
    if !r.headline.is_empty() || !r.tables.is_empty() {
        out.push_str(&format!(
            "<p class=\"govuk-body\">{}</p>",
            esc(&render::suppression_note())
        ));
    }
    out.push_str("<h2 class=\"govuk-heading-m\">In patients' own words</h2>");
    if r.stories.is_empty() {
        out.push_str(
            "<p class=\"govuk-body\">No patient who finished working with an advocate this \
             year has agreed to share their story.</p>",
        );
    } else {
        out.push_str(
            "<p class=\"govuk-body\">Patients who agreed to share their story, in their own \
             words. Names and details that could identify them are left out.</p>",
        );
        for s in &r.stories {
            out.push_str(&format!(
                "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">“{}”</p>\
                 <p class=\"govuk-body-s govuk-!-margin-bottom-0\">What the advocate helped \
                 with: {}. {}.</p></div>",
                esc(&s.words),
                esc(&story_issues(s)),
                s.year
            ));
        }
    }
    out.push_str("<h2 class=\"govuk-heading-m\">National context</h2>");
    out.push_str(&render::table_html(&r.national));
    out
}

fn p(s: impl Into<String>) -> Block {
    Block::Paragraph(vec![Inline::text(s)])
}

fn h(level: u8, s: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: s.into(),
    }
}

/// A table as a list, a row an item ("Label: column value; column value").
fn table_blocks(t: &Table, b: &mut Vec<Block>) {
    b.push(h(2, t.title.clone()));
    b.push(p(t.description.clone()));
    b.push(Block::List(
        t.rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = t
                    .columns
                    .iter()
                    .zip(&r.cells)
                    .map(|(c, v)| format!("{c} {v}"))
                    .collect();
                vec![
                    Inline::strong(format!("{}:", r.label)),
                    Inline::text(format!(" {}", cells.join("; "))),
                ]
            })
            .collect(),
    ));
}

/// The report as a PDF document (tables as lists: the PDF model has no tables).
pub fn document(r: &Impact) -> Document {
    let mut b = vec![h(1, r.title()), p(r.period()), p(ABOUT)];
    b.push(h(2, "Headline figures"));
    if r.headline.is_empty() {
        b.push(p(NO_FIGURES));
    } else {
        b.push(Block::List(
            r.headline
                .iter()
                .map(|(k, v)| {
                    vec![
                        Inline::strong(format!("{k}:")),
                        Inline::text(format!(" {v}")),
                    ]
                })
                .collect(),
        ));
    }
    b.push(h(2, "Uptake over the last three years"));
    if r.trend.is_empty() {
        b.push(p(NO_FIGURES));
    } else {
        b.push(Block::List(
            r.trend
                .iter()
                .map(|(y, u)| vec![Inline::text(format!("{y}: {u}"))])
                .collect(),
        ));
    }
    for t in &r.tables {
        table_blocks(t, &mut b);
    }
    if !r.headline.is_empty() || !r.tables.is_empty() {
        b.push(p(render::suppression_note()));
    }
    b.push(h(2, "In patients' own words"));
    if r.stories.is_empty() {
        b.push(p(
            "No patient who finished working with an advocate this year has agreed to share \
             their story.",
        ));
    } else {
        for s in &r.stories {
            b.push(p(format!("“{}”", s.words)));
            b.push(p(format!(
                "What the advocate helped with: {}. {}.",
                story_issues(s),
                s.year
            )));
        }
    }
    b.push(h(2, "National context"));
    b.push(Block::List(
        r.national
            .rows
            .iter()
            .map(|row| {
                let c: Vec<String> = row.cells.iter().map(Cell::to_string).collect();
                vec![Inline::text(format!(
                    "{} ({}): {}. Source: {}.",
                    row.label,
                    c.first().cloned().unwrap_or_default(),
                    c.get(1).cloned().unwrap_or_default(),
                    c.get(2).cloned().unwrap_or_default()
                ))]
            })
            .collect(),
    ));
    Document {
        title: r.title(),
        lang: "en-GB".into(),
        large_print: false,
        blocks: b,
    }
}

/// The financial year asked for (`year`: the year it ends), or the last complete one.
fn read_year(fields: &HashMap<String, String>, today: Date) -> Option<i16> {
    match field(fields, "year") {
        None => Some(last_financial_year_end(today)),
        Some(y) => y
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=today.year() + 1).contains(y)),
    }
}

async fn build(
    state: &AppState,
    session: &Session,
    fields: &HashMap<String, String>,
) -> Result<(Impact, Chosen), Response> {
    let chosen = match choose_area(state, session, fields).await {
        Ok(c) => c,
        Err(AreaProblem::Forbidden) => return Err(crate::staff::forbidden(state, Some(session))),
        Err(AreaProblem::Storage(e)) => return Err(read_failed(e)),
        Err(AreaProblem::Invalid(..)) => return Err(crate::error::not_found_page()),
    };
    let today = crate::pages::rights::today(state);
    let year = read_year(fields, today).ok_or_else(crate::error::not_found_page)?;
    let (from, to) = financial_year(year).ok_or_else(crate::error::not_found_page)?;
    let suppression = Suppression::default();
    let mut tables = Vec::new();
    let mut trend = Vec::new();
    for y in (year - 2)..=year {
        let Some((f, t)) = financial_year(y) else {
            continue;
        };
        let q = reports::Query {
            area: chosen.area.clone(),
            from: f,
            to: t,
        };
        let ts = source::tables(&state.db, &q, target(state), &suppression)
            .await
            .map_err(read_failed)?;
        if let Some(u) = uptake(&ts) {
            trend.push((financial_year_words(y), u));
        }
        if y == year {
            tables = ts;
        }
    }
    let stories = stories::shared(&state.db, &chosen.area, from, to)
        .await
        .map_err(read_failed)?;
    Ok((
        assemble(&chosen.name, year, (from, to), &tables, trend, stories),
        chosen,
    ))
}

#[allow(clippy::too_many_arguments)]
async fn audit_report(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    peer: std::net::SocketAddr,
    chosen: &Chosen,
    r: &Impact,
    action: Action,
    format: &str,
) -> Result<(), Response> {
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), action)
            .on_record("impact-report", chosen.param())
            .from_client(crate::staff::client_addr(headers, Some(peer)))
            .with_detail(format!(
                "impact-report year={} format={format} stories={}",
                r.year_end,
                r.stories.len()
            )),
    )
    .await
    .map(|_| ())
    .map_err(read_failed)
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/reports/impact.html")]
struct ImpactPage {
    layout: Layout,
    title: String,
    pdf_href: String,
    back_href: String,
    body: String,
}

fn query(chosen: &Chosen, year: i16) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("area", &chosen.param())
        .append_pair("year", &year.to_string())
        .finish()
}

/// `GET /staff/reports/impact?area=..&year=..`: the report as a page.
pub async fn impact_page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Query(fields): Query<HashMap<String, String>>,
) -> Result<Response, Response> {
    let (r, chosen) = build(&state, &session, &fields).await?;
    audit_report(
        &state,
        &session,
        &headers,
        peer,
        &chosen,
        &r,
        Action::RecordViewed,
        "html",
    )
    .await?;
    let back = super::query_string(&chosen, r.from, r.to);
    Ok(ImpactPage {
        layout: Layout::staff(&state, r.title(), super::PATH, Some(&session)),
        title: r.title(),
        pdf_href: format!("/staff/reports/impact.pdf?{}", query(&chosen, r.year_end)),
        back_href: format!("{}?{back}", super::PATH),
        body: body_html(&r),
    }
    .into_response())
}

/// `GET /staff/reports/impact.pdf?area=..&year=..`: the report as a tagged PDF.
pub async fn impact_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Query(fields): Query<HashMap<String, String>>,
) -> Result<Response, Response> {
    let (r, chosen) = build(&state, &session, &fields).await?;
    let bytes = imha_pdf::render(&document(&r)).map_err(|e| {
        tracing::error!(error = %e, "the impact report PDF could not be made");
        crate::error::unavailable_page()
    })?;
    audit_report(
        &state,
        &session,
        &headers,
        peer,
        &chosen,
        &r,
        Action::RecordExported,
        "pdf",
    )
    .await?;
    let filename = format!(
        "impact-report-{}.pdf",
        financial_year_words(r.year_end).replace(' ', "-")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::staff::reports::render::tests::{ethnicity, uptake};
    use imha_core::casework::issues::IssueKind;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn report() -> Impact {
        assemble(
            "Northshire Council",
            2026,
            (d("2025-04-01"), d("2026-03-31")),
            &[uptake(), ethnicity()],
            vec![
                ("2024 to 2025".into(), "20%".into()),
                ("2025 to 2026".into(), "25%".into()),
            ],
            vec![Story {
                year: 2025,
                words: "My advocate <helped> me ask the tribunal.".into(),
                issue_kinds: vec![IssueKind::Rights, IssueKind::TribunalApplication],
            }],
        )
    }

    #[test]
    fn the_headline_comes_from_the_uptake_table() {
        let r = report();
        assert_eq!(
            r.headline,
            vec![
                (
                    "Patients who qualified for an IMHA".to_string(),
                    "200".to_string()
                ),
                ("Saw an advocate".to_string(), "50".to_string()),
                ("Never saw an advocate".to_string(), "150".to_string()),
                (
                    "Uptake (the share of qualifying patients who saw an advocate)".to_string(),
                    "25%".to_string()
                ),
            ]
        );
        assert_eq!(r.tables.len(), 1, "only the equality table besides uptake");
        assert_eq!(uptake_of(&[uptake()]), Some("25%".to_string()));
        assert_eq!(super::uptake(&[]), None);
    }

    fn uptake_of(t: &[Table]) -> Option<String> {
        super::uptake(t)
    }

    #[test]
    fn the_html_and_the_pdf_say_the_same_things() {
        let r = report();
        let html = body_html(&r);
        assert!(html.contains("Never saw an advocate"));
        assert!(html.contains("2024 to 2025"));
        assert!(html.contains("role=\"img\""), "the equality chart");
        assert!(html.contains("“My advocate &#60;helped&#62; me ask the tribunal.”"));
        assert!(html.contains("Rights; Tribunal application. 2025."));
        assert!(html.contains("51,312"));
        let doc = document(&r);
        assert_eq!(
            doc.title,
            "Annual impact report: Northshire Council, 2025 to 2026"
        );
        let text = format!("{:?}", doc.blocks);
        for s in [
            "Never saw an advocate",
            "2024 to 2025: 20%",
            "My advocate <helped> me ask the tribunal.",
            "Mental Health Act Statistics",
            "Share seen 50%",
        ] {
            assert!(text.contains(s), "{s} in {text}");
        }
        imha_pdf::render(&doc).unwrap();
    }

    #[test]
    fn an_empty_report_says_so() {
        let r = assemble(
            "All areas",
            2026,
            (d("2025-04-01"), d("2026-03-31")),
            &[],
            Vec::new(),
            Vec::new(),
        );
        let html = body_html(&r);
        assert_eq!(html.matches(NO_FIGURES).count(), 2);
        assert!(html.contains("agreed to share their story"));
        imha_pdf::render(&document(&r)).unwrap();
    }

    #[test]
    fn the_year_is_the_one_a_financial_year_ends_in() {
        let today = d("2026-11-29");
        let f = |pairs: &[(&str, &str)]| {
            let m: HashMap<String, String> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            read_year(&m, today)
        };
        assert_eq!(f(&[]), Some(2026));
        assert_eq!(f(&[("year", "2025")]), Some(2025));
        assert_eq!(f(&[("year", "1999")]), None);
        assert_eq!(f(&[("year", "2028")]), None);
        assert_eq!(f(&[("year", "x")]), None);
    }
}
