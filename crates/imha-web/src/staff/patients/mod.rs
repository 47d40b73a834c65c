//! The staff pages for patients from the opt-out feed: search (`GET /staff/patients`), one
//! patient with their legal timeline (`GET /staff/patients/{id}`), likely matches
//! ([`matches`]) and the s130D duty-to-inform list ([`duty`]).
//!
//! The rules live in `imha_core::patients` and the rights engine; this module reads forms,
//! calls them and renders. A patient is always read through `patients::view`, so every view is
//! in the audit trail.

pub mod duty;
pub mod matches;

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use imha_core::accounts::Session;
use imha_core::patients::{self, Episode, PatientRecord};
use imha_govuk::{
    Button, ErrorSummary, Input, SummaryCell, SummaryList, SummaryRow, Table, TableCell,
    TrustedHtml,
};
use imha_law::{Output, ResponsiblePerson, When, Window, WindowState};

use super::client_addr;
use super::referrals::{actor, esc, html, link, read_failed, readable_basis, status_label, tag};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/patients", get(search))
        .route("/staff/patients/matches", get(matches::page))
        .route("/staff/patients/matches/{id}", post(matches::decide))
        .route("/staff/patients/{id}", get(show))
        .route("/staff/duty", get(duty::page))
        .route("/staff/duty/{id}", post(duty::record))
}

/// A date or time as the feed sent it, for people: "10 March 2026" or "9 March 2026 at 22:00".
pub fn when_text(stored: &str) -> String {
    match imha_law::dates::parse_when(stored) {
        Some(When::Day(d)) => long_date(d),
        Some(When::At(t)) => t.strftime("%-d %B %Y at %H:%M").to_string(),
        None => stored.to_string(),
    }
}

pub fn cell_html(html: String) -> TableCell {
    TableCell {
        html: Some(TrustedHtml::new(html)),
        ..TableCell::default()
    }
}

fn row(key: &str, value: impl Into<String>) -> SummaryRow {
    SummaryRow::new(key, value)
}

fn list(rows: Vec<SummaryRow>) -> SummaryList {
    SummaryList {
        rows,
        ..SummaryList::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Search

#[derive(Template, WebTemplate)]
#[template(path = "staff/patients/search.html")]
struct SearchPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    input: Input,
    button: Button,
    searched: bool,
    results: Option<Table>,
    matches_link: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    q: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> Result<Response, Response> {
    let typed = q.q.clone().unwrap_or_default();
    let mut errors = Vec::new();
    let mut results = None;
    let searched = q.q.is_some();
    if searched {
        if typed.trim().is_empty() {
            errors.push(("q", "Enter an NHS number or a name".to_string()));
        } else {
            let actor = actor(&session, client_addr(&headers, Some(peer)));
            let (_, found) = patients::search(&state.db, &typed, &actor)
                .await
                .map_err(read_failed)?;
            results = (!found.is_empty()).then(|| Table {
                caption: Some(format!(
                    "{} {} found",
                    found.len(),
                    if found.len() == 1 {
                        "patient"
                    } else {
                        "patients"
                    }
                )),
                caption_classes: Some("govuk-table__caption--m".into()),
                head: Some(
                    ["Name", "Date of birth", "NHS number", "Hospital patient id"]
                        .into_iter()
                        .map(TableCell::text)
                        .collect(),
                ),
                rows: found
                    .iter()
                    .map(|p| {
                        vec![
                            cell_html(link(&format!("/staff/patients/{}", p.id), &p.full_name())),
                            TableCell::text(
                                p.date_of_birth
                                    .map(long_date)
                                    .unwrap_or_else(|| "Not known".into()),
                            ),
                            TableCell::text(
                                p.nhs_number_spaced().unwrap_or_else(|| "Not known".into()),
                            ),
                            TableCell::text(match (&p.hospital_name, &p.local_patient_id) {
                                (Some(h), Some(l)) => format!("{l} ({h})"),
                                (None, Some(l)) => l.clone(),
                                _ => "None".into(),
                            }),
                        ]
                    })
                    .collect(),
                ..Table::default()
            });
        }
    }
    let page = SearchPage {
        layout: Layout::staff(
            &state,
            crate::forms::error_title("Patients", !errors.is_empty()),
            "/staff/patients",
            Some(&session),
        ),
        error_summary: crate::forms::error_summary(&errors),
        input: Input {
            value: q.q.clone(),
            hint: Some(imha_govuk::Hint::text(
                "An NHS number (10 digits), or all or part of their name",
            )),
            classes: Some("govuk-!-width-two-thirds".into()),
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            error_message: crate::forms::error_for(&errors, "q"),
            label: imha_govuk::Label {
                text: Some("Find a patient".into()),
                classes: Some("govuk-label--m".into()),
                ..imha_govuk::Label::default()
            },
            ..Input::new("q", "Find a patient")
        },
        button: Button {
            text: Some("Search".into()),
            ..Button::default()
        },
        searched: searched && errors.is_empty(),
        results,
        matches_link: super::policy::allows(
            session.user.role,
            super::policy::Permission::MatchPatients,
        ),
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------------------------------------
// One patient

/// One line of the legal timeline: what, the answer, and the law that gives it.
pub struct TimelineLine {
    pub what: &'static str,
    pub value: String,
    pub law: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/patients/show.html")]
struct ShowPage {
    layout: Layout,
    /// The patient's id (for the rights letter link).
    id: String,
    name: String,
    merged_into: Option<String>,
    identity: SummaryList,
    today: String,
    timeline: Vec<TimelineLine>,
    warnings: Vec<String>,
    episodes: Option<Table>,
    referrals: Option<Table>,
    duty: Vec<(String, SummaryList)>,
    duty_link: bool,
}

fn person_label(p: ResponsiblePerson) -> &'static str {
    match p {
        ResponsiblePerson::HospitalManagers => "The hospital managers",
        ResponsiblePerson::ResponsibleClinician => "The responsible clinician",
        ResponsiblePerson::LocalSocialServicesAuthority => "The local social services authority",
        ResponsiblePerson::ResponsibleHospitalManagers => {
            "The managers of the responsible hospital"
        }
        ResponsiblePerson::ClinicianDiscussingTreatment => {
            "The clinician who first discusses the treatment"
        }
    }
}

fn window_text(w: &Window) -> String {
    let mut text = match w.state {
        WindowState::Open => format!(
            "Can apply now: from {} until {}",
            long_date(w.from),
            long_date(w.to)
        ),
        WindowState::Upcoming => format!(
            "Next chance to apply: {} to {}",
            long_date(w.from),
            long_date(w.to)
        ),
        WindowState::Passed => format!(
            "The time to apply ({} to {}) has passed",
            long_date(w.from),
            long_date(w.to)
        ),
    };
    if let Some(next) = w.extended_to_next_open_day {
        text.push_str(&format!(
            ". The last day is a day the tribunal office is closed, so an application arriving \
             on {} must be accepted",
            long_date(next)
        ));
    }
    if w.already_applied {
        text.push_str(". An application has already been made in this period");
    }
    text
}

/// The rights engine's answers, each with the provision it rests on.
pub fn timeline_lines(out: &Output) -> Vec<TimelineLine> {
    let cite = |b: &str| Some(readable_basis(b));
    let mut lines = vec![TimelineLine {
        what: "Section or order now",
        value: match out.status {
            Some(s) => status_label(Some(s)),
            None => "None in force on the episodes received".into(),
        },
        law: None,
    }];
    lines.push(TimelineLine {
        what: "Can have an IMHA",
        value: match (out.imha.qualifies, out.imha.since) {
            (true, Some(since)) => format!("Yes, since {}", long_date(since.date())),
            (true, None) => "Yes".into(),
            (false, _) => "No".into(),
        },
        law: cite(out.imha.basis),
    });
    if let Some(d) = &out.imha.duty_to_inform {
        let mut value = format!("{}: {}; {}", person_label(d.who), d.when, d.how);
        if let Some(copy) = d.copy_to {
            value.push_str(&format!("; a copy to {copy}"));
        }
        lines.push(TimelineLine {
            what: "Who must tell them about IMHA help",
            value,
            law: cite(d.basis),
        });
    }
    if let Some(a) = &out.authority {
        let period = match a.period {
            1 => "First period".to_string(),
            n => format!("Renewal {}", n - 1),
        };
        let start = match a.start_at {
            Some(t) => t.strftime("%-d %B %Y at %H:%M").to_string(),
            None => long_date(a.start),
        };
        let end = match (a.ends_at, a.end) {
            (Some(t), _) => format!("ends at {}", imha_law::dates::format_time(t)),
            (None, Some(e)) => format!("ends at the end of {}", long_date(e)),
            (None, None) => "no fixed end".into(),
        };
        lines.push(TimelineLine {
            what: "Current period",
            value: format!("{period}: from {start}, {end}"),
            law: cite(a.basis),
        });
        if let Some(ext) = &a.extended {
            lines.push(TimelineLine {
                what: "Extended",
                value: format!(
                    "Would have ended on {}: {}",
                    long_date(ext.nominal_end),
                    ext.reason
                ),
                law: cite(ext.basis),
            });
        }
        if let Some(max) = a.maximum_end {
            lines.push(TimelineLine {
                what: "Latest it can last",
                value: long_date(max),
                law: cite(a.maximum_basis.unwrap_or(a.basis)),
            });
        }
    }
    let tribunal = |w: &Option<Window>| match w {
        Some(w) => (window_text(w), cite(w.basis)),
        None => ("Cannot apply on this status".to_string(), None),
    };
    let (value, law) = tribunal(&out.tribunal_patient);
    lines.push(TimelineLine {
        what: "Patient's tribunal application",
        value,
        law,
    });
    let (value, law) = tribunal(&out.tribunal_nearest_relative);
    lines.push(TimelineLine {
        what: "Nearest relative's tribunal application",
        value,
        law,
    });
    if let Some(r) = &out.managers_reference {
        let who = match r.by {
            imha_law::Referrer::HospitalManagers => "The hospital managers",
            imha_law::Referrer::SecretaryOfState => "The Secretary of State for Justice",
        };
        let when = if r.as_soon_as_possible {
            format!("as soon as possible after {}", long_date(r.due))
        } else {
            format!("by {}", long_date(r.due))
        };
        lines.push(TimelineLine {
            what: "Reference to the tribunal",
            value: format!("{who} must refer the case {when} if nobody has applied"),
            law: cite(r.basis),
        });
    }
    let c = &out.consent_to_treatment;
    lines.push(TimelineLine {
        what: "Consent to treatment",
        value: if c.part4_applies {
            "Part 4 of the Act applies".into()
        } else {
            "Part 4 of the Act does not apply".into()
        },
        law: cite(c.basis),
    });
    if let Some(from) = c.s58_certificate_from {
        lines.push(TimelineLine {
            what: "Medication needs consent or a second opinion from",
            value: long_date(from),
            law: c.s58_basis.and_then(cite),
        });
    }
    lines
}

fn episodes_table(episodes: &[Episode]) -> Option<Table> {
    (!episodes.is_empty()).then(|| Table {
        caption: Some("Episodes as the hospitals sent them".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            [
                "Hospital",
                "Section or order",
                "Start",
                "End",
                "Ward",
                "Qualifies",
            ]
            .into_iter()
            .map(TableCell::text)
            .collect(),
        ),
        rows: episodes
            .iter()
            .map(|e| {
                vec![
                    TableCell::text(format!("{} (episode {})", e.hospital_name, e.episode_id)),
                    TableCell::text(status_label(e.status())),
                    TableCell::text(when_text(&e.start_at)),
                    TableCell::text(
                        e.end_at
                            .as_deref()
                            .map(when_text)
                            .unwrap_or_else(|| "Not ended".into()),
                    ),
                    TableCell::text(e.ward.clone().unwrap_or_else(|| "Not given".into())),
                    TableCell::text(if e.qualifies { "Yes" } else { "No" }),
                ]
            })
            .collect(),
        ..Table::default()
    })
}

fn referrals_table(record: &PatientRecord) -> Option<Table> {
    (!record.referrals.is_empty()).then(|| Table {
        caption: Some("Referrals and cases".into()),
        caption_classes: Some("govuk-table__caption--m".into()),
        head: Some(
            ["Referral", "How it arrived", "Status", "Visit due", "Case"]
                .into_iter()
                .map(TableCell::text)
                .collect(),
        ),
        rows: record
            .referrals
            .iter()
            .map(|r| {
                let channel = imha_core::referrals::Channel::parse(&r.channel)
                    .map(|c| c.label().to_string())
                    .unwrap_or_else(|| r.channel.clone());
                let status = imha_core::referrals::ReferralStatus::parse(&r.status)
                    .map(|s| s.label().to_string())
                    .unwrap_or_else(|| r.status.clone());
                let outcome = r
                    .outcome
                    .as_deref()
                    .and_then(patients::Outcome::parse)
                    .map(|o| format!(" ({})", o.label().to_lowercase()))
                    .unwrap_or_default();
                let case = match (&r.case_status, &r.advocacy) {
                    (Some(s), Some(a)) if a == "non-instructed" => format!("{s}, non-instructed"),
                    (Some(s), _) => s.clone(),
                    _ => "None".into(),
                };
                vec![
                    cell_html(link(&format!("/staff/referrals/{}", r.id), &r.reference)),
                    TableCell::text(channel),
                    TableCell::text(format!("{status}{outcome}")),
                    TableCell::text(
                        r.visit_due_on
                            .as_deref()
                            .map(when_text)
                            .unwrap_or_else(|| "No visit target".into()),
                    ),
                    TableCell::text(case),
                ]
            })
            .collect(),
        ..Table::default()
    })
}

async fn show(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    let Some(record) = patients::view(&state.db, &id, &actor)
        .await
        .map_err(read_failed)?
    else {
        return Err(crate::error::not_found_page());
    };
    let today = crate::pages::rights::today(&state);
    let out = patients::timeline(&record, today, &state.law);
    let p = &record.patient;
    let mut identity = vec![
        row("Name", p.full_name()),
        row(
            "Date of birth",
            p.date_of_birth
                .map(long_date)
                .unwrap_or_else(|| "Not known".into()),
        ),
        row(
            "NHS number",
            p.nhs_number_spaced().unwrap_or_else(|| "Not known".into()),
        ),
    ];
    if let Some(l) = &p.local_patient_id {
        identity.push(row(
            "Hospital patient id",
            match &p.hospital_name {
                Some(h) => format!("{l} ({h})"),
                None => l.clone(),
            },
        ));
    }
    if let Some(g) = &p.gender {
        identity.push(row("Gender", g.clone()));
    }
    if let Some(e) = &p.ethnicity {
        identity.push(row("Ethnic category", e.clone()));
    }
    let duty = record
        .episodes
        .iter()
        .filter(|e| e.qualifies)
        .map(|e| {
            let told = |d: Option<jiff::civil::Date>| {
                d.map(long_date).unwrap_or_else(|| "Not recorded".into())
            };
            (
                format!(
                    "{}, from {} ({})",
                    status_label(e.status()),
                    when_text(&e.start_at),
                    e.hospital_name
                ),
                list(vec![
                    row("Told about IMHA help orally", told(e.told_orally_on)),
                    row("Given it in writing", told(e.told_in_writing_on)),
                ]),
            )
        })
        .collect();
    let page = ShowPage {
        layout: Layout::staff(&state, p.full_name(), "/staff/patients", Some(&session)),
        id: p.id.clone(),
        name: p.full_name(),
        merged_into: p.merged_into.clone(),
        identity: list(identity),
        today: long_date(today),
        timeline: out.as_ref().map(timeline_lines).unwrap_or_default(),
        warnings: out
            .as_ref()
            .map(|o| o.warnings.iter().map(|w| w.to_string()).collect())
            .unwrap_or_default(),
        episodes: episodes_table(&record.episodes),
        referrals: referrals_table(&record),
        duty,
        duty_link: super::policy::allows(session.user.role, super::policy::Permission::RecordDuty),
    };
    Ok(page.into_response())
}

/// A summary list row whose value is markup.
pub fn html_row(key: &str, value: TrustedHtml) -> SummaryRow {
    SummaryRow {
        key: SummaryCell::text(key),
        value: SummaryCell {
            html: Some(value),
            ..SummaryCell::default()
        },
        ..SummaryRow::default()
    }
}

/// The "Overdue" tag as markup, after `text`.
pub fn with_overdue(text: &str, overdue: bool) -> String {
    let mut s = esc(text);
    if overdue {
        s.push(' ');
        s.push_str(html(&tag("Overdue", "red")).as_str());
    }
    s
}
