//! Where the published pages show photos: the lead photo of each article and the `<img>` of
//! every story's and page's body that names a file of `static/`.

use super::Place;
use crate::content::PhotoSource;
use crate::content::body_images;
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
    let pages = site.pages.iter().map(|page| {
        let images = body_images(&page.body_html)
            .into_iter()
            .map(|image| image.src);
        (&page.source, images.collect::<Vec<&str>>())
    });
    let bodies = site
        .articles
        .iter()
        .map(|a| {
            (
                &a.source,
                a.body.images.iter().map(String::as_str).collect(),
            )
        })
        .chain(pages);
    for (source, images) in bodies {
        for src in images {
            let Some(path) = static_path(src, base_path) else {
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
