//! Reading `i18n/<code>.yaml`, the UI strings of each language, into one `I18n` in which every
//! language has every key of the default language.

use super::{I18N_DIR, I18n, Language, SiteConfig};
use crate::diagnostics::{Diagnostics, Location};
use crate::yaml::{self, OrderedMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One language's file as read, kept for the line numbers of its keys.
struct StringsFile {
    /// Relative to the site root, as problems are reported.
    relative: PathBuf,
    text: String,
    map: OrderedMap<String>,
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
    let default_strings: BTreeMap<String, String> = files
        .get(default)
        .map(|file| file.map.0.iter().cloned().collect())
        .unwrap_or_default();
    let mut strings = BTreeMap::new();
    for language in &config.languages {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        if let Some(file) = files.get(&language.code) {
            map.extend(file.map.0.iter().cloned());
            if language.code != *default {
                let default_read = files.contains_key(default);
                compare_with_default(file, &default_strings, default, default_read, diagnostics);
            }
        }
        for (key, text) in &default_strings {
            map.entry(key.clone()).or_insert_with(|| text.clone());
        }
        strings.insert(language.code.clone(), map);
    }
    check_purpose_texts(
        config,
        &default_strings,
        files.contains_key(default),
        diagnostics,
    );
    I18n {
        strings,
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
    match yaml::parse::<OrderedMap<String>>(&text) {
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
                format!("{}; each line must be `key: text`", err.message),
            );
            None
        }
    }
}

/// Warns about keys a translation lacks and, when the default language's file could be read,
/// about keys it has that the default language does not (usually a typo).
fn compare_with_default(
    file: &StringsFile,
    default_strings: &BTreeMap<String, String>,
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

/// A consent purpose that `site.yaml` does not title should be titled and described by UI
/// strings: the CNIL expects both for every purpose, in the reader's language. A warning rather
/// than an error, so that a site upgraded without them still builds (showing the key instead).
fn check_purpose_texts(
    config: &SiteConfig,
    default_strings: &BTreeMap<String, String>,
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
