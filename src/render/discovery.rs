//! What feed readers, search engines and aggregators read: RSS feeds, sitemaps, the Google News
//! sitemap, robots.txt, redirects for old addresses, and NewsArticle structured data.
//!
//! These formats are fixed by their specifications, not by a site's design, so they are written
//! here in Rust rather than in templates; every text is escaped for XML.

use super::views::{Card, Urls};
use super::{absolute_src, category_view};
use crate::model::{Job, JobKind, Site, SitemapEntry};
use chrono::SecondsFormat;
use std::fmt::Write;

const XML_HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The text of a job that is not an HTML page of the templates; `None` for those pages.
/// A file made without a template: the jobs whose `JobKind::template` is `None`.
pub fn render(site: &Site, urls: &Urls, job: &Job) -> String {
    match &job.kind {
        JobKind::Feed {
            language,
            category,
            articles,
        } => rss(site, urls, job, language, category.as_deref(), articles),
        JobKind::SitemapIndex { sitemaps } => sitemap_index(urls, sitemaps),
        JobKind::Sitemap { entries } => sitemap(urls, entries),
        JobKind::NewsSitemap { articles } => news_sitemap(site, urls, articles),
        JobKind::Robots { sitemaps } => robots(urls, sitemaps),
        JobKind::Redirects { rules, languages } => redirects(urls, rules, languages),
        JobKind::Alias { target, .. } => alias_page(urls, target),
        _ => unreachable!("pages with a template are rendered with it"),
    }
}

/// Escapes text for XML and HTML (elements and quoted attributes alike).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn rss(
    site: &Site,
    urls: &Urls,
    job: &Job,
    language: &str,
    category: Option<&str>,
    articles: &[usize],
) -> String {
    let lang = site
        .config
        .language(language)
        .expect("feeds are planned for declared languages");
    let (title, link) = match category {
        Some(key) => {
            let view = category_view(site, key, lang, urls);
            (
                format!("{} | {}", view.label, lang.title),
                urls.absolute(&format!("{language}/{key}/")),
            )
        }
        None => (lang.title.clone(), urls.absolute(&format!("{language}/"))),
    };
    let mut out = String::from(XML_HEADER);
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<link>{}</link>", escape(&link));
    let _ = writeln!(out, "<description>{}</description>", escape(&title));
    let _ = writeln!(out, "<language>{}</language>", escape(language));
    let _ = writeln!(
        out,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&urls.absolute(&job.path))
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
        let article = &site.articles[*id];
        let url = urls.absolute(&site.article_path(*id));
        out.push_str("<item>\n");
        let _ = writeln!(out, "<title>{}</title>", escape(&article.title));
        let _ = writeln!(out, "<link>{}</link>", escape(&url));
        let _ = writeln!(out, "<guid isPermaLink=\"true\">{}</guid>", escape(&url));
        let _ = writeln!(out, "<pubDate>{}</pubDate>", article.written.to_rfc2822());
        if !article.summary.is_empty() {
            let _ = writeln!(
                out,
                "<description>{}</description>",
                escape(&article.summary)
            );
        }
        let _ = writeln!(
            out,
            "<category>{}</category>",
            escape(&category_view(site, &article.category, lang, urls).label)
        );
        if !article.author.is_empty() {
            let _ = writeln!(out, "<dc:creator>{}</dc:creator>", escape(&article.author));
        }
        if let Some(photo) = &article.photo {
            let src = absolute_src(urls, &super::views::PhotoView::new(photo, urls).src);
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
    out.push_str("</channel>\n</rss>\n");
    out
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

fn sitemap_index(urls: &Urls, sitemaps: &[String]) -> String {
    let mut out = String::from(XML_HEADER);
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in sitemaps {
        let _ = writeln!(
            out,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&urls.absolute(path))
        );
    }
    out.push_str("</sitemapindex>\n");
    out
}

fn sitemap(urls: &Urls, entries: &[SitemapEntry]) -> String {
    let mut out = String::from(XML_HEADER);
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for entry in entries {
        out.push_str("<url>\n");
        let _ = writeln!(out, "<loc>{}</loc>", escape(&urls.absolute(&entry.path)));
        if let Some(lastmod) = entry.lastmod {
            let _ = writeln!(
                out,
                "<lastmod>{}</lastmod>",
                lastmod.to_rfc3339_opts(SecondsFormat::Secs, false)
            );
        }
        for (hreflang, path) in &entry.alternates {
            let _ = writeln!(
                out,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(hreflang),
                escape(&urls.absolute(path))
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn news_sitemap(site: &Site, urls: &Urls, articles: &[usize]) -> String {
    let mut out = String::from(XML_HEADER);
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
    for id in articles {
        let article = &site.articles[*id];
        let Some(lang) = site.config.language(&article.language) else {
            continue;
        };
        out.push_str("<url>\n");
        let _ = writeln!(
            out,
            "<loc>{}</loc>",
            escape(&urls.absolute(&site.article_path(*id)))
        );
        out.push_str("<news:news>\n<news:publication>\n");
        let _ = writeln!(out, "<news:name>{}</news:name>", escape(&lang.title));
        let _ = writeln!(out, "<news:language>{}</news:language>", escape(&lang.code));
        out.push_str("</news:publication>\n");
        let _ = writeln!(
            out,
            "<news:publication_date>{}</news:publication_date>",
            article.written.to_rfc3339_opts(SecondsFormat::Secs, false)
        );
        let _ = writeln!(out, "<news:title>{}</news:title>", escape(&article.title));
        out.push_str("</news:news>\n</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(urls: &Urls, sitemaps: &[String]) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n\n");
    for path in sitemaps {
        let _ = writeln!(out, "Sitemap: {}", urls.absolute(path));
    }
    out
}

/// Netlify and Cloudflare Pages read `from to status` lines.
/// `_redirects` for Netlify and Cloudflare Pages. They take the first rule that matches, and a
/// 404 rule only where no file does, so the aliases come first and each language's not-found
/// page last.
fn redirects(urls: &Urls, rules: &[(String, String)], languages: &[String]) -> String {
    let mut out = String::from(
        "# Old addresses of stories (aliases in front-matter), for Netlify and Cloudflare Pages.\n",
    );
    for (from, to) in rules {
        let _ = writeln!(
            out,
            "{} {} 301",
            super::views::encode_path(from),
            super::views::encode_path(to)
        );
    }
    out.push_str(
        "# A missing page below a language's folder gets that language's not-found page.\n",
    );
    for code in languages {
        let _ = writeln!(
            out,
            "{}* {} 404",
            urls.site(&format!("{code}/")),
            urls.site(&format!("{code}/404.html"))
        );
    }
    out
}

/// A page at an old address: browsers follow the refresh, search engines the canonical link,
/// and everyone else the plain link.
fn alias_page(urls: &Urls, target: &str) -> String {
    let language = target.split('/').next().unwrap_or_default();
    let url = urls.site(target);
    let absolute = urls.absolute(target);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{url}</title>\n<link rel=\"canonical\" href=\"{absolute}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{url}</a></p>\n</body>\n</html>\n",
        lang = escape(language),
        url = escape(&url),
        absolute = escape(&absolute),
    )
}

/// NewsArticle structured data. `<`, `>` and `&` are written as JSON escapes so no field can
/// close the `<script>` element it is printed in.
pub fn news_article_json_ld(site: &Site, urls: &Urls, id: usize, card: &Card) -> String {
    let article = &site.articles[id];
    let lang = site.config.language(&article.language);
    let publisher = lang.map(|l| l.title.clone()).unwrap_or_default();
    let canonical = urls.absolute(&site.article_path(id));
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": card.written.iso,
        "dateModified": card.updated.iso,
        "inLanguage": article.language,
        "articleSection": card.category.label,
        "mainEntityOfPage": { "@type": "WebPage", "@id": canonical },
        "url": canonical,
        "publisher": { "@type": "Organization", "name": publisher },
    });
    if !article.summary.is_empty() {
        data["description"] = serde_json::Value::from(article.summary.clone());
    }
    data["author"] = if article.author.is_empty() {
        serde_json::json!({ "@type": "Organization", "name": publisher })
    } else {
        serde_json::json!({ "@type": "Person", "name": article.author })
    };
    if let Some(photo) = &card.photo {
        data["image"] = serde_json::json!([absolute_src(urls, &photo.src)]);
    }
    if !article.tags.is_empty() {
        data["keywords"] = serde_json::Value::from(article.tags.clone());
    }
    let json = serde_json::to_string(&data).unwrap_or_default();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
