//! Form field components: label, hint, error message, fieldset (with legend), text input,
//! textarea and select, and the form group options they share.

use askama::Template;
use serde::Deserialize;

use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};

/// GOV.UK label. Renders nothing without text or html.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "label.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Label {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// The id of the field (components that own a field set this themselves).
    #[serde(rename = "for")]
    pub for_id: Option<String>,
    /// Wraps the label in `<h1 class="govuk-label-wrapper">`.
    pub is_page_heading: bool,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Label {
    /// A label with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn class(&self) -> String {
        class_list("govuk-label", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    pub(crate) fn for_field(&self, id: &str) -> Self {
        Self {
            for_id: Some(id.to_owned()),
            ..self.clone()
        }
    }
}

/// GOV.UK hint text.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "hint.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Hint {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// Components that own a field set this themselves (`<field id>-hint`).
    pub id: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Hint {
    /// A hint with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn class(&self) -> String {
        class_list("govuk-hint", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    pub(crate) fn with_id(&self, id: String, base_class: Option<&str>) -> Self {
        let classes = match base_class {
            Some(base) => Some(class_list(base, &[nonempty(&self.classes)])),
            None => self.classes.clone(),
        };
        Self {
            id: Some(id),
            classes,
            ..self.clone()
        }
    }
}

/// GOV.UK error message (a field's error, under its label and hint).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "error-message.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorMessage {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// Components that own a field set this themselves (`<field id>-error`).
    pub id: Option<String>,
    /// The hidden prefix read before the message: "Error" when `None`, nothing when empty.
    pub visually_hidden_text: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl ErrorMessage {
    /// An error message with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn class(&self) -> String {
        class_list("govuk-error-message", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn prefix(&self) -> &str {
        self.visually_hidden_text.as_deref().unwrap_or("Error")
    }
    pub(crate) fn with_id(&self, id: String) -> Self {
        Self {
            id: Some(id),
            ..self.clone()
        }
    }
}

/// The legend of a [`Fieldset`].
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "legend.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Legend {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// Puts the legend in `<h1 class="govuk-fieldset__heading">`.
    pub is_page_heading: bool,
    pub classes: Option<String>,
}

impl Legend {
    /// A legend with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn class(&self) -> String {
        class_list("govuk-fieldset__legend", &[nonempty(&self.classes)])
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// GOV.UK fieldset. On its own it wraps `html`; radios, checkboxes and date inputs take one as
/// their `fieldset` option and put their fields inside.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "fieldset.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Fieldset {
    pub legend: Option<Legend>,
    pub described_by: Option<String>,
    pub role: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Fieldset {
    pub(crate) fn class(&self) -> String {
        class_list("govuk-fieldset", &[nonempty(&self.classes)])
    }
    fn own_described_by(&self) -> String {
        self.described_by.clone().unwrap_or_default()
    }
}

/// Text or markup put before or after a field, inside its form group.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Extra {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
}

impl Extra {
    pub(crate) fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// Options for the `govuk-form-group` wrapper of a field. `before_input` / `after_input` apply
/// to input, textarea and select; `before_inputs` / `after_inputs` to radios, checkboxes and
/// date inputs.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct FormGroup {
    pub classes: Option<String>,
    pub attributes: Attributes,
    pub before_input: Option<Extra>,
    pub after_input: Option<Extra>,
    pub before_inputs: Option<Extra>,
    pub after_inputs: Option<Extra>,
}

pub(crate) fn form_group_class(form_group: &Option<FormGroup>, has_error: bool) -> String {
    let error = has_error.then_some("govuk-form-group--error");
    let extra = form_group.as_ref().and_then(|g| nonempty(&g.classes));
    class_list("govuk-form-group", &[error, extra])
}

/// Appends `id` to a space-separated `aria-describedby` list.
pub(crate) fn push_id(list: &mut String, id: &str) {
    if !list.is_empty() {
        list.push(' ');
    }
    list.push_str(id);
}

/// A prefix or suffix of a text input (for example "£" or "kg").
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Affix {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Affix {
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// Options for the wrapper GOV.UK puts around an input with a prefix or suffix.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct InputWrapper {
    pub classes: Option<String>,
    pub attributes: Attributes,
}

/// GOV.UK text input, with its label, hint and error message, in a form group.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "input.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Input {
    /// Defaults to `name`.
    pub id: Option<String>,
    pub name: String,
    /// `text` when absent.
    #[serde(rename = "type")]
    pub input_type: Option<String>,
    pub inputmode: Option<String>,
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub value: Option<String>,
    pub disabled: bool,
    /// Ids of other elements that describe the field (the hint and error are added for you).
    pub described_by: Option<String>,
    pub label: Label,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub prefix: Option<Affix>,
    pub suffix: Option<Affix>,
    pub form_group: Option<FormGroup>,
    pub input_wrapper: Option<InputWrapper>,
    pub classes: Option<String>,
    pub autocomplete: Option<String>,
    pub pattern: Option<String>,
    pub spellcheck: Option<bool>,
    pub autocapitalize: Option<String>,
    pub attributes: Attributes,
}

impl Input {
    /// A text input called `name` with a plain-text label.
    pub fn new(name: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: Label::text(label),
            ..Self::default()
        }
    }
    fn field_id(&self) -> &str {
        nonempty(&self.id).unwrap_or(&self.name)
    }
    fn class(&self) -> String {
        let error = self.error_message.is_some().then_some("govuk-input--error");
        class_list("govuk-input", &[nonempty(&self.classes), error])
    }
    fn group_class(&self) -> String {
        form_group_class(&self.form_group, self.error_message.is_some())
    }
    fn field_label(&self) -> Label {
        self.label.for_field(self.field_id())
    }
    fn field_hint(&self) -> Option<Hint> {
        self.hint
            .as_ref()
            .map(|h| h.with_id(format!("{}-hint", self.field_id()), None))
    }
    fn field_error(&self) -> Option<ErrorMessage> {
        self.error_message
            .as_ref()
            .map(|e| e.with_id(format!("{}-error", self.field_id())))
    }
    fn aria_described_by(&self) -> String {
        let mut list = nonempty(&self.described_by).unwrap_or_default().to_owned();
        if self.hint.is_some() {
            push_id(&mut list, &format!("{}-hint", self.field_id()));
        }
        if self.error_message.is_some() {
            push_id(&mut list, &format!("{}-error", self.field_id()));
        }
        list
    }
    fn type_attr(&self) -> &str {
        nonempty(&self.input_type).unwrap_or("text")
    }
    fn present_affix(affix: &Option<Affix>) -> Option<&Affix> {
        affix.as_ref().filter(|a| a.content().is_present())
    }
    fn prefix_item(&self) -> Option<&Affix> {
        Self::present_affix(&self.prefix)
    }
    fn suffix_item(&self) -> Option<&Affix> {
        Self::present_affix(&self.suffix)
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group
            .as_ref()?
            .before_input
            .as_ref()
            .filter(|e| e.content().is_present())
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group
            .as_ref()?
            .after_input
            .as_ref()
            .filter(|e| e.content().is_present())
    }
    fn has_wrapper(&self) -> bool {
        self.prefix_item().is_some()
            || self.suffix_item().is_some()
            || self.before().is_some()
            || self.after().is_some()
    }
    fn wrapper_class(&self) -> String {
        let extra = self
            .input_wrapper
            .as_ref()
            .and_then(|w| nonempty(&w.classes));
        class_list("govuk-input__wrapper", &[extra])
    }
    fn wrapper_attributes(&self) -> Attributes {
        self.input_wrapper
            .as_ref()
            .map(|w| w.attributes.clone())
            .unwrap_or_default()
    }
    fn affix_class(kind: &str, affix: &Affix) -> String {
        class_list(&format!("govuk-input__{kind}"), &[nonempty(&affix.classes)])
    }
    fn group_attributes(&self) -> Attributes {
        self.form_group
            .as_ref()
            .map(|g| g.attributes.clone())
            .unwrap_or_default()
    }
}

/// GOV.UK textarea, with its label, hint and error message, in a form group.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "textarea.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Textarea {
    /// Defaults to `name`.
    pub id: Option<String>,
    pub name: String,
    /// 5 when absent.
    pub rows: Option<u32>,
    pub value: Option<String>,
    pub disabled: bool,
    pub described_by: Option<String>,
    pub label: Label,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub form_group: Option<FormGroup>,
    pub classes: Option<String>,
    pub autocomplete: Option<String>,
    pub spellcheck: Option<bool>,
    pub attributes: Attributes,
}

impl Textarea {
    /// A textarea called `name` with a plain-text label.
    pub fn new(name: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: Label::text(label),
            ..Self::default()
        }
    }
    fn field_id(&self) -> &str {
        nonempty(&self.id).unwrap_or(&self.name)
    }
    fn class(&self) -> String {
        let error = self
            .error_message
            .is_some()
            .then_some("govuk-textarea--error");
        class_list("govuk-textarea", &[error, nonempty(&self.classes)])
    }
    fn group_class(&self) -> String {
        form_group_class(&self.form_group, self.error_message.is_some())
    }
    fn field_label(&self) -> Label {
        self.label.for_field(self.field_id())
    }
    fn field_hint(&self) -> Option<Hint> {
        self.hint
            .as_ref()
            .map(|h| h.with_id(format!("{}-hint", self.field_id()), None))
    }
    fn field_error(&self) -> Option<ErrorMessage> {
        self.error_message
            .as_ref()
            .map(|e| e.with_id(format!("{}-error", self.field_id())))
    }
    fn aria_described_by(&self) -> String {
        let mut list = nonempty(&self.described_by).unwrap_or_default().to_owned();
        if self.hint.is_some() {
            push_id(&mut list, &format!("{}-hint", self.field_id()));
        }
        if self.error_message.is_some() {
            push_id(&mut list, &format!("{}-error", self.field_id()));
        }
        list
    }
    fn rows_attr(&self) -> u32 {
        self.rows.filter(|r| *r > 0).unwrap_or(5)
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.before_input.as_ref()
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.after_input.as_ref()
    }
    fn group_attributes(&self) -> Attributes {
        self.form_group
            .as_ref()
            .map(|g| g.attributes.clone())
            .unwrap_or_default()
    }
}

/// GOV.UK select, with its label, hint and error message, in a form group.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "select.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Select {
    /// Defaults to `name`.
    pub id: Option<String>,
    pub name: String,
    #[serde(deserialize_with = "crate::common::skip_falsy")]
    pub items: Vec<SelectItem>,
    /// Selects the item with this value (unless an item says `selected: false`).
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub value: Option<String>,
    pub disabled: bool,
    pub described_by: Option<String>,
    pub label: Label,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub form_group: Option<FormGroup>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

/// One `<option>` of a [`Select`].
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SelectItem {
    /// Without a value the browser submits the text.
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub value: Option<String>,
    pub text: String,
    pub selected: Option<bool>,
    pub disabled: bool,
    pub attributes: Attributes,
}

impl Select {
    /// A select called `name` with a plain-text label.
    pub fn new(name: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: Label::text(label),
            ..Self::default()
        }
    }
    fn field_id(&self) -> &str {
        nonempty(&self.id).unwrap_or(&self.name)
    }
    fn class(&self) -> String {
        let error = self
            .error_message
            .is_some()
            .then_some("govuk-select--error");
        class_list("govuk-select", &[nonempty(&self.classes), error])
    }
    fn group_class(&self) -> String {
        form_group_class(&self.form_group, self.error_message.is_some())
    }
    fn field_label(&self) -> Label {
        self.label.for_field(self.field_id())
    }
    fn field_hint(&self) -> Option<Hint> {
        self.hint
            .as_ref()
            .map(|h| h.with_id(format!("{}-hint", self.field_id()), None))
    }
    fn field_error(&self) -> Option<ErrorMessage> {
        self.error_message
            .as_ref()
            .map(|e| e.with_id(format!("{}-error", self.field_id())))
    }
    fn aria_described_by(&self) -> String {
        let mut list = nonempty(&self.described_by).unwrap_or_default().to_owned();
        if self.hint.is_some() {
            push_id(&mut list, &format!("{}-hint", self.field_id()));
        }
        if self.error_message.is_some() {
            push_id(&mut list, &format!("{}-error", self.field_id()));
        }
        list
    }
    fn is_selected(&self, item: &SelectItem) -> bool {
        if item.selected == Some(true) {
            return true;
        }
        let effective = item.value.as_deref().unwrap_or(&item.text);
        match nonempty(&self.value) {
            Some(value) => effective == value && item.selected != Some(false),
            None => false,
        }
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.before_input.as_ref()
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.after_input.as_ref()
    }
    fn group_attributes(&self) -> Attributes {
        self.form_group
            .as_ref()
            .map(|g| g.attributes.clone())
            .unwrap_or_default()
    }
}
