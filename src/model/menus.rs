//! The menus of `site.yaml` against the content: each entry that names a standalone page must
//! name one that exists, in some language.

use super::{PageId, Site};
use crate::config::{MenuTarget, SITE_FILE};
use crate::diagnostics::{Diagnostics, Location, nearest};
use std::collections::BTreeMap;

impl Site {
    /// The versions of the standalone page a menu names, by language: `about` is the page
    /// whose translation key is `about`, or else `pages/about` (the key of `pages/about.md`).
    pub fn menu_page(&self, key: &str) -> Option<&BTreeMap<String, PageId>> {
        self.page_translations
            .get(key)
            .or_else(|| self.page_translations.get(&format!("pages/{key}")))
    }
}

pub(super) fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for menu in &site.config.menus {
        for entry in &menu.entries {
            let MenuTarget::Page(key) = &entry.target else {
                continue;
            };
            if site.menu_page(key).is_some() {
                continue;
            }
            let keys: Vec<&str> = site
                .page_translations
                .keys()
                .map(|k| k.strip_prefix("pages/").unwrap_or(k))
                .collect();
            let hint = match nearest(key, &keys) {
                Some(near) => format!("; did you mean '{near}'?"),
                None if keys.is_empty() => {
                    "; there are no standalone pages yet (content/<code>/pages/<slug>.md)"
                        .to_string()
                }
                None => format!("; the pages are {}", keys.join(", ")),
            };
            let at = match entry.line {
                Some(line) => Location::at(SITE_FILE, line, 1),
                None => Location::file(SITE_FILE),
            };
            diagnostics.error(
                at,
                format!(
                    "menus.{}: no standalone page '{key}' is published{hint}",
                    menu.name
                ),
            );
        }
    }
}
