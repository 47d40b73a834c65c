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
