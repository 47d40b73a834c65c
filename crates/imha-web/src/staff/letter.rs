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
use crate::i18n::Lang;
use crate::i18n::engine::{self, Words};
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
    /// The letter's language: `cy` for Welsh, English otherwise. (Not `lang`, which the
    /// public pages' language switch uses.)
    language: Option<String>,
    /// Set by the choice form, so a submission without a choice is told so.
    chosen: Option<String>,
}

impl StyleQuery {
    /// The language asked for: Welsh for `language=cy`, else English.
    fn lang(&self) -> Lang {
        match self.language.as_deref() {
            Some("cy") => Lang::Cy,
            _ => Lang::En,
        }
    }
}

/// The days of the week in Welsh, Monday first.
const WELSH_DAYS: [&str; 7] = [
    "dydd Llun",
    "dydd Mawrth",
    "dydd Mercher",
    "dydd Iau",
    "dydd Gwener",
    "dydd Sadwrn",
    "dydd Sul",
];

/// "Sunday 14 June 2026"; in Welsh "14 Mehefin 2026 (dydd Sul)", which reads the same after
/// any word (a weekday first would change its first letter after "ar" or "o").
fn day(d: Date, lang: Lang) -> String {
    match lang {
        Lang::En => d.strftime("%A %-d %B %Y").to_string(),
        Lang::Cy => {
            let i = usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0);
            format!(
                "{} ({})",
                crate::i18n::long_date(d, lang),
                WELSH_DAYS.get(i).copied().unwrap_or("")
            )
        }
    }
}

/// The citation as people read it (the section as the engine cites it).
fn readable(basis: &str, lang: Lang) -> String {
    crate::pages::rights::readable_basis_in(basis, lang)
}

/// Numbered notes, one per distinct citation.
struct Notes(Vec<String>, Lang);

impl Notes {
    /// The note marker for `basis`, e.g. " [2]".
    fn cite(&mut self, basis: &str) -> String {
        let text = readable(basis, self.1);
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
    /// The language of the service's name (BCP 47).
    pub service_name_lang: &'a str,
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

fn status_words(status: Option<Status>, lang: Lang) -> (String, Option<String>) {
    match status.and_then(statuses::plain) {
        Some(ps) => (statuses::label(ps, lang), Some(statuses::hint(ps, lang))),
        None => match status {
            Some(s) => (format!("{s:?}"), None),
            None => (lang.t("letter-no-status-label"), None),
        },
    }
}

/// The tribunal's name in `lang` (the engine names it in English).
fn tribunal_in(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => name.to_string(),
        Lang::Cy if name.contains("Wales") => "Tribiwnlys Adolygu Iechyd Meddwl Cymru".into(),
        Lang::Cy if name.contains("First-tier") => "Tribiwnlys Haen Gyntaf (Iechyd Meddwl)".into(),
        Lang::Cy => name.to_string(),
    }
}

/// The letter for `facts` and the engine's `output`, in `style`, in English or (machine-drafted,
/// marked as awaiting review by a Welsh speaker) Welsh.
pub fn letter(
    facts: &LetterFacts<'_>,
    output: Option<&Output>,
    style: LetterStyle,
    lang: Lang,
) -> Document {
    let easy = style == LetterStyle::EasyRead;
    let t = |id: &str| lang.t(id);
    let ta = |id: &str, args: &[(&str, &str)]| lang.t_args(id, args);
    let day = |d: Date| day(d, lang);
    let mut notes = Notes(Vec::new(), lang);
    let mut b: Vec<Block> = Vec::new();
    let (label, hint) = status_words(output.and_then(|o| o.status), lang);
    let title = ta("letter-title", &[("label", &label)]);
    b.push(h(1, title.clone()));
    // The notice in the letter's language; the staff page shows it in English too.
    if lang.awaiting_review() {
        b.push(p(vec![plain(t("letter-review-notice"))]));
    }
    b.push(p(vec![plain(ta(
        "letter-to",
        &[("name", &facts.patient_name)],
    ))]));
    // The service's name, marked with its own language where that is not the letter's.
    b.push(p(with_run(
        lang,
        "letter-from",
        &[("date", &day(facts.today))],
        ("service", facts.service_name, facts.service_name_lang),
    )));
    if easy {
        b.push(p(vec![plain(t("letter-easy-about"))]));
        b.push(p(vec![plain(t("letter-easy-read-with"))]));
    } else {
        b.push(p(vec![plain(t("letter-intro"))]));
    }

    // The section and what it means.
    b.push(h(
        2,
        t(if easy {
            "letter-section-easy"
        } else {
            "letter-section"
        }),
    ));
    match output.and_then(|o| o.status) {
        Some(_) => {
            b.push(p(vec![
                plain(format!("{} ", t("letter-you-are-on"))),
                Inline::strong(label.clone()),
                plain("."),
            ]));
            if let Some(hint) = hint {
                b.push(p(vec![plain(ta(
                    "letter-means",
                    &[("hint", &lower_first(&hint))],
                ))]));
            }
        }
        None => b.push(p(vec![plain(t("letter-no-status"))])),
    }

    // When it ends.
    if let Some(o) = output
        && let Some(a) = &o.authority
    {
        b.push(h(2, t("letter-ends-heading")));
        if let Some(end) = a.end {
            let cite = notes.cite(a.basis);
            if easy {
                b.push(p(vec![plain(t("letter-ends-easy"))]));
                b.push(p(vec![Inline::strong(day(end)), plain(cite)]));
                b.push(p(vec![plain(t("letter-ends-easy-unless"))]));
            } else {
                b.push(p(vec![
                    plain(format!("{} ", t("letter-ends-at"))),
                    Inline::strong(day(end)),
                    plain(format!("{cite}{}", t("letter-ends-unless"))),
                ]));
            }
        } else if let Some(ext) = &a.extended {
            let cite = notes.cite(ext.basis);
            let extended = ta("letter-extended", &[("date", &day(ext.nominal_end))]);
            let reason = engine::reason(ext.reason, lang);
            b.push(p(match reason.foreign {
                None => vec![plain(format!("{extended} {}.{cite}", reason.text))],
                Some(_) => vec![
                    plain(format!("{extended} ")),
                    words_inline(reason),
                    plain(format!(".{cite}")),
                ],
            }));
        } else {
            let cite = notes.cite(a.basis);
            b.push(p(vec![plain(ta(
                "letter-started",
                &[("date", &day(a.start)), ("cite", &cite)],
            ))]));
        }
    }

    // The tribunal.
    let tribunal = output
        .and_then(|o| o.tribunal_name)
        .map(|n| tribunal_in(n, lang))
        .unwrap_or_else(|| t("letter-the-tribunal"));
    let tribunal = tribunal.as_str();
    if let Some(o) = output
        && let Some(w) = &o.tribunal_patient
    {
        b.push(h(2, t("letter-tribunal-heading")));
        let cite = notes.cite(w.basis);
        let last = w.extended_to_next_open_day.unwrap_or(w.to);
        match w.state {
            WindowState::Passed => {
                b.push(p(vec![plain(ta(
                    "letter-passed",
                    &[
                        ("tribunal", tribunal),
                        ("date", &day(last)),
                        ("cite", &cite),
                    ],
                ))]));
            }
            WindowState::Open | WindowState::Upcoming => {
                if easy {
                    b.push(p(vec![plain(ta(
                        "letter-easy-can-ask",
                        &[("tribunal", tribunal)],
                    ))]));
                    b.push(p(vec![plain(t("letter-easy-from"))]));
                    b.push(p(vec![Inline::strong(day(w.from))]));
                    b.push(p(vec![plain(t("letter-easy-last"))]));
                    b.push(p(vec![Inline::strong(day(w.to)), plain(cite)]));
                } else {
                    b.push(p(vec![
                        plain(format!(
                            "{} ",
                            ta(
                                "letter-can-apply",
                                &[("tribunal", tribunal), ("from", &day(w.from))]
                            )
                        )),
                        Inline::strong(day(w.to)),
                        plain(format!("{cite}.")),
                    ]));
                }
                if let Some(next) = w.extended_to_next_open_day {
                    b.push(p(vec![plain(ta(
                        "letter-office-closed-next",
                        &[("to", &day(w.to)), ("next", &day(next))],
                    ))]));
                } else if w.office_closed_on_last_day {
                    b.push(p(vec![plain(t("letter-office-closed"))]));
                }
                if w.already_applied {
                    b.push(p(vec![plain(t("letter-already-applied"))]));
                }
            }
        }
        if easy {
            b.push(p(vec![plain(t("letter-easy-free"))]));
            b.push(p(vec![plain(t("letter-easy-form"))]));
            b.push(p(vec![plain(t("letter-easy-solicitor"))]));
        } else {
            b.push(p(vec![plain(t("letter-how-to-apply"))]));
        }
    }

    // The managers' reference.
    if let Some(o) = output
        && let Some(r) = &o.managers_reference
    {
        b.push(h(2, t("letter-reference-heading")));
        let cite = notes.cite(r.basis);
        let who = t(match r.by {
            imha_law::output::Referrer::HospitalManagers => "letter-managers",
            imha_law::output::Referrer::SecretaryOfState => "letter-secretary-of-state",
        });
        let when = ta(
            if r.as_soon_as_possible {
                "letter-when-asap"
            } else {
                "letter-when-on"
            },
            &[("date", &day(r.due))],
        );
        if easy {
            b.push(p(vec![plain(ta("letter-easy-must-ask", &[("who", &who)]))]));
            b.push(p(vec![plain(ta(
                "letter-easy-when",
                &[("when", &when), ("cite", &cite)],
            ))]));
        } else {
            b.push(p(vec![plain(ta(
                "letter-must-refer",
                &[("who", &who), ("when", &when), ("cite", &cite)],
            ))]));
        }
    }

    // The advocate.
    b.push(h(2, t("letter-advocate-heading")));
    match facts.advocate_name {
        Some(name) => b.push(p(vec![
            plain(format!("{} ", t("letter-advocate-is"))),
            Inline::strong(name.to_string()),
            plain("."),
        ])),
        None => b.push(p(with_run(
            lang,
            "letter-advocate-from",
            &[],
            ("service", facts.service_name, facts.service_name_lang),
        ))),
    }
    b.push(p(vec![plain(t("letter-independent"))]));
    let mut contact = Vec::new();
    if let Some(phone) = facts.phone {
        contact.push(vec![
            plain(format!("{} ", t("letter-phone"))),
            Inline::Link {
                text: phone.to_string(),
                href: format!("tel:{}", phone.replace(' ', "")),
            },
        ]);
    }
    if let Some(email) = facts.email {
        contact.push(vec![
            plain(format!("{} ", t("letter-email"))),
            Inline::Link {
                text: email.to_string(),
                href: format!("mailto:{email}"),
            },
        ]);
    }
    if contact.is_empty() {
        b.push(p(vec![plain(t("letter-ask-ward"))]));
    } else {
        b.push(p(vec![plain(t(if easy {
            "letter-contact-easy"
        } else {
            "letter-contact"
        }))]));
        b.push(Block::List(contact));
    }

    // Uncertain rules and other warnings.
    if let Some(o) = output
        && !o.warnings.is_empty()
    {
        b.push(h(2, t("letter-check-heading")));
        b.push(p(vec![plain(t("letter-check"))]));
        b.push(Block::List(
            engine::warnings(&o.warnings, lang)
                .into_iter()
                .map(|w| vec![words_inline(w)])
                .collect(),
        ));
    }

    // The citations.
    if !notes.0.is_empty() {
        b.push(h(2, t("letter-notes-heading")));
        for (i, n) in notes.0.iter().enumerate() {
            b.push(Block::Note {
                label: (i + 1).to_string(),
                content: vec![plain(n.clone())],
            });
        }
    }
    Document {
        title,
        lang: match lang {
            Lang::En => "en-GB".into(),
            Lang::Cy => "cy".into(),
        },
        large_print: easy,
        blocks: b,
    }
}

/// The message `id` with `args` and the variable `run.0` set to `run.1`, which is in the
/// language `run.2`: one text in the letter's language, or, where `run.2` is another language,
/// the value as a run marked with it (a Span with /Lang in the PDF, `lang` in the HTML).
fn with_run(lang: Lang, id: &str, args: &[(&str, &str)], run: (&str, &str, &str)) -> Vec<Inline> {
    let (key, value, value_lang) = run;
    let format = |v: &str| {
        let mut all = args.to_vec();
        all.push((key, v));
        lang.t_args(id, &all)
    };
    if Lang::from_code(value_lang) == Some(lang) {
        return vec![plain(format(value))];
    }
    // A private-use character stands in for the value, to find where the message puts it.
    const MARK: &str = "\u{E000}";
    let marked = format(MARK);
    match marked.split_once(MARK) {
        Some((before, after)) if !after.contains(MARK) => {
            let mut parts = Vec::new();
            if !before.is_empty() {
                parts.push(plain(before));
            }
            parts.push(Inline::lang(value_lang, vec![plain(value)]));
            if !after.is_empty() {
                parts.push(plain(after));
            }
            parts
        }
        _ => vec![plain(format(value))],
    }
}

/// The engine's words as inline text, marked with their language where it is not the
/// letter's (English, should a translation be missing), for the PDF's tags and the HTML.
fn words_inline(w: Words) -> Inline {
    match w.foreign {
        Some(lang) => Inline::lang(lang, vec![plain(w.text)]),
        None => plain(w.text),
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
            Inline::Lang { lang, content } => format!(
                "<span lang=\"{}\">{}</span>",
                esc(lang),
                inline_html(content)
            ),
        })
        .collect()
}

/// The letter's blocks as HTML (the H1 excepted: the page has its own).
pub fn blocks_html(doc: &Document) -> String {
    let mut out = String::new();
    let mut notes_open = false;
    for block in doc.blocks.iter().skip(1) {
        block_html(&mut out, block, None, doc.large_print, &mut notes_open);
    }
    if notes_open {
        out.push_str("</ol>");
    }
    out
}

/// One block as HTML; `lang` (from [`Block::Lang`]) goes on its element as a `lang`
/// attribute. Consecutive notes share one `<ol>`, which `notes_open` tracks.
fn block_html(
    out: &mut String,
    block: &Block,
    lang: Option<&str>,
    big: bool,
    notes_open: &mut bool,
) {
    let body = if big { "govuk-body-l" } else { "govuk-body" };
    let is_note = match block {
        Block::Note { .. } => true,
        Block::Lang { block, .. } => matches!(**block, Block::Note { .. }),
        _ => false,
    };
    if *notes_open && !is_note {
        out.push_str("</ol>");
        *notes_open = false;
    }
    let attr = lang
        .map(|l| format!(" lang=\"{}\"", esc(l)))
        .unwrap_or_default();
    match block {
        Block::Heading { level, text } => {
            let (tag, class) = match (level, big) {
                (2, true) => ("h2", "govuk-heading-l"),
                (2, false) => ("h2", "govuk-heading-m"),
                (_, true) => ("h3", "govuk-heading-m"),
                _ => ("h3", "govuk-heading-s"),
            };
            out.push_str(&format!(
                "<{tag} class=\"{class}\"{attr}>{}</{tag}>",
                esc(text)
            ));
        }
        Block::Paragraph(parts) => {
            out.push_str(&format!(
                "<p class=\"{body}\"{attr}>{}</p>",
                inline_html(parts)
            ));
        }
        Block::List(items) => {
            out.push_str(&format!(
                "<ul class=\"govuk-list govuk-list--bullet {body}\"{attr}>"
            ));
            for it in items {
                out.push_str(&format!("<li>{}</li>", inline_html(it)));
            }
            out.push_str("</ul>");
        }
        Block::Picture { alt, .. } => {
            out.push_str(&format!(
                "<p class=\"{body}\"{attr}>Picture: {}</p>",
                esc(alt)
            ));
        }
        Block::Note { label, content } => {
            if !*notes_open {
                out.push_str("<ol class=\"govuk-list govuk-body-s\">");
                *notes_open = true;
            }
            out.push_str(&format!(
                "<li{attr}>[{}] {}</li>",
                esc(label),
                inline_html(content)
            ));
        }
        // The innermost language is the block's.
        Block::Lang { lang, block } => block_html(out, block, Some(lang), big, notes_open),
    }
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
    /// `&language=cy` for a Welsh letter (kept by the PDF and other-version links).
    language: &'static str,
    /// The letter's own language (`lang` on its text).
    letter_lang: &'static str,
    /// For staff: the letter is a machine-drafted translation awaiting review (in English).
    review_notice: Option<String>,
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

/// The audit entry's detail for a letter: its style and language (`style=plain language=cy`).
fn letter_detail(style: LetterStyle, lang: Lang) -> String {
    format!(
        "rights-letter style={} language={}",
        style.id(),
        lang.code()
    )
}

async fn audit_letter(
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
            .on_record("case", id)
            .from_client(client_addr(headers, Some(peer)))
            .with_detail(detail),
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
    lang: Lang,
) -> Document {
    let facts = LetterFacts {
        patient_name: case.full_name(),
        advocate_name: case.advocate_name.as_deref(),
        service_name: &state.config.service_name,
        service_name_lang: &state.config.service_name_lang,
        phone: state.config.contact_phone.as_deref(),
        email: state.config.contact_email.as_deref(),
        today,
    };
    letter(&facts, dates.output.as_ref(), style, lang)
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
        letter_detail(style, q.lang()),
    )
    .await?;
    let doc = build(&state, &case, &dates, today, style, q.lang());
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
        )
        .for_printing(),
        base: format!("/staff/cases/{id}"),
        back: "Back to the case",
        title: doc.title.clone(),
        style: style.id(),
        language: language_param(q.lang()),
        review_notice: q
            .lang()
            .awaiting_review()
            .then(|| Lang::En.t("letter-review-notice")),
        letter_lang: q.lang().code(),
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
    let doc = build(&state, &case, &dates, today, style, q.lang());
    let bytes = render_pdf(&doc).ok_or_else(crate::error::unavailable_page)?;
    audit_letter(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordExported,
        letter_detail(style, q.lang()),
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

/// The query parameter that keeps a Welsh letter Welsh on its links.
fn language_param(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Cy => "&language=cy",
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
    lang: Lang,
) -> Document {
    let facts = LetterFacts {
        patient_name: record.patient.full_name(),
        advocate_name: None,
        service_name: &state.config.service_name,
        service_name_lang: &state.config.service_name_lang,
        phone: state.config.contact_phone.as_deref(),
        email: state.config.contact_email.as_deref(),
        today,
    };
    letter(&facts, output, style, lang)
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
        letter_detail(style, q.lang()),
    )
    .await?;
    let doc = patient_doc(&state, &record, output.as_ref(), today, style, q.lang());
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
        )
        .for_printing(),
        base,
        back: "Back to the patient",
        title: doc.title.clone(),
        style: style.id(),
        language: language_param(q.lang()),
        review_notice: q
            .lang()
            .awaiting_review()
            .then(|| Lang::En.t("letter-review-notice")),
        letter_lang: q.lang().code(),
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
    let doc = patient_doc(&state, &record, output.as_ref(), today, style, q.lang());
    let bytes = render_pdf(&doc).ok_or_else(crate::error::unavailable_page)?;
    audit_patient(
        &state,
        &session,
        &headers,
        peer,
        &id,
        Action::RecordExported,
        letter_detail(style, q.lang()),
    )
    .await?;
    Ok(pdf_response(bytes, style))
}

#[cfg(test)]
mod tests {
    use super::*;
    use imha_law::{Entry, Input, Jurisdiction, LawConfig, Warning, When, evaluate};
    use jiff::civil::date;

    fn facts() -> LetterFacts<'static> {
        LetterFacts {
            patient_name: "Sam Okafor".into(),
            advocate_name: None,
            service_name: "Independent Mental Health Advocacy",
            service_name_lang: "en",
            phone: None,
            email: None,
            today: date(2026, 4, 1),
        }
    }

    /// Section 2 from 10 March 2026, with a warning no catalogue knows added to the engine's.
    fn output_with_unknown_warning() -> Output {
        let mut out = evaluate(
            &Input::new(
                Jurisdiction::Wales,
                When::Day(date(2026, 4, 1)),
                vec![Entry::new(Status::S2, When::Day(date(2026, 3, 10)))],
            ),
            &LawConfig::default(),
        );
        out.warnings.push(Warning::Note("A note no catalogue has."));
        out
    }

    fn contains(hay: &[u8], needle: &str) -> bool {
        hay.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    /// English left in a Welsh letter (an untranslated warning, the service's English name) is
    /// marked English in the HTML and tagged /Lang (en) in the PDF; an English letter marks
    /// nothing.
    #[test]
    fn english_left_in_a_welsh_letter_is_marked_english() {
        let out = output_with_unknown_warning();
        let doc = letter(&facts(), Some(&out), LetterStyle::Plain, Lang::Cy);
        let html = blocks_html(&doc);
        assert!(
            html.contains(r#"<li><span lang="en">A note no catalogue has.</span></li>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"Oddi wrth <span lang="en">Independent Mental Health Advocacy</span>, eich"#
            ),
            "{html}"
        );
        let pdf = imha_pdf::render(&doc).unwrap();
        assert!(contains(&pdf, "/Lang(cy)"));
        // Three Spans: the service's name (who wrote, and, with no advocate named, who to
        // ask) and the warning.
        assert_eq!(
            pdf.windows(9).filter(|w| *w == b"/Lang(en)").count(),
            3,
            "one /Lang(en) per English run"
        );

        let doc = letter(&facts(), Some(&out), LetterStyle::Plain, Lang::En);
        let html = blocks_html(&doc);
        assert!(!html.contains("lang="), "{html}");
        assert!(html.contains("<li>A note no catalogue has.</li>"));
        assert!(html.contains("From Independent Mental Health Advocacy, your advocacy"));
        assert!(!contains(&imha_pdf::render(&doc).unwrap(), "/S/Span"));
    }

    #[test]
    fn a_service_name_in_the_letters_language_is_not_marked() {
        let welsh_name = LetterFacts {
            service_name: "Eiriolaeth Iechyd Meddwl Annibynnol",
            service_name_lang: "cy",
            ..facts()
        };
        let html = blocks_html(&letter(&welsh_name, None, LetterStyle::Plain, Lang::Cy));
        assert!(html.contains("Oddi wrth Eiriolaeth Iechyd Meddwl Annibynnol, eich"));
        assert!(!html.contains("lang="), "{html}");
        // The same name in an English letter is marked Welsh.
        let html = blocks_html(&letter(&welsh_name, None, LetterStyle::Plain, Lang::En));
        assert!(
            html.contains(r#"From <span lang="cy">Eiriolaeth Iechyd Meddwl Annibynnol</span>,"#),
            "{html}"
        );
    }

    #[test]
    fn a_block_in_another_language_carries_lang_in_the_html() {
        let doc = Document {
            title: "T".into(),
            lang: "cy".into(),
            large_print: false,
            blocks: vec![
                h(1, "T"),
                Block::lang("en", p(vec![plain("English")])),
                Block::Note {
                    label: "1".into(),
                    content: vec![plain("Nodyn")],
                },
                Block::lang(
                    "en",
                    Block::Note {
                        label: "2".into(),
                        content: vec![plain("Note")],
                    },
                ),
            ],
        };
        assert_eq!(
            blocks_html(&doc),
            "<p class=\"govuk-body\" lang=\"en\">English</p><ol class=\"govuk-list \
             govuk-body-s\"><li>[1] Nodyn</li><li lang=\"en\">[2] Note</li></ol>"
        );
    }
}
