//! Parsed output pages, queried with CSS selectors.

use super::files::output_file;
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

/// One parsed output page.
pub struct Doc {
    pub html: Html,
    pub source: String,
    pub name: String,
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// An element's text with white space collapsed.
pub fn text_of(element: &ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Doc {
    /// The page written for a site URL path (`/en/politics/` or `404.html`).
    pub fn open(out: &Path, url_path: &str) -> Doc {
        let file = output_file(out, url_path);
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("no page for {url_path} ({}): {e}", file.display()));
        Doc::parse(url_path, source)
    }

    pub fn parse(name: &str, source: String) -> Doc {
        Doc {
            html: Html::parse_document(&source),
            source,
            name: name.to_string(),
        }
    }

    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The one element matching `css`; panics unless there is exactly one.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.all(css);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one {css:?}, found {}",
            self.name,
            found.len()
        );
        found[0]
    }

    pub fn text(&self, css: &str) -> String {
        text_of(&self.one(css))
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).iter().map(text_of).collect()
    }

    /// An attribute of the one element matching `css`; panics when it is absent.
    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css)
            .attr(name)
            .unwrap_or_else(|| panic!("{}: {css:?} has no attribute {name}", self.name))
            .to_string()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .filter_map(|e| e.attr(name).map(str::to_string))
            .collect()
    }

    /// `(hreflang, href)` of every `link rel=alternate` in the head.
    pub fn alternates(&self) -> Vec<(String, String)> {
        self.all("head link[rel=alternate][hreflang]")
            .iter()
            .map(|e| {
                (
                    e.attr("hreflang").unwrap_or_default().to_string(),
                    e.attr("href").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// `(code, href)` of every link of the language switcher.
    pub fn switcher(&self) -> Vec<(String, String)> {
        self.all("header nav.langs a")
            .iter()
            .map(|e| {
                (
                    e.attr("hreflang").unwrap_or_default().to_string(),
                    e.attr("href").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Every URL in `href`, `src` and `action` attributes of the page.
    pub fn urls(&self) -> Vec<String> {
        let mut urls = Vec::new();
        for element in self.all("[href], [src], [action]") {
            for name in ["href", "src", "action"] {
                if let Some(value) = element.attr(name) {
                    urls.push(value.to_string());
                }
            }
        }
        urls
    }
}
