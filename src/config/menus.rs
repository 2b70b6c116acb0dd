//! `menus:` of `site.yaml`: named lists of links (a footer menu, say) whose entries name a
//! standalone page, a category or an address. Which page an entry leads to in each language is
//! found once the content is read (`model`); here the shape is checked.

use super::Category;
use super::raw::RawMenuEntry;
use super::site::{Checks, Declared};
use crate::yaml::OrderedMap;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Menu {
    pub name: String,
    pub entries: Vec<MenuEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MenuEntry {
    pub target: MenuTarget,
    /// The text per language; `None`: the page's title or the category's label.
    pub label: Option<BTreeMap<String, String>>,
    /// Where the entry is written in `site.yaml`.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MenuTarget {
    /// A standalone page by its translation key (`about` for `pages/about.md` also works).
    Page(String),
    Category(String),
    /// Per language: an absolute URL, or a path on the site.
    Url(BTreeMap<String, String>),
}

pub(super) fn menus(
    raw: &OrderedMap<Vec<RawMenuEntry>>,
    declared: &Declared,
    categories: &[Category],
    checks: &mut Checks,
) -> Vec<Menu> {
    raw.0
        .iter()
        .map(|(name, entries)| Menu {
            name: name.clone(),
            entries: entries
                .iter()
                .enumerate()
                .filter_map(|(index, entry)| {
                    let at = checks.item_line("menus", name, index);
                    let what = format!("menus.{name}, entry {}", index + 1);
                    menu_entry(&what, at, entry, declared, categories, checks)
                })
                .collect(),
        })
        .collect()
}

fn menu_entry(
    what: &str,
    at: Option<usize>,
    raw: &RawMenuEntry,
    declared: &Declared,
    categories: &[Category],
    checks: &mut Checks,
) -> Option<MenuEntry> {
    let label = raw
        .label
        .as_ref()
        .map(|label| declared.localize(label, &format!("{what} (label)"), checks));
    let given = [
        raw.page.is_some(),
        raw.category.is_some(),
        raw.url.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        checks.error_at(
            at,
            "menus",
            format!("{what}: give one of 'page' (a standalone page's key), 'category' or 'url'"),
        );
        return None;
    }
    let target = if let Some(page) = &raw.page {
        MenuTarget::Page(page.trim_matches('/').to_string())
    } else if let Some(category) = &raw.category {
        if !categories.iter().any(|c| &c.key == category) {
            let keys: Vec<&str> = categories.iter().map(|c| c.key.as_str()).collect();
            let hint = crate::diagnostics::nearest(category, &keys)
                .map(|k| format!("; did you mean '{k}'?"))
                .unwrap_or_else(|| format!("; the categories are {}", keys.join(", ")));
            checks.error_at(
                at,
                "menus",
                format!("{what}: unknown category '{category}'{hint}"),
            );
            return None;
        }
        MenuTarget::Category(category.clone())
    } else {
        let url = raw.url.as_ref()?;
        if label.is_none() {
            checks.error_at(
                at,
                "menus",
                format!("{what}: a 'url' entry needs a 'label' (one text, or one per language)"),
            );
            return None;
        }
        let urls = declared.localize(url, &format!("{what} (url)"), checks);
        for address in urls.values() {
            if let Err(message) = linkable(address) {
                checks.error_at(at, "menus", format!("{what}: {message}"));
                return None;
            }
        }
        MenuTarget::Url(urls)
    };
    Some(MenuEntry {
        target,
        label,
        line: at,
    })
}

/// What a menu may link: a web address, `mailto:` or `tel:`, or a path on the site.
fn linkable(address: &str) -> Result<(), String> {
    let lower = address.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(scheme, _)| scheme);
    let path_like = !lower.is_empty() && scheme.is_none_or(|s| s.contains('/'));
    let fine = ["https", "http", "mailto", "tel"];
    if path_like || scheme.is_some_and(|s| fine.contains(&s)) {
        return Ok(());
    }
    Err(format!(
        "'{address}' is not an address a menu can link: write https://..., mailto:..., tel:... or a path on the site such as /contact/"
    ))
}
