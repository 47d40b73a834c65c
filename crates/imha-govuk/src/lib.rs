//! GOV.UK Design System components rendered with askama, checked against the `fixtures.json`
//! files govuk-frontend ships (see `tests/fixtures.rs`).
//!
//! Each component is a struct whose fields are the GOV.UK macro's parameters in snake case
//! (`errorMessage` is `error_message`, `type` is `input_type` / `button_type` / ...). Text
//! fields are always escaped; the `html` fields take a [`TrustedHtml`], written out as it is.
//! Every struct is `Deserialize` (with GOV.UK's camelCase names) so the tests can build it from
//! the fixtures' parameters.
//!
//! # Using a component in an imha-web template
//!
//! Put the component in a field of the page's template struct and write it with `{{ }}`.
//! Every component implements askama's `HtmlSafe`, so askama writes its markup without escaping
//! it a second time. Do not add `|safe` and do not call `.render()` first.
//!
//! ```
//! use askama::Template;
//! use imha_govuk::{Button, ErrorMessage, Input};
//!
//! #[derive(Template)]
//! #[template(
//!     source = "<form method=post>{{ name }}{{ save }}</form>",
//!     ext = "html"
//! )]
//! struct NamePage {
//!     name: Input,
//!     save: Button,
//! }
//!
//! let page = NamePage {
//!     name: Input {
//!         value: Some("O'Brien <script>".into()),
//!         error_message: Some(ErrorMessage::text("Enter a full name")),
//!         autocomplete: Some("name".into()),
//!         ..Input::new("full-name", "Full name")
//!     },
//!     save: Button { text: Some("Save".into()), ..Button::default() },
//! };
//! let html = page.render().unwrap();
//! assert!(html.contains(r#"value="O&#39;Brien &#60;script&#62;""#));
//! assert!(html.contains(r#"<label class="govuk-label" for="full-name">Full name</label>"#));
//! assert!(html.contains(r#"aria-describedby="full-name-error""#));
//! ```
//!
//! In a template file the same is `{{ name }}`; a list of components is
//! `{% for field in fields %}{{ field }}{% endfor %}`.

mod button;
mod choice;
mod common;
mod content;
mod data;
mod date_input;
mod error_summary;
mod form;

pub use button::Button;
pub use choice::{Checkboxes, ChoiceItem, Conditional, ItemLabel, Radios};
pub use common::{Attributes, TrustedHtml};
pub use content::{
    BackLink, Details, InsetText, NotificationBanner, Panel, PanelAction, PanelActions,
    PhaseBanner, SkipLink, Tag, WarningText,
};
pub use data::{
    CardTitle, SummaryAction, SummaryActions, SummaryCard, SummaryCell, SummaryList, SummaryRow,
    Table, TableCell,
};
pub use date_input::{DateInput, DateInputItem};
pub use error_summary::{ErrorLink, ErrorSummary};
pub use form::Fieldset;
pub use form::{
    Affix, ErrorMessage, Extra, FormGroup, Hint, Input, InputWrapper, Label, Legend, Select,
    SelectItem, Textarea,
};

/// Marks every component as producing HTML that askama must not escape again.
macro_rules! html_safe {
    ($($ty:ty),* $(,)?) => {$(
        impl askama::filters::HtmlSafe for $ty {}
    )*};
}

html_safe!(
    Button,
    Checkboxes,
    DateInput,
    ErrorSummary,
    SummaryList,
    Table,
    Radios,
    BackLink,
    Details,
    InsetText,
    NotificationBanner,
    Panel,
    PhaseBanner,
    SkipLink,
    Tag,
    WarningText,
    ErrorMessage,
    Fieldset,
    Hint,
    Input,
    Label,
    Legend,
    Select,
    Textarea,
);
