//! Commissioner and manager reports (issue 9): `/staff/reports` chooses an area and a period
//! (a GET form that works without JavaScript) and shows every published table with its chart,
//! the small-number note and the national context; `/staff/reports/{table}.csv` and
//! `/staff/reports/all-tables.csv` (the long form of `imha report --format csv`) download them; `/staff/reports/impact` (and `.pdf`) is the
//! annual impact report (`impact.rs`).
//!
//! Who sees which area: a commissioner only their own local authority (their account's
//! organisation); asking for any other area is refused with the 403 page, and a commissioner
//! whose account is not linked to a local authority sees nothing. Service managers and
//! administrators choose any local authority or all areas. Tables hold counts of people by
//! category only, suppressed under the NHS England rule before they reach this module
//! (`imha_core::reports`): no page here names, numbers or links to a patient.
//!
//! The tables come from one call, [`source::tables`]; the rendering ([`render`], [`svg`]) is
//! pure and tested with hand-built tables.

pub mod impact;
pub mod render;
pub mod source;
pub mod svg;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use imha_core::accounts::{Role, Session};
use imha_core::organisations::{self, Kind};
use imha_core::reports::{self, Area, Suppression, Table};
use imha_govuk::{
    Button, ChoiceItem, DateInput, ErrorSummary, Fieldset, Hint, Legend, Radios, Select, SelectItem,
};
use jiff::ToSpan;
use jiff::civil::Date;

use crate::AppState;
use crate::forms::{error_for, error_summary, error_title, field, read_date};
use crate::pages::Layout;

pub const PATH: &str = "/staff/reports";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(PATH, get(report_page))
        .route("/staff/reports/impact", get(impact::impact_page))
        .route("/staff/reports/impact.pdf", get(impact::impact_pdf))
        .route("/staff/reports/{file}", get(csv_file))
}

/// A problem with a field: its id (for the error summary's link) and the message.
pub type FieldError = (&'static str, String);

// ---------------------------------------------------------------------------------------------
// Periods

/// The quick choices of period, and "choose dates".
pub const PERIODS: &[(&str, &str)] = &[
    ("last-financial-year", "Last financial year"),
    ("last-12-months", "Last 12 months"),
    ("last-quarter", "Last quarter"),
    ("custom", "Choose dates"),
];

fn ymd(y: i16, m: i8, d: i8) -> Option<Date> {
    Date::new(y, m, d).ok()
}

/// The financial year (1 April to 31 March) that ends in March of `end_year`.
pub fn financial_year(end_year: i16) -> Option<(Date, Date)> {
    Some((ymd(end_year - 1, 4, 1)?, ymd(end_year, 3, 31)?))
}

/// The year in which the last complete financial year before `today` ends.
pub fn last_financial_year_end(today: Date) -> i16 {
    if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The financial year a date falls in, by the year it ends.
pub fn financial_year_end_of(d: Date) -> i16 {
    if d.month() >= 4 {
        d.year() + 1
    } else {
        d.year()
    }
}

/// "2025 to 2026" for the financial year ending in 2026.
pub fn financial_year_words(end_year: i16) -> String {
    format!("{} to {}", end_year - 1, end_year)
}

/// The dates of a quick choice of period, as of `today`: the last complete financial year,
/// the last 12 complete calendar months, or the last complete quarter (of the financial year:
/// April to June, July to September, October to December, January to March).
pub fn quick_period(id: &str, today: Date) -> Option<(Date, Date)> {
    match id {
        "last-financial-year" => financial_year(last_financial_year_end(today)),
        "last-12-months" => {
            let first = today.first_of_month();
            Some((
                first.checked_sub(12.months()).ok()?,
                first.yesterday().ok()?,
            ))
        }
        "last-quarter" => {
            let start_month = (today.month() - 1) / 3 * 3 + 1;
            let this_quarter = ymd(today.year(), start_month, 1)?;
            Some((
                this_quarter.checked_sub(3.months()).ok()?,
                this_quarter.yesterday().ok()?,
            ))
        }
        _ => None,
    }
}

/// "1 April 2025".
pub fn day(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

const FROM_IDS: [&str; 3] = ["from-day", "from-month", "from-year"];
const TO_IDS: [&str; 3] = ["to-day", "to-month", "to-year"];

/// The period asked for: `from` and `to` as ISO dates (the links this page makes), or the
/// form's choice (a quick period, or "choose dates" with the two date inputs); by default the
/// last complete financial year. Returns the dates and the choice, or the fields in error.
pub fn read_period(
    fields: &HashMap<String, String>,
    today: Date,
) -> Result<(Date, Date, &'static str), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let (Some(f), Some(t)) = (field(fields, "from"), field(fields, "to")) {
        let f = f.parse::<Date>();
        let t = t.parse::<Date>();
        if f.is_err() {
            errors.push(("from-day", "The from date must be a real date".to_string()));
        }
        if t.is_err() {
            errors.push(("to-day", "The to date must be a real date".to_string()));
        }
        return match (f, t) {
            (Ok(f), Ok(t)) if t < f => Err(vec![(
                "to-day",
                "The to date must be the same as or after the from date".to_string(),
            )]),
            (Ok(f), Ok(t)) => Ok((f, t, "custom")),
            _ => Err(errors),
        };
    }
    let typed = FROM_IDS
        .iter()
        .chain(TO_IDS.iter())
        .any(|id| field(fields, id).is_some());
    let choice = match field(fields, "period") {
        Some(p) => match PERIODS.iter().find(|(id, _)| *id == p) {
            Some((id, _)) => *id,
            None => return Err(vec![("period", "Select a period".to_string())]),
        },
        None if typed => "custom",
        None => "last-financial-year",
    };
    if choice != "custom" {
        return quick_period(choice, today)
            .map(|(f, t)| (f, t, choice))
            .ok_or_else(|| vec![("period", "Select a period".to_string())]);
    }
    let from = read_date(fields, "from", FROM_IDS, "from").unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let to = read_date(fields, "to", TO_IDS, "to").unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if from.is_none() && !errors.iter().any(|(id, _)| id.starts_with("from")) {
        errors.push(("from-day", "Enter the from date".to_string()));
    }
    if to.is_none() && !errors.iter().any(|(id, _)| id.starts_with("to")) {
        errors.push(("to-day", "Enter the to date".to_string()));
    }
    match (from, to) {
        (Some(f), Some(t)) if errors.is_empty() => {
            if t < f {
                Err(vec![(
                    "to-day",
                    "The to date must be the same as or after the from date".to_string(),
                )])
            } else {
                Ok((f, t, "custom"))
            }
        }
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------
// Areas

/// The area a request may see.
pub struct Chosen {
    pub area: Area,
    /// "Northshire County Council", or "All areas".
    pub name: String,
    /// The local authorities to choose from (empty for a commissioner, whose area is fixed).
    pub choices: Vec<(String, String)>,
}

impl Chosen {
    /// The `area` query parameter for links: `all` or the local authority's id.
    pub fn param(&self) -> String {
        match &self.area {
            Area::Everywhere => "all".into(),
            Area::LocalAuthority(id) => id.clone(),
        }
    }
}

/// Why no area can be chosen.
pub enum AreaProblem {
    /// Not this person's to see: a commissioner asking for another area, or one whose
    /// account has no local authority.
    Forbidden,
    /// A manager chose something that is not a local authority (the choice falls back to all
    /// areas so the form can be shown again).
    Invalid(Chosen, FieldError),
    Storage(imha_core::StorageError),
}

/// The area `session` asked for in `fields` and may see.
pub async fn choose_area(
    state: &AppState,
    session: &Session,
    fields: &HashMap<String, String>,
) -> Result<Chosen, AreaProblem> {
    let asked = field(fields, "area");
    if session.user.role == Role::Commissioner {
        let Some(org_id) = session.user.organisation_id.as_deref() else {
            return Err(AreaProblem::Forbidden);
        };
        let org = organisations::get(&state.db, org_id)
            .await
            .map_err(AreaProblem::Storage)?
            .filter(|o| o.kind == Kind::LocalAuthority)
            .ok_or(AreaProblem::Forbidden)?;
        if asked.is_some_and(|a| a != org.id) {
            return Err(AreaProblem::Forbidden);
        }
        return Ok(Chosen {
            area: Area::LocalAuthority(org.id),
            name: org.name,
            choices: Vec::new(),
        });
    }
    let mut choices: Vec<(String, String)> = organisations::list(&state.db)
        .await
        .map_err(AreaProblem::Storage)?
        .into_iter()
        .filter(|o| o.kind == Kind::LocalAuthority)
        .map(|o| (o.id, o.name))
        .collect();
    choices.sort_by(|a, b| a.1.cmp(&b.1));
    match asked {
        None | Some("all") => Ok(Chosen {
            area: Area::Everywhere,
            name: "All areas".into(),
            choices,
        }),
        Some(id) => match choices.iter().find(|(i, _)| i == id) {
            Some((id, name)) => Ok(Chosen {
                area: Area::LocalAuthority(id.clone()),
                name: name.clone(),
                choices,
            }),
            None => Err(AreaProblem::Invalid(
                Chosen {
                    area: Area::Everywhere,
                    name: "All areas".into(),
                    choices,
                },
                ("area", "Select an area from the list".to_string()),
            )),
        },
    }
}

/// The query string of links to this report: `area=..&from=..&to=..`.
pub fn query_string(chosen: &Chosen, from: Date, to: Date) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("area", &chosen.param())
        .append_pair("from", &from.to_string())
        .append_pair("to", &to.to_string())
        .finish()
}

/// The provider's visit target, the figure response times are measured against.
pub fn target(state: &AppState) -> u32 {
    u32::try_from(state.config.visit_target_working_days).unwrap_or(0)
}

pub fn read_failed(e: imha_core::StorageError) -> Response {
    tracing::error!(error = %e, "report could not be read");
    crate::error::unavailable_page()
}

// ---------------------------------------------------------------------------------------------
// The page

/// The report under the form.
pub struct ReportView {
    pub heading: String,
    pub sections: String,
    pub empty: bool,
    pub note: String,
    pub national: String,
    pub all_csv: String,
    pub impact_href: String,
    pub impact_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/reports/index.html")]
struct ReportPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    area_select: Option<Select>,
    area_fixed: Option<String>,
    period: Radios,
    /// The dates, used when "Choose dates" is selected (shown always: a conditional reveal's
    /// script adds `aria-expanded` to a radio, which axe-core refuses).
    from_input: DateInput,
    to_input: DateInput,
    button: Button,
    report: Option<ReportView>,
}

fn date_input(
    fields: &HashMap<String, String>,
    errors: &[FieldError],
    prefix: &'static str,
    legend: &str,
    initial: Date,
) -> DateInput {
    let mut values = std::collections::BTreeMap::new();
    let typed = ["day", "month", "year"]
        .iter()
        .any(|p| fields.contains_key(&format!("{prefix}-{p}")));
    for (part, default) in [
        ("day", initial.day().to_string()),
        ("month", initial.month().to_string()),
        ("year", initial.year().to_string()),
    ] {
        let name = format!("{prefix}-{part}");
        let v = if typed {
            fields
                .get(&name)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        } else {
            default
        };
        values.insert(name, v);
    }
    let ids = ["day", "month", "year"].map(|p| format!("{prefix}-{p}"));
    let error = errors
        .iter()
        .find(|(f, _)| ids.iter().any(|i| i == f))
        .map(|(_, m)| imha_govuk::ErrorMessage::text(m.clone()));
    DateInput {
        id: prefix.into(),
        name_prefix: Some(prefix.into()),
        values,
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(legend.into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            role: Some("group".into()),
            ..Fieldset::default()
        }),
        hint: Some(Hint::text("For example, 1 4 2025")),
        error_message: error,
        ..DateInput::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn form_parts(
    fields: &HashMap<String, String>,
    errors: &[FieldError],
    chosen: &Chosen,
    session: &Session,
    today: Date,
    from: Date,
    to: Date,
    choice: &str,
) -> (Option<Select>, Option<String>, Radios, DateInput, DateInput) {
    let area_select = (session.user.role != Role::Commissioner).then(|| {
        let mut items = vec![SelectItem {
            value: Some("all".into()),
            text: "All areas".into(),
            ..SelectItem::default()
        }];
        items.extend(chosen.choices.iter().map(|(id, name)| SelectItem {
            value: Some(id.clone()),
            text: name.clone(),
            ..SelectItem::default()
        }));
        Select {
            items,
            value: Some(chosen.param()),
            error_message: error_for(errors, "area"),
            hint: Some(Hint::text(
                "The hospitals in a local authority's area, or every hospital the service covers",
            )),
            ..Select::new("area", "Area")
        }
    });
    let area_fixed = (session.user.role == Role::Commissioner).then(|| chosen.name.clone());
    let items = PERIODS
        .iter()
        .map(|(id, label)| {
            let hint = quick_period(id, today)
                .map(|(f, t)| Hint::text(format!("{} to {}", day(f), day(t))));
            ChoiceItem {
                value: Some((*id).into()),
                text: Some((*label).into()),
                hint,
                ..ChoiceItem::default()
            }
        })
        .collect();
    let period = Radios {
        name: "period".into(),
        items,
        value: Some(choice.to_string()),
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some("Period".into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        error_message: error_for(errors, "period"),
        ..Radios::default()
    };
    let from = date_input(fields, errors, "from", "From", from);
    let to = date_input(fields, errors, "to", "To (included)", to);
    (area_select, area_fixed, period, from, to)
}

/// The report's sections, national context and links, for tables already computed.
pub fn report_view(tables: &[Table], chosen: &Chosen, from: Date, to: Date) -> ReportView {
    let query = query_string(chosen, from, to);
    let sections: String = tables
        .iter()
        .map(|t| render::section_html(t, &query))
        .collect();
    let year = financial_year_end_of(to);
    let impact_query = form_urlencoded::Serializer::new(String::new())
        .append_pair("area", &chosen.param())
        .append_pair("year", &year.to_string())
        .finish();
    ReportView {
        heading: format!("{}: {} to {}", chosen.name, day(from), day(to)),
        sections,
        empty: tables.is_empty(),
        note: render::suppression_note(),
        national: render::table_html(&render::national_table()),
        all_csv: format!("/staff/reports/all-tables.csv?{query}"),
        impact_href: format!("/staff/reports/impact?{impact_query}"),
        impact_label: format!(
            "Annual impact report for the financial year {}",
            financial_year_words(year)
        ),
    }
}

/// `GET /staff/reports`: the form, and the report for the area and period chosen.
async fn report_page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(fields): Query<HashMap<String, String>>,
) -> Result<Response, Response> {
    let today = crate::pages::rights::today(&state);
    let mut errors: Vec<FieldError> = Vec::new();
    let chosen = match choose_area(&state, &session, &fields).await {
        Ok(c) => c,
        Err(AreaProblem::Forbidden) => return Err(crate::staff::forbidden(&state, Some(&session))),
        Err(AreaProblem::Storage(e)) => return Err(read_failed(e)),
        Err(AreaProblem::Invalid(c, e)) => {
            errors.push(e);
            c
        }
    };
    let default = quick_period("last-financial-year", today);
    let (from, to, choice) = match read_period(&fields, today) {
        Ok(p) => p,
        Err(e) => {
            errors.extend(e);
            let (f, t) = default.unwrap_or((today, today));
            (f, t, "custom")
        }
    };
    let choice = match field(&fields, "period") {
        Some(p) if !errors.is_empty() => PERIODS
            .iter()
            .find(|(id, _)| *id == p)
            .map_or(choice, |(id, _)| *id),
        _ => choice,
    };
    let report = if errors.is_empty() {
        let q = reports::Query {
            area: chosen.area.clone(),
            from,
            to,
        };
        let tables = source::tables(&state.db, &q, target(&state), &Suppression::default())
            .await
            .map_err(read_failed)?;
        Some(report_view(&tables, &chosen, from, to))
    } else {
        None
    };
    let (area_select, area_fixed, period, from_input, to_input) =
        form_parts(&fields, &errors, &chosen, &session, today, from, to, choice);
    Ok(ReportPage {
        layout: Layout::staff(
            &state,
            error_title("Reports", !errors.is_empty()),
            PATH,
            Some(&session),
        ),
        error_summary: error_summary(&errors),
        area_select,
        area_fixed,
        period,
        from_input,
        to_input,
        button: Button {
            text: Some("Show the report".into()),
            ..Button::default()
        },
        report,
    }
    .into_response())
}

/// `GET /staff/reports/{table}.csv` and `/staff/reports/all-tables.csv`: the same area and
/// period checks as the page; a bad period goes back to the form, which shows the errors.
async fn csv_file(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(file): Path<String>,
    Query(fields): Query<HashMap<String, String>>,
) -> Result<Response, Response> {
    let Some(stem) = file.strip_suffix(".csv") else {
        return Err(crate::error::not_found_page());
    };
    let chosen = match choose_area(&state, &session, &fields).await {
        Ok(c) => c,
        Err(AreaProblem::Forbidden) => return Err(crate::staff::forbidden(&state, Some(&session))),
        Err(AreaProblem::Storage(e)) => return Err(read_failed(e)),
        Err(AreaProblem::Invalid(..)) => return Err(crate::error::not_found_page()),
    };
    let today = crate::pages::rights::today(&state);
    let Ok((from, to, _)) = read_period(&fields, today) else {
        let back = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields.iter())
            .finish();
        return Ok(Redirect::to(&format!("{PATH}?{back}")).into_response());
    };
    let q = reports::Query {
        area: chosen.area.clone(),
        from,
        to,
    };
    let tables = source::tables(&state.db, &q, target(&state), &Suppression::default())
        .await
        .map_err(read_failed)?;
    let body = if stem == "all-tables" {
        // The same long form as `imha report --format csv`, so a council's automation reads
        // either; no note line (the page and the per-table files carry it).
        imha_core::reports::to_csv(&tables)
    } else {
        match tables.iter().find(|t| t.id == stem) {
            Some(t) => render::table_csv(t),
            None => return Err(crate::error::not_found_page()),
        }
    };
    let name = format!("report-{stem}-{from}-to-{to}.csv");
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn quick_periods_are_the_last_complete_ones() {
        let today = d("2026-11-29");
        assert_eq!(
            quick_period("last-financial-year", today),
            Some((d("2025-04-01"), d("2026-03-31")))
        );
        // Before 1 April the last complete year ended a year earlier.
        assert_eq!(
            quick_period("last-financial-year", d("2026-03-31")),
            Some((d("2024-04-01"), d("2025-03-31")))
        );
        assert_eq!(
            quick_period("last-financial-year", d("2026-04-01")),
            Some((d("2025-04-01"), d("2026-03-31")))
        );
        assert_eq!(
            quick_period("last-12-months", today),
            Some((d("2025-11-01"), d("2026-10-31")))
        );
        assert_eq!(
            quick_period("last-quarter", today),
            Some((d("2026-07-01"), d("2026-09-30")))
        );
        assert_eq!(
            quick_period("last-quarter", d("2026-02-10")),
            Some((d("2025-10-01"), d("2025-12-31")))
        );
        assert_eq!(quick_period("custom", today), None);
        assert_eq!(financial_year_end_of(d("2026-03-31")), 2026);
        assert_eq!(financial_year_end_of(d("2026-04-01")), 2027);
    }

    #[test]
    fn the_period_defaults_to_the_last_financial_year() {
        let today = d("2026-11-29");
        assert_eq!(
            read_period(&fields(&[]), today),
            Ok((d("2025-04-01"), d("2026-03-31"), "last-financial-year"))
        );
        assert_eq!(
            read_period(
                &fields(&[("from", "2026-01-01"), ("to", "2026-01-31")]),
                today
            ),
            Ok((d("2026-01-01"), d("2026-01-31"), "custom"))
        );
        let typed = fields(&[
            ("period", "custom"),
            ("from-day", "1"),
            ("from-month", "2"),
            ("from-year", "2026"),
            ("to-day", "28"),
            ("to-month", "2"),
            ("to-year", "2026"),
        ]);
        assert_eq!(
            read_period(&typed, today),
            Ok((d("2026-02-01"), d("2026-02-28"), "custom"))
        );
    }

    #[test]
    fn bad_periods_get_gov_uk_messages() {
        let today = d("2026-11-29");
        let e = |pairs: &[(&str, &str)]| read_period(&fields(pairs), today).unwrap_err();
        assert_eq!(
            e(&[
                ("period", "custom"),
                ("from-day", "1"),
                ("from-month", "3"),
                ("from-year", "2026"),
                ("to-day", "1"),
                ("to-month", "2"),
                ("to-year", "2026"),
            ]),
            vec![(
                "to-day",
                "The to date must be the same as or after the from date".to_string()
            )]
        );
        assert_eq!(
            e(&[
                ("period", "custom"),
                ("from-day", "31"),
                ("from-month", "2"),
                ("from-year", "2026"),
            ]),
            vec![
                ("from-day", "The from date must be a real date".to_string()),
                ("to-day", "Enter the to date".to_string())
            ]
        );
        assert_eq!(
            e(&[("period", "custom"), ("from-day", "1"), ("from-year", "26")]),
            vec![
                (
                    "from-month",
                    "The from date must include a month".to_string()
                ),
                ("to-day", "Enter the to date".to_string())
            ]
        );
        assert_eq!(
            e(&[("period", "next-century")]),
            vec![("period", "Select a period".to_string())]
        );
        assert_eq!(
            e(&[("from", "2026-02-30"), ("to", "2026-03-01")]),
            vec![("from-day", "The from date must be a real date".to_string())]
        );
        assert_eq!(
            e(&[("from", "2026-03-02"), ("to", "2026-03-01")])[0].0,
            "to-day"
        );
    }
}
