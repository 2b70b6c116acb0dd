//! Images written in the Markdown of stories and pages without alt text.

use super::links::line_column;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::Site;
use scraper::{Html, Selector};
use std::path::Path;

/// Images written in the Markdown of a story or page without alt text.
pub(super) fn check_body_images(site: &Site, root: &Path, diagnostics: &mut Diagnostics) {
    let bodies = site
        .articles
        .iter()
        .map(|a| (&a.source, site.body_html(a)))
        .chain(
            site.pages
                .iter()
                .map(|p| (&p.source, p.body_html.as_str().into())),
        );
    let Ok(selector) = Selector::parse("img") else {
        return;
    };
    for (source, body) in bodies {
        if !body.contains("<img") {
            continue;
        }
        let fragment = Html::parse_fragment(&body);
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
