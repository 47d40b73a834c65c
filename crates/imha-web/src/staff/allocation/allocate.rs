//! Allocating a case (`GET`/`POST /staff/cases/{id}/allocate`): every active advocate as a
//! choice, eligible ones first with their caseload, the others with the reasons they may not
//! act for this patient. Choosing one with conflicts is refused and shows the conflicts with an
//! override form (`POST .../allocate/override`) that needs a written reason. Success returns
//! to the case page. Service managers only; every view of the page is audited.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::Session;
use imha_core::allocation::{self, AllocationError, Candidate, CaseSummary, Conflict};
use imha_core::audit::{self, Action, NewEntry};
use imha_govuk::{
    Button, ChoiceItem, ErrorSummary, Fieldset, Hint, Legend, Radios, SummaryCell, SummaryList,
    SummaryRow, Table, TableCell, Textarea, TrustedHtml, WarningText,
};
use imha_law::Jurisdiction;
use jiff::Timestamp;

use super::{WALES_NOTE, caseload_text, policy, renewal_policy_text};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::referrals::{
    Answers, Errors, actor, error_for, esc, link, multiline, read_failed, write_failed,
};

/// The override form for one advocate's conflicts.
pub struct OverrideForm {
    pub advocate_id: String,
    pub advocate_name: String,
    pub conflicts: Vec<String>,
    pub warning: WarningText,
    pub reason: Textarea,
    pub button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/allocate.html")]
struct AllocatePage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    id: String,
    csrf: String,
    name: String,
    reference: String,
    summary: SummaryList,
    wales: Option<&'static str>,
    policy: String,
    closed: bool,
    choose: Option<Radios>,
    button: Button,
    override_form: Option<OverrideForm>,
    history: Option<Table>,
}

fn row(key: &str, value: impl Into<String>) -> SummaryRow {
    SummaryRow::new(key, value)
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

fn summary(case: &CaseSummary, today: jiff::civil::Date) -> SummaryList {
    let dob = match case.date_of_birth {
        Some(d) => format!(
            "{} (aged {})",
            long_date(d),
            imha_law::dates::age_on(d, today)
        ),
        None => "Not known".to_string(),
    };
    let status = match case.status.as_str() {
        "open" => "Open",
        "paused" => "Paused",
        "closed" => "Closed",
        other => other,
    };
    SummaryList {
        rows: vec![
            html_row(
                "Case",
                link(&format!("/staff/cases/{}", case.case_id), &case.reference),
            ),
            row("Date of birth", dob),
            row(
                "Country",
                match case.facts.jurisdiction {
                    Jurisdiction::England => "England",
                    Jurisdiction::Wales => "Wales",
                },
            ),
            row("Status", status),
            row(
                "Advocate now",
                case.advocate_name
                    .clone()
                    .unwrap_or_else(|| "Not allocated".into()),
            ),
        ],
        ..SummaryList::default()
    }
}

fn conflict_lines(conflicts: &[Conflict]) -> Vec<String> {
    conflicts
        .iter()
        .map(|c| {
            let mut r = c.reason.clone();
            if let Some(first) = r.get(..1) {
                r = format!("{}{}", first.to_uppercase(), r.get(1..).unwrap_or_default());
            }
            format!("{r} ({})", c.citation)
        })
        .collect()
}

fn choices(candidates: &[Candidate], value: Option<String>, errors: &Errors) -> Radios {
    let mut items: Vec<ChoiceItem> = Vec::new();
    let eligible = candidates.iter().filter(|c| c.conflicts.is_empty());
    let blocked: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| !c.conflicts.is_empty())
        .collect();
    for c in eligible {
        items.push(ChoiceItem {
            value: Some(c.id.clone()),
            text: Some(c.name.clone()),
            hint: Some(Hint::text(format!(
                "Eligible. {}",
                caseload_text(c.caseload.open, c.caseload.paused)
            ))),
            ..ChoiceItem::default()
        });
    }
    if !blocked.is_empty() && !items.is_empty() {
        items.push(ChoiceItem {
            divider: Some("or, only with a written reason".into()),
            ..ChoiceItem::default()
        });
    }
    for c in blocked {
        let reasons: String = conflict_lines(&c.conflicts)
            .iter()
            .map(|l| format!("<li>{}</li>", esc(l)))
            .collect();
        items.push(ChoiceItem {
            value: Some(c.id.clone()),
            text: Some(c.name.clone()),
            hint: Some(Hint {
                html: Some(TrustedHtml::new(format!(
                    "Not eligible for this patient without an override. {}.\
                     <ul class=\"govuk-list govuk-list--bullet govuk-!-font-size-16\">{reasons}</ul>",
                    esc(&caseload_text(c.caseload.open, c.caseload.paused))
                ))),
                ..Hint::default()
            }),
            ..ChoiceItem::default()
        });
    }
    Radios {
        name: "advocate".into(),
        items,
        value,
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some("Choose an advocate".into()),
                classes: Some("govuk-fieldset__legend--m".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        error_message: error_for(errors, "advocate"),
        ..Radios::default()
    }
}

fn history_table(records: &[allocation::AllocationRecord]) -> Option<Table> {
    (!records.is_empty()).then(|| Table {
        caption: Some("Allocation history".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Allocated"),
            TableCell::text("Advocate"),
            TableCell::text("By"),
            TableCell::text("Conflicts overridden and why"),
        ]),
        rows: records
            .iter()
            .map(|r| {
                let overridden = if r.conflicts.is_empty() {
                    esc("None")
                } else {
                    let codes: Vec<&str> = r.conflicts.iter().map(|c| c.label()).collect();
                    let mut s = esc(&codes.join("; "));
                    if let Some(reason) = &r.override_reason {
                        s.push_str("<br>");
                        s.push_str(multiline(reason).as_str());
                    }
                    s
                };
                vec![
                    TableCell::text(crate::forms::uk_time(&r.allocated_at, "%-d %B %Y at %H:%M")),
                    TableCell::text(r.advocate_name.clone()),
                    TableCell::text(r.allocated_by_name.clone()),
                    TableCell {
                        html: Some(TrustedHtml::new(overridden)),
                        ..TableCell::default()
                    },
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    })
}

/// What the form sent, when the page is shown again.
#[derive(Default)]
struct Sent {
    advocate: Option<String>,
    reason: Option<String>,
    /// Show the override form for this advocate.
    override_for: Option<String>,
    errors: Errors,
}

async fn show(
    state: &AppState,
    session: &Session,
    client: String,
    id: &str,
    sent: Sent,
    code: StatusCode,
) -> Result<Response, Response> {
    let Some(case) = allocation::case_summary(&state.db, id)
        .await
        .map_err(read_failed)?
    else {
        return Err(crate::error::not_found_page());
    };
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("case", id)
            .from_client(client)
            .with_detail("allocation"),
    )
    .await
    .map_err(read_failed)?;
    let today = crate::pages::rights::today(state);
    let candidates = allocation::candidates(&state.db, &case, today, &policy(state))
        .await
        .map_err(read_failed)?;
    let history = allocation::history(&state.db, id)
        .await
        .map_err(read_failed)?;
    let closed = case.status == "closed";
    let override_form = sent
        .override_for
        .as_deref()
        .and_then(|a| candidates.iter().find(|c| c.id == a))
        .filter(|c| !c.conflicts.is_empty() && !closed)
        .map(|c| OverrideForm {
            advocate_id: c.id.clone(),
            advocate_name: c.name.clone(),
            conflicts: conflict_lines(&c.conflicts),
            warning: WarningText {
                text: Some(format!(
                    "{} may not be able to act for this patient. Allocate them only if no \
                     eligible advocate can, or the conflict does not apply, and say why.",
                    c.name
                )),
                icon_fallback_text: Some("Warning".into()),
                ..WarningText::default()
            },
            reason: Textarea {
                value: sent.reason.clone(),
                rows: Some(4),
                label: imha_govuk::Label {
                    text: Some("Why are you allocating them despite the conflicts?".into()),
                    classes: Some("govuk-label--s".into()),
                    ..imha_govuk::Label::default()
                },
                hint: Some(Hint::text(
                    "This is recorded with the allocation and shown in the case's allocation \
                     history.",
                )),
                error_message: error_for(&sent.errors, "override_reason"),
                ..Textarea::new("override_reason", "Why are you allocating them?")
            },
            button: Button {
                text: Some("Allocate despite the conflicts".into()),
                classes: Some("govuk-button--warning".into()),
                ..Button::default()
            },
        });
    let page = AllocatePage {
        layout: Layout::staff(
            state,
            crate::forms::error_title(
                &format!("Allocate an advocate: {}", case.full_name()),
                !sent.errors.is_empty(),
            ),
            "/staff/manage",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&sent.errors),
        id: case.case_id.clone(),
        csrf: session.csrf_token.clone(),
        name: case.full_name(),
        reference: case.reference.clone(),
        summary: summary(&case, today),
        wales: (case.facts.jurisdiction == Jurisdiction::Wales).then_some(WALES_NOTE),
        policy: renewal_policy_text(state),
        closed,
        choose: (!closed && !candidates.is_empty())
            .then(|| choices(&candidates, sent.advocate.clone(), &sent.errors)),
        button: Button {
            text: Some("Allocate".into()),
            ..Button::default()
        },
        override_form,
        history: history_table(&history),
    };
    Ok((code, page).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    show(
        &state,
        &session,
        client_addr(&headers, Some(peer)),
        &id,
        Sent::default(),
        StatusCode::OK,
    )
    .await
}

/// Allocate, or say why not.
async fn attempt(
    state: &AppState,
    session: &Session,
    client: String,
    id: &str,
    answers: &Answers,
    with_reason: bool,
) -> Result<Response, Response> {
    let Some(advocate) = answers.get("advocate") else {
        let sent = Sent {
            errors: vec![("advocate", "Select an advocate".to_string())],
            ..Sent::default()
        };
        return show(state, session, client, id, sent, StatusCode::OK).await;
    };
    let reason = if with_reason {
        answers.get("override_reason")
    } else {
        None
    };
    let who = actor(session, client.clone());
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    let result = allocation::allocate(
        &mut tx,
        id,
        advocate,
        reason,
        &who,
        allocation::When::on(Timestamp::now(), crate::pages::rights::today(state)),
        &policy(state),
    )
    .await;
    let sent = match result {
        Ok(_) => {
            tx.commit().await.map_err(write_failed)?;
            return Ok(Redirect::to(&format!("/staff/cases/{id}?done=allocated")).into_response());
        }
        Err(AllocationError::CaseNotFound) => return Err(crate::error::not_found_page()),
        Err(AllocationError::Conflicts(conflicts)) => {
            let n = conflicts.len();
            let message = if with_reason {
                "Enter why you are allocating this advocate despite the conflicts".to_string()
            } else {
                format!(
                    "This advocate cannot be allocated this case without an override: {n} {} \
                     (listed under Allocate despite the conflicts)",
                    if n == 1 { "conflict" } else { "conflicts" }
                )
            };
            Sent {
                advocate: Some(advocate.to_string()),
                reason: reason.map(str::to_string),
                override_for: Some(advocate.to_string()),
                errors: vec![("override_reason", message)],
            }
        }
        Err(AllocationError::Invalid(e)) => Sent {
            advocate: Some(advocate.to_string()),
            reason: reason.map(str::to_string),
            override_for: Some(advocate.to_string()),
            errors: vec![("override_reason", e.message)],
        },
        Err(AllocationError::AlreadyAllocated) => Sent {
            advocate: Some(advocate.to_string()),
            errors: vec![(
                "advocate",
                "This advocate is already allocated this case: choose another advocate".to_string(),
            )],
            ..Sent::default()
        },
        Err(AllocationError::NotAllocatable(why)) => Sent {
            errors: vec![(
                "advocate",
                format!("This person cannot be allocated cases: {why}"),
            )],
            ..Sent::default()
        },
        Err(AllocationError::CaseClosed) => Sent {
            errors: vec![(
                "advocate",
                "This case is closed. Reopen it before allocating an advocate".to_string(),
            )],
            ..Sent::default()
        },
        Err(AllocationError::Storage(e)) => return Err(write_failed(e)),
    };
    drop(tx);
    show(state, session, client, id, sent, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    attempt(
        &state,
        &session,
        client_addr(&headers, Some(peer)),
        &id,
        &answers,
        false,
    )
    .await
}

pub async fn override_submit(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    attempt(
        &state,
        &session,
        client_addr(&headers, Some(peer)),
        &id,
        &answers,
        true,
    )
    .await
}
