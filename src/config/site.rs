//! Reading `site.yaml` into a `SiteConfig`: parse it, check each section, and resolve the values
//! that may differ per language, reporting every problem at the line of its top-level key.

use super::consent::consent;
use super::raw::{RawAuthor, RawDates, RawLanguage, RawSite, RawSlugs};
use super::validate::{
    default_locale, is_category_key, is_language_code, is_valid_date_format, normalize_base_url,
    parse_timezone,
};
use super::{
    Author, Category, Language, PhotoSettings, RESERVED_CATEGORY_KEYS, SITE_FILE, SiteConfig,
};
use crate::cldr::{Cldr, DateLength, DateStyle};
use crate::diagnostics::{Diagnostics, Location};
use crate::yaml::{self, Localized, OrderedMap};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn site_file_location(line: Option<usize>, column: Option<usize>) -> Location {
    Location {
        path: PathBuf::from(SITE_FILE),
        line,
        column: column.or(line.map(|_| 1)),
    }
}

/// Reads and checks `site.yaml`. Returns `None` when it cannot be used at all; every problem is in
/// `diagnostics`.
pub fn load_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
    let static_dir = root.join("static");
    let text = read(root, diagnostics)?;
    let raw: RawSite = match yaml::parse(&text) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.error(site_file_location(err.line, err.column), err.message);
            return None;
        }
    };
    let errors_before = diagnostics.error_count();
    let mut checks = Checks {
        text: &text,
        diagnostics,
    };
    let config = resolve(raw, &static_dir, &mut checks);
    (diagnostics.error_count() == errors_before).then_some(config)
}

/// The text of `site.yaml`, without a byte-order mark.
fn read(root: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    match std::fs::read_to_string(root.join(SITE_FILE)) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()),
        Err(err) => {
            diagnostics.error(
                Location::file(SITE_FILE),
                format!(
                    "cannot read the site settings ({err}); is --root the site folder? It must hold site.yaml"
                ),
            );
            None
        }
    }
}

/// Reports problems of `site.yaml` at the line of the top-level key they concern (the position of
/// a nested value is lost once serde has read it).
pub(super) struct Checks<'a> {
    text: &'a str,
    diagnostics: &'a mut Diagnostics,
}

impl Checks<'_> {
    fn at(&self, key: &str) -> Location {
        site_file_location(yaml::key_line(self.text, key), None)
    }

    pub(super) fn error(&mut self, key: &str, message: impl Into<String>) {
        let at = self.at(key);
        self.diagnostics.error(at, message);
    }

    /// At `line` where known, else at the top-level `key`.
    pub(super) fn error_at(&mut self, line: Option<usize>, key: &str, message: impl Into<String>) {
        let at = match line {
            Some(line) => site_file_location(Some(line), None),
            None => self.at(key),
        };
        self.diagnostics.error(at, message);
    }

    /// The line of the `index`th (0-based) item of the list `key.name` (`menus.footer`).
    pub(super) fn item_line(&self, key: &str, name: &str, index: usize) -> Option<usize> {
        let from = yaml::key_line(self.text, key)?;
        let indent = |line: &str| line.len() - line.trim_start().len();
        let mut lines = self.text.lines().enumerate().skip(from);
        let (_, list_line) = lines.find(|(_, line)| {
            let rest = line.trim_start();
            rest.strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })?;
        let list_indent = indent(list_line);
        let mut item_indent = None;
        let mut items = lines
            .take_while(|(_, line)| {
                let rest = line.trim_start();
                rest.is_empty()
                    || rest.starts_with('#')
                    || indent(line) > list_indent
                    || (rest.starts_with('-') && indent(line) == list_indent)
            })
            .filter(|(_, line)| {
                let rest = line.trim_start();
                let is_item = rest == "-" || rest.starts_with("- ");
                let at = indent(line);
                is_item && *item_indent.get_or_insert(at) == at
            });
        items.nth(index).map(|(number, _)| number + 1)
    }

    pub(super) fn warning(&mut self, key: &str, message: impl Into<String>) {
        let at = self.at(key);
        self.diagnostics.warning(at, message);
    }
}

/// Checks every section, in the order of the file, and builds the settings from what is usable;
/// the caller discards them if an error was reported.
fn resolve(raw: RawSite, static_dir: &Path, checks: &mut Checks) -> SiteConfig {
    let base_url = normalize_base_url(&raw.base_url).unwrap_or_else(|message| {
        checks.error("base_url", message);
        String::new()
    });
    let timezone = parse_timezone(&raw.timezone).unwrap_or_else(|message| {
        checks.error("timezone", message);
        Tz::UTC
    });
    let site_dates = raw.dates.clone().unwrap_or_default();
    let mut languages = languages(&raw.languages, timezone, &site_dates, checks);
    let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
    check_default_language(&raw.default_language, &codes, checks);
    let declared = Declared {
        codes: &codes,
        default: &raw.default_language,
    };
    let titles = declared.localize(&raw.title, "title", checks);
    for language in &mut languages {
        language.title = titles.get(&language.code).cloned().unwrap_or_default();
    }
    let mut categories = categories(&raw.categories, &declared, checks);
    category_slugs(&raw.category_slugs, &mut categories, &codes, checks);
    check_limits(&raw, checks);
    let consent = consent(&raw.consent, &declared, checks);
    let corrections_policy = match &raw.corrections_policy {
        None => BTreeMap::new(),
        Some(localized) => declared.localize(localized, "corrections_policy", checks),
    };
    let authors = authors(&raw.authors, &declared, static_dir, checks);
    let photos = photo_settings(&raw, checks);
    let menus = super::menus::menus(&raw.menus, &declared, &categories, checks);
    SiteConfig {
        base_url,
        default_language: raw.default_language,
        timezone,
        languages,
        categories,
        page_size: raw.page_size,
        editor_picks: raw.editor_picks,
        raw_html: raw.markdown.raw_html,
        consent,
        max_file_size: raw.max_file_size_mb.saturating_mul(1024 * 1024),
        extra: site_extra(raw.extra.as_ref(), checks),
        corrections_policy,
        feed_full_text: raw.feeds.full_text,
        related_stories: raw.related_stories,
        search: raw.search,
        authors,
        menus,
        photos,
    }
}

/// `photos:`: widths sorted and without repeats; a width of 0 or above 10,000, or a quality
/// outside 1-100, is an error.
fn photo_settings(raw: &RawSite, checks: &mut Checks) -> PhotoSettings {
    let photos = &raw.photos;
    if photos.widths.is_empty() || photos.widths.iter().any(|w| !(1..=10_000).contains(w)) {
        checks.error(
            "photos",
            "photos.widths must list one or more widths in pixels, each from 1 to 10000 (the default is [480, 960, 1600])",
        );
    }
    if !(1..=100).contains(&photos.quality) {
        checks.error(
            "photos",
            "photos.quality must be from 1 to 100 (the default is 75)",
        );
    }
    let mut widths = photos.widths.clone();
    widths.sort_unstable();
    widths.dedup();
    PhotoSettings {
        widths,
        quality: photos.quality,
    }
}

/// `extra:` as the templates' `site.extra`; it must be a mapping.
fn site_extra(extra: Option<&crate::yaml::Value>, checks: &mut Checks) -> serde_json::Value {
    let empty = serde_json::Value::Object(serde_json::Map::new());
    match extra.filter(|v| !v.is_null()) {
        None => empty,
        Some(value) => crate::yaml::extra_fields(value).unwrap_or_else(|message| {
            checks.error("extra", message);
            empty
        }),
    }
}

/// The usable languages; one with a bad or repeated code is reported and left out. Their titles
/// are filled in later, once the codes are known.
fn languages(
    raw: &[RawLanguage],
    site_timezone: Tz,
    site_dates: &RawDates,
    checks: &mut Checks,
) -> Vec<Language> {
    let mut languages: Vec<Language> = Vec::new();
    for raw_language in raw {
        let code = raw_language.code.as_str();
        if !is_language_code(code) {
            checks.error(
                "languages",
                format!(
                    "'{code}' is not a language code; use a code such as 'en', 'id' or 'pt-br'"
                ),
            );
            continue;
        }
        if languages.iter().any(|l| l.code == code) {
            checks.error("languages", format!("language '{code}' is listed twice"));
            continue;
        }
        languages.push(language(raw_language, site_timezone, site_dates, checks));
    }
    if raw.is_empty() {
        checks.error("languages", "no languages are declared; list at least one");
    }
    languages
}

/// One language, with the site's date style and time zone where it sets none.
fn language(
    raw: &RawLanguage,
    site_timezone: Tz,
    site_dates: &RawDates,
    checks: &mut Checks,
) -> Language {
    let code = raw.code.as_str();
    let date_style = date_style(raw, site_dates, checks);
    let tag = raw.tag.clone().unwrap_or_else(|| code.to_string());
    let cldr = Cldr::new(&tag, &date_style).unwrap_or_else(|message| {
        checks.error("languages", format!("language '{code}': {message}"));
        Cldr::new("und", &DateStyle::Strftime(String::new())).expect("the root locale has data")
    });
    let timezone = match &raw.timezone {
        None => site_timezone,
        Some(name) => parse_timezone(name).unwrap_or_else(|message| {
            checks.error("languages", format!("language '{code}': {message}"));
            site_timezone
        }),
    };
    Language {
        code: code.to_string(),
        name: raw.name.clone(),
        dir: raw.dir,
        tag,
        cldr: std::sync::Arc::new(cldr),
        timezone,
        title: String::new(),
        locale: raw.locale.clone().unwrap_or_else(|| default_locale(code)),
    }
}

/// The language's `date_format` (strftime) or `dates`, else the site's `dates`; by default the
/// language's long CLDR date with the time.
fn date_style(raw: &RawLanguage, site_dates: &RawDates, checks: &mut Checks) -> DateStyle {
    let code = raw.code.as_str();
    if let Some(format) = &raw.date_format {
        if raw.dates.is_some() {
            checks.error(
                "languages",
                format!("language '{code}' sets both date_format and dates; keep one"),
            );
        }
        if !is_valid_date_format(format) {
            checks.error(
                "languages",
                format!(
                    "the date_format '{format}' of language '{code}' is not a valid strftime format"
                ),
            );
        }
        return DateStyle::Strftime(format.clone());
    }
    let dates = raw.dates.as_ref().unwrap_or(site_dates);
    let key = if raw.dates.is_some() {
        "languages"
    } else {
        "dates"
    };
    if let Some(pattern) = &dates.pattern {
        if dates.style.is_some() || dates.hours.is_some() {
            checks.error(
                key,
                format!("the dates of '{code}' set a pattern and a style or hours; a pattern says it all, keep one"),
            );
        }
        return DateStyle::Pattern(pattern.clone());
    }
    let style = dates.style.as_deref().unwrap_or("long");
    let length = DateLength::parse(style).unwrap_or_else(|| {
        checks.error(
            key,
            format!("the date style '{style}' of '{code}' is not one of long, medium, short"),
        );
        DateLength::Long
    });
    if let Some(hours) = dates.hours.filter(|h| *h != 12 && *h != 24) {
        checks.error(
            key,
            format!("the hours '{hours}' of '{code}' must be 12 or 24"),
        );
    }
    DateStyle::Cldr {
        length,
        time: dates.time.unwrap_or(true),
        hours: dates.hours,
    }
}

fn check_default_language(default_language: &str, codes: &[String], checks: &mut Checks) {
    if !codes.iter().any(|code| code == default_language) {
        checks.error(
            "default_language",
            format!(
                "default_language '{default_language}' is not among the languages ({})",
                codes.join(", ")
            ),
        );
    }
}

/// The categories in menu order; one with an unusable key is reported and left out.
fn categories(
    raw: &OrderedMap<OrderedMap<String>>,
    declared: &Declared,
    checks: &mut Checks,
) -> Vec<Category> {
    let mut categories = Vec::new();
    for (key, labels) in &raw.0 {
        if !is_category_key(key) {
            checks.error(
                "categories",
                format!("category key '{key}' must be lower-case ASCII letters, digits and '-'"),
            );
            continue;
        }
        if RESERVED_CATEGORY_KEYS.contains(&key.as_str()) {
            checks.error(
                "categories",
                format!("'{key}' is reserved for other pages and cannot be a category key; choose another"),
            );
            continue;
        }
        let untranslated = declared
            .codes
            .iter()
            .filter(|code| !labels.0.iter().any(|(c, _)| c == *code))
            .cloned()
            .collect();
        let labels = declared.localize(
            &Localized::PerLanguage(labels.clone()),
            &format!("categories.{key}"),
            checks,
        );
        categories.push(Category {
            key: key.clone(),
            labels,
            untranslated,
            slugs: BTreeMap::new(),
            former_slugs: BTreeMap::new(),
        });
    }
    categories
}

/// Localised category slugs. The key's own URL, and every former slug, stay as aliases of the new
/// one, so that links to the old address keep working.
fn category_slugs(
    raw: &OrderedMap<OrderedMap<RawSlugs>>,
    categories: &mut [Category],
    codes: &[String],
    checks: &mut Checks,
) {
    for (key, per_language) in &raw.0 {
        let Some(category) = categories.iter_mut().find(|c| c.key == *key) else {
            checks.error(
                "category_slugs",
                format!(
                    "category_slugs names '{key}', which is not a category; use a key of categories"
                ),
            );
            continue;
        };
        for (code, slugs) in &per_language.0 {
            if !codes.contains(code) {
                checks.error(
                    "category_slugs",
                    format!("category_slugs.{key} has a slug for '{code}', which is not a declared language"),
                );
                continue;
            }
            let slugs = match slugs {
                RawSlugs::One(slug) => vec![slug.clone()],
                RawSlugs::Many(slugs) => slugs.clone(),
            };
            let bad = slugs.iter().find(|s| !is_url_segment(s));
            if slugs.is_empty() || bad.is_some() {
                checks.error(
                    "category_slugs",
                    format!(
                        "category_slugs.{key}.{code}: '{}' cannot be a URL segment; use letters, digits and '-'",
                        bad.map_or("", String::as_str)
                    ),
                );
                continue;
            }
            let mut former: Vec<String> = slugs[1..].to_vec();
            if slugs[0] != *key {
                former.push(key.clone());
            }
            former.retain(|s| *s != slugs[0]);
            category.slugs.insert(code.clone(), slugs[0].clone());
            category.former_slugs.insert(code.clone(), former);
        }
    }
}

/// One segment of a path: not empty, no separators, spaces or dots-only names, not reserved.
fn is_url_segment(slug: &str) -> bool {
    !slug.is_empty()
        && !slug
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_whitespace() || c.is_control())
        && slug.chars().any(|c| c != '.')
        && !RESERVED_CATEGORY_KEYS.contains(&slug)
}

fn check_limits(raw: &RawSite, checks: &mut Checks) {
    if raw.page_size == 0 {
        checks.error("page_size", "page_size must be at least 1");
    }
    if raw.max_file_size_mb == 0 {
        checks.error("max_file_size_mb", "max_file_size_mb must be at least 1");
    }
}

/// The declared reporters; one with an unusable slug or a missing photo is reported.
fn authors(
    raw: &OrderedMap<RawAuthor>,
    declared: &Declared,
    static_dir: &Path,
    checks: &mut Checks,
) -> Vec<Author> {
    let mut authors = Vec::new();
    for (key, author) in &raw.0 {
        if !is_category_key(key) {
            checks.error(
                "authors",
                format!("author key '{key}' is the slug of the author's page: use lower-case ASCII letters, digits and '-'"),
            );
            continue;
        }
        if let Some(photo) = &author.photo
            && !static_dir.join(photo.trim_start_matches('/')).is_file()
        {
            checks.error(
                "authors",
                format!("authors.{key}.photo: '{photo}' does not exist; put the image below static/ or fix the path"),
            );
        }
        let bios = match &author.bio {
            Some(bio) => declared.localize(bio, &format!("authors.{key}.bio"), checks),
            None => BTreeMap::new(),
        };
        authors.push(Author {
            key: key.clone(),
            names: declared.localize(&author.name, &format!("authors.{key}.name"), checks),
            bios,
            photo: author
                .photo
                .as_ref()
                .map(|p| p.trim_start_matches('/').to_string()),
        });
    }
    authors
}

/// The usable language codes and the default one, which localized values are resolved against.
pub(super) struct Declared<'a> {
    codes: &'a [String],
    default: &'a str,
}

impl Declared<'_> {
    /// One text per language: a single string serves all; a map must use declared codes, and a
    /// language it leaves out takes the default language's text, with a warning. `what` names the
    /// value in messages (`categories.world`); its first part is the key reported at.
    pub(super) fn localize(
        &self,
        value: &Localized,
        what: &str,
        checks: &mut Checks,
    ) -> BTreeMap<String, String> {
        let map = match value {
            Localized::Same(text) => {
                return self
                    .codes
                    .iter()
                    .map(|c| (c.clone(), text.clone()))
                    .collect();
            }
            Localized::PerLanguage(map) => map,
        };
        let key = what.split('.').next().unwrap_or(what);
        let default = self.default;
        for (code, _) in &map.0 {
            if !self.codes.contains(code) {
                checks.error(
                    key,
                    format!("{what} has a text for '{code}', which is not a declared language"),
                );
            }
        }
        let lookup = |code: &str| map.0.iter().find(|(c, _)| c == code).map(|(_, t)| t);
        let fallback = lookup(default);
        let mut resolved = BTreeMap::new();
        for code in self.codes {
            let text = match (lookup(code), fallback) {
                (Some(text), _) => text.clone(),
                (None, Some(fallback)) => {
                    checks.warning(
                        key,
                        format!("{what} has no text for '{code}'; using the '{default}' text"),
                    );
                    fallback.clone()
                }
                (None, None) => {
                    checks.error(
                        key,
                        format!("{what} has no text for '{code}' nor for the default language '{default}'"),
                    );
                    String::new()
                }
            };
            resolved.insert(code.clone(), text);
        }
        resolved
    }
}
