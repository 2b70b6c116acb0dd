//! Links and images of the rendered pages that point into the site but reach nothing, reported at
//! the line of the content file that wrote them (or once per URL when a template did).

use crate::diagnostics::{Diagnostics, Location, plural};
use crate::pipeline::LoadedSite;
use rayon::prelude::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One `href`, `src` or `srcset` address of a rendered page that points into the site.
#[derive(Clone)]
struct Link {
    /// As written in the page.
    url: String,
    /// The page or file it names, as a root-relative URL with the base path (a relative address
    /// resolved against the page's folder, `#x` the page itself); `None` when a relative address
    /// climbs above the site.
    resolved: Option<String>,
    /// The `#fragment`, percent-decoded; `None` without one.
    fragment: Option<String>,
    is_image: bool,
    /// A root-relative URL outside the base path (`/en/x/` on a site at `/news/`): it leaves the
    /// site when the site is served from its sub-folder.
    outside: bool,
    /// Set when checked: the page it leads to exists, but has no element with its fragment's id.
    missing_id: bool,
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
        occurrences: HashMap::new(),
        from_templates: BTreeMap::new(),
        broken: 0,
    };
    for (file, _, broken) in found {
        for link in broken {
            if names_a_source_file(&link.url) {
                // A link by source file that did not resolve was reported at its line already.
                reporter.broken += 1;
                continue;
            }
            reporter.report(&file, link, diagnostics);
        }
    }
    reporter.report_template_links(diagnostics);
    (total, reporter.broken)
}

/// `@/en/politics/story.md` or `../politics/story.md`, with any `#fragment`.
fn names_a_source_file(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    path.ends_with(".md")
}

/// The site's base path (`/news/`) and URL, which internal links start with.
struct Base {
    path: String,
    url: String,
}

/// Per HTML page: its file, how many internal links it has, and those that reach nothing, name
/// an id the page they lead to does not have, or leave a site served from a sub-folder.
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
    let parsed: Vec<(&String, Vec<Link>, HashSet<String>)> = pages
        .par_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(file, bytes)| {
            let document = Html::parse_document(&String::from_utf8_lossy(bytes));
            let links = internal_links(&document, file, base);
            (file, links, ids(&document))
        })
        .collect();
    let ids_of: HashMap<&str, &HashSet<String>> = parsed
        .iter()
        .map(|(file, _, ids)| (file.as_str(), ids))
        .collect();
    parsed
        .iter()
        .map(|(file, links, _)| {
            let total = links.len();
            let broken = links
                .iter()
                .filter_map(|link| {
                    let Some(resolved) = link.resolved.as_deref().filter(|_| !link.outside) else {
                        return Some(link.clone());
                    };
                    let target = target_file(resolved, &base.path, &base.url);
                    let page = if existing.contains(target.as_str()) {
                        target
                    } else {
                        format!("{target}/index.html")
                    };
                    if !existing.contains(page.as_str()) {
                        return Some(link.clone());
                    }
                    // A fragment must name an id of the page it leads to (HTML pages only).
                    match (&link.fragment, ids_of.get(page.as_str())) {
                        (Some(fragment), Some(ids)) if !ids.contains(fragment) => Some(Link {
                            missing_id: true,
                            ..link.clone()
                        }),
                        _ => None,
                    }
                })
                .collect();
            (file.to_string(), total, broken)
        })
        .collect()
}

/// The ids (and `a name`s) of a page, which fragments may name.
fn ids(document: &Html) -> HashSet<String> {
    let Ok(selector) = Selector::parse("[id], a[name]") else {
        return HashSet::new();
    };
    document
        .select(&selector)
        .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
        .flatten()
        .map(str::to_string)
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
    /// (page, address) -> how many times it has been placed in the page's source.
    occurrences: HashMap<(String, String), usize>,
    /// URL -> (the first page with it, whether it is an image, how many pages have it).
    from_templates: BTreeMap<String, (String, bool, usize)>,
    broken: usize,
}

impl Reporter<'_> {
    fn report(&mut self, file: &str, link: Link, diagnostics: &mut Diagnostics) {
        let what = describe(&link.url, link.is_image);
        let place = self.place_in_source(file, &link);
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
                if self
                    .reported
                    .insert((source.clone(), format!("{}:{line}:{column}", link.url)))
                {
                    diagnostics.error(
                        Location::at(source, line, column),
                        broken_because(&what, &link),
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
    /// A page that writes the same address twice has it found twice: the `n`th time it is
    /// reported, the `n`th place it is written.
    fn place_in_source(&mut self, file: &str, link: &Link) -> Option<(PathBuf, usize, usize)> {
        let source = self.sources.get(file)?;
        let root = self.root;
        let text = self
            .file_texts
            .entry(source.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(source)).unwrap_or_default());
        let mut places = find_url(text, &link.url, &self.base.path, &self.base.url);
        if places.is_empty()
            && let Some(fragment) = &link.fragment
        {
            // A link by source file (`@/en/politics/story.md#fragment`) is written so.
            places = story_links_with_fragment(text, fragment);
        }
        let seen = self
            .occurrences
            .entry((file.to_string(), link.url.clone()))
            .or_insert(0);
        let place = places.get(*seen).or(places.last()).copied()?;
        *seen += 1;
        Some((source.clone(), place.0, place.1))
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

/// Why a broken link is broken, in an editor's words.
fn broken_because(what: &str, link: &Link) -> String {
    match (&link.resolved, &link.fragment) {
        (None, _) => format!("{what} climbs above the site's root folder"),
        (Some(_), Some(fragment)) if link.url.starts_with('#') => {
            format!("{what}: the page has no element with the id '{fragment}'")
        }
        (Some(_), Some(fragment)) if link.missing_id => {
            format!("{what}: the page exists, but has no element with the id '{fragment}'")
        }
        _ => format!("{what} points to no page or file of the site"),
    }
}

/// Every `href`, `src` and `srcset` address of the page at `file` that points into the site:
/// root-relative ones, the base URL's, relative ones and `#fragments`.
fn internal_links(document: &Html, file: &str, base: &Base) -> Vec<Link> {
    let Ok(selector) = Selector::parse("[href], [src], [srcset]") else {
        return Vec::new();
    };
    let mut links = Vec::new();
    for element in document.select(&selector) {
        let is_image = matches!(element.value().name(), "img" | "source");
        let attribute = |name| element.value().attr(name);
        let srcset = attribute("srcset").into_iter().flat_map(srcset_urls);
        let urls = attribute("href")
            .into_iter()
            .chain(attribute("src"))
            .chain(srcset);
        for url in urls.map(str::trim) {
            if let Some(link) = internal_link(url, file, base, is_image) {
                links.push(link);
            }
        }
    }
    links
}

/// The URLs of a `srcset` (`a.jpg 1x, b.jpg 2x`).
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// `url` as found on the page at `file`, if it points into the site.
fn internal_link(url: &str, file: &str, base: &Base, is_image: bool) -> Option<Link> {
    let folder = file.rsplit_once('/').map_or("", |(folder, _)| folder);
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (
            path,
            Some(percent_decode(fragment)).filter(|f| !f.is_empty()),
        ),
        None => (url, None),
    };
    let root_relative = url.starts_with('/') && !url.starts_with("//");
    let has_scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    let (resolved, outside) = if root_relative {
        (Some(url.to_string()), !url.starts_with(&base.path))
    } else if url.starts_with(&base.url) {
        (Some(url.to_string()), false)
    } else if has_scheme || url.starts_with("//") || url.is_empty() {
        return None;
    } else if path.is_empty() {
        (Some(format!("{}{file}", base.path)), false)
    } else {
        (
            relative_to(folder, path).map(|p| format!("{}{p}", base.path)),
            false,
        )
    };
    Some(Link {
        url: url.to_string(),
        resolved,
        fragment,
        is_image,
        outside,
        missing_id: false,
    })
}

/// `other/` from the folder `en/politics/x` is `en/politics/x/other/`; `None` above the root.
fn relative_to(folder: &str, path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') || path.ends_with("/.") || path.ends_with("..") {
        joined.push('/');
    }
    Some(if joined == "/" { String::new() } else { joined })
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
/// Every place (line, column) where `text` writes `url`, in any of the forms it may have had
/// there, in the order of the first form found.
fn find_url(text: &str, url: &str, base_path: &str, base_url: &str) -> Vec<(usize, usize)> {
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
        .map(|candidate| {
            text.match_indices(candidate.as_str())
                .map(|(index, _)| line_column(text, index))
                .collect::<Vec<_>>()
        })
        .find(|places| !places.is_empty())
        .unwrap_or_default()
}

/// Where `text` links a story by its file with this fragment (`(@/en/x.md#fragment)`): the
/// place of the address after `(`.
fn story_links_with_fragment(text: &str, fragment: &str) -> Vec<(usize, usize)> {
    let needle = format!(".md#{fragment}");
    text.match_indices(needle.as_str())
        .filter_map(|(index, _)| {
            let start = text[..index].rfind('(')? + 1;
            let address = &text[start..index];
            (!address.contains(char::is_whitespace)).then(|| line_column(text, start))
        })
        .collect()
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
        let base = Base {
            path: "/news/".to_string(),
            url: "https://x.org/news/".to_string(),
        };
        let links = internal_links(&Html::parse_document(html), "en/index.html", &base);
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/news/en/",
                "/news/images/a.png",
                "#top",
                "https://x.org/news/en/",
                "/en/"
            ]
        );
        assert!(links[1].is_image);
        assert_eq!(links[2].resolved.as_deref(), Some("/news/en/index.html"));
        assert_eq!(links[2].fragment.as_deref(), Some("top"));
        assert!(links[4].outside && !links[0].outside && !links[3].outside);
        // On a site at the root, every root-relative link is inside.
        let base = Base {
            path: "/".to_string(),
            url: "https://x.org/".to_string(),
        };
        let links = internal_links(
            &Html::parse_document(r#"<a href="/en/">f</a>"#),
            "index.html",
            &base,
        );
        assert!(!links[0].outside);
    }

    /// Issue 14, item 2.
    #[test]
    fn relative_addresses_and_srcset_are_resolved_against_the_page() {
        let base = Base {
            path: "/news/".to_string(),
            url: "https://x.org/news/".to_string(),
        };
        let html = r#"<a href="../other/#x">a</a><a href="../../../../up/">b</a>
            <img src="a.png" srcset="small.png 1x, ../big.png 2x" alt="">"#;
        let links = internal_links(
            &Html::parse_document(html),
            "en/politics/x/index.html",
            &base,
        );
        let resolved: Vec<Option<&str>> = links.iter().map(|l| l.resolved.as_deref()).collect();
        assert_eq!(
            resolved,
            [
                Some("/news/en/politics/other/"),
                None,
                Some("/news/en/politics/x/a.png"),
                Some("/news/en/politics/x/small.png"),
                Some("/news/en/politics/big.png"),
            ]
        );
        assert_eq!(links[0].fragment.as_deref(), Some("x"));
    }

    #[test]
    fn urls_are_found_in_content_files() {
        let text = "---\ntitle: x\n---\n\nSee [there](/en/nope/) and [again](/en/nope/).\n";
        assert_eq!(
            find_url(text, "/news/en/nope/", "/news/", "https://x.org/news/"),
            vec![(5, 13), (5, 36)]
        );
        assert!(find_url(text, "/news/other/", "/news/", "https://x.org/news/").is_empty());
        let by_file = "Read [it](@/en/politics/a.md#gone) and [that](../b.md#gone).\n";
        assert_eq!(
            story_links_with_fragment(by_file, "gone"),
            vec![(1, 11), (1, 47)]
        );
    }
}
