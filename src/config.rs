//! `site.yaml` and `i18n/` into typed, validated settings.
//!
//! Raw structs mirror the files (unknown keys are refused by serde); `load` then checks what serde
//! cannot (known languages, time zones, date formats, URLs) and resolves per-language fallbacks, so
//! later stages never have to.

use crate::diagnostics::{Diagnostics, Location};
use crate::yaml::{self, Localized, OrderedMap};
use chrono::format::{Item, StrftimeItems};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SITE_FILE: &str = "site.yaml";
pub const I18N_DIR: &str = "i18n";
/// Category keys that would clash with other URLs of a language.
pub const RESERVED_CATEGORY_KEYS: [&str; 4] = ["pages", "page", "tags", "archive"];
const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ConsentMode {
    #[serde(rename = "opt-in")]
    OptIn,
    #[serde(rename = "notice")]
    Notice,
}

impl ConsentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentMode::OptIn => "opt-in",
            ConsentMode::Notice => "notice",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: Localized,
    base_url: String,
    default_language: String,
    timezone: String,
    languages: Vec<RawLanguage>,
    categories: OrderedMap<OrderedMap<String>>,
    #[serde(default = "default_page_size")]
    page_size: usize,
    #[serde(default = "default_editor_picks")]
    editor_picks: usize,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    consent: RawConsent,
    #[serde(default = "default_max_file_size_mb")]
    max_file_size_mb: u64,
}

fn default_page_size() -> usize {
    20
}
fn default_editor_picks() -> usize {
    5
}
fn default_max_file_size_mb() -> u64 {
    16
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    #[serde(default = "default_direction")]
    dir: Direction,
    date_format: Option<String>,
    timezone: Option<String>,
    locale: Option<String>,
}

fn default_direction() -> Direction {
    Direction::Ltr
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsent {
    #[serde(default = "default_consent_mode")]
    mode: ConsentMode,
    policy_url: Option<Localized>,
    #[serde(default = "default_cookie_name")]
    cookie_name: String,
    #[serde(default = "default_max_age_days")]
    max_age_days: u32,
    #[serde(default = "default_revision")]
    revision: u32,
}

impl Default for RawConsent {
    fn default() -> Self {
        RawConsent {
            mode: default_consent_mode(),
            policy_url: None,
            cookie_name: default_cookie_name(),
            max_age_days: default_max_age_days(),
            revision: default_revision(),
        }
    }
}

fn default_consent_mode() -> ConsentMode {
    ConsentMode::OptIn
}
fn default_cookie_name() -> String {
    "newsroom_consent".to_string()
}
fn default_max_age_days() -> u32 {
    180
}
fn default_revision() -> u32 {
    1
}

/// One language of the site, with everything resolved.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Direction,
    pub date_format: String,
    /// How times are shown in this language.
    pub timezone: Tz,
    pub title: String,
    /// For `og:locale`: `en_US`, `ko_KR`; from `locale` in site.yaml or guessed from the code.
    pub locale: String,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub key: String,
    /// Label per language code; every language has one (missing ones fall back).
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Consent {
    pub mode: ConsentMode,
    /// Policy URL per language code, as written (a site path or an absolute URL); may be absent.
    pub policy_urls: BTreeMap<String, String>,
    pub cookie_name: String,
    pub max_age_days: u32,
    pub revision: u32,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Always ends in `/`.
    pub base_url: String,
    pub default_language: String,
    /// How `written` times without an offset are read.
    pub timezone: Tz,
    pub languages: Vec<Language>,
    pub categories: Vec<Category>,
    pub page_size: usize,
    pub editor_picks: usize,
    pub raw_html: bool,
    pub consent: Consent,
    pub max_file_size: u64,
}

impl SiteConfig {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The path part of `base_url` (`/` or `/news/`), which every site URL starts with.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// Replaces `base_url`, as `--base-url` does.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, String> {
        self.base_url = normalize_base_url(base_url)?;
        Ok(self)
    }
}

/// The UI strings of every language, with missing keys already filled from the default language.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    pub default_language: String,
    /// Where each key is written in the default language's file, for error messages.
    pub source: PathBuf,
}

impl I18n {
    pub fn get(&self, language: &str, key: &str) -> Option<&str> {
        self.strings
            .get(language)
            .and_then(|map| map.get(key))
            .map(String::as_str)
    }
}

pub fn site_file_location(line: Option<usize>, column: Option<usize>) -> Location {
    Location {
        path: PathBuf::from(SITE_FILE),
        line,
        column: column.or(line.map(|_| 1)),
    }
}

/// Reads and checks `site.yaml`. Returns `None` when it cannot be used at all; every problem is in
/// `diagnostics`.
pub fn load_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
    let path = root.join(SITE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            diagnostics.error(
                Location::file(SITE_FILE),
                format!(
                    "cannot read the site settings ({err}); is --root the site folder? It must hold site.yaml"
                ),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let raw: RawSite = match yaml::parse(text) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.error(site_file_location(err.line, err.column), err.message);
            return None;
        }
    };
    let at = |key: &str| site_file_location(yaml::key_line(text, key), None);
    let errors_before = diagnostics.error_count();

    let base_url = normalize_base_url(&raw.base_url).unwrap_or_else(|message| {
        diagnostics.error(at("base_url"), message);
        String::new()
    });
    let timezone = parse_timezone(&raw.timezone).unwrap_or_else(|message| {
        diagnostics.error(at("timezone"), message);
        Tz::UTC
    });

    let mut languages: Vec<Language> = Vec::new();
    for raw_language in &raw.languages {
        let code = raw_language.code.as_str();
        if !is_language_code(code) {
            diagnostics.error(
                at("languages"),
                format!(
                    "'{code}' is not a language code; use a code such as 'en', 'id' or 'pt-br'"
                ),
            );
            continue;
        }
        if languages.iter().any(|l| l.code == code) {
            diagnostics.error(
                at("languages"),
                format!("language '{code}' is listed twice"),
            );
            continue;
        }
        let date_format = raw_language
            .date_format
            .clone()
            .unwrap_or_else(|| DEFAULT_DATE_FORMAT.to_string());
        if !is_valid_date_format(&date_format) {
            diagnostics.error(
                at("languages"),
                format!("the date_format '{date_format}' of language '{code}' is not a valid strftime format"),
            );
        }
        let language_timezone = match &raw_language.timezone {
            None => timezone,
            Some(name) => parse_timezone(name).unwrap_or_else(|message| {
                diagnostics.error(at("languages"), format!("language '{code}': {message}"));
                timezone
            }),
        };
        languages.push(Language {
            code: code.to_string(),
            name: raw_language.name.clone(),
            dir: raw_language.dir,
            date_format,
            timezone: language_timezone,
            title: String::new(),
            locale: raw_language
                .locale
                .clone()
                .unwrap_or_else(|| default_locale(code)),
        });
    }
    if languages.is_empty() && raw.languages.is_empty() {
        diagnostics.error(
            at("languages"),
            "no languages are declared; list at least one",
        );
    }
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    let default_language = raw.default_language.clone();
    if !codes.contains(&default_language) {
        diagnostics.error(
            at("default_language"),
            format!(
                "default_language '{default_language}' is not among the languages ({})",
                codes.join(", ")
            ),
        );
    }

    let titles = resolve_localized(
        &raw.title,
        &codes,
        &default_language,
        "title",
        diagnostics,
        &at,
    );
    for language in &mut languages {
        language.title = titles.get(&language.code).cloned().unwrap_or_default();
    }

    let mut categories = Vec::new();
    for (key, labels) in &raw.categories.0 {
        if !is_category_key(key) {
            diagnostics.error(
                at("categories"),
                format!("category key '{key}' must be lower-case ASCII letters, digits and '-'"),
            );
            continue;
        }
        if RESERVED_CATEGORY_KEYS.contains(&key.as_str()) {
            diagnostics.error(
                at("categories"),
                format!("'{key}' is reserved for other pages and cannot be a category key; choose another"),
            );
            continue;
        }
        let labels = resolve_localized(
            &Localized::PerLanguage(labels.clone()),
            &codes,
            &default_language,
            &format!("categories.{key}"),
            diagnostics,
            &at,
        );
        categories.push(Category {
            key: key.clone(),
            labels,
        });
    }
    if raw.page_size == 0 {
        diagnostics.error(at("page_size"), "page_size must be at least 1");
    }
    if raw.max_file_size_mb == 0 {
        diagnostics.error(
            at("max_file_size_mb"),
            "max_file_size_mb must be at least 1",
        );
    }
    if !is_cookie_name(&raw.consent.cookie_name) {
        diagnostics.error(
            at("consent"),
            format!(
                "consent.cookie_name '{}' may hold only ASCII letters, digits, '-' and '_'",
                raw.consent.cookie_name
            ),
        );
    }
    let policy_urls = match &raw.consent.policy_url {
        None => BTreeMap::new(),
        Some(localized) => resolve_localized(
            localized,
            &codes,
            &default_language,
            "consent.policy_url",
            diagnostics,
            &at,
        ),
    };

    if diagnostics.error_count() > errors_before {
        return None;
    }
    Some(SiteConfig {
        base_url,
        default_language,
        timezone,
        languages,
        categories,
        page_size: raw.page_size,
        editor_picks: raw.editor_picks,
        raw_html: raw.markdown.raw_html,
        consent: Consent {
            mode: raw.consent.mode,
            policy_urls,
            cookie_name: raw.consent.cookie_name,
            max_age_days: raw.consent.max_age_days,
            revision: raw.consent.revision,
        },
        max_file_size: raw.max_file_size_mb.saturating_mul(1024 * 1024),
    })
}

/// One text per language: a single string serves all; a map must use declared codes, and a
/// language it leaves out takes the default language's text, with a warning.
fn resolve_localized(
    value: &Localized,
    codes: &[String],
    default_language: &str,
    what: &str,
    diagnostics: &mut Diagnostics,
    at: &dyn Fn(&str) -> Location,
) -> BTreeMap<String, String> {
    let top_key = what.split('.').next().unwrap_or(what);
    match value {
        Localized::Same(text) => codes.iter().map(|c| (c.clone(), text.clone())).collect(),
        Localized::PerLanguage(map) => {
            for (code, _) in &map.0 {
                if !codes.contains(code) {
                    diagnostics.error(
                        at(top_key),
                        format!("{what} has a text for '{code}', which is not a declared language"),
                    );
                }
            }
            let lookup = |code: &str| {
                map.0
                    .iter()
                    .find(|(c, _)| c == code)
                    .map(|(_, t)| t.clone())
            };
            let fallback = lookup(default_language);
            let mut resolved = BTreeMap::new();
            for code in codes {
                let text = match lookup(code) {
                    Some(text) => text,
                    None => {
                        if let Some(fallback) = &fallback {
                            diagnostics.warning(
                                at(top_key),
                                format!("{what} has no text for '{code}'; using the '{default_language}' text"),
                            );
                            fallback.clone()
                        } else {
                            diagnostics.error(
                                at(top_key),
                                format!("{what} has no text for '{code}' nor for the default language '{default_language}'"),
                            );
                            String::new()
                        }
                    }
                };
                resolved.insert(code.clone(), text);
            }
            resolved
        }
    }
}

/// Reads `i18n/<code>.yaml` for every language. A key missing in a language takes the default
/// language's text, with a warning naming the key.
pub fn load_i18n(root: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> I18n {
    let mut per_language: BTreeMap<String, (PathBuf, String, OrderedMap<String>)> = BTreeMap::new();
    for language in &config.languages {
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
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        match yaml::parse::<OrderedMap<String>>(&text) {
            Ok(map) => {
                per_language.insert(language.code.clone(), (relative, text, map));
            }
            Err(err) => diagnostics.error(
                Location {
                    path: relative,
                    line: err.line,
                    column: err.column,
                },
                format!("{}; each line must be `key: text`", err.message),
            ),
        }
    }
    warn_about_undeclared_i18n_files(root, config, diagnostics);

    let default = &config.default_language;
    let default_map: BTreeMap<String, String> = per_language
        .get(default)
        .map(|(_, _, map)| map.0.iter().cloned().collect())
        .unwrap_or_default();
    let mut strings = BTreeMap::new();
    for language in &config.languages {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        if let Some((relative, text, own)) = per_language.get(&language.code) {
            map.extend(own.0.iter().cloned());
            if language.code != *default {
                for key in default_map.keys().filter(|k| !map.contains_key(*k)) {
                    diagnostics.warning(
                        Location::file(relative),
                        format!("UI string '{key}' is missing; using the '{default}' text"),
                    );
                }
                for (key, _) in &own.0 {
                    if !default_map.contains_key(key) && per_language.contains_key(default) {
                        diagnostics.warning(
                            Location::line(relative, yaml::key_line(text, key)),
                            format!("UI string '{key}' is not in the default language's file i18n/{default}.yaml"),
                        );
                    }
                }
            }
        }
        for (key, text) in &default_map {
            map.entry(key.clone()).or_insert_with(|| text.clone());
        }
        strings.insert(language.code.clone(), map);
    }
    I18n {
        strings,
        default_language: default.clone(),
        source: Path::new(I18N_DIR).join(format!("{default}.yaml")),
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

/// The usual territory of a language for `og:locale`; a code with a region (`pt-br`) keeps it.
fn default_locale(code: &str) -> String {
    if let Some((language, region)) = code.split_once('-') {
        return format!("{language}_{}", region.to_ascii_uppercase());
    }
    let region = match code {
        "en" => "US",
        "ko" => "KR",
        "id" => "ID",
        "ar" => "AR",
        "ja" => "JP",
        "zh" => "CN",
        "vi" => "VN",
        "es" => "ES",
        "fr" => "FR",
        "de" => "DE",
        "ru" => "RU",
        other => return other.to_string(),
    };
    format!("{code}_{region}")
}

fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.contains(char::is_whitespace)
                && !url.contains(['?', '#', '@', '\\']) =>
        {
            Ok(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        }
        _ => Err(format!(
            "base_url '{url}' must be an absolute http(s) URL such as https://news.example.org/ or https://example.org/news/, without a query, fragment or user name"
        )),
    }
}

fn parse_timezone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!("'{name}' is not an IANA time zone name; use one such as 'Asia/Seoul' or 'UTC'")
    })
}

fn is_valid_date_format(format: &str) -> bool {
    StrftimeItems::new(format).all(|item| !matches!(item, Item::Error))
}

pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_category_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('-')
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
