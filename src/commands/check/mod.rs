//! `newsroom check`: everything a build reads and renders, in memory, with nothing written; then
//! the links of the rendered pages and the translations the site lacks.
//!
//! The rendered HTML is read with `scraper` (html5ever), a browser-grade parser: attribute values
//! arrive with their entities decoded and quotes handled, and text that merely looks like markup
//! (inside scripts, comments or escaped article text) is never mistaken for a link.

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity, display_path, plural};
use crate::model::Job;
use crate::model::Site;
use crate::output::Memory;
use crate::pipeline::{self, BuildOptions, LoadedSite, Silent};
use clap::ValueEnum;
use rayon::prelude::*;
use scraper::{Html, Selector};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// A story (or standalone page) that has no version in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingTranslation {
    /// The translation key: by default the path below the language folder, without `.md`.
    pub key: String,
    /// `article` or `page`.
    pub kind: &'static str,
    /// The languages that have it, in `site.yaml` order.
    pub available: Vec<String>,
    /// The content file of its first version, to translate from.
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Per language code, in `site.yaml` order (every language is present, possibly empty).
    pub missing_translations: Vec<(String, Vec<MissingTranslation>)>,
    /// Whether the site loaded and rendered; when not, links and translations were not checked.
    pub complete: bool,
    pub pages: usize,
    pub links: usize,
    pub broken_links: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn missing_count(&self) -> usize {
        self.missing_translations.iter().map(|(_, m)| m.len()).sum()
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            out.push_str(&format!("{diagnostic}\n"));
        }
        if self.complete {
            out.push_str("translations:\n");
            for (language, missing) in &self.missing_translations {
                if missing.is_empty() {
                    out.push_str(&format!("  {language}: complete\n"));
                    continue;
                }
                out.push_str(&format!("  {language}: {} missing\n", missing.len()));
                for item in missing {
                    let kind = if item.kind == "page" { " (page)" } else { "" };
                    out.push_str(&format!(
                        "    {}{kind}: in {}, from {}\n",
                        item.key,
                        item.available.join(", "),
                        item.source
                    ));
                }
            }
        } else {
            out.push_str("links and translations were not checked: fix the errors above first\n");
        }
        out.push_str(&format!("{}\n", self.summary()));
        out
    }

    pub fn summary(&self) -> String {
        let mut line = format!(
            "check: {}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        );
        if self.complete {
            line.push_str(&format!(
                "; {} with {} checked ({} broken); {}",
                plural(self.pages, "page"),
                plural(self.links, "internal link"),
                self.broken_links,
                plural(self.missing_count(), "missing translation"),
            ));
        }
        line
    }

    pub fn json(&self) -> serde_json::Value {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "path": display_path(&d.location.path),
                    "line": d.location.line,
                    "column": d.location.column,
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "message": d.message,
                })
            })
            .collect();
        let missing: serde_json::Map<String, serde_json::Value> = self
            .missing_translations
            .iter()
            .map(|(language, items)| (language.clone(), serde_json::json!(items)))
            .collect();
        serde_json::json!({
            "ok": self.errors() == 0,
            "complete": self.complete,
            "diagnostics": diagnostics,
            "missing_translations": missing,
            "counts": {
                "errors": self.errors(),
                "warnings": self.warnings(),
                "pages": self.pages,
                "links": self.links,
                "broken_links": self.broken_links,
                "missing_translations": self.missing_count(),
            },
        })
    }
}

pub fn run(options: &BuildOptions, format: Format) -> ExitCode {
    let report = check(options);
    match format {
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{}", report.json()),
    }
    if report.errors() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads and renders the site as a build would, writing nothing, and checks what it produced.
pub fn check(options: &BuildOptions) -> Report {
    let mut diagnostics = Diagnostics::new();
    let mut report = Report::default();
    if let Some(loaded) = pipeline::load(options, &mut diagnostics) {
        let memory = Memory::default();
        let jobs: Vec<&Job> = loaded.jobs.iter().collect();
        let out = options.out_dir();
        match pipeline::render_into(&loaded, &jobs, &memory, &out, &Silent) {
            Ok(_) => {
                let pages = memory.into_sorted();
                report.complete = true;
                report.pages = pages.len();
                let out_label = out.strip_prefix(&options.root).unwrap_or(&out);
                let (links, broken) =
                    check_links(&loaded, &pages, &options.root, out_label, &mut diagnostics);
                report.links = links;
                report.broken_links = broken;
                check_body_images(&loaded.site, &options.root, &mut diagnostics);
                report.missing_translations = missing_translations(&loaded.site);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    report.diagnostics = diagnostics.sorted();
    report
}

/// Per language, the stories and pages of the site that have no version in it.
pub fn missing_translations(site: &Site) -> Vec<(String, Vec<MissingTranslation>)> {
    let codes: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let mut result: Vec<(String, Vec<MissingTranslation>)> = codes
        .iter()
        .map(|code| (code.to_string(), Vec::new()))
        .collect();
    let article_sources: Vec<&PathBuf> = site.articles.iter().map(|a| &a.source).collect();
    let page_sources: Vec<&PathBuf> = site.pages.iter().map(|p| &p.source).collect();
    let groups = [
        ("article", &site.article_translations, &article_sources),
        ("page", &site.page_translations, &page_sources),
    ];
    for (kind, translations, sources) in groups {
        for (key, versions) in translations {
            let available: Vec<String> = codes
                .iter()
                .filter(|code| versions.contains_key(**code))
                .map(|code| code.to_string())
                .collect();
            let Some(first) = available.first() else {
                continue;
            };
            let source = display_path(sources[versions[first]]);
            for (code, missing) in result.iter_mut() {
                if !versions.contains_key(code) {
                    missing.push(MissingTranslation {
                        key: key.clone(),
                        kind,
                        available: available.clone(),
                        source: source.clone(),
                    });
                }
            }
        }
    }
    result
}

/// One `href` or `src` of a rendered page that points into the site.
struct Link {
    url: String,
    is_image: bool,
    /// A root-relative URL outside the base path (`/en/x/` on a site at `/news/`): it leaves the
    /// site when the site is served from its sub-folder.
    outside: bool,
}

/// Checks every `href`/`src` of the rendered HTML pages that points into the site (starts with the
/// base path or the base URL) against the rendered pages and static files. Returns how many links
/// were checked and how many were broken.
fn check_links(
    loaded: &LoadedSite,
    pages: &[(String, Vec<u8>)],
    root: &Path,
    out_label: &Path,
    diagnostics: &mut Diagnostics,
) -> (usize, usize) {
    let config = &loaded.site.config;
    let base_path = config.base_path().to_string();
    let base_url = config.base_url.clone();
    let existing: HashSet<&str> = pages
        .iter()
        .map(|(file, _)| file.as_str())
        .chain(loaded.static_files.iter().map(|f| f.relative.as_str()))
        .collect();
    let sources: HashMap<String, PathBuf> = loaded
        .jobs
        .iter()
        .filter_map(|job| {
            let source = loaded.site.origin(job).source().map(Path::to_path_buf);
            source.map(|s| (job.output_file(), s))
        })
        .collect();

    let found: Vec<(String, usize, Vec<Link>)> = pages
        .par_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(file, bytes)| {
            let links = internal_links(&String::from_utf8_lossy(bytes), &base_path, &base_url);
            let total = links.len();
            let broken = links
                .into_iter()
                .filter(|link| {
                    if link.outside {
                        return true;
                    }
                    let target = target_file(&link.url, &base_path, &base_url);
                    !(existing.contains(target.as_str())
                        || existing.contains(format!("{target}/index.html").as_str()))
                })
                .collect();
            (file.clone(), total, broken)
        })
        .collect();

    let total: usize = found.iter().map(|(_, n, _)| n).sum();
    let mut broken_count = 0;
    let mut file_texts: HashMap<PathBuf, String> = HashMap::new();
    // Broken links that come from templates, not from a content file: one report per URL.
    let mut from_templates: BTreeMap<String, (String, bool, usize)> = BTreeMap::new();
    let mut reported: BTreeSet<(PathBuf, String)> = BTreeSet::new();
    for (file, _, broken) in found {
        for link in broken {
            let what = if link.is_image {
                format!("the image {}", link.url)
            } else {
                format!("the link to {}", link.url)
            };
            if link.outside {
                let location = sources
                    .get(&file)
                    .and_then(|source| {
                        let text = file_texts.entry(source.clone()).or_insert_with(|| {
                            std::fs::read_to_string(root.join(source)).unwrap_or_default()
                        });
                        find_url(text, &link.url, &base_path, &base_url)
                            .map(|(line, column)| Location::at(source, line, column))
                    })
                    .unwrap_or_else(|| Location::file(out_label.join(&file)));
                if reported.insert((location.path.clone(), link.url.clone())) {
                    diagnostics.warning(
                        location,
                        format!(
                            "{what} leaves the site, which is served from {base_path}; write {base_path}{}",
                            link.url.trim_start_matches('/')
                        ),
                    );
                }
                continue;
            }
            broken_count += 1;
            if let Some(source) = sources.get(&file) {
                let text = file_texts.entry(source.clone()).or_insert_with(|| {
                    std::fs::read_to_string(root.join(source)).unwrap_or_default()
                });
                if let Some((line, column)) = find_url(text, &link.url, &base_path, &base_url) {
                    if reported.insert((source.clone(), link.url.clone())) {
                        diagnostics.error(
                            Location::at(source, line, column),
                            format!("{what} points to no page or file of the site"),
                        );
                    }
                    continue;
                }
            }
            from_templates
                .entry(link.url.clone())
                .and_modify(|(_, _, pages)| *pages += 1)
                .or_insert((file.clone(), link.is_image, 1));
        }
    }
    for (url, (file, is_image, count)) in from_templates {
        let what = if is_image {
            format!("the image {url}")
        } else {
            format!("the link to {url}")
        };
        let elsewhere = if count > 1 {
            format!(
                " (it is on {} in all; it comes from a template or site.yaml)",
                plural(count, "page")
            )
        } else {
            String::new()
        };
        diagnostics.error(
            Location::file(out_label.join(&file)),
            format!("{what} points to no page or file of the site{elsewhere}"),
        );
    }
    (total, broken_count)
}

/// Every `href` and `src` value of the page that points into the site.
fn internal_links(html: &str, base_path: &str, base_url: &str) -> Vec<Link> {
    let document = Html::parse_document(html);
    let Ok(selector) = Selector::parse("[href], [src]") else {
        return Vec::new();
    };
    let mut links = Vec::new();
    for element in document.select(&selector) {
        for attribute in ["href", "src"] {
            let Some(url) = element.value().attr(attribute) else {
                continue;
            };
            let url = url.trim();
            let root_relative = url.starts_with('/') && !url.starts_with("//");
            let internal =
                (root_relative && url.starts_with(base_path)) || url.starts_with(base_url);
            let outside = root_relative && !url.starts_with(base_path);
            if internal || outside {
                links.push(Link {
                    url: url.to_string(),
                    is_image: attribute == "src" && element.value().name() == "img",
                    outside,
                });
            }
        }
    }
    links
}

/// The output file a site URL names: `/news/en/politics/?x#y` -> `en/politics/index.html`.
fn target_file(url: &str, base_path: &str, base_url: &str) -> String {
    let path = url
        .strip_prefix(base_url)
        .or_else(|| url.strip_prefix(base_path))
        .unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The 1-based line and column where a content file writes a URL (as rendered, or as written
/// without the base path).
fn find_url(text: &str, url: &str, base_path: &str, base_url: &str) -> Option<(usize, usize)> {
    let mut candidates = vec![url.to_string(), percent_decode(url)];
    if let Some(rest) = url
        .strip_prefix(base_url)
        .or_else(|| url.strip_prefix(base_path))
    {
        candidates.push(format!("/{rest}"));
        candidates.push(format!("/{}", percent_decode(rest)));
    }
    candidates
        .iter()
        .filter(|c| c.len() > 1)
        .find_map(|candidate| text.find(candidate.as_str()))
        .map(|index| line_column(text, index))
}

fn line_column(text: &str, index: usize) -> (usize, usize) {
    let before = &text[..index];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, column)
}

/// Images written in the Markdown of a story or page without alt text.
fn check_body_images(site: &Site, root: &Path, diagnostics: &mut Diagnostics) {
    let bodies = site
        .articles
        .iter()
        .map(|a| (&a.source, &a.body_html))
        .chain(site.pages.iter().map(|p| (&p.source, &p.body_html)));
    let Ok(selector) = Selector::parse("img") else {
        return;
    };
    for (source, body) in bodies {
        if !body.contains("<img") {
            continue;
        }
        let fragment = Html::parse_fragment(body);
        let mut text = None;
        for image in fragment.select(&selector) {
            if image
                .value()
                .attr("alt")
                .is_some_and(|alt| !alt.trim().is_empty())
            {
                continue;
            }
            let src = image.value().attr("src").unwrap_or_default();
            let text = text.get_or_insert_with(|| {
                std::fs::read_to_string(root.join(source)).unwrap_or_default()
            });
            let location = text
                .find(&format!("]({src}"))
                .or_else(|| (!src.is_empty()).then(|| text.find(src)).flatten())
                .map(|index| {
                    let start = text[..index].rfind("![").unwrap_or(index);
                    let (line, column) = line_column(text, start);
                    Location::at(source, line, column)
                })
                .unwrap_or_else(|| Location::file(source));
            diagnostics.warning(
                location,
                format!(
                    "the image {src} has no alt text; describe it for readers who cannot see it: ![description]({src})"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_name_output_files() {
        assert_eq!(
            target_file("/news/", "/news/", "https://x.org/news/"),
            "index.html"
        );
        assert_eq!(
            target_file("/news/en/a/?v=1#top", "/news/", "https://x.org/news/"),
            "en/a/index.html"
        );
        assert_eq!(
            target_file(
                "https://x.org/news/css/site.css?v=12",
                "/news/",
                "https://x.org/news/"
            ),
            "css/site.css"
        );
        assert_eq!(
            target_file("/ko/%ED%95%9C/", "/", "https://x.org/"),
            "ko/한/index.html"
        );
    }

    #[test]
    fn only_internal_links_are_collected() {
        let html = r##"<a href="/news/en/">a</a><a href="//cdn.example/x">b</a>
            <a href="https://other.example/">c</a><img src="/news/images/a.png" alt="">
            <a href="#top">d</a><a href="https://x.org/news/en/">e</a><a href="/en/">f</a>
            <script>var s = '<a href="/news/nope/">';</script><!-- <a href="/news/nope/"> -->"##;
        let links = internal_links(html, "/news/", "https://x.org/news/");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/news/en/",
                "/news/images/a.png",
                "https://x.org/news/en/",
                "/en/"
            ]
        );
        assert!(links[1].is_image);
        assert!(links[3].outside && !links[0].outside && !links[2].outside);
        // On a site at the root, every root-relative link is inside.
        let links = internal_links(r#"<a href="/en/">f</a>"#, "/", "https://x.org/");
        assert!(!links[0].outside);
    }

    #[test]
    fn urls_are_found_in_content_files() {
        let text = "---\ntitle: x\n---\n\nSee [there](/en/nope/).\n";
        assert_eq!(
            find_url(text, "/news/en/nope/", "/news/", "https://x.org/news/"),
            Some((5, 13))
        );
        assert_eq!(
            find_url(text, "/news/other/", "/news/", "https://x.org/news/"),
            None
        );
    }
}
