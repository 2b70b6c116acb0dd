//! Where the published pages show photos: the lead photo of each article and the `<img>` of
//! every story's and page's body that names a file of `static/`.

use super::Place;
use crate::content::PhotoSource;
use crate::model::Site;
use std::collections::BTreeMap;

/// Whether the file is a photo newsroom makes variants of (by its extension): JPEG, PNG, WebP.
/// SVG, GIF and anything else is published as it is.
pub fn is_raster(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// Every photo (below `static/`) for which `wanted` holds, with the places that show it, in
/// path order.
pub(super) fn find(site: &Site, wanted: &dyn Fn(&str) -> bool) -> BTreeMap<String, Vec<Place>> {
    let base_path = site.config.base_path();
    let mut found: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for article in &site.articles {
        if let Some(photo) = &article.photo
            && let PhotoSource::Static(path) = &photo.src
            && wanted(path)
        {
            found.entry(path.clone()).or_default().push(Place {
                source: article.source.clone(),
                lead: true,
                path: path.clone(),
            });
        }
    }
    let bodies = site
        .articles
        .iter()
        .map(|a| (&a.source, &a.body_html))
        .chain(site.pages.iter().map(|p| (&p.source, &p.body_html)));
    for (source, body) in bodies {
        for image in body_images(body) {
            let Some(path) = static_path(image.src, base_path) else {
                continue;
            };
            if wanted(&path) {
                found.entry(path.clone()).or_default().push(Place {
                    source: source.clone(),
                    lead: false,
                    path,
                });
            }
        }
    }
    found
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

/// The path below `static/` that a body's image address names, where it names one: the body
/// writes files of `static/` as site URLs, with the base path.
pub(crate) fn static_path(src: &str, base_path: &str) -> Option<String> {
    let rest = src.strip_prefix(base_path)?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = rest.replace("&amp;", "&");
    (!path.is_empty() && !path.contains("..") && !path.starts_with('/')).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_images_are_found_with_their_attributes() {
        let html = r#"<p>A <img src="/news/images/a.jpg" alt="A &quot;cat&quot;" title="T" /> and <img src="https://x.example/b.png" alt="" /></p>"#;
        let images = body_images(html);
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].src, "/news/images/a.jpg");
        assert_eq!(images[0].alt, "A &quot;cat&quot;");
        assert_eq!(images[0].title, Some("T"));
        assert_eq!(
            &html[images[1].start..images[1].end],
            r#"<img src="https://x.example/b.png" alt="" />"#
        );
        assert_eq!(
            static_path(images[0].src, "/news/"),
            Some("images/a.jpg".into())
        );
        assert_eq!(static_path(images[1].src, "/news/"), None);
        assert!(is_raster("images/A.JPG") && !is_raster("images/a.svg"));
    }
}
