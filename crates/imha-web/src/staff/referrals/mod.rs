//! The staff referral pages: the triage queue for service managers ([`queue`]), one referral
//! with its decision and first contact ([`show`]), and the referral form hospital staff use,
//! which records the section 130D duty to inform ([`new`]).
//!
//! The rules (validation, duplicates, decisions, working days) live in
//! `imha_core::referrals`; this module reads forms, calls it and renders. Every screen that
//! shows one referral reads it through `referrals::view`, which records the view in the audit
//! trail; the queue records one view entry naming the referrals it listed.

pub mod new;
pub mod queue;
pub mod show;

use askama::Template;
use axum::response::Response;
use axum::routing::{get, post};
use imha_core::StorageError;
use imha_core::accounts::Session;
use imha_core::referrals::{self, Actor, Referral, ResponseTime};
use imha_govuk::{
    DateInput, DateInputItem, ErrorMessage, Fieldset, Hint, Legend, Tag, TrustedHtml,
};
use imha_law::Status;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/referrals", get(queue::page))
        .route("/staff/referrals/new", get(new::form).post(new::submit))
        .route("/staff/referrals/{id}", get(show::page))
        .route("/staff/referrals/{id}/decision", post(show::decide))
        .route(
            "/staff/referrals/{id}/first-contact",
            post(show::first_contact),
        )
        .route("/staff/referrals/{id}/outcome", post(show::outcome))
}

// ---------------------------------------------------------------------------------------------
// Submitted answers

/// A submitted form, keeping repeated names (checkboxes) that a map would lose.
pub struct Answers(pub Vec<(String, String)>);

impl Answers {
    /// The last value given for `name`, trimmed; `None` when missing or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// [`Answers::get`] as an owned string, the shape `RawReferral` wants.
    pub fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }

    /// Every non-blank value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

/// Problems with a form: (field name, message), in the order of the fields on the page.
pub type Errors = Vec<(&'static str, String)>;

/// The message for `field`, if it has one.
pub fn error_for(errors: &Errors, field: &str) -> Option<ErrorMessage> {
    crate::forms::error_for(errors, field)
}

// ---------------------------------------------------------------------------------------------
// Dates typed into GOV.UK date inputs

/// Which parts of a date input to mark as wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadParts {
    pub day: bool,
    pub month: bool,
    pub year: bool,
}

const ALL_PARTS: BadParts = BadParts {
    day: true,
    month: true,
    year: true,
};

/// A date input's problem: the message and the parts at fault (GOV.UK's date input pattern).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateProblem {
    pub message: String,
    pub parts: BadParts,
}

/// Read the date input `prefix` (`<prefix>-day`, `-month`, `-year`). `Ok(None)` when all three
/// are blank. `what` starts the messages, e.g. "Date of birth".
pub fn read_date(answers: &Answers, prefix: &str, what: &str) -> Result<Option<Date>, DateProblem> {
    let day = answers.get(&format!("{prefix}-day"));
    let month = answers.get(&format!("{prefix}-month"));
    let year = answers.get(&format!("{prefix}-year"));
    if day.is_none() && month.is_none() && year.is_none() {
        return Ok(None);
    }
    let missing: Vec<&str> = [(day, "a day"), (month, "a month"), (year, "a year")]
        .iter()
        .filter(|(v, _)| v.is_none())
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(DateProblem {
            message: format!("{what} must include {}", missing.join(" and ")),
            parts: BadParts {
                day: day.is_none(),
                month: month.is_none(),
                year: year.is_none(),
            },
        });
    }
    let real = || DateProblem {
        message: format!("{what} must be a real date"),
        parts: ALL_PARTS,
    };
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<i16>().ok());
    let (Some(d), Some(m), Some(y)) = (num(day), num(month), num(year)) else {
        return Err(real());
    };
    if year.is_some_and(|y| y.len() != 4) {
        return Err(DateProblem {
            message: "Year must include 4 numbers".into(),
            parts: BadParts {
                day: false,
                month: false,
                year: true,
            },
        });
    }
    let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
        return Err(real());
    };
    Date::new(y, m, d).map(Some).map_err(|_| real())
}

/// A GOV.UK date input named `prefix` showing what was typed (or `initial` on a fresh form),
/// with its problem, if any.
pub fn date_input(
    prefix: &str,
    legend: &str,
    hint: &str,
    answers: Option<&Answers>,
    initial: Option<Date>,
    error: Option<&str>,
    parts: Option<BadParts>,
) -> DateInput {
    let part = |name: &str, width: &str, bad: bool| {
        let value = match answers {
            Some(a) => a.get(&format!("{prefix}-{name}")).map(str::to_string),
            None => initial.map(|d| match name {
                "day" => d.day().to_string(),
                "month" => d.month().to_string(),
                _ => d.year().to_string(),
            }),
        };
        DateInputItem {
            name: Some(name.to_string()),
            value,
            classes: Some(width.to_string()),
            error: Some(error.is_some() && bad),
            ..DateInputItem::default()
        }
    };
    let p = parts.unwrap_or(ALL_PARTS);
    DateInput {
        id: prefix.to_string(),
        name_prefix: Some(prefix.to_string()),
        day: Some(part("day", "govuk-input--width-2", p.day)),
        month: Some(part("month", "govuk-input--width-2", p.month)),
        year: Some(part("year", "govuk-input--width-4", p.year)),
        fieldset: Some(Fieldset {
            legend: Some(Legend {
                text: Some(legend.to_string()),
                classes: Some("govuk-fieldset__legend--s".into()),
                ..Legend::default()
            }),
            role: Some("group".into()),
            ..Fieldset::default()
        }),
        hint: Some(Hint::text(hint)),
        error_message: error.map(ErrorMessage::text),
        ..DateInput::default()
    }
}

/// "For example, 27 3 2026", from a real date near `today`.
pub fn example_date(d: Date) -> String {
    format!("For example, {} {} {}", d.day(), d.month(), d.year())
}

// ---------------------------------------------------------------------------------------------
// Showing referrals

/// Render a component to markup for a page or a table cell.
pub fn html(component: &impl Template) -> TrustedHtml {
    TrustedHtml::render(component).unwrap_or_default()
}

/// Escape text for markup built here.
pub fn esc(s: &str) -> String {
    askama::filters::escape(s, askama::filters::Html)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

pub fn link(href: &str, text: &str) -> String {
    format!(
        "<a class=\"govuk-link\" href=\"{}\">{}</a>",
        esc(href),
        esc(text)
    )
}

/// Text typed in a text area, escaped, its line breaks kept.
pub fn multiline(s: &str) -> TrustedHtml {
    TrustedHtml::new(esc(s).replace("\r\n", "\n").replace('\n', "<br>"))
}

pub fn tag(text: &str, colour: &str) -> Tag {
    Tag {
        text: Some(text.to_string()),
        classes: Some(format!("govuk-tag--{colour}")),
        ..Tag::default()
    }
}

/// "6 April 2026 at 14:05" in UK time.
pub fn uk_when(t: Timestamp) -> String {
    crate::forms::uk_time(&t.to_string(), "%-d %B %Y at %H:%M")
}

/// The legal status as patients and staff say it ("Section 3"), or "Not known".
pub fn status_label(status: Option<Status>) -> String {
    match status {
        Some(s) => crate::pages::statuses::plain(s)
            .map(|p| p.label.to_string())
            .unwrap_or_else(|| s.id().to_string()),
        None => "Not known".to_string(),
    }
}

/// The rights engine's view as a tag: qualifies, may not, or nothing when the status is not
/// known.
pub fn eligibility_tag(appears_eligible: Option<bool>) -> Option<Tag> {
    appears_eligible.map(|q| {
        if q {
            tag("Appears to qualify", "green")
        } else {
            tag("May not qualify", "yellow")
        }
    })
}

/// A citation as people read it: "Mental Health Act 1983, section 130C(2)(a)".
pub fn readable_basis(basis: &str) -> String {
    basis.replacen("MHA 1983 s", "Mental Health Act 1983, section ", 1)
}

/// Where the person is: "Northshire General, Willow ward" or "In the community".
pub fn whereabouts_text(r: &Referral) -> String {
    match r.whereabouts {
        referrals::Whereabouts::Hospital => {
            let hospital = r.hospital_name.as_deref().unwrap_or("Hospital not given");
            match r.ward.as_deref() {
                Some(w) => format!("{hospital}, {w}"),
                None => hospital.to_string(),
            }
        }
        referrals::Whereabouts::Community => "In the community".to_string(),
    }
}

/// How long a referral has waited, and its response time against the target.
pub struct Waiting {
    pub response: ResponseTime,
    /// "3 hours" on the day it arrived, "2 working days" after.
    pub waited: String,
    /// Past the target without a first contact.
    pub overdue: bool,
}

pub fn waiting(state: &AppState, r: &Referral, now: Timestamp) -> Waiting {
    let today = crate::pages::rights::today(state);
    let response = referrals::response_time(
        r.received_at,
        r.first_contact_at,
        today,
        state.config.response_target_working_days,
    );
    let until = r.first_contact_at.unwrap_or(now);
    let waited = if response.working_days == 0 {
        let hours = until.duration_since(r.received_at).as_hours().max(0);
        match hours {
            0 => "Less than an hour".to_string(),
            1 => "1 hour".to_string(),
            h => format!("{h} hours"),
        }
    } else if response.working_days == 1 {
        "1 working day".to_string()
    } else {
        format!("{} working days", response.working_days)
    };
    Waiting {
        overdue: r.first_contact_at.is_none() && !response.within_target,
        response,
        waited,
    }
}

// ---------------------------------------------------------------------------------------------
// Who acts, and failures

pub fn actor(session: &Session, client: String) -> Actor {
    Actor::User {
        id: session.user.id.clone(),
        client: Some(client),
    }
}

/// A read failed: log the error (never the person's data) and show the 503 page.
pub fn read_failed(e: StorageError) -> Response {
    tracing::error!(error = %e, "referral page could not read the database");
    crate::error::unavailable_page()
}

/// A write failed: log the error and show the 500 page.
pub fn write_failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "referral change could not be saved");
    crate::error::server_error_page()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        Answers(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn dates_are_read_with_gov_uk_messages() {
        let a = answers(&[("d-day", "29"), ("d-month", "2"), ("d-year", "2024")]);
        assert_eq!(
            read_date(&a, "d", "Date of birth"),
            Ok(Some(jiff::civil::date(2024, 2, 29)))
        );
        assert_eq!(read_date(&answers(&[]), "d", "Date of birth"), Ok(None));
        let e = read_date(&answers(&[("d-day", "1")]), "d", "Date of birth").unwrap_err();
        assert_eq!(e.message, "Date of birth must include a month and a year");
        assert!(!e.parts.day && e.parts.month && e.parts.year);
        let a = answers(&[("d-day", "30"), ("d-month", "2"), ("d-year", "2024")]);
        assert_eq!(
            read_date(&a, "d", "Date of birth").unwrap_err().message,
            "Date of birth must be a real date"
        );
        let a = answers(&[("d-day", "3"), ("d-month", "2"), ("d-year", "24")]);
        assert_eq!(
            read_date(&a, "d", "Date of birth").unwrap_err().message,
            "Year must include 4 numbers"
        );
        let a = answers(&[("d-day", "x"), ("d-month", "2"), ("d-year", "2024")]);
        assert_eq!(
            read_date(&a, "d", "Date of birth").unwrap_err().message,
            "Date of birth must be a real date"
        );
    }

    #[test]
    fn repeated_names_are_all_kept() {
        let a = answers(&[("help", "rights"), ("help", " "), ("help", "tribunal")]);
        assert_eq!(a.all("help"), vec!["rights", "tribunal"]);
        assert_eq!(a.get("help"), Some("tribunal"));
    }
}
