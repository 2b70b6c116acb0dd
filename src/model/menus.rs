//! The menus of `site.yaml` against the content: each entry that names a standalone page must
//! name one that exists, in some language.

use super::{LeftOutReason, PageId, Site};
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
        for (index, entry) in menu.entries.iter().enumerate() {
            let MenuTarget::Page(key) = &entry.target else {
                continue;
            };
            if site.menu_page(key).is_some() {
                continue;
            }
            let left_out = site.left_out.files.iter().find(|file| {
                let key_of = |path: &std::path::Path| {
                    let below: Vec<String> = path
                        .with_extension("")
                        .components()
                        .skip(2)
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    below.join("/")
                };
                let file_key = key_of(&file.source);
                file_key == *key || file_key == format!("pages/{key}")
            });
            let keys: Vec<&str> = site
                .page_translations
                .keys()
                .map(|k| k.strip_prefix("pages/").unwrap_or(k))
                .collect();
            let why_left_out = left_out.map(|file| {
                let reason = match file.reason {
                    LeftOutReason::Draft => "a draft; --drafts includes it",
                    LeftOutReason::Scheduled(_) => "dated after now; --future includes it",
                };
                let path = crate::diagnostics::display_path(&file.source);
                format!("; {path} is left out of this build ({reason})")
            });
            let hint = match nearest(key, &keys) {
                _ if why_left_out.is_some() => why_left_out.unwrap_or_default(),
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
                    "menus.{}, entry {}: no standalone page '{key}' is published{hint}",
                    menu.name,
                    index + 1
                ),
            );
        }
    }
}
