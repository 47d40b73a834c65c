//! What every HTML form handler shares: reading submitted fields, the GOV.UK error summary and
//! field errors, the "Error: " title prefix, and UK times for display.

use std::collections::HashMap;

use imha_govuk::{ErrorLink, ErrorMessage, ErrorSummary};

/// Submitted form fields. Repeated names keep the last value.
pub type Fields = HashMap<String, String>;

/// A trimmed, non-empty field value.
pub fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A GOV.UK date input `<prefix>-day`, `-month`, `-year`; all empty is `Ok(None)`. Problems
/// come back as (the field id from `ids` to link to, the GOV.UK message), `name` naming the date
/// ("from", "to").
pub fn read_date(
    fields: &Fields,
    prefix: &'static str,
    ids: [&'static str; 3],
    name: &str,
) -> Result<Option<jiff::civil::Date>, (&'static str, String)> {
    let parts = ["day", "month", "year"].map(|p| field(fields, &format!("{prefix}-{p}")));
    let missing: Vec<(usize, &str)> = ["a day", "a month", "a year"]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| parts[*i].is_none())
        .collect();
    if missing.len() == 3 {
        return Ok(None);
    }
    if let Some((first, _)) = missing.first() {
        let list: Vec<&str> = missing.iter().map(|(_, n)| *n).collect();
        return Err((
            ids[*first],
            format!("The {name} date must include {}", list.join(" and ")),
        ));
    }
    let real = || (ids[0], format!("The {name} date must be a real date"));
    let num = |s: Option<&str>| {
        s.filter(|s| s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<i16>().ok())
    };
    let (Some(d), Some(m), Some(y)) = (num(parts[0]), num(parts[1]), num(parts[2])) else {
        return Err(real());
    };
    if !(1000..=9999).contains(&y) {
        return Err((
            ids[2],
            format!("The year of the {name} date must include 4 numbers"),
        ));
    }
    let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
        return Err(real());
    };
    jiff::civil::Date::new(y, m, d)
        .map(Some)
        .map_err(|_| real())
}

/// The GOV.UK error summary for `(field id, message)` pairs, each linking to its field; `None`
/// when there are no errors.
pub fn error_summary(errors: &[(&str, String)]) -> Option<ErrorSummary> {
    (!errors.is_empty()).then(|| ErrorSummary {
        title_text: Some(summary_title()),
        error_list: errors
            .iter()
            .map(|(id, m)| ErrorLink::to_field(id, m.clone()))
            .collect(),
        ..ErrorSummary::default()
    })
}

/// The error message to show beside field `id`, if it has one.
pub fn error_for(errors: &[(&str, String)], id: &str) -> Option<ErrorMessage> {
    errors
        .iter()
        .find(|(f, _)| *f == id)
        .map(|(_, m)| error_message(m.clone()))
}

/// The error summary's title in the request's language ("There is a problem" in English,
/// and always on staff pages, which are English).
pub fn summary_title() -> String {
    crate::i18n::t("form-error-summary")
}

/// A field's error message, its hidden "Error:" prefix in the request's language (GOV.UK's
/// default, "Error", in English).
pub fn error_message(text: String) -> ErrorMessage {
    let mut e = ErrorMessage::text(text);
    if crate::i18n::current() != crate::i18n::Lang::En {
        e.visually_hidden_text = Some(crate::i18n::t("form-error-prefix"));
    }
    e
}

/// A page title, prefixed "Error: " when the page shows errors (GOV.UK pattern, so screen
/// readers hear it first).
pub fn error_title(heading: &str, has_errors: bool) -> String {
    if has_errors {
        crate::i18n::t_args("form-error-title", &[("heading", heading)])
    } else {
        heading.to_string()
    }
}

/// A stored RFC 3339 timestamp as UK local time with a jiff `strftime` format (e.g.
/// `"%-d %B %Y at %H:%M"`); the stored text itself if it does not parse.
pub fn uk_time(stored: &str, format: &str) -> String {
    match stored.parse::<jiff::Timestamp>() {
        Ok(t) => {
            let z = t
                .in_tz("Europe/London")
                .unwrap_or_else(|_| t.to_zoned(jiff::tz::TimeZone::UTC));
            z.strftime(format).to_string()
        }
        Err(_) => stored.to_string(),
    }
}
