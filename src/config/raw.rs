//! The shape of `site.yaml` as written, for serde: defaults and refused unknown keys, no checks.

use super::{ConsentMode, Direction};
use crate::yaml::{Localized, OrderedMap};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSite {
    pub title: Localized,
    pub base_url: String,
    pub default_language: String,
    pub timezone: String,
    pub languages: Vec<RawLanguage>,
    pub categories: OrderedMap<OrderedMap<String>>,
    /// Category key -> language code -> its URL segment there (or a list: the current one, then
    /// the former ones).
    #[serde(default)]
    pub category_slugs: OrderedMap<OrderedMap<RawSlugs>>,
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    #[serde(default = "default_editor_picks")]
    pub editor_picks: usize,
    #[serde(default)]
    pub markdown: RawMarkdown,
    #[serde(default)]
    pub consent: RawConsent,
    /// How dates are shown in the languages that set no `dates` of their own.
    pub dates: Option<RawDates>,
    #[serde(default = "default_max_file_size_mb")]
    pub max_file_size_mb: u64,
    /// Settings of the site's own for its templates (`site.extra`).
    #[serde(default)]
    pub extra: Option<crate::yaml::Value>,
    /// The page (per language) that explains how the newsroom corrects its stories.
    pub corrections_policy: Option<Localized>,
    #[serde(default)]
    pub feeds: RawFeeds,
    #[serde(default = "default_related_stories")]
    pub related_stories: usize,
    /// Write the search index and the search pages (`search: false` leaves them out).
    #[serde(default = "default_search")]
    pub search: bool,
    /// The newsroom's reporters by slug, which `author` in front-matter may name.
    #[serde(default)]
    pub authors: OrderedMap<RawAuthor>,
    #[serde(default)]
    pub photos: RawPhotos,
    /// Named lists of links for the templates (`menus.footer`).
    #[serde(default)]
    pub menus: OrderedMap<Vec<RawMenuEntry>>,
}

/// One link of a menu: exactly one of `page`, `category` and `url`.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a menu entry such as 'page: about', 'category: politics' or 'url: /contact/' with a 'label'"
)]
pub(super) struct RawMenuEntry {
    pub page: Option<String>,
    pub category: Option<String>,
    pub url: Option<Localized>,
    pub label: Option<Localized>,
}

/// How photos are resized: the widths of their variants and the encoders' quality.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPhotos {
    #[serde(default = "default_photo_widths")]
    pub widths: Vec<u32>,
    /// 1-100, for the lossy WebP and the JPEG fallback.
    #[serde(default = "default_photo_quality")]
    pub quality: u8,
}

impl Default for RawPhotos {
    fn default() -> Self {
        RawPhotos {
            widths: default_photo_widths(),
            quality: default_photo_quality(),
        }
    }
}

fn default_photo_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}

fn default_photo_quality() -> u8 {
    75
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAuthor {
    pub name: Localized,
    pub bio: Option<Localized>,
    /// A file below `static/`.
    pub photo: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeeds {
    /// Whole stories in feed items, not only their summaries.
    #[serde(default)]
    pub full_text: bool,
}

fn default_search() -> bool {
    true
}

fn default_related_stories() -> usize {
    4
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
pub(super) struct RawLanguage {
    pub code: String,
    pub name: String,
    #[serde(default = "default_direction")]
    pub dir: Direction,
    pub date_format: Option<String>,
    pub dates: Option<RawDates>,
    pub timezone: Option<String>,
    pub locale: Option<String>,
    /// The BCP 47 tag for `lang` and `hreflang` (`zh-Hans`); default: the code.
    pub tag: Option<String>,
}

/// A localised category slug, or the current one and the former ones.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawSlugs {
    One(String),
    Many(Vec<String>),
}

/// `dates:` of the site or of one language: a CLDR style, or a CLDR pattern.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDates {
    pub style: Option<String>,
    pub time: Option<bool>,
    pub hours: Option<u8>,
    pub pattern: Option<String>,
}

fn default_direction() -> Direction {
    Direction::Ltr
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMarkdown {
    #[serde(default)]
    pub raw_html: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConsent {
    #[serde(default = "default_consent_mode")]
    pub mode: ConsentMode,
    pub policy_url: Option<Localized>,
    #[serde(default = "default_cookie_name")]
    pub cookie_name: String,
    #[serde(default = "default_max_age_days")]
    pub max_age_days: u32,
    #[serde(default = "default_revision")]
    pub revision: u32,
    /// `None` when the site declares none: then `necessary` and `analytics`.
    pub categories: Option<Vec<RawPurpose>>,
    #[serde(default)]
    pub embeds: RawEmbeds,
}

/// One purpose a reader may consent to, as written under `consent.categories`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPurpose {
    pub key: String,
    #[serde(default)]
    pub necessary: bool,
    /// Else the UI string `consent_purpose_<key>`.
    pub title: Option<Localized>,
    /// Else the UI string `consent_purpose_<key>_text`.
    pub description: Option<Localized>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmbeds {
    #[serde(default = "default_embed_purpose")]
    pub purpose: String,
    #[serde(default = "default_load_once")]
    pub load_once: bool,
}

impl Default for RawEmbeds {
    fn default() -> Self {
        RawEmbeds {
            purpose: default_embed_purpose(),
            load_once: default_load_once(),
        }
    }
}

fn default_embed_purpose() -> String {
    "media".to_string()
}
fn default_load_once() -> bool {
    true
}

// By hand, because a site.yaml without `consent:` must get the same defaults as an empty one.
impl Default for RawConsent {
    fn default() -> Self {
        RawConsent {
            mode: default_consent_mode(),
            policy_url: None,
            cookie_name: default_cookie_name(),
            max_age_days: default_max_age_days(),
            revision: default_revision(),
            categories: None,
            embeds: RawEmbeds::default(),
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
