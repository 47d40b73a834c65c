//! The forms that change a case, each on its own page: pause, resume, close (with the case
//! outcome), reopen, change the advocacy, the case outcome afterwards, add an issue, update an
//! issue's status and outcome, record a contact, record a records-access request and the
//! record holder's decision.
//!
//! Every page reads the case through `casework::get_for_form` (the access rule, and an audited
//! view); every change goes through `imha_core::casework`, whose rules and messages the pages
//! show in the GOV.UK error summary, keeping what was typed. A change the case's status does
//! not allow (closing a closed case) is a 409 page saying why.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::Session;
use imha_core::casework::contacts::{self, ContactMode, NewContact, WithWhom};
use imha_core::casework::issues::{
    self, IssueKind, IssueStatus, IssueUpdate, MEASURES, Measure, Measures, NewIssue,
};
use imha_core::casework::outcome::{self, NewOutcome};
use imha_core::casework::records::{
    self, NewRequest, RecordsBasis, RecordsDecision, RecordsStatus,
};
use imha_core::casework::{
    self, Advocacy, Case, CaseError, CaseStatus, Change, CloseReason, Closing, not_allowed_message,
};
use imha_core::db::Tx;
use imha_govuk::{
    Checkboxes, ChoiceItem, Fieldset, Hint, Input, Label, Legend, Radios, Select, SelectItem,
    Textarea, TrustedHtml,
};
use jiff::Timestamp;
use jiff::civil::Date;

use super::{case_failed, worker};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::referrals::show::read_time;
use crate::staff::referrals::{
    Answers, BadParts, Errors, date_input, error_for, example_date, html, read_date, write_failed,
};
use crate::staff::signin::{FormPage, FormTemplate, button};

// ---------------------------------------------------------------------------------------------
// Rendering

/// What a form page shows.
struct Spec {
    heading: String,
    intro: Vec<String>,
    extra: TrustedHtml,
    fields: Vec<TrustedHtml>,
    button: &'static str,
    action: String,
}

/// Which parts of each date input to mark, when a date was not a real one.
type Parts = Vec<(&'static str, BadParts)>;

fn anchor(field: &'static str, parts: &Parts) -> String {
    const DATES: [&str; 5] = [
        "raised_on",
        "happened_on",
        "requested_on",
        "consent_on",
        "decided_on",
    ];
    if !DATES.contains(&field) {
        return field.to_string();
    }
    match parts.iter().find(|(f, _)| *f == field).map(|(_, p)| p) {
        Some(p) if !p.day && !p.month => format!("{field}-year"),
        Some(p) if !p.day => format!("{field}-month"),
        _ => format!("{field}-day"),
    }
}

fn for_case(case: &Case) -> String {
    format!("{} (referral {})", case.full_name(), case.reference)
}

fn render(
    state: &AppState,
    session: &Session,
    case: &Case,
    spec: Spec,
    errors: &Errors,
    parts: &Parts,
    code: StatusCode,
) -> Response {
    let links: Vec<(String, String)> = errors
        .iter()
        .map(|(f, m)| (anchor(f, parts), m.clone()))
        .collect();
    let links_ref: Vec<(&str, String)> =
        links.iter().map(|(a, m)| (a.as_str(), m.clone())).collect();
    let mut intro = vec![for_case(case)];
    intro.extend(spec.intro);
    let page = FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title(&spec.heading, !errors.is_empty()),
            "/staff/cases",
            Some(session),
        ),
        page: FormPage {
            heading: spec.heading,
            intro,
            error_summary: crate::forms::error_summary(&links_ref),
            banner: None,
            extra: spec.extra,
            action: Some(spec.action),
            csrf: Some(session.csrf_token.clone()),
            hidden: Vec::new(),
            fields: spec.fields,
            button: button(spec.button),
            links: vec![(
                format!("/staff/cases/{}", case.id),
                "Back to the case".into(),
            )],
        },
    };
    (code, page).into_response()
}

/// The page for a change the case's status does not allow: why, and the way back.
/// The "you cannot do this now" page when the case's status does not allow `change`.
fn refusal(ctx: &Ctx, case: &Case, change: Change, heading: &str) -> Option<Response> {
    (!allowed(case.status, change)).then(|| {
        refused(
            &ctx.state,
            &ctx.session,
            case,
            heading,
            not_allowed_message(case.status, change),
        )
    })
}

fn refused(
    state: &AppState,
    session: &Session,
    case: &Case,
    heading: &str,
    message: String,
) -> Response {
    let page = FormTemplate {
        layout: Layout::staff(state, heading, "/staff/cases", Some(session)),
        page: FormPage {
            heading: heading.to_string(),
            intro: vec![for_case(case), message],
            error_summary: None,
            banner: None,
            extra: TrustedHtml::default(),
            action: None,
            csrf: None,
            hidden: Vec::new(),
            fields: Vec::new(),
            button: button("Continue"),
            links: vec![(
                format!("/staff/cases/{}", case.id),
                "Back to the case".into(),
            )],
        },
    };
    (StatusCode::CONFLICT, page).into_response()
}

/// Whether the case's status allows `change` (what the GET of each form checks; the change
/// itself checks again in its transaction).
fn allowed(status: CaseStatus, change: Change) -> bool {
    match change {
        Change::Pause => status == CaseStatus::Open,
        Change::Resume => status == CaseStatus::Paused,
        Change::Close | Change::ChangeAdvocacy | Change::Record => status != CaseStatus::Closed,
        Change::Reopen | Change::RecordOutcome => status == CaseStatus::Closed,
    }
}

/// The values a form shows: what was sent, or (on a fresh form) what is stored.
struct Values<'a> {
    sent: Option<&'a Answers>,
    initial: HashMap<&'static str, Vec<String>>,
}

impl<'a> Values<'a> {
    fn new(sent: Option<&'a Answers>) -> Self {
        Values {
            sent,
            initial: HashMap::new(),
        }
    }

    fn with(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(v) = value {
            self.initial.insert(name, vec![v]);
        }
        self
    }

    fn get(&self, name: &str) -> Option<String> {
        match self.sent {
            Some(a) => a.get(name).map(str::to_string),
            None => self.initial.get(name).and_then(|v| v.first().cloned()),
        }
    }

    fn all(&self, name: &str) -> Vec<String> {
        match self.sent {
            Some(a) => a.all(name),
            None => self.initial.get(name).cloned().unwrap_or_default(),
        }
    }
}

fn legend(text: &str, size: &str) -> Option<Fieldset> {
    Some(Fieldset {
        legend: Some(Legend {
            text: Some(text.to_string()),
            classes: Some(format!("govuk-fieldset__legend--{size}")),
            ..Legend::default()
        }),
        ..Fieldset::default()
    })
}

fn item(value: &str, text: &str, hint: Option<&str>) -> ChoiceItem {
    ChoiceItem {
        value: Some(value.to_string()),
        text: Some(text.to_string()),
        hint: hint.map(Hint::text),
        ..ChoiceItem::default()
    }
}

fn radios(
    name: &str,
    question: &str,
    items: Vec<ChoiceItem>,
    v: &Values,
    errors: &Errors,
    inline: bool,
) -> TrustedHtml {
    html(&Radios {
        name: name.to_string(),
        items,
        value: v.get(name),
        fieldset: legend(question, "s"),
        error_message: error_for(errors, name),
        classes: inline.then(|| "govuk-radios--inline".into()),
        ..Radios::default()
    })
}

fn textarea(
    name: &str,
    label: &str,
    hint: Option<&str>,
    v: &Values,
    errors: &Errors,
) -> TrustedHtml {
    html(&Textarea {
        value: v.get(name),
        rows: Some(4),
        hint: hint.map(Hint::text),
        error_message: error_for(errors, name),
        label: Label {
            text: Some(label.to_string()),
            classes: Some("govuk-label--s".into()),
            ..Label::default()
        },
        ..Textarea::new(name, label)
    })
}

fn input(
    name: &str,
    label: &str,
    hint: Option<&str>,
    width: &str,
    v: &Values,
    errors: &Errors,
) -> TrustedHtml {
    html(&Input {
        value: v.get(name),
        hint: hint.map(Hint::text),
        classes: Some(width.to_string()),
        autocomplete: Some("off".into()),
        error_message: error_for(errors, name),
        label: Label {
            text: Some(label.to_string()),
            classes: Some("govuk-label--s".into()),
            ..Label::default()
        },
        ..Input::new(name, label)
    })
}

#[allow(clippy::too_many_arguments)]
fn date(
    name: &'static str,
    question: &str,
    today: Date,
    sent: Option<&Answers>,
    initial: Option<Date>,
    errors: &Errors,
    parts: &Parts,
) -> TrustedHtml {
    let message = error_for(errors, name).and_then(|e| e.text);
    html(&date_input(
        name,
        question,
        &example_date(today),
        sent,
        initial,
        message.as_deref(),
        parts.iter().find(|(f, _)| *f == name).map(|(_, p)| *p),
    ))
}

fn heading(text: &str) -> TrustedHtml {
    TrustedHtml::new(format!(
        "<h2 class=\"govuk-heading-m\">{}</h2>",
        crate::staff::referrals::esc(text)
    ))
}

/// The six outcome measures (yes, partly, no, not known) and the patient's words.
fn measure_fields(v: &Values, errors: &Errors) -> Vec<TrustedHtml> {
    let mut out: Vec<TrustedHtml> = MEASURES
        .iter()
        .map(|(name, question)| {
            radios(
                name,
                question,
                Measure::ALL
                    .iter()
                    .map(|m| item(m.id(), m.label(), None))
                    .collect(),
                v,
                errors,
                true,
            )
        })
        .collect();
    out.push(textarea(
        "patient_words",
        "What the patient said, in their words (optional)",
        Some("Write down what they said, as they said it."),
        v,
        errors,
    ));
    out
}

fn read_measures(a: &Answers) -> Measures {
    let mut m = Measures {
        patient_words: a.owned("patient_words"),
        ..Measures::default()
    };
    for (name, _) in MEASURES {
        m.set(name, a.get(name).and_then(Measure::parse));
    }
    m
}

fn measure_values<'a>(v: Values<'a>, m: &Measures) -> Values<'a> {
    let mut v = v.with("patient_words", m.patient_words.clone());
    for (name, _) in MEASURES {
        v = v.with(name, m.get(name).map(|x| x.id().to_string()));
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Finishing a change

enum Settled {
    Done,
    Fix(Errors),
    Refused(String),
}

async fn settle<T>(r: Result<T, CaseError>, tx: Tx) -> Result<Settled, Response> {
    match r {
        Ok(_) => {
            tx.commit().await.map_err(write_failed)?;
            Ok(Settled::Done)
        }
        Err(CaseError::Invalid(fe)) => Ok(Settled::Fix(
            fe.into_iter().map(|e| (e.field, e.message)).collect(),
        )),
        Err(CaseError::NotAllowed { status, change }) => {
            Ok(Settled::Refused(not_allowed_message(status, change)))
        }
        Err(CaseError::NotFound) => Err(crate::error::not_found_page()),
        Err(e) => Err(write_failed(e)),
    }
}

/// Problems the form found (dates that are not real dates, times that are not times) with the
/// rules' own, without the rules repeating "enter the date" for a date the form could not read.
fn merge(form: Errors, rules: Errors, hide: &[(&str, &[&str])]) -> Errors {
    let mut out: Errors = Vec::new();
    for (field, message) in rules {
        let hidden = hide
            .iter()
            .any(|(f, because)| *f == field && form.iter().any(|(g, _)| because.contains(g)));
        if !hidden && !form.iter().any(|(g, _)| *g == field) {
            out.push((field, message));
        }
    }
    for e in form {
        out.push(e);
    }
    // In the order of the fields on the page.
    out.sort_by_key(|(f, _)| {
        FIELD_ORDER
            .iter()
            .position(|o| o == f)
            .unwrap_or(usize::MAX)
    });
    out
}

/// Every form's fields, in the order the pages show them.
const FIELD_ORDER: &[&str] = &[
    "advocacy",
    "reason",
    "close_reason",
    "close_detail",
    "kind",
    "detail",
    "raised_on",
    "status",
    "happened_on",
    "happened_time",
    "minutes",
    "mode",
    "with_whom",
    "issue",
    "note",
    "requested_on",
    "record_holder",
    "records",
    "basis",
    "consent_on",
    "decision",
    "decided_on",
    "refusal_reason",
    "felt_heard",
    "felt_involved",
    "rights_understood",
    "rights_upheld",
    "care_changed",
    "concern_resolved",
    "patient_words",
];

struct Ctx {
    state: AppState,
    session: Session,
    worker: casework::Worker,
}

async fn load(ctx: &Ctx, id: &str, form: &str) -> Result<Case, Response> {
    casework::get_for_form(&ctx.state.db, id, &ctx.worker, form)
        .await
        .map_err(case_failed)
}

fn done(id: &str, what: &str) -> Response {
    Redirect::to(&format!("/staff/cases/{id}?done={what}")).into_response()
}

macro_rules! ctx {
    ($state:ident, $session:ident, $headers:ident, $peer:ident) => {
        Ctx {
            worker: worker(&$session, &$headers, $peer),
            state: $state,
            session: $session,
        }
    };
}

fn today(ctx: &Ctx) -> Date {
    crate::pages::rights::today(&ctx.state)
}

// ---------------------------------------------------------------------------------------------
// Pause, resume, reopen

fn reason_spec(
    id: &str,
    what: &str,
    heading: &str,
    label: &str,
    hint: &str,
    v: &Values,
    errors: &Errors,
) -> Spec {
    Spec {
        heading: heading.to_string(),
        intro: Vec::new(),
        extra: TrustedHtml::default(),
        fields: vec![textarea("reason", label, Some(hint), v, errors)],
        button: match what {
            "pause" => "Pause the case",
            "reopen" => "Reopen the case",
            _ => "Save",
        },
        action: format!("/staff/cases/{id}/{what}"),
    }
}

fn pause_spec(id: &str, v: &Values, errors: &Errors) -> Spec {
    reason_spec(
        id,
        "pause",
        "Pause the case",
        "Why is the case paused?",
        "For example, the patient is on leave, or asked for a break. Resume it when work starts again.",
        v,
        errors,
    )
}

fn reopen_spec(id: &str, v: &Values, errors: &Errors) -> Spec {
    reason_spec(
        id,
        "reopen",
        "Reopen the case",
        "Why is the case reopened?",
        "For example, the patient asked for help again with a new tribunal application.",
        v,
        errors,
    )
}

pub async fn pause_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "pause").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Pause, "Pause the case") {
        return Ok(page);
    }
    let spec = pause_spec(&id, &Values::new(None), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn pause(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "pause").await?;
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = casework::pause(
        &mut tx,
        &id,
        a.get("reason").unwrap_or(""),
        &ctx.worker,
        Timestamp::now(),
    )
    .await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "paused")),
        Settled::Refused(m) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Pause the case",
            m,
        )),
        Settled::Fix(errors) => {
            let spec = pause_spec(&id, &Values::new(Some(&a)), &errors);
            Ok(render(
                &ctx.state,
                &ctx.session,
                &case,
                spec,
                &errors,
                &Vec::new(),
                StatusCode::OK,
            ))
        }
    }
}

fn resume_spec(id: &str) -> Spec {
    Spec {
        heading: "Resume the case".into(),
        intro: vec!["The case becomes open again, so you can record contacts and issues.".into()],
        extra: TrustedHtml::default(),
        fields: Vec::new(),
        button: "Resume the case",
        action: format!("/staff/cases/{id}/resume"),
    }
}

pub async fn resume_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "resume").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Resume, "Resume the case") {
        return Ok(page);
    }
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        resume_spec(&id),
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn resume(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "resume").await?;
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = casework::resume(&mut tx, &id, &ctx.worker, Timestamp::now()).await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "resumed")),
        Settled::Refused(m) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Resume the case",
            m,
        )),
        // Resuming asks nothing, so there is nothing to correct.
        Settled::Fix(_) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Resume the case",
            "This case cannot be resumed".into(),
        )),
    }
}

pub async fn reopen_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "reopen").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Reopen, "Reopen the case") {
        return Ok(page);
    }
    let spec = reopen_spec(&id, &Values::new(None), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn reopen(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "reopen").await?;
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = casework::reopen(
        &mut tx,
        &id,
        a.get("reason").unwrap_or(""),
        &ctx.worker,
        Timestamp::now(),
    )
    .await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "reopened")),
        Settled::Refused(m) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Reopen the case",
            m,
        )),
        Settled::Fix(errors) => {
            let spec = reopen_spec(&id, &Values::new(Some(&a)), &errors);
            Ok(render(
                &ctx.state,
                &ctx.session,
                &case,
                spec,
                &errors,
                &Vec::new(),
                StatusCode::OK,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Advocacy

fn advocacy_spec(case: &Case, v: &Values, errors: &Errors) -> Spec {
    let items = Advocacy::ALL
        .iter()
        .map(|a| {
            item(
                a.id(),
                a.label(),
                Some(match a {
                    Advocacy::Instructed => "The patient can instruct an advocate.",
                    Advocacy::NonInstructed => {
                        "The patient lacks capacity to instruct an advocate: you act without their instructions."
                    }
                }),
            )
        })
        .collect();
    Spec {
        heading: "Change the advocacy".into(),
        intro: vec![format!(
            "The case is now {}.",
            case.advocacy.label().to_lowercase()
        )],
        extra: TrustedHtml::default(),
        fields: vec![
            radios(
                "advocacy",
                "Which advocacy does the patient need?",
                items,
                v,
                errors,
                false,
            ),
            textarea(
                "reason",
                "Why is it changing?",
                Some(
                    "Say what you know about the patient's capacity to instruct an advocate, and who assessed it.",
                ),
                v,
                errors,
            ),
        ],
        button: "Change the advocacy",
        action: format!("/staff/cases/{}/advocacy", case.id),
    }
}

/// The local authorities, by name: the choices for a patient's home council.
async fn councils(ctx: &Ctx) -> Result<Vec<imha_core::organisations::Organisation>, Response> {
    Ok(imha_core::organisations::list(&ctx.state.db)
        .await
        .map_err(super::super::referrals::read_failed)?
        .into_iter()
        .filter(|o| o.kind == imha_core::organisations::Kind::LocalAuthority)
        .collect())
}

fn home_council_spec(
    case: &Case,
    councils: &[imha_core::organisations::Organisation],
    chosen: Option<&str>,
    errors: &Errors,
) -> Spec {
    let mut items = vec![SelectItem {
        value: Some(String::new()),
        text: "Not known".into(),
        ..SelectItem::default()
    }];
    items.extend(councils.iter().map(|c| SelectItem {
        value: Some(c.id.clone()),
        text: c.name.clone(),
        ..SelectItem::default()
    }));
    Spec {
        heading: "Change the home council".into(),
        intro: vec![
            "The home council is the one responsible for the patient's after-care: usually where \
             they lived before they came into hospital. When it is not the council whose area the \
             hospital is in, the patient is placed out of area, and the reports count it."
                .into(),
        ],
        extra: TrustedHtml::default(),
        fields: vec![html(&Select {
            name: "home_authority".into(),
            items,
            value: Some(
                chosen
                    .map(str::to_string)
                    .or_else(|| case.home_authority_id.clone())
                    .unwrap_or_default(),
            ),
            label: Label::text("Home council"),
            error_message: error_for(errors, "home_authority"),
            ..Select::default()
        })],
        button: "Save the home council",
        action: format!("/staff/cases/{}/home-council", case.id),
    }
}

pub async fn home_council_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "home-council").await?;
    let councils = councils(&ctx).await?;
    let spec = home_council_spec(&case, &councils, None, &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn home_council(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "home-council").await?;
    let chosen = a.get("home_authority");
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = casework::set_home_authority(&mut tx, &id, chosen, &ctx.worker, Timestamp::now()).await;
    let errors = match settle(r, tx).await? {
        Settled::Done => return Ok(done(&id, "home-council")),
        Settled::Refused(m) => {
            return Ok(refused(
                &ctx.state,
                &ctx.session,
                &case,
                "Change the home council",
                m,
            ));
        }
        Settled::Fix(errors) => errors,
    };
    let councils = councils(&ctx).await?;
    let spec = home_council_spec(&case, &councils, chosen, &errors);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn advocacy_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "advocacy").await?;
    if let Some(page) = refusal(&ctx, &case, Change::ChangeAdvocacy, "Change the advocacy") {
        return Ok(page);
    }
    let spec = advocacy_spec(&case, &Values::new(None), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn advocacy(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "advocacy").await?;
    let errors: Errors = match a.get("advocacy").and_then(Advocacy::parse) {
        None => {
            let mut e: Errors =
                vec![("advocacy", "Select which advocacy the patient needs".into())];
            if a.get("reason").is_none() {
                e.push((
                    "reason",
                    "Enter why the advocacy is changing (the patient's capacity to instruct an advocate)".into(),
                ));
            }
            e
        }
        Some(to) => {
            let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
            let r = casework::change_advocacy(
                &mut tx,
                &id,
                to,
                a.get("reason").unwrap_or(""),
                &ctx.worker,
                Timestamp::now(),
            )
            .await;
            match settle(r, tx).await? {
                Settled::Done => return Ok(done(&id, "advocacy")),
                Settled::Refused(m) => {
                    return Ok(refused(
                        &ctx.state,
                        &ctx.session,
                        &case,
                        "Change the advocacy",
                        m,
                    ));
                }
                Settled::Fix(errors) => errors,
            }
        }
    };
    let spec = advocacy_spec(&case, &Values::new(Some(&a)), &errors);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &Vec::new(),
        StatusCode::OK,
    ))
}

// ---------------------------------------------------------------------------------------------
// Close, and the case outcome

fn share_story(v: &Values) -> TrustedHtml {
    html(&Checkboxes {
        name: "share_story".into(),
        items: vec![item(
            "yes",
            "The patient agreed to their story being shared, anonymised, in impact reports",
            None,
        )],
        values: v.all("share_story"),
        fieldset: legend("Sharing their story", "s"),
        ..Checkboxes::default()
    })
}

fn close_spec(case: &Case, v: &Values, errors: &Errors) -> Spec {
    let mut fields = vec![
        radios(
            "close_reason",
            "Why is the case closing?",
            CloseReason::ALL
                .iter()
                .map(|r| item(r.id(), r.label(), None))
                .collect(),
            v,
            errors,
            false,
        ),
        textarea(
            "close_detail",
            "Details",
            Some("Needed if you chose Another reason."),
            v,
            errors,
        ),
        heading("Case outcome"),
    ];
    fields.push(TrustedHtml::new(
        "<p class=\"govuk-body\">Ask the patient, if you can. Leave a question unanswered if it \
         does not apply.</p>"
            .to_string(),
    ));
    fields.extend(measure_fields(v, errors));
    fields.push(share_story(v));
    Spec {
        heading: "Close the case".into(),
        intro: Vec::new(),
        extra: TrustedHtml::default(),
        fields,
        button: "Close the case",
        action: format!("/staff/cases/{}/close", case.id),
    }
}

fn read_outcome(a: &Answers) -> NewOutcome {
    NewOutcome {
        measures: read_measures(a),
        share_story: a.get("share_story") == Some("yes"),
    }
}

pub async fn close_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "close").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Close, "Close the case") {
        return Ok(page);
    }
    let spec = close_spec(&case, &Values::new(None), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn close(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "close").await?;
    let outcome = read_outcome(&a);
    let closing = Closing {
        reason: a.get("close_reason").and_then(CloseReason::parse),
        words: a.owned("close_detail"),
        outcome: (!outcome.measures.is_empty() || outcome.share_story).then_some(outcome),
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = casework::close(&mut tx, &id, &closing, &ctx.worker, Timestamp::now()).await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "closed")),
        Settled::Refused(m) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Close the case",
            m,
        )),
        Settled::Fix(errors) => {
            let spec = close_spec(&case, &Values::new(Some(&a)), &errors);
            Ok(render(
                &ctx.state,
                &ctx.session,
                &case,
                spec,
                &errors,
                &Vec::new(),
                StatusCode::OK,
            ))
        }
    }
}

fn outcome_spec(case: &Case, v: &Values, errors: &Errors) -> Spec {
    let mut fields = measure_fields(v, errors);
    fields.push(share_story(v));
    Spec {
        heading: "Case outcome".into(),
        intro: vec![
            "Ask the patient, if you can. Leave a question unanswered if it does not apply.".into(),
        ],
        extra: TrustedHtml::default(),
        fields,
        button: "Save the outcome",
        action: format!("/staff/cases/{}/outcome", case.id),
    }
}

pub async fn outcome_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "outcome").await?;
    if let Some(page) = refusal(&ctx, &case, Change::RecordOutcome, "Case outcome") {
        return Ok(page);
    }
    let stored = outcome::for_case(&ctx.state.db, &id)
        .await
        .map_err(crate::staff::referrals::read_failed)?;
    let mut v = Values::new(None);
    if let Some(o) = &stored {
        v = measure_values(v, &o.measures);
        if o.share_story {
            v = v.with("share_story", Some("yes".into()));
        }
    }
    let spec = outcome_spec(&case, &v, &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn outcome(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "outcome").await?;
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = outcome::record(
        &mut tx,
        &id,
        &read_outcome(&a),
        &ctx.worker,
        Timestamp::now(),
    )
    .await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "outcome")),
        Settled::Refused(m) => Ok(refused(&ctx.state, &ctx.session, &case, "Case outcome", m)),
        Settled::Fix(errors) => {
            let spec = outcome_spec(&case, &Values::new(Some(&a)), &errors);
            Ok(render(
                &ctx.state,
                &ctx.session,
                &case,
                spec,
                &errors,
                &Vec::new(),
                StatusCode::OK,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Issues

fn new_issue_spec(
    case: &Case,
    today: Date,
    a: Option<&Answers>,
    errors: &Errors,
    parts: &Parts,
) -> Spec {
    let v = Values::new(a);
    Spec {
        heading: "Add an issue".into(),
        intro: vec!["Record something the patient wants help with.".into()],
        extra: TrustedHtml::default(),
        fields: vec![
            radios(
                "kind",
                "What is the issue about?",
                IssueKind::ALL
                    .iter()
                    .map(|k| item(k.id(), k.label(), None))
                    .collect(),
                &v,
                errors,
                false,
            ),
            textarea(
                "detail",
                "Details",
                Some("Needed if you chose Something else. Keep it short."),
                &v,
                errors,
            ),
            date(
                "raised_on",
                "When did the patient raise it?",
                today,
                a,
                Some(today),
                errors,
                parts,
            ),
        ],
        button: "Add the issue",
        action: format!("/staff/cases/{}/issues/new", case.id),
    }
}

pub async fn new_issue_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "new-issue").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Record, "Add an issue") {
        return Ok(page);
    }
    let spec = new_issue_spec(&case, today(&ctx), None, &Vec::new(), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn new_issue(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "new-issue").await?;
    let mut form: Errors = Vec::new();
    let mut parts: Parts = Vec::new();
    let raised_on = match read_date(&a, "raised_on", "The date the issue was raised") {
        Ok(d) => d,
        Err(p) => {
            form.push(("raised_on", p.message));
            parts.push(("raised_on", p.parts));
            None
        }
    };
    let new = NewIssue {
        kind: a.get("kind").and_then(IssueKind::parse),
        detail: a.owned("detail"),
        raised_on,
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = issues::add(&mut tx, &id, &new, &ctx.worker, Timestamp::now()).await;
    let errors = match settle(r, tx).await? {
        Settled::Done if form.is_empty() => return Ok(done(&id, "issue")),
        Settled::Done => form,
        Settled::Refused(m) => {
            return Ok(refused(&ctx.state, &ctx.session, &case, "Add an issue", m));
        }
        Settled::Fix(rules) => merge(form, rules, &[]),
    };
    let spec = new_issue_spec(&case, today(&ctx), Some(&a), &errors, &parts);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &parts,
        StatusCode::OK,
    ))
}

fn issue_spec(case: &Case, issue: &issues::Issue, v: &Values, errors: &Errors) -> Spec {
    let mut fields = vec![radios(
        "status",
        "Where is the issue now?",
        IssueStatus::ALL
            .iter()
            .map(|s| item(s.id(), s.label(), None))
            .collect(),
        v,
        errors,
        false,
    )];
    fields.push(heading("Outcome"));
    fields.extend(measure_fields(v, errors));
    Spec {
        heading: format!("Update the issue: {}", issue.title()),
        intro: vec![format!("Raised on {}.", long_date(issue.raised_on))],
        extra: TrustedHtml::default(),
        fields,
        button: "Save the issue",
        action: format!("/staff/cases/{}/issues/{}", case.id, issue.id),
    }
}

async fn load_issue(ctx: &Ctx, case: &Case, issue: &str) -> Result<issues::Issue, Response> {
    issues::get(&ctx.state.db, &case.id, issue)
        .await
        .map_err(crate::staff::referrals::read_failed)?
        .ok_or_else(crate::error::not_found_page)
}

pub async fn issue_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, issue_id)): Path<(String, String)>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "issue").await?;
    let issue = load_issue(&ctx, &case, &issue_id).await?;
    if let Some(page) = refusal(&ctx, &case, Change::Record, "Update the issue") {
        return Ok(page);
    }
    let v = measure_values(Values::new(None), &issue.measures)
        .with("status", Some(issue.status.id().to_string()));
    let spec = issue_spec(&case, &issue, &v, &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn update_issue(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, issue_id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "issue").await?;
    let issue = load_issue(&ctx, &case, &issue_id).await?;
    let change = IssueUpdate {
        status: a.get("status").and_then(IssueStatus::parse),
        measures: read_measures(&a),
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = issues::update(
        &mut tx,
        &id,
        &issue_id,
        &change,
        &ctx.worker,
        Timestamp::now(),
    )
    .await;
    match settle(r, tx).await? {
        Settled::Done => Ok(done(&id, "issue-updated")),
        Settled::Refused(m) => Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Update the issue",
            m,
        )),
        Settled::Fix(errors) => {
            let spec = issue_spec(&case, &issue, &Values::new(Some(&a)), &errors);
            Ok(render(
                &ctx.state,
                &ctx.session,
                &case,
                spec,
                &errors,
                &Vec::new(),
                StatusCode::OK,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Contacts

fn contact_spec(
    case: &Case,
    case_issues: &[issues::Issue],
    today: Date,
    a: Option<&Answers>,
    errors: &Errors,
    parts: &Parts,
) -> Spec {
    let v = Values::new(a);
    let mut issue_items: Vec<ChoiceItem> = case_issues
        .iter()
        .map(|i| item(&i.id, &i.title(), Some(i.status.label())))
        .collect();
    issue_items.push(item("none", "Not about one issue", None));
    let v_issue = match a {
        Some(_) => v,
        None => Values::new(None).with("issue", Some("none".into())),
    };
    let v = Values::new(a);
    Spec {
        heading: "Record a contact".into(),
        intro: vec!["A visit, call or meeting, and the time you spent on it.".into()],
        extra: TrustedHtml::default(),
        fields: vec![
            date("happened_on", "Date", today, a, Some(today), errors, parts),
            input(
                "happened_time",
                "Time it started",
                Some("Use the 24-hour clock, for example 14:30"),
                "govuk-input--width-5",
                &v,
                errors,
            ),
            input(
                "minutes",
                "Time spent, in minutes",
                Some("Include travel and preparation if your service counts them. For example, 45"),
                "govuk-input--width-4",
                &v,
                errors,
            ),
            radios(
                "mode",
                "How was the contact?",
                ContactMode::ALL
                    .iter()
                    .map(|m| item(m.id(), m.label(), None))
                    .collect(),
                &v,
                errors,
                false,
            ),
            html(&Checkboxes {
                name: "with_whom".into(),
                items: WithWhom::ALL
                    .iter()
                    .map(|w| item(w.id(), w.label(), None))
                    .collect(),
                values: v.all("with_whom"),
                fieldset: legend("Who was it with?", "s"),
                hint: Some(Hint::text("Select all that apply.")),
                error_message: error_for(errors, "with_whom"),
                ..Checkboxes::default()
            }),
            radios(
                "issue",
                "Which issue was it about?",
                issue_items,
                &v_issue,
                errors,
                false,
            ),
            textarea(
                "note",
                "Note (optional)",
                Some("A short note of what happened. Notes are shown only on the case page."),
                &v,
                errors,
            ),
        ],
        button: "Save the contact",
        action: format!("/staff/cases/{}/contacts/new", case.id),
    }
}

pub async fn contact_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "new-contact").await?;
    if let Some(page) = refusal(&ctx, &case, Change::Record, "Record a contact") {
        return Ok(page);
    }
    let case_issues = issues::for_case(&ctx.state.db, &id)
        .await
        .map_err(crate::staff::referrals::read_failed)?;
    let spec = contact_spec(
        &case,
        &case_issues,
        today(&ctx),
        None,
        &Vec::new(),
        &Vec::new(),
    );
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn new_contact(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "new-contact").await?;
    let mut form: Errors = Vec::new();
    let mut parts: Parts = Vec::new();
    let day = match read_date(&a, "happened_on", "The date of the contact") {
        Ok(d) => d,
        Err(p) => {
            form.push(("happened_on", p.message));
            parts.push(("happened_on", p.parts));
            None
        }
    };
    let time = match a.get("happened_time") {
        None => {
            form.push(("happened_time", "Enter the time the contact started".into()));
            None
        }
        Some(t) => {
            let parsed = read_time(t);
            if parsed.is_none() {
                form.push((
                    "happened_time",
                    "The time must be a real time on the 24-hour clock, like 14:30".into(),
                ));
            }
            parsed
        }
    };
    let happened_at = match (day, time) {
        (Some(d), Some((h, m))) => d
            .at(h, m, 0, 0)
            .in_tz("Europe/London")
            .map(|z| z.timestamp())
            .ok(),
        _ => None,
    };
    let minutes = a
        .get("minutes")
        .and_then(|m| m.replace(',', "").parse::<i64>().ok());
    let new = NewContact {
        happened_at,
        minutes,
        mode: a.get("mode").and_then(ContactMode::parse),
        with_whom: a
            .all("with_whom")
            .iter()
            .filter_map(|w| WithWhom::parse(w))
            .collect(),
        issue_id: a.get("issue").filter(|i| *i != "none").map(str::to_string),
        note: a.owned("note"),
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = contacts::add(&mut tx, &id, &new, &ctx.worker, Timestamp::now()).await;
    let errors = match settle(r, tx).await? {
        Settled::Done => return Ok(done(&id, "contact")),
        Settled::Refused(m) => {
            return Ok(refused(
                &ctx.state,
                &ctx.session,
                &case,
                "Record a contact",
                m,
            ));
        }
        Settled::Fix(rules) => merge(
            form,
            rules,
            &[("happened_on", &["happened_on", "happened_time"])],
        ),
    };
    let case_issues = issues::for_case(&ctx.state.db, &id)
        .await
        .map_err(crate::staff::referrals::read_failed)?;
    let spec = contact_spec(&case, &case_issues, today(&ctx), Some(&a), &errors, &parts);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &parts,
        StatusCode::OK,
    ))
}

// ---------------------------------------------------------------------------------------------
// Records access (s130B)

const S130B: &str = "<p class=\"govuk-body\">An advocate may require the production of, and \
    inspect, records about the patient's detention or treatment in any hospital or registered \
    establishment, or about section 117 after-care (Mental Health Act 1983, section 130B(3)(c)). \
    That needs the patient's consent if they have capacity, or as a child are competent \
    (section 130B(4)(a)). If they lack it, the record holder must consider the records relevant \
    to your help and access appropriate, and access must not conflict with a decision of an \
    attorney, a deputy or the Court of Protection (section 130B(4)(b)).</p>";

fn records_spec(
    case: &Case,
    today: Date,
    a: Option<&Answers>,
    errors: &Errors,
    parts: &Parts,
) -> Spec {
    let v = Values::new(a);
    Spec {
        heading: "Record a request to see records".into(),
        intro: Vec::new(),
        extra: TrustedHtml::new(S130B.to_string()),
        fields: vec![
            date(
                "requested_on",
                "When did you ask?",
                today,
                a,
                Some(today),
                errors,
                parts,
            ),
            input(
                "record_holder",
                "Who holds the records?",
                Some("For example, the hospital's records manager"),
                "govuk-!-width-two-thirds",
                &v,
                errors,
            ),
            textarea(
                "records",
                "Which records did you ask to see?",
                None,
                &v,
                errors,
            ),
            radios(
                "basis",
                "On what basis?",
                RecordsBasis::ALL
                    .iter()
                    .map(|b| item(b.id(), b.label(), Some(b.citation())))
                    .collect(),
                &v,
                errors,
                false,
            ),
            heading("If the patient consents"),
            date(
                "consent_on",
                "When did the patient consent?",
                today,
                a,
                None,
                errors,
                parts,
            ),
        ],
        button: "Save the request",
        action: format!("/staff/cases/{}/records-access/new", case.id),
    }
}

pub async fn records_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "records-access").await?;
    if let Some(page) = refusal(
        &ctx,
        &case,
        Change::Record,
        "Record a request to see records",
    ) {
        return Ok(page);
    }
    let spec = records_spec(&case, today(&ctx), None, &Vec::new(), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn new_records_request(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "records-access").await?;
    let mut form: Errors = Vec::new();
    let mut parts: Parts = Vec::new();
    let mut read = |name: &'static str, what: &str| match read_date(&a, name, what) {
        Ok(d) => d,
        Err(p) => {
            form.push((name, p.message));
            parts.push((name, p.parts));
            None
        }
    };
    let requested_on = read("requested_on", "The date of the request");
    let consent_on = read("consent_on", "The date of consent");
    let new = NewRequest {
        requested_on,
        record_holder: a.owned("record_holder"),
        records: a.owned("records"),
        basis: a.get("basis").and_then(RecordsBasis::parse),
        consent_on,
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = records::add(&mut tx, &id, &new, &ctx.worker, Timestamp::now()).await;
    let errors = match settle(r, tx).await? {
        Settled::Done if form.is_empty() => return Ok(done(&id, "records")),
        Settled::Done => form,
        Settled::Refused(m) => {
            return Ok(refused(
                &ctx.state,
                &ctx.session,
                &case,
                "Record a request to see records",
                m,
            ));
        }
        Settled::Fix(rules) => merge(form, rules, &[]),
    };
    let spec = records_spec(&case, today(&ctx), Some(&a), &errors, &parts);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &parts,
        StatusCode::OK,
    ))
}

fn decision_spec(
    case: &Case,
    req: &records::RecordsRequest,
    today: Date,
    a: Option<&Answers>,
    errors: &Errors,
    parts: &Parts,
) -> Spec {
    let v = Values::new(a);
    Spec {
        heading: "Record the record holder's decision".into(),
        intro: vec![format!(
            "You asked {} on {} to see: {}",
            req.record_holder,
            long_date(req.requested_on),
            req.records
        )],
        extra: TrustedHtml::default(),
        fields: vec![
            radios(
                "decision",
                "What did the record holder decide?",
                [RecordsStatus::Granted, RecordsStatus::Refused]
                    .iter()
                    .map(|s| item(s.id(), s.label(), None))
                    .collect(),
                &v,
                errors,
                false,
            ),
            date(
                "decided_on",
                "When did they decide?",
                today,
                a,
                Some(today),
                errors,
                parts,
            ),
            textarea(
                "refusal_reason",
                "If they refused, what reason did they give?",
                None,
                &v,
                errors,
            ),
        ],
        button: "Save the decision",
        action: format!(
            "/staff/cases/{}/records-access/{}/decision",
            case.id, req.id
        ),
    }
}

async fn load_request(
    ctx: &Ctx,
    case: &Case,
    req: &str,
) -> Result<records::RecordsRequest, Response> {
    records::get(&ctx.state.db, &case.id, req)
        .await
        .map_err(crate::staff::referrals::read_failed)?
        .ok_or_else(crate::error::not_found_page)
}

pub async fn records_decision_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, req_id)): Path<(String, String)>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let case = load(&ctx, &id, "records-decision").await?;
    let req = load_request(&ctx, &case, &req_id).await?;
    if let Some(page) = refusal(
        &ctx,
        &case,
        Change::Record,
        "Record the record holder's decision",
    ) {
        return Ok(page);
    }
    if req.status != RecordsStatus::Pending {
        return Ok(refused(
            &ctx.state,
            &ctx.session,
            &case,
            "Record the record holder's decision",
            "The record holder's decision on this request is already recorded".into(),
        ));
    }
    let spec = decision_spec(&case, &req, today(&ctx), None, &Vec::new(), &Vec::new());
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &Vec::new(),
        &Vec::new(),
        StatusCode::OK,
    ))
}

pub async fn records_decision(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, req_id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let ctx = ctx!(state, session, headers, peer);
    let a = Answers(pairs);
    let case = load(&ctx, &id, "records-decision").await?;
    let req = load_request(&ctx, &case, &req_id).await?;
    let mut form: Errors = Vec::new();
    let mut parts: Parts = Vec::new();
    let decided_on = match read_date(&a, "decided_on", "The date of the decision") {
        Ok(d) => d,
        Err(p) => {
            form.push(("decided_on", p.message));
            parts.push(("decided_on", p.parts));
            None
        }
    };
    let decision = RecordsDecision {
        status: a
            .get("decision")
            .and_then(RecordsStatus::parse)
            .filter(|s| *s != RecordsStatus::Pending),
        decided_on,
        refusal_reason: a.owned("refusal_reason"),
    };
    let mut tx = ctx.state.db.begin().await.map_err(write_failed)?;
    let r = records::decide(
        &mut tx,
        &id,
        &req_id,
        &decision,
        &ctx.worker,
        Timestamp::now(),
    )
    .await;
    let errors = match settle(r, tx).await? {
        Settled::Done if form.is_empty() => return Ok(done(&id, "records-decision")),
        Settled::Done => form,
        Settled::Refused(m) => {
            return Ok(refused(
                &ctx.state,
                &ctx.session,
                &case,
                "Record the record holder's decision",
                m,
            ));
        }
        Settled::Fix(rules) => merge(form, rules, &[]),
    };
    let spec = decision_spec(&case, &req, today(&ctx), Some(&a), &errors, &parts);
    Ok(render(
        &ctx.state,
        &ctx.session,
        &case,
        spec,
        &errors,
        &parts,
        StatusCode::OK,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_problems_replace_the_rules_for_the_same_field() {
        let form: Errors = vec![("happened_time", "Enter the time".into())];
        let rules: Errors = vec![
            ("happened_on", "Enter the date of the contact".into()),
            ("minutes", "Enter the time spent".into()),
        ];
        let merged = merge(
            form,
            rules,
            &[("happened_on", &["happened_on", "happened_time"])],
        );
        assert_eq!(
            merged.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            vec!["happened_time", "minutes"]
        );
    }

    #[test]
    fn date_errors_link_to_the_first_part_at_fault() {
        let parts: Parts = vec![(
            "raised_on",
            BadParts {
                day: false,
                month: true,
                year: true,
            },
        )];
        assert_eq!(anchor("raised_on", &parts), "raised_on-month");
        assert_eq!(anchor("consent_on", &parts), "consent_on-day");
        assert_eq!(anchor("minutes", &parts), "minutes");
    }
}
