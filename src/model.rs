//! The site as data: which stories are published, how they link as translations, and every output
//! page planned as a `Job`. Pure data: no I/O, no templates.

use crate::config::SiteConfig;
use crate::content::{Article, Content, Page};
use crate::diagnostics::{Diagnostics, Location, display_path};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How many stories the front page lists as latest, and per category section.
pub const FRONT_LATEST: usize = 10;
pub const FRONT_SECTION: usize = 4;

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
        let mut articles: Vec<Article> = content
            .articles
            .into_iter()
            .filter(|a| selection.drafts || !a.draft)
            .filter(|a| selection.future || a.written.with_timezone(&Utc) <= selection.now)
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
        Site {
            config,
            articles,
            pages,
            article_translations,
            page_translations,
        }
    }

    pub fn articles_in(&self, language: &str) -> impl Iterator<Item = (ArticleId, &Article)> {
        self.articles
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.language == language)
    }

    /// The language's editor's picks, newest first, at most `editor_picks`, leaving one story out.
    pub fn editor_picks(&self, language: &str, except: Option<ArticleId>) -> Vec<ArticleId> {
        self.articles_in(language)
            .filter(|(id, a)| a.editor_pick && Some(*id) != except)
            .map(|(id, _)| id)
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
        self.report_collisions(&jobs, diagnostics);
        jobs
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
