//! The renderer of one site: story cards made once for every list, and the rendering
//! of a job with its template (or, for feeds and sitemaps, without one).

use super::templates::{Templates, report_template_error};
use super::{discovery, views::*};
use crate::config::{I18n, Language};
use crate::diagnostics::Diagnostics;
use crate::model::{
    ArticleId, Job, ListPage, ListPosition, Site, category_page_path, tag_page_path, tag_slug,
};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use tera::{Tera, Value};

/// Renders jobs of one site. Building it prepares what every page shares.
pub struct Renderer<'a> {
    pub(super) site: &'a Site,
    tera: &'a Tera,
    /// The templates' sources, so that an error while rendering gets the hints of its line.
    template_sources: &'a std::collections::BTreeMap<String, String>,
    i18n: &'a I18n,
    pub(super) urls: Urls,
    /// Each story's card, made the first time a page needs it (in parallel during a build; the
    /// preview server's small rebuilds make only the few they use). Its template value is made
    /// for each page that shows it rather than kept: at 100,000 stories the values took
    /// hundreds of megabytes, where making one costs less than making the card.
    cards: Vec<OnceLock<Card<'a>>>,
    /// Each category's view in each language, by (language code, category key), shared by the
    /// cards.
    categories: BTreeMap<(&'a str, &'a str), Arc<CategoryView>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, templates: &'a Templates, i18n: &'a I18n) -> Self {
        let urls = Urls::new(&site.config);
        let categories = site
            .config
            .languages
            .iter()
            .flat_map(|language| {
                let urls = &urls;
                site.config.categories.iter().map(move |category| {
                    let view = category_view(site, &category.key, language, urls);
                    (
                        (language.code.as_str(), category.key.as_str()),
                        Arc::new(view),
                    )
                })
            })
            .collect();
        Renderer {
            site,
            tera: &templates.tera,
            template_sources: &templates.sources,
            i18n,
            urls,
            cards: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            categories,
        }
    }

    pub(super) fn card(&self, id: ArticleId) -> &Card<'a> {
        self.cards[id].get_or_init(|| self.make_card(id))
    }

    fn make_card(&self, id: ArticleId) -> Card<'a> {
        let site = self.site;
        let article = &site.articles[id];
        let language = site
            .config
            .language(&article.language)
            .expect("content only keeps declared languages");
        let mut card = Card::new(
            article,
            self.urls.site(&site.article_path(id)),
            self.categories
                .get(&(language.code.as_str(), article.category.as_str()))
                .cloned()
                .unwrap_or_else(|| {
                    Arc::new(category_view(site, &article.category, language, &self.urls))
                }),
            language,
            &self.urls,
            &site.photos,
        );
        // Spellings of one tag ("NATO", "nato") lead to one page, so they get one link.
        let mut seen = std::collections::BTreeSet::new();
        card.tag_links = article
            .tags
            .iter()
            .map(|name| (name, tag_slug(name)))
            .filter(|(_, slug)| !slug.is_empty() && seen.insert(slug.clone()))
            .map(|(name, slug)| TagLink {
                name,
                url: self
                    .urls
                    .site(&tag_page_path(&article.language, &slug, ListPage::Newest)),
            })
            .collect();
        card
    }

    /// The file's content, or the template error at its place in the template.
    pub fn render(&self, job: &Job) -> Result<String, Diagnostics> {
        if let Some(file) = self.search_file(job) {
            return Ok(file);
        }
        let Some(template) = job.kind.template() else {
            return Ok(discovery::render(self.site, &self.urls, self.i18n, job));
        };
        let context = self.context(job);
        self.tera.render(template, &context).map_err(|err| {
            let mut diagnostics = Diagnostics::new();
            report_template_error(
                &err,
                Some(template),
                Some(self.template_sources),
                &mut diagnostics,
            );
            diagnostics
        })
    }

    /// The language's UI string (empty where the language lacks it; the load step warned).
    pub(super) fn t(&self, code: &str, key: &str) -> String {
        self.i18n.get(code, key).unwrap_or_default().to_string()
    }

    pub(super) fn cards_of(&self, ids: &[ArticleId]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| Value::from_serializable(self.card(*id)))
                .collect::<Vec<_>>(),
        )
    }

    pub(super) fn language(&self, code: &str) -> &'a Language {
        self.site
            .config
            .language(code)
            .expect("jobs only name declared languages")
    }

    /// The pager of a page of a list, from its position alone; `path_of` gives a page's path.
    pub(super) fn pagination(
        &self,
        position: &ListPosition,
        path_of: impl Fn(ListPage) -> String,
    ) -> Pagination {
        let url_of =
            |page: Option<ListPage>| page.map_or_else(String::new, |p| self.urls.site(&path_of(p)));
        let newer = position.newer;
        let older = position.older.map(ListPage::Numbered);
        Pagination {
            number: match position.page {
                ListPage::Newest => 0,
                ListPage::Numbered(n) => n,
            },
            url: url_of(Some(position.page)),
            newest_url: url_of(
                newer
                    .filter(|p| *p != ListPage::Newest)
                    .map(|_| ListPage::Newest),
            ),
            newer_url: url_of(newer),
            older_url: url_of(older),
            oldest_url: url_of(
                older
                    .filter(|p| *p != ListPage::Numbered(1))
                    .map(|_| ListPage::Numbered(1)),
            ),
        }
    }
}

/// Turns a root-relative URL (`/news/images/a.svg`) into an absolute one; absolute ones stay.
pub fn absolute_src(urls: &Urls, src: &str) -> String {
    if src.starts_with("http://") || src.starts_with("https://") {
        src.to_string()
    } else {
        urls.origin_join(src)
    }
}

pub fn category_view(site: &Site, key: &str, language: &Language, urls: &Urls) -> CategoryView {
    let label = site
        .config
        .category(key)
        .and_then(|c| c.labels.get(&language.code).cloned())
        .unwrap_or_else(|| key.to_string());
    CategoryView {
        key: key.to_string(),
        label,
        url: urls.site(&category_page_path(
            &language.code,
            site.config.category_slug(&language.code, key),
            ListPage::Newest,
        )),
    }
}
