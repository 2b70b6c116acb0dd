//! Reading one content file into an article or page, step by step: read the bytes, decode them,
//! split off the front-matter, check its fields, resolve them against the site, render the
//! Markdown. Every problem of the file is reported, not only the first.

use super::frontmatter::{
    self, ARTICLE_FIELDS, FieldProblem, Fields, PAGE_FIELDS, ProblemKind, Reporter,
};
use super::links::{BodyAddresses, StoryLink};
use super::resolve::{self, normalize_alias, normalize_slug};
use super::{Article, Body, Document, PAGES_DIR, Page, markdown};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostics, Location, Severity};
use std::path::{Path, PathBuf};

/// Reads the file at `relative` below `root` (`content/en/politics/a.md`) as an article or a page.
/// `None` when the file has errors; they are in `diagnostics`.
pub(super) fn read_document(
    root: &Path,
    relative: &Path,
    language: &str,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let bytes = read_bytes(&root.join(relative), relative, config, diagnostics)?;
    parse_document(&bytes, root, relative, language, config, diagnostics)
}

/// One file's bytes into a document, or its problems.
pub(super) fn parse_document(
    bytes: &[u8],
    root: &Path,
    relative: &Path,
    language: &str,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let text = reported(decode(bytes), diagnostics, relative)?;
    let split = reported(frontmatter::split(&text), diagnostics, relative)?;
    let below_language: PathBuf = relative.components().skip(2).collect();
    let is_page = is_page(&below_language);
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
        report_all(diagnostics, relative, problems);
        return None;
    }
    let body_offset = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let file = File {
        root,
        relative,
        below_language: &below_language,
        language,
        config,
        body_first_line: text[..body_offset].matches('\n').count() + 1,
    };
    let mut report = Reporter::new(&lines, &mut problems);
    let document = if is_page {
        Document::Page(Box::new(file.page(&fields, split.body, &mut report)))
    } else {
        Document::Article(Box::new(file.article(&fields, split.body, &mut report)))
    };
    let failed = problems.iter().any(|p| p.severity == Severity::Error);
    report_all(diagnostics, relative, problems);
    (!failed).then_some(document)
}

/// A file below `pages/` of its language folder is a page; anything else is an article.
fn is_page(below_language: &Path) -> bool {
    below_language
        .components()
        .next()
        .is_some_and(|c| c.as_os_str() == PAGES_DIR)
        && below_language.components().count() > 1
}

/// The file's bytes, unless it is over the site's size limit or cannot be read.
pub(super) fn read_bytes(
    path: &Path,
    relative: &Path,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
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
    match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diagnostics.error(
                Location::file(relative),
                format!("cannot read the file: {err}"),
            );
            None
        }
    }
}

/// UTF-8 text with LF line endings and no byte-order mark; NUL bytes are refused.
fn decode(bytes: &[u8]) -> Result<String, FieldProblem> {
    let line_of = |index: usize| bytes[..index].iter().filter(|b| **b == b'\n').count() + 1;
    let problem = |index: usize, message: &str| FieldProblem {
        line: Some(line_of(index)),
        column: None,
        message: message.to_string(),
        severity: Severity::Error,
        kind: ProblemKind::Encoding,
    };
    let text = std::str::from_utf8(bytes).map_err(|err| {
        problem(
            err.valid_up_to(),
            "the file is not valid UTF-8 text; save it as UTF-8",
        )
    })?;
    if let Some(index) = text.find('\0') {
        return Err(problem(
            index,
            "the file contains a NUL byte; it is not a text file, or it is damaged",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// What the resolving steps need to know about the file beyond its fields.
struct File<'a> {
    root: &'a Path,
    relative: &'a Path,
    /// Below `content/<language>/`: `politics/nato-call.md`.
    below_language: &'a Path,
    language: &'a str,
    config: &'a SiteConfig,
    /// The line of the file on which the body starts.
    body_first_line: usize,
}

impl File<'_> {
    fn page(&self, fields: &Fields, body: &str, report: &mut Reporter) -> Page {
        let title = resolve::title(fields, report);
        if !fields.draft {
            warn_of_untranslated(fields, report);
        }
        let slug = resolve::slug(fields, self.relative, report);
        let (aliases, alias_lines) = resolve::aliases(fields, report);
        let (body_html, story_links) = self.body(body, report);
        Page {
            source: self.relative.to_path_buf(),
            language: self.language.to_string(),
            title,
            slug,
            translation_key: resolve::translation_key(fields, self.below_language),
            summary: resolve::summary(fields, body),
            draft: fields.draft,
            aliases,
            alias_lines,
            extra: extra_or_empty(&fields.extra),
            body_html: body_html.html,
            story_links,
            embeds: body_html.embeds,
        }
    }

    /// The steps of a page, then those only an article has, in that order.
    fn article(&self, fields: &Fields, body: &str, report: &mut Reporter) -> Article {
        let page = self.page(fields, body, report);
        let category = resolve::category(fields, self.config, report);
        let (written, updated) = resolve::dates(fields, report);
        let corrections = resolve::corrections(fields, written, report);
        let updated = corrections
            .last()
            .map_or(updated, |latest| updated.max(latest.date));
        let photo = resolve::photo(fields, self.root, report);
        let bylines = resolve::bylines(fields, self.language, self.config, report);
        Article {
            source: page.source,
            language: page.language,
            category,
            title: page.title,
            slug: page.slug,
            translation_key: page.translation_key,
            written,
            updated,
            summary: page.summary,
            author: bylines
                .iter()
                .map(|b| b.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            bylines,
            photo,
            tags: resolve::tags(fields),
            editor_pick: fields.editor_pick,
            draft: page.draft,
            aliases: page.aliases,
            alias_lines: page.alias_lines,
            extra: page.extra,
            body: Body::new(page.body_html),
            story_links: page.story_links,
            corrections,
            expires: resolve::expires(fields, written, report),
            withdrawn: fields.withdrawn,
            withdrawn_note: resolve::withdrawn_note(fields, report),
            embeds: page.embeds,
        }
    }

    /// The body as HTML, with its embeds, whose problems and undeclared purposes are reported at
    /// their lines, and its links to other stories.
    fn body(&self, body: &str, report: &mut Reporter) -> (markdown::Body, Vec<StoryLink>) {
        let (rendered, links) = self.body_html(body, report);
        let at = |line: usize| self.body_first_line + line - 1;
        for problem in &rendered.problems {
            report.error_at_line(at(problem.line), problem.message.clone());
        }
        let consent = &self.config.consent;
        for embed in &rendered.embeds {
            let purpose = embed.purpose.as_deref().unwrap_or(&consent.embed_purpose);
            if consent.purpose(purpose).is_none() {
                let whose = match embed.purpose {
                    Some(_) => "named by this embed's `purpose:`",
                    None => "that embeds wait for (consent.embeds.purpose)",
                };
                report.error_at_line(
                    at(embed.line),
                    format!(
                        "the consent purpose '{purpose}' {whose} is not declared in site.yaml; declare it under consent.categories or use one of: {}",
                        consent.purpose_keys()
                    ),
                );
            }
        }
        (rendered, links)
    }

    /// The body as HTML, with relative links to files of `static/` made site URLs and links to
    /// stories made placeholders (see `links`); a missing image or story file is an error.
    fn body_html(&self, body: &str, report: &mut Reporter) -> (markdown::Body, Vec<StoryLink>) {
        let addresses = BodyAddresses {
            root: self.root,
            relative: self.relative,
            base_path: self.config.base_path(),
            body,
            first_line: self.body_first_line,
        };
        let mut links = Vec::new();
        let rendered = markdown::to_html_with(body, self.config.raw_html, &mut |address| {
            addresses.resolve(&address, &mut links, report)
        });
        (rendered, links)
    }
}

/// `extra`, or an empty object, so that templates may test `article.extra.x` on any story.
fn extra_or_empty(extra: &serde_json::Value) -> serde_json::Value {
    if extra.is_object() {
        extra.clone()
    } else {
        serde_json::Value::Object(serde_json::Map::new())
    }
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

/// A published file whose title or summary still carries `new --translate`'s marker would show
/// it to readers.
fn warn_of_untranslated(fields: &Fields, report: &mut Reporter) {
    let marked = |text: &Option<String>| {
        text.as_deref().is_some_and(|t| {
            t.trim_start()
                .starts_with(super::TRANSLATE_MARKER.trim_end())
        })
    };
    for (key, text) in [("title", &fields.title), ("summary", &fields.summary)] {
        if marked(text) {
            report.warning(
                key,
                format!(
                    "'{key}' still starts with '{}': translate it, or keep 'draft: true' until it is",
                    super::TRANSLATE_MARKER.trim_end()
                ),
            );
        }
    }
}

/// The value, or `None` with the problem reported.
fn reported<T>(
    result: Result<T, FieldProblem>,
    diagnostics: &mut Diagnostics,
    relative: &Path,
) -> Option<T> {
    result
        .map_err(|problem| report_problem(diagnostics, relative, problem))
        .ok()
}

fn report_all(diagnostics: &mut Diagnostics, relative: &Path, problems: Vec<FieldProblem>) {
    for problem in problems {
        report_problem(diagnostics, relative, problem);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
