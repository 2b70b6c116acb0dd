//! The photos of a body as the page shows them: each `<img>` of a raster photo of `static/`
//! becomes a `<picture>` of its variants, with its size, lazily loaded (the lead photo, in the
//! template, is the one loaded first). Feeds get the plain `<img>` of a large fallback instead.

use super::views::{PictureView, Urls};
use crate::model::Site;
use crate::photos::{BodyImage, body_images, static_path};

/// What the stylesheet gives a body image: the text column (`.body`, at most 44rem) inside the
/// page's padding of 1rem on each side.
const BODY_SIZES: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/// The body with every photo of `site.photos` as a `<picture>`.
pub(super) fn body_pictures(html: &str, site: &Site, urls: &Urls) -> String {
    replace_images(html, site, |image, set| {
        let picture = PictureView::new(set, urls, 960);
        let title = image
            .title
            .map(|t| format!(" title=\"{t}\""))
            .unwrap_or_default();
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{BODY_SIZES}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\"></picture>",
            picture.webp_srcset,
            picture.src,
            picture.srcset,
            picture.width,
            picture.height,
            image.alt,
        )
    })
}

/// The body with every photo of `site.photos` as its large fallback, for feed readers.
pub(super) fn feed_images(html: &str, site: &Site, urls: &Urls) -> String {
    replace_images(html, site, |image, set| {
        let src = set.shared().map(|v| urls.site(&v.file)).unwrap_or_default();
        format!(
            "<img src=\"{src}\" alt=\"{}\" width=\"{}\" height=\"{}\" />",
            image.alt,
            set.shared().map_or(0, |v| v.width),
            set.shared().map_or(0, |v| v.height),
        )
    })
}

fn replace_images(
    html: &str,
    site: &Site,
    markup: impl Fn(&BodyImage, &crate::model::PhotoSet) -> String,
) -> String {
    if site.photos.is_empty() || !html.contains("<img ") {
        return html.to_string();
    }
    let base_path = site.config.base_path();
    let mut out = String::with_capacity(html.len() + 512);
    let mut from = 0;
    for image in body_images(html) {
        let Some(set) = static_path(image.src, base_path).and_then(|p| site.photo_set(&p)) else {
            continue;
        };
        out.push_str(&html[from..image.start]);
        out.push_str(&markup(&image, set));
        from = image.end;
    }
    out.push_str(&html[from..]);
    out
}
