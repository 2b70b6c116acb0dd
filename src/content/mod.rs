//! Reads `content/`: every Markdown file becomes an `Article` or a `Page`, or diagnostics.
//!
//! This is the only stage that touches content files, YAML front-matter and Markdown. It never
//! stops at the first bad file: each file is read on its own (in parallel) and its problems are
//! collected, so one build reports them all. This module finds the files and owns the types;
//! `document` reads one file step by step, with `frontmatter` for its fields, `resolve` for their
//! values and `markdown` for its body.

mod body;
mod dates;
mod document;
mod embed;
pub mod frontmatter;
mod links;
pub mod markdown;
mod resolve;
mod reuse;

pub use body::{Body, StoredBodies};
pub(crate) use body::{BodyImage, body_images};
pub use document::process_bytes;
pub use embed::{Embed, marker as embed_marker};
pub use links::{StoryLink, fill_story_links};
pub use resolve::normalize_slug;
pub use reuse::{Earlier, FileRead, FileRecord, FileRecordRef, Stamp, load_reusing};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostics, Location};
use chrono::{DateTime, FixedOffset};
use document::read_document;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";
pub const PAGES_DIR: &str = "pages";
/// What `new --translate` puts before every text still to be translated.
pub const TRANSLATE_MARKER: &str = "TRANSLATE: ";

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
    /// As written in the front-matter, for a remote photo.
    pub width: Option<u32>,
    pub height: Option<u32>,
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
    /// The names of the byline joined by ", " (empty without one), for feeds and structured data.
    pub author: String,
    /// The byline, in the order written: declared authors with their key, and free-text names.
    pub bylines: Vec<Byline>,
    /// Boxed: most stories of an archive have none, and every story is held for the whole build.
    pub photo: Option<Box<Photo>>,
    pub tags: Vec<String>,
    pub editor_pick: bool,
    pub draft: bool,
    pub aliases: Vec<String>,
    /// The line of the file each alias is written on, for messages.
    pub alias_lines: Vec<usize>,
    /// `extra:` of the front-matter for the templates: a JSON object (empty when not given).
    #[serde(with = "json_as_text")]
    pub extra: serde_json::Value,
    pub body: Body,
    /// The body's links to other stories and pages, by source file; the body holds a
    /// placeholder for each, which rendering fills with the URL.
    pub story_links: Vec<StoryLink>,
    /// Oldest first. The latest one is the story's `updated` time unless that is later.
    pub corrections: Vec<Correction>,
    /// After this time the story is taken down, as if `withdrawn`.
    pub expires: Option<DateTime<FixedOffset>>,
    pub withdrawn: bool,
    /// What readers of the taken-down story's address are told; may be empty.
    pub withdrawn_note: String,
    /// The body's embeds; marker `n` of the body stands for the `n`th.
    pub embeds: Vec<Embed>,
}

/// One name of a byline: a reporter declared in site.yaml (with a page), or free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Byline {
    /// In the story's language.
    pub name: String,
    /// The key of the declared author, whose pages are `/<code>/authors/<key>/`.
    pub key: Option<String>,
}

/// A dated notice that a published story was changed to fix an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub date: DateTime<FixedOffset>,
    pub text: String,
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
    /// The line of the file each alias is written on, for messages.
    pub alias_lines: Vec<usize>,
    /// `extra:` of the front-matter for the templates: a JSON object (empty when not given).
    #[serde(with = "json_as_text")]
    pub extra: serde_json::Value,
    pub body_html: String,
    /// The body's links to other stories and pages, by source file; `body_html` holds a
    /// placeholder for each, which rendering fills with the URL.
    pub story_links: Vec<StoryLink>,
    /// The body's embeds; marker `n` of `body_html` stands for the `n`th.
    pub embeds: Vec<Embed>,
}

#[derive(Debug, Default)]
pub struct Content {
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
}

/// `extra` is stored in the build cache as JSON text: the cache's encoding (postcard) cannot hold
/// a value whose shape it does not know in advance.
mod json_as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// What one content file becomes.
pub(super) enum Document {
    Article(Box<Article>),
    Page(Box<Page>),
}

impl Content {
    pub(super) fn add(&mut self, document: Option<Document>) {
        match document {
            Some(Document::Article(article)) => self.articles.push(*article),
            Some(Document::Page(page)) => self.pages.push(*page),
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
        .filter_entry(|entry| entry.depth() == 0 || !is_editor_leftover(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A symbolic link to nothing (an editor's lock file, a moved target) is no story.
            Err(err) if is_dangling_link(&err) => continue,
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

/// Files editors leave beside the stories, never content: hidden files and folders (`.git`, Vim's
/// `.story.md.swp`, Emacs's `.#story.md` lock, LibreOffice's `.~lock.story.md#`), Word's
/// `~$story.md` owner file, Emacs's `#story.md#` auto-save and backups ending in `~`.
pub fn is_editor_leftover(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with(['.', '~', '#']) || name.ends_with('~')
}

/// Whether a walk error is a symbolic link whose target does not exist.
fn is_dangling_link(err: &walkdir::Error) -> bool {
    err.path().is_some_and(|path| {
        path.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
            && !path.exists()
    })
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
