//! One referral (`GET /staff/referrals/{id}`): everything the referrer told us, possible
//! duplicates and the response time; and its two forms, the triage decision
//! (`POST .../decision`) and the first contact (`POST .../first-contact`).
//!
//! Both forms redirect back to the page after a change, so reloading does not repeat it. A
//! form with problems shows the page again, with what was typed and the GOV.UK error summary.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::{self, Session};
use imha_core::patients::{self, OptOut, Outcome, PatientError};
use imha_core::referrals::{
    self, Actor, Answer, Decision, PatientDecision, PossibleDuplicate, Referral, ReferralError,
    ReferralStatus, RejectionReason,
};
use imha_govuk::{
    Button, ChoiceItem, DateInput, ErrorSummary, Fieldset, Hint, Input, Legend, NotificationBanner,
    Radios, SummaryCell, SummaryList, SummaryRow, Textarea, TrustedHtml, WarningText,
};
use jiff::Timestamp;

use super::{
    Answers, BadParts, Errors, actor, date_input, eligibility_tag, error_for, esc, example_date,
    html, link, multiline, read_date, read_failed, readable_basis, status_label, tag, uk_when,
    waiting, write_failed,
};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::signin::success_banner;

/// A summary list under an `<h2>`.
pub struct Section {
    pub heading: &'static str,
    pub id: &'static str,
    pub list: SummaryList,
}

pub struct FirstContactForm {
    pub date: DateInput,
    pub time: Input,
    pub button: Button,
}

/// The decision, and beneath it the questions each choice needs. No conditional reveals:
/// GOV.UK Frontend marks radios that reveal `aria-expanded`, which ARIA does not allow on a
/// radio (axe-core fails it; govuk-frontend issue 979).
pub struct DecisionForm {
    pub radios: Radios,
    pub decline: Vec<TrustedHtml>,
    pub patient: Vec<TrustedHtml>,
    pub button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/referrals/show.html")]
struct ShowPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    id: String,
    csrf: String,
    reference: String,
    name: String,
    status: TrustedHtml,
    duplicate_warning: Option<WarningText>,
    sections: Vec<Section>,
    duplicates: Vec<TrustedHtml>,
    first_contact: Option<FirstContactForm>,
    target_days: i32,
    decision: Option<DecisionForm>,
    opt_out: Option<Section>,
    outcome: Option<OutcomeForm>,
}

/// What happened when the advocate went to see a patient referred by the opt-out feed.
pub struct OutcomeForm {
    pub radios: Radios,
    pub reason: Textarea,
    pub button: Button,
}

/// What was sent with the page, when a form is shown again with its problems.
#[derive(Default)]
struct Sent {
    decision: Option<Answers>,
    first_contact: Option<Answers>,
    outcome: Option<Answers>,
    date_parts: Option<BadParts>,
    errors: Errors,
}

/// The element an error in the summary links to.
fn anchor(field: &str, parts: Option<BadParts>) -> &str {
    match field {
        "first_contact" => match parts {
            Some(p) if !p.day && !p.month => "first_contact-year",
            Some(p) if !p.day => "first_contact-month",
            _ => "first_contact-day",
        },
        "already" => "decision-outcome",
        "outcome" => "outcome",
        f => f,
    }
}

fn row(key: &str, value: impl Into<String>) -> SummaryRow {
    SummaryRow::new(key, value)
}

fn html_row(key: &str, value: TrustedHtml) -> SummaryRow {
    SummaryRow {
        key: SummaryCell::text(key),
        value: SummaryCell {
            html: Some(value),
            ..SummaryCell::default()
        },
        ..SummaryRow::default()
    }
}

fn opt_row(rows: &mut Vec<SummaryRow>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        rows.push(row(key, v));
    }
}

fn list(rows: Vec<SummaryRow>) -> SummaryList {
    SummaryList {
        rows,
        ..SummaryList::default()
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

fn answer(a: Option<Answer>) -> &'static str {
    a.map(Answer::label).unwrap_or("Not asked")
}

fn decision_code_label(r: &Referral) -> Option<String> {
    let code = r.decision_code.as_deref()?;
    Some(match r.status {
        ReferralStatus::Declined => match RejectionReason::parse(code) {
            Some(c) => format!("{} (MHSDS referral rejection reason {})", c.label(), c.id()),
            None => code.to_string(),
        },
        ReferralStatus::PatientDeclined => PatientDecision::parse(code)
            .map(|c| c.label().to_string())
            .unwrap_or_else(|| code.to_string()),
        _ => code.to_string(),
    })
}

fn response_section(state: &AppState, r: &Referral, now: Timestamp) -> Section {
    let w = waiting(state, r, now);
    let target = w.response.target_working_days;
    let mut due = esc(&format!(
        "{} ({target} working {} after it arrived)",
        long_date(w.response.due_on),
        if target == 1 { "day" } else { "days" }
    ));
    if w.overdue {
        due.push(' ');
        due.push_str(html(&tag("Overdue", "red")).as_str());
    }
    let mut rows = vec![
        row("Received", uk_when(r.received_at)),
        html_row("Response due", TrustedHtml::new(due)),
    ];
    match r.first_contact_at {
        Some(at) => {
            rows.push(row("First contact", uk_when(at)));
            rows.push(row("Time to first contact", w.waited));
            rows.push(html_row(
                "Response target",
                html(&if w.response.within_target {
                    tag("Met", "green")
                } else {
                    tag("Missed", "red")
                }),
            ));
        }
        None => {
            rows.push(row("First contact", "Not made yet"));
            rows.push(row("Waiting", w.waited));
        }
    }
    Section {
        heading: "Response time",
        id: "response-time",
        list: list(rows),
    }
}

async fn decision_section(state: &AppState, r: &Referral) -> Result<Option<Section>, Response> {
    if r.status == ReferralStatus::New {
        return Ok(None);
    }
    let mut rows = vec![row("Decision", r.status.label())];
    if let Some(code) = decision_code_label(r) {
        rows.push(row("Reason", code));
    }
    if let Some(reason) = r.decision_reason.as_deref() {
        rows.push(html_row("Details", multiline(reason)));
    }
    let who = match r.decided_by.as_deref() {
        Some(id) => accounts::user_by_id(&state.db, id)
            .await
            .map_err(read_failed)?
            .map(|u| u.name)
            .unwrap_or_else(|| "Unknown".to_string()),
        None => "Unknown".to_string(),
    };
    rows.push(row("Decided by", who));
    if let Some(at) = r.decided_at {
        rows.push(row("Decided", uk_when(at)));
    }
    if r.case_id.is_some() {
        rows.push(row("Case", "A case has been opened"));
    }
    Ok(Some(Section {
        heading: "Decision",
        id: "decision-outcome",
        list: list(rows),
    }))
}

fn detail_sections(r: &Referral) -> Vec<Section> {
    let mut out = Vec::new();

    let mut person = vec![row("Name", r.full_name())];
    person.push(row(
        "Date of birth",
        r.date_of_birth
            .map(long_date)
            .unwrap_or_else(|| "Not given".into()),
    ));
    person.push(row(
        "NHS number",
        r.nhs_number
            .as_ref()
            .map(|n| n.spaced())
            .unwrap_or_else(|| "Not given".into()),
    ));
    opt_row(&mut person, "Phone", r.phone.as_deref());
    opt_row(&mut person, "Email", r.email.as_deref());
    out.push(Section {
        heading: "The person",
        id: "person",
        list: list(person),
    });

    let mut place = vec![row("Where", r.whereabouts.label())];
    opt_row(&mut place, "Hospital", r.hospital_name.as_deref());
    opt_row(&mut place, "Ward", r.ward.as_deref());
    if let Some(a) = r.address.as_deref() {
        place.push(html_row("Address", multiline(a)));
    }
    place.push(row(
        "Country",
        match r.jurisdiction {
            imha_law::Jurisdiction::Wales => "Wales",
            _ => "England",
        },
    ));
    out.push(Section {
        heading: "Where they are",
        id: "where",
        list: list(place),
    });

    let mut legal = vec![row("Section or order", status_label(r.legal_status))];
    let qualifies = match eligibility_tag(r.appears_eligible) {
        Some(t) => html(&t),
        None => TrustedHtml::new("Not known: the legal status was not given"),
    };
    legal.push(html_row("Qualifies for an IMHA", qualifies));
    if let Some(basis) = r.eligibility_basis.as_deref() {
        legal.push(row("Why", readable_basis(basis)));
    }
    out.push(Section {
        heading: "Legal status",
        id: "legal-status",
        list: list(legal),
    });

    let mut help = Vec::new();
    let items: String = r
        .help
        .iter()
        .map(|h| format!("<li>{}</li>", esc(h.label())))
        .collect();
    help.push(html_row(
        "Help with",
        TrustedHtml::new(format!(
            "<ul class=\"govuk-list govuk-list--bullet\">{items}</ul>"
        )),
    ));
    if let Some(o) = r.help_other.as_deref() {
        help.push(html_row("Something else", multiline(o)));
    }
    out.push(Section {
        heading: "Help wanted",
        id: "help",
        list: list(help),
    });

    let communication = vec![
        row(
            "Interpreter",
            r.interpreter_language
                .clone()
                .unwrap_or_else(|| "Not needed".into()),
        ),
        row("British Sign Language", yes_no(r.bsl)),
        row("Easy Read", yes_no(r.easy_read)),
        match r.communication_other.as_deref() {
            Some(c) => html_row("Other needs", multiline(c)),
            None => row("Other needs", "None given"),
        },
    ];
    out.push(Section {
        heading: "Communication needs",
        id: "communication",
        list: list(communication),
    });

    if r.referrer != referrals::ReferrerKind::SelfReferral {
        out.push(Section {
            heading: "Consent",
            id: "consent",
            list: list(vec![
                row("Knows about the referral", answer(r.knows_about_referral)),
                row("Agrees to the referral", answer(r.agrees_to_referral)),
            ]),
        });
    }

    out.push(Section {
        heading: "Risk and safety",
        id: "risk",
        list: list(vec![match r.risk.as_deref() {
            Some(text) => html_row("What the advocate should know", multiline(text)),
            None => row("What the advocate should know", "Nothing given"),
        }]),
    });

    let mut referrer = vec![
        row("How it arrived", r.channel.label()),
        row("Who referred", r.referrer.label()),
    ];
    opt_row(&mut referrer, "Name", r.referrer_name.as_deref());
    opt_row(&mut referrer, "Role", r.referrer_role.as_deref());
    opt_row(
        &mut referrer,
        "Organisation",
        r.referrer_organisation.as_deref(),
    );
    opt_row(&mut referrer, "Phone", r.referrer_phone.as_deref());
    opt_row(&mut referrer, "Email", r.referrer_email.as_deref());
    out.push(Section {
        heading: "Referrer",
        id: "referrer",
        list: list(referrer),
    });

    if let Some(d) = &r.duty {
        let date =
            |d: Option<jiff::civil::Date>| d.map(long_date).unwrap_or_else(|| "Not yet".into());
        let mut duty = vec![
            row("Told about IMHA help in person", date(d.told_orally_on)),
            row(
                "Given the information in writing",
                date(d.told_in_writing_on),
            ),
            row("Nearest relative's copy", d.nearest_relative_copy.label()),
        ];
        if let Some(sent) = d.nearest_relative_copy_sent_on {
            duty.push(row("Copy sent", long_date(sent)));
        }
        out.push(Section {
            heading: "Duty to give information (section 130D)",
            id: "duty",
            list: list(duty),
        });
    }
    out
}

fn duplicate_line(d: &PossibleDuplicate) -> TrustedHtml {
    let on = if d.matched_on == "nhs-number" {
        "same NHS number"
    } else {
        "same name and date of birth"
    };
    TrustedHtml::new(format!(
        "{} ({}; {})",
        link(&format!("/staff/referrals/{}", d.id), &d.reference),
        esc(&d.status.label().to_lowercase()),
        on
    ))
}

fn first_contact_form(state: &AppState, sent: &Sent) -> FirstContactForm {
    let today = crate::pages::rights::today(state);
    let answers = sent.first_contact.as_ref();
    let time_value = answers
        .and_then(|a| a.get("first_contact_time"))
        .map(str::to_string);
    FirstContactForm {
        date: date_input(
            "first_contact",
            "Date",
            &example_date(today),
            answers,
            None,
            error_for(&sent.errors, "first_contact")
                .as_ref()
                .and_then(|e| e.text.as_deref()),
            sent.date_parts,
        ),
        time: Input {
            value: time_value,
            hint: Some(Hint::text("Use the 24-hour clock, for example 14:30")),
            classes: Some("govuk-input--width-5".into()),
            autocomplete: Some("off".into()),
            error_message: error_for(&sent.errors, "first_contact_time"),
            label: imha_govuk::Label {
                text: Some("Time".into()),
                classes: Some("govuk-label--s".into()),
                ..imha_govuk::Label::default()
            },
            ..Input::new("first_contact_time", "Time")
        },
        button: Button {
            text: Some("Record first contact".into()),
            ..Button::default()
        },
    }
}

fn choice(value: &str, text: &str, hint: Option<String>) -> ChoiceItem {
    ChoiceItem {
        value: Some(value.to_string()),
        text: Some(text.to_string()),
        hint: hint.map(Hint::text),
        ..ChoiceItem::default()
    }
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

fn decision_form(sent: &Sent) -> DecisionForm {
    let a = sent.decision.as_ref();
    let typed = |name: &str| a.and_then(|a| a.get(name)).map(str::to_string);
    let errors = &sent.errors;
    let rejection = Radios {
        name: "rejection_reason".into(),
        items: RejectionReason::ALL
            .iter()
            .map(|r| choice(r.id(), r.label(), Some(format!("MHSDS code {}", r.id()))))
            .collect(),
        value: typed("rejection_reason"),
        fieldset: small_legend("Reason for declining"),
        error_message: error_for(errors, "rejection_reason"),
        ..Radios::default()
    };
    let decline_reason = Textarea {
        value: typed("decline_reason"),
        rows: Some(3),
        hint: Some(Hint::text(
            "Say what you will tell the referrer. Do not repeat the person's details.",
        )),
        error_message: error_for(errors, "decline_reason"),
        ..Textarea::new("decline_reason", "Explain the reason in your own words")
    };
    let patient = Radios {
        name: "patient_decision".into(),
        items: PatientDecision::ALL
            .iter()
            .map(|p| choice(p.id(), p.label(), None))
            .collect(),
        value: typed("patient_decision"),
        fieldset: small_legend("What did the person say?"),
        error_message: error_for(errors, "patient_decision"),
        ..Radios::default()
    };
    let patient_reason = Textarea {
        value: typed("patient_reason"),
        rows: Some(3),
        hint: Some(Hint::text("Needed if you chose Another reason.")),
        error_message: error_for(errors, "patient_reason"),
        ..Textarea::new("patient_reason", "Note (optional)")
    };
    let radios = Radios {
        name: "decision".into(),
        items: vec![
            ChoiceItem {
                hint: Some(Hint::text("This opens a case for an advocate.")),
                ..choice("accept", "Accept the referral", None)
            },
            ChoiceItem {
                hint: Some(Hint::text("Answer the questions under If you decline it.")),
                ..choice("decline", "Decline the referral", None)
            },
            ChoiceItem {
                hint: Some(Hint::text(
                    "Answer the questions under If the person does not want an IMHA.",
                )),
                ..choice("patient-declined", "The person does not want an IMHA", None)
            },
        ],
        value: typed("decision"),
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some("What have you decided?".into()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            ..Fieldset::default()
        }),
        error_message: error_for(errors, "decision"),
        ..Radios::default()
    };
    DecisionForm {
        radios,
        decline: vec![html(&rejection), html(&decline_reason)],
        patient: vec![html(&patient), html(&patient_reason)],
        button: Button {
            text: Some("Save decision".into()),
            ..Button::default()
        },
    }
}

fn banner_for(done: Option<&str>) -> Option<NotificationBanner> {
    let text = match done? {
        "accepted" => "Referral accepted. A case has been opened.",
        "declined" => "Referral declined.",
        "patient-declined" => "The person's decision not to have an IMHA has been recorded.",
        "first-contact" => "First contact recorded.",
        "outcome" => "Outcome recorded.",
        _ => return None,
    };
    Some(success_banner(text))
}

/// Read (and audit the view of) the referral, and show it.
async fn show(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    id: &str,
    sent: Sent,
    banner: Option<NotificationBanner>,
    code: StatusCode,
) -> Result<Response, Response> {
    let Some(r) = referrals::view(&state.db, id, actor)
        .await
        .map_err(read_failed)?
    else {
        return Err(crate::error::not_found_page());
    };
    let duplicates = referrals::possible_duplicates(&state.db, id)
        .await
        .map_err(read_failed)?;
    let now = Timestamp::now();
    let mut sections = vec![response_section(state, &r, now)];
    if let Some(s) = decision_section(state, &r).await? {
        sections.push(s);
    }
    sections.extend(detail_sections(&r));
    let duplicate_warning = (!duplicates.is_empty()).then(|| WarningText {
        text: Some(format!(
            "This may be the same person as {}. Check before you decide.",
            duplicates
                .iter()
                .map(|d| d.reference.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        icon_fallback_text: Some("Warning".into()),
        ..WarningText::default()
    });
    let status_colour = match r.status {
        ReferralStatus::New => "blue",
        ReferralStatus::Accepted => "green",
        ReferralStatus::Declined => "red",
        ReferralStatus::PatientDeclined => "grey",
    };
    // A first contact sent from a page opened before someone else recorded one: the form is
    // gone, so the message points at the response time, which now shows it.
    let links: Vec<(&str, String)> = sent
        .errors
        .iter()
        .map(|(f, m)| {
            let to = if r.first_contact_at.is_some() && f.starts_with("first_contact") {
                "response-time"
            } else {
                anchor(f, sent.date_parts)
            };
            (to, m.clone())
        })
        .collect();
    let opt_out = patients::opt_out(&state.db, id)
        .await
        .map_err(read_failed)?;
    let opt_out_section = opt_out.as_ref().map(|o| opt_out_section(state, &r, o));
    let outcome =
        (opt_out.is_some() && r.status == ReferralStatus::New).then(|| outcome_form(&sent));
    let page = ShowPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title(
                &format!("Referral {}", r.reference),
                !sent.errors.is_empty(),
            ),
            "/staff/referrals",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links),
        banner,
        id: r.id.clone(),
        csrf: session.csrf_token.clone(),
        reference: r.reference.clone(),
        name: r.full_name(),
        status: html(&tag(r.status.label(), status_colour)),
        duplicate_warning,
        sections,
        duplicates: duplicates.iter().map(duplicate_line).collect(),
        first_contact: r
            .first_contact_at
            .is_none()
            .then(|| first_contact_form(state, &sent)),
        target_days: state.config.response_target_working_days,
        decision: (r.status == ReferralStatus::New).then(|| decision_form(&sent)),
        opt_out: opt_out_section,
        outcome,
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
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    show(
        &state,
        &session,
        &actor,
        &id,
        Sent::default(),
        banner_for(q.done.as_deref()),
        StatusCode::OK,
    )
    .await
}

/// The decision the form describes, or its problems.
fn read_decision(a: &Answers) -> Result<Decision, Errors> {
    let mut errors = Errors::new();
    let decision = match a.get("decision") {
        Some("accept") => Some(Decision::Accept),
        Some("decline") => {
            let code = a.get("rejection_reason").and_then(RejectionReason::parse);
            if code.is_none() {
                errors.push((
                    "rejection_reason",
                    "Select why the referral is declined".into(),
                ));
            }
            let reason = a.owned("decline_reason");
            if reason.is_none() {
                errors.push((
                    "decline_reason",
                    "Enter the reason for declining the referral".into(),
                ));
            }
            code.zip(reason)
                .map(|(code, reason)| Decision::Decline { code, reason })
        }
        Some("patient-declined") => {
            let code = a.get("patient_decision").and_then(PatientDecision::parse);
            if code.is_none() {
                errors.push((
                    "patient_decision",
                    "Select what the person said about having an IMHA".into(),
                ));
            }
            let reason = a.owned("patient_reason");
            if code == Some(PatientDecision::Other) && reason.is_none() {
                errors.push(("patient_reason", "Enter the person's reason".into()));
            }
            code.map(|code| Decision::PatientDeclined { code, reason })
        }
        _ => {
            errors.push(("decision", "Select what you have decided".into()));
            None
        }
    };
    match decision {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(errors),
    }
}

fn already_decided(status: ReferralStatus) -> Errors {
    vec![(
        "already",
        format!(
            "This referral has already been decided ({}). It cannot be decided again.",
            status.label().to_lowercase()
        ),
    )]
}

pub async fn decide(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    // A decision sent from a page opened before someone else decided: say so first, whatever
    // the form holds.
    let current = referrals::get(&state.db, &id)
        .await
        .map_err(read_failed)?
        .ok_or_else(crate::error::not_found_page)?;
    let (errors, code) = if current.status != ReferralStatus::New {
        (already_decided(current.status), StatusCode::CONFLICT)
    } else {
        match read_decision(&answers) {
            Err(errors) => (errors, StatusCode::OK),
            Ok(decision) => {
                let mut tx = state.db.begin().await.map_err(write_failed)?;
                match referrals::decide(&mut tx, &id, &decision, &actor, Timestamp::now()).await {
                    Ok(done) => {
                        tx.commit().await.map_err(write_failed)?;
                        let what = match done.status {
                            ReferralStatus::Accepted => "accepted",
                            ReferralStatus::Declined => "declined",
                            _ => "patient-declined",
                        };
                        return Ok(Redirect::to(&format!("/staff/referrals/{id}?done={what}"))
                            .into_response());
                    }
                    Err(ReferralError::NotFound) => return Err(crate::error::not_found_page()),
                    Err(ReferralError::AlreadyDecided(s)) => {
                        (already_decided(s), StatusCode::CONFLICT)
                    }
                    Err(ReferralError::Invalid(fe)) => {
                        let field = match decision {
                            Decision::Decline { .. } => "decline_reason",
                            _ => "patient_reason",
                        };
                        let errors = fe
                            .into_iter()
                            .map(|e| {
                                (
                                    if e.field == "reason" {
                                        field
                                    } else {
                                        "decision"
                                    },
                                    e.message,
                                )
                            })
                            .collect();
                        (errors, StatusCode::OK)
                    }
                    Err(e) => return Err(write_failed(e)),
                }
            }
        }
    };
    let sent = Sent {
        decision: Some(answers),
        errors,
        ..Sent::default()
    };
    show(&state, &session, &actor, &id, sent, None, code).await
}

fn opt_out_section(state: &AppState, r: &Referral, o: &OptOut) -> Section {
    let today = crate::pages::rights::today(state);
    let mut rows = Vec::new();
    if let Some(p) = &o.patient_id {
        rows.push(html_row(
            "Patient",
            TrustedHtml::new(link(&format!("/staff/patients/{p}"), &r.full_name())),
        ));
    }
    if let Some(due) = o.visit_due_on {
        // Overdue until someone has seen the patient or the referral is decided.
        let seen = matches!(o.outcome, Some(Outcome::Visited));
        let overdue = r.status == ReferralStatus::New && !seen && due < today;
        let mut text = esc(&long_date(due));
        if overdue {
            text.push(' ');
            text.push_str(html(&tag("Overdue", "red")).as_str());
        }
        rows.push(html_row("Visit due", TrustedHtml::new(text)));
    }
    rows.push(row(
        "Outcome",
        o.outcome
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| "Not recorded yet".into()),
    ));
    if let Some(reason) = o.outcome_reason.as_deref() {
        rows.push(html_row("Reason or notes", multiline(reason)));
    }
    if let Some(at) = o.outcome_at {
        rows.push(row("Outcome recorded", uk_when(at)));
    }
    Section {
        heading: "Opt-out visit",
        id: "opt-out",
        list: list(rows),
    }
}

fn outcome_form(sent: &Sent) -> OutcomeForm {
    let a = sent.outcome.as_ref();
    let typed = |name: &str| a.and_then(|a| a.get(name)).map(str::to_string);
    OutcomeForm {
        radios: Radios {
            name: "outcome".into(),
            items: Outcome::ALL
                .iter()
                .map(|o| {
                    let hint = match o {
                        Outcome::Visited => Some("The referral stays open.".to_string()),
                        Outcome::Accepted => Some("This opens a case.".to_string()),
                        Outcome::Declined => Some("Give their reason below.".to_string()),
                        Outcome::NotSeen => Some(
                            "Say why below. The referral stays open so someone tries again."
                                .to_string(),
                        ),
                        Outcome::LacksCapacity => {
                            Some("This opens a non-instructed advocacy case.".to_string())
                        }
                    };
                    choice(o.id(), o.label(), hint)
                })
                .collect(),
            value: typed("outcome"),
            fieldset: small_legend("What happened?"),
            error_message: error_for(&sent.errors, "outcome"),
            ..Radios::default()
        },
        reason: Textarea {
            value: typed("outcome_reason"),
            hint: Some(Hint::text(
                "Needed if the patient does not want an advocate or could not be seen.",
            )),
            error_message: error_for(&sent.errors, "outcome_reason"),
            ..Textarea::new("outcome_reason", "Reason or notes")
        },
        button: Button {
            text: Some("Save outcome".into()),
            ..Button::default()
        },
    }
}

pub async fn outcome(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    let mut code = StatusCode::OK;
    let errors: Errors = match answers.get("outcome").and_then(Outcome::parse) {
        None => vec![("outcome", "Select what happened".into())],
        Some(o) if o.needs_reason() && answers.get("outcome_reason").is_none() => vec![(
            "outcome_reason",
            if o == Outcome::Declined {
                "Enter the patient's reason for not wanting an advocate".into()
            } else {
                "Enter why the patient could not be seen".into()
            },
        )],
        Some(o) => {
            let mut tx = state.db.begin().await.map_err(write_failed)?;
            match patients::record_outcome(
                &mut tx,
                &id,
                o,
                answers.get("outcome_reason"),
                Timestamp::now(),
                &actor,
            )
            .await
            {
                Ok(_) => {
                    tx.commit().await.map_err(write_failed)?;
                    return Ok(Redirect::to(&format!("/staff/referrals/{id}?done=outcome"))
                        .into_response());
                }
                Err(PatientError::NotFound) => return Err(crate::error::not_found_page()),
                Err(PatientError::AlreadyDecided(_)) => {
                    code = StatusCode::CONFLICT;
                    vec![(
                        "already",
                        "This referral has already been decided. Its outcome cannot be changed."
                            .into(),
                    )]
                }
                Err(PatientError::Invalid(fe)) => {
                    fe.into_iter().map(|e| (e.field, e.message)).collect()
                }
                Err(e) => return Err(write_failed(e)),
            }
        }
    };
    let sent = Sent {
        outcome: Some(answers),
        errors,
        ..Sent::default()
    };
    show(&state, &session, &actor, &id, sent, None, code).await
}

/// "14:30", "9:05" or "14.30" as hours and minutes.
pub(crate) fn read_time(s: &str) -> Option<(i8, i8)> {
    let (h, m) = s.split_once([':', '.'])?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: i8 = h.parse().ok()?;
    let m: i8 = m.parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

pub async fn first_contact(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    let mut errors = Errors::new();
    let mut date_parts = None;
    let date = match read_date(&answers, "first_contact", "Date of first contact") {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(("first_contact", "Enter the date of first contact".into()));
            None
        }
        Err(p) => {
            date_parts = Some(p.parts);
            errors.push(("first_contact", p.message));
            None
        }
    };
    let time = match answers.get("first_contact_time") {
        None => {
            errors.push((
                "first_contact_time",
                "Enter the time of first contact".into(),
            ));
            None
        }
        Some(t) => {
            let parsed = read_time(t);
            if parsed.is_none() {
                errors.push((
                    "first_contact_time",
                    "Time of first contact must be a real time, like 14:30".into(),
                ));
            }
            parsed
        }
    };
    if let (Some(date), Some((h, m))) = (date, time) {
        let at = date
            .at(h, m, 0, 0)
            .in_tz("Europe/London")
            .map(|z| z.timestamp());
        match at {
            Err(_) => errors.push((
                "first_contact_time",
                "Time of first contact must be a real time, like 14:30".into(),
            )),
            Ok(at) => {
                let mut tx = state.db.begin().await.map_err(write_failed)?;
                match referrals::record_first_contact(&mut tx, &id, at, &actor, Timestamp::now())
                    .await
                {
                    Ok(()) => {
                        tx.commit().await.map_err(write_failed)?;
                        return Ok(Redirect::to(&format!(
                            "/staff/referrals/{id}?done=first-contact"
                        ))
                        .into_response());
                    }
                    Err(ReferralError::NotFound) => return Err(crate::error::not_found_page()),
                    Err(ReferralError::Invalid(fe)) => {
                        errors.extend(fe.into_iter().map(|e| ("first_contact", e.message)));
                    }
                    Err(e) => return Err(write_failed(e)),
                }
            }
        }
    }
    let sent = Sent {
        first_contact: Some(answers),
        date_parts,
        errors,
        ..Sent::default()
    };
    show(&state, &session, &actor, &id, sent, None, StatusCode::OK).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_on_the_24_hour_clock() {
        assert_eq!(read_time("14:30"), Some((14, 30)));
        assert_eq!(read_time("9.05"), Some((9, 5)));
        assert_eq!(read_time("24:00"), None);
        assert_eq!(read_time("14:3"), None);
        assert_eq!(read_time("2pm"), None);
        assert_eq!(read_time("14:60"), None);
    }

    #[test]
    fn a_decline_needs_a_code_and_a_reason() {
        let a = Answers(vec![("decision".into(), "decline".into())]);
        let e = read_decision(&a).unwrap_err();
        assert_eq!(
            e.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            vec!["rejection_reason", "decline_reason"]
        );
        let a = Answers(vec![
            ("decision".into(), "patient-declined".into()),
            ("patient_decision".into(), "other".into()),
        ]);
        let e = read_decision(&a).unwrap_err();
        assert_eq!(e[0].0, "patient_reason");
    }
}
