//! The manager's view (`GET /staff/manage`): who is waiting (open cases without an advocate,
//! oldest first, and referrals waiting for triage), who is overloaded (caseloads per advocate)
//! and what is late (first contacts past the response target, tasks past their date). The page
//! lists patients' names, so each view is audited with the cases and referrals it showed.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use imha_core::accounts::Session;
use imha_core::allocation;
use imha_core::audit::{self, Action, NewEntry};
use imha_govuk::{Table, TableCell, TrustedHtml};

use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::referrals::{esc, link, read_failed, uk_when};

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/manage.html")]
struct ManagePage {
    layout: Layout,
    triage: i64,
    unallocated_count: usize,
    unallocated: Option<Table>,
    caseloads: Option<Table>,
    first_contacts: Option<Table>,
    first_contact_count: usize,
    target: i32,
    tasks: Option<Table>,
    task_count: usize,
}

fn cell(markup: String) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(markup)),
        ..TableCell::default()
    }
}

fn days(n: i32) -> String {
    match n {
        1 => "1 working day".to_string(),
        n => format!("{n} working days"),
    }
}

fn table(caption: &str, head: &[&str], rows: Vec<Vec<TableCell>>) -> Option<Table> {
    (!rows.is_empty()).then(|| Table {
        caption: Some(caption.to_string()),
        caption_classes: Some("govuk-visually-hidden".into()),
        head: Some(
            head.iter()
                .map(|h| {
                    if h.starts_with('#') {
                        TableCell::numeric(h.trim_start_matches('#'))
                    } else {
                        TableCell::text(*h)
                    }
                })
                .collect(),
        ),
        rows,
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    })
}

pub async fn page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let db = &state.db;
    let today = crate::pages::rights::today(&state);
    let target = state.config.response_target_working_days;
    let waiting = allocation::unallocated(db, today)
        .await
        .map_err(read_failed)?;
    let triage = allocation::awaiting_triage(db).await.map_err(read_failed)?;
    let advocates = imha_core::advocates::active_advocates(db)
        .await
        .map_err(read_failed)?;
    let loads = allocation::caseloads(db).await.map_err(read_failed)?;
    let late = allocation::overdue_first_contacts(db, today, target)
        .await
        .map_err(read_failed)?;
    let tasks = allocation::overdue_tasks(db, today)
        .await
        .map_err(read_failed)?;
    // Names are shown: record which cases and referrals this person saw.
    let cases: Vec<&str> = waiting
        .iter()
        .map(|w| w.case_id.as_str())
        .chain(tasks.iter().filter_map(|t| t.case_id.as_deref()))
        .collect();
    let referrals: Vec<&str> = late.iter().map(|l| l.referral_id.as_str()).collect();
    audit::record_now(
        db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("manager-view", "service")
            .from_client(client_addr(&headers, Some(peer)))
            .with_detail(format!(
                "cases={} referrals={}",
                cases.join(","),
                referrals.join(",")
            )),
    )
    .await
    .map_err(read_failed)?;

    let unallocated = table(
        "Cases waiting for an advocate, oldest first",
        &["Case", "Name", "Opened", "Waiting", "Action"],
        waiting
            .iter()
            .map(|w| {
                vec![
                    cell(link(&format!("/staff/cases/{}", w.case_id), &w.reference)),
                    TableCell::text(w.name.clone()),
                    TableCell::text(uk_when(w.opened_at)),
                    TableCell::text(days(w.waiting_working_days)),
                    cell(format!(
                        "<a class=\"govuk-link\" href=\"/staff/cases/{}/allocate\">Allocate\
                         <span class=\"govuk-visually-hidden\"> an advocate for {}</span></a>",
                        esc(&w.case_id),
                        esc(&w.name)
                    )),
                ]
            })
            .collect(),
    );
    let caseloads = table(
        "Caseloads per advocate",
        &["Advocate", "#Open cases", "#Paused cases", "#Overdue tasks"],
        advocates
            .iter()
            .map(|a| {
                let load = loads
                    .iter()
                    .find(|(id, _)| *id == a.id)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default();
                let overdue = tasks.iter().filter(|t| t.advocate_id == a.id).count();
                vec![
                    cell(link(&format!("/staff/advocates/{}", a.id), &a.name)),
                    TableCell::numeric(load.open.to_string()),
                    TableCell::numeric(load.paused.to_string()),
                    TableCell::numeric(overdue.to_string()),
                ]
            })
            .collect(),
    );
    let first_contacts = table(
        "First contact overdue",
        &[
            "Referral", "Name", "Advocate", "Received", "Was due", "Waiting",
        ],
        late.iter()
            .map(|l| {
                vec![
                    cell(link(
                        &format!("/staff/referrals/{}", l.referral_id),
                        &l.reference,
                    )),
                    TableCell::text(l.name.clone()),
                    TableCell::text(
                        l.advocate_name
                            .clone()
                            .unwrap_or_else(|| "Not allocated".into()),
                    ),
                    TableCell::text(uk_when(l.received_at)),
                    TableCell::text(long_date(l.due_on)),
                    TableCell::text(days(l.working_days)),
                ]
            })
            .collect(),
    );
    let task_table = table(
        "Overdue tasks",
        &["Advocate", "Task", "Was due", "Case"],
        tasks
            .iter()
            .map(|t| {
                vec![
                    TableCell::text(t.advocate_name.clone()),
                    TableCell::text(t.title.clone()),
                    TableCell::text(long_date(t.due_on)),
                    match &t.case_id {
                        Some(c) => cell(link(&format!("/staff/cases/{c}"), "Open the case")),
                        None => TableCell::text("Not on a case"),
                    },
                ]
            })
            .collect(),
    );
    Ok(ManagePage {
        layout: Layout::staff(
            &state,
            "Manage the service",
            "/staff/manage",
            Some(&session),
        ),
        triage,
        unallocated_count: waiting.len(),
        unallocated,
        caseloads,
        first_contact_count: late.len(),
        first_contacts,
        target,
        task_count: tasks.len(),
        tasks: task_table,
    }
    .into_response())
}
