//! The provider's quality self-assessment (issue 9 point 1) at `/staff/quality`: the list of
//! assessments over time, starting one (from scratch or repeating the last), the assessment
//! page (SCIE's ten indicators, each with its rating, evidence, live figures and actions),
//! adding and completing actions, finalising with a confirmation, comparing two assessments,
//! and exports as CSV (`/staff/quality/{id}.csv`) and as a tagged PDF (`/staff/quality/{id}.pdf`).
//!
//! Who sees what is `imha_core::quality`'s rule: managers edit their provider's assessments
//! (AssessQuality), advocates see them, commissioners see the final assessments of providers in
//! their area (ViewQuality); anything else is the 404 page. Red, amber and green are always
//! written out ("Amber: attention needed"), never shown by colour alone (WCAG 1.4.1).
//!
//! `/staff/quality/{id}`, `{id}.csv` and `{id}.pdf` are one route: the router cannot match a
//! suffix after a parameter, so [`show`] reads it.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use imha_core::accounts::Session;
use imha_core::quality::{
    self, Assessment, Editor, FullAssessment, INDICATORS, QualityError, Rating, RawAction,
    RawAssessment, RawRating, Scope, Status,
};
use imha_core::referrals::FieldError;
use imha_core::reports;
use imha_govuk::{
    Button, ChoiceItem, Details, ErrorLink, ErrorSummary, Fieldset, Hint, Input, Label, Legend,
    NotificationBanner, Radios, Select, SelectItem, SummaryList, SummaryRow, Table, TableCell, Tag,
    Textarea, TrustedHtml,
};
use imha_pdf::{Block, Document, Inline};
use jiff::Timestamp;
use jiff::civil::Date;

use super::client_addr;
use super::referrals::{
    Answers, Errors, date_input, error_for, esc, html, multiline, read_date, read_failed,
    write_failed,
};
use super::signin::{FormPage, FormTemplate, success_banner};
use crate::AppState;
use crate::pages::Layout;

const PATH: &str = "/staff/quality";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(PATH, get(list))
        .route("/staff/quality/new", get(new_form).post(create))
        .route("/staff/quality/compare", get(compare))
        .route("/staff/quality/{id}", get(show))
        .route("/staff/quality/{id}/indicators/{n}", post(rate))
        .route(
            "/staff/quality/{id}/actions/new",
            get(action_form).post(add_action),
        )
        .route(
            "/staff/quality/{id}/actions/{action}/done",
            post(complete_action),
        )
        .route(
            "/staff/quality/{id}/finalise",
            get(finalise_form).post(finalise),
        )
}

// ---------------------------------------------------------------------------------------------
// Shared

fn today(state: &AppState) -> Date {
    crate::pages::rights::today(state)
}

fn day(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn when(t: Timestamp) -> String {
    crate::forms::uk_time(&t.to_string(), "%-d %B %Y")
}

fn period(a: &Assessment) -> String {
    format!("{} to {}", day(a.period_start), day(a.period_end))
}

/// A rating as a GOV.UK tag whose text says the rating and what it means.
pub fn rating_tag(rating: Option<Rating>) -> Tag {
    let (text, colour) = match rating {
        Some(r) => (
            format!("{}: {}", r.label(), r.meaning()),
            match r {
                Rating::Red => "red",
                Rating::Amber => "orange",
                Rating::Green => "green",
            },
        ),
        None => ("Not yet rated".to_string(), "grey"),
    };
    super::referrals::tag(&text, colour)
}

fn status_tag(status: Status) -> Tag {
    match status {
        Status::Draft => super::referrals::tag("Draft", "grey"),
        Status::Final => super::referrals::tag("Final", "blue"),
    }
}

/// The page for someone whose account has no organisation, or whose role has none to assess.
fn no_scope(state: &AppState, session: &Session) -> Response {
    FormTemplate {
        layout: Layout::staff(state, "Quality self-assessment", PATH, Some(session)),
        page: FormPage {
            heading: "Quality self-assessment".into(),
            intro: vec![
                "Your account is not linked to an advocacy provider or a council, so there are \
                 no self-assessments to show you."
                    .into(),
                "Ask an administrator to add your organisation to your account.".into(),
            ],
            error_summary: None,
            banner: None,
            extra: TrustedHtml::default(),
            action: None,
            csrf: None,
            hidden: Vec::new(),
            fields: Vec::new(),
            button: Button::default(),
            links: vec![("/staff".into(), "Back to staff home".into())],
        },
    }
    .into_response()
}

async fn load(state: &AppState, scope: &Scope, id: &str) -> Result<FullAssessment, Response> {
    quality::get(&state.db, scope, id)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)
}

/// The live figures beside the indicators of a draft, for its period: the report figures
/// (`reports::compute`, published through the small-number rule) as `quality::live_evidence`'s
/// sentences. A final assessment shows the figures it kept when it was finalised instead.
async fn live_figures(state: &AppState, a: &Assessment) -> Result<Vec<(u8, String)>, Response> {
    if a.status == Status::Final {
        return Ok(Vec::new());
    }
    // Only the provider's own people see a draft: the whole service's figures.
    let query = reports::Query {
        area: reports::Area::Everywhere,
        from: a.period_start,
        to: a.period_end,
    };
    let target = u32::try_from(state.config.response_target_working_days).unwrap_or(0);
    let figures = reports::compute(&state.db, &query, target)
        .await
        .map_err(read_failed)?;
    Ok(quality::live_evidence(
        &figures,
        &reports::Suppression::default(),
    ))
}

fn core_errors(v: Vec<FieldError>) -> Errors {
    v.into_iter().map(|e| (e.field, e.message)).collect()
}

fn back_to(id: &str) -> (String, String) {
    (
        format!("/staff/quality/{id}"),
        "Back to the assessment".into(),
    )
}

/// The page for a change to a final assessment (409).
fn final_refusal(state: &AppState, session: &Session, full: &FullAssessment) -> Response {
    let page = FormTemplate {
        layout: Layout::staff(state, "This assessment is final", PATH, Some(session)),
        page: FormPage {
            heading: "This assessment is final".into(),
            intro: vec![
                format!(
                    "{} was finalised and can no longer be changed.",
                    full.assessment.title
                ),
                "To record what has changed since, start a new assessment from it.".into(),
            ],
            error_summary: None,
            banner: None,
            extra: TrustedHtml::default(),
            action: None,
            csrf: None,
            hidden: Vec::new(),
            fields: Vec::new(),
            button: Button::default(),
            links: vec![
                back_to(&full.assessment.id),
                ("/staff/quality/new".into(), "Start a new assessment".into()),
            ],
        },
    };
    (StatusCode::CONFLICT, page).into_response()
}

/// A change failed in the core: the final page, the 404 page, or the 500 page (field errors
/// are handled by each caller).
fn change_failed(
    state: &AppState,
    session: &Session,
    full: &FullAssessment,
    e: QualityError,
) -> Response {
    match e {
        QualityError::Final => final_refusal(state, session, full),
        QualityError::NotFound => crate::error::not_found_page(),
        e => write_failed(e),
    }
}

// ---------------------------------------------------------------------------------------------
// The list

#[derive(Template, WebTemplate)]
#[template(path = "staff/quality/list.html")]
struct ListPage {
    layout: Layout,
    banner: Option<NotificationBanner>,
    table: Option<Table>,
    start: Option<Button>,
    draft: Option<(String, String)>,
    compare: bool,
    commissioner: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

fn counts(s: &quality::Summary) -> String {
    let mut parts = vec![
        format!("{} red", s.red),
        format!("{} amber", s.amber),
        format!("{} green", s.green),
    ];
    if s.not_rated > 0 {
        parts.push(format!("{} not yet rated", s.not_rated));
    }
    parts.join(", ")
}

async fn list(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let scope = Scope::for_user(&session.user).ok_or_else(|| no_scope(&state, &session))?;
    let all = quality::list(&state.db, &scope)
        .await
        .map_err(read_failed)?;
    let commissioner = matches!(scope, Scope::Area { .. });
    let editor = Editor::for_user(&session.user, None).is_some();
    let draft = all
        .iter()
        .find(|s| s.assessment.status == Status::Draft)
        .map(|s| {
            (
                format!("/staff/quality/{}", s.assessment.id),
                s.assessment.title.clone(),
            )
        });
    let mut head = vec![TableCell::text("Assessment")];
    if commissioner {
        head.push(TableCell::text("Provider"));
    }
    head.extend([
        TableCell::text("Period"),
        TableCell::text("Status"),
        TableCell::text("Ratings"),
        TableCell::numeric("Open actions"),
        TableCell::text("Date"),
    ]);
    let table = (!all.is_empty()).then(|| Table {
        caption: Some("Assessments, newest first".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(head),
        rows: all
            .iter()
            .map(|s| {
                let a = &s.assessment;
                let mut row = vec![TableCell {
                    html: Some(TrustedHtml::new(super::referrals::link(
                        &format!("/staff/quality/{}", a.id),
                        &a.title,
                    ))),
                    ..TableCell::default()
                }];
                if commissioner {
                    row.push(TableCell::text(a.provider_name.clone()));
                }
                let date = match a.finalised_at {
                    Some(t) => format!("Finalised {}", when(t)),
                    None => format!("Started {}", when(a.created_at)),
                };
                row.extend([
                    TableCell::text(period(a)),
                    TableCell {
                        html: Some(html(&status_tag(a.status))),
                        ..TableCell::default()
                    },
                    TableCell::text(counts(s)),
                    TableCell::numeric(s.open_actions.to_string()),
                    TableCell::text(date),
                ]);
                row
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    });
    let banner = match q.done.as_deref() {
        Some("finalised") => Some(success_banner("Assessment finalised.")),
        _ => None,
    };
    Ok(ListPage {
        layout: Layout::staff(&state, "Quality self-assessment", PATH, Some(&session)),
        banner,
        table,
        start: (editor && draft.is_none()).then(|| Button {
            text: Some("Start a new assessment".into()),
            href: Some("/staff/quality/new".into()),
            ..Button::default()
        }),
        draft: draft.filter(|_| editor),
        compare: all.len() >= 2,
        commissioner,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Starting one

fn new_page(
    state: &AppState,
    session: &Session,
    last: Option<&Assessment>,
    answers: Option<&Answers>,
    errors: &Errors,
    parts: [Option<super::referrals::BadParts>; 2],
) -> Response {
    let today = today(state);
    let typed = |n: &str| answers.and_then(|a| a.get(n)).map(str::to_string);
    let err_text = |f: &str| {
        errors
            .iter()
            .find(|(k, _)| *k == f)
            .map(|(_, m)| m.as_str())
    };
    let mut fields = vec![html(&Input {
        value: typed("title"),
        label: Label {
            text: Some("Name of the assessment".into()),
            classes: Some("govuk-label--s".into()),
            ..Label::default()
        },
        hint: Some(Hint::text("For example, Spring 2027")),
        classes: Some("govuk-input--width-20".into()),
        error_message: error_for(errors, "title"),
        ..Input::new("title", "Name of the assessment")
    })];
    let start = imha_law::dates::add_days(today, -182);
    fields.push(html(&date_input(
        "period_start",
        "Start of the period it looks back over",
        &super::referrals::example_date(start),
        answers,
        Some(start),
        err_text("period_start"),
        parts[0],
    )));
    fields.push(html(&date_input(
        "period_end",
        "End of the period",
        &super::referrals::example_date(today),
        answers,
        Some(today),
        err_text("period_end"),
        parts[1],
    )));
    let mut hidden = Vec::new();
    if let Some(last) = last {
        fields.push(html(&Radios {
            name: "repeat".into(),
            items: vec![
                ChoiceItem {
                    value: Some("yes".into()),
                    text: Some(format!("Yes, start from {}", last.title)),
                    hint: Some(Hint::text(
                        "Its ratings and evidence are copied, and its open actions carried over, \
                         for you to review",
                    )),
                    ..ChoiceItem::default()
                },
                ChoiceItem {
                    value: Some("no".into()),
                    text: Some("No, start with nothing rated".into()),
                    ..ChoiceItem::default()
                },
            ],
            value: Some(typed("repeat").unwrap_or_else(|| "yes".into())),
            fieldset: Some(Fieldset {
                legend: Some(Legend {
                    text: Some("Start from the last assessment?".into()),
                    classes: Some("govuk-fieldset__legend--s".into()),
                    ..Legend::default()
                }),
                ..Fieldset::default()
            }),
            ..Radios::default()
        }));
    } else {
        hidden.push(("repeat".to_string(), "no".to_string()));
    }
    let links: Vec<(&str, String)> = errors
        .iter()
        .map(|(f, m)| {
            let to = match *f {
                "period_start" => "period_start-day",
                "period_end" => "period_end-day",
                f => f,
            };
            (to, m.clone())
        })
        .collect();
    FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Start a new assessment", !errors.is_empty()),
            PATH,
            Some(session),
        ),
        page: FormPage {
            heading: "Start a new assessment".into(),
            intro: vec![
                "Rate each of SCIE's ten quality indicators red, amber or green, with your \
                 evidence and what you will do. You can save as you go and finalise it when \
                 every indicator is rated."
                    .into(),
            ],
            error_summary: crate::forms::error_summary(&links),
            banner: None,
            extra: TrustedHtml::default(),
            action: Some("/staff/quality/new".into()),
            csrf: Some(session.csrf_token.clone()),
            hidden,
            fields,
            button: Button {
                text: Some("Start the assessment".into()),
                ..Button::default()
            },
            links: vec![(PATH.into(), "Back to the assessments".into())],
        },
    }
    .into_response()
}

/// The draft in progress, if any, and the newest assessment.
async fn draft_and_last(
    state: &AppState,
    scope: &Scope,
) -> Result<(Option<Assessment>, Option<Assessment>), Response> {
    let all = quality::list(&state.db, scope).await.map_err(read_failed)?;
    let draft = all
        .iter()
        .find(|s| s.assessment.status == Status::Draft)
        .map(|s| s.assessment.clone());
    Ok((draft, all.into_iter().next().map(|s| s.assessment)))
}

fn draft_exists_page(state: &AppState, session: &Session, draft: &Assessment) -> Response {
    FormTemplate {
        layout: Layout::staff(state, "An assessment is in progress", PATH, Some(session)),
        page: FormPage {
            heading: "An assessment is in progress".into(),
            intro: vec![format!(
                "{} has not been finalised yet. Finish and finalise it before you start another.",
                draft.title
            )],
            error_summary: None,
            banner: None,
            extra: TrustedHtml::default(),
            action: None,
            csrf: None,
            hidden: Vec::new(),
            fields: Vec::new(),
            button: Button::default(),
            links: vec![(
                format!("/staff/quality/{}", draft.id),
                format!("Go to {}", draft.title),
            )],
        },
    }
    .into_response()
}

async fn new_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id,
    };
    let (draft, last) = draft_and_last(&state, &scope).await?;
    if let Some(d) = draft {
        return Ok(draft_exists_page(&state, &session, &d));
    }
    Ok(new_page(
        &state,
        &session,
        last.as_ref(),
        None,
        &Errors::new(),
        [None, None],
    ))
}

async fn create(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let answers = Answers(pairs);
    let mut errors = Errors::new();
    let mut parts = [None, None];
    let mut read =
        |prefix: &'static str, what: &str, i: usize| match read_date(&answers, prefix, what) {
            Ok(d) => d,
            Err(p) => {
                errors.push((prefix, p.message));
                parts[i] = Some(p.parts);
                None
            }
        };
    let period_start = read("period_start", "The start of the period", 0);
    let period_end = read("period_end", "The end of the period", 1);
    let raw = RawAssessment {
        title: answers.get("title").unwrap_or("").to_string(),
        period_start,
        period_end,
        repeat: answers.get("repeat") != Some("no"),
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match quality::create(&mut tx, &editor, &raw, today(&state), Timestamp::now()).await {
        Ok(id) if errors.is_empty() => {
            tx.commit().await.map_err(write_failed)?;
            return Ok(Redirect::to(&format!("/staff/quality/{id}?done=started")).into_response());
        }
        Ok(_) => {}
        Err(QualityError::Invalid(v)) => {
            for (field, message) in core_errors(v) {
                // A date that could not be read has its own message already.
                if !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, message));
                }
            }
        }
        Err(QualityError::DraftExists(_)) => {
            drop(tx);
            let scope = Scope::Provider {
                provider_id: editor.provider_id,
            };
            let (draft, _) = draft_and_last(&state, &scope).await?;
            return Ok(match draft {
                Some(d) => draft_exists_page(&state, &session, &d),
                None => Redirect::to(PATH).into_response(),
            });
        }
        Err(e) => return Err(write_failed(e)),
    }
    drop(tx);
    let order = ["title", "period_start", "period_end"];
    errors.sort_by_key(|(f, _)| order.iter().position(|x| x == f));
    let scope = Scope::Provider {
        provider_id: editor.provider_id,
    };
    let (_, last) = draft_and_last(&state, &scope).await?;
    Ok(new_page(
        &state,
        &session,
        last.as_ref(),
        Some(&answers),
        &errors,
        parts,
    ))
}

// ---------------------------------------------------------------------------------------------
// The assessment page

/// One indicator's rating form.
pub struct RatingForm {
    pub action: String,
    pub rating: Radios,
    pub evidence: Textarea,
    pub button: Button,
}

/// One indicator as the page shows it.
pub struct IndicatorView {
    pub number: u8,
    pub title: &'static str,
    pub wording: &'static str,
    pub suggested: Details,
    pub live_heading: &'static str,
    pub live: Vec<String>,
    pub tag: Tag,
    pub evidence: Option<TrustedHtml>,
    pub form: Option<RatingForm>,
    pub actions: Option<Table>,
    pub add_action: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/quality/assessment.html")]
struct AssessmentPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    provider: String,
    heading: String,
    facts: SummaryList,
    contents: Table,
    csv: String,
    pdf: String,
    csrf: String,
    indicators: Vec<IndicatorView>,
    finalise: Option<Button>,
    is_final: bool,
}

/// What was sent for one indicator, shown again with its problems.
struct Sent {
    indicator: u8,
    rating: Option<String>,
    evidence: String,
}

fn rating_radios(n: u8, value: Option<String>, errors: &Errors) -> Radios {
    let item = |r: Rating| ChoiceItem {
        value: Some(r.id().into()),
        text: Some(r.label().into()),
        hint: Some(Hint::text(capitalise(r.meaning()))),
        ..ChoiceItem::default()
    };
    Radios {
        name: "rating".into(),
        id_prefix: Some(format!("indicator-{n}")),
        items: vec![item(Rating::Red), item(Rating::Amber), item(Rating::Green)],
        value,
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(format!("Rating for indicator {n}")),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        error_message: error_for(errors, "rating"),
        ..Radios::default()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn actions_table(
    full: &FullAssessment,
    n: u8,
    editable: bool,
    csrf: &str,
    today: Date,
) -> Option<Table> {
    let actions: Vec<_> = full.actions_for(n).collect();
    if actions.is_empty() {
        return None;
    }
    let mut head = vec![
        TableCell::text("What"),
        TableCell::text("Owner"),
        TableCell::text("Due"),
        TableCell::text("Status"),
    ];
    let any_open = editable && actions.iter().any(|a| !a.done);
    if any_open {
        head.push(TableCell {
            html: Some(TrustedHtml::new(
                "<span class=\"govuk-visually-hidden\">Mark done</span>",
            )),
            ..TableCell::default()
        });
    }
    Some(Table {
        caption: Some(format!("Actions for indicator {n}")),
        caption_classes: Some("govuk-visually-hidden".into()),
        head: Some(head),
        rows: actions
            .iter()
            .map(|a| {
                let status = if a.done {
                    super::referrals::tag("Done", "green")
                } else if a.overdue(today) {
                    super::referrals::tag("Overdue", "red")
                } else {
                    super::referrals::tag("Open", "blue")
                };
                let mut what = esc(&a.description);
                if a.carried_from.is_some() {
                    what.push_str(
                        "<br><span class=\"govuk-body-s govuk-!-margin-bottom-0\">Carried over \
                         from the last assessment</span>",
                    );
                }
                let mut row = vec![
                    TableCell {
                        html: Some(TrustedHtml::new(what)),
                        ..TableCell::default()
                    },
                    TableCell::text(a.owner.clone()),
                    TableCell::text(day(a.due_on)),
                    TableCell {
                        html: Some(html(&status)),
                        ..TableCell::default()
                    },
                ];
                if any_open {
                    let form = if a.done {
                        String::new()
                    } else {
                        format!(
                            "<form method=\"post\" action=\"/staff/quality/{}/actions/{}/done\" novalidate>\
                             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                             <button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" \
                             data-module=\"govuk-button\">Mark done<span class=\"govuk-visually-hidden\">: {}</span></button>\
                             </form>",
                            esc(&full.assessment.id),
                            esc(&a.id),
                            esc(csrf),
                            esc(&a.description)
                        )
                    };
                    row.push(TableCell {
                        html: Some(TrustedHtml::new(form)),
                        ..TableCell::default()
                    });
                }
                row
            })
            .collect(),
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    })
}

fn assessment_page(
    state: &AppState,
    session: &Session,
    full: &FullAssessment,
    live: &[(u8, String)],
    sent: Option<&Sent>,
    errors: &Errors,
    banner: Option<NotificationBanner>,
) -> AssessmentPage {
    let a = &full.assessment;
    let editable = a.status == Status::Draft && Editor::for_user(&session.user, None).is_some();
    let today = today(state);
    let mut facts = vec![
        SummaryRow::new("Period", period(a)),
        SummaryRow {
            value: imha_govuk::SummaryCell {
                html: Some(html(&status_tag(a.status))),
                ..imha_govuk::SummaryCell::default()
            },
            ..SummaryRow::new("Status", "")
        },
        SummaryRow::new(
            "Started",
            format!("{} by {}", when(a.created_at), a.created_by),
        ),
    ];
    if let (Some(t), Some(by)) = (a.finalised_at, a.finalised_by.as_deref()) {
        facts.push(SummaryRow::new("Finalised", format!("{} by {by}", when(t))));
    }
    if a.repeated_from.is_some() {
        facts.push(SummaryRow::new(
            "Started from",
            "The last assessment's ratings, evidence and open actions",
        ));
    }
    let contents = Table {
        caption: Some("The ten indicators".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(vec![
            TableCell::text("Indicator"),
            TableCell::text("Rating"),
            TableCell::numeric("Open actions"),
        ]),
        rows: INDICATORS
            .iter()
            .map(|ind| {
                let rating = full.rating(ind.number).and_then(|r| r.rating);
                let open = full.actions_for(ind.number).filter(|x| !x.done).count();
                vec![
                    TableCell {
                        html: Some(TrustedHtml::new(super::referrals::link(
                            &format!("#section-{}", ind.number),
                            &format!("{}. {}", ind.number, ind.title),
                        ))),
                        ..TableCell::default()
                    },
                    TableCell {
                        html: Some(html(&rating_tag(rating))),
                        ..TableCell::default()
                    },
                    TableCell::numeric(open.to_string()),
                ]
            })
            .collect(),
        first_cell_is_header: true,
        classes: Some("govuk-table--small-text-until-tablet".into()),
        ..Table::default()
    };
    let indicators = INDICATORS
        .iter()
        .map(|ind| {
            let r = full.rating(ind.number);
            let rating = r.and_then(|r| r.rating);
            let this = sent.filter(|s| s.indicator == ind.number);
            let no_errors = Errors::new();
            let errs = if this.is_some() { errors } else { &no_errors };
            let form = editable.then(|| RatingForm {
                action: format!("/staff/quality/{}/indicators/{}", a.id, ind.number),
                rating: rating_radios(
                    ind.number,
                    match this {
                        Some(s) => s.rating.clone(),
                        None => rating.map(|r| r.id().to_string()),
                    },
                    errs,
                ),
                evidence: Textarea {
                    id: Some(format!("evidence-{}", ind.number)),
                    value: Some(match this {
                        Some(s) => s.evidence.clone(),
                        None => r.map(|r| r.evidence.clone()).unwrap_or_default(),
                    }),
                    rows: Some(4),
                    label: Label {
                        text: Some(format!("Evidence for indicator {}", ind.number)),
                        classes: Some("govuk-label--s".into()),
                        ..Label::default()
                    },
                    error_message: error_for(errs, "evidence"),
                    ..Textarea::new("evidence", "Evidence")
                },
                button: Button {
                    text: Some(format!("Save indicator {}", ind.number)),
                    classes: Some("govuk-button--secondary".into()),
                    ..Button::default()
                },
            });
            let evidence = r
                .map(|r| r.evidence.as_str())
                .filter(|e| !e.is_empty())
                .map(multiline);
            IndicatorView {
                number: ind.number,
                title: ind.title,
                wording: ind.wording,
                suggested: Details {
                    summary_text: Some("Suggested evidence".into()),
                    html: Some(TrustedHtml::new(format!(
                        "<ul class=\"govuk-list govuk-list--bullet\">{}</ul>",
                        ind.evidence
                            .iter()
                            .map(|e| format!("<li>{}</li>", esc(e)))
                            .collect::<String>()
                    ))),
                    ..Details::default()
                },
                live_heading: if a.status == Status::Final {
                    "Live figures when it was finalised"
                } else {
                    "Live figures for this period"
                },
                live: quality::live_for(full, live, ind.number)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                tag: rating_tag(rating),
                evidence,
                form,
                actions: actions_table(full, ind.number, editable, &session.csrf_token, today),
                add_action: editable.then(|| {
                    format!(
                        "/staff/quality/{}/actions/new?indicator={}",
                        a.id, ind.number
                    )
                }),
            }
        })
        .collect();
    let heading = format!("Quality self-assessment: {}", a.title);
    AssessmentPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title(&heading, !errors.is_empty()),
            PATH,
            Some(session),
        ),
        error_summary: sent.and_then(|s| {
            let links: Vec<(String, String)> = errors
                .iter()
                .map(|(f, m)| {
                    let to = match *f {
                        "evidence" => format!("evidence-{}", s.indicator),
                        _ => format!("indicator-{}", s.indicator),
                    };
                    (to, m.clone())
                })
                .collect();
            let refs: Vec<(&str, String)> =
                links.iter().map(|(f, m)| (f.as_str(), m.clone())).collect();
            crate::forms::error_summary(&refs)
        }),
        banner,
        provider: a.provider_name.clone(),
        heading,
        facts: SummaryList {
            rows: facts,
            ..SummaryList::default()
        },
        contents,
        csv: format!("/staff/quality/{}.csv", a.id),
        pdf: format!("/staff/quality/{}.pdf", a.id),
        csrf: session.csrf_token.clone(),
        indicators,
        finalise: editable.then(|| Button {
            text: Some("Finalise this assessment".into()),
            href: Some(format!("/staff/quality/{}/finalise", a.id)),
            ..Button::default()
        }),
        is_final: a.status == Status::Final,
    }
}

/// `GET /staff/quality/{id}`, `{id}.csv` and `{id}.pdf`.
async fn show(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(file): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let scope = Scope::for_user(&session.user).ok_or_else(|| no_scope(&state, &session))?;
    let (id, format) = match file.rsplit_once('.') {
        Some((id, "csv")) => (id, "csv"),
        Some((id, "pdf")) => (id, "pdf"),
        _ => (file.as_str(), "html"),
    };
    let full = load(&state, &scope, id).await?;
    let live = live_figures(&state, &full.assessment).await?;
    match format {
        "csv" => Ok(download(
            quality::to_csv(&full, &live).into_bytes(),
            "text/csv; charset=utf-8",
            &file_name(&full.assessment, "csv"),
        )),
        "pdf" => {
            let doc = pdf_document(&full, &live, today(&state));
            let bytes = imha_pdf::render(&doc).map_err(|e| {
                tracing::error!(error = %e, "the quality assessment PDF could not be made");
                crate::error::unavailable_page()
            })?;
            Ok(download(
                bytes,
                "application/pdf",
                &file_name(&full.assessment, "pdf"),
            ))
        }
        _ => {
            let banner = match q.done.as_deref() {
                Some("started") => Some(success_banner("Assessment started.")),
                Some("saved") => Some(success_banner("Indicator saved.")),
                Some("action") => Some(success_banner("Action added.")),
                Some("action-done") => Some(success_banner("Action marked done.")),
                Some("finalised") => Some(success_banner(
                    "Assessment finalised. It can no longer be changed.",
                )),
                _ => None,
            };
            Ok(
                assessment_page(&state, &session, &full, &live, None, &Errors::new(), banner)
                    .into_response(),
            )
        }
    }
}

/// "quality-self-assessment-2026-09-30.csv": the period's end names the file.
fn file_name(a: &Assessment, ext: &str) -> String {
    format!("quality-self-assessment-{}.{ext}", a.period_end)
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

async fn rate(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id.clone(),
    };
    let full = load(&state, &scope, &id).await?;
    let Some(n) = n.parse::<u8>().ok().filter(|n| (1..=10).contains(n)) else {
        return Err(crate::error::not_found_page());
    };
    let answers = Answers(pairs);
    let raw = RawRating {
        rating: answers.owned("rating"),
        evidence: answers
            .0
            .iter()
            .rev()
            .find(|(k, _)| k == "evidence")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match quality::rate(&mut tx, &editor, &id, n, &raw, Timestamp::now()).await {
        Ok(_) => {
            tx.commit().await.map_err(write_failed)?;
            Ok(
                Redirect::to(&format!("/staff/quality/{id}?done=saved#section-{n}"))
                    .into_response(),
            )
        }
        Err(QualityError::Invalid(v)) => {
            drop(tx);
            let live = live_figures(&state, &full.assessment).await?;
            let sent = Sent {
                indicator: n,
                rating: raw.rating.clone(),
                evidence: raw.evidence.clone(),
            };
            Ok(assessment_page(
                &state,
                &session,
                &full,
                &live,
                Some(&sent),
                &core_errors(v),
                None,
            )
            .into_response())
        }
        Err(e) => Err(change_failed(&state, &session, &full, e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Actions

#[derive(serde::Deserialize, Default)]
pub struct IndicatorQuery {
    indicator: Option<String>,
}

async fn action_page(
    state: &AppState,
    session: &Session,
    full: &FullAssessment,
    answers: Option<&Answers>,
    preset: Option<String>,
    errors: &Errors,
    parts: Option<super::referrals::BadParts>,
) -> Result<Response, Response> {
    let a = &full.assessment;
    let owners = quality::owners(&state.db, &a.provider_id)
        .await
        .map_err(read_failed)?;
    let typed = |n: &str| answers.and_then(|x| x.get(n)).map(str::to_string);
    let label = |t: &str| Label {
        text: Some(t.into()),
        classes: Some("govuk-label--s".into()),
        ..Label::default()
    };
    let mut indicator_items = vec![SelectItem {
        value: Some(String::new()),
        text: "Choose an indicator".into(),
        ..SelectItem::default()
    }];
    indicator_items.extend(INDICATORS.iter().map(|i| SelectItem {
        value: Some(i.number.to_string()),
        text: format!("{}. {}", i.number, i.title),
        ..SelectItem::default()
    }));
    let mut owner_items = vec![SelectItem {
        value: Some(String::new()),
        text: "Someone else (type their name below)".into(),
        ..SelectItem::default()
    }];
    owner_items.extend(owners.iter().map(|(id, name)| SelectItem {
        value: Some(id.clone()),
        text: name.clone(),
        ..SelectItem::default()
    }));
    let today = today(state);
    let fields = vec![
        html(&Select {
            items: indicator_items,
            value: typed("indicator").or(preset),
            label: label("Indicator"),
            error_message: error_for(errors, "indicator"),
            ..Select::new("indicator", "Indicator")
        }),
        html(&Textarea {
            value: typed("description"),
            rows: Some(3),
            label: label("What will be done"),
            error_message: error_for(errors, "description"),
            ..Textarea::new("description", "What will be done")
        }),
        html(&Select {
            id: Some("owner".into()),
            items: owner_items,
            value: typed("owner_user_id"),
            label: label("Who owns it"),
            hint: Some(Hint::text(
                "Choose a member of staff, or type the name of someone without an account",
            )),
            error_message: error_for(errors, "owner"),
            ..Select::new("owner_user_id", "Who owns it")
        }),
        html(&Input {
            value: typed("owner_name"),
            label: Label::text("Their name, if they are not in the list"),
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            classes: Some("govuk-input--width-20".into()),
            ..Input::new("owner_name", "Their name, if they are not in the list")
        }),
        html(&date_input(
            "due_on",
            "When it is due",
            &super::referrals::example_date(imha_law::dates::add_days(today, 30)),
            answers,
            None,
            errors
                .iter()
                .find(|(f, _)| *f == "due_on")
                .map(|(_, m)| m.as_str()),
            parts,
        )),
    ];
    let links: Vec<(&str, String)> = errors
        .iter()
        .map(|(f, m)| (if *f == "due_on" { "due_on-day" } else { f }, m.clone()))
        .collect();
    Ok(FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Add an action", !errors.is_empty()),
            PATH,
            Some(session),
        ),
        page: FormPage {
            heading: "Add an action".into(),
            intro: vec![format!("For {}.", a.title)],
            error_summary: crate::forms::error_summary(&links),
            banner: None,
            extra: TrustedHtml::default(),
            action: Some(format!("/staff/quality/{}/actions/new", a.id)),
            csrf: Some(session.csrf_token.clone()),
            hidden: Vec::new(),
            fields,
            button: Button {
                text: Some("Add the action".into()),
                ..Button::default()
            },
            links: vec![back_to(&a.id)],
        },
    }
    .into_response())
}

async fn action_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<IndicatorQuery>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id,
    };
    let full = load(&state, &scope, &id).await?;
    if full.assessment.status == Status::Final {
        return Ok(final_refusal(&state, &session, &full));
    }
    action_page(
        &state,
        &session,
        &full,
        None,
        q.indicator,
        &Errors::new(),
        None,
    )
    .await
}

async fn add_action(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id.clone(),
    };
    let full = load(&state, &scope, &id).await?;
    let answers = Answers(pairs);
    let mut errors = Errors::new();
    let mut parts = None;
    let due_on = match read_date(&answers, "due_on", "The due date") {
        Ok(d) => d,
        Err(p) => {
            errors.push(("due_on", p.message));
            parts = Some(p.parts);
            None
        }
    };
    let raw = RawAction {
        indicator: answers.owned("indicator"),
        description: answers.get("description").unwrap_or("").to_string(),
        owner_user_id: answers.owned("owner_user_id"),
        owner_name: answers.owned("owner_name"),
        due_on,
    };
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match quality::add_action(&mut tx, &editor, &id, &raw, today(&state), Timestamp::now()).await {
        Ok(_) if errors.is_empty() => {
            tx.commit().await.map_err(write_failed)?;
            let n = raw.indicator.as_deref().unwrap_or("1");
            return Ok(
                Redirect::to(&format!("/staff/quality/{id}?done=action#section-{n}"))
                    .into_response(),
            );
        }
        Ok(_) => {}
        Err(QualityError::Invalid(v)) => {
            for (field, message) in core_errors(v) {
                if !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, message));
                }
            }
        }
        Err(e) => return Err(change_failed(&state, &session, &full, e)),
    }
    drop(tx);
    let order = ["indicator", "description", "owner", "due_on"];
    errors.sort_by_key(|(f, _)| order.iter().position(|x| x == f));
    action_page(
        &state,
        &session,
        &full,
        Some(&answers),
        None,
        &errors,
        parts,
    )
    .await
}

async fn complete_action(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id.clone(),
    };
    let full = load(&state, &scope, &id).await?;
    let n = full
        .actions
        .iter()
        .find(|a| a.id == action)
        .map_or(1, |a| a.indicator);
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match quality::complete_action(&mut tx, &editor, &id, &action, Timestamp::now()).await {
        Ok(()) => {
            tx.commit().await.map_err(write_failed)?;
            Ok(
                Redirect::to(&format!("/staff/quality/{id}?done=action-done#section-{n}"))
                    .into_response(),
            )
        }
        Err(e) => Err(change_failed(&state, &session, &full, e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Finalising

fn finalise_page(
    state: &AppState,
    session: &Session,
    full: &FullAssessment,
    errors: &[FieldError],
) -> Response {
    let a = &full.assessment;
    let unrated: Vec<String> = INDICATORS
        .iter()
        .filter(|i| full.rating(i.number).and_then(|r| r.rating).is_none())
        .map(|i| format!("{}. {}", i.number, i.title))
        .collect();
    let mut intro = vec![
        "A final assessment cannot be changed. Commissioners in your council's area will be \
         able to see it."
            .to_string(),
        "To record what changes later, start a new assessment from it.".to_string(),
    ];
    if !unrated.is_empty() && errors.is_empty() {
        intro.push(format!(
            "Not yet rated: {}. Every indicator must be rated first.",
            unrated.join("; ")
        ));
    }
    let summary = (!errors.is_empty()).then(|| ErrorSummary {
        title_text: Some("There is a problem".into()),
        error_list: errors
            .iter()
            .map(|e| ErrorLink {
                href: Some(format!("/staff/quality/{}#{}", a.id, e.field)),
                text: Some(e.message.clone()),
                ..ErrorLink::default()
            })
            .collect(),
        ..ErrorSummary::default()
    });
    let heading = format!("Finalise {}?", a.title);
    FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title(&heading, !errors.is_empty()),
            PATH,
            Some(session),
        ),
        page: FormPage {
            heading,
            intro,
            error_summary: summary,
            banner: None,
            extra: TrustedHtml::default(),
            action: Some(format!("/staff/quality/{}/finalise", a.id)),
            csrf: Some(session.csrf_token.clone()),
            hidden: Vec::new(),
            fields: Vec::new(),
            button: Button {
                text: Some("Finalise the assessment".into()),
                ..Button::default()
            },
            links: vec![back_to(&a.id)],
        },
    }
    .into_response()
}

async fn finalise_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id,
    };
    let full = load(&state, &scope, &id).await?;
    if full.assessment.status == Status::Final {
        return Ok(final_refusal(&state, &session, &full));
    }
    Ok(finalise_page(&state, &session, &full, &[]))
}

async fn finalise(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let editor = Editor::for_user(&session.user, Some(client_addr(&headers, Some(peer))))
        .ok_or_else(|| no_scope(&state, &session))?;
    let scope = Scope::Provider {
        provider_id: editor.provider_id.clone(),
    };
    let full = load(&state, &scope, &id).await?;
    // The figures shown beside the ratings now are kept with the final assessment.
    let live = live_figures(&state, &full.assessment).await?;
    let mut tx = state.db.begin().await.map_err(write_failed)?;
    match quality::finalise(&mut tx, &editor, &id, &live, Timestamp::now()).await {
        Ok(()) => {
            tx.commit().await.map_err(write_failed)?;
            Ok(Redirect::to(&format!("/staff/quality/{id}?done=finalised")).into_response())
        }
        Err(QualityError::Invalid(v)) => {
            drop(tx);
            Ok(finalise_page(&state, &session, &full, &v))
        }
        Err(e) => Err(change_failed(&state, &session, &full, e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing

#[derive(Template, WebTemplate)]
#[template(path = "staff/quality/compare.html")]
struct ComparePage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    enough: bool,
    from: Select,
    to: Select,
    table: Option<Table>,
}

#[derive(serde::Deserialize, Default)]
pub struct CompareQuery {
    from: Option<String>,
    to: Option<String>,
}

async fn compare(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, Response> {
    let scope = Scope::for_user(&session.user).ok_or_else(|| no_scope(&state, &session))?;
    let all = quality::list(&state.db, &scope)
        .await
        .map_err(read_failed)?;
    let commissioner = matches!(scope, Scope::Area { .. });
    // Default: the newest and the one before it.
    let from = q
        .from
        .filter(|s| !s.is_empty())
        .or_else(|| all.get(1).map(|s| s.assessment.id.clone()));
    let to =
        q.to.filter(|s| !s.is_empty())
            .or_else(|| all.first().map(|s| s.assessment.id.clone()));
    let mut errors = Errors::new();
    if from.is_some() && from == to {
        errors.push(("to", "Choose two different assessments".to_string()));
    }
    let choice = |name: &str, text: &str, value: &Option<String>| Select {
        items: all
            .iter()
            .map(|s| SelectItem {
                value: Some(s.assessment.id.clone()),
                text: if commissioner {
                    format!("{}: {}", s.assessment.provider_name, s.assessment.title)
                } else {
                    format!(
                        "{} ({})",
                        s.assessment.title,
                        s.assessment.status.label().to_lowercase()
                    )
                },
                ..SelectItem::default()
            })
            .collect(),
        value: value.clone(),
        label: Label {
            text: Some(text.into()),
            classes: Some("govuk-label--s".into()),
            ..Label::default()
        },
        error_message: error_for(&errors, name),
        ..Select::new(name, text)
    };
    let from_select = choice("from", "Earlier assessment", &from);
    let to_select = choice("to", "Later assessment", &to);
    let mut table = None;
    if errors.is_empty()
        && let (Some(f), Some(t)) = (&from, &to)
    {
        let a = load(&state, &scope, f).await?;
        let b = load(&state, &scope, t).await?;
        // Whatever order they were chosen in, "then" is the older one.
        let (then, now) = if (a.assessment.created_at, &a.assessment.id)
            <= (b.assessment.created_at, &b.assessment.id)
        {
            (a, b)
        } else {
            (b, a)
        };
        let rows = quality::compare(&then, &now)
            .iter()
            .filter_map(|c| {
                let ind = quality::indicator(c.indicator)?;
                Some(vec![
                    TableCell::text(format!("{}. {}", ind.number, ind.title)),
                    TableCell {
                        html: Some(html(&rating_tag(c.then))),
                        ..TableCell::default()
                    },
                    TableCell {
                        html: Some(html(&rating_tag(c.now))),
                        ..TableCell::default()
                    },
                    TableCell::text(c.words()),
                ])
            })
            .collect();
        table = Some(Table {
            caption: Some(format!(
                "From {} to {}",
                then.assessment.title, now.assessment.title
            )),
            caption_classes: Some("govuk-table__caption--m".into()),
            head: Some(vec![
                TableCell::text("Indicator"),
                TableCell::text(format!("Then: {}", then.assessment.title)),
                TableCell::text(format!("Now: {}", now.assessment.title)),
                TableCell::text("Change"),
            ]),
            rows,
            first_cell_is_header: true,
            classes: Some("govuk-table--small-text-until-tablet".into()),
            ..Table::default()
        });
    }
    let heading = "Compare assessments";
    Ok(ComparePage {
        layout: Layout::staff(
            &state,
            crate::forms::error_title(heading, !errors.is_empty()),
            PATH,
            Some(&session),
        ),
        error_summary: crate::forms::error_summary(&errors),
        enough: all.len() >= 2,
        from: from_select,
        to: to_select,
        table,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// The PDF

/// The assessment as an accessible document: the same facts, ratings (in words), evidence,
/// live figures and actions as the page.
pub fn pdf_document(full: &FullAssessment, live: &[(u8, String)], today: Date) -> Document {
    let a = &full.assessment;
    let title = format!("Quality self-assessment: {}", a.title);
    let mut b = vec![
        Block::Heading {
            level: 1,
            text: title.clone(),
        },
        Block::Paragraph(vec![Inline::text(format!(
            "{}. Period: {}.",
            a.provider_name,
            period(a)
        ))]),
        Block::Paragraph(vec![Inline::text(match (a.status, a.finalised_at) {
            (Status::Final, Some(t)) => format!("Final: finalised on {}.", when(t)),
            _ => format!("Draft, not yet final. Printed on {}.", day(today)),
        })]),
        Block::Paragraph(vec![Inline::text(
            "Indicators from SCIE, \"What does a good IMHA service look like?\": red means not \
             met, amber attention needed, green all is well.",
        )]),
        Block::Heading {
            level: 2,
            text: "Summary".into(),
        },
        Block::List(
            INDICATORS
                .iter()
                .map(|ind| {
                    let r = full.rating(ind.number).and_then(|r| r.rating);
                    vec![Inline::text(format!(
                        "{}. {}: {}",
                        ind.number,
                        ind.title,
                        r.map_or_else(|| "not yet rated".to_string(), |r| r.described())
                    ))]
                })
                .collect(),
        ),
    ];
    for ind in &INDICATORS {
        let r = full.rating(ind.number);
        b.push(Block::Heading {
            level: 2,
            text: format!("{}. {}", ind.number, ind.title),
        });
        b.push(Block::Paragraph(vec![Inline::text(ind.wording)]));
        b.push(Block::Paragraph(vec![
            Inline::strong("Rating: "),
            Inline::text(
                r.and_then(|r| r.rating)
                    .map_or_else(|| "Not yet rated".to_string(), |r| r.described()),
            ),
        ]));
        let evidence = r.map(|r| r.evidence.trim()).unwrap_or("");
        if evidence.is_empty() {
            b.push(Block::Paragraph(vec![Inline::text(
                "No evidence recorded.",
            )]));
        } else {
            b.push(Block::Paragraph(vec![Inline::strong("Evidence:")]));
            for para in evidence
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                b.push(Block::Paragraph(vec![Inline::text(para)]));
            }
        }
        let figures = quality::live_for(full, live, ind.number);
        if !figures.is_empty() {
            b.push(Block::Heading {
                level: 3,
                text: if a.status == Status::Final {
                    "Live figures when it was finalised".into()
                } else {
                    "Live figures for this period".into()
                },
            });
            b.push(Block::List(
                figures.iter().map(|f| vec![Inline::text(*f)]).collect(),
            ));
        }
        let actions: Vec<_> = full.actions_for(ind.number).collect();
        if !actions.is_empty() {
            b.push(Block::Heading {
                level: 3,
                text: "Actions".into(),
            });
            b.push(Block::List(
                actions
                    .iter()
                    .map(|act| {
                        vec![Inline::text(format!(
                            "{} Owner: {}. Due {}. {}",
                            act.description,
                            act.owner,
                            day(act.due_on),
                            if act.done {
                                "Done."
                            } else if act.overdue(today) {
                                "Overdue."
                            } else {
                                "Open."
                            }
                        ))]
                    })
                    .collect(),
            ));
        }
    }
    Document {
        title,
        lang: "en-GB".into(),
        large_print: false,
        blocks: b,
    }
}
