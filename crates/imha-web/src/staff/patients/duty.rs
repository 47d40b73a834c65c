//! The duty to inform (`GET /staff/duty`): qualifying patients from the feed who have not yet
//! been told about IMHA help both orally and in writing (s130D(4); Wales s130K/s130L), by
//! hospital and oldest first; and recording that they were told (`POST /staff/duty/{episode}`).
//!
//! Hospital staff see and record only their own hospital's episodes; service managers see all.
//! The Act says "as soon as practicable", not a number of days: the "Overdue" threshold is the
//! provider's own setting (`--duty-overdue-days`), and the page says so.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use imha_core::accounts::{Role, Session};
use imha_core::patients::{self, DutyItem, PatientError};
use imha_govuk::{Button, DateInput, ErrorSummary, NotificationBanner, SummaryList, TrustedHtml};

use super::{html_row, when_text, with_overdue};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::rights::long_date;
use crate::staff::client_addr;
use crate::staff::policy::{Permission, allows};
use crate::staff::referrals::{
    Answers, BadParts, Errors, actor, date_input, example_date, link, read_date, read_failed,
    status_label, write_failed,
};
use crate::staff::signin::success_banner;

pub struct DutyView {
    pub episode_id: String,
    pub name: TrustedHtml,
    pub list: SummaryList,
    pub orally: DateInput,
    pub in_writing: DateInput,
    pub button: Button,
}

pub struct HospitalGroup {
    pub name: String,
    pub items: Vec<DutyView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/patients/duty.html")]
struct DutyPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    banner: Option<NotificationBanner>,
    csrf: String,
    threshold: i32,
    own_hospital: bool,
    overdue: usize,
    groups: Vec<HospitalGroup>,
}

/// What was sent for one episode, shown again with its problems.
struct Sent {
    episode: String,
    answers: Answers,
    errors: Errors,
    parts: [Option<BadParts>; 2],
}

/// The hospital whose episodes this person may see: their own for hospital staff (none if
/// their account has no organisation), every hospital for managers.
fn scope(session: &Session) -> Option<String> {
    match session.user.role {
        Role::ServiceManager => None,
        _ => Some(session.user.organisation_id.clone().unwrap_or_default()),
    }
}

fn view(
    n: usize,
    item: &DutyItem,
    state: &AppState,
    session: &Session,
    sent: Option<&Sent>,
) -> DutyView {
    let today = crate::pages::rights::today(state);
    let this = sent.filter(|s| s.episode == item.episode.id);
    let e = &item.episode;
    let days = match item.working_days {
        1 => "1 working day".to_string(),
        d => format!("{d} working days"),
    };
    let mut rows = vec![
        imha_govuk::SummaryRow::new("Section or order", status_label(e.status())),
        imha_govuk::SummaryRow::new("Started", when_text(&e.start_at)),
        html_row(
            "Waiting",
            TrustedHtml::new(with_overdue(
                &format!("{days} since it started"),
                item.overdue,
            )),
        ),
    ];
    if let Some(w) = &e.ward {
        rows.push(imha_govuk::SummaryRow::new("Ward", w.clone()));
    }
    let told = |d: Option<jiff::civil::Date>| d.map(long_date).unwrap_or_else(|| "Not yet".into());
    rows.push(imha_govuk::SummaryRow::new(
        "Told orally",
        told(e.told_orally_on),
    ));
    rows.push(imha_govuk::SummaryRow::new(
        "Given it in writing",
        told(e.told_in_writing_on),
    ));
    let input = |field: &str, legend: &str, k: usize| {
        let error = this.and_then(|s| {
            s.errors
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        });
        let mut d = date_input(
            field,
            legend,
            &example_date(today),
            this.map(|s| &s.answers),
            None,
            error.as_deref(),
            this.and_then(|s| s.parts[k]),
        );
        d.id = format!("{field}-{n}");
        d
    };
    let name = if allows(session.user.role, Permission::ViewPatients) {
        TrustedHtml::new(link(
            &format!("/staff/patients/{}", item.patient_id),
            &item.patient_name,
        ))
    } else {
        TrustedHtml::new(crate::staff::referrals::esc(&item.patient_name))
    };
    DutyView {
        episode_id: e.id.clone(),
        name,
        list: SummaryList {
            rows,
            ..SummaryList::default()
        },
        orally: input("told_orally_on", "Date told orally", 0),
        in_writing: input("told_in_writing_on", "Date given it in writing", 1),
        button: Button {
            text: Some(format!("Save for {}", item.patient_name)),
            ..Button::default()
        },
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    sent: Option<Sent>,
    banner: Option<NotificationBanner>,
    code: StatusCode,
    actor: &imha_core::referrals::Actor,
) -> Result<Response, Response> {
    let today = crate::pages::rights::today(state);
    let hospital = scope(session);
    let items = patients::duty_list(
        &state.db,
        hospital.as_deref(),
        today,
        state.config.duty_overdue_working_days,
        actor,
    )
    .await
    .map_err(read_failed)?;
    let mut groups: Vec<HospitalGroup> = Vec::new();
    let mut anchor = "duty".to_string();
    for (i, item) in items.iter().enumerate() {
        let v = view(i + 1, item, state, session, sent.as_ref());
        if sent.as_ref().is_some_and(|s| s.episode == item.episode.id) {
            let field = sent
                .as_ref()
                .and_then(|s| s.errors.first())
                .map(|(f, _)| *f)
                .unwrap_or("told_orally_on");
            anchor = format!("{field}-{}-day", i + 1);
        }
        match groups.last_mut() {
            Some(g) if g.name == item.episode.hospital_name => g.items.push(v),
            _ => groups.push(HospitalGroup {
                name: item.episode.hospital_name.clone(),
                items: vec![v],
            }),
        }
    }
    let links: Vec<(&str, String)> = sent
        .as_ref()
        .map(|s| {
            s.errors
                .iter()
                .map(|(_, m)| (anchor.as_str(), m.clone()))
                .collect()
        })
        .unwrap_or_default();
    let page = DutyPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Duty to inform", !links.is_empty()),
            "/staff/duty",
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links),
        banner,
        csrf: session.csrf_token.clone(),
        threshold: state.config.duty_overdue_working_days,
        own_hospital: hospital.is_some(),
        overdue: items.iter().filter(|i| i.overdue).count(),
        groups,
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
    Query(q): Query<DoneQuery>,
) -> Result<Response, Response> {
    let actor = actor(&session, client_addr(&headers, Some(peer)));
    let banner = q.done.is_some().then(|| {
        success_banner("Saved. Patients told both orally and in writing leave this list.")
    });
    render(&state, &session, None, banner, StatusCode::OK, &actor).await
}

pub async fn record(
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
    let mut parts = [None, None];
    let mut dates = [None, None];
    for (k, (field, what)) in [
        ("told_orally_on", "Date told orally"),
        ("told_in_writing_on", "Date given it in writing"),
    ]
    .into_iter()
    .enumerate()
    {
        match read_date(&answers, field, what) {
            Ok(d) => dates[k] = d,
            Err(p) => {
                parts[k] = Some(p.parts);
                errors.push((field, p.message));
            }
        }
    }
    // Checked here too, before the episode is looked up, so an empty form always gets the
    // message (the domain refuses it as well).
    if errors.is_empty() && dates.iter().all(Option::is_none) {
        errors.push((
            "told_orally_on",
            "Enter the date the patient was told, orally or in writing".into(),
        ));
    }
    if errors.is_empty() {
        let today = crate::pages::rights::today(&state);
        let hospital = scope(&session);
        let mut tx = state.db.begin().await.map_err(write_failed)?;
        match patients::record_duty(
            &mut tx,
            &id,
            dates[0],
            dates[1],
            today,
            hospital.as_deref(),
            &actor,
        )
        .await
        {
            Ok(()) => {
                tx.commit().await.map_err(write_failed)?;
                return Ok(Redirect::to("/staff/duty?done=1").into_response());
            }
            Err(PatientError::NotFound) => return Err(crate::error::not_found_page()),
            Err(PatientError::Invalid(fe)) => {
                errors.extend(fe.into_iter().map(|e| (e.field, e.message)));
            }
            Err(e) => return Err(write_failed(e)),
        }
    }
    let sent = Sent {
        episode: id,
        answers,
        errors,
        parts,
    };
    render(&state, &session, Some(sent), None, StatusCode::OK, &actor).await
}
