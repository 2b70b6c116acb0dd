//! What templates get to link the site's own pages: the language's standalone pages (`pages`)
//! and the menus of `site.yaml` (`menus.footer`), each entry resolved in the page's language.

use super::renderer::{Renderer, category_view};
use crate::config::{Language, MenuEntry, MenuTarget};
use crate::model::{Job, JobKind, ListPage};
use serde::Serialize;
use std::collections::BTreeMap;

/// A standalone page of the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Its translation key (`pages/about`).
    pub key: String,
    pub title: String,
    pub url: String,
    /// The page being rendered is this one.
    pub current: bool,
}

/// One entry of a menu, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct MenuLink {
    pub label: String,
    pub url: String,
    /// `page`, `category` or `url`.
    pub kind: &'static str,
    /// The BCP 47 tag of the page it leads to, where that is not the page's language (a
    /// standalone page not translated yet leads to the default language's version).
    pub lang: Option<String>,
    pub current: bool,
}

impl Renderer<'_> {
    pub(super) fn page_links(&self, job: &Job, language: &Language) -> Vec<PageLink> {
        let site = self.site;
        site.page_translations
            .iter()
            .filter_map(|(key, versions)| {
                let id = *versions.get(&language.code)?;
                let page = &site.pages[id];
                Some(PageLink {
                    key: key.clone(),
                    title: page.title.clone(),
                    url: self.urls.site(site.story_path(&page.source)?),
                    current: matches!(job.kind, JobKind::Page(current) if current == id),
                })
            })
            .collect()
    }

    pub(super) fn menus(&self, job: &Job, language: &Language) -> BTreeMap<String, Vec<MenuLink>> {
        self.site
            .config
            .menus
            .iter()
            .map(|menu| {
                let links = menu
                    .entries
                    .iter()
                    .filter_map(|entry| self.menu_link(entry, job, language))
                    .collect();
                (menu.name.clone(), links)
            })
            .collect()
    }

    fn menu_link(&self, entry: &MenuEntry, job: &Job, language: &Language) -> Option<MenuLink> {
        let site = self.site;
        let code = &language.code;
        let label = entry.label.as_ref().and_then(|l| l.get(code)).cloned();
        match &entry.target {
            MenuTarget::Page(key) => {
                let versions = site.menu_page(key)?;
                let (shown_in, id) = versions
                    .get_key_value(code)
                    .or_else(|| versions.get_key_value(&site.config.default_language))
                    .or_else(|| versions.iter().next())?;
                let page = &site.pages[*id];
                let lang = (shown_in != code)
                    .then(|| site.config.language(shown_in).map(|l| l.tag.clone()))
                    .flatten();
                Some(MenuLink {
                    label: label.unwrap_or_else(|| page.title.clone()),
                    url: self.urls.site(site.story_path(&page.source)?),
                    kind: "page",
                    lang,
                    current: matches!(job.kind, JobKind::Page(current) if current == *id),
                })
            }
            MenuTarget::Category(key) => {
                let view = category_view(site, key, language, &self.urls);
                Some(MenuLink {
                    label: label.unwrap_or(view.label),
                    url: view.url,
                    kind: "category",
                    lang: None,
                    current: matches!(&job.kind, JobKind::Category { category, position, .. }
                        if category == key && position.page == ListPage::Newest),
                })
            }
            MenuTarget::Url(urls) => Some(MenuLink {
                label: label.unwrap_or_default(),
                url: self.urls.configured(urls.get(code)?),
                kind: "url",
                lang: None,
                current: false,
            }),
        }
    }
}
