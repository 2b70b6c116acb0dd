//! `newsroom build` end to end: the repository's own sample site and small fixture sites, built with
//! the real binary, the output read with real parsers (HTML with `scraper`, XML with `roxmltree`,
//! JSON with `serde_json`).
//!
//! One test binary with a module per feature, so that the suite links once rather than once per
//! file. `cargo test --test build article::` runs one module.

#[path = "../support/mod.rs"]
mod support;

mod article;
mod authors;
mod consent;
mod corrections;
mod discovery;
mod drafts;
mod errors;
mod feeds;
mod incremental;
mod kept_related;
mod kept_search;
mod lists;
mod locales;
mod markup;
mod menus;
mod messages;
mod noop;
mod output_folder;
mod photos;
mod regressions;
mod related;
mod reproducible;
mod search;
mod takedowns;
mod tolerance;
mod translations;
mod urls;

use std::collections::BTreeSet;
use support::{Doc, html_files, sample_site};

/// Article links of a list page (a category, the front page), in order.
pub fn card_links(doc: &Doc) -> Vec<String> {
    doc.attrs("main h2 a, main h3 a", "href")
}

/// The `datetime` of an article page's first timestamp (when it was written).
pub fn written_iso(doc: &Doc) -> String {
    doc.attrs("main time[datetime]", "datetime")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{}: no time", doc.name))
}

/// Article pages of a build of the sample site: `<code>/<category>/<slug>/index.html`.
pub fn article_pages(out: &std::path::Path) -> BTreeSet<String> {
    let categories: Vec<&str> = sample_site()
        .categories
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    html_files(out)
        .into_iter()
        .filter(|name| {
            let parts: Vec<&str> = name.split('/').collect();
            parts.len() == 4 && categories.contains(&parts[1]) && parts[2] != "page"
        })
        .collect()
}
