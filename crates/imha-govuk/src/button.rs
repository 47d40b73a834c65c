//! The GOV.UK button: a `<button>`, or a link styled as one when it has an `href`.

use askama::Template;
use serde::Deserialize;

use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};

/// GOV.UK button. A link (`<a role="button">`) when `href` is set, else a `<button>`
/// (`type="submit"` unless `button_type` says otherwise).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "button.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Button {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub button_type: Option<String>,
    pub value: Option<String>,
    pub disabled: bool,
    pub href: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
    /// Adds `data-prevent-double-click` (GOV.UK's JavaScript then ignores a second click).
    pub prevent_double_click: Option<bool>,
    /// The "Start now" button with an arrow.
    pub is_start_button: bool,
    pub id: Option<String>,
}

impl Button {
    fn class(&self) -> String {
        let start = self.is_start_button.then_some("govuk-button--start");
        class_list("govuk-button", &[nonempty(&self.classes), start])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn wrap_in_span(&self) -> bool {
        self.is_start_button && self.html.as_ref().is_some_and(|h| !h.is_empty())
    }
    fn link(&self) -> Option<&str> {
        nonempty(&self.href)
    }
    fn type_attr(&self) -> &str {
        nonempty(&self.button_type).unwrap_or("submit")
    }
}
