//! The advocates (`GET /staff/advocates`): each active advocate's training, certificate status
//! per barred list and caseload; and one advocate (`GET /staff/advocates/{id}`) with forms to
//! record training or a qualification (`POST .../training`) and a criminal record certificate
//! (`POST .../certificates`). Service managers only.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::{self, Role, Session, User};
use imha_core::advocates::{self, AdvocateError, BarredLists, List, TrainingKind};
use imha_core::allocation;
use imha_core::audit::{self, Action, NewEntry};
use imha_govuk::{
    Button, ChoiceItem, DateInput, ErrorSummary, Fieldset, Hint, Input, Legend, NotificationBanner,
    Radios, Table, TableCell, TrustedHtml,
};
use jiff::Timestamp;

use super::{caseload_text, list_heading, renewal_policy_text, status_html};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::referrals::{
    Answers, BadParts, Errors, actor, date_input, error_for, esc, example_date, html, link,
    read_date, read_failed, tag, write_failed,
};
use crate::staff::signin::success_banner;

fn cell(markup: impl Into<String>) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(markup.into())),
        ..TableCell::default()
    }
}

fn status_cell(status: advocates::CertificateStatus) -> TableCell {
    TableCell {
        html: Some(status_html(status)),
        ..TableCell::default()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/advocates.html")]
struct ListPage {
    layout: Layout,
    table: Option<Table>,
    policy: String,
}

/// Every active advocate: training, certificate status per list, caseload.
pub async fn list(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let today = crate::pages::rights::today(&state);
    let months = state.config.certificate_renewal_months;
    let facts = allocation::advocate_facts(&state.db, None)
        .await
        .map_err(read_failed)?;
    let loads = allocation::caseloads(&state.db)
        .await
        .map_err(read_failed)?;
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("advocates", "all")
            .from_client(client_addr(&headers, Some(peer))),
    )
    .await
    .map_err(read_failed)?;
    let rows: Vec<Vec<TableCell>> = facts
        .iter()
        .map(|(u, f)| {
            let training = match f.training.first() {
                Some(t) => esc(&format!(
                    "{} ({}, {})",
                    t.title,
                    t.kind.label().to_lowercase(),
                    long_date(t.awarded_on)
                )),
                None => html(&tag("None recorded", "red")).as_str().to_string(),
            };
            let load = loads
                .iter()
                .find(|(id, _)| *id == u.id)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            vec![
                cell(link(&format!("/staff/advocates/{}", u.id), &u.name)),
                cell(training),
                status_cell(advocates::certificate_status(
                    &f.certificates,
                    List::Adults,
                    today,
                    months,
                )),
                status_cell(advocates::certificate_status(
                    &f.certificates,
                    List::Children,
                    today,
                    months,
                )),
                TableCell::numeric(load.open.to_string()),
                TableCell::numeric(load.paused.to_string()),
            ]
        })
        .collect();
    let table = (!rows.is_empty()).then(|| Table {
        caption: Some(format!(
            "{} {}",
            rows.len(),
            if rows.len() == 1 {
                "advocate"
            } else {
                "advocates"
            }
        )),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Advocate"),
            TableCell::text("Latest training or qualification"),
            TableCell::text(list_heading(List::Adults)),
            TableCell::text(list_heading(List::Children)),
            TableCell::numeric("Open cases"),
            TableCell::numeric("Paused cases"),
        ]),
        rows,
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    Ok(ListPage {
        layout: Layout::staff(&state, "Advocates", "/staff/advocates", Some(&session)),
        table,
        policy: renewal_policy_text(&state),
    }
    .into_response())
}

pub struct TrainingForm {
    pub kind: Radios,
    pub title: Input,
    pub awarded_on: DateInput,
    pub button: Button,
}

pub struct CertificateForm {
    pub issued_on: DateInput,
    pub lists: Radios,
    pub reference: Input,
    pub button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/advocate.html")]
struct AdvocatePage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    id: String,
    csrf: String,
    name: String,
    email: String,
    status: Table,
    training: Option<Table>,
    certificates: Option<Table>,
    declarations: Option<Table>,
    caseload: String,
    policy: String,
    training_form: TrainingForm,
    certificate_form: CertificateForm,
}

/// What was sent, when a form is shown again with its problems.
#[derive(Default)]
struct Sent {
    training: Option<Answers>,
    certificate: Option<Answers>,
    date_parts: Option<BadParts>,
    errors: Errors,
}

fn small_legend(text: &str) -> Option<Fieldset> {
    Some(Fieldset {
        legend: Some(Legend {
            text: Some(text.to_string()),
            classes: Some("govuk-fieldset__legend--s".into()),
            ..Legend::default()
        }),
        ..Fieldset::default()
    })
}

fn label_s(text: &str) -> imha_govuk::Label {
    imha_govuk::Label {
        text: Some(text.into()),
        classes: Some("govuk-label--s".into()),
        ..imha_govuk::Label::default()
    }
}

fn training_form(state: &AppState, sent: &Sent) -> TrainingForm {
    let a = sent.training.as_ref();
    let typed = |n: &str| a.and_then(|a| a.get(n)).map(str::to_string);
    let today = crate::pages::rights::today(state);
    TrainingForm {
        kind: Radios {
            name: "kind".into(),
            items: TrainingKind::ALL
                .iter()
                .map(|k| ChoiceItem {
                    value: Some(k.id().into()),
                    text: Some(k.label().into()),
                    hint: Some(Hint::text(match k {
                        TrainingKind::Qualification => {
                            "For example, the national qualification in independent mental health advocacy"
                        }
                        TrainingKind::Training => {
                            "For example, an induction course on the Mental Health Act"
                        }
                    })),
                    ..ChoiceItem::default()
                })
                .collect(),
            value: typed("kind"),
            fieldset: small_legend("Qualification or training?"),
            error_message: error_for(&sent.errors, "kind"),
            ..Radios::default()
        },
        title: Input {
            value: typed("title"),
            label: label_s("Name of the qualification or course"),
            error_message: error_for(&sent.errors, "title"),
            autocomplete: Some("off".into()),
            ..Input::new("title", "Name of the qualification or course")
        },
        awarded_on: date_input(
            "awarded_on",
            "Date awarded or completed",
            &example_date(today),
            a,
            None,
            error_for(&sent.errors, "awarded_on")
                .as_ref()
                .and_then(|e| e.text.as_deref()),
            sent.date_parts.filter(|_| a.is_some()),
        ),
        button: Button {
            text: Some("Record training".into()),
            ..Button::default()
        },
    }
}

fn certificate_form(state: &AppState, sent: &Sent) -> CertificateForm {
    let a = sent.certificate.as_ref();
    let typed = |n: &str| a.and_then(|a| a.get(n)).map(str::to_string);
    let today = crate::pages::rights::today(state);
    CertificateForm {
        issued_on: date_input(
            "issued_on",
            "Date of issue",
            &example_date(today),
            a,
            None,
            error_for(&sent.errors, "issued_on")
                .as_ref()
                .and_then(|e| e.text.as_deref()),
            sent.date_parts.filter(|_| a.is_some()),
        ),
        lists: Radios {
            name: "barred_lists".into(),
            items: BarredLists::ALL
                .iter()
                .map(|l| ChoiceItem {
                    value: Some(l.id().into()),
                    text: Some(l.label().into()),
                    ..ChoiceItem::default()
                })
                .collect(),
            value: typed("barred_lists"),
            fieldset: small_legend("Which suitability information does it include?"),
            hint: Some(Hint::text(
                "Patients under 18 need an advocate whose certificate includes children's \
                 information; patients 18 or over, adults' (SI 2008/3166 reg 6(5)).",
            )),
            error_message: error_for(&sent.errors, "barred_lists"),
            ..Radios::default()
        },
        reference: Input {
            value: typed("reference"),
            label: label_s("Certificate number (optional)"),
            hint: Some(Hint::text("The 12-digit number on the certificate")),
            classes: Some("govuk-input--width-20".into()),
            error_message: error_for(&sent.errors, "reference"),
            autocomplete: Some("off".into()),
            ..Input::new("reference", "Certificate number (optional)")
        },
        button: Button {
            text: Some("Record certificate".into()),
            ..Button::default()
        },
    }
}

/// The advocate with `id`, or the 404 page for anyone else.
async fn advocate(state: &AppState, id: &str) -> Result<User, Response> {
    match accounts::user_by_id(&state.db, id)
        .await
        .map_err(read_failed)?
    {
        Some(u) if u.role == Role::Advocate => Ok(u),
        _ => Err(crate::error::not_found_page()),
    }
}

/// The element an error in the summary links to.
fn anchor(field: &str, parts: Option<BadParts>) -> String {
    match field {
        "awarded_on" | "issued_on" => {
            let part = match parts {
                Some(p) if !p.day && !p.month => "year",
                Some(p) if !p.day => "month",
                _ => "day",
            };
            format!("{field}-{part}")
        }
        "kind" | "barred_lists" => field.to_string(),
        f => f.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    session: &Session,
    client: String,
    id: &str,
    sent: Sent,
    banner: Option<NotificationBanner>,
    code: StatusCode,
) -> Result<Response, Response> {
    let user = advocate(state, id).await?;
    let today = crate::pages::rights::today(state);
    let months = state.config.certificate_renewal_months;
    let training = advocates::training(&state.db, Some(id))
        .await
        .map_err(read_failed)?;
    let certificates = advocates::certificates(&state.db, Some(id))
        .await
        .map_err(read_failed)?;
    let declarations = advocates::declarations(&state.db, Some(id), false)
        .await
        .map_err(read_failed)?;
    let load = allocation::caseloads(&state.db)
        .await
        .map_err(read_failed)?
        .into_iter()
        .find(|(a, _)| a == id)
        .map(|(_, l)| l)
        .unwrap_or_default();
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("advocate", id)
            .from_client(client),
    )
    .await
    .map_err(read_failed)?;
    let status = Table {
        caption: Some("Criminal record certificate".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Suitability information"),
            TableCell::text("Status"),
        ]),
        rows: List::ALL
            .iter()
            .map(|l| {
                vec![
                    TableCell::text(match l {
                        List::Adults => "Adults (patients 18 or over)",
                        List::Children => "Children (patients under 18)",
                    }),
                    status_cell(advocates::certificate_status(
                        &certificates,
                        *l,
                        today,
                        months,
                    )),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        ..Table::default()
    };
    let training_table = (!training.is_empty()).then(|| Table {
        caption: Some("Training and qualifications".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Name"),
            TableCell::text("Kind"),
            TableCell::text("Awarded or completed"),
        ]),
        rows: training
            .iter()
            .map(|t| {
                vec![
                    TableCell::text(t.title.clone()),
                    TableCell::text(t.kind.label()),
                    TableCell::text(long_date(t.awarded_on)),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        ..Table::default()
    });
    let certificate_table = (!certificates.is_empty()).then(|| Table {
        caption: Some("Certificates recorded".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Issued"),
            TableCell::text("Includes"),
            TableCell::text("Certificate number"),
            TableCell::text("Renewal due"),
        ]),
        rows: certificates
            .iter()
            .map(|c| {
                vec![
                    TableCell::text(long_date(c.issued_on)),
                    TableCell::text(c.lists.label()),
                    TableCell::text(c.reference.clone().unwrap_or_else(|| "Not given".into())),
                    TableCell::text(long_date(advocates::valid_until(c.issued_on, months))),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        ..Table::default()
    });
    let declaration_table = (!declarations.is_empty()).then(|| Table {
        caption: Some("Links with patients they have declared".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Patient"),
            TableCell::text("Link"),
            TableCell::text("Declared"),
        ]),
        rows: declarations
            .iter()
            .map(|d| {
                vec![
                    TableCell::text(d.patient_text()),
                    TableCell::text(d.kind.label()),
                    TableCell::text(crate::forms::uk_time(&d.declared_at, "%-d %B %Y")),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        ..Table::default()
    });
    let links: Vec<(String, String)> = sent
        .errors
        .iter()
        .map(|(f, m)| (anchor(f, sent.date_parts), m.clone()))
        .collect();
    let links_ref: Vec<(&str, String)> =
        links.iter().map(|(a, m)| (a.as_str(), m.clone())).collect();
    let page = AdvocatePage {
        layout: Layout::staff(
            state,
            crate::forms::error_title(&user.name, !sent.errors.is_empty()),
            "/staff/advocates",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links_ref),
        banner,
        id: user.id.clone(),
        csrf: session.csrf_token.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        status,
        training: training_table,
        certificates: certificate_table,
        declarations: declaration_table,
        caseload: caseload_text(load.open, load.paused),
        policy: renewal_policy_text(state),
        training_form: training_form(state, &sent),
        certificate_form: certificate_form(state, &sent),
    };
    Ok((code, page).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let banner = match q.done.as_deref() {
        Some("training") => Some(success_banner("Training recorded.")),
        Some("certificate") => Some(success_banner("Certificate recorded.")),
        _ => None,
    };
    show(
        &state,
        &session,
        client_addr(&headers, Some(peer)),
        &id,
        Sent::default(),
        banner,
        StatusCode::OK,
    )
    .await
}

fn field_errors(e: Vec<imha_core::referrals::FieldError>) -> Errors {
    e.into_iter().map(|e| (e.field, e.message)).collect()
}

pub async fn training(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let client = client_addr(&headers, Some(peer));
    let who = actor(&session, client.clone());
    let kind = answers.get("kind").and_then(TrainingKind::parse);
    let mut errors = Errors::new();
    let mut parts = None;
    let awarded = match read_date(&answers, "awarded_on", "The date it was awarded") {
        Ok(d) => d,
        Err(p) => {
            errors.push(("awarded_on", p.message));
            parts = Some(p.parts);
            None
        }
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    let result = advocates::record_training(
        &mut tx,
        &id,
        kind,
        answers.get("title"),
        awarded,
        &who,
        Timestamp::now(),
    )
    .await;
    match result {
        Ok(_) if errors.is_empty() => {
            tx.commit().await.map_err(write_failed)?;
            Ok(Redirect::to(&format!("/staff/advocates/{id}?done=training")).into_response())
        }
        Ok(_) => {
            drop(tx);
            resend_training(&state, &session, client, &id, answers, errors, parts).await
        }
        Err(AdvocateError::Invalid(v)) => {
            drop(tx);
            // A date that could not be read keeps its own message, not "Enter the date".
            let read_problem = !errors.is_empty();
            for (f, m) in field_errors(v) {
                if !(read_problem && f == "awarded_on") {
                    errors.push((f, m));
                }
            }
            errors
                .sort_by_key(|(f, _)| ["kind", "title", "awarded_on"].iter().position(|x| x == f));
            resend_training(&state, &session, client, &id, answers, errors, parts).await
        }
        Err(AdvocateError::NotFound) => Err(crate::error::not_found_page()),
        Err(e) => Err(write_failed(e)),
    }
}

async fn resend_training(
    state: &AppState,
    session: &Session,
    client: String,
    id: &str,
    answers: Answers,
    errors: Errors,
    parts: Option<BadParts>,
) -> Result<Response, Response> {
    let sent = Sent {
        training: Some(answers),
        date_parts: parts,
        errors,
        ..Sent::default()
    };
    show(state, session, client, id, sent, None, StatusCode::OK).await
}

pub async fn certificate(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let client = client_addr(&headers, Some(peer));
    let who = actor(&session, client.clone());
    let lists = answers.get("barred_lists").and_then(BarredLists::parse);
    let mut errors = Errors::new();
    let mut parts = None;
    let issued = match read_date(&answers, "issued_on", "The date of issue") {
        Ok(d) => d,
        Err(p) => {
            errors.push(("issued_on", p.message));
            parts = Some(p.parts);
            None
        }
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    let result = advocates::record_certificate(
        &mut tx,
        &id,
        issued,
        lists,
        answers.get("reference"),
        &who,
        Timestamp::now(),
    )
    .await;
    let errors = match result {
        Ok(_) if errors.is_empty() => {
            tx.commit().await.map_err(write_failed)?;
            return Ok(
                Redirect::to(&format!("/staff/advocates/{id}?done=certificate")).into_response(),
            );
        }
        Ok(_) => errors,
        Err(AdvocateError::Invalid(v)) => {
            let read_problem = !errors.is_empty();
            for (f, m) in field_errors(v) {
                if !(read_problem && f == "issued_on") {
                    errors.push((f, m));
                }
            }
            errors.sort_by_key(|(f, _)| {
                ["issued_on", "barred_lists", "reference"]
                    .iter()
                    .position(|x| x == f)
            });
            errors
        }
        Err(AdvocateError::NotFound) => return Err(crate::error::not_found_page()),
        Err(e) => return Err(write_failed(e)),
    };
    drop(tx);
    let sent = Sent {
        certificate: Some(answers),
        date_parts: parts,
        errors,
        ..Sent::default()
    };
    show(&state, &session, client, &id, sent, None, StatusCode::OK).await
}
