//! Turns planned jobs into HTML with Tera. The only user of Tera; it never writes files.
//!
//! Story cards are converted to template values once and shared by every list they appear in;
//! each page then gets a context of small view structs (see `views`).

pub mod discovery;
pub mod views;

use crate::config::{I18n, Language};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{
    ArticleId, Job, JobKind, Site, archive_path, category_page_path, tag_page_path, tag_slug,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tera::{Context, Kwargs, State, Tera, Value};
use views::*;

pub const TEMPLATES_DIR: &str = "templates";
const REQUIRED_TEMPLATES: [&str; 10] = [
    "tags.html",
    "tag.html",
    "archives.html",
    "archive.html",
    "root.html",
    "front.html",
    "category.html",
    "article.html",
    "page.html",
    "404.html",
];

/// The loaded templates, with their sources kept for the i18n key check.
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, String>,
}

/// A static file's URL suffix for cache busting, by path below `static/`.
pub type AssetVersions = BTreeMap<String, String>;

/// Reads every file below `templates/`. Each template's syntax is checked on its own first, so that
/// all broken templates are reported, not only the first.
pub fn load_templates(
    root: &Path,
    i18n: Arc<I18n>,
    assets: Arc<AssetVersions>,
    base_path: String,
    diagnostics: &mut Diagnostics,
) -> Option<Templates> {
    let dir = root.join(TEMPLATES_DIR);
    let mut sources = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(entry.path()) {
            Ok(source) => {
                sources.insert(name, source);
            }
            Err(err) => diagnostics.error(
                Location::file(Path::new(TEMPLATES_DIR).join(&name)),
                format!("cannot read the template: {err}"),
            ),
        }
    }
    let errors_before = diagnostics.error_count();
    for name in REQUIRED_TEMPLATES {
        if !sources.contains_key(name) {
            diagnostics.error(
                Location::file(Path::new(TEMPLATES_DIR).join(name)),
                "this template is missing; every site needs it (see README.md, Templates)",
            );
        }
    }
    // Syntax first, each template on its own, so every broken template is reported. References to
    // other templates are checked below, once all are loaded.
    let mut with_functions = Tera::new();
    register_functions(
        &mut with_functions,
        Arc::clone(&i18n),
        Arc::clone(&assets),
        base_path.clone(),
    );
    for (name, source) in &sources {
        let mut alone = Tera::new();
        alone.register_from(&with_functions);
        if let Err(err) = alone.add_raw_template(name, source)
            && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
        {
            report_template_error(&err, Some(name), diagnostics);
        }
    }
    if diagnostics.error_count() > errors_before {
        return None;
    }

    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    register_functions(&mut tera, i18n, assets, base_path);
    if let Err(err) = tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
    {
        report_template_error(&err, None, diagnostics);
        return None;
    }
    Some(Templates { tera, sources })
}

fn register_functions(
    tera: &mut Tera,
    i18n: Arc<I18n>,
    assets: Arc<AssetVersions>,
    base_path: String,
) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let language = state
                .get::<Value>("lang")?
                .and_then(|lang| {
                    lang.as_map().and_then(|m| {
                        m.get(&tera::value::Key::Str("code"))
                            .and_then(|c| c.as_str().map(str::to_string))
                    })
                })
                .unwrap_or_else(|| i18n.default_language.clone());
            i18n.get(&language, &key)
                .map(str::to_string)
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "unknown UI string '{key}': add it to {}",
                        crate::diagnostics::display_path(&i18n.source)
                    ))
                })
        },
    );
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches('/');
            match assets.get(path) {
                Some(version) => Ok(format!("{base_path}{}?v={version}", encode_path(path))),
                None => Err(tera::Error::message(format!(
                    "asset '{path}' does not exist: there is no static/{path}"
                ))),
            }
        },
    );
}

/// Tera's errors carry the template and position; they become `templates/<name>:line:col`.
fn report_template_error(err: &tera::Error, name: Option<&str>, diagnostics: &mut Diagnostics) {
    let (location, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() {
                name.unwrap_or_default()
            } else {
                report.filename()
            };
            let mut message = report.message().to_string();
            if let Some(source) = std::error::Error::source(err) {
                message = format!("{message}: {source}");
            }
            (
                Location::at(
                    Path::new(TEMPLATES_DIR).join(file),
                    report.span().start_line,
                    report.span().start_col + 1,
                ),
                message,
            )
        }
        _ => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(inner) = source {
                message = format!("{message}: {inner}");
                source = inner.source();
            }
            // Tera gathers its reference checks (unknown functions, filters, includes) into one
            // message of several reports; each becomes a diagnostic of its own.
            let reports = split_reports(&message);
            if !reports.is_empty() {
                for (location, message) in reports {
                    diagnostics.error(location, message);
                }
                return;
            }
            let path = name.map_or_else(
                || PathBuf::from(TEMPLATES_DIR),
                |n| Path::new(TEMPLATES_DIR).join(n),
            );
            (
                Location::file(path),
                message.lines().next().unwrap_or_default().to_string(),
            )
        }
    };
    diagnostics.error(location, message);
}

/// Reads `error: MESSAGE` followed by `--> NAME:LINE:COL` out of Tera's rendered reports.
fn split_reports(text: &str) -> Vec<(Location, String)> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest);
        } else if let Some(place) = line.trim_start().strip_prefix("--> ")
            && let Some(current) = message.take()
        {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_number = parts.next().and_then(|l| l.parse::<usize>().ok());
            if let (Some(column), Some(line_number), Some(name)) =
                (column, line_number, parts.next())
            {
                found.push((
                    Location::at(Path::new(TEMPLATES_DIR).join(name), line_number, column),
                    current.to_string(),
                ));
            }
        }
    }
    found
}

/// Every `t(key="...")` with a literal key must resolve in the default language; other languages
/// fall back to it (with warnings from the i18n loader).
pub fn check_ui_strings(templates: &Templates, i18n: &I18n, diagnostics: &mut Diagnostics) {
    // An unreadable default file is one error already; a missing-key error per template call
    // would only bury it.
    if i18n
        .strings
        .get(&i18n.default_language)
        .is_none_or(|s| s.is_empty())
    {
        return;
    }
    for (name, source) in &templates.sources {
        for (line, column, key) in literal_keys(source) {
            if i18n.get(&i18n.default_language, &key).is_none() {
                diagnostics.error(
                    Location::at(Path::new(TEMPLATES_DIR).join(name), line, column),
                    format!(
                        "the UI string '{key}' is in no i18n file of the default language; add `{key}: ...` to {}",
                        crate::diagnostics::display_path(&i18n.source)
                    ),
                );
            }
        }
    }
}

/// `(line, column, key)` of each `t(key="...")` call with a literal key.
fn literal_keys(source: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(start) = rest.find("t(key=") {
            let preceded_by_word = rest[..start]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = &rest[start + 6..];
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
                && let Some(end) = after[1..].find(quote)
                && !preceded_by_word
            {
                found.push((index + 1, offset + start + 1, after[1..1 + end].to_string()));
            }
            offset += start + 6;
            rest = &rest[start + 6..];
        }
    }
    found
}

/// Renders jobs of one site. Building it prepares what every page shares.
pub struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    i18n: &'a I18n,
    urls: Urls,
    /// Each story's card and its template value, made the first time a page needs them (in
    /// parallel during a build; the preview server's small rebuilds make only the few they use).
    cards: Vec<OnceLock<(Card, Value)>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, templates: &'a Templates, i18n: &'a I18n) -> Self {
        let urls = Urls::new(&site.config);
        Renderer {
            site,
            tera: &templates.tera,
            i18n,
            urls,
            cards: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    fn card(&self, id: ArticleId) -> &Card {
        &self.card_entry(id).0
    }

    fn card_value(&self, id: ArticleId) -> &Value {
        &self.card_entry(id).1
    }

    fn card_entry(&self, id: ArticleId) -> &(Card, Value) {
        self.cards[id].get_or_init(|| {
            let card = self.make_card(id);
            let value = Value::from_serializable(&card);
            (card, value)
        })
    }

    fn make_card(&self, id: ArticleId) -> Card {
        let site = self.site;
        let article = &site.articles[id];
        let language = site
            .config
            .language(&article.language)
            .expect("content only keeps declared languages");
        let mut card = Card::new(
            article,
            self.urls.site(&site.article_path(id)),
            category_view(site, &article.category, language, &self.urls),
            language,
            &self.urls,
        );
        // Spellings of one tag ("NATO", "nato") lead to one page, so they get one link.
        let mut seen = std::collections::BTreeSet::new();
        card.tag_links = article
            .tags
            .iter()
            .map(|name| (name, tag_slug(name)))
            .filter(|(_, slug)| !slug.is_empty() && seen.insert(slug.clone()))
            .map(|(name, slug)| TagLink {
                name: name.clone(),
                url: self.urls.site(&tag_page_path(&article.language, &slug, 1)),
            })
            .collect();
        card
    }

    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// The file's content, or the template error at its place in the template.
    pub fn render(&self, job: &Job) -> Result<String, Diagnostics> {
        if let Some(text) = discovery::render(self.site, &self.urls, job) {
            return Ok(text);
        }
        let (template, context) = self.context(job);
        self.tera.render(template, &context).map_err(|err| {
            let mut diagnostics = Diagnostics::new();
            report_template_error(&err, Some(template), &mut diagnostics);
            diagnostics
        })
    }

    fn cards_of(&self, ids: &[ArticleId]) -> Value {
        Value::from(
            ids.iter()
                .map(|id| self.card_value(*id).clone())
                .collect::<Vec<_>>(),
        )
    }

    fn language(&self, code: &str) -> &'a Language {
        self.site
            .config
            .language(code)
            .expect("jobs only name declared languages")
    }

    fn context(&self, job: &Job) -> (&'static str, Context) {
        let site = self.site;
        let config = &site.config;
        let language = self.language(site.job_language(job).unwrap_or(&config.default_language));
        let code = language.code.as_str();
        let t = |key: &str| self.i18n.get(code, key).unwrap_or_default().to_string();
        let site_title = language.title.clone();
        let mut context = Context::new();

        let current_category = match &job.kind {
            JobKind::Category { category, .. } => Some(category.as_str()),
            JobKind::Article(id) => Some(site.articles[*id].category.as_str()),
            _ => None,
        };
        let template = match &job.kind {
            JobKind::Root => "root.html",
            JobKind::NotFound => "404.html",
            JobKind::Front { .. } => "front.html",
            JobKind::Category { .. } => "category.html",
            JobKind::Article(_) => "article.html",
            JobKind::Page(_) => "page.html",
            JobKind::TagIndex { .. } => "tags.html",
            JobKind::Tag { .. } => "tag.html",
            JobKind::ArchiveIndex { .. } => "archives.html",
            JobKind::Archive { .. } => "archive.html",
            _ => unreachable!("discovery::render handles every other job"),
        };

        let with_site = |title: String| format!("{title} | {site_title}");
        let numbered = |title: String, page: usize| {
            if page > 1 {
                format!(
                    "{title} ({})",
                    t("page_n").replace("{n}", &page.to_string())
                )
            } else {
                title
            }
        };
        let (page_title, description) = match &job.kind {
            JobKind::Root | JobKind::Front { .. } => (site_title.clone(), String::new()),
            JobKind::NotFound => (with_site(t("not_found_title")), String::new()),
            JobKind::Category { category, page, .. } => {
                let label = category_view(site, category, language, &self.urls).label;
                (with_site(numbered(label, *page)), String::new())
            }
            JobKind::Article(id) => {
                let article = &site.articles[*id];
                (with_site(article.title.clone()), article.summary.clone())
            }
            JobKind::Page(id) => {
                let page = &site.pages[*id];
                (with_site(page.title.clone()), page.summary.clone())
            }
            JobKind::TagIndex { .. } => (with_site(t("tags")), String::new()),
            JobKind::Tag { tag, page, .. } => (
                with_site(numbered(format!("#{}", tag.name), *page)),
                String::new(),
            ),
            JobKind::ArchiveIndex { .. } => (with_site(t("archive")), String::new()),
            JobKind::Archive { year, month, .. } => (
                with_site(format!("{} {year:04}-{month:02}", t("archive"))),
                String::new(),
            ),
            _ => (site_title.clone(), String::new()),
        };

        let switcher: Vec<SwitcherItem> = config
            .languages
            .iter()
            .zip(site.versions(job))
            .map(|(other, version)| SwitcherItem {
                code: other.code.clone(),
                name: other.name.clone(),
                dir: other.dir.as_str(),
                url: self.urls.site(&version.path),
                current: other.code == code && !matches!(job.kind, JobKind::Root),
                translated: version.translated,
            })
            .collect();
        let alternates: Vec<Alternate> = site
            .alternates(job)
            .into_iter()
            .map(|(hreflang, path)| Alternate {
                hreflang,
                url: self.urls.absolute(&path),
            })
            .collect();
        let mut feeds = vec![FeedLink {
            title: site_title.clone(),
            url: self.urls.absolute(&format!("{code}/rss.xml")),
        }];
        if let Some(category) = current_category {
            feeds.push(FeedLink {
                title: with_site(category_view(site, category, language, &self.urls).label),
                url: self.urls.absolute(&format!("{code}/{category}/rss.xml")),
            });
        }
        let article = match &job.kind {
            JobKind::Article(id) => Some(*id),
            _ => None,
        };
        let social = SocialView {
            kind: if article.is_some() {
                "article"
            } else {
                "website"
            },
            image: article
                .and_then(|id| self.card(id).photo.as_ref())
                .map(|photo| self.absolute_src(&photo.src))
                .unwrap_or_default(),
            locale: language.locale.clone(),
            locale_alternates: site
                .versions(job)
                .iter()
                .filter(|v| v.translated && v.language != code)
                .filter_map(|v| config.language(&v.language).map(|l| l.locale.clone()))
                .collect(),
        };

        context.insert("lang", &LanguageView::new(language, &self.urls));
        context.insert(
            "site",
            &SiteView {
                title: site_title.clone(),
                base_url: config.base_url.clone(),
                languages: config
                    .languages
                    .iter()
                    .map(|l| LanguageView::new(l, &self.urls))
                    .collect(),
            },
        );
        context.insert("home_url", &self.urls.site(&format!("{code}/")));
        context.insert("tags_url", &self.urls.site(&format!("{code}/tags/")));
        context.insert("archive_url", &self.urls.site(&format!("{code}/archive/")));
        context.insert(
            "menu",
            &config
                .categories
                .iter()
                .map(|c| {
                    let view = category_view(site, &c.key, language, &self.urls);
                    MenuItem {
                        current: Some(c.key.as_str()) == current_category,
                        exact: Some(c.key.as_str()) == current_category
                            && matches!(job.kind, JobKind::Category { page: 1, .. }),
                        key: view.key,
                        label: view.label,
                        url: view.url,
                    }
                })
                .collect::<Vec<_>>(),
        );
        context.insert("switcher", &switcher);
        context.insert("alternates", &alternates);
        context.insert("feeds", &feeds);
        context.insert("social", &social);
        context.insert("canonical", &self.urls.absolute(&job.path));
        context.insert("page_title", &page_title);
        context.insert("description", &description);
        context.insert(
            "consent",
            &ConsentView {
                mode: config.consent.mode.as_str(),
                cookie_name: config.consent.cookie_name.clone(),
                max_age_days: config.consent.max_age_days,
                revision: config.consent.revision,
                policy_url: config
                    .consent
                    .policy_urls
                    .get(code)
                    .map(|u| self.urls.configured(u))
                    .unwrap_or_default(),
            },
        );
        context.insert("page_kind", page_kind(&job.kind));

        match &job.kind {
            JobKind::Front { language: code } => {
                let ids: Vec<ArticleId> = site.articles_in(code).map(|(id, _)| id).collect();
                context.insert_value(
                    "latest",
                    self.cards_of(&ids[..ids.len().min(crate::model::FRONT_LATEST)]),
                );
                let sections: Vec<Section> = config
                    .categories
                    .iter()
                    .filter_map(|c| {
                        let in_category: Vec<ArticleId> = ids
                            .iter()
                            .copied()
                            .filter(|id| site.articles[*id].category == c.key)
                            .take(crate::model::FRONT_SECTION)
                            .collect();
                        (!in_category.is_empty()).then(|| Section {
                            category: category_view(site, &c.key, language, &self.urls),
                            articles: self.cards_of(&in_category),
                        })
                    })
                    .collect();
                context.insert("sections", &sections);
                context.insert_value(
                    "editor_picks",
                    self.cards_of(&site.editor_picks(code, None)),
                );
            }
            JobKind::Category {
                language: code,
                category,
                page,
                total_pages,
                articles,
            } => {
                context.insert(
                    "category",
                    &category_view(site, category, language, &self.urls),
                );
                context.insert_value("articles", self.cards_of(articles));
                let pagination = self.pagination(*page, *total_pages, |n| {
                    category_page_path(code, category, n)
                });
                context.insert("pagination", &pagination);
            }
            JobKind::Tag {
                language: code,
                tag,
                page,
                total_pages,
                articles,
            } => {
                context.insert(
                    "tag",
                    &TagLink {
                        name: tag.name.clone(),
                        url: self.urls.site(&tag_page_path(code, &tag.slug, 1)),
                    },
                );
                context.insert_value("articles", self.cards_of(articles));
                let pagination =
                    self.pagination(*page, *total_pages, |n| tag_page_path(code, &tag.slug, n));
                context.insert("pagination", &pagination);
            }
            JobKind::TagIndex {
                language: code,
                tags,
            } => {
                let tags: Vec<TagCount> = tags
                    .iter()
                    .map(|(tag, count)| TagCount {
                        name: tag.name.clone(),
                        url: self.urls.site(&tag_page_path(code, &tag.slug, 1)),
                        count: *count,
                    })
                    .collect();
                context.insert("tags", &tags);
            }
            JobKind::ArchiveIndex {
                language: code,
                months,
            } => {
                let months: Vec<MonthLink> = months
                    .iter()
                    .map(|(year, month, count)| MonthLink {
                        year: *year,
                        month: *month,
                        label: format!("{year:04}-{month:02}"),
                        url: self.urls.site(&archive_path(code, *year, *month)),
                        count: *count,
                    })
                    .collect();
                context.insert("months", &months);
            }
            JobKind::Archive {
                year,
                month,
                articles,
                ..
            } => {
                context.insert("year", year);
                context.insert("month", month);
                context.insert("label", &format!("{year:04}-{month:02}"));
                context.insert_value("articles", self.cards_of(articles));
            }
            JobKind::Article(id) => {
                let json_ld =
                    discovery::news_article_json_ld(site, &self.urls, *id, self.card(*id));
                context.insert(
                    "article",
                    &ArticleView {
                        card: self.card(*id),
                        body_html: &site.articles[*id].body_html,
                        json_ld: &json_ld,
                    },
                );
                let picks = site.editor_picks(code, Some(*id));
                context.insert_value("editor_picks", self.cards_of(&picks));
            }
            JobKind::Page(id) => {
                let page = &site.pages[*id];
                context.insert(
                    "page",
                    &PageView {
                        title: &page.title,
                        body_html: &page.body_html,
                    },
                );
            }
            _ => {}
        }
        (template, context)
    }

    fn pagination(
        &self,
        page: usize,
        total_pages: usize,
        path_of: impl Fn(usize) -> String,
    ) -> Pagination {
        let url_of = |n: usize| self.urls.site(&path_of(n));
        Pagination {
            current: page,
            total: total_pages,
            prev_url: if page > 1 {
                url_of(page - 1)
            } else {
                String::new()
            },
            next_url: if page < total_pages {
                url_of(page + 1)
            } else {
                String::new()
            },
            pages: (1..=total_pages)
                .map(|n| PageLink {
                    number: n,
                    url: url_of(n),
                    current: n == page,
                })
                .collect(),
        }
    }

    /// A photo URL as an absolute one, for feeds and social cards.
    fn absolute_src(&self, src: &str) -> String {
        absolute_src(&self.urls, src)
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

fn page_kind(kind: &JobKind) -> &'static str {
    match kind {
        JobKind::Root => "root",
        JobKind::Front { .. } => "front",
        JobKind::Category { .. } => "category",
        JobKind::Article(_) => "article",
        JobKind::Page(_) => "page",
        JobKind::NotFound => "404",
        JobKind::TagIndex { .. } => "tags",
        JobKind::Tag { .. } => "tag",
        JobKind::ArchiveIndex { .. } => "archives",
        JobKind::Archive { .. } => "archive",
        _ => "file",
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
        url: urls.site(&category_page_path(&language.code, key, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_are_found_with_positions() {
        let keys = literal_keys(
            "<a>{{ t(key=\"go_top\") }}</a>\n{{ t(key='close') }} {{ at(key=\"x\") }}",
        );
        assert_eq!(
            keys,
            vec![(1, 7, "go_top".to_string()), (2, 4, "close".to_string())]
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("ko/tags/한국/"), "ko/tags/%ED%95%9C%EA%B5%AD/");
        assert_eq!(encode_path("en/a b/"), "en/a%20b/");
    }
}
