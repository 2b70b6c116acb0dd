//! The feeds of a language and of each of its categories, in RSS 2.0 and in Atom (RFC 4287).
//!
//! Both carry the same items: the summary, or the whole story where `feeds.full_text` is set in
//! site.yaml, and each correction with its date, so a reader of the feed learns of it too. Links
//! are absolute, as feed readers need; dates are RFC 822 in RSS and RFC 3339 in Atom.

use super::category_view;
use super::discovery::{XML_HEADER, escape};
use super::views::{PhotoView, TimeView, Urls, encode_path};
use crate::config::{I18n, Language};
use crate::content::Article;
use crate::model::{ArticleId, FeedFormat, Job, Site};
use chrono::SecondsFormat;
use std::fmt::Write;

/// What one feed is about: its site, language and category.
pub(super) struct Feed<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub i18n: &'a I18n,
    pub job: &'a Job,
    pub language: &'a str,
    pub category: Option<&'a str>,
}

pub(super) fn render(feed: &Feed, format: FeedFormat, articles: &[ArticleId]) -> String {
    match format {
        FeedFormat::Rss => rss(feed, articles),
        FeedFormat::Atom => atom(feed, articles),
    }
}

impl Feed<'_> {
    fn lang(&self) -> &Language {
        self.site
            .config
            .language(self.language)
            .expect("feeds are planned for declared languages")
    }

    /// The feed's title and the absolute URL of the page it follows.
    fn title_and_link(&self) -> (String, String) {
        let lang = self.lang();
        match self.category {
            Some(key) => {
                let view = category_view(self.site, key, lang, self.urls);
                (
                    format!("{} | {}", view.label, lang.title),
                    self.urls.absolute(&format!("{}/{key}/", self.language)),
                )
            }
            None => (
                lang.title.clone(),
                self.urls.absolute(&format!("{}/", self.language)),
            ),
        }
    }

    fn label(&self, key: &str) -> String {
        self.i18n
            .get(self.language, key)
            .unwrap_or_default()
            .to_string()
    }

    /// "Corrected 2024/10/23 09:00: text", one line per correction, oldest first.
    fn correction_lines(&self, article: &Article) -> Vec<String> {
        let label = self.label("corrected_on");
        article
            .corrections
            .iter()
            .map(|c| {
                let date = TimeView::new(c.date, self.lang()).display;
                format!("{label} {date}: {}", c.text)
            })
            .collect()
    }

    /// The item's text: the summary, then the corrections.
    fn summary_text(&self, article: &Article) -> String {
        let mut parts = vec![article.summary.clone()];
        parts.extend(self.correction_lines(article));
        parts.retain(|p| !p.is_empty());
        parts.join("\n\n")
    }

    /// The whole story as HTML with absolute links, then its corrections.
    fn full_html(&self, article: &Article) -> String {
        // Links to other stories by source file lead to their absolute URLs.
        let html = self.site.body_html(article);
        let body = crate::content::fill_story_links(&html, &article.story_links, &|source| {
            self.site
                .story_path(source)
                .map(|path| self.urls.absolute(path))
        });
        // A feed reader runs no consent snippet: an embed is the plain link to the video, as a
        // page without JavaScript shows it.
        let mut body = super::pictures::feed_images(&body, self.site, self.urls);
        for (n, embed) in article.embeds.iter().enumerate() {
            let link = format!(
                "<p><a href=\"{}\">{}</a></p>",
                escape(&embed.provider.page_url(&embed.id)),
                escape(&embed.title)
            );
            body = body.replacen(&crate::content::embed_marker(n), &link, 1);
        }
        let mut html = absolute_links(&body, self.urls);
        let lines = self.correction_lines(article);
        if !lines.is_empty() {
            let _ = write!(html, "<h2>{}</h2>", escape(&self.label("corrections")));
            for line in lines {
                let _ = write!(html, "<p>{}</p>", escape(&line));
            }
        }
        html
    }

    fn photo_url(&self, article: &Article) -> Option<String> {
        let photo = article.photo.as_ref()?;
        let set = match &photo.src {
            crate::content::PhotoSource::Static(path) => self.site.photo_set(path),
            crate::content::PhotoSource::Remote(_) => None,
        };
        Some(PhotoView::new(photo, self.urls, set).share)
    }

    /// An id that stays when the story is edited (its text, title, slug, category or
    /// corrections): the site's host, the day it was first written, its language and its
    /// translation key (RFC 4151 tag URI).
    fn entry_id(&self, article: &Article) -> String {
        let base = &self.site.config.base_url;
        let host_and_path = base.split_once("://").map_or(base.as_str(), |(_, r)| r);
        let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
        format!(
            "tag:{host},{}:{}{}/{}",
            article.written.format("%Y-%m-%d"),
            encode_path(path),
            article.language,
            encode_path(&article.translation_key)
        )
    }
}

/// Root-relative `href` and `src` attributes (as the Markdown renderer writes them, quoted) made
/// absolute, since a feed reader does not know the site's address.
fn absolute_links(html: &str, urls: &Urls) -> String {
    let origin = urls.origin_join("");
    html.replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"))
}

fn rss(feed: &Feed, articles: &[ArticleId]) -> String {
    let site = feed.site;
    let (title, link) = feed.title_and_link();
    let mut out = String::from(XML_HEADER);
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<link>{}</link>", escape(&link));
    let _ = writeln!(out, "<description>{}</description>", escape(&title));
    let _ = writeln!(out, "<language>{}</language>", escape(feed.language));
    let _ = writeln!(
        out,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&feed.urls.absolute(&feed.job.path))
    );
    // The newest change, not the clock, so that the same content gives the same feed.
    if let Some(newest) = articles.iter().map(|id| site.articles[*id].updated).max() {
        let _ = writeln!(
            out,
            "<lastBuildDate>{}</lastBuildDate>",
            newest.to_rfc2822()
        );
    }
    for id in articles {
        rss_item(feed, *id, &mut out);
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn rss_item(feed: &Feed, id: ArticleId, out: &mut String) {
    let article = &feed.site.articles[id];
    let url = feed.urls.absolute(&feed.site.article_path(id));
    out.push_str("<item>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&article.title));
    let _ = writeln!(out, "<link>{}</link>", escape(&url));
    let _ = writeln!(out, "<guid isPermaLink=\"true\">{}</guid>", escape(&url));
    let _ = writeln!(out, "<pubDate>{}</pubDate>", article.written.to_rfc2822());
    let summary = feed.summary_text(article);
    if !summary.is_empty() {
        let _ = writeln!(out, "<description>{}</description>", escape(&summary));
    }
    if feed.site.config.feed_full_text {
        let _ = writeln!(
            out,
            "<content:encoded>{}</content:encoded>",
            escape(&feed.full_html(article))
        );
    }
    let label = category_view(feed.site, &article.category, feed.lang(), feed.urls).label;
    let _ = writeln!(out, "<category>{}</category>", escape(&label));
    if !article.author.is_empty() {
        let _ = writeln!(out, "<dc:creator>{}</dc:creator>", escape(&article.author));
    }
    if let Some(src) = feed.photo_url(article) {
        let _ = writeln!(
            out,
            "<media:content url=\"{}\" medium=\"image\"{}/>",
            escape(&src),
            image_type(&src)
                .map(|t| format!(" type=\"{t}\""))
                .unwrap_or_default()
        );
    }
    out.push_str("</item>\n");
}

fn atom(feed: &Feed, articles: &[ArticleId]) -> String {
    let site = feed.site;
    let (title, link) = feed.title_and_link();
    let self_url = feed.urls.absolute(&feed.job.path);
    let rfc3339 =
        |t: chrono::DateTime<chrono::FixedOffset>| t.to_rfc3339_opts(SecondsFormat::Secs, false);
    let mut out = String::from(XML_HEADER);
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">",
        escape(feed.language),
        escape(&site.config.base_url)
    );
    // The feed's address is its id: it is what subscribers keep.
    let _ = writeln!(out, "<id>{}</id>", escape(&self_url));
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    // Atom requires `updated`; an empty feed takes a fixed moment (the Unix epoch), not the
    // build's "now", so that it depends on nothing but its own stories (an incremental build,
    // which does not render it again, gives what a clean one gives).
    let updated = articles
        .iter()
        .map(|id| site.articles[*id].updated)
        .max()
        .unwrap_or_default();
    let _ = writeln!(out, "<updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        out,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&link)
    );
    // The feed's author stands for entries without a byline, as RFC 4287 requires one of them.
    let _ = writeln!(
        out,
        "<author><name>{}</name></author>",
        escape(&feed.lang().title)
    );
    let _ = writeln!(out, "<generator>newsroom</generator>");
    for id in articles {
        atom_entry(feed, *id, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

fn atom_entry(feed: &Feed, id: ArticleId, out: &mut String) {
    let article = &feed.site.articles[id];
    let url = feed.urls.absolute(&feed.site.article_path(id));
    let rfc3339 =
        |t: chrono::DateTime<chrono::FixedOffset>| t.to_rfc3339_opts(SecondsFormat::Secs, false);
    out.push_str("<entry>\n");
    let _ = writeln!(out, "<id>{}</id>", escape(&feed.entry_id(article)));
    let _ = writeln!(out, "<title>{}</title>", escape(&article.title));
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&url)
    );
    let _ = writeln!(out, "<published>{}</published>", rfc3339(article.written));
    let _ = writeln!(out, "<updated>{}</updated>", rfc3339(article.updated));
    for byline in &article.bylines {
        let uri = byline
            .key
            .as_ref()
            .map(|key| {
                let page = feed
                    .urls
                    .absolute(&format!("{}/authors/{key}/", feed.language));
                format!("<uri>{}</uri>", escape(&page))
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<author><name>{}</name>{uri}</author>",
            escape(&byline.name)
        );
    }
    let label = category_view(feed.site, &article.category, feed.lang(), feed.urls).label;
    let _ = writeln!(
        out,
        "<category term=\"{}\" label=\"{}\"/>",
        escape(&article.category),
        escape(&label)
    );
    let summary = feed.summary_text(article);
    if !summary.is_empty() {
        let _ = writeln!(out, "<summary type=\"text\">{}</summary>", escape(&summary));
    }
    if feed.site.config.feed_full_text {
        let _ = writeln!(
            out,
            "<content type=\"html\">{}</content>",
            escape(&feed.full_html(article))
        );
    }
    if let Some(src) = feed.photo_url(article) {
        let _ = writeln!(
            out,
            "<link rel=\"enclosure\" href=\"{}\"{}/>",
            escape(&src),
            image_type(&src)
                .map(|t| format!(" type=\"{t}\""))
                .unwrap_or_default()
        );
    }
    out.push_str("</entry>\n");
}

fn image_type(url: &str) -> Option<&'static str> {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    let extension = path.rsplit('.').next()?;
    Some(match extension {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}
