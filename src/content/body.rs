//! A story's rendered body, which need not stay in memory: a large archive's bodies would not
//! all fit. Once the build cache holds a body, the story keeps only its hash and the photos it
//! shows, and the body is read back (and checked against the hash) when a page needs it.

use std::borrow::Cow;
use std::path::Path;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Body {
    /// Of the HTML: what fingerprints use, and how a body read back is checked.
    pub hash: u128,
    /// The `src` of each `<img>` of the body, as written there (HTML-escaped), so that the
    /// photos a site shows are known without reading every body.
    pub images: Vec<String>,
    /// `None` once the body is stored elsewhere (see `StoredBodies`). Never encoded: the cache
    /// stores bodies apart from the rest of a reading.
    #[serde(skip)]
    html: Option<String>,
}

impl Body {
    pub fn new(html: String) -> Body {
        let images = body_images(&html)
            .iter()
            .map(|image| image.src.to_string())
            .collect();
        Body {
            hash: xxhash_rust::xxh3::xxh3_128(html.as_bytes()),
            images,
            html: Some(html),
        }
    }

    /// The HTML, while it is in memory.
    pub fn in_memory(&self) -> Option<&str> {
        self.html.as_deref()
    }

    /// Drops the HTML from memory, once it is stored.
    pub fn detach(&mut self) {
        self.html = None;
    }

    /// The HTML, from memory or from `stored` (keyed by the story's source file); `None` when
    /// it is in neither, or what is stored is not this body.
    pub fn html<'a>(
        &'a self,
        source: &Path,
        stored: Option<&dyn StoredBodies>,
    ) -> Option<Cow<'a, str>> {
        if let Some(html) = &self.html {
            return Some(Cow::Borrowed(html));
        }
        let html = stored?.body(source)?;
        (xxhash_rust::xxh3::xxh3_128(html.as_bytes()) == self.hash).then_some(Cow::Owned(html))
    }
}

/// Where bodies dropped from memory are read back from (the build cache).
pub trait StoredBodies: Send + Sync {
    /// The body of the story read from `source` (relative to the site root).
    fn body(&self, source: &Path) -> Option<String>;
}

/// An `<img>` of a rendered body: where it starts and ends in the HTML, and its `src` as written
/// there (HTML-escaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodyImage<'a> {
    pub start: usize,
    pub end: usize,
    pub src: &'a str,
    /// The `alt` attribute's value, still escaped (empty when there is none).
    pub alt: &'a str,
    pub title: Option<&'a str>,
}

/// The `<img ...>` tags of a body as the Markdown renderer (or the sanitizer) writes them.
pub(crate) fn body_images(html: &str) -> Vec<BodyImage<'_>> {
    let mut images = Vec::new();
    let mut from = 0;
    while let Some(offset) = html[from..].find("<img ") {
        let start = from + offset;
        let Some(length) = html[start..].find('>') else {
            break;
        };
        let end = start + length + 1;
        let tag = &html[start..end];
        if let Some(src) = attribute(tag, "src") {
            images.push(BodyImage {
                start,
                end,
                src,
                alt: attribute(tag, "alt").unwrap_or_default(),
                title: attribute(tag, "title"),
            });
        }
        from = end;
    }
    images
}

/// A double-quoted attribute's value in one tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}
