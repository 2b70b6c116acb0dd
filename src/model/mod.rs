//! The site as data: which stories are published, how they link as translations, and every output
//! page planned as a `Job`. Pure data: no I/O, no templates.

mod fingerprint;
mod job;
mod paths;
mod plan;
mod shape;
mod versions;

pub use fingerprint::{Fingerprint, hash_bytes};
pub use job::{Job, JobKind, Origin, SitemapEntry};
pub use paths::{archive_path, category_page_path, tag_page_path, tag_slug};
pub use shape::same_shape;

use crate::config::SiteConfig;
use crate::content::{Article, Content, Page};
use crate::diagnostics::{Diagnostics, Location, display_path};
use chrono::{DateTime, Datelike, FixedOffset, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How many stories the front page lists as latest, and per category section.
pub const FRONT_LATEST: usize = 10;
pub const FRONT_SECTION: usize = 4;
/// Stories per RSS feed.
pub const FEED_SIZE: usize = 50;
/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;
/// The Google News sitemap: stories of the last two days, at most 1,000.
pub const NEWS_WINDOW_HOURS: i64 = 48;
pub const NEWS_LIMIT: usize = 1_000;

#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    pub now: DateTime<Utc>,
}

pub type ArticleId = usize;
pub type PageId = usize;

/// The published content of a site, indexed the ways the pages need it.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first within each language; languages in `site.yaml` order.
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    /// translation key -> language code -> article
    pub article_translations: BTreeMap<String, BTreeMap<String, ArticleId>>,
    pub page_translations: BTreeMap<String, BTreeMap<String, PageId>>,
    /// What "now" was for this build (drafts, future stories, the news sitemap's window).
    pub now: DateTime<Utc>,
    /// Each language's stories: a range of `articles`, which is sorted by language.
    by_language: BTreeMap<String, std::ops::Range<ArticleId>>,
    /// Each language's editor's picks, newest first. Kept so that an article page finds its
    /// picks without scanning every story (that made large sites quadratic).
    picks: BTreeMap<String, Vec<ArticleId>>,
    /// What `selection` kept out, so a build can say so.
    pub left_out: LeftOut,
    /// The months (in each language's time zone) that have stories, for the archive's links
    /// between languages without a scan of every story per archive page.
    months: BTreeMap<String, BTreeSet<(i32, u32)>>,
}

/// Documents a build leaves out: drafts without `--drafts`, stories dated after "now" without
/// `--future`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub drafts: usize,
    pub future: usize,
}

/// The stories of a front page, chosen in one place for the page and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontPage {
    pub latest: Vec<ArticleId>,
    /// (category key, its newest stories), in `site.yaml` order.
    pub sections: Vec<(String, Vec<ArticleId>)>,
    pub picks: Vec<ArticleId>,
}

/// A tag as shown (`name`, the first spelling met) and as used in URLs (`slug`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

impl Site {
    /// Keeps what is published under `selection`, sorts it, links translations. Two stories of one
    /// language that claim the same translation are an error.
    pub fn assemble(
        config: SiteConfig,
        content: Content,
        selection: Selection,
        diagnostics: &mut Diagnostics,
    ) -> Site {
        let left_out = LeftOut::of(&content, selection);
        let (articles, pages) = published(&config, content, selection);
        let article_translations = link_translations(
            articles
                .iter()
                .map(|a| (&a.translation_key, &a.language, &a.source)),
            diagnostics,
        );
        let page_translations = link_translations(
            pages
                .iter()
                .map(|p| (&p.translation_key, &p.language, &p.source)),
            diagnostics,
        );
        let mut by_language: BTreeMap<String, std::ops::Range<ArticleId>> = BTreeMap::new();
        let mut picks: BTreeMap<String, Vec<ArticleId>> = BTreeMap::new();
        let mut months: BTreeMap<String, BTreeSet<(i32, u32)>> = BTreeMap::new();
        for (id, article) in articles.iter().enumerate() {
            let range = by_language
                .entry(article.language.clone())
                .or_insert(id..id);
            range.end = id + 1;
            if article.editor_pick {
                picks.entry(article.language.clone()).or_default().push(id);
            }
            if let Some(language) = config.language(&article.language) {
                let local = article.written.with_timezone(&language.timezone);
                months
                    .entry(article.language.clone())
                    .or_default()
                    .insert((local.year(), local.month()));
            }
        }
        Site {
            config,
            articles,
            pages,
            article_translations,
            page_translations,
            now: selection.now,
            by_language,
            picks,
            left_out,
            months,
        }
    }

    /// The language's stories, newest first.
    pub fn articles_in(&self, language: &str) -> impl Iterator<Item = (ArticleId, &Article)> {
        let range = self.by_language.get(language).cloned().unwrap_or(0..0);
        range.map(move |id| (id, &self.articles[id]))
    }

    /// What a language's front page shows: the latest stories, a section per category that has
    /// stories, and the editor's picks.
    pub fn front_page(&self, language: &str) -> FrontPage {
        let ids: Vec<ArticleId> = self.articles_in(language).map(|(id, _)| id).collect();
        let sections = self
            .config
            .categories
            .iter()
            .filter_map(|c| {
                let in_category: Vec<ArticleId> = ids
                    .iter()
                    .copied()
                    .filter(|id| self.articles[*id].category == c.key)
                    .take(FRONT_SECTION)
                    .collect();
                (!in_category.is_empty()).then(|| (c.key.clone(), in_category))
            })
            .collect();
        FrontPage {
            latest: ids.into_iter().take(FRONT_LATEST).collect(),
            sections,
            picks: self.editor_picks(language, None),
        }
    }

    /// The language's editor's picks, newest first, at most `editor_picks`, leaving one story out.
    pub fn editor_picks(&self, language: &str, except: Option<ArticleId>) -> Vec<ArticleId> {
        self.picks
            .get(language)
            .into_iter()
            .flatten()
            .copied()
            .filter(|id| Some(*id) != except)
            .take(self.config.editor_picks)
            .collect()
    }

    /// The versions of an article in every language that has one, keyed by language code.
    pub fn translations_of(&self, id: ArticleId) -> &BTreeMap<String, ArticleId> {
        &self.article_translations[&self.articles[id].translation_key]
    }

    pub fn page_translations_of(&self, id: PageId) -> &BTreeMap<String, PageId> {
        &self.page_translations[&self.pages[id].translation_key]
    }

    pub fn article_path(&self, id: ArticleId) -> String {
        let article = &self.articles[id];
        format!(
            "{}/{}/{}/",
            article.language, article.category, article.slug
        )
    }

    pub fn page_path(&self, id: PageId) -> String {
        let page = &self.pages[id];
        format!("{}/{}/", page.language, page.slug)
    }

    /// The language's tags by slug, each with its stories newest first. Spellings that give one
    /// slug ("NATO", "nato") are one tag, named as first met.
    pub fn tags_in(&self, language: &str) -> Vec<(TagRef, Vec<ArticleId>)> {
        let mut by_slug: BTreeMap<String, (String, Vec<ArticleId>)> = BTreeMap::new();
        for (id, article) in self.articles_in(language) {
            for tag in &article.tags {
                let slug = tag_slug(tag);
                if slug.is_empty() {
                    continue;
                }
                let entry = by_slug
                    .entry(slug)
                    .or_insert_with(|| (tag.clone(), Vec::new()));
                if entry.1.last() != Some(&id) {
                    entry.1.push(id);
                }
            }
        }
        by_slug
            .into_iter()
            .map(|(slug, (name, ids))| (TagRef { slug, name }, ids))
            .collect()
    }

    /// (year, month) in the language's time zone -> its stories, newest month first.
    pub fn months_in(&self, language: &str) -> Vec<((i32, u32), Vec<ArticleId>)> {
        let Some(lang) = self.config.language(language) else {
            return Vec::new();
        };
        let mut months: BTreeMap<std::cmp::Reverse<(i32, u32)>, Vec<ArticleId>> = BTreeMap::new();
        for (id, article) in self.articles_in(language) {
            let local = article.written.with_timezone(&lang.timezone);
            months
                .entry(std::cmp::Reverse((local.year(), local.month())))
                .or_default()
                .push(id);
        }
        months.into_iter().map(|(k, ids)| (k.0, ids)).collect()
    }
}

impl LeftOut {
    fn of(content: &Content, selection: Selection) -> LeftOut {
        let drafts = |draft: bool| draft && !selection.drafts;
        LeftOut {
            drafts: content.articles.iter().filter(|a| drafts(a.draft)).count()
                + content.pages.iter().filter(|p| drafts(p.draft)).count(),
            future: content
                .articles
                .iter()
                .filter(|a| is_future(a, selection) && !selection.future && !drafts(a.draft))
                .count(),
        }
    }
}

fn is_future(article: &Article, selection: Selection) -> bool {
    article.written.with_timezone(&Utc) > selection.now
}

/// The stories and pages `selection` publishes, sorted: by language in `site.yaml` order, then
/// stories newest first, then by file.
fn published(
    config: &SiteConfig,
    content: Content,
    selection: Selection,
) -> (Vec<Article>, Vec<Page>) {
    let language_rank = |code: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut articles: Vec<Article> = content
        .articles
        .into_iter()
        .filter(|a| selection.drafts || !a.draft)
        .filter(|a| selection.future || !is_future(a, selection))
        .collect();
    articles.sort_by(|a, b| {
        language_rank(&a.language)
            .cmp(&language_rank(&b.language))
            .then(b.written.cmp(&a.written))
            .then_with(|| a.source.cmp(&b.source))
    });
    let mut pages: Vec<Page> = content
        .pages
        .into_iter()
        .filter(|p| selection.drafts || !p.draft)
        .collect();
    pages.sort_by(|a, b| {
        (language_rank(&a.language), &a.source).cmp(&(language_rank(&b.language), &b.source))
    });
    (articles, pages)
}

fn link_translations<'a>(
    items: impl Iterator<Item = (&'a String, &'a String, &'a PathBuf)>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut links: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut sources: BTreeMap<(String, String), &PathBuf> = BTreeMap::new();
    for (id, (key, language, source)) in items.enumerate() {
        let slot = links.entry(key.clone()).or_default();
        if slot.contains_key(language) {
            let first = sources[&(key.clone(), language.clone())];
            diagnostics.error(
                Location::file(source),
                format!(
                    "this and {} are both the '{language}' version of the story '{key}'; give one of them another translation_key",
                    display_path(first)
                ),
            );
            continue;
        }
        slot.insert(language.clone(), id);
        sources.insert((key.clone(), language.clone()), source);
    }
    links
}
