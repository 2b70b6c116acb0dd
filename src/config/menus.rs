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
                    menu_entry(
                        &format!("menus.{name}, entry {}", index + 1),
                        entry,
                        declared,
                        categories,
                        checks,
                    )
                })
                .collect(),
        })
        .collect()
}

fn menu_entry(
    what: &str,
    raw: &RawMenuEntry,
    declared: &Declared,
    categories: &[Category],
    checks: &mut Checks,
) -> Option<MenuEntry> {
    let line = |checks: &Checks, needle: &str| checks.line_of("menus", needle);
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
        checks.error(
            "menus",
            format!("{what}: give one of 'page' (a standalone page's key), 'category' or 'url'"),
        );
        return None;
    }
    let (target, at) = if let Some(page) = &raw.page {
        let at = line(checks, &format!("page: {page}"));
        (MenuTarget::Page(page.trim_matches('/').to_string()), at)
    } else if let Some(category) = &raw.category {
        let at = line(checks, &format!("category: {category}"));
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
        (MenuTarget::Category(category.clone()), at)
    } else {
        let url = raw.url.as_ref()?;
        if label.is_none() {
            checks.error(
                "menus",
                format!("{what}: a 'url' entry needs a 'label' (one text, or one per language)"),
            );
            return None;
        }
        let urls = declared.localize(url, &format!("{what} (url)"), checks);
        (MenuTarget::Url(urls), None)
    };
    Some(MenuEntry {
        target,
        label,
        line: at,
    })
}
