//! Radios and checkboxes: a list of items (with hints, dividers and conditional reveals) in a
//! form group, usually inside a fieldset.

use askama::Template;
use serde::Deserialize;

use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};
use crate::form::{
    ErrorMessage, Extra, Fieldset, FormGroup, Hint, Label, form_group_class, push_id,
};

/// Label options of a radio or checkbox item (its text is the item's `text` / `html`).
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ItemLabel {
    pub classes: Option<String>,
    pub attributes: Attributes,
}

/// Markup revealed under a radio or checkbox item while it is checked.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Conditional {
    /// Nothing is revealed when empty (fixtures also write `false`).
    #[serde(deserialize_with = "crate::common::html_or_false")]
    pub html: TrustedHtml,
}

/// One item of [`Radios`] or [`Checkboxes`]: an option, or a divider (such as "or") when
/// `divider` is set.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ChoiceItem {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// The first item's id is the id prefix, later ones get `-2`, `-3`, ... unless set here.
    pub id: Option<String>,
    /// Checkboxes only: a name other than the group's.
    pub name: Option<String>,
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub value: Option<String>,
    pub label: Option<ItemLabel>,
    pub hint: Option<Hint>,
    pub divider: Option<String>,
    /// Overrides the group's `value` / `values`.
    pub checked: Option<bool>,
    pub conditional: Option<Conditional>,
    /// Checkboxes only: `exclusive` for a "None of these" item.
    pub behaviour: Option<String>,
    pub disabled: bool,
    pub attributes: Attributes,
}

impl ChoiceItem {
    fn divider_text(&self) -> Option<&str> {
        nonempty(&self.divider)
    }
    fn has_hint(&self) -> bool {
        self.hint
            .as_ref()
            .is_some_and(|h| Content::new(&h.text, &h.html).is_present())
    }
    fn reveal(&self) -> Option<&TrustedHtml> {
        self.conditional
            .as_ref()
            .map(|c| &c.html)
            .filter(|h| !h.is_empty())
    }
    fn item_label(&self, kind: &str, id: &str) -> Label {
        let label = self.label.clone().unwrap_or_default();
        Label {
            text: self.text.clone(),
            html: self.html.clone(),
            classes: Some(class_list(
                &format!("govuk-{kind}__label"),
                &[nonempty(&label.classes)],
            )),
            attributes: label.attributes,
            for_id: Some(id.to_owned()),
            is_page_heading: false,
        }
    }
    fn item_hint(&self, kind: &str, id: &str) -> Option<Hint> {
        let base = format!("govuk-{kind}__hint");
        self.hint
            .as_ref()
            .map(|h| h.with_id(format!("{id}-item-hint"), Some(&base)))
    }
}

/// Shared by radios and checkboxes: ids, hint, error and fieldset.
trait Choices {
    fn name(&self) -> &str;
    fn id_prefix_opt(&self) -> &Option<String>;
    fn hint(&self) -> &Option<Hint>;
    fn error_message(&self) -> &Option<ErrorMessage>;

    fn id_prefix(&self) -> &str {
        nonempty(self.id_prefix_opt()).unwrap_or(self.name())
    }
    fn item_id(&self, item: &ChoiceItem, index: &usize) -> String {
        let index = *index;
        match nonempty(&item.id) {
            Some(id) => id.to_owned(),
            None if index > 1 => format!("{}-{index}", self.id_prefix()),
            None => self.id_prefix().to_owned(),
        }
    }
    fn group_hint(&self) -> Option<Hint> {
        self.hint()
            .as_ref()
            .map(|h| h.with_id(format!("{}-hint", self.id_prefix()), None))
    }
    fn group_error(&self) -> Option<ErrorMessage> {
        self.error_message()
            .as_ref()
            .map(|e| e.with_id(format!("{}-error", self.id_prefix())))
    }
    /// `base` plus the hint and error ids.
    fn described_by_with(&self, base: &str) -> String {
        let mut list = base.to_owned();
        if self.hint().is_some() {
            push_id(&mut list, &format!("{}-hint", self.id_prefix()));
        }
        if self.error_message().is_some() {
            push_id(&mut list, &format!("{}-error", self.id_prefix()));
        }
        list
    }
}

/// GOV.UK radios.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "radios.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Radios {
    pub name: String,
    /// Prefix of the item ids; defaults to `name`.
    pub id_prefix: Option<String>,
    pub items: Vec<ChoiceItem>,
    /// Checks the item with this value.
    pub value: Option<String>,
    pub fieldset: Option<Fieldset>,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub form_group: Option<FormGroup>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Choices for Radios {
    fn name(&self) -> &str {
        &self.name
    }
    fn id_prefix_opt(&self) -> &Option<String> {
        &self.id_prefix
    }
    fn hint(&self) -> &Option<Hint> {
        &self.hint
    }
    fn error_message(&self) -> &Option<ErrorMessage> {
        &self.error_message
    }
}

impl Radios {
    fn kind(&self) -> &'static str {
        "radios"
    }
    fn class(&self) -> String {
        class_list("govuk-radios", &[nonempty(&self.classes)])
    }
    fn group_class(&self) -> String {
        form_group_class(&self.form_group, self.error_message.is_some())
    }
    fn group_attributes(&self) -> Attributes {
        self.form_group
            .as_ref()
            .map(|g| g.attributes.clone())
            .unwrap_or_default()
    }
    fn fieldset_described_by(&self) -> String {
        let base = self
            .fieldset
            .as_ref()
            .and_then(|f| nonempty(&f.described_by))
            .unwrap_or_default();
        self.described_by_with(base)
    }
    fn is_checked(&self, item: &ChoiceItem) -> bool {
        if item.checked == Some(true) {
            return true;
        }
        match nonempty(&self.value) {
            Some(value) => item.value.as_deref() == Some(value) && item.checked != Some(false),
            None => false,
        }
    }
    fn item_described_by(&self, item: &ChoiceItem, id: &str) -> String {
        if item.has_hint() {
            format!("{id}-item-hint")
        } else {
            String::new()
        }
    }
    fn item_name<'a>(&'a self, _item: &'a ChoiceItem) -> &'a str {
        &self.name
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.before_inputs.as_ref()
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.after_inputs.as_ref()
    }
}

/// GOV.UK checkboxes.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "checkboxes.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Checkboxes {
    pub name: String,
    /// Prefix of the item ids; defaults to `name`.
    pub id_prefix: Option<String>,
    pub items: Vec<ChoiceItem>,
    /// Checks the items with these values.
    #[serde(deserialize_with = "crate::common::strings")]
    pub values: Vec<String>,
    pub described_by: Option<String>,
    pub fieldset: Option<Fieldset>,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub form_group: Option<FormGroup>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Choices for Checkboxes {
    fn name(&self) -> &str {
        &self.name
    }
    fn id_prefix_opt(&self) -> &Option<String> {
        &self.id_prefix
    }
    fn hint(&self) -> &Option<Hint> {
        &self.hint
    }
    fn error_message(&self) -> &Option<ErrorMessage> {
        &self.error_message
    }
}

impl Checkboxes {
    fn kind(&self) -> &'static str {
        "checkboxes"
    }
    fn class(&self) -> String {
        class_list("govuk-checkboxes", &[nonempty(&self.classes)])
    }
    fn group_class(&self) -> String {
        form_group_class(&self.form_group, self.error_message.is_some())
    }
    fn group_attributes(&self) -> Attributes {
        self.form_group
            .as_ref()
            .map(|g| g.attributes.clone())
            .unwrap_or_default()
    }
    fn base_described_by(&self) -> &str {
        self.fieldset
            .as_ref()
            .and_then(|f| nonempty(&f.described_by))
            .or(nonempty(&self.described_by))
            .unwrap_or_default()
    }
    fn fieldset_described_by(&self) -> String {
        self.described_by_with(self.base_described_by())
    }
    fn is_checked(&self, item: &ChoiceItem) -> bool {
        if item.checked == Some(true) {
            return true;
        }
        !self.values.is_empty()
            && item.value.as_ref().is_some_and(|v| self.values.contains(v))
            && item.checked != Some(false)
    }
    fn item_described_by(&self, item: &ChoiceItem, id: &str) -> String {
        // Without a fieldset each checkbox carries the group's description itself.
        let mut list = if self.fieldset.is_none() {
            self.fieldset_described_by()
        } else {
            String::new()
        };
        if item.has_hint() {
            push_id(&mut list, &format!("{id}-item-hint"));
        }
        list
    }
    fn item_name<'a>(&'a self, item: &'a ChoiceItem) -> &'a str {
        nonempty(&item.name).unwrap_or(&self.name)
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.before_inputs.as_ref()
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.after_inputs.as_ref()
    }
}
