//! Reads `content/`: every Markdown file becomes an `Article` or a `Page`, or diagnostics.
//!
//! This is the only stage that touches content files, YAML front-matter and Markdown. It never
//! stops at the first bad file: each file is read on its own (in parallel) and its problems are
//! collected, so one build reports them all.

pub mod frontmatter;
pub mod markdown;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostics, Location, Severity};
use chrono::{DateTime, FixedOffset};
use frontmatter::{ARTICLE_FIELDS, FieldProblem, PAGE_FIELDS, ProblemKind, Reporter};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
pub const STATIC_DIR: &str = "static";
pub const PAGES_DIR: &str = "pages";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoSource {
    /// A path below `static/`, without a leading slash.
    Static(String),
    /// An http(s) URL.
    Remote(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub src: PhotoSource,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

#[derive(Debug, Clone)]
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

#[derive(Debug, Clone)]
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

enum Document {
    Article(Box<Article>),
    Page(Page),
}

/// Reads every content file of the site. Articles come back in path order.
pub fn load(root: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> Content {
    let files = discover(root, config, diagnostics);
    let results: Vec<(Option<Document>, Diagnostics)> = files
        .par_iter()
        .map(|(relative, language)| {
            let mut file_diagnostics = Diagnostics::new();
            let document = read_document(root, relative, language, config, &mut file_diagnostics);
            (document, file_diagnostics)
        })
        .collect();
    let mut content = Content::default();
    for (document, file_diagnostics) in results {
        diagnostics.extend(file_diagnostics);
        match document {
            Some(Document::Article(article)) => content.articles.push(*article),
            Some(Document::Page(page)) => content.pages.push(page),
            None => {}
        }
    }
    content
}

/// Lists the Markdown files below `content/` with their language, sorted by path. Other files are
/// ignored; hidden files and folders (`.git`, editor swap files) too.
fn discover(
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
        let below_content = relative.strip_prefix(CONTENT_DIR).unwrap_or(&relative);
        let mut components = below_content.components();
        let language = match (components.next(), components.next()) {
            (Some(Component::Normal(first)), Some(_)) => first.to_string_lossy().into_owned(),
            _ => {
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
    let below_content = relative.strip_prefix(CONTENT_DIR).unwrap_or(relative);
    let mut components = below_content.components();
    let language = match (components.next(), components.next()) {
        (Some(Component::Normal(first)), Some(_)) => first.to_string_lossy().into_owned(),
        _ => String::new(),
    };
    if config.language(&language).is_none() {
        diagnostics.error(
            Location::file(relative),
            "this file is not in the folder of a language of the site: move it to content/<language code>/",
        );
        return content;
    }
    match read_document(root, relative, &language, config, diagnostics) {
        Some(Document::Article(article)) => content.articles.push(*article),
        Some(Document::Page(page)) => content.pages.push(page),
        None => {}
    }
    content
}

/// `.md` or `.markdown`, in any case (`NATO.MD` from a camera-happy editor counts too).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn read_document(
    root: &Path,
    relative: &Path,
    language: &str,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let path = root.join(relative);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > config.max_file_size {
        diagnostics.error(
            Location::file(relative),
            format!(
                "the file is {:.1} MB, over the limit of {} MB; split it, or raise max_file_size_mb in site.yaml",
                size as f64 / 1_048_576.0,
                config.max_file_size / 1_048_576
            ),
        );
        return None;
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diagnostics.error(
                Location::file(relative),
                format!("cannot read the file: {err}"),
            );
            return None;
        }
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(problem) => {
            report_problem(diagnostics, relative, problem);
            return None;
        }
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(problem) => {
            report_problem(diagnostics, relative, problem);
            return None;
        }
    };
    let below_language: PathBuf = relative.components().skip(2).collect();
    let is_page = below_language
        .components()
        .next()
        .is_some_and(|c| c.as_os_str() == PAGES_DIR)
        && below_language.components().count() > 1;
    let known: &[&str] = if is_page {
        &PAGE_FIELDS
    } else {
        &ARTICLE_FIELDS
    };
    let mut problems = Vec::new();
    let (fields, lines) = frontmatter::parse_fields(&split, known, config.timezone, &mut problems);
    // Front-matter that is not YAML has no fields to check: report that alone, not a "missing"
    // error for every required field.
    if problems.iter().any(|p| p.kind == ProblemKind::NotYaml) {
        for problem in problems {
            report_problem(diagnostics, relative, problem);
        }
        return None;
    }
    let mut report = Reporter::new(&lines, &mut problems);

    let title = fields
        .title
        .clone()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    // A title of the wrong type was already reported (as was any field's); no second error.
    if title.is_empty() && !report.refused("title") {
        report.error(
            "title",
            "'title' is required and must not be empty".to_string(),
        );
    }
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match normalize_slug(fields.slug.as_deref().unwrap_or(&stem)) {
        Ok(slug) => slug,
        Err(message) => {
            let key = if fields.slug.is_some() {
                "slug"
            } else {
                "title"
            };
            let message = if fields.slug.is_some() {
                format!("'slug': {message}")
            } else {
                format!(
                    "the file name gives the slug, but {message}; rename the file or set 'slug'"
                )
            };
            report.error(key, message);
            String::new()
        }
    };
    let translation_key = fields.translation_key.clone().unwrap_or_else(|| {
        below_language
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    });
    let mut aliases = Vec::new();
    for alias in &fields.aliases {
        match normalize_alias(alias) {
            Ok(alias) => aliases.push(alias),
            Err(message) => report.error("aliases", format!("alias '{alias}': {message}")),
        }
    }
    let static_dir = root.join(STATIC_DIR);
    let base_path = config.base_path();
    let body_html = markdown::to_html_with(split.body, config.raw_html, &|url| {
        let path = url.trim_start_matches("./");
        let file = path.split(['?', '#']).next().unwrap_or(path);
        let inside = Path::new(file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        (inside && static_dir.join(file).is_file()).then(|| format!("{base_path}{path}"))
    });
    let summary = fields
        .summary
        .clone()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| markdown::first_paragraph_text(split.body));

    let document = if is_page {
        Document::Page(Page {
            source: relative.to_path_buf(),
            language: language.to_string(),
            title,
            slug,
            translation_key,
            summary,
            draft: fields.draft,
            aliases,
            body_html,
        })
    } else {
        let category = fields.category.clone().unwrap_or_default();
        if fields.category.is_none() && !report.refused("category") {
            report.error(
                "category",
                "'category' is required: one of the category keys in site.yaml".to_string(),
            );
        } else if fields.category.is_some() && config.category(&category).is_none() {
            let keys: Vec<&str> = config.categories.iter().map(|c| c.key.as_str()).collect();
            let hint = crate::diagnostics::nearest(&category, &keys)
                .map(|k| format!("did you mean '{k}'? "))
                .unwrap_or_default();
            report.error(
                "category",
                format!(
                    "unknown category '{category}'; {hint}the categories are: {}",
                    keys.join(", ")
                ),
            );
        }
        let written = fields.written;
        if written.is_none() && !report.refused("written") {
            report.error("written", "'written' is required: the date and time the story was written, as YYYY-MM-DD HH:MM:SS".to_string());
        }
        let updated = fields.updated;
        if let (Some(written), Some(updated)) = (written, updated)
            && updated < written
        {
            report.error("updated",
                format!(
                    "'updated' ({}) is earlier than 'written' ({}); an update comes after the story was written",
                    updated.to_rfc3339(),
                    written.to_rfc3339()
                ),
            );
        }
        let photo = fields
            .photo
            .as_ref()
            .and_then(|raw| match check_photo(root, raw) {
                Ok(photo) => Some(photo),
                Err(message) => {
                    report.error("photo", format!("photo: {message}"));
                    None
                }
            });
        if let Some(photo) = &photo
            && photo.alt.trim().is_empty()
        {
            report.warning(
                "photo",
                "the photo has no 'alt' text; describe it for readers who cannot see it"
                    .to_string(),
            );
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in &fields.tags {
            let tag = tag.trim().to_string();
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let written = written.unwrap_or_default();
        Document::Article(Box::new(Article {
            source: relative.to_path_buf(),
            language: language.to_string(),
            category,
            title,
            slug,
            translation_key,
            written,
            updated: updated.unwrap_or(written),
            summary,
            author: fields.author.clone().unwrap_or_default().trim().to_string(),
            photo,
            tags,
            editor_pick: fields.editor_pick,
            draft: fields.draft,
            aliases,
            body_html,
        }))
    };

    let failed = problems.iter().any(|p| p.severity == Severity::Error);
    for problem in problems {
        report_problem(diagnostics, relative, problem);
    }
    (!failed).then_some(document)
}

/// The per-file stages on raw bytes, without a site folder: decoding, front-matter splitting and
/// parsing, slug and alias checks, Markdown. The entry point of the fuzz target in `fuzz/`; it must
/// never panic, whatever the bytes. Returns the problems found and the body's HTML.
pub fn process_bytes(bytes: &[u8], raw_html: bool) -> (Vec<FieldProblem>, String) {
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(problem) => return (vec![problem], String::new()),
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(problem) => return (vec![problem], String::new()),
    };
    let mut problems = Vec::new();
    let (fields, _) =
        frontmatter::parse_fields(&split, &ARTICLE_FIELDS, chrono_tz::Tz::UTC, &mut problems);
    if let Some(slug) = &fields.slug {
        let _ = normalize_slug(slug);
    }
    for alias in &fields.aliases {
        let _ = normalize_alias(alias);
    }
    let _ = markdown::first_paragraph_text(split.body);
    (problems, markdown::to_html(split.body, raw_html))
}

fn report_problem(diagnostics: &mut Diagnostics, relative: &Path, problem: FieldProblem) {
    let location = Location {
        path: relative.to_path_buf(),
        line: problem.line,
        column: problem.column.or(problem.line.map(|_| 1)),
    };
    match problem.severity {
        Severity::Error => diagnostics.error(location, problem.message),
        Severity::Warning => diagnostics.warning(location, problem.message),
    }
}

/// UTF-8 text with LF line endings and no byte-order mark; NUL bytes are refused.
fn decode(bytes: &[u8]) -> Result<String, FieldProblem> {
    let line_of = |index: usize| bytes[..index].iter().filter(|b| **b == b'\n').count() + 1;
    let text = std::str::from_utf8(bytes).map_err(|err| FieldProblem {
        line: Some(line_of(err.valid_up_to())),
        column: None,
        message: "the file is not valid UTF-8 text; save it as UTF-8".to_string(),
        severity: Severity::Error,
        kind: ProblemKind::Encoding,
    })?;
    if let Some(index) = text.find('\0') {
        return Err(FieldProblem {
            line: Some(line_of(index)),
            column: None,
            message: "the file contains a NUL byte; it is not a text file, or it is damaged"
                .to_string(),
            severity: Severity::Error,
            kind: ProblemKind::Encoding,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Lower-cases, turns white space into `-`, and refuses anything that is not one safe path segment.
pub fn normalize_slug(raw: &str) -> Result<String, String> {
    let slug: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase();
    if slug.is_empty() {
        return Err("the slug is empty".to_string());
    }
    if slug.contains('/') || slug.contains('\\') {
        return Err(format!(
            "'{raw}' must be a single path segment, without '/' or '\\'"
        ));
    }
    if slug.contains("..") || slug.starts_with('.') {
        return Err(format!("'{raw}' must not contain '..' or start with '.'"));
    }
    if let Some(bad) = slug
        .chars()
        .find(|c| c.is_control() || "?#%<>\"'`|*:&;=+$,@[]{}^".contains(*c))
    {
        return Err(format!(
            "'{raw}' contains '{}', which is not allowed in a URL segment; use letters, digits and '-'",
            bad.escape_default()
        ));
    }
    Ok(slug)
}

/// An old URL path of a story: absolute within the site, no `..`, no query or fragment.
fn normalize_alias(raw: &str) -> Result<String, String> {
    let alias = raw.trim();
    if !alias.starts_with('/') || alias.starts_with("//") {
        return Err(
            "write it as a path from the site root, starting with a single '/'".to_string(),
        );
    }
    if alias.contains('\\') || alias.chars().any(char::is_control) || alias.contains(['?', '#']) {
        return Err("a path may not contain '\\', '?', '#' or control characters".to_string());
    }
    if alias
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err("a path may not contain '.' or '..' segments".to_string());
    }
    if alias == "/" {
        return Err("'/' is the language chooser, not an old address of a story".to_string());
    }
    Ok(if alias.ends_with('/') || alias.ends_with(".html") {
        alias.to_string()
    } else {
        format!("{alias}/")
    })
}

fn check_photo(root: &Path, raw: &frontmatter::RawPhoto) -> Result<Photo, String> {
    let src = raw.src.trim();
    let lower = src.to_ascii_lowercase();
    let source = if lower.starts_with("https://") || lower.starts_with("http://") {
        let host = src
            .split_once("://")
            .map_or("", |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        if host.is_empty() || src.contains(char::is_whitespace) || src.contains(['"', '<', '>']) {
            return Err(format!("'{src}' is not a valid URL"));
        }
        PhotoSource::Remote(src.to_string())
    } else if src.contains(':') || src.starts_with("//") {
        return Err(format!(
            "'{src}' must be a path under static/ or an http(s) URL"
        ));
    } else {
        let relative = src.trim_start_matches('/');
        let relative_path = Path::new(relative);
        if relative.is_empty()
            || relative.contains('\\')
            || relative_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(format!(
                "'{src}' must be a path under static/, such as images/photo.jpg"
            ));
        }
        if !root.join(STATIC_DIR).join(relative_path).is_file() {
            if let Some(inside) = relative.strip_prefix("static/")
                && root.join(STATIC_DIR).join(inside).is_file()
            {
                return Err(format!("write '{inside}': photo paths start below static/"));
            }
            return Err(format!(
                "'{src}' does not exist; put the image at static/{relative} or fix the path"
            ));
        }
        PhotoSource::Static(relative.to_string())
    };
    Ok(Photo {
        src: source,
        alt: raw.alt.trim().to_string(),
        caption: raw.caption.trim().to_string(),
        credit: raw.credit.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_normalised_or_refused() {
        assert_eq!(normalize_slug("  Hello World ").unwrap(), "hello-world");
        assert_eq!(normalize_slug("한국 뉴스").unwrap(), "한국-뉴스");
        for bad in [
            "", "a/b", "a\\b", "..", "a..b", ".hidden", "a?b", "a#b", "a%2fb",
        ] {
            assert!(normalize_slug(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(normalize_alias("/old/path").unwrap(), "/old/path/");
        assert_eq!(normalize_alias("/old.html").unwrap(), "/old.html");
        for bad in ["old", "//evil.example", "/a/../b", "/a?x", "/", "/a\\b"] {
            assert!(normalize_alias(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn decode_strips_bom_and_crlf_and_refuses_nul() {
        assert_eq!(
            decode(b"\xef\xbb\xbf---\r\na: 1\r\n").unwrap(),
            "---\na: 1\n"
        );
        assert_eq!(decode(b"a\nb\0").unwrap_err().line, Some(2));
        assert_eq!(decode(b"ok\n\xff").unwrap_err().line, Some(2));
    }
}
