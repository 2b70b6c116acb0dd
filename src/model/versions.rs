//! Where a page is in the other languages: the language switcher, hreflang alternates and the
//! sitemaps' entries.

use super::*;

/// Where a page is in one language: its own translation, or that language's front page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub language: String,
    pub path: String,
    pub translated: bool,
}

impl Site {
    pub(super) fn sitemap_entry(&self, job: &Job) -> SitemapEntry {
        let lastmod = match &job.kind {
            JobKind::Article(id) => Some(self.articles[*id].updated),
            JobKind::Category { articles, .. }
            | JobKind::Tag { articles, .. }
            | JobKind::Author { articles, .. }
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
    /// The language's BCP 47 tag (`zh-Hans`), which `hreflang` wants rather than the URL's code.
    fn hreflang(&self, code: &str) -> String {
        self.config
            .language(code)
            .map_or_else(|| code.to_string(), |l| l.tag.clone())
    }

    pub fn alternates(&self, job: &Job) -> Vec<(String, String)> {
        let versions = self.versions(job);
        let mut alternates: Vec<(String, String)> = versions
            .iter()
            .filter(|v| v.translated)
            .map(|v| (self.hreflang(&v.language), v.path.clone()))
            .collect();
        let x_default = match &job.kind {
            JobKind::Front { .. } | JobKind::Root => Some(String::new()),
            JobKind::NotFound
            | JobKind::LanguageNotFound { .. }
            | JobKind::Tag { .. }
            | JobKind::TagIndex { .. } => None,
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
                    // A numbered page of a list has no equal in another language: it names only
                    // itself.
                    JobKind::Category {
                        category, position, ..
                    } if Some(code) == current => Some(category_page_path(
                        code,
                        self.config.category_slug(code, category),
                        position.page,
                    )),
                    JobKind::Category {
                        category, position, ..
                    } => (position.page == ListPage::Newest).then(|| {
                        category_page_path(
                            code,
                            self.config.category_slug(code, category),
                            ListPage::Newest,
                        )
                    }),
                    JobKind::Front { .. }
                    | JobKind::Root
                    | JobKind::NotFound
                    | JobKind::LanguageNotFound { .. } => Some(format!("{code}/")),
                    JobKind::TagIndex { .. } => Some(format!("{code}/tags/")),
                    JobKind::Search { .. } => Some(format!("{code}/search/")),
                    JobKind::ArchiveIndex { .. } => Some(format!("{code}/archive/")),
                    JobKind::Archive { year, month, .. } => {
                        let has_month = self
                            .months
                            .get(code)
                            .is_some_and(|months| months.contains(&(*year, *month)));
                        has_month.then(|| archive_path(code, *year, *month))
                    }
                    // An author writes for every language; a numbered page names only itself.
                    JobKind::Author {
                        author, position, ..
                    } if Some(code) == current => {
                        Some(author_page_path(code, author, position.page))
                    }
                    JobKind::Author {
                        author, position, ..
                    } => (position.page == ListPage::Newest)
                        .then(|| author_page_path(code, author, ListPage::Newest)),
                    // A tag is a word of one language; other languages have their own.
                    JobKind::Tag { tag, position, .. } => (Some(code) == current)
                        .then(|| tag_page_path(code, &tag.slug, position.page)),
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
                            JobKind::Category { category, .. } => category_page_path(
                                code,
                                self.config.category_slug(code, category),
                                ListPage::Newest,
                            ),
                            JobKind::Author { author, .. } => {
                                author_page_path(code, author, ListPage::Newest)
                            }
                            _ => format!("{code}/"),
                        },
                        translated: false,
                    },
                }
            })
            .collect()
    }
}
