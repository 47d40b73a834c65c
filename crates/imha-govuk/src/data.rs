//! Components that show data: the summary list (optionally as a summary card) and the table.

use askama::Template;
use serde::Deserialize;

use crate::common::{Attributes, Content, TrustedHtml, class_list, nonempty};

/// Text or markup with optional classes: a key or value of a summary list row.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryCell {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    pub classes: Option<String>,
}

impl SummaryCell {
    /// A cell with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
}

/// A link such as "Change" in a summary list row or card.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryAction {
    pub href: String,
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// Completes the link text for screen readers, for example "name" in "Change name".
    pub visually_hidden_text: Option<String>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl SummaryAction {
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn class(&self) -> String {
        class_list("govuk-link", &[nonempty(&self.classes)])
    }
    fn hidden(&self) -> Option<&str> {
        nonempty(&self.visually_hidden_text)
    }
}

/// The actions of a summary list row or card.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryActions {
    pub items: Vec<SummaryAction>,
    pub classes: Option<String>,
}

/// One row of a [`SummaryList`].
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryRow {
    pub key: SummaryCell,
    pub value: SummaryCell,
    pub actions: Option<SummaryActions>,
    pub classes: Option<String>,
}

impl SummaryRow {
    /// A row with plain-text key and value.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: SummaryCell::text(key),
            value: SummaryCell::text(value),
            ..Self::default()
        }
    }
    fn action_items(&self) -> &[SummaryAction] {
        self.actions
            .as_ref()
            .map(|a| a.items.as_slice())
            .unwrap_or_default()
    }
    fn actions_class(&self) -> String {
        let extra = self.actions.as_ref().and_then(|a| nonempty(&a.classes));
        class_list("govuk-summary-list__actions", &[extra])
    }
}

/// The title of a summary card.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CardTitle {
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// 2 when absent.
    pub heading_level: Option<u8>,
    pub classes: Option<String>,
}

impl CardTitle {
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn level(&self) -> u8 {
        self.heading_level
            .filter(|l| (1..=6).contains(l))
            .unwrap_or(2)
    }
    fn class(&self) -> String {
        class_list("govuk-summary-card__title", &[nonempty(&self.classes)])
    }
}

/// Puts a [`SummaryList`] in a summary card with a title and actions.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryCard {
    pub title: Option<CardTitle>,
    pub actions: Option<SummaryActions>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl SummaryCard {
    fn class(&self) -> String {
        class_list("govuk-summary-card", &[nonempty(&self.classes)])
    }
    fn action_items(&self) -> &[SummaryAction] {
        self.actions
            .as_ref()
            .map(|a| a.items.as_slice())
            .unwrap_or_default()
    }
    fn actions_class(&self) -> String {
        let extra = self.actions.as_ref().and_then(|a| nonempty(&a.classes));
        class_list("govuk-summary-card__actions", &[extra])
    }
}

/// GOV.UK summary list (`<dl>`), optionally inside a summary card.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "summary-list.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SummaryList {
    #[serde(deserialize_with = "crate::common::skip_falsy")]
    pub rows: Vec<SummaryRow>,
    pub card: Option<SummaryCard>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl SummaryList {
    fn class(&self) -> String {
        class_list("govuk-summary-list", &[nonempty(&self.classes)])
    }
    fn row_class(&self, row: &SummaryRow) -> String {
        let any_actions = self.rows.iter().any(|r| !r.action_items().is_empty());
        let no_actions = (any_actions && row.action_items().is_empty())
            .then_some("govuk-summary-list__row--no-actions");
        class_list(
            "govuk-summary-list__row",
            &[no_actions, nonempty(&row.classes)],
        )
    }
    fn card_title(&self) -> Option<&CardTitle> {
        self.card.as_ref()?.title.as_ref()
    }
}

/// One cell of a [`Table`].
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct TableCell {
    #[serde(deserialize_with = "crate::common::string_or_number")]
    pub text: Option<String>,
    pub html: Option<TrustedHtml>,
    /// `numeric` right-aligns the cell.
    pub format: Option<String>,
    pub colspan: Option<u32>,
    pub rowspan: Option<u32>,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl TableCell {
    /// A cell with plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            ..Self::default()
        }
    }
    /// A right-aligned number.
    pub fn numeric(text: impl Into<String>) -> Self {
        Self {
            text: Some(text.into()),
            format: Some("numeric".into()),
            ..Self::default()
        }
    }
    fn content(&self) -> Content<'_> {
        Content::new(&self.text, &self.html)
    }
    fn class(&self, base: &str) -> String {
        let format = nonempty(&self.format).map(|f| format!("{base}--{f}"));
        class_list(base, &[format.as_deref(), nonempty(&self.classes)])
    }
    fn row_header_class(&self) -> String {
        class_list("govuk-table__header", &[nonempty(&self.classes)])
    }
}

/// GOV.UK table.
#[derive(Template, Deserialize, Clone, Debug, Default)]
#[template(path = "table.html")]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Table {
    pub caption: Option<String>,
    pub caption_classes: Option<String>,
    pub head: Option<Vec<TableCell>>,
    #[serde(deserialize_with = "crate::common::skip_falsy")]
    pub rows: Vec<Vec<TableCell>>,
    /// Makes the first cell of each row a row header (`<th scope="row">`).
    pub first_cell_is_header: bool,
    pub classes: Option<String>,
    pub attributes: Attributes,
}

impl Table {
    fn class(&self) -> String {
        class_list("govuk-table", &[nonempty(&self.classes)])
    }
    fn caption_class(&self) -> String {
        class_list("govuk-table__caption", &[nonempty(&self.caption_classes)])
    }
    fn head_cells(&self) -> Option<&[TableCell]> {
        self.head.as_deref().filter(|h| !h.is_empty())
    }
}
