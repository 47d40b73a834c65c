//! The staff referral form (`GET/POST /staff/referrals/new`): hospital staff (and managers
//! taking a referral by phone) refer a patient on one page, and record how the section 130D
//! duty to inform was met: when the patient was told orally and in writing, and whether the
//! nearest relative was sent a copy.
//!
//! The form's field names are `RawReferral`'s, so the domain's errors land on the right
//! fields; date inputs are read here (GOV.UK's messages) and passed on as ISO dates.

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use imha_core::accounts::Session;
use imha_core::organisations::{self, Kind, Organisation};
use imha_core::referrals::{
    self, Answer, Channel, HelpKind, NearestRelativeCopy, RawReferral, ReferralError,
};
use imha_govuk::{
    Button, Checkboxes, ChoiceItem, Conditional, DateInput, ErrorSummary, Fieldset, Hint, Input,
    Legend, Panel, Radios, Select, SelectItem, Textarea, TrustedHtml,
};
use jiff::Timestamp;

use super::{
    Answers, BadParts, Errors, actor, date_input, error_for, esc, example_date, html, read_date,
    read_failed, write_failed,
};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::statuses::PLAIN_STATUSES;
use crate::staff::client_addr;

const PATH: &str = "/staff/referrals/new";
const IF_HOSPITAL: &str = "If the patient is in hospital";

/// The fields in the order the page shows them: the error summary follows it.
const FIELD_ORDER: &[&str] = &[
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "whereabouts",
    "hospital_ods",
    "hospital_name",
    "ward",
    "address",
    "jurisdiction",
    "phone",
    "legal_status",
    "help",
    "help_other",
    "interpreter_language",
    "communication_other",
    "knows_about_referral",
    "agrees_to_referral",
    "risk",
    "told_orally_on",
    "told_in_writing_on",
    "nearest_relative_copy",
    "nearest_relative_copy_sent_on",
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_phone",
    "referrer_email",
];

/// The date inputs: field name, and the name the messages use (the domain's words).
const DATES: &[(&str, &str)] = &[
    ("date_of_birth", "Date of birth"),
    ("told_orally_on", "Date told in person"),
    ("told_in_writing_on", "Date given in writing"),
    ("nearest_relative_copy_sent_on", "Date the copy was sent"),
];

/// The section headings and their fields, as the template lays them out.
#[derive(Template, WebTemplate)]
#[template(path = "staff/referrals/new.html")]
struct NewPage {
    layout: Layout,
    error_summary: Option<ErrorSummary>,
    csrf: String,
    patient: Vec<TrustedHtml>,
    place: Vec<TrustedHtml>,
    legal: Vec<TrustedHtml>,
    help: Vec<TrustedHtml>,
    communication: Vec<TrustedHtml>,
    consent: Vec<TrustedHtml>,
    risk: Vec<TrustedHtml>,
    duty: Vec<TrustedHtml>,
    referrer: Vec<TrustedHtml>,
    button: Button,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/referrals/sent.html")]
struct SentPage {
    layout: Layout,
    panel: Panel,
    target_days: i32,
    may_not_qualify: bool,
    can_triage: bool,
    id: String,
}

/// What the form shows: what was typed, or the defaults on a fresh form.
struct Values<'a> {
    answers: Option<&'a Answers>,
    defaults: Vec<(&'static str, String)>,
    errors: &'a Errors,
    date_parts: Vec<(&'static str, BadParts)>,
}

impl Values<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match self.answers {
            Some(a) => a.owned(name),
            None => self
                .defaults
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone()),
        }
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.answers.map(|a| a.all(name)).unwrap_or_default()
    }

    fn input(&self, name: &str, label: &str, hint: Option<&str>) -> Input {
        Input {
            value: self.get(name),
            hint: hint.map(Hint::text),
            error_message: error_for(self.errors, name),
            ..Input::new(name, label)
        }
    }

    fn textarea(&self, name: &str, label: &str, hint: Option<&str>) -> Textarea {
        Textarea {
            value: self.get(name),
            rows: Some(3),
            hint: hint.map(Hint::text),
            error_message: error_for(self.errors, name),
            ..Textarea::new(name, label)
        }
    }

    fn radios(
        &self,
        name: &str,
        legend: &str,
        hint: Option<&str>,
        items: Vec<ChoiceItem>,
    ) -> Radios {
        Radios {
            name: name.to_string(),
            items,
            value: self.get(name),
            fieldset: Some(legend_s(legend)),
            hint: hint.map(Hint::text),
            error_message: error_for(self.errors, name),
            ..Radios::default()
        }
    }

    fn date(&self, name: &str, legend: &str, hint: &str) -> DateInput {
        let parts = self
            .date_parts
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, p)| *p);
        let error = error_for(self.errors, name).and_then(|e| e.text);
        date_input(
            name,
            legend,
            hint,
            Some(self.answers.unwrap_or(&Answers(Vec::new()))),
            None,
            error.as_deref(),
            parts,
        )
    }
}

fn legend_s(text: &str) -> Fieldset {
    Fieldset {
        legend: Some(Legend {
            text: Some(text.to_string()),
            classes: Some("govuk-fieldset__legend--s".into()),
            ..Legend::default()
        }),
        ..Fieldset::default()
    }
}

fn item(value: &str, text: &str) -> ChoiceItem {
    ChoiceItem {
        value: Some(value.to_string()),
        text: Some(text.to_string()),
        ..ChoiceItem::default()
    }
}

fn reveal(parts: &[TrustedHtml]) -> Option<Conditional> {
    Some(Conditional {
        html: TrustedHtml::new(parts.iter().map(TrustedHtml::as_str).collect::<String>()),
    })
}

fn hospitals(orgs: &[Organisation]) -> Vec<&Organisation> {
    orgs.iter()
        .filter(|o| o.kind == Kind::Hospital && o.ods_code.is_some())
        .collect()
}

/// The errors' summary links: date inputs link to their first part in error.
fn anchor(field: &'static str, v: &Values<'_>, has_hospitals: bool) -> String {
    if let Some((_, p)) = v.date_parts.iter().find(|(f, _)| *f == field) {
        let part = if p.day {
            "day"
        } else if p.month {
            "month"
        } else {
            "year"
        };
        return format!("{field}-{part}");
    }
    if DATES.iter().any(|(f, _)| *f == field) {
        return format!("{field}-day");
    }
    match field {
        "hospital_name" if has_hospitals => "hospital_ods".into(),
        "support" => "support".into(),
        f => f.into(),
    }
}

fn render(state: &AppState, session: &Session, orgs: &[Organisation], v: &Values<'_>) -> Response {
    let today = crate::pages::rights::today(state);
    let example = example_date(today);
    let hospitals = hospitals(orgs);
    let has_hospitals = !hospitals.is_empty();

    let patient = vec![
        html(&Input {
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            ..v.input("given_name", "First name", None)
        }),
        html(&Input {
            autocomplete: Some("off".into()),
            spellcheck: Some(false),
            ..v.input("family_name", "Last name", None)
        }),
        html(&v.date("date_of_birth", "Date of birth", "For example, 27 3 1985")),
        html(&Input {
            inputmode: Some("numeric".into()),
            classes: Some("govuk-input--width-10".into()),
            spellcheck: Some(false),
            autocomplete: Some("off".into()),
            ..v.input(
                "nhs_number",
                "NHS number (optional)",
                Some("10 digits, for example 943 476 5919"),
            )
        }),
    ];

    let hospital_field = if has_hospitals {
        let selected = v.get("hospital_ods");
        let mut items = vec![SelectItem {
            value: Some(String::new()),
            text: "Select the hospital".into(),
            ..SelectItem::default()
        }];
        items.extend(hospitals.iter().map(|h| {
            let code = h.ods_code.clone().unwrap_or_default();
            SelectItem {
                selected: Some(selected.as_deref() == Some(code.as_str())),
                text: format!("{} ({code})", h.name),
                value: Some(code),
                ..SelectItem::default()
            }
        }));
        html(&Select {
            items,
            value: selected,
            hint: Some(Hint::text(IF_HOSPITAL)),
            error_message: error_for(v.errors, "hospital_ods")
                .or_else(|| error_for(v.errors, "hospital_name")),
            ..Select::new("hospital_ods", "Hospital")
        })
    } else {
        html(&v.input("hospital_name", "Hospital", Some(IF_HOSPITAL)))
    };
    let ward = html(&v.input("ward", "Ward (optional)", None));
    let address = html(&v.textarea(
        "address",
        "Address",
        Some("If the patient is in the community: where they can be contacted"),
    ));
    let country = html(&Radios {
        classes: Some("govuk-radios--inline".into()),
        ..v.radios(
            "jurisdiction",
            "If the patient is in the community, is that in England or Wales? (optional)",
            Some("This decides which rules about IMHAs apply. If you leave it, we assume England."),
            vec![item("england", "England"), item("wales", "Wales")],
        )
    });
    // No conditional reveals on radios: GOV.UK Frontend marks such radios `aria-expanded`,
    // which ARIA does not allow on a radio (axe-core fails it; govuk-frontend issue 979). The
    // follow-up questions are asked beneath, each saying when it applies.
    let place = vec![
        html(&Radios {
            classes: Some("govuk-radios--inline".into()),
            ..v.radios(
                "whereabouts",
                "Where is the patient?",
                None,
                vec![
                    item("hospital", "In hospital"),
                    item("community", "In the community"),
                ],
            )
        }),
        hospital_field,
        ward,
        address,
        country,
        html(&Input {
            input_type: Some("tel".into()),
            autocomplete: Some("off".into()),
            classes: Some("govuk-input--width-20".into()),
            ..v.input(
                "phone",
                "Patient's phone number (optional)",
                Some("If the advocate can call them directly"),
            )
        }),
    ];

    let mut status_items = vec![SelectItem {
        value: Some(String::new()),
        text: "Not known".into(),
        ..SelectItem::default()
    }];
    let status = v.get("legal_status");
    status_items.extend(PLAIN_STATUSES.iter().map(|s| SelectItem {
        value: Some(s.status.id().to_string()),
        text: s.label.to_string(),
        selected: Some(status.as_deref() == Some(s.status.id())),
        ..SelectItem::default()
    }));
    let legal = vec![html(&Select {
        items: status_items,
        value: status,
        hint: Some(Hint::text(
            "We use it to check whether the patient qualifies for an IMHA. We take the referral either way.",
        )),
        error_message: error_for(v.errors, "legal_status"),
        ..Select::new("legal_status", "Section or order")
    })];

    let help_other = html(&v.textarea("help_other", "Describe the other help", None));
    let help = vec![html(&Checkboxes {
        name: "help".into(),
        items: HelpKind::ALL
            .iter()
            .map(|h| ChoiceItem {
                conditional: (*h == HelpKind::Other)
                    .then(|| reveal(std::slice::from_ref(&help_other)))
                    .flatten(),
                ..item(h.id(), h.label())
            })
            .collect(),
        values: v.all("help"),
        fieldset: Some(legend_s("What does the patient want help with?")),
        hint: Some(Hint::text("Select all that apply.")),
        error_message: error_for(v.errors, "help"),
        ..Checkboxes::default()
    })];

    let checked = |name: &str| Some(v.get(name).is_some());
    let communication = vec![
        html(&Input {
            classes: Some("govuk-input--width-20".into()),
            ..v.input(
                "interpreter_language",
                "Language, if the patient needs an interpreter (optional)",
                None,
            )
        }),
        html(&Checkboxes {
            name: "support".into(),
            items: vec![
                ChoiceItem {
                    name: Some("bsl".into()),
                    checked: checked("bsl"),
                    ..item("yes", "A British Sign Language interpreter")
                },
                ChoiceItem {
                    name: Some("easy_read".into()),
                    checked: checked("easy_read"),
                    ..item("yes", "Information in Easy Read")
                },
            ],
            fieldset: Some(legend_s(
                "Does the patient need either of these? (optional)",
            )),
            ..Checkboxes::default()
        }),
        html(&v.textarea(
            "communication_other",
            "Any other communication needs (optional)",
            Some("For example, hearing or sight loss, or the best time of day to talk."),
        )),
    ];

    let answers = || {
        Answer::ALL
            .iter()
            .map(|a| item(a.id(), a.label()))
            .collect()
    };
    let consent = vec![
        html(&v.radios(
            "knows_about_referral",
            "Does the patient know about this referral?",
            None,
            answers(),
        )),
        html(&v.radios(
            "agrees_to_referral",
            "If they know, do they agree to it?",
            None,
            answers(),
        )),
    ];

    let risk = vec![html(&v.textarea(
        "risk",
        "Is there anything the advocate should know before visiting? (optional)",
        Some("For example, risks to the advocate or to the patient, or times to avoid."),
    ))];

    let told_hint = format!("Leave it blank if this has not happened yet. {example}");
    let duty = vec![
        html(&v.date(
            "told_orally_on",
            "When was the patient told about IMHA help in person?",
            &told_hint,
        )),
        html(&v.date(
            "told_in_writing_on",
            "When was the patient given this information in writing?",
            &told_hint,
        )),
        html(&v.radios(
            "nearest_relative_copy",
            "Was the nearest relative sent a copy of the written information?",
            Some(
                "Unless the patient asks you not to, a copy must go to their nearest relative. This does not apply to patients detained under Part 3 of the Act (sections 35 to 55).",
            ),
            NearestRelativeCopy::ALL
                .iter()
                .map(|c| item(c.id(), c.label()))
                .collect(),
        )),
        html(&v.date(
            "nearest_relative_copy_sent_on",
            "If a copy was sent, when was it sent?",
            &example,
        )),
    ];

    let referrer = vec![
        html(&Input {
            autocomplete: Some("name".into()),
            spellcheck: Some(false),
            ..v.input("referrer_name", "Your name", None)
        }),
        html(&v.input("referrer_role", "Your role (optional)", Some("For example, ward manager or MHA administrator"))),
        html(&v.input("referrer_organisation", "Your organisation (optional)", None)),
        html(&Input {
            input_type: Some("tel".into()),
            autocomplete: Some("tel".into()),
            classes: Some("govuk-input--width-20".into()),
            ..v.input(
                "referrer_phone",
                "Your phone number",
                Some("Give a phone number or an email address, so the service can contact you about this referral."),
            )
        }),
        html(&Input {
            input_type: Some("email".into()),
            autocomplete: Some("email".into()),
            spellcheck: Some(false),
            ..v.input("referrer_email", "Your email address", None)
        }),
    ];

    let links: Vec<(String, String)> = v
        .errors
        .iter()
        .map(|(f, m)| (anchor(f, v, has_hospitals), m.clone()))
        .collect();
    let links: Vec<(&str, String)> = links.iter().map(|(a, m)| (a.as_str(), m.clone())).collect();
    NewPage {
        layout: Layout::staff(
            state,
            crate::forms::error_title("Refer a patient", !v.errors.is_empty()),
            PATH,
            Some(session),
        ),
        error_summary: crate::forms::error_summary(&links),
        csrf: session.csrf_token.clone(),
        patient,
        place,
        legal,
        help,
        communication,
        consent,
        risk,
        duty,
        referrer,
        button: Button {
            text: Some("Send referral".into()),
            prevent_double_click: Some(true),
            ..Button::default()
        },
    }
    .into_response()
}

/// The signed-in person's details, and their hospital, as the form's starting answers.
fn defaults(session: &Session, orgs: &[Organisation]) -> Vec<(&'static str, String)> {
    let mut d = vec![
        ("referrer_name", session.user.name.clone()),
        ("referrer_email", session.user.email.clone()),
    ];
    if let Some(org) = session
        .user
        .organisation_id
        .as_deref()
        .and_then(|id| orgs.iter().find(|o| o.id == id))
    {
        d.push(("referrer_organisation", org.name.clone()));
        if org.kind == Kind::Hospital
            && let Some(code) = &org.ods_code
        {
            d.push(("hospital_ods", code.clone()));
        }
    }
    d
}

pub async fn form(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
) -> Result<Response, Response> {
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let values = Values {
        answers: None,
        defaults: defaults(&session, &orgs),
        errors: &Vec::new(),
        date_parts: Vec::new(),
    };
    Ok(render(&state, &session, &orgs, &values))
}

/// The answers as the domain takes them. Answers under a choice not made (a hospital's ward
/// when "In the community" was chosen) are left out: the browser sends hidden fields too.
fn raw_referral(a: &Answers, dates: &[(&str, Option<String>)]) -> RawReferral {
    let date = |name: &str| {
        dates
            .iter()
            .find(|(f, _)| *f == name)
            .and_then(|(_, d)| d.clone())
    };
    let whereabouts = a.owned("whereabouts");
    let in_hospital = whereabouts.as_deref() == Some("hospital");
    let in_community = whereabouts.as_deref() == Some("community");
    let help = a.all("help");
    let copy = a.owned("nearest_relative_copy");
    RawReferral {
        referrer: None,
        given_name: a.owned("given_name"),
        family_name: a.owned("family_name"),
        date_of_birth: date("date_of_birth"),
        nhs_number: a.owned("nhs_number"),
        whereabouts,
        hospital_ods: a.owned("hospital_ods").filter(|_| in_hospital),
        hospital_name: a.owned("hospital_name").filter(|_| in_hospital),
        ward: a.owned("ward").filter(|_| in_hospital),
        address: a.owned("address").filter(|_| in_community),
        phone: a.owned("phone"),
        email: None,
        legal_status: a.owned("legal_status"),
        jurisdiction: a.owned("jurisdiction").filter(|_| in_community),
        help_other: a
            .owned("help_other")
            .filter(|_| help.iter().any(|h| h == HelpKind::Other.id())),
        help,
        interpreter_language: a.owned("interpreter_language"),
        bsl: Some(a.get("bsl").is_some()),
        easy_read: Some(a.get("easy_read").is_some()),
        communication_other: a.owned("communication_other"),
        knows_about_referral: a.owned("knows_about_referral"),
        agrees_to_referral: a
            .owned("agrees_to_referral")
            .filter(|_| a.get("knows_about_referral") == Some(Answer::Yes.id())),
        risk: a.owned("risk"),
        referrer_name: a.owned("referrer_name"),
        referrer_role: a.owned("referrer_role"),
        referrer_organisation: a.owned("referrer_organisation"),
        referrer_phone: a.owned("referrer_phone"),
        referrer_email: a.owned("referrer_email"),
        told_orally_on: date("told_orally_on"),
        told_in_writing_on: date("told_in_writing_on"),
        nearest_relative_copy_sent_on: date("nearest_relative_copy_sent_on")
            .filter(|_| copy.as_deref() == Some(NearestRelativeCopy::Sent.id())),
        nearest_relative_copy: copy,
    }
}

fn order(errors: &mut Errors) {
    errors.sort_by_key(|(f, _)| {
        FIELD_ORDER
            .iter()
            .position(|x| x == f)
            .unwrap_or(FIELD_ORDER.len())
    });
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let answers = Answers(pairs);
    let orgs = organisations::list(&state.db).await.map_err(read_failed)?;
    let has_hospitals = !hospitals(&orgs).is_empty();
    let sent = answers.get("nearest_relative_copy") == Some(NearestRelativeCopy::Sent.id());
    let mut errors = Errors::new();
    let mut date_parts = Vec::new();
    let mut dates = Vec::new();
    for (field, what) in DATES {
        if *field == "nearest_relative_copy_sent_on" && !sent {
            continue;
        }
        match read_date(&answers, field, what) {
            Ok(d) => dates.push((*field, d.map(|d| d.to_string()))),
            Err(p) => {
                date_parts.push((*field, p.parts));
                errors.push((*field, p.message));
            }
        }
    }
    let raw = raw_referral(&answers, &dates);
    let now = Timestamp::now();
    let hospital_message = |field: &'static str, message: String| {
        if field == "hospital_name" && has_hospitals {
            (
                "hospital_ods",
                "Select the hospital the patient is in".to_string(),
            )
        } else {
            (field, message)
        }
    };
    if let Err(found) = referrals::validate(&raw, Channel::Staff, referrals::uk_date(now)) {
        // A date that could not be read has its own message; the domain's about the same
        // field (it saw no date) would only repeat it.
        for e in found {
            if !errors.iter().any(|(f, _)| *f == e.field) {
                errors.push(hospital_message(e.field, e.message));
            }
        }
    }
    if errors.is_empty() {
        let actor = actor(&session, client_addr(&headers, Some(peer)));
        let mut tx = state.db.begin().await.map_err(write_failed)?;
        match referrals::create(&mut tx, &raw, Channel::Staff, &actor, now, &state.law).await {
            Ok(created) => {
                tx.commit().await.map_err(write_failed)?;
                referrals::notify_new_referral(
                    &state.db,
                    &state.mailer,
                    &created.reference,
                    &created.id,
                    state.config.public_url.as_deref(),
                )
                .await;
                return Ok(sent_page(&state, &session, &created));
            }
            Err(ReferralError::Invalid(found)) => {
                errors.extend(
                    found
                        .into_iter()
                        .map(|e| hospital_message(e.field, e.message)),
                );
            }
            Err(e) => return Err(write_failed(e)),
        }
    }
    order(&mut errors);
    let values = Values {
        answers: Some(&answers),
        defaults: Vec::new(),
        errors: &errors,
        date_parts,
    };
    Ok(render(&state, &session, &orgs, &values))
}

fn sent_page(state: &AppState, session: &Session, created: &referrals::Created) -> Response {
    use crate::staff::policy::{Permission, allows};
    SentPage {
        layout: Layout::staff(state, "Referral sent", PATH, Some(session)),
        panel: Panel {
            title_text: Some("Referral sent".into()),
            html: Some(TrustedHtml::new(format!(
                "Reference<br><strong id=\"reference\">{}</strong>",
                esc(&created.reference)
            ))),
            ..Panel::default()
        },
        target_days: state.config.response_target_working_days,
        may_not_qualify: created.appears_eligible == Some(false),
        can_triage: allows(session.user.role, Permission::TriageReferrals),
        id: created.id.clone(),
    }
    .into_response()
}
