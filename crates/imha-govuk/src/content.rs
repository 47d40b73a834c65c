//! Components that show content rather than take input: tag, inset text, warning text,
//! details, panel, notification banner, back link, skip link and phase banner.

use askama::Template;
use serde::Deserialize;

use crate::button::Button;
use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};

/// GOV.UK tag: `<strong class="govuk-tag">`.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "tag.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Tag {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Tag {
    fn class(&self) -> String {
        class_list("govuk-tag", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK inset text.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "inset-text.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct InsetText {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub id: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl InsetText {
    fn class(&self) -> String {
        class_list("govuk-inset-text", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK warning text (the "!" icon and a bold message).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "warning-text.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct WarningText {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// Read by screen readers instead of the icon; "Warning" when empty.
    pub icon_fallback_text: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl WarningText {
    fn class(&self) -> String {
        class_list("govuk-warning-text", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn fallback(&self) -> &str {
        nonempty(&self.icon_fallback_text).unwrap_or("Warning")
    }
}

/// GOV.UK details (a disclosure widget).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "details.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Details {
    pub summary_text: Option<String>,
    pub summary_html: Option<TrustedHtml>,
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub id: Option<String>,
    pub open: bool,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Details {
    fn class(&self) -> String {
        class_list("govuk-details", &[nonempty(&self.classes)])
    }
    fn summary(&self) -> Content<'_> {
        Content::new(&self.summary_text, &self.summary_html)
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK panel: the confirmation panel, or the interruption panel (with `actions`) when
/// `classes` contains `govuk-panel--interruption`.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "panel.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Panel {
    pub title_text: Option<String>,
    pub title_html: Option<TrustedHtml>,
    /// Heading level of the title, 1 when absent.
    pub heading_level: Option<u8>,
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
    pub attributes: Attributes,
    /// Buttons or links of an interruption panel.
    pub actions: Option<PanelActions>,
}

/// The actions of an interruption panel.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PanelActions {
    #[serde(deserialize_with = "crate::common::skip_falsy")]
    pub items: Vec<PanelAction>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

/// One action of an interruption panel: a link when it has an `href` (and `action_type` is not
/// `button`), else an inverse button.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PanelAction {
    pub text: String,
    pub href: Option<String>,
    #[serde(rename = "type")]
    pub action_type: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl PanelAction {
    fn as_button(&self) -> Option<Button> {
        let is_link =
            nonempty(&self.href).is_some() && self.action_type.as_deref() != Some("button");
        (!is_link).then(|| Button {
            text: Some(self.text.clone()),
            button_type: Some(nonempty(&self.action_type).unwrap_or("button").to_owned()),
            classes: Some(class_list(
                "govuk-button--inverse",
                &[nonempty(&self.classes)],
            )),
            href: self.href.clone(),
            attributes: self.attributes.clone(),
            ..Button::default()
        })
    }
    fn link_class(&self) -> String {
        class_list("govuk-link govuk-link--inverse", &[nonempty(&self.classes)])
    }
}

impl Panel {
    fn is_interruption(&self) -> bool {
        nonempty(&self.classes).is_some_and(|c| c.contains("govuk-panel--interruption"))
    }
    fn class(&self) -> String {
        let modifier = (!self.is_interruption()).then_some("govuk-panel--confirmation");
        class_list("govuk-panel", &[modifier, nonempty(&self.classes)])
    }
    fn level(&self) -> u8 {
        self.heading_level
            .filter(|l| (1..=6).contains(l))
            .unwrap_or(1)
    }
    fn title(&self) -> Content<'_> {
        Content::new(&self.title_text, &self.title_html)
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn shown_actions(&self) -> Option<&PanelActions> {
        self.actions.as_ref().filter(|_| self.is_interruption())
    }
}

impl PanelActions {
    fn class(&self) -> String {
        class_list("govuk-panel__actions", &[nonempty(&self.classes)])
    }
}

/// GOV.UK notification banner (`type: "success"` for the green one).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "notification-banner.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct NotificationBanner {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub title_text: Option<String>,
    pub title_html: Option<TrustedHtml>,
    pub title_heading_level: Option<u8>,
    pub title_id: Option<String>,
    #[serde(rename = "type")]
    pub banner_type: Option<String>,
    pub role: Option<String>,
    pub disable_auto_focus: Option<bool>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl NotificationBanner {
    fn is_success(&self) -> bool {
        self.banner_type.as_deref() == Some("success")
    }
    fn class(&self) -> String {
        let modifier = self
            .is_success()
            .then_some("govuk-notification-banner--success");
        class_list(
            "govuk-notification-banner",
            &[modifier, nonempty(&self.classes)],
        )
    }
    fn role_attr(&self) -> &str {
        match nonempty(&self.role) {
            Some(role) => role,
            None if self.is_success() => "alert",
            None => "region",
        }
    }
    fn title_id_attr(&self) -> &str {
        nonempty(&self.title_id).unwrap_or("govuk-notification-banner-title")
    }
    fn level(&self) -> u8 {
        self.title_heading_level
            .filter(|l| (1..=6).contains(l))
            .unwrap_or(2)
    }
    fn title(&self) -> Content<'_> {
        Content::new(&self.title_text, &self.title_html)
    }
    fn default_title(&self) -> &str {
        if self.is_success() {
            "Success"
        } else {
            "Important"
        }
    }
    fn has_html(&self) -> bool {
        self.html.as_ref().is_some_and(|h| !h.is_empty())
    }
}

/// GOV.UK back link.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "back-link.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct BackLink {
    /// "Back" when absent.
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// "#" when absent.
    pub href: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl BackLink {
    fn class(&self) -> String {
        class_list("govuk-back-link", &[nonempty(&self.classes)])
    }
    fn href_attr(&self) -> &str {
        nonempty(&self.href).unwrap_or("#")
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK skip link (put it first in `<body>`).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "skip-link.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SkipLink {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// "#content" when absent; imha's layout uses "#main-content".
    pub href: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl SkipLink {
    fn class(&self) -> String {
        class_list("govuk-skip-link", &[nonempty(&self.classes)])
    }
    fn href_attr(&self) -> &str {
        nonempty(&self.href).unwrap_or("#content")
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK phase banner ("Alpha", "Beta" tag and a line of text).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "phase-banner.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PhaseBanner {
    pub tag: Tag,
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl PhaseBanner {
    fn class(&self) -> String {
        class_list(
            "govuk-phase-banner govuk-width-container",
            &[nonempty(&self.classes)],
        )
    }
    fn banner_tag(&self) -> Tag {
        Tag {
            classes: Some(class_list(
                "govuk-phase-banner__content__tag",
                &[nonempty(&self.tag.classes)],
            )),
            attributes: Attributes::new(),
            ..self.tag.clone()
        }
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}
