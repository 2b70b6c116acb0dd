//! Reading `i18n/<code>.yaml`, the UI strings of each language, into one `I18n` in which every
//! language has every key of the default language. A string is a text, or a map of CLDR plural
//! forms (`one: "{n} story"`, `other: "{n} stories"`) for the templates' `t(key=..., count=n)`.

use super::{I18N_DIR, I18n, Language, SiteConfig};
use crate::cldr::PLURAL_CATEGORIES;
use crate::diagnostics::{Diagnostics, Location};
use crate::yaml::{self, OrderedMap};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One value of a UI strings file.
#[derive(Debug, Clone)]
enum UiValue {
    Text(String),
    /// Plural forms by CLDR category, in the file's order.
    Forms(OrderedMap<String>),
}

impl UiValue {
    /// What `t` without a count shows: the text, or the `other` form.
    fn text(&self) -> String {
        match self {
            UiValue::Text(text) => text.clone(),
            UiValue::Forms(forms) => forms
                .0
                .iter()
                .find(|(category, _)| category == "other")
                .or(forms.0.first())
                .map(|(_, text)| text.clone())
                .unwrap_or_default(),
        }
    }
}

// By hand rather than `untagged`, so that a wrong value keeps serde_yaml's line and a message
// that says what is allowed.
impl<'de> Deserialize<'de> for UiValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UiValueVisitor;

        impl<'de> Visitor<'de> for UiValueVisitor {
            type Value = UiValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map of plural forms (one: ..., other: ...)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<UiValue, E> {
                Ok(UiValue::Text(text.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<UiValue, E> {
                Ok(UiValue::Text(value.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<UiValue, E> {
                Ok(UiValue::Text(value.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<UiValue, E> {
                Ok(UiValue::Text(value.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<UiValue, E> {
                Ok(UiValue::Text(value.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<UiValue, A::Error> {
                let forms: OrderedMap<String> =
                    Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(UiValue::Forms(forms))
            }
        }

        deserializer.deserialize_any(UiValueVisitor)
    }
}

/// One language's file as read, kept for the line numbers of its keys.
struct StringsFile {
    /// Relative to the site root, as problems are reported.
    relative: PathBuf,
    text: String,
    map: OrderedMap<UiValue>,
}

/// Reads `i18n/<code>.yaml` for every language. A key missing in a language takes the default
/// language's text, with a warning naming the key.
pub fn load_i18n(root: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> I18n {
    let files: BTreeMap<String, StringsFile> = config
        .languages
        .iter()
        .filter_map(|language| {
            let file = read_file(root, language, config, diagnostics)?;
            Some((language.code.clone(), file))
        })
        .collect();
    warn_about_undeclared_i18n_files(root, config, diagnostics);

    let default = &config.default_language;
    let default_values: BTreeMap<String, UiValue> = files
        .get(default)
        .map(|file| file.map.0.iter().cloned().collect())
        .unwrap_or_default();
    check_purpose_texts(
        config,
        &default_values,
        files.contains_key(default),
        diagnostics,
    );
    let mut strings = BTreeMap::new();
    let mut plurals = BTreeMap::new();
    let mut missing = BTreeMap::new();
    let mut missing_forms = BTreeMap::new();
    for language in &config.languages {
        let mut values: BTreeMap<String, UiValue> = BTreeMap::new();
        let lacks: Vec<String> = default_values
            .keys()
            .filter(|key| {
                files
                    .get(&language.code)
                    .is_none_or(|file| !file.map.0.iter().any(|(k, _)| k == *key))
            })
            .cloned()
            .collect();
        missing.insert(language.code.clone(), lacks);
        if let Some(file) = files.get(&language.code) {
            let forms = check_plural_forms(file, language, diagnostics);
            missing_forms.insert(language.code.clone(), forms);
            values.extend(file.map.0.iter().cloned());
            if language.code != *default {
                let default_read = files.contains_key(default);
                compare_with_default(file, &default_values, default, default_read, diagnostics);
            }
        }
        for (key, value) in &default_values {
            values.entry(key.clone()).or_insert_with(|| value.clone());
        }
        let texts = values.iter().map(|(k, v)| (k.clone(), v.text())).collect();
        let forms = values
            .into_iter()
            .filter_map(|(key, value)| match value {
                UiValue::Forms(forms) => Some((key, forms.0.into_iter().collect())),
                UiValue::Text(_) => None,
            })
            .collect();
        strings.insert(language.code.clone(), texts);
        plurals.insert(language.code.clone(), forms);
    }
    I18n {
        strings,
        plurals,
        missing,
        missing_forms,
        rules: config
            .languages
            .iter()
            .map(|l| (l.code.clone(), Arc::clone(&l.cldr)))
            .collect(),
        default_language: default.clone(),
        source: Path::new(I18N_DIR).join(format!("{default}.yaml")),
    }
}

/// A language's file, or `None` with the problem reported: an error for the default language,
/// whose strings every other language falls back to, a warning for the others.
fn read_file(
    root: &Path,
    language: &Language,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<StringsFile> {
    let relative = Path::new(I18N_DIR).join(format!("{}.yaml", language.code));
    let text = match std::fs::read_to_string(root.join(&relative)) {
        Ok(text) => text,
        Err(err) => {
            let message = format!(
                "cannot read the UI strings of '{}' ({err}); create this file with the keys of the templates",
                language.code
            );
            if language.code == config.default_language {
                diagnostics.error(Location::file(&relative), message);
            } else {
                diagnostics.warning(
                    Location::file(&relative),
                    format!("{message}; using the default language's strings meanwhile"),
                );
            }
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    match yaml::parse::<OrderedMap<UiValue>>(&text) {
        Ok(map) => Some(StringsFile {
            relative,
            text,
            map,
        }),
        Err(err) => {
            diagnostics.error(
                Location {
                    path: relative,
                    line: err.line,
                    column: err.column,
                },
                format!(
                    "{}; each line must be `key: text`, or `key:` with plural forms below it (`one: ...`, `other: ...`)",
                    err.message
                ),
            );
            None
        }
    }
}

/// Warns about keys a translation lacks and, when the default language's file could be read,
/// A consent purpose that `site.yaml` does not title should be titled and described by UI
/// strings: the CNIL expects both for every purpose, in the reader's language. A warning rather
/// than an error, so that a site upgraded without them still builds (showing the key instead).
fn check_purpose_texts(
    config: &SiteConfig,
    default_strings: &BTreeMap<String, UiValue>,
    default_read: bool,
    diagnostics: &mut Diagnostics,
) {
    if !default_read {
        return;
    }
    let file = Path::new(I18N_DIR).join(format!("{}.yaml", config.default_language));
    for purpose in &config.consent.purposes {
        let needed = [
            (purpose.titles.is_none(), purpose.title_key(), "title"),
            (
                purpose.descriptions.is_none(),
                purpose.description_key(),
                "description",
            ),
        ];
        for (needed, key, field) in needed {
            if needed && !default_strings.contains_key(&key) {
                diagnostics.warning(
                    Location::file(&file),
                    format!(
                        "the consent purpose '{}' has no {field}: add the UI string '{key}' here, or `{field}:` to its entry under consent.categories in site.yaml",
                        purpose.key
                    ),
                );
            }
        }
    }
}

/// about keys it has that the default language does not (usually a typo).
fn compare_with_default(
    file: &StringsFile,
    default_strings: &BTreeMap<String, UiValue>,
    default: &str,
    default_read: bool,
    diagnostics: &mut Diagnostics,
) {
    let has = |key: &str| file.map.0.iter().any(|(k, _)| k == key);
    for key in default_strings.keys().filter(|k| !has(k)) {
        diagnostics.warning(
            Location::file(&file.relative),
            format!("UI string '{key}' is missing; using the '{default}' text"),
        );
    }
    for (key, _) in &file.map.0 {
        if !default_strings.contains_key(key) && default_read {
            diagnostics.warning(
                Location::line(&file.relative, yaml::key_line(&file.text, key)),
                format!(
                    "UI string '{key}' is not in the default language's file i18n/{default}.yaml"
                ),
            );
        }
    }
}

/// A plural form that is no CLDR category is an error; a form the language's rules use but the
/// file lacks is a warning (the `other` form is shown instead).
/// Returns the forms each key lacks.
fn check_plural_forms(
    file: &StringsFile,
    language: &Language,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<String>)> {
    let needed = language.cldr.plural_categories();
    let mut lacking = Vec::new();
    for (key, value) in &file.map.0 {
        let UiValue::Forms(forms) = value else {
            continue;
        };
        let at = Location::line(&file.relative, yaml::key_line(&file.text, key));
        for (category, _) in &forms.0 {
            if !PLURAL_CATEGORIES.contains(&category.as_str()) {
                diagnostics.error(
                    at.clone(),
                    format!(
                        "UI string '{key}' has a plural form '{category}'; the forms are {}",
                        PLURAL_CATEGORIES.join(", ")
                    ),
                );
            }
        }
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|category| !forms.0.iter().any(|(c, _)| c == category))
            .collect();
        if !missing.is_empty() {
            lacking.push((key.clone(), missing.iter().map(|c| c.to_string()).collect()));
            diagnostics.warning(
                at,
                format!(
                    "UI string '{key}' lacks the plural form{} {} that '{}' uses ({}); add {}",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                    language.code,
                    needed.join(", "),
                    if missing.len() > 1 { "them" } else { "it" },
                ),
            );
        }
    }
    lacking
}

fn warn_about_undeclared_i18n_files(
    root: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) {
    let Ok(entries) = std::fs::read_dir(root.join(I18N_DIR)) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        if let Some(code) = name.strip_suffix(".yaml")
            && config.language(code).is_none()
        {
            diagnostics.warning(
                Location::file(Path::new(I18N_DIR).join(&name)),
                format!("'{code}' is not a language in site.yaml; this file is not used"),
            );
        }
    }
}
