//! The one place that parses YAML (`site.yaml`, `i18n/`, front-matter).
//!
//! It turns serde_yaml's errors into a line and column within the file, and offers the few helpers
//! the stages need to point at a key after the value has been deserialised.

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;

mod guard;

/// A YAML error with its 1-based position in the parsed text, where serde_yaml knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Parses `text` into `T`. An empty document is read as an empty mapping, so optional-only
/// structures accept an empty file.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    if let Err(refusal) = guard::check(text) {
        return Err(YamlError {
            message: refusal.message,
            line: Some(refusal.line),
            column: Some(refusal.column),
        });
    }
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        let mut error = YamlError {
            message: clean_message(&err.to_string()),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
        };
        point_at_the_fault(text, &mut error);
        error
    })
}

/// serde_yaml reports a repeated key at the start of its mapping, and a tab without saying that
/// tabs are the trouble: point at the repeated key, and say to indent with spaces.
fn point_at_the_fault(text: &str, error: &mut YamlError) {
    let line_text = |line: usize| text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if let Some(key) = error
        .message
        .strip_prefix("duplicate key '")
        .and_then(|rest| rest.strip_suffix('\''))
        && let Some(repeat) = repeated_key_line(text, key, error.line.unwrap_or(1))
    {
        error.line = Some(repeat);
        error.column = Some(line_text(repeat).len() - line_text(repeat).trim_start().len() + 1);
        error.message = format!(
            "{}; it was given before, so remove one of them",
            error.message
        );
        return;
    }
    let indented_with_tab = |line: usize| {
        let text = line_text(line);
        text[..text.len() - text.trim_start().len()].contains('\t')
    };
    if let Some(line) = error.line
        && (indented_with_tab(line) || (line > 1 && indented_with_tab(line - 1)))
        && !error.message.contains("indent with spaces")
    {
        let at = if indented_with_tab(line) {
            line
        } else {
            line - 1
        };
        error.line = Some(at);
        error.column = Some(1);
        error.message = format!(
            "{}; this line is indented with a tab: indent with spaces",
            error.message
        );
    }
}

/// The line of the second `key:` at the indentation of the first one found from `from` on.
fn repeated_key_line(text: &str, key: &str, from: usize) -> Option<usize> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let is_key = |line: &str| {
        let rest = line.trim_start();
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                rest.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    };
    let mut keys = text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .filter(|(_, line)| is_key(line));
    let (_, first) = keys.next()?;
    let level = indent(first);
    keys.find(|(_, line)| indent(line) == level)
        .map(|(index, _)| index + 1)
}

/// serde_yaml appends " at line L column C" to its messages; the position is reported separately.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(index) => &message[..index],
        None => message,
    };
    let hint = if message.starts_with("recursion limit exceeded") {
        "; it nests too deeply (more than 128 levels)"
    } else if message.starts_with("repetition limit exceeded") {
        "; its aliases (*name) expand to too much data"
    } else if message.contains("mapping values are not allowed") {
        "; a value that contains ': ' (a headline such as 'Budget: the vote') must be in quotes"
    } else if message.starts_with("unknown field") {
        return did_you_mean(message);
    } else if message.contains("cannot start any token") {
        "; indent with spaces, not tabs, and quote values that start with @, ` or %"
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        "; check the indentation of this line and the one before, and close any quotes"
    } else {
        ""
    };
    format!("{}{hint}", message.replace("`", "'"))
}

/// serde's "unknown field `pagesize`, expected one of `title`, `page_size`" with the nearest
/// known field suggested.
fn did_you_mean(message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let hint = match quoted.split_first() {
        Some((unknown, known)) => crate::diagnostics::nearest(unknown, known)
            .map(|k| format!("; did you mean '{k}'?"))
            .unwrap_or_default(),
        None => String::new(),
    };
    format!("{}{hint}", message.replace('`', "'"))
}

/// The 1-based line of a top-level `key:` in a YAML mapping, for errors found after parsing.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let unquoted = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| line.strip_prefix(&format!("'{key}'")));
            unquoted.is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|index| index + 1)
}

/// A YAML mapping that keeps the order of its keys, for lists that are written as maps
/// (`categories:` is in menu order). A repeated key is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = OrderedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                // A set beside the list: a front-matter of a million keys must not take 10^12 steps.
                let mut seen = std::collections::HashSet::new();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!("duplicate key '{key}'")));
                    }
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// Text that is either one string for every language or a map from language code to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    Same(String),
    PerLanguage(OrderedMap<String>),
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocalizedVisitor;

        impl<'de> Visitor<'de> for LocalizedVisitor {
            type Value = Localized;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a map from language code to string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Localized, E> {
                Ok(Localized::Same(value.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Localized, A::Error> {
                let inner =
                    OrderedMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Localized::PerLanguage(inner))
            }
        }

        deserializer.deserialize_any(LocalizedVisitor)
    }
}

/// `extra:` must be a mapping with text keys (templates read `article.extra.location`).
pub fn extra_fields(value: &Value) -> Result<serde_json::Value, String> {
    if !value.is_mapping() {
        return Err(
            "'extra' must be a mapping of your own fields, such as\nextra:\n  location: Jakarta"
                .to_string(),
        );
    }
    serde_json::to_value(value).map_err(|err| {
        format!("'extra' cannot be given to the templates ({err}); use text keys and plain values")
    })
}

/// Any YAML value, for fields whose shape is checked by hand (unknown front-matter fields).
pub type Value = serde_yaml::Value;
