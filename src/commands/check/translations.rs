//! The translation report: per language, the stories and pages that have no version in it.

use crate::diagnostics::display_path;
use crate::model::Site;
use serde::Serialize;
use std::path::PathBuf;

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

/// Per language, the stories and pages of the site that have no version in it.
pub(super) fn missing_translations(site: &Site) -> Vec<(String, Vec<MissingTranslation>)> {
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
