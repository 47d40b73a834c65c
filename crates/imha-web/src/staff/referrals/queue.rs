//! The triage queue (`GET /staff/referrals`): new referrals oldest first, how long each has
//! waited against the response target, possible duplicates, and the referrals decided lately.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use imha_core::accounts::{self, Session};
use imha_core::audit::{self, Action, NewEntry};
use imha_core::referrals::{self, PossibleDuplicate, QueueItem, Referral, ReferralStatus};
use imha_govuk::{Button, Table, TableCell, TrustedHtml};
use jiff::Timestamp;

use super::{
    eligibility_tag, esc, html, link, read_failed, status_label, tag, uk_when, waiting,
    whereabouts_text,
};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;

/// How many decided referrals the queue page lists.
const RECENTLY_DECIDED: i64 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "staff/referrals/queue.html")]
struct QueuePage {
    layout: Layout,
    caption: String,
    queue: Option<Table>,
    pagination: Option<crate::audit_pages::Pagination>,
    decided: Option<Table>,
    refer: Button,
}

fn cell(html: String) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(html)),
        ..TableCell::default()
    }
}

/// "Possible duplicate of K7QM-2XPD-9HWT (same NHS number)".
fn duplicate_html(duplicates: &[PossibleDuplicate]) -> String {
    if duplicates.is_empty() {
        return String::new();
    }
    let refs: Vec<String> = duplicates
        .iter()
        .map(|d| {
            let on = if d.matched_on == "nhs-number" {
                "same NHS number"
            } else {
                "same name and date of birth"
            };
            format!("{} ({on})", esc(&d.reference))
        })
        .collect();
    format!(
        "<br>{}<span class=\"govuk-body-s govuk-!-display-block\">Possible duplicate of {}</span>",
        html(&tag("Possible duplicate", "orange")).as_str(),
        refs.join(", ")
    )
}

fn queue_row(state: &AppState, item: &QueueItem, now: Timestamp) -> Vec<TableCell> {
    let r = &item.referral;
    let w = waiting(state, r, now);
    let due = {
        let mut s = esc(&long_date(w.response.due_on));
        if w.overdue {
            s.push_str("<br>");
            s.push_str(html(&tag("Overdue", "red")).as_str());
        }
        s
    };
    let status = {
        let mut s = esc(&status_label(r.legal_status));
        if let Some(t) = eligibility_tag(r.appears_eligible) {
            s.push_str("<br>");
            s.push_str(html(&t).as_str());
        }
        s
    };
    vec![
        cell(link(&format!("/staff/referrals/{}", r.id), &r.reference)),
        TableCell::text(uk_when(r.received_at)),
        TableCell::text(w.waited),
        cell(due),
        cell(format!(
            "{}{}",
            esc(&r.full_name()),
            duplicate_html(&item.duplicates)
        )),
        TableCell::text(whereabouts_text(r)),
        cell(status),
        cell(format!(
            "{}<br>{}",
            esc(r.channel.label()),
            esc(r.referrer.label())
        )),
    ]
}

fn decision_tag(status: ReferralStatus) -> String {
    let colour = match status {
        ReferralStatus::Accepted => "green",
        ReferralStatus::Declined => "red",
        ReferralStatus::PatientDeclined => "grey",
        ReferralStatus::New => "blue",
    };
    html(&tag(status.label(), colour)).as_str().to_string()
}

fn decided_row(r: &Referral, deciders: &[(String, String)]) -> Vec<TableCell> {
    let who = r
        .decided_by
        .as_deref()
        .and_then(|id| deciders.iter().find(|(i, _)| i == id))
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| "Unknown".to_string());
    vec![
        cell(link(&format!("/staff/referrals/{}", r.id), &r.reference)),
        TableCell::text(r.full_name()),
        cell(decision_tag(r.status)),
        TableCell::text(format!(
            "{} by {who}",
            r.decided_at.map(uk_when).unwrap_or_default()
        )),
    ]
}

/// Referrals on a page of the queue.
pub const PAGE_SIZE: i64 = 100;

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    page: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Result<Response, Response> {
    let total = referrals::count_new(&state.db).await.map_err(read_failed)?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    // A page number that is not a number, or past the end, shows the nearest real page.
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let queue = referrals::queue_page(&state.db, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        .await
        .map_err(read_failed)?;
    let decided = referrals::recently_decided(&state.db, RECENTLY_DECIDED)
        .await
        .map_err(read_failed)?;
    // The list shows names and legal statuses: record which referrals this person saw.
    let ids: Vec<&str> = queue
        .iter()
        .map(|i| i.referral.id.as_str())
        .chain(decided.iter().map(|r| r.id.as_str()))
        .collect();
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("referral-queue", "new")
            .from_client(client_addr(&headers, Some(peer)))
            .with_detail(format!("referrals={}", ids.join(","))),
    )
    .await
    .map_err(read_failed)?;
    let mut deciders: Vec<(String, String)> = Vec::new();
    for id in decided.iter().filter_map(|r| r.decided_by.as_deref()) {
        if deciders.iter().any(|(i, _)| i == id) {
            continue;
        }
        if let Some(u) = accounts::user_by_id(&state.db, id)
            .await
            .map_err(read_failed)?
        {
            deciders.push((u.id, u.name));
        }
    }
    let now = Timestamp::now();
    let count = total;
    let first = (page_no - 1) * PAGE_SIZE + 1;
    let caption = match count {
        0 => "No new referrals".to_string(),
        1 => "1 new referral".to_string(),
        n if n <= PAGE_SIZE => format!("{n} new referrals, oldest first"),
        n => format!(
            "{n} new referrals, oldest first: {first} to {}",
            first + queue.len() as i64 - 1
        ),
    };
    let pagination = (pages > 1).then(|| crate::audit_pages::Pagination {
        prev: (page_no > 1).then(|| format!("/staff/referrals?page={}", page_no - 1)),
        next: (page_no < pages).then(|| format!("/staff/referrals?page={}", page_no + 1)),
        page: page_no,
        pages,
    });
    let queue_table = (!queue.is_empty()).then(|| Table {
        caption: Some(caption.clone()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            [
                "Reference",
                "Received",
                "Waiting",
                "Response due",
                "Name",
                "Where",
                "Legal status",
                "Referred by",
            ]
            .into_iter()
            .map(TableCell::text)
            .collect(),
        ),
        rows: queue.iter().map(|i| queue_row(&state, i, now)).collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    let decided_table = (!decided.is_empty()).then(|| Table {
        caption: Some("Recently decided".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            ["Reference", "Name", "Decision", "Decided"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: decided.iter().map(|r| decided_row(r, &deciders)).collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    Ok(QueuePage {
        layout: Layout::staff(
            &state,
            format!("Referrals ({count} new)"),
            "/staff/referrals",
            Some(&session),
        ),
        caption,
        queue: queue_table,
        pagination,
        decided: decided_table,
        refer: Button {
            text: Some("Refer a patient".into()),
            href: Some("/staff/referrals/new".into()),
            classes: Some("govuk-button--secondary".into()),
            ..Button::default()
        },
    }
    .into_response())
}
