//! What search engines and aggregators read: sitemaps, the Google News sitemap, robots.txt,
//! redirects for old addresses, and NewsArticle structured data (feeds are in `feeds`).
//!
//! These formats are fixed by their specifications, not by a site's design, so they are written
//! here in Rust rather than in templates; every text is escaped for XML.

use super::absolute_src;
use super::feeds;
use super::views::{Card, Urls};
use crate::config::I18n;
use crate::model::{Job, JobKind, Site, SitemapEntry};
use chrono::SecondsFormat;
use std::fmt::Write;

pub(super) const XML_HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The text of a job that is not an HTML page of the templates; `None` for those pages.
/// A file made without a template: the jobs whose `JobKind::template` is `None`.
pub fn render(site: &Site, urls: &Urls, i18n: &I18n, job: &Job) -> String {
    match &job.kind {
        JobKind::Feed {
            format,
            language,
            category,
            articles,
        } => feeds::render(
            &feeds::Feed {
                site,
                urls,
                i18n,
                job,
                language,
                category: category.as_deref(),
            },
            *format,
            articles,
        ),
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
        // Google's rule for a changed story: keep its address and its first publication date,
        // and say when it changed in `lastmod`.
        if article.updated != article.written {
            let _ = writeln!(
                out,
                "<lastmod>{}</lastmod>",
                article.updated.to_rfc3339_opts(SecondsFormat::Secs, false)
            );
        }
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
    let mut out = String::new();
    let host_root = urls.origin_join("/robots.txt");
    let here = urls.absolute("robots.txt");
    if host_root != here {
        // Crawlers read robots.txt at the host's root only, so this copy is never read there.
        let _ = write!(
            out,
            "# This site is served from a sub-folder, and crawlers read robots.txt only at\n\
             # {host_root}. This file is not read where it is ({here}):\n\
             # copy the Sitemap lines below into the host's robots.txt so that search engines find\n\
             # the site's sitemaps.\n\n"
        );
    }
    out.push_str("User-agent: *\nAllow: /\n\n");
    for path in sitemaps {
        let _ = writeln!(out, "Sitemap: {}", urls.absolute(path));
    }
    out
}

/// `_redirects` for Netlify and Cloudflare Pages. They take the first rule that matches, and a
/// 404 rule only where no file does, so the aliases and takedowns come first and each
/// language's not-found page last.
fn redirects(urls: &Urls, rules: &[(String, String, u16)], languages: &[String]) -> String {
    let mut out = String::from(
        "# Old addresses of stories (aliases in front-matter, 301) and stories taken down (410),\n# for Netlify and Cloudflare Pages.\n",
    );
    for (from, to, status) in rules {
        let _ = writeln!(
            out,
            "{} {} {status}",
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
    // A declared author is a Person with the URL of their page; a free-text byline a Person by
    // name; no byline credits the newsroom. One author is an object, several a list.
    let mut people: Vec<serde_json::Value> = card
        .bylines
        .iter()
        .map(|b| {
            let mut person = serde_json::json!({ "@type": "Person", "name": b.name });
            if !b.url.is_empty() {
                person["url"] = serde_json::Value::from(urls.origin_join(&b.url));
            }
            person
        })
        .collect();
    data["author"] = match people.len() {
        0 => serde_json::json!({ "@type": "Organization", "name": publisher }),
        1 => people.remove(0),
        _ => serde_json::Value::from(people),
    };
    if let Some(photo) = &card.photo {
        data["image"] = serde_json::json!([absolute_src(urls, &photo.src)]);
    }
    if !article.tags.is_empty() {
        data["keywords"] = serde_json::Value::from(article.tags.clone());
    }
    if !card.corrections.is_empty() {
        data["correction"] = card
            .corrections
            .iter()
            .map(|c| {
                serde_json::json!({
                    "@type": "CorrectionComment",
                    "datePublished": c.date.iso,
                    "text": c.text,
                })
            })
            .collect();
    }
    if let Some(policy) = site.config.corrections_policy.get(&article.language) {
        data["publisher"]["correctionsPolicy"] =
            serde_json::Value::from(absolute_src(urls, &urls.configured(policy)));
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
