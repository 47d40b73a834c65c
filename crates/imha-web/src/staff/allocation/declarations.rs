//! An advocate's own declared links with patients (`GET /staff/declarations`), a new one
//! (`GET`/`POST /staff/declarations/new`: the patient by NHS number, or name and date of
//! birth) and withdrawing one (`POST /staff/declarations/withdraw`). Advocates and managers,
//! each for themselves. A declaration naming a patient stops allocation of that patient's case
//! to the person (SI 2008/3166 reg 6(2)(c) and (d)) unless a manager overrides it.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::Session;
use imha_core::advocates::{self, AdvocateError, InterestKind, NewDeclaration};
use imha_core::audit::{self, Action, NewEntry};
use imha_govuk::{
    Button, ChoiceItem, DateInput, ErrorSummary, Fieldset, Hint, Input, Legend, NotificationBanner,
    Radios, Table, TableCell, Textarea, TrustedHtml,
};
use jiff::Timestamp;

use crate::AppState;
use crate::pages::Layout;
use crate::staff::client_addr;
use crate::staff::referrals::{
    Answers, BadParts, Errors, actor, date_input, error_for, esc, multiline, read_date,
    read_failed, write_failed,
};
use crate::staff::signin::success_banner;

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/declarations.html")]
struct ListPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    current: Option<Table>,
    withdrawn: Option<Table>,
    add: Button,
}

fn withdraw_form(csrf: &str, id: &str, who: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/staff/declarations/withdraw\" novalidate>\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <input type=\"hidden\" name=\"declaration\" value=\"{}\">\
         <button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" \
         data-module=\"govuk-button\">Withdraw<span class=\"govuk-visually-hidden\"> the declaration about {}</span></button>\
         </form>",
        esc(csrf),
        esc(id),
        esc(who)
    )
}

async fn show_list(
    state: &AppState,
    session: &Session,
    client: String,
    errors: Errors,
    banner: Option<NotificationBanner>,
    code: StatusCode,
) -> Result<Response, Response> {
    let all = advocates::declarations(&state.db, Some(&session.user.id), true)
        .await
        .map_err(read_failed)?;
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
            .on_record("interest-declarations", session.user.id.clone())
            .from_client(client),
    )
    .await
    .map_err(read_failed)?;
    let (current, old): (Vec<_>, Vec<_>) = all.iter().partition(|d| d.withdrawn_at.is_none());
    let when = |t: &str| crate::forms::uk_time(t, "%-d %B %Y");
    let current_table = (!current.is_empty()).then(|| Table {
        caption: Some("Your declared links".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Patient"),
            TableCell::text("Link"),
            TableCell::text("What you said"),
            TableCell::text("Declared"),
            TableCell {
                html: Some(TrustedHtml::new(
                    "<span class=\"govuk-visually-hidden\">Actions</span>",
                )),
                ..TableCell::default()
            },
        ]),
        rows: current
            .iter()
            .map(|d| {
                let who = d.patient_text();
                vec![
                    TableCell::text(who.clone()),
                    TableCell::text(d.kind.label()),
                    TableCell {
                        html: Some(multiline(&d.description)),
                        ..TableCell::default()
                    },
                    TableCell::text(when(&d.declared_at)),
                    TableCell {
                        html: Some(TrustedHtml::new(withdraw_form(
                            &session.csrf_token,
                            &d.id,
                            &who,
                        ))),
                        ..TableCell::default()
                    },
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    let withdrawn_table = (!old.is_empty()).then(|| Table {
        caption: Some("Withdrawn".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Patient"),
            TableCell::text("Link"),
            TableCell::text("Declared"),
            TableCell::text("Withdrawn"),
        ]),
        rows: old
            .iter()
            .map(|d| {
                vec![
                    TableCell::text(d.patient_text()),
                    TableCell::text(d.kind.label()),
                    TableCell::text(when(&d.declared_at)),
                    TableCell::text(d.withdrawn_at.as_deref().map(when).unwrap_or_default()),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    let page = ListPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Your links with patients", !errors.is_empty()),
            "/staff/declarations",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&errors),
        banner,
        current: current_table,
        withdrawn: withdrawn_table,
        add: Button {
            text: Some("Declare a link with a patient".into()),
            href: Some("/staff/declarations/new".into()),
            ..Button::default()
        },
    };
    Ok((code, page).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let banner = match q.done.as_deref() {
        Some("declared") => Some(success_banner(
            "Link declared. Managers will see it when they allocate this patient's case.",
        )),
        Some("withdrawn") => Some(success_banner("Declaration withdrawn.")),
        _ => None,
    };
    show_list(
        &state,
        &session,
        client_addr(&headers, Some(peer)),
        Errors::new(),
        banner,
        StatusCode::OK,
    )
    .await
}

pub async fn withdraw(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let client = client_addr(&headers, Some(peer));
    let Some(id) = answers.get("declaration") else {
        let errors = vec![(
            "declarations",
            "Choose a declaration to withdraw".to_string(),
        )];
        return show_list(&state, &session, client, errors, None, StatusCode::OK).await;
    };
    let who = actor(&session, client.clone());
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match advocates::withdraw(&mut tx, id, &session.user.id, &who, Timestamp::now()).await {
        Ok(()) => {
            tx.commit().await.map_err(write_failed)?;
            Ok(Redirect::to("/staff/declarations?done=withdrawn").into_response())
        }
        Err(AdvocateError::NotFound) => {
            drop(tx);
            let errors = vec![(
                "declarations",
                "That declaration is not one of yours, or it has already been withdrawn"
                    .to_string(),
            )];
            show_list(&state, &session, client, errors, None, StatusCode::OK).await
        }
        Err(e) => Err(write_failed(e)),
    }
}

pub struct DeclareForm {
    pub kind: Radios,
    pub nhs_number: Input,
    pub given_name: Input,
    pub family_name: Input,
    pub date_of_birth: DateInput,
    pub description: Textarea,
    pub button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/allocation/declare.html")]
struct DeclarePage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    csrf: String,
    form: DeclareForm,
}

fn declare_page(
    state: &AppState,
    session: &Session,
    answers: Option<&Answers>,
    errors: &Errors,
    parts: Option<BadParts>,
) -> DeclarePage {
    let typed = |n: &str| answers.and_then(|a| a.get(n)).map(str::to_string);
    let label = |t: &str| imha_govuk::Label {
        text: Some(t.into()),
        classes: Some("govuk-label--s".into()),
        ..imha_govuk::Label::default()
    };
    let form = DeclareForm {
        kind: Radios {
            name: "kind".into(),
            items: InterestKind::ALL
                .iter()
                .map(|k| ChoiceItem {
                    value: Some(k.id().into()),
                    text: Some(k.label().into()),
                    ..ChoiceItem::default()
                })
                .collect(),
            value: typed("kind"),
            fieldset: Some(Fieldset {
                legend: Some(Legend {
                    text: Some("What is your link with the patient?".into()),
                    classes: Some("govuk-fieldset__legend--m".into()),
                    ..Legend::default()
                }),
                ..Fieldset::default()
            }),
            error_message: error_for(errors, "kind"),
            ..Radios::default()
        },
        nhs_number: Input {
            value: typed("nhs_number"),
            label: label("NHS number"),
            hint: Some(Hint::text("For example, 485 777 3456")),
            classes: Some("govuk-input--width-10".into()),
            inputmode: Some("numeric".into()),
            autocomplete: Some("off".into()),
            error_message: error_for(errors, "nhs_number"),
            ..Input::new("nhs_number", "NHS number")
        },
        given_name: Input {
            value: typed("given_name"),
            label: label("First name"),
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            error_message: error_for(errors, "given_name"),
            ..Input::new("given_name", "First name")
        },
        family_name: Input {
            value: typed("family_name"),
            label: label("Last name"),
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            error_message: error_for(errors, "family_name"),
            ..Input::new("family_name", "Last name")
        },
        date_of_birth: date_input(
            "date_of_birth",
            "Date of birth",
            "For example, 27 3 1985",
            answers,
            None,
            error_for(errors, "date_of_birth")
                .as_ref()
                .and_then(|e| e.text.as_deref()),
            parts,
        ),
        description: Textarea {
            value: typed("description"),
            rows: Some(4),
            label: label("Describe the link"),
            hint: Some(Hint::text(
                "For example, your role and when it started and ended. Managers see this when \
                 they allocate the patient's case.",
            )),
            error_message: error_for(errors, "description"),
            ..Textarea::new("description", "Describe the link")
        },
        button: Button {
            text: Some("Declare this link".into()),
            ..Button::default()
        },
    };
    let links: Vec<(&str, String)> = errors
        .iter()
        .map(|(f, m)| {
            let to = match *f {
                "date_of_birth" => match parts {
                    Some(p) if !p.day && !p.month => "date_of_birth-year",
                    Some(p) if !p.day => "date_of_birth-month",
                    _ => "date_of_birth-day",
                },
                f => f,
            };
            (to, m.clone())
        })
        .collect();
    DeclarePage {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Declare a link with a patient", !errors.is_empty()),
            "/staff/declarations",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links),
        csrf: session.csrf_token.clone(),
        form,
    }
}

pub async fn form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Response {
    declare_page(&state, &session, None, &Errors::new(), None).into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let who = actor(&session, client_addr(&headers, Some(peer)));
    let mut errors = Errors::new();
    let mut parts = None;
    let dob = match read_date(&answers, "date_of_birth", "Date of birth") {
        Ok(d) => d,
        Err(p) => {
            errors.push(("date_of_birth", p.message));
            parts = Some(p.parts);
            None
        }
    };
    let new = NewDeclaration {
        kind: answers.get("kind").and_then(InterestKind::parse),
        nhs_number: answers.owned("nhs_number"),
        given_name: answers.owned("given_name"),
        family_name: answers.owned("family_name"),
        date_of_birth: dob,
        description: answers.owned("description"),
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match advocates::declare(&mut tx, &session.user.id, &new, &who, Timestamp::now()).await {
        Ok(_) if errors.is_empty() => {
            tx.commit().await.map_err(write_failed)?;
            return Ok(Redirect::to("/staff/declarations?done=declared").into_response());
        }
        Ok(_) => {}
        Err(AdvocateError::Invalid(v)) => {
            let read_problem = !errors.is_empty();
            for e in v {
                if !(read_problem && e.field == "date_of_birth") {
                    errors.push((e.field, e.message));
                }
            }
        }
        Err(e) => return Err(write_failed(e)),
    }
    drop(tx);
    let order = [
        "kind",
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "description",
    ];
    errors.sort_by_key(|(f, _)| order.iter().position(|x| x == f));
    Ok(declare_page(&state, &session, Some(&answers), &errors, parts).into_response())
}
