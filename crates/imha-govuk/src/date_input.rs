//! The GOV.UK date input: day, month and year text inputs in a (usually) fieldset.

use std::collections::BTreeMap;

use askama::Template;
use serde::{Deserialize, Deserializer};

use crate::common::{Attributes, class_list, nonempty};
use crate::form::{
    ErrorMessage, Extra, Fieldset, FormGroup, Hint, Input, Label, form_group_class, push_id,
};

/// One of the inputs of a [`DateInput`].
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DateInputItem {
    /// Defaults to `<date input id>-<name>`.
    pub id: Option<String>,
    /// `day`, `month` or `year` for the standard parts.
    pub name: Option<String>,
    /// Defaults to the capitalised name.
    pub label: Option<String>,
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub value: Option<String>,
    /// `numeric` when absent.
    pub inputmode: Option<String>,
    pub autocomplete: Option<String>,
    pub pattern: Option<String>,
    /// Marks this input as the one in error (else all are, when there is an error message).
    pub error: Option<bool>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl DateInputItem {
    fn has_class(&self, needle: &str) -> bool {
        nonempty(&self.classes).is_some_and(|c| c.contains(needle))
    }
    fn has_error(&self) -> bool {
        self.error == Some(true) || self.has_class("govuk-input--error")
    }
}

/// GOV.UK date input. With no `items` it shows day, month and year (customised by `day`,
/// `month`, `year`, filled from `values`, keyed by the input names).
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "date-input.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DateInput {
    pub id: String,
    /// Input names become `<prefix>-day`, ...
    pub name_prefix: Option<String>,
    pub items: Vec<DateInputItem>,
    /// Values by input name (including the prefix), or by `day`, `month`, `year`.
    #[serde(deserialize_with = "string_btree")]
    pub values: BTreeMap<String, String>,
    pub day: Option<DateInputItem>,
    pub month: Option<DateInputItem>,
    pub year: Option<DateInputItem>,
    pub fieldset: Option<Fieldset>,
    pub hint: Option<Hint>,
    pub error_message: Option<ErrorMessage>,
    pub form_group: Option<FormGroup>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

fn string_btree<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(crate::common::string_map(d)?.into_iter().collect())
}

const PARTS: [(&str, &str, u8); 3] = [
    ("day", "govuk-input--width-2", 2),
    ("month", "govuk-input--width-2", 2),
    ("year", "govuk-input--width-4", 4),
];

impl DateInput {
    fn part(&self, index: usize) -> DateInputItem {
        let given = match index {
            0 => &self.day,
            1 => &self.month,
            _ => &self.year,
        };
        given.clone().unwrap_or_else(|| {
            let (name, classes, _) = PARTS.get(index).copied().unwrap_or(PARTS[0]);
            DateInputItem {
                name: Some(name.to_owned()),
                value: self.values.get(name).cloned(),
                classes: Some(classes.to_owned()),
                ..DateInputItem::default()
            }
        })
    }

    /// The text inputs, built as GOV.UK's template builds them.
    fn inputs(&self) -> Vec<Input> {
        let parts: Vec<DateInputItem> = (0..3).map(|i| self.part(i)).collect();
        let (items, defaults) = if self.items.is_empty() {
            (parts.clone(), true)
        } else {
            (self.items.clone(), false)
        };
        let any_item_has_error = items.iter().any(DateInputItem::has_error);
        let prefix = nonempty(&self.name_prefix)
            .map(|p| format!("{p}-"))
            .unwrap_or_default();
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let mut name = item.name.clone().unwrap_or_default();
                let mut value = item.value.clone();
                let mut width = 2;
                let matched = PARTS.iter().zip(&parts).position(|((std, _, _), part)| {
                    (defaults && index < 3 && PARTS.get(index).map(|p| p.0) == Some(std))
                        || nonempty(&item.name)
                            .is_some_and(|n| n == *std || part.name.as_deref() == Some(n))
                });
                if let Some(i) = matched {
                    let (std, _, w) = PARTS.get(i).copied().unwrap_or(PARTS[0]);
                    let part = parts.get(i);
                    name = nonempty(&item.name).unwrap_or(std).to_owned();
                    value = item
                        .value
                        .clone()
                        .or_else(|| part.and_then(|p| p.value.clone()));
                    width = w;
                }
                let mut classes = String::new();
                if !item.has_class("govuk-input--error")
                    && (item.has_error()
                        || (item.error != Some(false)
                            && self.error_message.is_some()
                            && !any_item_has_error))
                {
                    classes = class_list(&classes, &[Some("govuk-input--error")]);
                }
                if !item.has_class("govuk-input--width-") {
                    let w = format!("govuk-input--width-{width}");
                    classes = class_list(&classes, &[Some(&w)]);
                }
                classes = class_list(&classes, &[nonempty(&item.classes)]);
                let full_name = format!("{prefix}{name}");
                Input {
                    label: Label {
                        text: Some(
                            nonempty(&item.label).map_or_else(|| capitalize(&name), str::to_owned),
                        ),
                        classes: Some("govuk-date-input__label".to_owned()),
                        ..Label::default()
                    },
                    id: Some(
                        nonempty(&item.id)
                            .map_or_else(|| format!("{}-{name}", self.id), str::to_owned),
                    ),
                    classes: Some(class_list("govuk-date-input__input", &[Some(&classes)])),
                    value: value.or_else(|| self.values.get(&full_name).cloned()),
                    name: full_name,
                    input_type: Some("text".to_owned()),
                    inputmode: Some(nonempty(&item.inputmode).unwrap_or("numeric").to_owned()),
                    autocomplete: nonempty(&item.autocomplete).map(str::to_owned),
                    pattern: nonempty(&item.pattern).map(str::to_owned),
                    attributes: item.attributes.clone(),
                    ..Input::default()
                }
            })
            .collect()
    }

    fn class(&self) -> String {
        class_list("govuk-date-input", &[nonempty(&self.classes)])
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
    fn group_hint(&self) -> Option<Hint> {
        self.hint
            .as_ref()
            .map(|h| h.with_id(format!("{}-hint", self.id), None))
    }
    fn group_error(&self) -> Option<ErrorMessage> {
        self.error_message
            .as_ref()
            .map(|e| e.with_id(format!("{}-error", self.id)))
    }
    fn fieldset_described_by(&self) -> String {
        let mut list = self
            .fieldset
            .as_ref()
            .and_then(|f| nonempty(&f.described_by))
            .unwrap_or_default()
            .to_owned();
        if self.hint.is_some() {
            push_id(&mut list, &format!("{}-hint", self.id));
        }
        if self.error_message.is_some() {
            push_id(&mut list, &format!("{}-error", self.id));
        }
        list
    }
    fn before(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.before_inputs.as_ref()
    }
    fn after(&self) -> Option<&Extra> {
        self.form_group.as_ref()?.after_inputs.as_ref()
    }
}

/// Nunjucks' `capitalize`: first letter upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
