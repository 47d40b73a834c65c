//! Casework pages (issue 7): the cases list (`GET /staff/cases`: an advocate's own cases, every
//! case for a manager, filtered by status), the case page (`GET /staff/cases/{id}`) and the
//! forms that change a case ([`forms`]), each on its own page.
//!
//! The rules live in `imha_core::casework`, including who may work on a case: every handler
//! goes through it, and a case someone may not work on is the 404 page, exactly as a case that
//! does not exist. The case page reads the case through `casework::view`, which audits the
//! view; contact notes appear only there.

pub mod forms;

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use imha_core::accounts::{Role, Session};
use imha_core::casework::contacts::duration_text;
use imha_core::casework::issues::{Issue, IssueStatus, MEASURES, Measures};
use imha_core::casework::records::RecordsStatus;
use imha_core::casework::{
    self, Advocacy, Case, CaseError, CaseRecord, CaseStatus, TimelineItem, Worker,
};
use imha_govuk::{
    Button, NotificationBanner, SummaryCell, SummaryList, SummaryRow, Table, TableCell, Tag,
    TrustedHtml,
};

use super::client_addr;
use super::policy::{Permission, allows};
use super::referrals::{esc, html, link, multiline, read_failed, tag, uk_when, write_failed};
use super::signin::success_banner;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;

pub fn routes() -> axum::Router<AppState> {
    use forms::*;
    axum::Router::new()
        .route("/staff/cases", get(list))
        .route("/staff/cases/{id}", get(show))
        .route("/staff/cases/{id}/pause", get(pause_form).post(pause))
        .route("/staff/cases/{id}/resume", get(resume_form).post(resume))
        .route("/staff/cases/{id}/close", get(close_form).post(close))
        .route("/staff/cases/{id}/reopen", get(reopen_form).post(reopen))
        .route(
            "/staff/cases/{id}/advocacy",
            get(advocacy_form).post(advocacy),
        )
        .route(
            "/staff/cases/{id}/home-council",
            get(home_council_form).post(home_council),
        )
        .route("/staff/cases/{id}/outcome", get(outcome_form).post(outcome))
        .route(
            "/staff/cases/{id}/issues/new",
            get(new_issue_form).post(new_issue),
        )
        .route(
            "/staff/cases/{id}/issues/{issue}",
            get(issue_form).post(update_issue),
        )
        .route(
            "/staff/cases/{id}/contacts/new",
            get(contact_form).post(new_contact),
        )
        .route(
            "/staff/cases/{id}/records-access/new",
            get(records_form).post(new_records_request),
        )
        .route(
            "/staff/cases/{id}/records-access/{request}/decision",
            get(records_decision_form).post(records_decision),
        )
}

/// The signed-in person as casework sees them.
pub fn worker(session: &Session, headers: &HeaderMap, peer: SocketAddr) -> Worker {
    Worker::new(
        session.user.id.clone(),
        session.user.role,
        Some(client_addr(headers, Some(peer))),
    )
}

/// A read that failed for a reason other than "not found" (or "not yours", which looks the
/// same).
pub fn case_failed(e: CaseError) -> Response {
    match e {
        CaseError::NotFound => crate::error::not_found_page(),
        CaseError::Storage(e) => read_failed(e),
        other => write_failed(other),
    }
}

pub fn status_tag(status: CaseStatus) -> Tag {
    let colour = match status {
        CaseStatus::Open => "green",
        CaseStatus::Paused => "yellow",
        CaseStatus::Closed => "grey",
    };
    tag(status.label(), colour)
}

fn issue_tag(status: IssueStatus) -> Tag {
    let colour = match status {
        IssueStatus::Open => "blue",
        IssueStatus::InProgress => "light-blue",
        IssueStatus::Resolved => "green",
        IssueStatus::ClosedUnresolved => "grey",
    };
    tag(status.label(), colour)
}

fn cell(h: String) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(h)),
        ..TableCell::default()
    }
}

fn html_row(key: &str, value: String) -> SummaryRow {
    SummaryRow {
        key: SummaryCell::text(key),
        value: SummaryCell {
            html: Some(TrustedHtml::new(value)),
            ..SummaryCell::default()
        },
        ..SummaryRow::default()
    }
}

fn list_of(rows: Vec<SummaryRow>) -> SummaryList {
    SummaryList {
        rows,
        ..SummaryList::default()
    }
}

/// "Northshire General, Willow" or "Not given".
pub fn where_text(c: &Case) -> String {
    match (c.hospital_name.as_deref(), c.ward.as_deref()) {
        (Some(h), Some(w)) => format!("{h}, {w}"),
        (Some(h), None) => h.to_string(),
        (None, Some(w)) => w.to_string(),
        (None, None) => "Not given".to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The list

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/list.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    intro: String,
    filters: Vec<(String, String, bool)>,
    table: Option<Table>,
    pagination: Option<crate::audit_pages::Pagination>,
    empty: String,
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    page: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, Response> {
    let w = worker(&session, &headers, peer);
    let status = q.status.as_deref().and_then(CaseStatus::parse);
    // A missing, unreadable or out-of-range page number shows the first page.
    let page = crate::audit_pages::read_page_number(q.page.as_deref());
    let list = casework::list(&state.db, &w, status, page)
        .await
        .map_err(read_failed)?;
    let total = list.total;
    let cases = list.cases;
    let page_href = |p: i64| match status {
        Some(s) => format!("/staff/cases?status={}&page={p}", s.id()),
        None => format!("/staff/cases?page={p}"),
    };
    let pagination =
        crate::audit_pages::Pagination::for_page(page, total, casework::CASES_PER_PAGE, page_href);
    let manager = session.user.role == Role::ServiceManager;
    let (heading, intro) = if manager {
        (
            "Cases",
            "Every case in the service. Open a case to see its issues, contacts and outcomes.",
        )
    } else {
        (
            "My cases",
            "The cases allocated to you. Open a case to record contacts, issues and outcomes.",
        )
    };
    let mut filters = vec![(
        "/staff/cases".to_string(),
        "All".to_string(),
        status.is_none(),
    )];
    for s in CaseStatus::ALL {
        filters.push((
            format!("/staff/cases?status={}", s.id()),
            s.label().to_string(),
            status == Some(*s),
        ));
    }
    let mut caption = match (status, total) {
        (None, 1) => "1 case".to_string(),
        (None, n) => format!("{n} cases"),
        (Some(s), 1) => format!("1 {} case", s.label().to_lowercase()),
        (Some(s), n) => format!("{n} {} cases", s.label().to_lowercase()),
    };
    if total > casework::CASES_PER_PAGE && !cases.is_empty() {
        let first = (page - 1) * casework::CASES_PER_PAGE + 1;
        let last = first + cases.len() as i64 - 1;
        caption.push_str(&format!(", showing {first} to {last}"));
    }
    let table = (!cases.is_empty()).then(|| Table {
        caption: Some(caption),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            ["Patient", "Advocate", "Status", "Opened", "Referral"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: cases
            .iter()
            .map(|c| {
                let mut status = html(&status_tag(c.status)).as_str().to_string();
                if c.advocacy == Advocacy::NonInstructed {
                    status.push_str("<br>");
                    status.push_str(&esc("Non-instructed"));
                }
                vec![
                    cell(link(&format!("/staff/cases/{}", c.id), &c.full_name())),
                    TableCell::text(
                        c.advocate_name
                            .clone()
                            .unwrap_or_else(|| "Not allocated".into()),
                    ),
                    cell(status),
                    TableCell::text(long_date(imha_core::referrals::uk_date(c.opened_at))),
                    TableCell::text(c.reference.clone()),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    let empty = match status {
        _ if total > 0 => format!(
            "There are no cases on page {page}: there {}.",
            if total == 1 {
                "is 1 case".to_string()
            } else {
                format!("are {total} cases")
            }
        ),
        Some(s) => format!("There are no {} cases.", s.label().to_lowercase()),
        None if manager => "There are no cases yet.".to_string(),
        None => "No cases are allocated to you yet.".to_string(),
    };
    Ok(ListPage {
        layout: Layout::staff(&state, heading, "/staff/cases", Some(&session)),
        heading: heading.to_string(),
        intro: intro.to_string(),
        filters,
        table,
        pagination,
        empty,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// The case page

/// A summary list under an `<h2>`.
pub struct Section {
    pub heading: String,
    pub id: &'static str,
    pub list: SummaryList,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/show.html")]
struct ShowPage {
    layout: Layout,
    banner: Option<NotificationBanner>,
    id: String,
    name: String,
    reference: String,
    status: TrustedHtml,
    summary: SummaryList,
    actions: Vec<Button>,
    closed: bool,
    /// The lead's "Legal dates, deadlines and tasks" section (`staff::work::case_section`).
    dates: TrustedHtml,
    timeline: Vec<(String, TrustedHtml)>,
    issues: Vec<Section>,
    contacts: Option<Table>,
    total_time: String,
    records: Option<Table>,
    outcome: Option<SummaryList>,
    outcome_link: Option<(String, String)>,
}

fn action(text: &str, href: String, secondary: bool) -> Button {
    Button {
        text: Some(text.into()),
        href: Some(href),
        classes: secondary.then(|| "govuk-button--secondary".into()),
        ..Button::default()
    }
}

fn banner_for(done: Option<&str>) -> Option<NotificationBanner> {
    let text = match done? {
        "paused" => "Case paused.",
        "resumed" => "Case resumed.",
        "closed" => "Case closed.",
        "reopened" => "Case reopened.",
        "advocacy" => "Advocacy changed.",
        "home-council" => "Home council recorded.",
        "outcome" => "Case outcome recorded.",
        "issue" => "Issue added.",
        "issue-updated" => "Issue updated.",
        "contact" => "Contact recorded.",
        "records" => "Records access request recorded.",
        "records-decision" => "The record holder's decision is recorded.",
        "legal-status" => "Legal status recorded. The dates below are worked out from it.",
        "tribunal-application" => {
            "Tribunal application recorded. The dates below take it into account."
        }
        "task" => "Task saved.",
        "done" => "Marked as done.",
        "undone" => "Marked as not done.",
        "allocated" => "Advocate allocated.",
        _ => return None,
    };
    Some(success_banner(text))
}

/// The measures answered, as summary rows, and the patient's words.
pub fn measure_rows(m: &Measures) -> Vec<SummaryRow> {
    let mut rows: Vec<SummaryRow> = MEASURES
        .iter()
        .filter_map(|(field, question)| {
            m.get(field)
                .map(|answer| SummaryRow::new(*question, answer.label()))
        })
        .collect();
    if let Some(w) = m.patient_words.as_deref() {
        rows.push(html_row(
            "What the patient said",
            multiline(w).as_str().to_string(),
        ));
    }
    rows
}

fn issue_section(case: &Case, i: &Issue, may_change: bool) -> Section {
    let mut rows = vec![html_row(
        "Status",
        html(&issue_tag(i.status)).as_str().to_string(),
    )];
    if i.kind != imha_core::casework::issues::IssueKind::Other
        && let Some(d) = i.detail.as_deref()
    {
        rows.push(html_row("Details", multiline(d).as_str().to_string()));
    }
    rows.push(SummaryRow::new("Raised", long_date(i.raised_on)));
    if let Some(d) = i.closed_on {
        rows.push(SummaryRow::new("Finished", long_date(d)));
    }
    let measures = measure_rows(&i.measures);
    if measures.is_empty() {
        rows.push(SummaryRow::new("Outcome", "Not recorded yet"));
    } else {
        rows.extend(measures);
    }
    if may_change {
        rows.push(html_row(
            "Change",
            link(
                &format!("/staff/cases/{}/issues/{}", case.id, i.id),
                "Update the status and outcome",
            ),
        ));
    }
    Section {
        heading: match i.kind {
            imha_core::casework::issues::IssueKind::Other => {
                format!("{}: {}", i.kind.label(), i.title())
            }
            k => k.label().to_string(),
        },
        id: "issue",
        list: list_of(rows),
    }
}

fn summary(case: &Case, rec: &CaseRecord, role: Role, home_council: Option<&str>) -> SummaryList {
    let mut rows = vec![
        SummaryRow::new("Name", case.full_name()),
        SummaryRow::new(
            "Date of birth",
            case.date_of_birth
                .map(long_date)
                .unwrap_or_else(|| "Not given".into()),
        ),
        SummaryRow::new(
            "NHS number",
            case.nhs_number
                .as_ref()
                .map(|n| n.spaced())
                .unwrap_or_else(|| "Not given".into()),
        ),
        SummaryRow::new("Hospital and ward", where_text(case)),
    ];
    rows.push(if allows(role, Permission::TriageReferrals) {
        html_row(
            "Referral",
            link(
                &format!("/staff/referrals/{}", case.referral_id),
                &case.reference,
            ),
        )
    } else {
        SummaryRow::new("Referral", case.reference.clone())
    });
    if let Some(p) = &case.patient_id
        && allows(role, Permission::ViewPatients)
    {
        rows.push(html_row(
            "Patient record",
            link(
                &format!("/staff/patients/{p}"),
                "Legal status and timeline from the hospital",
            ),
        ));
    }
    let advocate = match &case.advocate_name {
        Some(n) => esc(n),
        None => esc("Not allocated"),
    };
    let advocate = if allows(role, Permission::AllocateCases) {
        format!(
            "{advocate}<br>{}",
            link(
                &format!("/staff/cases/{}/allocate", case.id),
                if case.advocate_id.is_some() {
                    "Change the advocate"
                } else {
                    "Allocate an advocate"
                }
            )
        )
    } else {
        advocate
    };
    rows.push(html_row("Advocate", advocate));
    rows.push(SummaryRow::new("Advocacy", case.advocacy.label()));
    // The council responsible for the patient's after-care: the reports count out-of-area
    // placements from it.
    rows.push(html_row(
        "Home council",
        format!(
            "{}<br>{}",
            esc(home_council.unwrap_or("Not known")),
            link(
                &format!("/staff/cases/{}/home-council", case.id),
                "Change the home council"
            )
        ),
    ));
    rows.push(SummaryRow::new("Opened", uk_when(case.opened_at)));
    if case.status == CaseStatus::Closed {
        let reason = match rec.close_reason() {
            Some((code, Some(words))) => format!("{}: {words}", code.label()),
            Some((code, None)) => code.label().to_string(),
            None => "Not recorded".into(),
        };
        rows.push(SummaryRow::new("Why it closed", reason));
        if let Some(at) = case.closed_at {
            rows.push(SummaryRow::new("Closed", uk_when(at)));
        }
    }
    list_of(rows)
}

fn timeline(rec: &CaseRecord) -> Vec<(String, TrustedHtml)> {
    rec.timeline()
        .into_iter()
        .map(|item| match item {
            TimelineItem::Event(e) => {
                let mut text = esc(&e.label());
                if let Some((code, words)) = e.close_reason() {
                    text.push_str(&esc(&format!(": {}", code.label())));
                    if let Some(w) = words {
                        text.push_str(&esc(&format!(" ({w})")));
                    }
                } else if let Some(r) = e.reason.as_deref() {
                    let r = match e.kind() {
                        Some(casework::EventKind::AdvocacyChanged) => match r.split_once(": ") {
                            Some((code, words)) => format!(
                                "to {}: {words}",
                                Advocacy::parse(code)
                                    .map(|a| a.label().to_lowercase())
                                    .unwrap_or_else(|| code.to_string())
                            ),
                            None => r.to_string(),
                        },
                        _ => r.to_string(),
                    };
                    text.push_str(": ");
                    text.push_str(&esc(&r));
                }
                if let Some(by) = e.by_name.as_deref() {
                    text.push_str(&esc(&format!(" (by {by})")));
                }
                (uk_when(e.at), TrustedHtml::new(text))
            }
            TimelineItem::Contact(c) => (
                uk_when(c.happened_at),
                TrustedHtml::new(esc(&format!(
                    "{} contact with {} ({})",
                    c.mode.label(),
                    c.with_whom_text().to_lowercase(),
                    duration_text(c.minutes)
                ))),
            ),
        })
        .collect()
}

fn contacts_table(rec: &CaseRecord) -> Option<Table> {
    if rec.contacts.is_empty() {
        return None;
    }
    let issue_title = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| rec.issues.iter().find(|i| &i.id == id))
            .map(Issue::title)
            .unwrap_or_default()
    };
    Some(Table {
        caption: Some("Contacts".into()),
        caption_classes: Some("govuk-visually-hidden".into()),
        head: Some(
            ["When", "Time spent", "How", "With", "Issue", "Note"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: rec
            .contacts
            .iter()
            .rev()
            .map(|c| {
                vec![
                    TableCell::text(uk_when(c.happened_at)),
                    TableCell::text(duration_text(c.minutes)),
                    TableCell::text(c.mode.label()),
                    TableCell::text(c.with_whom_text()),
                    TableCell::text(issue_title(&c.issue_id)),
                    match c.note.as_deref() {
                        Some(n) => cell(multiline(n).as_str().to_string()),
                        None => TableCell::text(""),
                    },
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    })
}

fn records_table(rec: &CaseRecord, may_change: bool) -> Option<Table> {
    if rec.records_requests.is_empty() {
        return None;
    }
    Some(Table {
        caption: Some("Records access requests".into()),
        caption_classes: Some("govuk-visually-hidden".into()),
        head: Some(
            ["Asked", "Record holder", "Records", "Basis", "Decision"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: rec
            .records_requests
            .iter()
            .map(|r| {
                let mut basis = esc(r.basis.label());
                if let Some(d) = r.consent_on {
                    basis.push_str(&esc(&format!("; consent given {}", long_date(d))));
                }
                basis.push_str(&format!(
                    "<br><span class=\"govuk-body-s\">{}</span>",
                    esc(r.basis.citation())
                ));
                let colour = match r.status {
                    RecordsStatus::Pending => "blue",
                    RecordsStatus::Granted => "green",
                    RecordsStatus::Refused => "red",
                };
                let mut decision = html(&tag(r.status.label(), colour)).as_str().to_string();
                if let Some(d) = r.decided_on {
                    decision.push_str(&esc(&format!(" {}", long_date(d))));
                }
                if let Some(reason) = r.refusal_reason.as_deref() {
                    decision.push_str("<br>");
                    decision.push_str(multiline(reason).as_str());
                }
                if r.status == RecordsStatus::Pending && may_change {
                    decision.push_str("<br>");
                    decision.push_str(&link(
                        &format!(
                            "/staff/cases/{}/records-access/{}/decision",
                            rec.case.id, r.id
                        ),
                        "Record the decision",
                    ));
                }
                vec![
                    TableCell::text(long_date(r.requested_on)),
                    TableCell::text(r.record_holder.clone()),
                    cell(multiline(&r.records).as_str().to_string()),
                    cell(basis),
                    cell(decision),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    })
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let w = worker(&session, &headers, peer);
    let rec = casework::view(&state.db, &id, &w)
        .await
        .map_err(case_failed)?;
    let case = &rec.case;
    let open = case.status != CaseStatus::Closed;
    let base = format!("/staff/cases/{}", case.id);
    let mut actions = Vec::new();
    match case.status {
        CaseStatus::Open => {
            actions.push(action("Pause the case", format!("{base}/pause"), true));
            actions.push(action("Close the case", format!("{base}/close"), true));
        }
        CaseStatus::Paused => {
            actions.push(action("Resume the case", format!("{base}/resume"), true));
            actions.push(action("Close the case", format!("{base}/close"), true));
        }
        CaseStatus::Closed => {
            actions.push(action("Reopen the case", format!("{base}/reopen"), true));
        }
    }
    if open {
        actions.push(action(
            "Change the advocacy",
            format!("{base}/advocacy"),
            true,
        ));
    }
    let total = rec.total_minutes();
    let total_time = match rec.contacts.len() {
        0 => "No contacts recorded yet.".to_string(),
        1 => format!("Time spent: {} over 1 contact.", duration_text(total)),
        n => format!("Time spent: {} over {n} contacts.", duration_text(total)),
    };
    let outcome = rec.outcome.as_ref().map(|o| {
        let mut rows = measure_rows(&o.measures);
        rows.push(SummaryRow::new(
            "Share their story (anonymised) in impact reports",
            if o.share_story {
                "Yes, the patient agreed"
            } else {
                "No"
            },
        ));
        rows.push(SummaryRow::new(
            "Recorded",
            format!(
                "{}{}",
                uk_when(o.recorded_at),
                o.recorded_by_name
                    .as_deref()
                    .map(|n| format!(" by {n}"))
                    .unwrap_or_default()
            ),
        ));
        list_of(rows)
    });
    let outcome_link = (case.status == CaseStatus::Closed).then(|| {
        (
            format!("{base}/outcome"),
            if rec.outcome.is_some() {
                "Change the case outcome".to_string()
            } else {
                "Record the case outcome".to_string()
            },
        )
    });
    let home_council = match case.home_authority_id.as_deref() {
        Some(id) => imha_core::organisations::get(&state.db, id)
            .await
            .map_err(read_failed)?
            .map(|o| o.name),
        None => None,
    };
    let today = crate::pages::rights::today(&state);
    let dates = super::work::case_section(&state, &session, &case.id, today).await?;
    let page = ShowPage {
        layout: Layout::staff(&state, case.full_name(), "/staff/cases", Some(&session)),
        banner: banner_for(q.done.as_deref()),
        id: case.id.clone(),
        name: case.full_name(),
        reference: case.reference.clone(),
        status: html(&status_tag(case.status)),
        summary: summary(case, &rec, session.user.role, home_council.as_deref()),
        actions,
        closed: !open,
        dates: TrustedHtml::render(&dates).unwrap_or_default(),
        timeline: timeline(&rec),
        issues: rec
            .issues
            .iter()
            .map(|i| issue_section(case, i, open))
            .collect(),
        contacts: contacts_table(&rec),
        total_time,
        records: records_table(&rec, open),
        outcome,
        outcome_link,
    };
    Ok(page.into_response())
}
