//! The site as data: which stories are published, how they link as translations, and every output
//! page planned as a `Job`. Pure data: no I/O, no templates.

mod fingerprint;
mod job;
mod links;
mod menus;
mod paths;
mod photos;
mod plan;
mod related;
mod search;
mod shape;
mod timing;
mod versions;

pub use fingerprint::{Fingerprint, hash_bytes};
pub use job::{FeedFormat, Job, JobKind, ListPosition, Origin, SitemapEntry};
pub use paths::{
    ListPage, archive_path, author_page_path, category_page_path, tag_page_path, tag_slug,
};
pub use photos::{PhotoFacts, PhotoSet, Variant, VariantFormat};
pub use related::RelatedLists;
pub use search::SearchIndexes;
pub use shape::same_shape;

use crate::config::SiteConfig;
use crate::content::{Article, Content, Page, StoryLink};
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
    /// Stories taken down (`withdrawn`, or `expires` at or before "now"): in no list, feed or
    /// sitemap, and no translation links to them; their addresses get a notice page and a 410.
    pub taken_down: Vec<Article>,
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
    /// The URL path of every published story and page, by source file, for links between them.
    story_paths: BTreeMap<PathBuf, String>,
    /// Each story's related stories, best first (see `related`).
    related: Vec<Vec<ArticleId>>,
    /// The raster photos the published pages show, by path below `static/`, with their variants
    /// (filled by the `photos` stage before planning; empty until then).
    pub photos: BTreeMap<String, PhotoSet>,
    /// Where the bodies of stories that are not in memory are read back from (the build cache;
    /// `None` without one, when every body is in memory).
    pub stored_bodies: Option<StoredBodiesRef>,
    /// The search indexes of earlier builds (the build cache), reused for a language whose
    /// stories search reads did not change.
    pub search_indexes: Option<Box<dyn SearchIndexes>>,
}

/// The body store of a build (see `content::StoredBodies`), with the bodies it failed to give
/// back: each is an error of the build (`Site::lost_bodies`), whichever page wanted it.
pub struct StoredBodiesRef {
    store: Box<dyn crate::content::StoredBodies>,
    lost: std::sync::Mutex<BTreeSet<PathBuf>>,
}

impl StoredBodiesRef {
    pub fn new(store: Box<dyn crate::content::StoredBodies>) -> StoredBodiesRef {
        StoredBodiesRef {
            store,
            lost: Default::default(),
        }
    }
}

impl std::fmt::Debug for StoredBodiesRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoredBodies")
    }
}

/// Documents a build leaves out: drafts without `--drafts`, stories dated after "now" without
/// `--future`; each by name, so that a story mistyped as 2027 does not silently disappear.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    pub drafts: usize,
    pub future: usize,
    /// In path order.
    pub files: Vec<LeftOutFile>,
    /// Stories withdrawn or expired.
    pub taken_down: usize,
    /// When the next published story expires: the build to run then takes it down.
    pub next_expiry: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOutFile {
    pub source: PathBuf,
    pub reason: LeftOutReason,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LeftOutReason {
    Draft,
    /// Dated after now: it appears when a build runs after this moment.
    Scheduled(DateTime<FixedOffset>),
}

impl LeftOut {
    /// When the first scheduled story appears, so that a cron job knows when to build again.
    pub fn next_scheduled(&self) -> Option<DateTime<FixedOffset>> {
        self.files
            .iter()
            .filter_map(|f| match f.reason {
                LeftOutReason::Scheduled(at) => Some(at),
                LeftOutReason::Draft => None,
            })
            .min()
    }

    pub fn reason_for(&self, source: &Path) -> Option<&LeftOutReason> {
        self.files
            .iter()
            .find(|f| f.source == source)
            .map(|f| &f.reason)
    }
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
        kept: Option<&dyn RelatedLists>,
        diagnostics: &mut Diagnostics,
    ) -> Site {
        let left_out = LeftOut::of(&content, selection);
        let (articles, taken_down, pages) = published(&config, content, selection);
        let left_out = LeftOut {
            taken_down: taken_down.len(),
            next_expiry: articles.iter().filter_map(|a| a.expires).min(),
            ..left_out
        };
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
        let related =
            related::related_stories(&articles, &by_language, config.related_stories, kept);
        let mut site = Site {
            related,
            config,
            articles,
            taken_down,
            pages,
            article_translations,
            page_translations,
            now: selection.now,
            by_language,
            picks,
            left_out,
            months,
            story_paths: BTreeMap::new(),
            photos: BTreeMap::new(),
            stored_bodies: None,
            search_indexes: None,
        };
        site.story_paths = links::published_paths(&site);
        links::check(&site, diagnostics);
        menus::check(&site, diagnostics);
        site
    }

    /// The URL path of the published story or page whose source is `source`.
    pub fn story_path(&self, source: &Path) -> Option<&str> {
        self.story_paths.get(source).map(String::as_str)
    }

    /// The language's stories, newest first.
    /// A story's rendered body, from memory or from the build cache. A body the cache lost
    /// (changed by another program during the build) is empty here and an error of the build.
    pub fn body_html<'a>(&self, article: &'a Article) -> std::borrow::Cow<'a, str> {
        let stored = self.stored_bodies.as_ref();
        if let Some(html) = article
            .body
            .html(&article.source, stored.map(|s| &*s.store))
        {
            return html;
        }
        if let Some(stored) = stored {
            let mut lost = stored.lost.lock().unwrap_or_else(|e| e.into_inner());
            lost.insert(article.source.clone());
        }
        std::borrow::Cow::Borrowed("")
    }

    /// Whether some body could not be read back since the last `lost_bodies`.
    fn some_body_lost(&self) -> bool {
        self.stored_bodies.as_ref().is_some_and(|stored| {
            !stored
                .lost
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
        })
    }

    /// The stories whose bodies could not be read back since the last call, as errors.
    pub fn lost_bodies(&self, diagnostics: &mut Diagnostics) {
        let Some(stored) = &self.stored_bodies else {
            return;
        };
        let lost = std::mem::take(&mut *stored.lost.lock().unwrap_or_else(|e| e.into_inner()));
        for source in lost {
            diagnostics.error(
                Location::file(source),
                "the build cache lost this story's body during the build (was it changed by another program?); build again with --clean",
            );
        }
    }

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

    /// The story's related stories, best first.
    pub fn related(&self, id: ArticleId) -> &[ArticleId] {
        &self.related[id]
    }

    /// The versions of an article in every language that has one, keyed by language code.
    pub fn translations_of(&self, id: ArticleId) -> &BTreeMap<String, ArticleId> {
        &self.article_translations[&self.articles[id].translation_key]
    }

    pub fn page_translations_of(&self, id: PageId) -> &BTreeMap<String, PageId> {
        &self.page_translations[&self.pages[id].translation_key]
    }

    pub fn article_path(&self, id: ArticleId) -> String {
        story_path(&self.articles[id])
    }

    /// The address a taken-down story had.
    pub fn taken_down_path(&self, index: usize) -> String {
        story_path(&self.taken_down[index])
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
        let article_reasons = content.articles.iter().filter_map(|a| {
            let reason = if drafts(a.draft) {
                LeftOutReason::Draft
            } else if is_future(a, selection) && !selection.future {
                LeftOutReason::Scheduled(a.written)
            } else {
                return None;
            };
            Some(LeftOutFile {
                source: a.source.clone(),
                reason,
            })
        });
        let page_reasons = content
            .pages
            .iter()
            .filter(|p| drafts(p.draft))
            .map(|p| LeftOutFile {
                source: p.source.clone(),
                reason: LeftOutReason::Draft,
            });
        let mut files: Vec<LeftOutFile> = article_reasons.chain(page_reasons).collect();
        files.sort_by(|a, b| a.source.cmp(&b.source));
        let count = |draft| {
            files
                .iter()
                .filter(|f| (f.reason == LeftOutReason::Draft) == draft)
                .count()
        };
        LeftOut {
            drafts: count(true),
            future: count(false),
            files,
            taken_down: 0,
            next_expiry: None,
        }
    }
}

/// `en/politics/nato-call/`.
fn story_path(article: &Article) -> String {
    format!(
        "{}/{}/{}/",
        article.language, article.category, article.slug
    )
}

fn is_future(article: &Article, selection: Selection) -> bool {
    article.written.with_timezone(&Utc) > selection.now
}

/// Withdrawn, or expired by "now" (an expiry is a takedown scheduled in advance).
fn is_taken_down(article: &Article, now: DateTime<Utc>) -> bool {
    article.withdrawn
        || article
            .expires
            .is_some_and(|at| at.with_timezone(&Utc) <= now)
}

/// The stories `selection` publishes, the stories it takes down, and the pages, sorted: by
/// language in `site.yaml` order, then stories newest first, then by file.
fn published(
    config: &SiteConfig,
    content: Content,
    selection: Selection,
) -> (Vec<Article>, Vec<Article>, Vec<Page>) {
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
    // Sorted by place, then moved once each: a story is a few hundred bytes, which a sort of
    // the stories themselves would move a dozen times over.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    {
        use rayon::prelude::*;
        let ranks: Vec<usize> = articles
            .iter()
            .map(|a| language_rank(&a.language))
            .collect();
        order.par_sort_by(|&i, &j| {
            let (a, b) = (&articles[i], &articles[j]);
            ranks[i]
                .cmp(&ranks[j])
                .then(b.written.cmp(&a.written))
                .then_with(|| a.source.cmp(&b.source))
        });
    }
    permute(&mut articles, order);
    // Taken out in place: a partition would hold a second copy of every story while it grows.
    let taken_down: Vec<Article> = articles
        .extract_if(.., |a| is_taken_down(a, selection.now))
        .collect();
    let mut pages: Vec<Page> = content
        .pages
        .into_iter()
        .filter(|p| selection.drafts || !p.draft)
        .collect();
    pages.sort_by(|a, b| {
        (language_rank(&a.language), &a.source).cmp(&(language_rank(&b.language), &b.source))
    });
    (articles, taken_down, pages)
}

/// Puts `items` in `order` in place: the item at `order[k]` goes to place `k`.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        // Follows the cycle through `start`; a place done points to itself.
        let mut place = start;
        while order[place] != place {
            let from = order[place];
            order[place] = place;
            if from == start {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

fn link_translations<'a>(
    items: impl Iterator<Item = (&'a String, &'a String, &'a PathBuf)>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let items: Vec<_> = items.collect();
    let mut links: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (id, (key, language, source)) in items.iter().enumerate() {
        let slot = match links.get_mut(*key) {
            Some(slot) => slot,
            None => links.entry((*key).clone()).or_default(),
        };
        if let Some(first) = slot.get(*language) {
            diagnostics.error(
                Location::file(source),
                format!(
                    "this and {} are both the '{language}' version of the story '{key}'; give one of them another translation_key",
                    display_path(items[*first].2)
                ),
            );
            continue;
        }
        slot.insert((*language).clone(), id);
    }
    links
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_puts_every_item_in_its_place() {
        // Cycles of several lengths, and fixed points.
        let order = vec![3, 0, 2, 5, 1, 4, 6, 9, 7, 8];
        let mut items: Vec<String> = (0..order.len()).map(|n| format!("item {n}")).collect();
        let expected: Vec<String> = order.iter().map(|n| format!("item {n}")).collect();
        super::permute(&mut items, order);
        assert_eq!(items, expected);
    }
}
