//! The advocate's day and a case's dates: "My work" (`GET /staff/work`: today's visits,
//! meetings and tasks, overdue ones, legal deadlines in the next 14 days across their cases,
//! cases newly allocated and not yet contacted); tasks and meetings (`/staff/tasks/new`,
//! `POST /staff/tasks/{id}/done`); and the legal status recorded on a case that has no patient
//! record from the feed (`/staff/cases/{id}/legal-status`). [`case_section`] is the case page's
//! "Legal dates, deadlines and tasks" section.
//!
//! Deadlines are the rights engine's, worked out whenever a page is shown (never stored), each
//! with the law it rests on.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use imha_core::accounts::{Role, Session};
use imha_core::case_dates::{self, ApplicationError, RawLegalStatus, Source};
use imha_core::deadlines::Deadline;
use imha_core::referrals::FieldError;
use imha_core::tasks::{self, RawTask, Task, TaskKind};
use imha_core::work;
use imha_govuk::{
    Button, ChoiceItem, ErrorSummary, Fieldset, Hint, Input, Legend, NotificationBanner, Radios,
    Select, SelectItem,
};
use imha_law::input::Applicant;
use jiff::civil::Date;

use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::referrals::{
    Answers, BadParts, Errors, actor, date_input, error_for, read_date, read_failed,
    readable_basis, status_label, write_failed,
};
use crate::staff::signin::{FormPage, FormTemplate, html, success_banner};

/// How far ahead "My work" looks for deadlines and tasks.
pub const HORIZON_DAYS: i64 = 14;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/work", get(my_work))
        .route("/staff/tasks/new", get(new_task_form).post(new_task))
        .route("/staff/tasks/{id}/done", post(task_done))
        .route(
            "/staff/cases/{id}/legal-status",
            get(legal_status_form).post(legal_status),
        )
        .route(
            "/staff/cases/{id}/tribunal-applications/new",
            get(application_form).post(new_application),
        )
        .route(
            "/staff/tribunal-applications/{id}/withdrawn",
            get(withdrawn_form).post(withdrawn),
        )
}

// ---------------------------------------------------------------------------------------------
// Who may work on a case

/// Whether this person may work on case `case_id`: managers on any case, advocates on the
/// cases allocated to them. Anyone else, or a case that does not exist, gets the same "not
/// found" page, so a case's existence is not revealed.
async fn may_work_on(state: &AppState, session: &Session, case_id: &str) -> Result<(), Response> {
    let advocate = work::case_advocate(&state.db, case_id)
        .await
        .map_err(read_failed)?;
    match advocate {
        Some(a)
            if imha_core::casework::may_work(session.user.role, &session.user.id, a.as_deref()) =>
        {
            Ok(())
        }
        _ => Err(crate::error::not_found_page()),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared views

/// A deadline as a table row.
pub struct DeadlineRow {
    pub on: String,
    pub what: String,
    pub note: Option<String>,
    pub law: String,
    /// "Today", "Tomorrow", "In 5 days".
    pub when: String,
    /// Within the next 3 days: shown with a red tag.
    pub urgent: bool,
    pub case_id: Option<String>,
    pub patient: Option<String>,
}

fn deadline_row(d: &Deadline, today: Date) -> DeadlineRow {
    let days = (d.on - today).get_days();
    DeadlineRow {
        on: long_date(d.on),
        what: d.what.clone(),
        note: d.note.clone(),
        law: readable_basis(d.basis),
        when: match days {
            0 => "Today".into(),
            1 => "Tomorrow".into(),
            n => format!("In {n} days"),
        },
        urgent: days <= 3,
        case_id: None,
        patient: None,
    }
}

/// A task as a row, with its "done" button.
pub struct TaskRow {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub due: String,
    pub overdue: bool,
    pub done: bool,
    pub case_id: Option<String>,
    pub patient: Option<String>,
}

fn task_row(t: &Task, today: Date) -> TaskRow {
    let due = match t.due_time {
        Some(time) => format!(
            "{} at {:02}:{:02}",
            long_date(t.due_on),
            time.hour(),
            time.minute()
        ),
        None => long_date(t.due_on),
    };
    TaskRow {
        id: t.id.clone(),
        kind: t.kind.label(),
        title: t.title.clone(),
        due,
        overdue: t.overdue(today),
        done: t.done_at.is_some(),
        case_id: t.case_id.clone(),
        patient: t.patient_name.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// My work

pub struct CaseLink {
    pub case_id: String,
    pub patient: String,
    pub whereabouts: Option<String>,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/work.html")]
struct WorkPage {
    layout: Layout,
    banner: Option<NotificationBanner>,
    csrf: String,
    today: String,
    horizon: i64,
    overdue: Vec<TaskRow>,
    due_today: Vec<TaskRow>,
    coming_up: Vec<TaskRow>,
    deadlines: Vec<DeadlineRow>,
    new_allocations: Vec<CaseLink>,
    cases: Vec<CaseLink>,
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn my_work(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    let today = crate::pages::rights::today(&state);
    let w = work::for_advocate(
        &state.db,
        &session.user.id,
        today,
        HORIZON_DAYS,
        &state.law,
        &actor,
    )
    .await
    .map_err(read_failed)?;
    let link = |c: &work::CaseRef| CaseLink {
        case_id: c.case_id.clone(),
        patient: c.patient_name.clone(),
        whereabouts: c.whereabouts.clone(),
        status: match c.status.as_str() {
            "paused" => "Paused".into(),
            _ => "Open".into(),
        },
    };
    let page = WorkPage {
        layout: Layout::staff(&state, "My work", "/staff/work", Some(&session)),
        banner: match q.done.as_deref() {
            Some("task") => Some(success_banner("Task saved.")),
            Some("done") => Some(success_banner("Marked as done.")),
            Some("undone") => Some(success_banner("Marked as not done.")),
            _ => None,
        },
        csrf: session.csrf_token.clone(),
        today: long_date(today),
        horizon: HORIZON_DAYS,
        overdue: w.overdue.iter().map(|t| task_row(t, today)).collect(),
        due_today: w.today.iter().map(|t| task_row(t, today)).collect(),
        coming_up: w.coming_up.iter().map(|t| task_row(t, today)).collect(),
        deadlines: w
            .deadlines
            .iter()
            .map(|cd| DeadlineRow {
                case_id: Some(cd.case.case_id.clone()),
                patient: Some(cd.case.patient_name.clone()),
                ..deadline_row(&cd.deadline, today)
            })
            .collect(),
        new_allocations: w.new_allocations.iter().map(link).collect(),
        cases: w.cases.iter().map(link).collect(),
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------------------------------------
// The case page's section

/// The case page's "Legal dates, deadlines and tasks" section.
#[derive(Template)]
#[template(path = "staff/work/case_section.html")]
pub struct CaseSection {
    pub case_id: String,
    pub csrf: String,
    /// Where the dates come from, in words.
    pub source: String,
    /// Whether the dates come from the patient's feed record (then the status is not
    /// recorded on the case).
    pub from_record: bool,
    pub status: Option<String>,
    pub deadlines: Vec<DeadlineRow>,
    pub warnings: Vec<String>,
    pub tasks: Vec<TaskRow>,
    pub applications: Vec<ApplicationRow>,
}

/// A tribunal application recorded on the case.
pub struct ApplicationRow {
    pub id: String,
    pub made_on: String,
    pub by: &'static str,
    pub withdrawn_on: Option<String>,
}

fn applicant_label(a: Applicant) -> &'static str {
    match a {
        Applicant::Patient => "The patient",
        Applicant::NearestRelative => "The nearest relative",
        Applicant::Section67Reference => "A reference by the Secretary of State (section 67)",
    }
}

/// The section for case `case_id` on `today`. The caller has checked the person may see the
/// case and audited the view.
pub async fn case_section(
    state: &AppState,
    session: &Session,
    case_id: &str,
    today: Date,
) -> Result<CaseSection, Response> {
    let dates = case_dates::for_case(&state.db, case_id, today, &state.law)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)?;
    let case_tasks = tasks::for_case(&state.db, case_id)
        .await
        .map_err(read_failed)?;
    let status = dates.output.as_ref().map(|o| status_label(o.status));
    let source = match &dates.source {
        Source::PatientRecord(_) => {
            "Worked out from the hospital's episodes on the patient's record.".to_string()
        }
        Source::RecordedOnCase => {
            let r = &dates.recorded;
            format!(
                "Worked out from the legal status recorded on this case: {}, from {}.",
                status_label(r.legal_status),
                r.started_on.map(long_date).unwrap_or_default()
            )
        }
        Source::Unknown => "There is no legal status to work the dates out from yet.".to_string(),
    };
    Ok(CaseSection {
        case_id: case_id.to_string(),
        csrf: session.csrf_token.clone(),
        source,
        from_record: matches!(dates.source, Source::PatientRecord(_)),
        status,
        deadlines: dates
            .deadlines
            .iter()
            .map(|d| deadline_row(d, today))
            .collect(),
        warnings: dates
            .output
            .as_ref()
            .map(|o| o.warnings.iter().map(|w| w.to_string()).collect())
            .unwrap_or_default(),
        tasks: case_tasks.iter().map(|t| task_row(t, today)).collect(),
        applications: dates
            .applications
            .iter()
            .map(|a| ApplicationRow {
                id: a.id.clone(),
                made_on: long_date(a.made_on),
                by: applicant_label(a.applicant),
                withdrawn_on: a.withdrawn_on.map(long_date),
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Tasks and meetings

#[derive(serde::Deserialize, Default)]
pub struct CaseQuery {
    case: Option<String>,
}

fn field_errors(errors: Vec<FieldError>) -> Errors {
    errors.into_iter().map(|e| (e.field, e.message)).collect()
}

/// The element an error in the summary links to.
fn anchor(field: &str, parts: Option<BadParts>) -> String {
    match field {
        "due" | "started_on" | "first_medication_on" | "on" => {
            let part = match parts {
                Some(p) if !p.day && !p.month => "year",
                Some(p) if !p.day => "month",
                _ => "day",
            };
            format!("{field}-{part}")
        }
        "kind" => "kind".into(),
        f => f.to_string(),
    }
}

fn summary(errors: &Errors, parts: Option<BadParts>) -> Option<ErrorSummary> {
    let links: Vec<(String, String)> = errors
        .iter()
        .map(|(f, m)| (anchor(f, parts), m.clone()))
        .collect();
    let refs: Vec<(&str, String)> = links.iter().map(|(a, m)| (a.as_str(), m.clone())).collect();
    crate::forms::error_summary(&refs)
}

fn task_page(
    state: &AppState,
    session: &Session,
    case: Option<&str>,
    answers: Option<&Answers>,
    errors: &Errors,
    parts: Option<BadParts>,
) -> FormTemplate {
    let typed = |name: &str| answers.and_then(|a| a.owned(name));
    let kind = Radios {
        name: "kind".into(),
        items: TaskKind::ALL
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
                text: Some("What is it?".into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        error_message: error_for(errors, "kind"),
        ..Radios::default()
    };
    let title = Input {
        value: typed("title"),
        hint: Some(Hint::text(
            "For example, \"Ward round on Willow ward\" or \"Ask for the tribunal papers\".",
        )),
        error_message: error_for(errors, "title"),
        ..Input::new("title", "Describe it")
    };
    let due = date_input(
        "due",
        "Date",
        "For example, 27 3 2027",
        answers,
        None,
        error_for(errors, "due")
            .as_ref()
            .and_then(|e| e.text.as_deref()),
        parts,
    );
    let time = Input {
        value: typed("due_time"),
        classes: Some("govuk-input--width-5".into()),
        hint: Some(Hint::text("Optional. For meetings, for example 14:30")),
        error_message: error_for(errors, "due_time"),
        ..Input::new("due_time", "Time")
    };
    let heading = if case.is_some() {
        "Add a task or meeting to this case"
    } else {
        "Add a task or meeting"
    };
    let back = match case {
        Some(c) => (format!("/staff/cases/{c}"), "Back to the case".to_string()),
        None => ("/staff/work".to_string(), "Back to my work".to_string()),
    };
    FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title(heading, !errors.is_empty()),
            "/staff/tasks/new",
            Some(session),
        ),
        page: FormPage {
            heading: heading.into(),
            intro: vec![
                "Legal deadlines from the patient's dates are added for you: add the things \
                 only you know about, such as ward rounds, care programme approach (CPA) \
                 reviews and hearings."
                    .into(),
            ],
            error_summary: summary(errors, parts),
            action: Some("/staff/tasks/new".into()),
            csrf: Some(session.csrf_token.clone()),
            hidden: case
                .map(|c| vec![("case".to_string(), c.to_string())])
                .unwrap_or_default(),
            fields: vec![html(&kind), html(&title), html(&due), html(&time)],
            button: Button {
                text: Some("Save".into()),
                ..Button::default()
            },
            links: vec![back],
            ..FormPage::default()
        },
    }
}

async fn new_task_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Query(q): Query<CaseQuery>,
) -> Result<Response, Response> {
    if let Some(case) = q.case.as_deref() {
        may_work_on(&state, &session, case).await?;
    }
    Ok(task_page(
        &state,
        &session,
        q.case.as_deref(),
        None,
        &Errors::new(),
        None,
    )
    .into_response())
}

async fn new_task(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let case = answers.owned("case");
    let mut assigned_to = session.user.id.clone();
    if let Some(c) = case.as_deref() {
        may_work_on(&state, &session, c).await?;
        // A task on a case is the allocated advocate's; on an unallocated case, the person
        // adding it.
        if let Some(Some(a)) = work::case_advocate(&state.db, c)
            .await
            .map_err(read_failed)?
        {
            assigned_to = a;
        }
    }
    let today = crate::pages::rights::today(&state);
    let mut errors = Errors::new();
    let mut parts = None;
    let due_on = match read_date(&answers, "due", "The date") {
        Ok(d) => d,
        Err(p) => {
            parts = Some(p.parts);
            errors.push(("due", p.message));
            None
        }
    };
    let raw = RawTask {
        kind: answers.owned("kind").unwrap_or_default(),
        title: answers.owned("title").unwrap_or_default(),
        due_on,
        due_time: answers.owned("due_time").unwrap_or_default(),
    };
    let checked = tasks::validate(&raw, today);
    let task = match checked {
        Ok(t) if errors.is_empty() => t,
        Ok(_) => {
            return Ok(invalid_task(
                &state,
                &session,
                case.as_deref(),
                &answers,
                errors,
                parts,
            ));
        }
        Err(e) => {
            // The date's own problem (if any) comes first and replaces "Enter the date".
            let mut all = errors.clone();
            for (f, m) in field_errors(e) {
                if !all.iter().any(|(g, _)| *g == f) {
                    all.push((f, m));
                }
            }
            let order = ["kind", "title", "due", "due_time"];
            all.sort_by_key(|(f, _)| order.iter().position(|o| o == f).unwrap_or(9));
            return Ok(invalid_task(
                &state,
                &session,
                case.as_deref(),
                &answers,
                all,
                parts,
            ));
        }
    };
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    tasks::create(&state.db, case.as_deref(), &assigned_to, &task, &actor)
        .await
        .map_err(write_failed)?;
    Ok(match case {
        Some(c) => Redirect::to(&format!("/staff/cases/{c}?done=task#tasks")),
        None => Redirect::to("/staff/work?done=task"),
    }
    .into_response())
}

fn invalid_task(
    state: &AppState,
    session: &Session,
    case: Option<&str>,
    answers: &Answers,
    errors: Errors,
    parts: Option<BadParts>,
) -> Response {
    (
        StatusCode::BAD_REQUEST,
        task_page(state, session, case, Some(answers), &errors, parts),
    )
        .into_response()
}

/// Mark a task done or not done (`done=yes|no`), then go back to the case (`back=case`) or
/// to "My work". Advocates change their own tasks; managers any.
async fn task_done(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let Some(task) = tasks::get(&state.db, &id).await.map_err(read_failed)? else {
        return Err(crate::error::not_found_page());
    };
    let allowed = session.user.role == Role::ServiceManager || task.assigned_to == session.user.id;
    if !allowed {
        return Err(crate::error::not_found_page());
    }
    let done = answers.get("done") != Some("no");
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    tasks::set_done(&state.db, &id, done, &actor)
        .await
        .map_err(write_failed)?;
    let flag = if done { "done" } else { "undone" };
    Ok(match (answers.get("back"), task.case_id) {
        (Some("case"), Some(c)) => Redirect::to(&format!("/staff/cases/{c}?done={flag}#tasks")),
        _ => Redirect::to(&format!("/staff/work?done={flag}")),
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// The legal status recorded on a case

fn legal_status_page(
    state: &AppState,
    session: &Session,
    case_id: &str,
    initial: Option<&case_dates::Recorded>,
    answers: Option<&Answers>,
    errors: &Errors,
    parts: (Option<BadParts>, Option<BadParts>),
) -> FormTemplate {
    let selected = answers.and_then(|a| a.owned("legal_status")).or_else(|| {
        initial
            .and_then(|r| r.legal_status)
            .map(|s| s.id().to_string())
    });
    let mut items = vec![SelectItem {
        value: Some(String::new()),
        text: "Choose the legal status".into(),
        ..SelectItem::default()
    }];
    items.extend(
        crate::pages::statuses::PLAIN_STATUSES
            .iter()
            .map(|p| SelectItem {
                value: Some(p.status.id().into()),
                text: p.label.into(),
                selected: Some(selected.as_deref() == Some(p.status.id())),
                ..SelectItem::default()
            }),
    );
    let status = Select {
        items,
        error_message: error_for(errors, "legal_status"),
        ..Select::new("legal_status", "Legal status")
    };
    let started = date_input(
        "started_on",
        "When did it start?",
        "The day of admission, or of the order. For example, 27 3 2027",
        answers,
        initial.and_then(|r| r.started_on),
        error_for(errors, "started_on")
            .as_ref()
            .and_then(|e| e.text.as_deref()),
        parts.0,
    );
    let medicine = date_input(
        "first_medication_on",
        "When was medicine for mental disorder first given in this period? (optional)",
        "Gives the date three months on, after which it needs the patient's consent or a \
         second-opinion doctor's certificate (section 58).",
        answers,
        initial.and_then(|r| r.first_medication_on),
        error_for(errors, "first_medication_on")
            .as_ref()
            .and_then(|e| e.text.as_deref()),
        parts.1,
    );
    let heading = "Record the legal status";
    FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title(heading, !errors.is_empty()),
            "/staff/cases",
            Some(session),
        ),
        page: FormPage {
            heading: heading.into(),
            intro: vec![
                "imha works out the patient's dates from this: when the section ends, when \
                 they can apply to the tribunal, and when the hospital must refer them. When \
                 the hospital sends the patient's episodes, the dates come from those \
                 instead."
                    .into(),
            ],
            error_summary: summary(
                errors,
                match errors.first().map(|(f, _)| *f) {
                    Some("first_medication_on") => parts.1,
                    _ => parts.0,
                },
            ),
            action: Some(format!("/staff/cases/{case_id}/legal-status")),
            csrf: Some(session.csrf_token.clone()),
            fields: vec![html(&status), html(&started), html(&medicine)],
            button: Button {
                text: Some("Save".into()),
                ..Button::default()
            },
            links: vec![(
                format!("/staff/cases/{case_id}"),
                "Back to the case".to_string(),
            )],
            ..FormPage::default()
        },
    }
}

async fn legal_status_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    may_work_on(&state, &session, &id).await?;
    let today = crate::pages::rights::today(&state);
    let dates = case_dates::for_case(&state.db, &id, today, &state.law)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)?;
    Ok(legal_status_page(
        &state,
        &session,
        &id,
        Some(&dates.recorded),
        None,
        &Errors::new(),
        (None, None),
    )
    .into_response())
}

async fn legal_status(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    may_work_on(&state, &session, &id).await?;
    let answers = Answers(pairs);
    let mut errors = Errors::new();
    let mut parts = (None, None);
    let started_on = match read_date(&answers, "started_on", "The date it started") {
        Ok(d) => d,
        Err(p) => {
            parts.0 = Some(p.parts);
            errors.push(("started_on", p.message));
            None
        }
    };
    let first_medication_on = match read_date(
        &answers,
        "first_medication_on",
        "The date of the first medicine",
    ) {
        Ok(d) => d,
        Err(p) => {
            parts.1 = Some(p.parts);
            errors.push(("first_medication_on", p.message));
            None
        }
    };
    let today = crate::pages::rights::today(&state);
    let raw = RawLegalStatus {
        legal_status: answers.owned("legal_status").unwrap_or_default(),
        started_on,
        first_medication_on,
    };
    let checked = case_dates::validate(&raw, today);
    let recorded = match checked {
        Ok(r) if errors.is_empty() => r,
        other => {
            let mut all = errors.clone();
            if let Err(e) = other {
                for (f, m) in field_errors(e) {
                    if !all.iter().any(|(g, _)| *g == f) {
                        all.push((f, m));
                    }
                }
            }
            let order = ["legal_status", "started_on", "first_medication_on"];
            all.sort_by_key(|(f, _)| order.iter().position(|o| o == f).unwrap_or(9));
            return Ok((
                StatusCode::BAD_REQUEST,
                legal_status_page(&state, &session, &id, None, Some(&answers), &all, parts),
            )
                .into_response());
        }
    };
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    if !case_dates::record(&state.db, &id, &recorded, &actor)
        .await
        .map_err(write_failed)?
    {
        return Err(crate::error::not_found_page());
    }
    Ok(Redirect::to(&format!("/staff/cases/{id}?done=legal-status#dates")).into_response())
}

// ---------------------------------------------------------------------------------------------
// Tribunal applications

fn small_legend(text: &str) -> Option<Fieldset> {
    Some(Fieldset {
        legend: Some(Legend {
            text: Some(text.into()),
            classes: Some("govuk-fieldset__legend--s".into()),
            ..Legend::default()
        }),
        ..Fieldset::default()
    })
}

/// The form page for a tribunal application (`case_id`) or its withdrawal (`application`).
#[allow(clippy::too_many_arguments)]
fn application_page(
    state: &AppState,
    session: &Session,
    heading: &str,
    action: String,
    back: String,
    with_applicant: bool,
    answers: Option<&Answers>,
    errors: &Errors,
    parts: Option<BadParts>,
) -> FormTemplate {
    let mut fields = Vec::new();
    if with_applicant {
        let radios = Radios {
            name: "applicant".into(),
            items: [Applicant::Patient, Applicant::NearestRelative]
                .iter()
                .map(|a| ChoiceItem {
                    value: Some(a.id().into()),
                    text: Some(applicant_label(*a).into()),
                    ..ChoiceItem::default()
                })
                .collect(),
            value: answers.and_then(|a| a.owned("applicant")),
            fieldset: small_legend("Who applied?"),
            error_message: error_for(errors, "applicant"),
            ..Radios::default()
        };
        fields.push(html(&radios));
    }
    let today = crate::pages::rights::today(state);
    let date = date_input(
        "on",
        if with_applicant {
            "When did the tribunal receive it?"
        } else {
            "When was it withdrawn?"
        },
        &crate::staff::referrals::example_date(today),
        answers,
        None,
        error_for(errors, "on")
            .as_ref()
            .and_then(|e| e.text.as_deref()),
        parts,
    );
    fields.push(html(&date));
    FormTemplate {
        layout: Layout::staff(
            state,
            crate::forms::error_title(heading, !errors.is_empty()),
            "/staff/cases",
            Some(session),
        ),
        page: FormPage {
            heading: heading.into(),
            intro: if with_applicant {
                vec![
                    "The patient can apply once in each period (section 77(2) of the Mental \
                     Health Act 1983). imha takes the application into account in the \
                     case's dates: the tribunal window and the hospital managers' duty to \
                     refer."
                        .into(),
                ]
            } else {
                vec!["A withdrawn application does not count: the patient can apply again in the same period.".into()]
            },
            error_summary: summary(errors, parts),
            action: Some(action),
            csrf: Some(session.csrf_token.clone()),
            fields,
            button: Button {
                text: Some("Save".into()),
                ..Button::default()
            },
            links: vec![(back, "Back to the case".to_string())],
            ..FormPage::default()
        },
    }
}

async fn application_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    may_work_on(&state, &session, &id).await?;
    Ok(application_page(
        &state,
        &session,
        "Record a tribunal application",
        format!("/staff/cases/{id}/tribunal-applications/new"),
        format!("/staff/cases/{id}"),
        true,
        None,
        &Errors::new(),
        None,
    )
    .into_response())
}

async fn new_application(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    may_work_on(&state, &session, &id).await?;
    let answers = Answers(pairs);
    let mut errors = Errors::new();
    let applicant = match answers.get("applicant").and_then(Applicant::parse) {
        Some(a @ (Applicant::Patient | Applicant::NearestRelative)) => Some(a),
        _ => {
            errors.push((
                "applicant",
                "Select who applied: the patient or their nearest relative".into(),
            ));
            None
        }
    };
    let (on, parts) = required_date(&answers, "The date the tribunal received it", &mut errors);
    let today = crate::pages::rights::today(&state);
    if let (Some(applicant), Some(on)) = (applicant, on) {
        let actor = actor(&session, client_addr(&headers, Some(peer)));
        match case_dates::record_application(&state.db, &id, on, applicant, today, &actor).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/staff/cases/{id}?done=tribunal-application#dates"
                ))
                .into_response());
            }
            Err(ApplicationError::Invalid(m)) => errors.push(("on", m)),
            Err(ApplicationError::NotFound) => return Err(crate::error::not_found_page()),
            Err(ApplicationError::Storage(e)) => return Err(write_failed(e)),
        }
    }
    Ok((
        StatusCode::BAD_REQUEST,
        application_page(
            &state,
            &session,
            "Record a tribunal application",
            format!("/staff/cases/{id}/tribunal-applications/new"),
            format!("/staff/cases/{id}"),
            true,
            Some(&answers),
            &errors,
            parts,
        ),
    )
        .into_response())
}

/// A required date input `on`: the date, or its problem added to `errors`.
fn required_date(
    answers: &Answers,
    what: &str,
    errors: &mut Errors,
) -> (Option<Date>, Option<BadParts>) {
    match read_date(answers, "on", what) {
        Ok(Some(d)) => (Some(d), None),
        Ok(None) => {
            errors.push(("on", format!("Enter {}", what.to_lowercase())));
            (None, None)
        }
        Err(p) => {
            errors.push(("on", p.message));
            (None, Some(p.parts))
        }
    }
}

/// The application `id` if this person may work on its case: (case id, application).
async fn application_for(
    state: &AppState,
    session: &Session,
    id: &str,
) -> Result<(String, case_dates::Application), Response> {
    let Some((case_id, application)) = case_dates::application(&state.db, id)
        .await
        .map_err(read_failed)?
    else {
        return Err(crate::error::not_found_page());
    };
    may_work_on(state, session, &case_id).await?;
    Ok((case_id, application))
}

async fn withdrawn_form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let (case_id, _) = application_for(&state, &session, &id).await?;
    Ok(application_page(
        &state,
        &session,
        "Record that the application was withdrawn",
        format!("/staff/tribunal-applications/{id}/withdrawn"),
        format!("/staff/cases/{case_id}"),
        false,
        None,
        &Errors::new(),
        None,
    )
    .into_response())
}

async fn withdrawn(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let (case_id, _) = application_for(&state, &session, &id).await?;
    let answers = Answers(pairs);
    let mut errors = Errors::new();
    let (on, parts) = required_date(&answers, "The date it was withdrawn", &mut errors);
    if let Some(on) = on {
        let today = crate::pages::rights::today(&state);
        let actor = actor(&session, client_addr(&headers, Some(peer)));
        match case_dates::withdraw_application(&state.db, &case_id, &id, on, today, &actor).await {
            Ok(()) => {
                return Ok(Redirect::to(&format!(
                    "/staff/cases/{case_id}?done=tribunal-application#dates"
                ))
                .into_response());
            }
            Err(ApplicationError::Invalid(m)) => errors.push(("on", m)),
            Err(ApplicationError::NotFound) => errors.push((
                "on",
                "This application was already recorded as withdrawn".into(),
            )),
            Err(ApplicationError::Storage(e)) => return Err(write_failed(e)),
        }
    }
    Ok((
        StatusCode::BAD_REQUEST,
        application_page(
            &state,
            &session,
            "Record that the application was withdrawn",
            format!("/staff/tribunal-applications/{id}/withdrawn"),
            format!("/staff/cases/{case_id}"),
            false,
            Some(&answers),
            &errors,
            parts,
        ),
    )
        .into_response())
}
