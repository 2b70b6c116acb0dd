//! The template context of each page: what every page shares (head, menu, language switcher,
//! consent), then what its kind adds (the stories of a list, the story of an article page).

use super::discovery;
use super::renderer::{Renderer, category_view};
use super::views::*;
use crate::config::Language;
use crate::content::{StoryLink, fill_story_links};
use crate::model::{
    ArticleId, FeedFormat, Job, JobKind, ListPage, TagRef, archive_path, author_page_path,
    category_page_path, tag_page_path,
};
use chrono::Datelike;
use tera::Context;

impl Renderer<'_> {
    /// Everything the page's template sees.
    pub(super) fn context(&self, job: &Job) -> Context {
        let config = &self.site.config;
        let language = self.language(
            self.site
                .job_language(job)
                .unwrap_or(&config.default_language),
        );
        let mut context = self.shared_context(job, language);
        let code = language.code.as_str();
        match &job.kind {
            JobKind::Front { .. } => self.front(code, language, &mut context),
            JobKind::Category { .. } | JobKind::Tag { .. } | JobKind::Archive { .. } => {
                self.story_list(job, language, &mut context)
            }
            JobKind::Author { .. } => self.author_page(job, language, &mut context),
            JobKind::TagIndex { .. } | JobKind::ArchiveIndex { .. } => {
                self.index(job, language, &mut context)
            }
            JobKind::Article(id) => self.article(*id, code, &mut context),
            JobKind::TakenDown(index) => {
                let story = &self.site.taken_down[*index];
                context.insert(
                    "withdrawn",
                    &TakenDownView {
                        note: story.withdrawn_note.clone(),
                        written: TimeView::new(story.written, language),
                    },
                );
            }
            JobKind::NotFound => context.insert("offers", &self.not_found_offers()),
            JobKind::Search { .. } => self.search_page(language, &mut context),
            JobKind::Page(id) => {
                let page = &self.site.pages[*id];
                let body_html = self.body_html(&page.body_html, &page.story_links);
                context.insert(
                    "page",
                    &PageView {
                        title: &page.title,
                        body_html: self.with_embeds(&body_html, &page.embeds, code),
                        extra: &page.extra,
                    },
                );
            }
            _ => {}
        }
        context
    }

    /// A page of a category, a tag or a month of the archive: its stories, and the pager.
    fn story_list(&self, job: &Job, language: &Language, context: &mut Context) {
        let code = language.code.as_str();
        match &job.kind {
            JobKind::Category {
                category,
                position,
                articles,
                ..
            } => {
                let view = category_view(self.site, category, language, &self.urls);
                context.insert("category", &view);
                context.insert_value("articles", self.cards_of(articles));
                let pagination = self.pagination(position, |page| {
                    category_page_path(code, self.site.config.category_slug(code, category), page)
                });
                context.insert("pagination", &pagination);
            }
            JobKind::Tag {
                tag,
                position,
                total_articles,
                articles,
                ..
            } => {
                context.insert("tag", &self.tag_link(code, tag));
                // Null on numbered pages: the template shows no count there.
                context.insert("total", total_articles);
                context.insert_value("articles", self.cards_of(articles));
                let pagination =
                    self.pagination(position, |page| tag_page_path(code, &tag.slug, page));
                context.insert("pagination", &pagination);
            }
            JobKind::Archive {
                year,
                month,
                articles,
                ..
            } => {
                context.insert("year", year);
                context.insert("month", month);
                context.insert("label", &language.cldr.format_month(*year, *month));
                context.insert("iso", &format!("{year:04}-{month:02}"));
                context.insert("total", &articles.len());
                context.insert_value("articles", self.cards_of(articles));
            }
            _ => {}
        }
    }

    /// A page of a declared author: who they are, their stories in the language, the pager.
    fn author_page(&self, job: &Job, language: &Language, context: &mut Context) {
        let JobKind::Author {
            author,
            position,
            articles,
            ..
        } = &job.kind
        else {
            return;
        };
        let code = language.code.as_str();
        context.insert("author", &self.author_view(author, language));
        context.insert_value("articles", self.cards_of(articles));
        let pagination = self.pagination(position, |page| author_page_path(code, author, page));
        context.insert("pagination", &pagination);
    }

    pub(super) fn author_view(&self, key: &str, language: &Language) -> AuthorView {
        let code = language.code.as_str();
        let author = self.site.config.author(key);
        let localized = |map: Option<&std::collections::BTreeMap<String, String>>| {
            map.and_then(|m| m.get(code)).cloned().unwrap_or_default()
        };
        AuthorView {
            key: key.to_string(),
            name: localized(author.map(|a| &a.names)),
            bio: localized(author.map(|a| &a.bios)),
            photo: author
                .and_then(|a| a.photo.as_ref())
                .map(|p| self.urls.site(p))
                .unwrap_or_default(),
            url: self
                .urls
                .site(&author_page_path(code, key, ListPage::Newest)),
        }
    }

    /// The index of a language's tags, or of its archive's months, with their counts.
    fn index(&self, job: &Job, language: &Language, context: &mut Context) {
        let code = language.code.as_str();
        match &job.kind {
            JobKind::TagIndex { tags, .. } => {
                let tags: Vec<TagCount> = tags
                    .iter()
                    .map(|(tag, count)| TagCount {
                        name: tag.name.clone(),
                        url: self
                            .urls
                            .site(&tag_page_path(code, &tag.slug, ListPage::Newest)),
                        count: *count,
                    })
                    .collect();
                context.insert("tags", &tags);
            }
            JobKind::ArchiveIndex { months, .. } => {
                let months: Vec<MonthLink> = months
                    .iter()
                    .map(|(year, month, count)| MonthLink {
                        year: *year,
                        month: *month,
                        label: language.cldr.format_month(*year, *month),
                        iso: format!("{year:04}-{month:02}"),
                        url: self.urls.site(&archive_path(code, *year, *month)),
                        count: *count,
                    })
                    .collect();
                context.insert("months", &months);
            }
            _ => {}
        }
    }

    /// What every HTML page has: the site and language, the head's links and social card, the
    /// menu, the language switcher and the consent settings.
    fn shared_context(&self, job: &Job, language: &Language) -> Context {
        let config = &self.site.config;
        let code = language.code.as_str();
        let (page_title, description) = self.title_and_description(job, language);
        let mut context = Context::new();
        context.insert("lang", &LanguageView::new(language, &self.urls));
        context.insert(
            "site",
            &SiteView {
                title: language.title.clone(),
                base_url: config.base_url.clone(),
                languages: config
                    .languages
                    .iter()
                    .map(|l| LanguageView::new(l, &self.urls))
                    .collect(),
                build_year: self.site.now.with_timezone(&config.timezone).year(),
                built_at: self
                    .site
                    .now
                    .with_timezone(&config.timezone)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                extra: config.extra.clone(),
            },
        );
        context.insert("home_url", &self.urls.site(&format!("{code}/")));
        context.insert("tags_url", &self.urls.site(&format!("{code}/tags/")));
        context.insert("archive_url", &self.urls.site(&format!("{code}/archive/")));
        // The header's search box; empty with `search: false`.
        let search_url = if self.site.config.search {
            self.urls.site(&format!("{code}/search/"))
        } else {
            String::new()
        };
        context.insert("search_url", &search_url);
        context.insert("menu", &self.menu(job, language));
        context.insert("pages", &self.page_links(job, language));
        context.insert("menus", &self.menus(job, language));
        context.insert("switcher", &self.switcher(job, language));
        context.insert("alternates", &self.alternates(job));
        context.insert("feeds", &self.feeds(job, language));
        context.insert("social", &self.social(job, language));
        context.insert("canonical", &self.urls.absolute(&job.path));
        context.insert("page_title", &page_title);
        context.insert("description", &description);
        context.insert("consent", &self.consent(code));
        context.insert("page_kind", job.kind.name());
        context
    }

    /// The `<title>` ("Politics (Page 2) | World News") and the meta description.
    fn title_and_description(&self, job: &Job, language: &Language) -> (String, String) {
        let site = self.site;
        let site_title = &language.title;
        let t = |key: &str| self.t(&language.code, key);
        let with_site = |title: String| format!("{title} | {site_title}");
        let numbered = |title: String, page: ListPage| match page {
            ListPage::Newest => title,
            ListPage::Numbered(n) => {
                format!("{title} ({})", t("page_n").replace("{n}", &n.to_string()))
            }
        };
        let title = match &job.kind {
            JobKind::NotFound | JobKind::LanguageNotFound { .. } => with_site(t("not_found_title")),
            JobKind::Category {
                category, position, ..
            } => {
                let label = category_view(site, category, language, &self.urls).label;
                with_site(numbered(label, position.page))
            }
            JobKind::Article(id) => {
                let article = &site.articles[*id];
                return (with_site(article.title.clone()), article.summary.clone());
            }
            JobKind::Page(id) => {
                let page = &site.pages[*id];
                return (with_site(page.title.clone()), page.summary.clone());
            }
            JobKind::TakenDown(_) => with_site(t("withdrawn_title")),
            JobKind::TagIndex { .. } => with_site(t("tags")),
            JobKind::Search { .. } => with_site(t("search")),
            JobKind::Tag { tag, position, .. } => {
                with_site(numbered(format!("#{}", tag.name), position.page))
            }
            JobKind::Author {
                author, position, ..
            } => {
                let view = self.author_view(author, language);
                return (with_site(numbered(view.name, position.page)), view.bio);
            }
            JobKind::ArchiveIndex { .. } => with_site(t("archive")),
            JobKind::Archive { year, month, .. } => {
                let month = language.cldr.format_month(*year, *month);
                with_site(format!("{} {month}", t("archive")))
            }
            _ => site_title.clone(),
        };
        (title, String::new())
    }

    fn menu(&self, job: &Job, language: &Language) -> Vec<MenuItem> {
        let current = job.kind.category(self.site);
        self.site
            .config
            .categories
            .iter()
            .map(|c| {
                let view = category_view(self.site, &c.key, language, &self.urls);
                let is_current = Some(c.key.as_str()) == current;
                MenuItem {
                    current: is_current,
                    exact: is_current
                        && matches!(&job.kind, JobKind::Category { position, .. }
                            if position.page == ListPage::Newest),
                    key: view.key,
                    label: view.label,
                    url: view.url,
                }
            })
            .collect()
    }

    fn switcher(&self, job: &Job, language: &Language) -> Vec<SwitcherItem> {
        self.site
            .config
            .languages
            .iter()
            .zip(self.site.versions(job))
            .map(|(other, version)| SwitcherItem {
                code: other.code.clone(),
                tag: other.tag.clone(),
                name: other.name.clone(),
                dir: other.dir.as_str(),
                url: self.urls.site(&version.path),
                current: other.code == language.code && !matches!(job.kind, JobKind::Root),
                translated: version.translated,
            })
            .collect()
    }

    fn alternates(&self, job: &Job) -> Vec<Alternate> {
        self.site
            .alternates(job)
            .into_iter()
            .map(|(hreflang, path)| Alternate {
                hreflang,
                url: self.urls.absolute(&path),
            })
            .collect()
    }

    /// The language's feeds (RSS first, then Atom), and the category's where the page belongs
    /// to one.
    fn feeds(&self, job: &Job, language: &Language) -> Vec<FeedLink> {
        let code = &language.code;
        let category = job.kind.category(self.site).map(|key| {
            let label = category_view(self.site, key, language, &self.urls).label;
            (key, format!("{label} | {}", language.title))
        });
        let mut feeds = Vec::new();
        for format in FeedFormat::ALL {
            feeds.push(FeedLink {
                title: language.title.clone(),
                url: self
                    .urls
                    .absolute(&format!("{code}/{}", format.file_name())),
                media_type: format.media_type(),
            });
        }
        for format in FeedFormat::ALL {
            if let Some((key, title)) = &category {
                feeds.push(FeedLink {
                    title: title.clone(),
                    url: self.urls.absolute(&format!(
                        "{code}/{}/{}",
                        self.site.config.category_slug(code, key),
                        format.file_name()
                    )),
                    media_type: format.media_type(),
                });
            }
        }
        feeds
    }

    /// Open Graph: a story's photo and the locales of its translations.
    fn social(&self, job: &Job, language: &Language) -> SocialView {
        let config = &self.site.config;
        let article = match &job.kind {
            JobKind::Article(id) => Some(*id),
            _ => None,
        };
        SocialView {
            kind: if article.is_some() {
                "article"
            } else {
                "website"
            },
            image: article
                .and_then(|id| self.card(id).photo.as_ref())
                .map(|photo| photo.share.clone())
                .unwrap_or_default(),
            locale: language.locale.clone(),
            locale_alternates: self
                .site
                .versions(job)
                .iter()
                .filter(|v| v.translated && v.language != language.code)
                .filter_map(|v| config.language(&v.language).map(|l| l.locale.clone()))
                .collect(),
        }
    }

    fn consent(&self, code: &str) -> ConsentView {
        let consent = &self.site.config.consent;
        ConsentView {
            mode: consent.mode.as_str(),
            cookie_name: consent.cookie_name.clone(),
            max_age_days: consent.max_age_days,
            revision: consent.revision,
            policy_url: consent
                .policy_urls
                .get(code)
                .map(|u| self.urls.configured(u))
                .unwrap_or_default(),
            purposes: consent
                .purposes
                .iter()
                .map(|p| PurposeView {
                    key: p.key.clone(),
                    title: self.purpose_title(&p.key, code),
                    description: self.purpose_description(&p.key, code),
                    necessary: p.necessary,
                })
                .collect(),
        }
    }

    /// The front page: the latest stories, a section per category, the editor's picks.
    fn front(&self, code: &str, language: &Language, context: &mut Context) {
        let front = self.site.front_page(code);
        context.insert_value("latest", self.cards_of(&front.latest));
        let sections: Vec<Section> = front
            .sections
            .iter()
            .map(|(category, ids)| Section {
                category: category_view(self.site, category, language, &self.urls),
                articles: self.cards_of(ids),
            })
            .collect();
        context.insert("sections", &sections);
        context.insert_value("editor_picks", self.cards_of(&front.picks));
    }

    /// An article page: the story with its JSON-LD, and the language's other picks.
    fn article(&self, id: ArticleId, code: &str, context: &mut Context) {
        let site = self.site;
        let json_ld = discovery::news_article_json_ld(site, &self.urls, id, self.card(id));
        let article = &site.articles[id];
        let body_html = self.body_html(&site.body_html(article), &article.story_links);
        context.insert(
            "article",
            &ArticleView {
                card: self.card(id),
                body_html: self.with_embeds(&body_html, &article.embeds, code),
                extra: &article.extra,
                json_ld: &json_ld,
                corrections_policy_url: self.corrections_policy_url(code),
            },
        );
        context.insert_value("related", self.cards_of(site.related(id)));
        let picks = site.editor_picks(code, Some(id));
        context.insert_value("editor_picks", self.cards_of(&picks));
    }

    /// A body with its links to other stories pointing at their URLs.
    fn body_html(&self, body_html: &str, links: &[StoryLink]) -> String {
        let html = fill_story_links(body_html, links, &|source| {
            self.site
                .story_path(source)
                .map(|path| self.urls.site(path))
        });
        super::pictures::body_pictures(&html, self.site, &self.urls)
    }

    pub(super) fn corrections_policy_url(&self, code: &str) -> String {
        self.site
            .config
            .corrections_policy
            .get(code)
            .map(|u| self.urls.configured(u))
            .unwrap_or_default()
    }

    /// What the root not-found page says in every language, each leading to its front page.
    fn not_found_offers(&self) -> Vec<NotFoundOffer> {
        self.site
            .config
            .languages
            .iter()
            .map(|language| NotFoundOffer {
                language: LanguageView::new(language, &self.urls),
                title: self.t(&language.code, "not_found_title"),
                text: self.t(&language.code, "not_found_text"),
                back: self.t(&language.code, "back_to_front"),
            })
            .collect()
    }

    fn tag_link<'t>(&self, code: &str, tag: &'t TagRef) -> TagLink<'t> {
        TagLink {
            name: &tag.name,
            url: self
                .urls
                .site(&tag_page_path(code, &tag.slug, ListPage::Newest)),
        }
    }
}
