//! The public referral form at `/refer`: a start page, one question a page, "Check your
//! answers", and a confirmation with the reference and what the rights engine makes of the
//! person's section.
//!
//! Answers live in a server-side draft (`referrals::save_draft`) keyed by a random token in an
//! HttpOnly, SameSite=Lax cookie, so nothing half-entered becomes a referral and "Change" links
//! are plain links. Every form posts, then redirects (POST/redirect/GET). A referral is stored
//! only by "Send referral", in one transaction with deleting the draft. No page logs what
//! anyone typed.

mod messages;
mod questions;
mod summary;

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use imha_core::referrals::{self, Actor, Channel, RawReferral, ReferralError};
use imha_govuk::{BackLink, Button, ErrorLink, ErrorSummary, Panel, SummaryList, TrustedHtml};
use jiff::Timestamp;
use serde::Deserialize;

use super::{Contact, Layout, kinds_of_help};
use crate::AppState;
use crate::forms::{error_summary, error_title, summary_title};
use crate::i18n::{t, t_args};
use crate::staff::{client_addr, cookie, set_cookie};
use questions::{Ctx, Page, Posted, Problem, Voice};

/// The field people cannot see or reach: only a program filling in every field fills it. Its
/// name is one no browser's autofill recognises (no "name", "email", "phone" or "address").
pub const HONEYPOT: &str = "imha_leave_blank";

/// How long the confirmation page can be shown again after sending (seconds).
const SENT_MAX_AGE: i64 = 30 * 60;

const START: &str = "/refer";
const CHECK: &str = "/refer/check";
const SENT: &str = "/refer/sent";

/// The draft's cookie. Over TLS it has the `__Host-` prefix, so no other site on the domain
/// can plant a token of its own and read the answers typed under it.
fn draft_cookie(state: &AppState) -> &'static str {
    if state.config.served_over_tls() {
        "__Host-imha_referral"
    } else {
        "imha_referral"
    }
}

/// The reference of the referral just sent, for the confirmation page.
fn sent_cookie(state: &AppState) -> &'static str {
    if state.config.served_over_tls() {
        "__Host-imha_referral_sent"
    } else {
        "imha_referral_sent"
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(START, get(start).post(begin))
        .route(CHECK, get(check_answers).post(send))
        .route(SENT, get(sent))
        .route("/refer/{page}", get(question).post(answer))
}

fn ctx(state: &AppState) -> Ctx<'_> {
    Ctx {
        law: &state.law,
        today: referrals::uk_date(Timestamp::now()),
    }
}

/// Minimal HTML escaping for the few bits of markup built here.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Something failed that the person cannot fix: log it (no answers in the message) and show
/// the 500 page. The draft is untouched, so nothing typed is lost.
fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "referral form failed");
    crate::error::server_error_page()
}

fn with_cookies(mut res: Response, cookies: impl IntoIterator<Item = HeaderValue>) -> Response {
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn clear_draft_cookie(state: &AppState) -> HeaderValue {
    set_cookie(state, draft_cookie(state), "", "/", Some(0))
}

fn honeypot_filled(posted: &Posted) -> bool {
    posted.one(HONEYPOT).is_some()
}

#[derive(Deserialize)]
struct ChangeQuery {
    change: Option<String>,
}

impl ChangeQuery {
    fn is_change(&self) -> bool {
        self.change.is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// The start page

#[derive(Template, WebTemplate)]
#[template(path = "pages/refer/start.html")]
struct StartPage {
    layout: Layout,
    help: Vec<String>,
    contact: Contact,
    draft_hours: i64,
    button: Button,
    honeypot: &'static str,
}

async fn start(State(state): State<AppState>) -> StartPage {
    StartPage {
        layout: Layout::new(&state, t("refer-start-title"), START),
        help: kinds_of_help(),
        contact: Contact::from(&state),
        draft_hours: referrals::DRAFT_LIFETIME.as_hours(),
        button: Button {
            text: Some(t("refer-start-button")),
            is_start_button: true,
            ..Button::default()
        },
        honeypot: HONEYPOT,
    }
}

/// "Start now": a new, empty draft under a new token. A draft already in this browser is
/// deleted, not continued: on a shared computer it may be someone else's.
async fn begin(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted(pairs);
    if honeypot_filled(&posted) {
        return blocked(&state, &headers).await;
    }
    if let Some(old) = cookie(&headers, draft_cookie(&state))
        && let Err(e) = discard(&state, old).await
    {
        return failed(e);
    }
    let token = match imha_core::accounts::random_token() {
        Ok(t) => t,
        Err(e) => return failed(e),
    };
    if let Err(e) =
        referrals::save_draft(&state.db, &token, &RawReferral::default(), Timestamp::now()).await
    {
        return failed(e);
    }
    with_cookies(
        Redirect::to(&Page::Who.path()).into_response(),
        [set_cookie(&state, draft_cookie(&state), &token, "/", None)],
    )
}

async fn discard(state: &AppState, token: &str) -> Result<(), imha_core::StorageError> {
    let mut tx = state.db.begin().await?;
    referrals::discard_draft(&mut tx, token).await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Loading the draft

/// The draft, or the response to give instead: no draft cookie sends people to the start; a
/// draft that has expired (or was sent) says so.
async fn load(state: &AppState, headers: &HeaderMap) -> Result<(String, RawReferral), Response> {
    let Some(token) = cookie(headers, draft_cookie(state)) else {
        return Err(Redirect::to(START).into_response());
    };
    match referrals::load_draft(&state.db, token, Timestamp::now()).await {
        Ok(Some(raw)) => Ok((token.to_string(), raw)),
        Ok(None) => Err(with_cookies(
            expired(state).into_response(),
            [clear_draft_cookie(state)],
        )),
        Err(e) => Err(failed(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/refer/message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    paragraphs: Vec<String>,
    contact: Contact,
    start_again: Option<Button>,
}

fn expired(state: &AppState) -> MessagePage {
    let hours = referrals::DRAFT_LIFETIME.as_hours().to_string();
    let heading = t("refer-expired-heading");
    MessagePage {
        layout: Layout::new(state, heading.clone(), START),
        heading,
        paragraphs: vec![
            t_args("refer-expired-p1", &[("hours", &hours)]),
            t("refer-expired-p2"),
        ],
        contact: Contact::from(state),
        start_again: Some(Button {
            text: Some(t("refer-start-again")),
            href: Some(START.into()),
            ..Button::default()
        }),
    }
}

/// "Send referral" found no answers. Usually a second press of the button after the first
/// had sent them (without JavaScript nothing stops a double click), so say that first.
fn maybe_sent(state: &AppState, headers: &HeaderMap) -> Response {
    if cookie(headers, sent_cookie(state)).is_some() {
        return Redirect::to(SENT).into_response();
    }
    let hours = referrals::DRAFT_LIFETIME.as_hours().to_string();
    let heading = t("refer-lost-heading");
    let page = MessagePage {
        layout: Layout::new(state, heading.clone(), START),
        heading,
        paragraphs: vec![
            t("refer-lost-p1"),
            t_args("refer-lost-p2", &[("hours", &hours)]),
        ],
        contact: Contact::from(state),
        start_again: Some(Button {
            text: Some(t("refer-start-again")),
            href: Some(START.into()),
            ..Button::default()
        }),
    };
    with_cookies(page.into_response(), [clear_draft_cookie(state)])
}

/// The honeypot was filled in: store nothing, delete the draft, and give a person who got
/// here by mistake another way to reach the service.
async fn blocked(state: &AppState, headers: &HeaderMap) -> Response {
    tracing::info!("referral form: hidden field filled in, nothing stored");
    if let Some(token) = cookie(headers, draft_cookie(state))
        && let Err(e) = discard(state, token).await
    {
        return failed(e);
    }
    let heading = t("refer-blocked-heading");
    let page = MessagePage {
        layout: Layout::new(state, heading.clone(), START),
        heading,
        paragraphs: vec![t("refer-blocked-p1"), t("refer-blocked-p2")],
        contact: Contact::from(state),
        start_again: None,
    };
    with_cookies(page.into_response(), [clear_draft_cookie(state)])
}

// ---------------------------------------------------------------------------------------------
// Question pages

#[derive(Template, WebTemplate)]
#[template(path = "pages/refer/question.html")]
struct QuestionPage {
    layout: Layout,
    back: BackLink,
    error_summary: Option<ErrorSummary>,
    action: String,
    body: TrustedHtml,
    button: Button,
    honeypot: &'static str,
}

fn back_link(href: String) -> BackLink {
    BackLink {
        href: Some(href),
        text: Some(t("form-back")),
        ..BackLink::default()
    }
}

fn render_question(
    state: &AppState,
    page: Page,
    raw: &RawReferral,
    posted: Option<&Posted>,
    problems: &[Problem],
    change: bool,
) -> Response {
    let c = ctx(state);
    let body = match questions::body(page, raw, posted, problems) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    let back = if change {
        CHECK.to_string()
    } else {
        page.previous(raw, c)
            .map(Page::path)
            .unwrap_or_else(|| START.into())
    };
    let mut action = page.path();
    if change {
        action.push_str("?change=yes");
    }
    let summary: Vec<(&str, String)> = problems
        .iter()
        .map(|p| (p.anchor.as_str(), p.shown()))
        .collect();
    QuestionPage {
        layout: Layout::new(
            state,
            error_title(&questions::heading(page, raw), !problems.is_empty()),
            START,
        ),
        back: back_link(back),
        error_summary: error_summary(&summary),
        action,
        body,
        button: Button {
            text: Some(t("form-continue")),
            ..Button::default()
        },
        honeypot: HONEYPOT,
    }
    .into_response()
}

/// Where to go when a page does not apply to these answers: the next page that does.
fn skip_to(page: Page, raw: &RawReferral, c: Ctx<'_>) -> Response {
    let to = page.next(raw, c).map(Page::path);
    Redirect::to(to.as_deref().unwrap_or(CHECK)).into_response()
}

async fn question(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ChangeQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(page) = Page::from_slug(&slug) else {
        return crate::error::not_found_page();
    };
    let (_, raw) = match load(&state, &headers).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    if !page.applies(&raw, ctx(&state)) {
        return skip_to(page, &raw, ctx(&state));
    }
    render_question(&state, page, &raw, None, &[], q.is_change())
}

async fn answer(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ChangeQuery>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(page) = Page::from_slug(&slug) else {
        return crate::error::not_found_page();
    };
    let posted = Posted(pairs);
    if honeypot_filled(&posted) {
        return blocked(&state, &headers).await;
    }
    let (token, raw) = match load(&state, &headers).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let c = ctx(&state);
    if !page.applies(&raw, c) {
        return skip_to(page, &raw, c);
    }
    let mut answers = raw.clone();
    let problems = questions::read(page, &posted, &mut answers);
    let problems = questions::check(page, &answers, c, problems);
    if !problems.is_empty() {
        // Shown again with what was typed; the draft keeps the last good answers.
        return render_question(
            &state,
            page,
            &answers,
            Some(&posted),
            &problems,
            q.is_change(),
        );
    }
    if let Err(e) = referrals::save_draft(&state.db, &token, &answers, Timestamp::now()).await {
        return failed(e);
    }
    let to = if q.is_change() {
        // After a change, only what the change made necessary, then back to the check page.
        questions::first_incomplete(&answers, c).map(|p| format!("{}?change=yes", p.path()))
    } else {
        page.next(&answers, c).map(Page::path)
    };
    Redirect::to(to.as_deref().unwrap_or(CHECK)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Check your answers, and sending

/// One part of the check page: a heading and its answers.
pub struct Section {
    pub heading: String,
    pub list: SummaryList,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/refer/check.html")]
struct CheckPage {
    layout: Layout,
    back: BackLink,
    error_summary: Option<ErrorSummary>,
    sections: Vec<Section>,
    button: Button,
    honeypot: &'static str,
}

fn render_check(state: &AppState, raw: &RawReferral, errors: &[referrals::FieldError]) -> Response {
    let c = ctx(state);
    let shown = questions::effective(raw, c);
    // Errors link to the page that asks the question, which comes back here when fixed.
    let error_summary = (!errors.is_empty()).then(|| ErrorSummary {
        title_text: Some(summary_title()),
        error_list: errors
            .iter()
            .map(|e| ErrorLink {
                href: Page::for_field(e.field).map(|p| format!("{}?change=yes", p.path())),
                text: Some(messages::localise(e.field, &e.message)),
                ..ErrorLink::default()
            })
            .collect(),
        ..ErrorSummary::default()
    });
    let back = Page::ALL
        .into_iter()
        .rev()
        .find(|p| p.applies(raw, c))
        .map(Page::path)
        .unwrap_or_else(|| START.into());
    CheckPage {
        layout: Layout::new(
            state,
            error_title(&t("refer-check-heading"), !errors.is_empty()),
            START,
        ),
        back: back_link(back),
        error_summary,
        sections: summary::sections(&shown, c),
        button: Button {
            text: Some(t("refer-check-send")),
            prevent_double_click: Some(true),
            ..Button::default()
        },
        honeypot: HONEYPOT,
    }
    .into_response()
}

async fn check_answers(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match load(&state, &headers).await {
        Ok((_, raw)) => render_check(&state, &raw, &[]),
        Err(res) => res,
    }
}

async fn send(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted(pairs);
    if honeypot_filled(&posted) {
        return blocked(&state, &headers).await;
    }
    let (token, raw) = match load(&state, &headers).await {
        Ok(d) => d,
        // The answers may have just been sent by a first click.
        Err(_) if cookie(&headers, draft_cookie(&state)).is_some() => {
            return maybe_sent(&state, &headers);
        }
        Err(res) => return res,
    };
    let c = ctx(&state);
    let answers = questions::effective(&raw, c);
    let actor = Actor::Public {
        client: Some(client_addr(&headers, Some(peer))),
    };
    let mut tx = match state.db.begin().await {
        Ok(tx) => tx,
        Err(e) => return failed(e),
    };
    // Deleting the draft first makes a second "Send" of the same answers find nothing, even
    // if it arrives while this one is still running: one referral, never two.
    match referrals::discard_draft(&mut tx, &token).await {
        Ok(true) => {}
        Ok(false) => return maybe_sent(&state, &headers),
        Err(e) => return failed(e),
    }
    let created = match referrals::create(
        &mut tx,
        &answers,
        Channel::PublicForm,
        &actor,
        Timestamp::now(),
        &state.law,
    )
    .await
    {
        Ok(created) => created,
        Err(ReferralError::Invalid(errors)) => {
            // Dropping the transaction keeps the draft: every answer is still there.
            drop(tx);
            return render_check(&state, &raw, &errors);
        }
        Err(e) => return failed(e),
    };
    if let Err(e) = tx.commit().await {
        return failed(e);
    }
    // The queue is the provider's notification; email is extra and must not keep the person
    // waiting, so it is sent after the answer.
    let acknowledge_to = if Voice::of(&answers) == Voice::Own {
        answers.email.clone()
    } else {
        answers.referrer_email.clone()
    };
    let db = state.db.clone();
    let mailer = state.mailer.clone();
    let public_url = state.config.public_url.clone();
    let service_name = state.config.service_name.clone();
    let reference = created.reference.clone();
    let id = created.id.clone();
    tokio::spawn(async move {
        referrals::notify_new_referral(&db, &mailer, &reference, &id, public_url.as_deref()).await;
        referrals::acknowledge(
            &mailer,
            acknowledge_to.as_deref(),
            &reference,
            &service_name,
        )
        .await;
    });
    with_cookies(
        Redirect::to(SENT).into_response(),
        [
            clear_draft_cookie(&state),
            set_cookie(
                &state,
                sent_cookie(&state),
                &created.reference,
                "/",
                Some(SENT_MAX_AGE),
            ),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Confirmation

#[derive(Template, WebTemplate)]
#[template(path = "pages/refer/sent.html")]
struct SentPage {
    layout: Layout,
    panel: Panel,
    voice: &'static str,
    service_name: String,
    target_days: String,
    emailed: bool,
    eligibility: summary::Eligibility,
    contact: Contact,
}

async fn sent(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(reference) = cookie(&headers, sent_cookie(&state)) else {
        return Redirect::to(START).into_response();
    };
    let referral = match referrals::id_for_reference(&state.db, reference).await {
        Ok(Some(id)) => match referrals::get(&state.db, &id).await {
            Ok(r) => r,
            Err(e) => return failed(e),
        },
        Ok(None) => None,
        Err(e) => return failed(e),
    };
    // Only the referral this browser has just sent through the form.
    let Some(r) = referral.filter(|r| {
        r.channel == Channel::PublicForm
            && Timestamp::now().duration_since(r.received_at).as_secs() <= SENT_MAX_AGE
    }) else {
        return Redirect::to(START).into_response();
    };
    let own = r.referrer == referrals::ReferrerKind::SelfReferral;
    let acknowledged = if own { &r.email } else { &r.referrer_email };
    let panel = Panel {
        title_text: Some(t("refer-sent-title")),
        html: Some(TrustedHtml::new(format!(
            "{}<br><strong>{}</strong>",
            escape(&t("refer-sent-reference")),
            escape(&r.reference)
        ))),
        ..Panel::default()
    };
    SentPage {
        layout: Layout::new(&state, t("refer-sent-title"), START),
        panel,
        voice: if own { "own" } else { "other" },
        service_name: state.config.service_name.clone(),
        target_days: state.config.response_target_working_days.to_string(),
        emailed: state.mailer.is_on() && acknowledged.is_some(),
        eligibility: summary::eligibility(&r, own),
        contact: Contact::from(&state),
    }
    .into_response()
}
