//! The small structs templates see (documented in README.md, "Templates"). Dates and URLs are
//! formatted here, in Rust, so templates only place text.

use crate::config::{Language, SiteConfig};
use crate::content::{Article, Photo, PhotoSource};
use crate::model::PhotoSet;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Builds the URLs of a site: root-relative ones carry the path of `base_url`; absolute ones the
/// whole of it. Non-ASCII segments are percent-encoded so every URL is plain ASCII.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    pub fn new(config: &SiteConfig) -> Self {
        Urls {
            base_url: config.base_url.clone(),
            base_path: config.base_path().to_string(),
        }
    }

    /// `en/politics/` -> `/news/en/politics/`.
    pub fn site(&self, path: &str) -> String {
        format!("{}{}", self.base_path, encode_path(path))
    }

    /// `en/politics/` -> `https://example.org/news/en/politics/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, encode_path(path))
    }

    /// `/news/images/a.svg` -> `https://example.org/news/images/a.svg` (scheme and host of
    /// `base_url` before a root-relative URL).
    pub fn origin_join(&self, root_relative: &str) -> String {
        let origin_end = self.base_url.len() - self.base_path.len();
        format!("{}{}", &self.base_url[..origin_end], root_relative)
    }

    /// A link written in `site.yaml`: an absolute URL (or `mailto:`, `tel:`) stays, a site path
    /// gets the base path.
    pub fn configured(&self, link: &str) -> String {
        let scheme = |prefix: &str| {
            link.get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        };
        if ["http://", "https://", "mailto:", "tel:"]
            .iter()
            .any(|p| scheme(p))
            || link.is_empty()
        {
            link.to_string()
        } else {
            self.site(link.trim_start_matches('/'))
        }
    }
}

/// Percent-encodes every byte outside the URL-safe set, keeping `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    /// The BCP 47 tag for `lang` and `hreflang` attributes (`zh-Hans`).
    pub tag: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
}

impl LanguageView {
    pub fn new(language: &Language, urls: &Urls) -> Self {
        LanguageView {
            code: language.code.clone(),
            tag: language.tag.clone(),
            name: language.name.clone(),
            dir: language.dir.as_str(),
            url: urls.site(&format!("{}/", language.code)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub base_url: String,
    pub languages: Vec<LanguageView>,
    /// The year of the build's "now" in the site's time zone (`SOURCE_DATE_EPOCH` where set), for
    /// a copyright line.
    pub build_year: i32,
    /// The build's "now", RFC 3339 in the site's time zone.
    pub built_at: String,
    /// `extra:` of site.yaml.
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub key: String,
    pub label: String,
    pub url: String,
    /// The page belongs to this category (its list, or one of its stories).
    pub current: bool,
    /// The page is this category's own first page.
    pub exact: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SwitcherItem {
    pub code: String,
    pub tag: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub current: bool,
    pub translated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentView {
    pub mode: &'static str,
    pub cookie_name: String,
    pub max_age_days: u32,
    pub revision: u32,
    pub policy_url: String,
    /// The purposes in the order of `site.yaml`, titled and described in the page's language.
    pub purposes: Vec<PurposeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PurposeView {
    pub key: String,
    pub title: String,
    pub description: String,
    pub necessary: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub key: String,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    pub iso: String,
    pub display: String,
}

impl TimeView {
    pub fn new(time: DateTime<FixedOffset>, language: &Language) -> Self {
        let local = time.with_timezone(&language.timezone);
        TimeView {
            iso: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            display: language.cldr.format_date(local.naive_local()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    /// The `<img src>`: a middle-sized fallback variant of a raster photo; an SVG or remote photo
    /// as written.
    pub src: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// As shown (0 when unknown: a remote photo without `width` and `height`).
    pub width: u32,
    pub height: u32,
    /// The fallback variants (`a.480w.….jpg 480w, …`) and the WebP ones; empty for a photo
    /// used as it is.
    pub srcset: String,
    pub webp_srcset: String,
    /// Absolute URL of a large fallback (at least 1200 px wide where the photo is), for Open
    /// Graph, JSON-LD and feeds.
    pub share: String,
}

/// A photo's variants for a `<picture>` at a small size: the thumbnails of story lists.
#[derive(Debug, Clone, Serialize)]
pub struct PictureView {
    /// The smallest fallback.
    pub src: String,
    pub width: u32,
    pub height: u32,
    pub srcset: String,
    pub webp_srcset: String,
}

impl PhotoView {
    pub fn new(photo: &Photo, urls: &Urls, set: Option<&PhotoSet>) -> Self {
        let src = match &photo.src {
            PhotoSource::Static(path) => urls.site(path),
            PhotoSource::Remote(url) => url.clone(),
        };
        let mut view = PhotoView {
            share: absolute_url(urls, &src),
            src,
            alt: photo.alt.clone(),
            caption: photo.caption.clone(),
            credit: photo.credit.clone(),
            width: photo.width.filter(|_| photo.height.is_some()).unwrap_or(0),
            height: photo.height.filter(|_| photo.width.is_some()).unwrap_or(0),
            srcset: String::new(),
            webp_srcset: String::new(),
        };
        if let Some(set) = set {
            let picture = PictureView::new(set, urls, MIDDLE_WIDTH);
            view.src = picture.src;
            view.width = set.width;
            view.height = set.height;
            view.srcset = picture.srcset;
            view.webp_srcset = picture.webp_srcset;
            if let Some(shared) = set.shared() {
                view.share = urls.absolute(&shared.file);
            }
        }
        view
    }
}

/// The `<img src>` of a photo is the largest fallback at most this wide, for browsers that
/// read no `srcset`.
const MIDDLE_WIDTH: u32 = 960;

impl PictureView {
    /// `src` is the largest fallback at most `src_width` wide (else the smallest).
    pub fn new(set: &PhotoSet, urls: &Urls, src_width: u32) -> Self {
        let list = |variants: &mut dyn Iterator<Item = &crate::model::Variant>| {
            variants
                .map(|v| format!("{} {}w", urls.site(&v.file), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let src = set
            .fallbacks()
            .filter(|v| v.width <= src_width)
            .last()
            .or_else(|| set.fallbacks().next())
            .map(|v| urls.site(&v.file))
            .unwrap_or_default();
        PictureView {
            src,
            width: set.width,
            height: set.height,
            srcset: list(&mut set.fallbacks()),
            webp_srcset: list(&mut set.webp()),
        }
    }
}

/// A root-relative URL as an absolute one (scheme and host of `base_url`); absolute ones stay.
fn absolute_url(urls: &Urls, src: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else {
        urls.origin_join(src)
    }
}

/// Borrows the story's own text: every story's card is kept for the whole build.
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    /// Shared by the cards of a category (the renderer makes each one once).
    pub category: Arc<CategoryView>,
    pub written: TimeView,
    pub updated: TimeView,
    pub is_updated: bool,
    /// Boxed, as is the thumbnail: a card without a photo then costs a pointer for each, and
    /// every story's card is kept for the whole build.
    pub photo: Option<Box<PhotoView>>,
    /// The photo's variants for the thumbnail of a list (null without a raster photo of
    /// `static/`); search results show it too.
    pub thumbnail: Option<Box<PictureView>>,
    pub author: &'a str,
    pub tags: &'a [String],
    /// The tags with the URLs of their pages.
    pub tag_links: Vec<TagLink<'a>>,
    pub editor_pick: bool,
    /// Oldest first.
    pub corrections: Vec<CorrectionView>,
    /// The byline name by name; `url` is the author's page, empty for a free-text name.
    pub bylines: Vec<BylineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BylineView {
    pub name: String,
    pub url: String,
}

/// A declared author, on their own pages.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorView {
    pub key: String,
    pub name: String,
    pub bio: String,
    /// Site URL of the photo; empty when there is none.
    pub photo: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    pub date: TimeView,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagCount {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthLink {
    pub year: i32,
    pub month: u32,
    /// The month as the language writes it (`octobre 2024`).
    pub label: String,
    /// `2024-10`, for `<time datetime>`.
    pub iso: String,
    pub url: String,
    pub count: usize,
}

/// One language's lines on the root not-found page.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundOffer {
    pub language: LanguageView,
    pub title: String,
    pub text: String,
    pub back: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
    /// `application/rss+xml` or `application/atom+xml`.
    #[serde(rename = "type")]
    pub media_type: &'static str,
}

/// What Open Graph and Twitter cards need beyond the page's title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct SocialView {
    /// `article` or `website`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Absolute URL of the lead photo; empty when there is none.
    pub image: String,
    pub locale: String,
    pub locale_alternates: Vec<String>,
}

impl<'a> Card<'a> {
    pub fn new(
        article: &'a Article,
        url: String,
        category: Arc<CategoryView>,
        language: &Language,
        urls: &Urls,
        photos: &BTreeMap<String, PhotoSet>,
    ) -> Self {
        let set = article.photo.as_ref().and_then(|p| match &p.src {
            PhotoSource::Static(path) => photos.get(path),
            PhotoSource::Remote(_) => None,
        });
        Card {
            title: &article.title,
            url,
            summary: &article.summary,
            category,
            written: TimeView::new(article.written, language),
            updated: TimeView::new(article.updated, language),
            is_updated: article.updated != article.written,
            photo: article
                .photo
                .as_ref()
                .map(|p| Box::new(PhotoView::new(p, urls, set))),
            thumbnail: set.map(|set| Box::new(PictureView::new(set, urls, 0))),
            author: &article.author,
            tags: &article.tags,
            tag_links: Vec::new(),
            editor_pick: article.editor_pick,
            corrections: article
                .corrections
                .iter()
                .map(|c| CorrectionView {
                    date: TimeView::new(c.date, language),
                    text: c.text.clone(),
                })
                .collect(),
            bylines: article
                .bylines
                .iter()
                .map(|b| BylineView {
                    name: b.name.clone(),
                    url: b
                        .key
                        .as_ref()
                        .map(|key| urls.site(&format!("{}/authors/{key}/", language.code)))
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub card: &'a Card<'a>,
    /// With the placeholders of its embeds.
    pub body_html: Cow<'a, str>,
    /// `extra:` of the front-matter.
    pub extra: &'a serde_json::Value,
    /// The NewsArticle JSON-LD, safe to print inside a `<script>` element.
    pub json_ld: &'a str,
    /// Where the site explains its corrections; empty when site.yaml names no such page.
    pub corrections_policy_url: String,
}

/// The notice at the address of a story that was taken down. It shows neither the headline nor
/// the summary: a takedown may be ordered because of them.
#[derive(Debug, Clone, Serialize)]
pub struct TakenDownView {
    pub note: String,
    pub written: TimeView,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub body_html: Cow<'a, str>,
    /// `extra:` of the front-matter.
    pub extra: &'a serde_json::Value,
}

/// The pager of a list page: links to its neighbours and its two ends, never a count or a list of
/// every page, which would change on every page when a page is added. Empty URLs are not shown.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// The numbered page's number; 0 on the list's own URL (the newest stories).
    pub number: usize,
    /// The page itself, for the item marked `aria-current`.
    pub url: String,
    /// The list's own URL, where `newer_url` is not already it.
    pub newest_url: String,
    pub newer_url: String,
    pub older_url: String,
    /// Page 1, where `older_url` is not already it.
    pub oldest_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub category: CategoryView,
    pub articles: tera::Value,
}
