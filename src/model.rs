//! The site as data: which stories are published, how they link as translations, and every output
//! page planned as a `Job`. Pure data: no I/O, no templates.

use crate::config::SiteConfig;
use crate::content::{Article, Content, Page};
use crate::diagnostics::{Diagnostics, Location, display_path};
use chrono::{DateTime, Datelike, FixedOffset, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    months: BTreeMap<String, std::collections::BTreeSet<(i32, u32)>>,
}

/// Documents a build leaves out: drafts without `--drafts`, stories dated after "now" without
/// `--future`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub drafts: usize,
    pub future: usize,
}

/// A tag as shown (`name`, the first spelling met) and as used in URLs (`slug`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

/// One URL of a sitemap, with its translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// (hreflang, path) for every version, itself included, plus `x-default` where there is one.
    pub alternates: Vec<(String, String)>,
}

/// Where a page is in one language: its own translation, or that language's front page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub language: String,
    pub path: String,
    pub translated: bool,
}

/// One output file to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Root,
    Front {
        language: String,
    },
    Category {
        language: String,
        category: String,
        /// 1-based.
        page: usize,
        total_pages: usize,
        articles: Vec<ArticleId>,
    },
    Article(ArticleId),
    Page(PageId),
    NotFound,
    TagIndex {
        language: String,
        tags: Vec<(TagRef, usize)>,
    },
    Tag {
        language: String,
        tag: TagRef,
        page: usize,
        total_pages: usize,
        articles: Vec<ArticleId>,
    },
    ArchiveIndex {
        language: String,
        months: Vec<(i32, u32, usize)>,
    },
    Archive {
        language: String,
        year: i32,
        month: u32,
        articles: Vec<ArticleId>,
    },
    /// RSS 2.0 of a language, or of one of its categories.
    Feed {
        language: String,
        category: Option<String>,
        articles: Vec<ArticleId>,
    },
    SitemapIndex {
        sitemaps: Vec<String>,
    },
    Sitemap {
        entries: Vec<SitemapEntry>,
    },
    NewsSitemap {
        articles: Vec<ArticleId>,
    },
    Robots {
        sitemaps: Vec<String>,
    },
    /// `_redirects` for Netlify and Cloudflare Pages: (old path, new path).
    Redirects {
        rules: Vec<(String, String)>,
    },
    /// An HTML page at an old address that sends readers to the new one.
    Alias {
        target: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub kind: JobKind,
    /// The page's path below the site root as a URL: `en/politics/` (empty for the root).
    pub path: String,
}

impl Job {
    /// The file to write, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
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
        let language_rank = |code: &str| {
            config
                .languages
                .iter()
                .position(|l| l.code == code)
                .unwrap_or(usize::MAX)
        };
        let is_future = |a: &Article| a.written.with_timezone(&Utc) > selection.now;
        let left_out = LeftOut {
            drafts: content
                .articles
                .iter()
                .filter(|a| a.draft && !selection.drafts)
                .count()
                + content
                    .pages
                    .iter()
                    .filter(|p| p.draft && !selection.drafts)
                    .count(),
            future: content
                .articles
                .iter()
                .filter(|a| is_future(a) && !selection.future && (selection.drafts || !a.draft))
                .count(),
        };
        let mut articles: Vec<Article> = content
            .articles
            .into_iter()
            .filter(|a| selection.drafts || !a.draft)
            .filter(|a| selection.future || !is_future(a))
            .collect();
        articles.sort_by(|a, b| {
            (
                language_rank(&a.language),
                std::cmp::Reverse(a.written),
                &a.source,
            )
                .cmp(&(
                    language_rank(&b.language),
                    std::cmp::Reverse(b.written),
                    &b.source,
                ))
        });
        let mut pages: Vec<Page> = content
            .pages
            .into_iter()
            .filter(|p| selection.drafts || !p.draft)
            .collect();
        pages.sort_by(|a, b| {
            (language_rank(&a.language), &a.source).cmp(&(language_rank(&b.language), &b.source))
        });

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
        for (id, article) in articles.iter().enumerate() {
            let range = by_language
                .entry(article.language.clone())
                .or_insert(id..id);
            range.end = id + 1;
            if article.editor_pick {
                picks.entry(article.language.clone()).or_default().push(id);
            }
        }
        let mut months: BTreeMap<String, std::collections::BTreeSet<(i32, u32)>> = BTreeMap::new();
        for article in &articles {
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

    /// Every page of the site, in a stable order. Two pages that would write one file are an
    /// error naming both sources.
    pub fn plan(&self, diagnostics: &mut Diagnostics) -> Vec<Job> {
        let mut jobs = vec![
            Job {
                kind: JobKind::Root,
                path: String::new(),
            },
            Job {
                kind: JobKind::NotFound,
                path: "404.html".to_string(),
            },
        ];
        for language in &self.config.languages {
            let code = &language.code;
            jobs.push(Job {
                kind: JobKind::Front {
                    language: code.clone(),
                },
                path: format!("{code}/"),
            });
            for category in &self.config.categories {
                let ids: Vec<ArticleId> = self
                    .articles_in(code)
                    .filter(|(_, a)| a.category == category.key)
                    .map(|(id, _)| id)
                    .collect();
                let chunks: Vec<&[ArticleId]> = if ids.is_empty() {
                    vec![&[]]
                } else {
                    ids.chunks(self.config.page_size.max(1)).collect()
                };
                let total_pages = chunks.len();
                for (index, chunk) in chunks.into_iter().enumerate() {
                    jobs.push(Job {
                        kind: JobKind::Category {
                            language: code.clone(),
                            category: category.key.clone(),
                            page: index + 1,
                            total_pages,
                            articles: chunk.to_vec(),
                        },
                        path: category_page_path(code, &category.key, index + 1),
                    });
                }
            }
        }
        jobs.extend((0..self.articles.len()).map(|id| Job {
            kind: JobKind::Article(id),
            path: self.article_path(id),
        }));
        jobs.extend((0..self.pages.len()).map(|id| Job {
            kind: JobKind::Page(id),
            path: self.page_path(id),
        }));
        for language in &self.config.languages {
            self.plan_language_extras(&language.code, &mut jobs);
        }
        self.plan_discovery(&mut jobs);
        self.plan_aliases(&mut jobs, diagnostics);
        self.report_collisions(&jobs, diagnostics);
        jobs
    }

    /// Tag pages, the date archive and the feeds of one language.
    fn plan_language_extras(&self, code: &str, jobs: &mut Vec<Job>) {
        let ids: Vec<ArticleId> = self.articles_in(code).map(|(id, _)| id).collect();
        jobs.push(Job {
            kind: JobKind::Feed {
                language: code.to_string(),
                category: None,
                articles: ids.iter().copied().take(FEED_SIZE).collect(),
            },
            path: format!("{code}/rss.xml"),
        });
        for category in &self.config.categories {
            jobs.push(Job {
                kind: JobKind::Feed {
                    language: code.to_string(),
                    category: Some(category.key.clone()),
                    articles: ids
                        .iter()
                        .copied()
                        .filter(|id| self.articles[*id].category == category.key)
                        .take(FEED_SIZE)
                        .collect(),
                },
                path: format!("{code}/{}/rss.xml", category.key),
            });
        }

        let tags = self.tags_in(code);
        jobs.push(Job {
            kind: JobKind::TagIndex {
                language: code.to_string(),
                tags: tags
                    .iter()
                    .map(|(tag, ids)| (tag.clone(), ids.len()))
                    .collect(),
            },
            path: format!("{code}/tags/"),
        });
        for (tag, tag_ids) in tags {
            let chunks: Vec<&[ArticleId]> = tag_ids.chunks(self.config.page_size.max(1)).collect();
            let total_pages = chunks.len();
            for (index, chunk) in chunks.into_iter().enumerate() {
                jobs.push(Job {
                    path: tag_page_path(code, &tag.slug, index + 1),
                    kind: JobKind::Tag {
                        language: code.to_string(),
                        tag: tag.clone(),
                        page: index + 1,
                        total_pages,
                        articles: chunk.to_vec(),
                    },
                });
            }
        }

        let months = self.months_in(code);
        jobs.push(Job {
            kind: JobKind::ArchiveIndex {
                language: code.to_string(),
                months: months
                    .iter()
                    .map(|((y, m), ids)| (*y, *m, ids.len()))
                    .collect(),
            },
            path: format!("{code}/archive/"),
        });
        for ((year, month), month_ids) in months {
            jobs.push(Job {
                path: archive_path(code, year, month),
                kind: JobKind::Archive {
                    language: code.to_string(),
                    year,
                    month,
                    articles: month_ids,
                },
            });
        }
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

    /// Sitemaps, the news sitemap, robots.txt.
    fn plan_discovery(&self, jobs: &mut Vec<Job>) {
        let mut sitemaps = Vec::new();
        for language in &self.config.languages {
            let entries: Vec<SitemapEntry> = jobs
                .iter()
                .filter(|job| {
                    self.in_sitemap(job) && self.job_language(job) == Some(language.code.as_str())
                })
                .map(|job| self.sitemap_entry(job))
                .collect();
            let parts: Vec<&[SitemapEntry]> = if entries.is_empty() {
                vec![&[]]
            } else {
                entries.chunks(SITEMAP_LIMIT).collect()
            };
            for (index, part) in parts.into_iter().enumerate() {
                let path = if index == 0 {
                    format!("sitemaps/{}.xml", language.code)
                } else {
                    format!("sitemaps/{}-{}.xml", language.code, index + 1)
                };
                sitemaps.push(path.clone());
                jobs.push(Job {
                    kind: JobKind::Sitemap {
                        entries: part.to_vec(),
                    },
                    path,
                });
            }
        }
        let window_start = self.now - chrono::Duration::hours(NEWS_WINDOW_HOURS);
        let mut news: Vec<ArticleId> = (0..self.articles.len())
            .filter(|id| {
                let written = self.articles[*id].written.with_timezone(&Utc);
                written > window_start && written <= self.now
            })
            .collect();
        news.sort_by_key(|id| std::cmp::Reverse(self.articles[*id].written));
        news.truncate(NEWS_LIMIT);
        jobs.push(Job {
            kind: JobKind::NewsSitemap { articles: news },
            path: "news-sitemap.xml".to_string(),
        });
        jobs.push(Job {
            kind: JobKind::SitemapIndex {
                sitemaps: sitemaps.clone(),
            },
            path: "sitemap.xml".to_string(),
        });
        jobs.push(Job {
            kind: JobKind::Robots {
                sitemaps: vec!["sitemap.xml".to_string(), "news-sitemap.xml".to_string()],
            },
            path: "robots.txt".to_string(),
        });
    }

    /// An HTML page at every alias, and one `_redirects` file listing them all. An alias that is
    /// the address of a real page, or another story's alias, is an error.
    fn plan_aliases(&self, jobs: &mut Vec<Job>, diagnostics: &mut Diagnostics) {
        let base_path = self.config.base_path().to_string();
        let mut rules = Vec::new();
        let mut claimed: BTreeMap<String, &PathBuf> = BTreeMap::new();
        let mut alias_jobs = Vec::new();
        let existing: std::collections::BTreeSet<String> =
            jobs.iter().map(Job::output_file).collect();
        let sources = self
            .articles
            .iter()
            .enumerate()
            .map(|(id, a)| (&a.aliases, &a.source, self.article_path(id)))
            .chain(
                self.pages
                    .iter()
                    .enumerate()
                    .map(|(id, p)| (&p.aliases, &p.source, self.page_path(id))),
            );
        for (aliases, source, target) in sources {
            for alias in aliases {
                let path = alias.trim_start_matches('/').to_string();
                let job = Job {
                    kind: JobKind::Alias {
                        target: target.clone(),
                    },
                    path: path.clone(),
                };
                if existing.contains(&job.output_file()) {
                    diagnostics.error(
                        Location::file(source),
                        format!("the alias {alias} is the address of an existing page; remove it from aliases"),
                    );
                    continue;
                }
                if let Some(first) = claimed.get(&job.output_file()) {
                    diagnostics.error(
                        Location::file(source),
                        format!(
                            "the alias {alias} is also an alias of {}; an old address can lead to one story only",
                            display_path(first)
                        ),
                    );
                    continue;
                }
                claimed.insert(job.output_file(), source);
                rules.push((
                    format!("{base_path}{}", path),
                    format!("{base_path}{target}"),
                ));
                alias_jobs.push(job);
            }
        }
        rules.sort();
        alias_jobs.sort_by(|a, b| a.path.cmp(&b.path));
        jobs.extend(alias_jobs);
        jobs.push(Job {
            kind: JobKind::Redirects { rules },
            path: "_redirects".to_string(),
        });
    }

    /// The language a job's page is in; `None` for site-wide files.
    pub fn job_language<'a>(&'a self, job: &'a Job) -> Option<&'a str> {
        match &job.kind {
            JobKind::Front { language }
            | JobKind::Category { language, .. }
            | JobKind::TagIndex { language, .. }
            | JobKind::Tag { language, .. }
            | JobKind::ArchiveIndex { language, .. }
            | JobKind::Archive { language, .. }
            | JobKind::Feed { language, .. } => Some(language),
            JobKind::Article(id) => Some(&self.articles[*id].language),
            JobKind::Page(id) => Some(&self.pages[*id].language),
            _ => None,
        }
    }

    /// Pages readers search for: front pages, first category and tag pages, stories, pages.
    fn in_sitemap(&self, job: &Job) -> bool {
        match &job.kind {
            JobKind::Front { .. }
            | JobKind::Article(_)
            | JobKind::Page(_)
            | JobKind::Archive { .. } => true,
            JobKind::Category { page, .. } | JobKind::Tag { page, .. } => *page == 1,
            _ => false,
        }
    }

    fn sitemap_entry(&self, job: &Job) -> SitemapEntry {
        let lastmod = match &job.kind {
            JobKind::Article(id) => Some(self.articles[*id].updated),
            JobKind::Category { articles, .. }
            | JobKind::Tag { articles, .. }
            | JobKind::Archive { articles, .. } => {
                articles.iter().map(|id| self.articles[*id].updated).max()
            }
            JobKind::Front { language } => self.articles_in(language).map(|(_, a)| a.updated).max(),
            _ => None,
        };
        SitemapEntry {
            path: job.path.clone(),
            lastmod,
            alternates: self.alternates(job),
        }
    }

    /// `(hreflang, path)` of each existing version of a page plus `x-default`: the default
    /// language's version of a story, or the language chooser for front pages.
    pub fn alternates(&self, job: &Job) -> Vec<(String, String)> {
        let versions = self.versions(job);
        let mut alternates: Vec<(String, String)> = versions
            .iter()
            .filter(|v| v.translated)
            .map(|v| (v.language.clone(), v.path.clone()))
            .collect();
        let x_default = match &job.kind {
            JobKind::Front { .. } | JobKind::Root => Some(String::new()),
            JobKind::NotFound | JobKind::Tag { .. } | JobKind::TagIndex { .. } => None,
            // The default language's version, else the first one in site.yaml order.
            _ => versions
                .iter()
                .find(|v| v.translated && v.language == self.config.default_language)
                .or_else(|| versions.iter().find(|v| v.translated))
                .map(|v| v.path.clone()),
        };
        match x_default {
            Some(path)
                if alternates.len() > 1
                    || matches!(job.kind, JobKind::Root | JobKind::Front { .. }) =>
            {
                alternates.push(("x-default".to_string(), path));
                alternates
            }
            // A page with no other version needs no hreflang links at all.
            _ if alternates.len() <= 1 => Vec::new(),
            _ => alternates,
        }
    }

    /// Where this page is in every language, in `site.yaml` order.
    pub fn versions(&self, job: &Job) -> Vec<Version> {
        let current = self.job_language(job);
        self.config
            .languages
            .iter()
            .map(|other| {
                let code = other.code.as_str();
                let own = match &job.kind {
                    JobKind::Article(id) => self
                        .translations_of(*id)
                        .get(code)
                        .map(|t| self.article_path(*t)),
                    JobKind::Page(id) => self
                        .page_translations_of(*id)
                        .get(code)
                        .map(|t| self.page_path(*t)),
                    // Page 2 of a list has no equal in another language: it names only itself.
                    JobKind::Category { category, page, .. } if Some(code) == current => {
                        Some(category_page_path(code, category, *page))
                    }
                    JobKind::Category { category, page, .. } => {
                        (*page == 1).then(|| category_page_path(code, category, 1))
                    }
                    JobKind::Front { .. } | JobKind::Root | JobKind::NotFound => {
                        Some(format!("{code}/"))
                    }
                    JobKind::TagIndex { .. } => Some(format!("{code}/tags/")),
                    JobKind::ArchiveIndex { .. } => Some(format!("{code}/archive/")),
                    JobKind::Archive { year, month, .. } => {
                        let has_month = self
                            .months
                            .get(code)
                            .is_some_and(|months| months.contains(&(*year, *month)));
                        has_month.then(|| archive_path(code, *year, *month))
                    }
                    // A tag is a word of one language; other languages have their own.
                    JobKind::Tag { tag, page, .. } => {
                        (Some(code) == current).then(|| tag_page_path(code, &tag.slug, *page))
                    }
                    _ => None,
                };
                match own {
                    Some(path) => Version {
                        language: other.code.clone(),
                        path,
                        translated: true,
                    },
                    // The switcher still goes somewhere useful: the same category's first page,
                    // else the language's front page.
                    None => Version {
                        language: other.code.clone(),
                        path: match &job.kind {
                            JobKind::Category { category, .. } => {
                                category_page_path(code, category, 1)
                            }
                            _ => format!("{code}/"),
                        },
                        translated: false,
                    },
                }
            })
            .collect()
    }

    /// The content file a job comes from, or what generates it, for collision messages.
    pub fn origin(&self, job: &Job) -> (Option<PathBuf>, String) {
        match &job.kind {
            JobKind::Article(id) => (Some(self.articles[*id].source.clone()), String::new()),
            JobKind::Page(id) => (Some(self.pages[*id].source.clone()), String::new()),
            JobKind::Root => (None, "the language chooser".to_string()),
            JobKind::NotFound => (None, "the not-found page".to_string()),
            JobKind::Front { language } => (None, format!("the '{language}' front page")),
            JobKind::Category { category, page, .. } => {
                (None, format!("page {page} of the category '{category}'"))
            }
            JobKind::Alias { target } => (None, format!("an alias of /{target}")),
            other => (
                None,
                format!("the generated file {}", page_kind_name(other)),
            ),
        }
    }

    fn report_collisions(&self, jobs: &[Job], diagnostics: &mut Diagnostics) {
        let mut by_file: BTreeMap<String, Vec<&Job>> = BTreeMap::new();
        for job in jobs {
            by_file.entry(job.output_file()).or_default().push(job);
        }
        for (file, claimants) in by_file.into_iter().filter(|(_, c)| c.len() > 1) {
            let origins: Vec<(Option<PathBuf>, String)> =
                claimants.iter().map(|j| self.origin(j)).collect();
            let names: Vec<String> = origins
                .iter()
                .map(|(path, what)| {
                    path.as_deref()
                        .map(display_path)
                        .unwrap_or_else(|| what.clone())
                })
                .collect();
            let url = format!("/{}", claimants[0].path);
            for (path, _) in origins.iter().filter(|(p, _)| p.is_some()) {
                let path = path.clone().unwrap_or_default();
                let others: Vec<&String> = names
                    .iter()
                    .filter(|n| **n != display_path(&path))
                    .collect();
                diagnostics.error(
                    Location::file(&path),
                    format!(
                        "writes the same URL {url} ({file}) as {}; give one of them another slug",
                        others
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                );
            }
        }
    }
}

fn page_kind_name(kind: &JobKind) -> &'static str {
    match kind {
        JobKind::TagIndex { .. } | JobKind::Tag { .. } => "of a tag",
        JobKind::ArchiveIndex { .. } | JobKind::Archive { .. } => "of the archive",
        JobKind::Feed { .. } => "of a feed",
        _ => "of the site",
    }
}

pub fn tag_page_path(language: &str, slug: &str, page: usize) -> String {
    if page <= 1 {
        format!("{language}/tags/{slug}/")
    } else {
        format!("{language}/tags/{slug}/page/{page}/")
    }
}

pub fn archive_path(language: &str, year: i32, month: u32) -> String {
    format!("{language}/archive/{year:04}/{month:02}/")
}

/// A tag's URL segment for any script: lower-cased letters and digits of every alphabet kept,
/// runs of anything else turned into one `-`. "Korea–NATO" -> "korea-nato", "북한 군" -> "북한-군".
pub fn tag_slug(tag: &str) -> String {
    let mut slug = String::with_capacity(tag.len());
    for c in tag.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c.is_mark() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks (Arabic harakat, Devanagari vowel signs) belong to the word they sit on.
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x3099..=0x309A)
    }
}

pub fn category_page_path(language: &str, category: &str, page: usize) -> String {
    if page <= 1 {
        format!("{language}/{category}/")
    } else {
        format!("{language}/{category}/page/{page}/")
    }
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
