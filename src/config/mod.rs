//! The site's settings: `site.yaml` and `i18n/` as typed, validated values.
//!
//! This module holds the resolved types every later stage reads. `raw` mirrors the file for serde
//! (which refuses unknown keys); `site` then checks what serde cannot (known languages, time zones,
//! date formats, URLs, via `validate`) and resolves per-language fallbacks, and `i18n` does the same
//! for the UI strings, so later stages never have to.

mod consent;
mod i18n;
mod menus;
mod raw;
mod site;
mod validate;

pub use i18n::load_i18n;
pub use menus::{Menu, MenuEntry, MenuTarget};
pub use site::load_site;
pub use validate::normalize_base_url;

use crate::cldr::Cldr;
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub const SITE_FILE: &str = "site.yaml";
pub const I18N_DIR: &str = "i18n";
/// Category keys that would clash with other URLs of a language.
pub const RESERVED_CATEGORY_KEYS: [&str; 5] = ["pages", "page", "tags", "archive", "authors"];

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

/// One language of the site, with everything resolved.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Direction,
    /// The BCP 47 tag of `lang` and `hreflang` attributes (`zh-Hans`); the code unless set.
    pub tag: String,
    /// Its date formats and plural rules, shared by every page of the language.
    pub cldr: Arc<Cldr>,
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
    /// The languages whose label fell back to the default language's.
    pub untranslated: Vec<String>,
    /// Language code -> the category's URL segment there, where it is not the key.
    pub slugs: BTreeMap<String, String>,
    /// Language code -> segments it had before, which stay as aliases (the key among them).
    pub former_slugs: BTreeMap<String, Vec<String>>,
}

/// A reporter declared in site.yaml, with a page per language.
#[derive(Debug, Clone)]
pub struct Author {
    /// The slug of the author's pages, and what `author` in front-matter names.
    pub key: String,
    /// Per language code; every language has one (missing ones fall back).
    pub names: BTreeMap<String, String>,
    /// Per language code; may be empty.
    pub bios: BTreeMap<String, String>,
    /// A path below `static/`.
    pub photo: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Consent {
    pub mode: ConsentMode,
    /// Policy URL per language code, as written (a site path or an absolute URL); may be absent.
    pub policy_urls: BTreeMap<String, String>,
    pub cookie_name: String,
    pub max_age_days: u32,
    pub revision: u32,
    /// In the order of `site.yaml`; never empty.
    pub purposes: Vec<Purpose>,
    /// The purpose an embed needs unless it names its own.
    pub embed_purpose: String,
    /// Whether a reader may load one embed on click without consenting to its purpose.
    pub embed_load_once: bool,
}

impl Consent {
    pub fn purpose(&self, key: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.key == key)
    }

    /// The declared keys, for messages: `necessary, analytics, media`.
    pub fn purpose_keys(&self) -> String {
        let keys: Vec<&str> = self.purposes.iter().map(|p| p.key.as_str()).collect();
        keys.join(", ")
    }
}

/// A purpose a reader may consent to (the CNIL's "finalité"): the key scripts and embeds name.
#[derive(Debug, Clone)]
pub struct Purpose {
    pub key: String,
    /// Always granted and shown as such; cookies the site cannot work without.
    pub necessary: bool,
    /// Per language code, when `site.yaml` writes them; else the UI strings of `title_key`.
    pub titles: Option<BTreeMap<String, String>>,
    pub descriptions: Option<BTreeMap<String, String>>,
}

impl Purpose {
    /// The UI string that titles the purpose where `site.yaml` does not.
    pub fn title_key(&self) -> String {
        format!("consent_purpose_{}", self.key.replace('-', "_"))
    }

    pub fn description_key(&self) -> String {
        format!("{}_text", self.title_key())
    }
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
    /// `extra:` for the templates, a JSON object (empty when not given).
    pub extra: serde_json::Value,
    /// The corrections policy per language code, as written (a site path or an absolute URL).
    pub corrections_policy: BTreeMap<String, String>,
    /// Feed items carry the whole story, not only its summary.
    pub feed_full_text: bool,
    /// Whether the build writes the search index and pages.
    pub search: bool,
    /// How many related stories an article page ends with (0: none).
    pub related_stories: usize,
    pub authors: Vec<Author>,
    /// `menus:`, in the order written.
    pub menus: Vec<Menu>,
    pub photos: PhotoSettings,
}

/// `photos:` of `site.yaml`: the widths of every photo's variants (ascending, none repeated) and
/// the quality of its lossy encodings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhotoSettings {
    pub widths: Vec<u32>,
    pub quality: u8,
}

impl SiteConfig {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn author(&self, key: &str) -> Option<&Author> {
        self.authors.iter().find(|a| a.key == key)
    }

    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The URL segment of a category in a language: its localised slug, else its key.
    pub fn category_slug<'a>(&'a self, language: &str, key: &'a str) -> &'a str {
        self.category(key)
            .and_then(|c| c.slugs.get(language))
            .map_or(key, String::as_str)
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
        self.base_url = validate::normalize_base_url(base_url)?;
        Ok(self)
    }
}

/// The UI strings of every language, with missing keys already filled from the default language.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    /// The text of each key; for a key with plural forms, its `other` form.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The plural forms of the keys that have them, by CLDR category (`one`, `few`, ...).
    pub plurals: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Each language's plural rules.
    pub rules: BTreeMap<String, Arc<Cldr>>,
    /// Per language: the keys its file lacks (shown in the default language's words).
    pub missing: BTreeMap<String, Vec<String>>,
    /// Per language: `(key, forms)` of the plural forms its rules use and its file lacks.
    pub missing_forms: BTreeMap<String, Vec<(String, Vec<String>)>>,
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

    /// The key's text for `count` things, in the form the language's plural rules choose, with
    /// `{n}` replaced by the number. A form the language lacks falls back to `other`.
    pub fn plural(&self, language: &str, key: &str, count: u64) -> Option<String> {
        let text = match self.plurals.get(language).and_then(|keys| keys.get(key)) {
            Some(forms) => {
                let category = self
                    .rules
                    .get(language)
                    .map_or("other", |rules| rules.plural_category(count));
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .or_else(|| forms.values().next())?
            }
            None => self.get(language, key)?,
        };
        Some(text.replace("{n}", &count.to_string()))
    }
}
