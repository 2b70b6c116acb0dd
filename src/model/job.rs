//! The output files of a site as data: a `Job` per file, and what each kind of page is (its
//! language, template, whether it is in the sitemap, whether it shows stories, where it comes from).

use super::*;

/// One URL of a sitemap, with its translations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
    /// (hreflang, path) for every version, itself included, plus `x-default` where there is one.
    pub alternates: Vec<(String, String)>,
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
        position: ListPosition,
        articles: Vec<ArticleId>,
    },
    Article(ArticleId),
    /// The notice at the address of a story taken down (an index of `Site::taken_down`).
    TakenDown(usize),
    Page(PageId),
    /// The root `/404.html`, which offers every language.
    NotFound,
    /// `/<code>/404.html`: not found, in one language (hosts serve it below `/<code>/`).
    LanguageNotFound {
        language: String,
    },
    TagIndex {
        language: String,
        tags: Vec<(TagRef, usize)>,
    },
    Tag {
        language: String,
        tag: TagRef,
        position: ListPosition,
        /// The tag's stories on all its pages, shown on its own URL only (a count on the numbered
        /// pages would rewrite them all for each new story).
        total_articles: Option<usize>,
        articles: Vec<ArticleId>,
    },
    /// A page of a declared author's stories in one language.
    Author {
        language: String,
        author: String,
        position: ListPosition,
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
    /// The feed of a language, or of one of its categories, in RSS 2.0 or Atom.
    Feed {
        format: FeedFormat,
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
    /// `_redirects` for Netlify and Cloudflare Pages: (old path, new path, HTTP status).
    Redirects {
        rules: Vec<(String, String, u16)>,
        /// The language codes whose `/<code>/404.html` serves what is missing below `/<code>/`.
        languages: Vec<String>,
    },
    /// One size and format of a photo (`Site::photos`), made by the `photos` stage rather than
    /// a template.
    Variant {
        /// The photo, below `static/`.
        source: String,
        /// Of its `variants`.
        index: usize,
    },
    /// `/<code>/search/`: the search page of a language.
    Search {
        language: String,
    },
    /// The small file every query of a language reads first: the index's layout.
    SearchRoot {
        language: String,
        /// The story count the impacts assume (a power of two; it changes in steps).
        documents: usize,
        /// The story length in tokens the impacts assume (a power of two).
        average_length: u64,
        shard_bits: u32,
        /// A story's bundle is its id shifted right by this many bits.
        bundle_bits: u32,
    },
    /// A file of the terms whose hash falls in one shard, as its text: the heads of their
    /// posting lists (`t/`) or their tails (`c/`).
    SearchShard {
        language: String,
        terms: std::sync::Arc<str>,
    },
    /// What a result card shows of the stories whose ids fall in one bundle: (id, story).
    SearchBundle {
        language: String,
        documents: Vec<(u32, ArticleId)>,
    },
    /// An HTML page at an old address that sends readers to the new one.
    Alias {
        target: String,
        /// The file whose `aliases` list it.
        source: PathBuf,
    },
}

/// A page of a list and the pages its pager links to. Only the neighbours, never how many pages
/// there are: a numbered page's bytes (and fingerprint) then change only when its own stories do,
/// or once, when the page after it stops being part of the list's own URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListPosition {
    pub page: ListPage,
    /// The next newer stories: the following numbered page, or the list's own URL; `None` there.
    pub newer: Option<ListPage>,
    /// The numbered page of the next older stories; `None` on page 1, and on the list's own URL
    /// of a list too short for numbered pages.
    pub older: Option<usize>,
}

/// The two syndication formats every feed is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeedFormat {
    Rss,
    Atom,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 2] = [FeedFormat::Rss, FeedFormat::Atom];

    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Atom => "atom.xml",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
        }
    }
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

impl JobKind {
    /// The Tera template of an HTML page; `None` for the files `render::discovery` writes without
    /// templates (feeds, sitemaps, robots.txt, `_redirects`, alias pages).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            JobKind::Root => "root.html",
            JobKind::NotFound | JobKind::LanguageNotFound { .. } => "404.html",
            JobKind::Front { .. } => "front.html",
            JobKind::Category { .. } => "category.html",
            JobKind::Article(_) => "article.html",
            JobKind::TakenDown(_) => "withdrawn.html",
            JobKind::Page(_) => "page.html",
            JobKind::TagIndex { .. } => "tags.html",
            JobKind::Tag { .. } => "tag.html",
            JobKind::Author { .. } => "author.html",
            JobKind::ArchiveIndex { .. } => "archives.html",
            JobKind::Archive { .. } => "archive.html",
            JobKind::Search { .. } => "search.html",
            JobKind::SearchRoot { .. }
            | JobKind::SearchShard { .. }
            | JobKind::SearchBundle { .. } => return None,
            JobKind::Feed { .. }
            | JobKind::SitemapIndex { .. }
            | JobKind::Sitemap { .. }
            | JobKind::NewsSitemap { .. }
            | JobKind::Robots { .. }
            | JobKind::Redirects { .. }
            | JobKind::Variant { .. }
            | JobKind::Alias { .. } => return None,
        })
    }

    /// The kind's name as templates see it (`page_kind`), for styles and scripts per kind.
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::Root => "root",
            JobKind::Front { .. } => "front",
            JobKind::Category { .. } => "category",
            JobKind::Article(_) => "article",
            JobKind::TakenDown(_) => "withdrawn",
            JobKind::Page(_) => "page",
            JobKind::NotFound | JobKind::LanguageNotFound { .. } => "404",
            JobKind::TagIndex { .. } => "tags",
            JobKind::Tag { .. } => "tag",
            JobKind::Author { .. } => "author",
            JobKind::ArchiveIndex { .. } => "archives",
            JobKind::Archive { .. } => "archive",
            JobKind::Search { .. } => "search",
            _ => "file",
        }
    }

    /// Pages readers search for: front pages, every page of category, tag and author lists
    /// (numbered pages keep their stories, so their URLs are worth indexing), stories, pages and
    /// the months of the archive.
    pub fn in_sitemap(&self) -> bool {
        matches!(
            self,
            JobKind::Front { .. }
                | JobKind::Article(_)
                | JobKind::Page(_)
                | JobKind::Archive { .. }
                | JobKind::Category { .. }
                | JobKind::Tag { .. }
                | JobKind::Author { .. }
        )
    }

    /// The category the page belongs to, for the menu's current item and the category feed.
    pub fn category<'a>(&'a self, site: &'a Site) -> Option<&'a str> {
        match self {
            JobKind::Category { category, .. } => Some(category),
            JobKind::Article(id) => Some(&site.articles[*id].category),
            _ => None,
        }
    }
}

/// Where an output file comes from, for messages about two outputs that clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A story or standalone page, read from this file (relative to the site root).
    Source(PathBuf),
    /// An old address of the page at `target`, listed in the `aliases` of `source`.
    Alias { target: String, source: PathBuf },
    /// A page the site makes by itself, described for a reader ("the 'en' front page").
    Generated(String),
}

impl Origin {
    /// The content file to blame for a clash, where there is one.
    pub fn source(&self) -> Option<&Path> {
        match self {
            Origin::Source(source) => Some(source),
            Origin::Alias { source, .. } => Some(source),
            Origin::Generated(_) => None,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Source(source) => write!(f, "{}", display_path(source)),
            Origin::Alias { target, source } => {
                write!(f, "an alias of /{target} ({})", display_path(source))
            }
            Origin::Generated(what) => f.write_str(what),
        }
    }
}

impl Site {
    /// The language a job's page is in; `None` for site-wide files.
    pub fn job_language<'a>(&'a self, job: &'a Job) -> Option<&'a str> {
        match &job.kind {
            JobKind::Front { language }
            | JobKind::Category { language, .. }
            | JobKind::TagIndex { language, .. }
            | JobKind::Tag { language, .. }
            | JobKind::Author { language, .. }
            | JobKind::ArchiveIndex { language, .. }
            | JobKind::Archive { language, .. }
            | JobKind::Feed { language, .. }
            | JobKind::Search { language }
            | JobKind::SearchRoot { language, .. }
            | JobKind::SearchShard { language, .. }
            | JobKind::SearchBundle { language, .. }
            | JobKind::LanguageNotFound { language } => Some(language),
            JobKind::Article(id) => Some(&self.articles[*id].language),
            JobKind::TakenDown(index) => Some(&self.taken_down[*index].language),
            JobKind::Page(id) => Some(&self.pages[*id].language),
            _ => None,
        }
    }

    /// The content file a job comes from, or what generates it.
    pub fn origin(&self, job: &Job) -> Origin {
        let generated = |what: String| Origin::Generated(what);
        match &job.kind {
            JobKind::Article(id) => Origin::Source(self.articles[*id].source.clone()),
            JobKind::TakenDown(index) => Origin::Source(self.taken_down[*index].source.clone()),
            JobKind::Page(id) => Origin::Source(self.pages[*id].source.clone()),
            JobKind::Variant { source, .. } => {
                Origin::Generated(format!("a resized copy of static/{source}"))
            }
            JobKind::Alias { target, source } => Origin::Alias {
                target: target.clone(),
                source: source.clone(),
            },
            JobKind::Root => generated("the language chooser".to_string()),
            JobKind::NotFound => generated("the not-found page".to_string()),
            JobKind::LanguageNotFound { language } => {
                generated(format!("the '{language}' not-found page"))
            }
            JobKind::Front { language } => generated(format!("the '{language}' front page")),
            JobKind::Category {
                category, position, ..
            } => generated(format!("{} of the category '{category}'", position.page)),
            JobKind::TagIndex { .. } | JobKind::Tag { .. } => {
                generated("the generated file of a tag".to_string())
            }
            JobKind::Author {
                author, position, ..
            } => generated(format!("{} of the author '{author}'", position.page)),
            JobKind::ArchiveIndex { .. } | JobKind::Archive { .. } => {
                generated("the generated file of the archive".to_string())
            }
            JobKind::Feed { .. } => generated("the generated file of a feed".to_string()),
            JobKind::Search { language } => generated(format!("the '{language}' search page")),
            JobKind::SearchRoot { .. }
            | JobKind::SearchShard { .. }
            | JobKind::SearchBundle { .. } => generated("a file of the search index".to_string()),
            JobKind::SitemapIndex { .. }
            | JobKind::Sitemap { .. }
            | JobKind::NewsSitemap { .. }
            | JobKind::Robots { .. }
            | JobKind::Redirects { .. } => generated("the generated file of the site".to_string()),
        }
    }
}
