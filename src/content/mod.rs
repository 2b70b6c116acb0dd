//! Reads `content/`: every Markdown file becomes an `Article` or a `Page`, or diagnostics.
//!
//! This is the only stage that touches content files, YAML front-matter and Markdown. It never
//! stops at the first bad file: each file is read on its own (in parallel) and its problems are
//! collected, so one build reports them all. This module finds the files and owns the types;
//! `document` reads one file step by step, with `frontmatter` for its fields, `resolve` for their
//! values and `markdown` for its body.

mod document;
pub mod frontmatter;
pub mod markdown;
mod resolve;
mod reuse;

pub use document::process_bytes;
pub use resolve::normalize_slug;
pub use reuse::{Earlier, FileRead, FileRecord, FileRecordRef, load_reusing};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostics, Location};
use chrono::{DateTime, FixedOffset};
use document::read_document;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";
pub const PAGES_DIR: &str = "pages";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PhotoSource {
    /// A path below `static/`, without a leading slash.
    Static(String),
    /// An http(s) URL.
    Remote(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Photo {
    pub src: PhotoSource,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Relative to the site root, e.g. `content/en/politics/nato-call.md`.
    pub source: PathBuf,
    pub language: String,
    pub category: String,
    pub title: String,
    pub slug: String,
    pub translation_key: String,
    pub written: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    /// The editor's summary, or the first paragraph of the body.
    pub summary: String,
    pub author: String,
    pub photo: Option<Photo>,
    pub tags: Vec<String>,
    pub editor_pick: bool,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub body_html: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub source: PathBuf,
    pub language: String,
    pub title: String,
    pub slug: String,
    pub translation_key: String,
    pub summary: String,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub body_html: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
}

/// What one content file becomes.
pub(super) enum Document {
    Article(Box<Article>),
    Page(Page),
}

impl Content {
    pub(super) fn add(&mut self, document: Option<Document>) {
        match document {
            Some(Document::Article(article)) => self.articles.push(*article),
            Some(Document::Page(page)) => self.pages.push(page),
            None => {}
        }
    }
}

/// Lists the Markdown files below `content/` with their language, sorted by path. Other files are
/// ignored; hidden files and folders (`.git`, editor swap files) too.
pub(super) fn discover(
    root: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Vec<(PathBuf, String)> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diagnostics.error(
            Location::file(CONTENT_DIR),
            "there is no content folder; create content/<language code>/ and put articles there",
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut unknown_languages = BTreeSet::new();
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                report_walk_error(root, &err, diagnostics);
                continue;
            }
        };
        if !entry.file_type().is_file() || !is_markdown(entry.path()) {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let language = match language_folder(&relative) {
            Some(language) => language,
            None => {
                diagnostics.error(
                    Location::file(&relative),
                    "articles belong in a language folder: move this file to content/<language code>/",
                );
                continue;
            }
        };
        if config.language(&language).is_none() {
            if unknown_languages.insert(language.clone()) {
                let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                diagnostics.error(
                    Location::file(Path::new(CONTENT_DIR).join(&language)),
                    format!(
                        "'{language}' is not a language of the site ({}); add it to languages in site.yaml or rename the folder",
                        codes.join(", ")
                    ),
                );
            }
            continue;
        }
        files.push((relative, language));
    }
    files
}

/// An entry of `content/` that cannot be read is reported; the walk goes on without it.
fn report_walk_error(root: &Path, err: &walkdir::Error, diagnostics: &mut Diagnostics) {
    let path = err
        .path()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    let message = if err.loop_ancestor().is_some() {
        "this symbolic link points back to a folder that contains it (a loop); it was skipped — remove the link".to_string()
    } else {
        format!(
            "cannot read this entry: {}",
            err.io_error().map_or(err.to_string(), |e| e.to_string())
        )
    };
    diagnostics.error(Location::file(path), message);
}

/// Reads one content file on its own, as `load` reads each file, for the preview server, which
/// re-reads only the files that changed. `relative` is below the site root
/// (`content/en/politics/nato-call.md`); the result holds its article or page, or nothing.
pub fn load_file(
    root: &Path,
    relative: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    let language = language_folder(relative).unwrap_or_default();
    if config.language(&language).is_none() {
        diagnostics.error(
            Location::file(relative),
            "this file is not in the folder of a language of the site: move it to content/<language code>/",
        );
        return content;
    }
    content.add(read_document(
        root,
        relative,
        &language,
        config,
        diagnostics,
    ));
    content
}

/// `.md` or `.markdown`, in any case (`NATO.MD` from a camera-happy editor counts too).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The first folder below `content/` of a file, which names its language; `None` for a file
/// directly in `content/`.
fn language_folder(relative: &Path) -> Option<String> {
    let below_content = relative.strip_prefix(CONTENT_DIR).unwrap_or(relative);
    let mut components = below_content.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(first)), Some(_)) => Some(first.to_string_lossy().into_owned()),
        _ => None,
    }
}
