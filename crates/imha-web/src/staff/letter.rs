//! The personalised rights letter (issue 8 point 4): from a case's legal dates (the rights
//! engine, through `imha_core::case_dates::for_case`), a letter to the patient in plain English
//! or Easy Read, as print-ready HTML (`GET /staff/cases/{id}/letter?style=...`) and as a tagged,
//! accessible PDF (`GET /staff/cases/{id}/letter.pdf?style=...`, made by `imha_pdf`).
//!
//! One source for both: the letter is built once as an `imha_pdf::Document` (blocks of
//! headings, paragraphs, lists and numbered notes) and the HTML is written from the same
//! blocks, so the printed page and the PDF say the same thing. Every date is the engine's, with
//! its citation as a numbered note; every warning the engine gives is shown as something to
//! check with the Mental Health Act office.
//!
//! The same letter from a patient's record (`/staff/patients/{id}/letter` and `letter.pdf`, the
//! engine's answer through `imha_core::patients::timeline`; ViewPatients, audited on
//! ("patient", id); it names no advocate, since a record has none, only the service's contacts).
//!
//! Access is the case page's: `casework::may_work` (an advocate on their own cases, managers on
//! any), otherwise the 404 page. The HTML letter is audited as `record-viewed` and the PDF as
//! `record-exported`, both on ("case", id).

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use imha_core::accounts::Session;
use imha_core::audit::{self, Action, NewEntry};
use imha_core::case_dates::{self, CaseDates};
use imha_core::casework::{self, Case};
use imha_law::{Output, Status, WindowState};
use imha_pdf::{Block, Document, Inline};
use jiff::civil::Date;

use super::cases::{case_failed, worker};
use super::client_addr;
use super::referrals::{esc, read_failed};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::statuses;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/cases/{id}/letter", get(letter_page))
        .route("/staff/cases/{id}/letter.pdf", get(letter_pdf))
        .route("/staff/patients/{id}/letter", get(patient_letter_page))
        .route("/staff/patients/{id}/letter.pdf", get(patient_letter_pdf))
}

/// Plain English or Easy Read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterStyle {
    Plain,
    EasyRead,
}

impl LetterStyle {
    pub fn parse(s: &str) -> Option<LetterStyle> {
        match s {
            "plain" => Some(LetterStyle::Plain),
            "easy-read" => Some(LetterStyle::EasyRead),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            LetterStyle::Plain => "plain",
            LetterStyle::EasyRead => "easy-read",
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct StyleQuery {
    style: Option<String>,
    /// Set by the choice form, so a submission without a choice is told so.
    chosen: Option<String>,
}

/// "Sunday 14 June 2026".
fn day(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// The citation as people read it.
fn readable(basis: &str) -> String {
    basis.replacen("MHA 1983 s", "Mental Health Act 1983, section ", 1)
}

/// Numbered notes, one per distinct citation.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    /// The note marker for `basis`, e.g. " [2]".
    fn cite(&mut self, basis: &str) -> String {
        let text = readable(basis);
        let n = match self.0.iter().position(|b| *b == text) {
            Some(i) => i + 1,
            None => {
                self.0.push(text);
                self.0.len()
            }
        };
        format!(" [{n}]")
    }
}

/// What the service and the case give the letter besides the engine's answer.
pub struct LetterFacts<'a> {
    pub patient_name: String,
    pub advocate_name: Option<&'a str>,
    pub service_name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub today: Date,
}

fn p(parts: Vec<Inline>) -> Block {
    Block::Paragraph(parts)
}

fn plain(s: impl Into<String>) -> Inline {
    Inline::text(s)
}

fn h(level: u8, s: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: s.into(),
    }
}

fn status_words(status: Option<Status>) -> (String, Option<&'static str>) {
    match status.and_then(statuses::plain) {
        Some(ps) => (ps.label.to_string(), Some(ps.hint)),
        None => match status {
            Some(s) => (format!("{s:?}"), None),
            None => ("not detained or on an order today".to_string(), None),
        },
    }
}

/// The letter for `facts` and the engine's `output`, in `style`.
pub fn letter(facts: &LetterFacts<'_>, output: Option<&Output>, style: LetterStyle) -> Document {
    let easy = style == LetterStyle::EasyRead;
    let mut notes = Notes::default();
    let mut b: Vec<Block> = Vec::new();
    let (label, hint) = status_words(output.and_then(|o| o.status));
    let title = format!("Your rights: {label}");
    b.push(h(1, title.clone()));
    b.push(p(vec![plain(format!("To {}", facts.patient_name))]));
    b.push(p(vec![plain(format!(
        "From {}, your advocacy service. Written on {}.",
        facts.service_name,
        day(facts.today)
    ))]));
    if easy {
        b.push(p(vec![plain("This letter is about your rights.")]));
        b.push(p(vec![plain("Your advocate can read it with you.")]));
    } else {
        b.push(p(vec![plain(
            "This letter tells you about your rights under the Mental Health Act 1983, with \
             the dates that apply to you. Your advocate can go through it with you.",
        )]));
    }

    // The section and what it means.
    b.push(h(
        2,
        if easy {
            "Your section"
        } else {
            "Your section and what it means"
        },
    ));
    match output.and_then(|o| o.status) {
        Some(_) => {
            b.push(p(vec![
                plain("You are on "),
                Inline::strong(label.clone()),
                plain("."),
            ]));
            if let Some(hint) = hint {
                b.push(p(vec![plain(format!(
                    "This means: {}.",
                    lower_first(hint)
                ))]));
            }
        }
        None => b.push(p(vec![plain(
            "Our records do not show a section or order for you today. Please check this \
             with the Mental Health Act office.",
        )])),
    }

    // When it ends.
    if let Some(o) = output
        && let Some(a) = &o.authority
    {
        b.push(h(2, "When it ends"));
        if let Some(end) = a.end {
            let cite = notes.cite(a.basis);
            if easy {
                b.push(p(vec![plain("It ends at midnight on")]));
                b.push(p(vec![Inline::strong(day(end)), plain(cite)]));
                b.push(p(vec![plain("Unless a doctor changes it before then.")]));
            } else {
                b.push(p(vec![
                    plain("It ends at the end of "),
                    Inline::strong(day(end)),
                    plain(format!(
                        "{cite}, unless it is renewed, changed or ended before then."
                    )),
                ]));
            }
        } else if let Some(ext) = &a.extended {
            let cite = notes.cite(ext.basis);
            b.push(p(vec![plain(format!(
                "It would have ended on {}, but it goes on for now: {}.{cite}",
                day(ext.nominal_end),
                ext.reason
            ))]));
        } else {
            let cite = notes.cite(a.basis);
            b.push(p(vec![plain(format!(
                "It started on {}.{cite} Ask the ward when it ends.",
                day(a.start)
            ))]));
        }
    }

    // The tribunal.
    let tribunal = output
        .and_then(|o| o.tribunal_name)
        .unwrap_or("the tribunal");
    if let Some(o) = output
        && let Some(w) = &o.tribunal_patient
    {
        b.push(h(2, "Asking the tribunal to end your section"));
        let cite = notes.cite(w.basis);
        let last = w.extended_to_next_open_day.unwrap_or(w.to);
        match w.state {
            WindowState::Passed => {
                b.push(p(vec![plain(format!(
                    "The time to apply to the {tribunal} for this period ended on {}.{cite}",
                    day(last)
                ))]));
            }
            WindowState::Open | WindowState::Upcoming => {
                if easy {
                    b.push(p(vec![plain(format!(
                        "You can ask the {tribunal} to let you go."
                    ))]));
                    b.push(p(vec![plain("You can ask from")]));
                    b.push(p(vec![Inline::strong(day(w.from))]));
                    b.push(p(vec![plain("Your last day to ask is")]));
                    b.push(p(vec![Inline::strong(day(w.to)), plain(cite)]));
                } else {
                    b.push(p(vec![
                        plain(format!(
                            "You can apply to the {tribunal} to be discharged. You can apply \
                             from {} until ",
                            day(w.from)
                        )),
                        Inline::strong(day(w.to)),
                        plain(format!("{cite}.")),
                    ]));
                }
                if let Some(next) = w.extended_to_next_open_day {
                    b.push(p(vec![plain(format!(
                        "The tribunal office is closed on {}, so an application on {} must \
                         still be accepted.",
                        day(w.to),
                        day(next)
                    ))]));
                } else if w.office_closed_on_last_day {
                    b.push(p(vec![plain(
                        "The tribunal office is closed on the last day. Apply by the working \
                         day before it to be safe.",
                    )]));
                }
                if w.already_applied {
                    b.push(p(vec![plain(
                        "Our records show you have already applied in this period.",
                    )]));
                }
            }
        }
        if easy {
            b.push(p(vec![plain("It is free.")]));
            b.push(p(vec![plain(
                "Your advocate can help you fill in the form.",
            )]));
            b.push(p(vec![plain(
                "Or ask a solicitor. Legal help is free for this.",
            )]));
        } else {
            b.push(p(vec![plain(
                "To apply, fill in the tribunal's application form or write to the tribunal. \
                 It is free. Your advocate can help you apply, and a solicitor can represent \
                 you at the hearing free of charge.",
            )]));
        }
    }

    // The managers' reference.
    if let Some(o) = output
        && let Some(r) = &o.managers_reference
    {
        b.push(h(2, "If you do not apply"));
        let cite = notes.cite(r.basis);
        let who = match r.by {
            imha_law::output::Referrer::HospitalManagers => "the hospital managers",
            imha_law::output::Referrer::SecretaryOfState => "the Secretary of State",
        };
        let when = if r.as_soon_as_possible {
            format!("as soon as possible after {}", day(r.due))
        } else {
            format!("on {}", day(r.due))
        };
        if easy {
            b.push(p(vec![plain(format!(
                "If you do not ask, {who} must ask for you."
            ))]));
            b.push(p(vec![plain(format!("They must do this {when}.{cite}"))]));
        } else {
            b.push(p(vec![plain(format!(
                "If your case has not gone to the tribunal, {who} must refer it to the \
                 tribunal {when}.{cite}"
            ))]));
        }
    }

    // The advocate.
    b.push(h(2, "Your advocate"));
    match facts.advocate_name {
        Some(name) => b.push(p(vec![
            plain("Your advocate is "),
            Inline::strong(name.to_string()),
            plain("."),
        ])),
        None => b.push(p(vec![plain(format!(
            "An advocate from {} can help you.",
            facts.service_name
        ))])),
    }
    b.push(p(vec![plain(
        "An advocate is independent of the hospital. They can help you understand your rights \
         and say what you want.",
    )]));
    let mut contact = Vec::new();
    if let Some(phone) = facts.phone {
        contact.push(vec![
            plain("Phone: "),
            Inline::Link {
                text: phone.to_string(),
                href: format!("tel:{}", phone.replace(' ', "")),
            },
        ]);
    }
    if let Some(email) = facts.email {
        contact.push(vec![
            plain("Email: "),
            Inline::Link {
                text: email.to_string(),
                href: format!("mailto:{email}"),
            },
        ]);
    }
    if contact.is_empty() {
        b.push(p(vec![plain("Ask the ward staff to contact us for you.")]));
    } else {
        b.push(p(vec![plain(if easy {
            "To contact us:"
        } else {
            "How to contact us:"
        })]));
        b.push(Block::List(contact));
    }

    // Uncertain rules and other warnings.
    if let Some(o) = output
        && !o.warnings.is_empty()
    {
        b.push(h(2, "Check these with the Mental Health Act office"));
        b.push(p(vec![plain(
            "Some of these dates depend on rules that are not certain. Check this with the \
             Mental Health Act office:",
        )]));
        b.push(Block::List(
            o.warnings
                .iter()
                .map(|w| vec![plain(w.to_string())])
                .collect(),
        ));
    }

    // The citations.
    if !notes.0.is_empty() {
        b.push(h(2, "Where these dates come from"));
        for (i, n) in notes.0.iter().enumerate() {
            b.push(Block::Note {
                label: (i + 1).to_string(),
                content: vec![plain(n.clone())],
            });
        }
    }
    Document {
        title,
        lang: "en-GB".into(),
        large_print: easy,
        blocks: b,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn inline_html(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|i| match i {
            Inline::Text(s) => esc(s),
            Inline::Strong(s) => format!("<strong>{}</strong>", esc(s)),
            Inline::Link { text, href } => format!(
                "<a class=\"govuk-link\" href=\"{}\">{}</a>",
                esc(href),
                esc(text)
            ),
        })
        .collect()
}

/// The letter's blocks as HTML (the H1 excepted: the page has its own).
pub fn blocks_html(doc: &Document) -> String {
    let big = doc.large_print;
    let body = if big { "govuk-body-l" } else { "govuk-body" };
    let mut out = String::new();
    let mut notes_open = false;
    for block in doc.blocks.iter().skip(1) {
        if notes_open && !matches!(block, Block::Note { .. }) {
            out.push_str("</ol>");
            notes_open = false;
        }
        match block {
            Block::Heading { level, text } => {
                let (tag, class) = match (level, big) {
                    (2, true) => ("h2", "govuk-heading-l"),
                    (2, false) => ("h2", "govuk-heading-m"),
                    (_, true) => ("h3", "govuk-heading-m"),
                    _ => ("h3", "govuk-heading-s"),
                };
                out.push_str(&format!("<{tag} class=\"{class}\">{}</{tag}>", esc(text)));
            }
            Block::Paragraph(parts) => {
                out.push_str(&format!("<p class=\"{body}\">{}</p>", inline_html(parts)));
            }
            Block::List(items) => {
                out.push_str(&format!(
                    "<ul class=\"govuk-list govuk-list--bullet {body}\">"
                ));
                for it in items {
                    out.push_str(&format!("<li>{}</li>", inline_html(it)));
                }
                out.push_str("</ul>");
            }
            Block::Picture { alt, .. } => {
                out.push_str(&format!("<p class=\"{body}\">Picture: {}</p>", esc(alt)));
            }
            Block::Note { label, content } => {
                if !notes_open {
                    out.push_str("<ol class=\"govuk-list govuk-body-s\">");
                    notes_open = true;
                }
                out.push_str(&format!(
                    "<li>[{}] {}</li>",
                    esc(label),
                    inline_html(content)
                ));
            }
        }
    }
    if notes_open {
        out.push_str("</ol>");
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/letter/choose.html")]
struct ChoosePage {
    layout: Layout,
    /// `/staff/cases/{id}` or `/staff/patients/{id}`.
    base: String,
    back: &'static str,
    name: String,
    error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/letter/letter.html")]
struct LetterPage {
    layout: Layout,
    base: String,
    back: &'static str,
    title: String,
    style: &'static str,
    other_style: (&'static str, &'static str),
    large: bool,
    body: String,
}

/// The case, if this person may work on it (the 404 page otherwise), and its dates.
async fn case_and_dates(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    peer: SocketAddr,
    id: &str,
) -> Result<(Case, CaseDates, Date), Response> {
    let w = worker(session, headers, peer);
    let case = casework::get_for(&state.db, id, &w)
        .await
        .map_err(case_failed)?;
    let today = crate::pages::rights::today(state);
    let dates = case_dates::for_case(&state.db, id, today, &state.law)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)?;
    Ok((case, dates, today))
}

async fn audit_letter(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    peer: SocketAddr,
    id: &str,
    action: Action,
    style: LetterStyle,
) -> Result<(), Response> {
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), action)
            .on_record("case", id)
            .from_client(client_addr(headers, Some(peer)))
            .with_detail(format!("rights-letter style={}", style.id())),
    )
    .await
    .map(|_| ())
    .map_err(read_failed)
}

fn build(
    state: &AppState,
    case: &Case,
    dates: &CaseDates,
    today: Date,
    style: LetterStyle,
) -> Document {
    let facts = LetterFacts {
        patient_name: case.full_name(),
        advocate_name: case.advocate_name.as_deref(),
        service_name: &state.config.service_name,
        phone: state.config.contact_phone.as_deref(),
        email: state.config.contact_email.as_deref(),
        today,
    };
    letter(&facts, dates.output.as_ref(), style)
}

/// `GET /staff/cases/{id}/letter`: choose the style; with `?style=`, the letter.
async fn letter_page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<StyleQuery>,
) -> Result<Response, Response> {
    let (case, dates, today) = case_and_dates(&state, &session, &headers, peer, &id).await?;
    let style = q.style.as_deref().map(LetterStyle::parse);
    let Some(Some(style)) = style else {
        // The choice shows the patient's name: a view of the record.
        audit::record_now(
            &state.db,
            NewEntry::by_user(session.user.id.clone(), Action::RecordViewed)
                .on_record("case", &id)
                .from_client(client_addr(&headers, Some(peer)))
                .with_detail("form=rights-letter"),
        )
        .await
        .map_err(read_failed)?;
        let error = (style.is_some() || q.chosen.is_some())
            .then(|| "Select plain English or Easy Read".to_string());
        let title = if error.is_some() {
            "Error: Rights letter"
        } else {
            "Rights letter"
        };
        return Ok(ChoosePage {
            layout: Layout::staff(&state, title.to_string(), "/staff/cases", Some(&session)),
            base: format!("/staff/cases/{id}"),
            back: "Back to the case",
            name: case.full_name(),
            error,
        }
        .into_response());
    };
    audit_letter(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordViewed,
        style,
    )
    .await?;
    let doc = build(&state, &case, &dates, today, style);
    let other_style = match style {
        LetterStyle::Plain => ("easy-read", "Easy Read"),
        LetterStyle::EasyRead => ("plain", "plain English"),
    };
    Ok(LetterPage {
        layout: Layout::staff(
            &state,
            format!("{} for {}", doc.title, case.full_name()),
            "/staff/cases",
            Some(&session),
        ),
        base: format!("/staff/cases/{id}"),
        back: "Back to the case",
        title: doc.title.clone(),
        style: style.id(),
        other_style,
        large: doc.large_print,
        body: blocks_html(&doc),
    }
    .into_response())
}

/// `GET /staff/cases/{id}/letter.pdf?style=plain|easy-read`: the letter as a tagged PDF.
async fn letter_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<StyleQuery>,
) -> Result<Response, Response> {
    let (case, dates, today) = case_and_dates(&state, &session, &headers, peer, &id).await?;
    let style = q.pdf_style();
    let doc = build(&state, &case, &dates, today, style);
    let bytes = render_pdf(&doc).ok_or_else(crate::error::unavailable_page)?;
    audit_letter(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordExported,
        style,
    )
    .await?;
    Ok(pdf_response(bytes, style))
}

impl StyleQuery {
    /// The style asked for in a PDF link; plain English if none (or an unknown one).
    fn pdf_style(&self) -> LetterStyle {
        self.style
            .as_deref()
            .and_then(LetterStyle::parse)
            .unwrap_or(LetterStyle::Plain)
    }
}

/// The letter as PDF bytes; `None` (the failure logged) if it cannot be made.
fn render_pdf(doc: &imha_pdf::Document) -> Option<Vec<u8>> {
    imha_pdf::render(doc)
        .map_err(|e| tracing::error!(error = %e, "the rights letter PDF could not be made"))
        .ok()
}

fn pdf_response(bytes: Vec<u8>, style: LetterStyle) -> Response {
    let filename = format!("rights-letter-{}.pdf", style.id());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// From a patient's record (the opt-out feed's episodes): ViewPatients, audited on the patient.

async fn patient_and_output(
    state: &AppState,
    id: &str,
) -> Result<(imha_core::patients::PatientRecord, Option<Output>, Date), Response> {
    let record = imha_core::patients::get(&state.db, id)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)?;
    let today = crate::pages::rights::today(state);
    let output = imha_core::patients::timeline(&record, today, &state.law);
    Ok((record, output, today))
}

fn patient_doc(
    state: &AppState,
    record: &imha_core::patients::PatientRecord,
    output: Option<&Output>,
    today: Date,
    style: LetterStyle,
) -> Document {
    let facts = LetterFacts {
        patient_name: record.patient.full_name(),
        advocate_name: None,
        service_name: &state.config.service_name,
        phone: state.config.contact_phone.as_deref(),
        email: state.config.contact_email.as_deref(),
        today,
    };
    letter(&facts, output, style)
}

async fn audit_patient(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    peer: SocketAddr,
    id: &str,
    action: Action,
    detail: String,
) -> Result<(), Response> {
    audit::record_now(
        &state.db,
        NewEntry::by_user(session.user.id.clone(), action)
            .on_record("patient", id)
            .from_client(client_addr(headers, Some(peer)))
            .with_detail(detail),
    )
    .await
    .map(|_| ())
    .map_err(read_failed)
}

/// `GET /staff/patients/{id}/letter`: the same choice and letter, from the patient's record.
async fn patient_letter_page(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<StyleQuery>,
) -> Result<Response, Response> {
    let (record, output, today) = patient_and_output(&state, &id).await?;
    let style = q.style.as_deref().map(LetterStyle::parse);
    let base = format!("/staff/patients/{id}");
    let Some(Some(style)) = style else {
        audit_patient(
            &state,
            &session,
            &headers,
            peer,
            &id,
            Action::RecordViewed,
            "form=rights-letter".into(),
        )
        .await?;
        let error = (style.is_some() || q.chosen.is_some())
            .then(|| "Select plain English or Easy Read".to_string());
        let title = if error.is_some() {
            "Error: Rights letter"
        } else {
            "Rights letter"
        };
        return Ok(ChoosePage {
            layout: Layout::staff(&state, title.to_string(), "/staff/patients", Some(&session)),
            base,
            back: "Back to the patient",
            name: record.patient.full_name(),
            error,
        }
        .into_response());
    };
    audit_patient(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordViewed,
        format!("rights-letter style={}", style.id()),
    )
    .await?;
    let doc = patient_doc(&state, &record, output.as_ref(), today, style);
    let other_style = match style {
        LetterStyle::Plain => ("easy-read", "Easy Read"),
        LetterStyle::EasyRead => ("plain", "plain English"),
    };
    Ok(LetterPage {
        layout: Layout::staff(
            &state,
            format!("{} for {}", doc.title, record.patient.full_name()),
            "/staff/patients",
            Some(&session),
        ),
        base,
        back: "Back to the patient",
        title: doc.title.clone(),
        style: style.id(),
        other_style,
        large: doc.large_print,
        body: blocks_html(&doc),
    }
    .into_response())
}

/// `GET /staff/patients/{id}/letter.pdf?style=plain|easy-read`.
async fn patient_letter_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<StyleQuery>,
) -> Result<Response, Response> {
    let (record, output, today) = patient_and_output(&state, &id).await?;
    let style = q.pdf_style();
    let doc = patient_doc(&state, &record, output.as_ref(), today, style);
    let bytes = render_pdf(&doc).ok_or_else(crate::error::unavailable_page)?;
    audit_patient(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordExported,
        format!("rights-letter style={}", style.id()),
    )
    .await?;
    Ok(pdf_response(bytes, style))
}
