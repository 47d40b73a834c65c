//! Likely matches (`GET /staff/patients/matches`): records with the same name and date of
//! birth but different identifiers, which a person confirms as one person (merging them) or
//! as different people (`POST /staff/patients/matches/{patient id}`, the candidate in the form).
//! Never merged silently: a wrong merge mixes two people's legal histories.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::Session;
use imha_core::patients::{self, LikelyMatch, Patient, PatientError};
use imha_govuk::{
    Button, ChoiceItem, ErrorSummary, Fieldset, Hint, Legend, NotificationBanner, Radios, Table,
    TableCell,
};
use jiff::Timestamp;

use super::cell_html;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::referrals::{Answers, Errors, actor, link, read_failed, write_failed};
use crate::staff::signin::success_banner;

pub struct MatchView {
    pub heading: String,
    pub patient_id: String,
    pub candidate_id: String,
    pub table: Table,
    pub radios: Radios,
    pub button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/patients/matches.html")]
struct MatchesPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    csrf: String,
    matches: Vec<MatchView>,
}

fn describe(p: &Patient) -> [String; 4] {
    [
        p.full_name(),
        p.date_of_birth
            .map(long_date)
            .unwrap_or_else(|| "Not known".into()),
        p.nhs_number_spaced().unwrap_or_else(|| "Not known".into()),
        match (&p.hospital_name, &p.local_patient_id) {
            (Some(h), Some(l)) => format!("{l} ({h})"),
            (None, Some(l)) => l.clone(),
            _ => "None".into(),
        },
    ]
}

fn match_view(
    n: usize,
    m: &LikelyMatch,
    sent: Option<(&str, &str, &Answers, &Errors)>,
) -> MatchView {
    let a = describe(&m.patient);
    let b = describe(&m.candidate);
    let rows = ["Name", "Date of birth", "NHS number", "Hospital patient id"]
        .iter()
        .enumerate()
        .map(|(i, k)| {
            vec![
                TableCell::text(*k),
                TableCell::text(a[i].clone()),
                TableCell::text(b[i].clone()),
            ]
        })
        .collect();
    let this = sent.filter(|(p, c, _, _)| *p == m.patient.id && *c == m.candidate.id);
    let id = format!("decision-{n}");
    MatchView {
        heading: format!("Possible match {n}"),
        patient_id: m.patient.id.clone(),
        candidate_id: m.candidate.id.clone(),
        table: Table {
            caption: Some(format!("The two records of possible match {n}")),
            caption_classes: Some("govuk-visually-hidden".into()),
            head: Some(vec![
                TableCell::text("Record"),
                cell_html(link(
                    &format!("/staff/patients/{}", m.patient.id),
                    "Newer record",
                )),
                cell_html(link(
                    &format!("/staff/patients/{}", m.candidate.id),
                    "Earlier record",
                )),
            ]),
            rows,
            first_cell_is_header: true,
            ..Table::default()
        },
        radios: Radios {
            name: "decision".into(),
            id_prefix: Some(id.clone()),
            items: vec![
                ChoiceItem {
                    value: Some("same".into()),
                    text: Some("The same person: merge the records".into()),
                    hint: Some(Hint::text(
                        "The earlier record's episodes and referrals move to the newer record.",
                    )),
                    ..ChoiceItem::default()
                },
                ChoiceItem {
                    value: Some("different".into()),
                    text: Some("Different people: keep both records".into()),
                    ..ChoiceItem::default()
                },
            ],
            value: this.and_then(|(_, _, a, _)| a.owned("decision")),
            fieldset: Some(Fieldset {
                legend: Some(Legend {
                    text: Some(format!("Are the records of possible match {n} one person?")),
                    classes: Some("govuk-fieldset__legend--s".into()),
                    ..Legend::default()
                }),
                ..Fieldset::default()
            }),
            error_message: this.and_then(|(_, _, _, e)| crate::forms::error_for(e, "decision")),
            ..Radios::default()
        },
        button: Button {
            text: Some(format!("Save answer for match {n}")),
            ..Button::default()
        },
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    sent: Option<(&str, &str, &Answers, &Errors)>,
    banner: Option<NotificationBanner>,
    code: StatusCode,
) -> Result<Response, Response> {
    let open = patients::open_matches(&state.db)
        .await
        .map_err(read_failed)?;
    let views: Vec<MatchView> = open
        .iter()
        .enumerate()
        .map(|(i, m)| match_view(i + 1, m, sent))
        .collect();
    // The error links to the match's question, or to the list when the match has gone (someone
    // else decided it).
    let anchor = sent
        .and_then(|(p, c, _, _)| {
            views
                .iter()
                .find(|v| v.patient_id == p && v.candidate_id == c)
        })
        .and_then(|v| v.radios.id_prefix.clone())
        .unwrap_or_else(|| "matches".into());
    let links: Vec<(&str, String)> = sent
        .map(|(_, _, _, errors)| {
            errors
                .iter()
                .map(|(_, m)| (anchor.as_str(), m.clone()))
                .collect()
        })
        .unwrap_or_default();
    let page = MatchesPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Likely matches", !links.is_empty()),
            "/staff/patients",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links),
        banner,
        csrf: session.csrf_token.clone(),
        matches: views,
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
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let banner = match q.done.as_deref() {
        Some("same") => Some(success_banner("The records were merged.")),
        Some("different") => Some(success_banner("Both records were kept.")),
        _ => None,
    };
    render(&state, &session, None, banner, StatusCode::OK).await
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
    let candidate = answers.owned("candidate").unwrap_or_default();
    let same = match answers.get("decision") {
        Some("same") => Some(true),
        Some("different") => Some(false),
        _ => None,
    };
    let (errors, code): (Errors, StatusCode) = match same {
        None => (
            vec![(
                "decision",
                "Select whether the records are the same person".into(),
            )],
            StatusCode::OK,
        ),
        Some(same) => {
            let mut tx = state.db.begin().await.map_err(write_failed)?;
            match patients::resolve_match(&mut tx, &id, &candidate, same, &actor, Timestamp::now())
                .await
            {
                Ok(()) => {
                    tx.commit().await.map_err(write_failed)?;
                    let done = if same { "same" } else { "different" };
                    return Ok(
                        Redirect::to(&format!("/staff/patients/matches?done={done}"))
                            .into_response(),
                    );
                }
                Err(PatientError::NotFound) => return Err(crate::error::not_found_page()),
                Err(PatientError::AlreadyDecided(_)) => (
                    vec![(
                        "decision",
                        "Someone has already decided about these records".into(),
                    )],
                    StatusCode::CONFLICT,
                ),
                Err(e) => return Err(write_failed(e)),
            }
        }
    };
    render(
        &state,
        &session,
        Some((&id, &candidate, &answers, &errors)),
        None,
        code,
    )
    .await
}
