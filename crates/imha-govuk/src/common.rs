//! Shared building blocks of the components: trusted markup, extra attributes, escaping, and
//! the lenient deserialisers that read govuk-frontend's fixture parameters.

use std::fmt::{self, Display, Formatter, Write};

use askama::filters::HtmlSafe;
use serde::{Deserialize, Deserializer};

/// Markup that is written out as it is, never escaped: the `html` parameters of GOV.UK
/// components.
///
/// Only build one from markup your own code produced (for example another component or an
/// askama template, see [`TrustedHtml::render`]), never from user input: that is what the
/// `text` parameters are for, and they are always escaped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// Wraps markup that the caller vouches for.
    pub fn new(markup: impl Into<String>) -> Self {
        Self(markup.into())
    }

    /// Renders an askama template (for example another component) into trusted markup.
    ///
    /// # Errors
    /// Whatever the template's rendering returns.
    pub fn render(template: &impl askama::Template) -> askama::Result<Self> {
        template.render().map(Self)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl Display for TrustedHtml {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.trim())
    }
}

impl HtmlSafe for TrustedHtml {}

/// Writes `s` with the five HTML-significant characters escaped.
pub(crate) fn escape_into(f: &mut impl Write, s: &str) -> fmt::Result {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&#38;",
            '<' => "&#60;",
            '>' => "&#62;",
            '"' => "&#34;",
            '\'' => "&#39;",
            _ => continue,
        };
        f.write_str(&s[last..i])?;
        f.write_str(rep)?;
        last = i + c.len_utf8();
    }
    f.write_str(&s[last..])
}

/// The `text` / `html` pair most components take: the markup if there is any, else the escaped
/// text, else nothing.
pub(crate) struct Content<'a> {
    text: Option<&'a str>,
    html: Option<&'a TrustedHtml>,
}

impl<'a> Content<'a> {
    pub(crate) fn new(text: &'a Option<String>, html: &'a Option<TrustedHtml>) -> Self {
        Self {
            text: text.as_deref().filter(|t| !t.is_empty()),
            html: html.as_ref().filter(|h| !h.is_empty()),
        }
    }

    /// Whether there is anything to show (GOV.UK's `params.html or params.text`).
    pub(crate) fn is_present(&self) -> bool {
        self.text.is_some() || self.html.is_some()
    }
}

impl Display for Content<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.html, self.text) {
            (Some(html), _) => html.fmt(f),
            (None, Some(text)) => escape_into(f, text),
            (None, None) => Ok(()),
        }
    }
}

impl HtmlSafe for Content<'_> {}

/// Extra HTML attributes for a component's main element (GOV.UK's `attributes`), written in
/// the order they were added. Names are written as given (use only static, valid names);
/// values are escaped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(String, Option<String>)>);

impl Attributes {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name="value"`.
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.push((name.into(), Some(value.into())));
        self
    }

    /// Adds a boolean attribute (`name` with no value), for example `hidden`.
    #[must_use]
    pub fn with_flag(mut self, name: impl Into<String>) -> Self {
        self.0.push((name.into(), None));
        self
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Display for Attributes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.0 {
            // A name can only come from code, but never let one break out of the tag.
            let name: String = name
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '/' | '='))
                .collect();
            if name.is_empty() {
                continue;
            }
            write!(f, " {name}")?;
            if let Some(value) = value {
                f.write_str("=\"")?;
                escape_into(f, value)?;
                f.write_str("\"")?;
            }
        }
        Ok(())
    }
}

impl HtmlSafe for Attributes {}

impl<'de> Deserialize<'de> for Attributes {
    /// Reads GOV.UK's attribute maps: values are strings, numbers, booleans, or
    /// `{ "value": ..., "optional": bool }` objects (see govuk-frontend's `govukAttributes`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Value {
            Scalar(Scalar),
            Object {
                value: Option<Scalar>,
                #[serde(default)]
                optional: bool,
            },
        }
        let map = serde_json_like_map::<D, Value>(deserializer)?;
        let mut out = Vec::new();
        for (name, value) in map {
            match value {
                Value::Scalar(s) => out.push((name, Some(s.into_attr_string()))),
                Value::Object { value, optional } => match (value, optional) {
                    (None | Some(Scalar::Null), true) | (Some(Scalar::Bool(false)), true) => {}
                    (Some(Scalar::Bool(true)), true) => out.push((name, None)),
                    (None, false) => out.push((name, Some(String::new()))),
                    (Some(s), _) => out.push((name, Some(s.into_attr_string()))),
                },
            }
        }
        Ok(Self(out))
    }
}

/// Reads a map in document order.
fn serde_json_like_map<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<(String, V)>, D::Error> {
    struct Visitor<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
        type Value = Vec<(String, V)>;
        fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
            f.write_str("a map of attributes")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<String, V>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor(std::marker::PhantomData))
}

/// A JSON scalar as GOV.UK's templates print it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    fn into_attr_string(self) -> String {
        match self {
            Scalar::Null => String::new(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Str(s) => s,
        }
    }
}

/// Deserialises a string that fixtures sometimes give as a number.
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(
        Option::<Scalar>::deserialize(deserializer)?.and_then(|v| match v {
            Scalar::Null => None,
            other => Some(other.into_attr_string()),
        }),
    )
}

/// Deserialises a map of strings that fixtures sometimes give as numbers.
pub(crate) fn string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, String)>, D::Error> {
    Ok(serde_json_like_map::<D, Scalar>(deserializer)?
        .into_iter()
        .map(|(k, v)| (k, v.into_attr_string()))
        .collect())
}

/// Deserialises a list, dropping the `null` / `false` / `""` entries GOV.UK's templates skip.
pub(crate) fn skip_falsy<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    use serde::de::Error;
    use serde_json::Value;
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    items
        .into_iter()
        .filter(|v| !matches!(v, Value::Null | Value::Bool(false)) && v.as_str() != Some(""))
        .map(|v| T::deserialize(v).map_err(D::Error::custom))
        .collect()
}

/// `base` followed by each non-empty extra class.
pub(crate) fn class_list(base: &str, extras: &[Option<&str>]) -> String {
    let mut out = String::from(base);
    for extra in extras.iter().flatten() {
        let extra = extra.trim();
        if !extra.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(extra);
        }
    }
    out
}

/// An `Option<String>` that GOV.UK's templates treat as absent when empty.
pub(crate) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// Deserialises a list of strings that fixtures sometimes give as numbers.
pub(crate) fn strings<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<Scalar>>::deserialize(deserializer)?
        .unwrap_or_default()
        .into_iter()
        .map(Scalar::into_attr_string)
        .collect())
}

/// Deserialises markup that fixtures sometimes give as `false` (meaning none).
pub(crate) fn html_or_false<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<TrustedHtml, D::Error> {
    Ok(match Option::<Scalar>::deserialize(deserializer)? {
        Some(Scalar::Str(s)) => TrustedHtml(s),
        _ => TrustedHtml::default(),
    })
}
