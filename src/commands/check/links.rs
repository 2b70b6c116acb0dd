//! Links and images of the rendered pages that point into the site but reach nothing, reported at
//! the line of the content file that wrote them (or once per URL when a template did).

use crate::diagnostics::{Diagnostics, Location, plural};
use crate::pipeline::LoadedSite;
use rayon::prelude::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

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
pub(super) fn check_links(
    loaded: &LoadedSite,
    pages: &[(String, Vec<u8>)],
    root: &Path,
    out_label: &Path,
    diagnostics: &mut Diagnostics,
) -> (usize, usize) {
    let config = &loaded.site.config;
    let base = Base {
        path: config.base_path().to_string(),
        url: config.base_url.clone(),
    };
    let found = broken_links(loaded, pages, &base);
    let total: usize = found.iter().map(|(_, n, _)| n).sum();
    let mut reporter = Reporter {
        base: &base,
        root,
        out_label,
        sources: loaded
            .jobs
            .iter()
            .filter_map(|job| {
                let source = loaded.site.origin(job).source().map(Path::to_path_buf);
                source.map(|s| (job.output_file(), s))
            })
            .collect(),
        file_texts: HashMap::new(),
        reported: BTreeSet::new(),
        from_templates: BTreeMap::new(),
        broken: 0,
    };
    for (file, _, broken) in found {
        for link in broken {
            reporter.report(&file, link, diagnostics);
        }
    }
    reporter.report_template_links(diagnostics);
    (total, reporter.broken)
}

/// The site's base path (`/news/`) and URL, which internal links start with.
struct Base {
    path: String,
    url: String,
}

/// Per HTML page: its file, how many internal links it has, and those that reach nothing (or
/// leave a site served from a sub-folder).
fn broken_links(
    loaded: &LoadedSite,
    pages: &[(String, Vec<u8>)],
    base: &Base,
) -> Vec<(String, usize, Vec<Link>)> {
    let existing: HashSet<&str> = pages
        .iter()
        .map(|(file, _)| file.as_str())
        .chain(loaded.static_files.iter().map(|f| f.relative.as_str()))
        .collect();
    pages
        .par_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(file, bytes)| {
            let links = internal_links(&String::from_utf8_lossy(bytes), &base.path, &base.url);
            let total = links.len();
            let broken = links
                .into_iter()
                .filter(|link| {
                    if link.outside {
                        return true;
                    }
                    let target = target_file(&link.url, &base.path, &base.url);
                    !(existing.contains(target.as_str())
                        || existing.contains(format!("{target}/index.html").as_str()))
                })
                .collect();
            (file.clone(), total, broken)
        })
        .collect()
}

/// Reports broken links where an editor can fix them: at the content file's line, else once per
/// URL for links that come from templates or `site.yaml`.
struct Reporter<'a> {
    base: &'a Base,
    root: &'a Path,
    out_label: &'a Path,
    /// Output file -> the content file it is rendered from.
    sources: HashMap<String, PathBuf>,
    file_texts: HashMap<PathBuf, String>,
    reported: BTreeSet<(PathBuf, String)>,
    /// URL -> (the first page with it, whether it is an image, how many pages have it).
    from_templates: BTreeMap<String, (String, bool, usize)>,
    broken: usize,
}

impl Reporter<'_> {
    fn report(&mut self, file: &str, link: Link, diagnostics: &mut Diagnostics) {
        let what = describe(&link.url, link.is_image);
        let place = self.place_in_source(file, &link.url);
        if link.outside {
            let location = place
                .map(|(source, line, column)| Location::at(source, line, column))
                .unwrap_or_else(|| Location::file(self.out_label.join(file)));
            if self
                .reported
                .insert((location.path.clone(), link.url.clone()))
            {
                let base_path = &self.base.path;
                diagnostics.warning(
                    location,
                    format!(
                        "{what} leaves the site, which is served from {base_path}; write {base_path}{}",
                        link.url.trim_start_matches('/')
                    ),
                );
            }
            return;
        }
        self.broken += 1;
        match place {
            Some((source, line, column)) => {
                if self.reported.insert((source.clone(), link.url.clone())) {
                    diagnostics.error(
                        Location::at(source, line, column),
                        format!("{what} points to no page or file of the site"),
                    );
                }
            }
            None => {
                self.from_templates
                    .entry(link.url)
                    .and_modify(|(_, _, pages)| *pages += 1)
                    .or_insert((file.to_string(), link.is_image, 1));
            }
        }
    }

    /// The content file of the page and the line and column where it writes `url`.
    fn place_in_source(&mut self, file: &str, url: &str) -> Option<(PathBuf, usize, usize)> {
        let source = self.sources.get(file)?;
        let root = self.root;
        let text = self
            .file_texts
            .entry(source.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(source)).unwrap_or_default());
        let (line, column) = find_url(text, url, &self.base.path, &self.base.url)?;
        Some((source.clone(), line, column))
    }

    fn report_template_links(&mut self, diagnostics: &mut Diagnostics) {
        for (url, (file, is_image, count)) in std::mem::take(&mut self.from_templates) {
            let elsewhere = if count > 1 {
                format!(
                    " (it is on {} in all; it comes from a template or site.yaml)",
                    plural(count, "page")
                )
            } else {
                String::new()
            };
            diagnostics.error(
                Location::file(self.out_label.join(&file)),
                format!(
                    "{} points to no page or file of the site{elsewhere}",
                    describe(&url, is_image)
                ),
            );
        }
    }
}

fn describe(url: &str, is_image: bool) -> String {
    if is_image {
        format!("the image {url}")
    } else {
        format!("the link to {url}")
    }
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

pub(super) fn line_column(text: &str, index: usize) -> (usize, usize) {
    let before = &text[..index];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, column)
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
