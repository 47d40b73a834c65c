//! The GOV.UK error summary shown at the top of a page whose form has errors.

use askama::Template;
use serde::Deserialize;

use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};

/// GOV.UK error summary. Link each error to its field (`href: "#<field id>"`).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "error-summary.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorSummary {
    /// Usually "There is a problem".
    pub title_text: Option<String>,
    pub title_html: Option<TrustedHtml>,
    pub description_text: Option<String>,
    pub description_html: Option<TrustedHtml>,
    pub error_list: Vec<ErrorLink>,
    /// Stops GOV.UK's JavaScript moving focus to the summary on page load.
    pub disable_auto_focus: Option<bool>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

/// One error in an [`ErrorSummary`].
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorLink {
    /// `#<field id>`; without it the error is plain text.
    pub href: Option<String>,
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub attributes: Attributes,
}

impl ErrorLink {
    /// An error linking to the field with id `field_id`.
    pub fn to_field(field_id: &str, text: impl Into<String>) -> Self {
        Self {
            href: Some(format!("#{field_id}")),
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn link(&self) -> Option<&str> {
        nonempty(&self.href)
    }
}

impl ErrorSummary {
    fn class(&self) -> String {
        class_list("govuk-error-summary", &[nonempty(&self.classes)])
    }
    fn title(&self) -> Content<'_> {
        Content::new(&self.title_text, &self.title_html)
    }
    fn description(&self) -> Content<'_> {
        Content::new(&self.description_text, &self.description_html)
    }
}
