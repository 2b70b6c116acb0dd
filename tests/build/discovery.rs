//! Issue 4: feeds, sitemaps, the news sitemap, robots.txt, structured data, tags, the archive and
//! redirects. Every XML file is parsed with a real XML parser (roxmltree), JSON-LD with serde_json.

use crate::support::{Site, snapshot};
use std::collections::{BTreeMap, BTreeSet};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

/// A site with a story in three languages, one only in Korean (Hangul tag), one Arabic-only
/// with an Arabic tag, and stories spread over two days around a fixed "now".
fn site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/summit.md",
        "Summit <ends> & \"closes\"",
        "2029-12-31 10:00:00",
        "summary: Leaders </script><script>alert(1)</script> met.\nauthor: Jane Roe\ntags: [NATO, Korea–NATO]\nphoto:\n  src: images/pic.svg\n  alt: A flag\naliases: [/old/summit, /en/2029/summit.html]",
    )
    .story(
        "ko/politics/summit.md",
        "정상회의 폐막",
        "2029-12-31 10:05:00",
        "tags: [북한 군, 나토]",
    )
    .story(
        "ar/politics/summit.md",
        "اختتام القمة",
        "2029-12-31 10:10:00",
        "tags: [الناتو]",
    )
    .story(
        "en/economy/old-rates.md",
        "Rates held",
        "2029-12-25 09:00:00",
        "tags: [nato]",
    )
    .story("ko/economy/exports.md", "수출 증가", "2029-11-03 09:00:00", "");
    site
}

/// A generated file's text, by its path in the output folder.
fn read_out(site: &Site, relative: &str) -> String {
    std::fs::read_to_string(site.out().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{text}"))
}

fn texts_of(doc: &roxmltree::Document, namespace: &str, name: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name((namespace, name)))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_language_has_an_rss_feed_with_absolute_urls_dates_and_photos() {
    let site = site();
    site.cmd("build").run();
    let text = read_out(&site, "en/rss.xml");
    let doc = parse(&text);
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 2, "both English stories, newest first");
    let first = items[0];
    let child = |name: &str| {
        first
            .children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(child("title"), "Summit <ends> & \"closes\"");
    assert_eq!(child("link"), "https://fixture.example/en/politics/summit/");
    assert_eq!(child("pubDate"), "Mon, 31 Dec 2029 10:00:00 +0900");
    assert!(
        child("description").contains("</script>"),
        "text survives escaping as text"
    );
    let media = first
        .children()
        .find(|c| c.has_tag_name((MEDIA_NS, "content")))
        .expect("the photo as media:content");
    assert_eq!(
        media.attribute("url"),
        Some("https://fixture.example/images/pic.svg")
    );
    for link in texts_of(&doc, "", "link") {
        assert!(
            link.starts_with("https://fixture.example/"),
            "absolute: {link}"
        );
    }

    let category = parse_owned(&read_out(&site, "en/economy/rss.xml"));
    assert_eq!(category.titles, vec!["Rates held"]);
    assert!(site.exists("/ko/rss.xml") && site.exists("/ar/politics/rss.xml"));

    let page = site.page("/en/politics/summit/");
    let feeds = page.attrs("link[rel=alternate][type='application/rss+xml']", "href");
    assert_eq!(
        feeds,
        vec![
            "https://fixture.example/en/rss.xml",
            "https://fixture.example/en/politics/rss.xml"
        ]
    );
}

struct Feed {
    titles: Vec<String>,
}

fn parse_owned(text: &str) -> Feed {
    let doc = parse(text);
    Feed {
        titles: doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .filter_map(|item| item.children().find(|c| c.has_tag_name("title")))
            .map(|t| t.text().unwrap_or_default().to_string())
            .collect(),
    }
}

#[test]
fn sitemaps_list_every_page_with_hreflang_pairs_in_both_directions() {
    let site = site();
    site.cmd("build").run();
    let index = read_out(&site, "sitemap.xml");
    let index = parse(&index);
    assert!(
        index
            .root_element()
            .has_tag_name((SITEMAP_NS, "sitemapindex"))
    );
    let sitemaps = texts_of(&index, SITEMAP_NS, "loc");
    assert_eq!(
        sitemaps,
        vec![
            "https://fixture.example/sitemaps/en.xml",
            "https://fixture.example/sitemaps/ko.xml",
            "https://fixture.example/sitemaps/ar.xml"
        ]
    );

    // url -> its hreflang links, over all languages' sitemaps.
    let mut links: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut lastmods: BTreeMap<String, String> = BTreeMap::new();
    for sitemap in &sitemaps {
        let relative = sitemap.trim_start_matches("https://fixture.example/");
        let text = read_out(&site, relative);
        let doc = parse(&text);
        assert!(doc.root_element().has_tag_name((SITEMAP_NS, "urlset")));
        for url in doc
            .descendants()
            .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
        {
            let loc = url
                .children()
                .find(|c| c.has_tag_name((SITEMAP_NS, "loc")))
                .and_then(|c| c.text())
                .expect("a loc")
                .to_string();
            assert!(loc.starts_with("https://fixture.example/"), "{loc}");
            if let Some(lastmod) = url
                .children()
                .find(|c| c.has_tag_name((SITEMAP_NS, "lastmod")))
            {
                lastmods.insert(loc.clone(), lastmod.text().unwrap_or_default().to_string());
            }
            let alternates: BTreeMap<String, String> = url
                .children()
                .filter(|c| c.has_tag_name((XHTML_NS, "link")))
                .map(|l| {
                    assert_eq!(l.attribute("rel"), Some("alternate"));
                    (
                        l.attribute("hreflang").unwrap().to_string(),
                        l.attribute("href").unwrap().to_string(),
                    )
                })
                .collect();
            links.insert(loc, alternates);
        }
    }
    let story = |code: &str| format!("https://fixture.example/{code}/politics/summit/");
    let en = &links[&story("en")];
    assert_eq!(en.get("ko"), Some(&story("ko")));
    assert_eq!(en.get("ar"), Some(&story("ar")));
    assert_eq!(
        en.get("x-default"),
        Some(&story("en")),
        "the default language's version"
    );
    assert_eq!(lastmods[&story("en")], "2029-12-31T10:00:00+09:00");
    // Both directions: whenever A names B, B names A.
    for (url, alternates) in &links {
        for (hreflang, other) in alternates.iter().filter(|(h, _)| *h != "x-default") {
            let back = links.get(other).unwrap_or_else(|| {
                panic!("{url} names {other} ({hreflang}), which is in no sitemap")
            });
            assert!(
                back.values().any(|u| u == url),
                "{other} does not name {url} back"
            );
        }
    }
    // An untranslated story has no hreflang links.
    assert!(links[&"https://fixture.example/ko/economy/exports/".to_string()].is_empty());

    let robots = read_out(&site, "robots.txt");
    assert!(
        robots.starts_with("User-agent: *\n"),
        "at the host's root: no note"
    );
    assert!(
        robots.contains("Sitemap: https://fixture.example/sitemap.xml\n"),
        "{robots}"
    );
    assert!(
        robots.contains("Sitemap: https://fixture.example/news-sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn the_news_sitemap_holds_only_the_last_two_days() {
    let site = site();
    // 2029-12-31T12:00:00+09:00 = 2029-12-31T03:00:00Z
    let now = "1893380400";
    site.cmd("build").epoch(now).run();
    let text = read_out(&site, "news-sitemap.xml");
    let doc = parse(&text);
    assert!(doc.root_element().has_tag_name((SITEMAP_NS, "urlset")));
    let titles = texts_of(&doc, NEWS_NS, "title");
    assert_eq!(
        titles.iter().collect::<BTreeSet<_>>(),
        [
            "Summit <ends> & \"closes\"",
            "정상회의 폐막",
            "اختتام القمة"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .iter()
        .collect::<BTreeSet<_>>(),
        "the story of 2029-12-25 is older than two days"
    );
    assert_eq!(texts_of(&doc, NEWS_NS, "language").len(), 3);
    assert!(texts_of(&doc, NEWS_NS, "language").contains(&"ko".to_string()));
    assert!(texts_of(&doc, NEWS_NS, "name").contains(&"Fixture News".to_string()));
    assert!(
        texts_of(&doc, NEWS_NS, "publication_date")
            .contains(&"2029-12-31T10:00:00+09:00".to_string())
    );

    // A week later nothing is news any more.
    site.cmd("build").epoch("1893985200").run();
    let later = read_out(&site, "news-sitemap.xml");
    assert!(texts_of(&parse(&later), NEWS_NS, "title").is_empty());
}

#[test]
fn articles_carry_news_article_json_ld_and_open_graph() {
    let site = site();
    site.cmd("build").run();
    let page = site.page("/en/politics/summit/");
    let scripts = page.all("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let raw = scripts[0].inner_html();
    assert!(
        !raw.contains("</script"),
        "no field may close the script element: {raw}"
    );
    let data: serde_json::Value = serde_json::from_str(&raw).expect("JSON-LD parses as JSON");
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["headline"], "Summit <ends> & \"closes\"");
    assert_eq!(data["datePublished"], "2029-12-31T10:00:00+09:00");
    assert_eq!(data["dateModified"], "2029-12-31T10:00:00+09:00");
    assert_eq!(data["image"][0], "https://fixture.example/images/pic.svg");
    assert_eq!(data["author"]["name"], "Jane Roe");
    assert_eq!(data["publisher"]["name"], "Fixture News");
    assert_eq!(data["articleSection"], "Politics");
    assert_eq!(data["inLanguage"], "en");
    assert_eq!(
        data["mainEntityOfPage"]["@id"],
        "https://fixture.example/en/politics/summit/"
    );
    assert!(
        data["description"]
            .as_str()
            .unwrap()
            .contains("</script><script>")
    );

    let meta = |property: &str| page.attrs(&format!("meta[property='{property}']"), "content");
    assert_eq!(meta("og:type"), vec!["article"]);
    assert_eq!(
        meta("og:url"),
        vec!["https://fixture.example/en/politics/summit/"]
    );
    assert_eq!(
        meta("og:image"),
        vec!["https://fixture.example/images/pic.svg"]
    );
    assert_eq!(meta("og:locale"), vec!["en_US"]);
    assert_eq!(meta("og:locale:alternate"), vec!["ko_KR", "ar_AR"]);
    assert_eq!(
        meta("article:published_time"),
        vec!["2029-12-31T10:00:00+09:00"]
    );
    assert_eq!(
        meta("article:modified_time"),
        vec!["2029-12-31T10:00:00+09:00"]
    );
    assert_eq!(meta("article:section"), vec!["Politics"]);
    assert!(meta("og:title")[0].starts_with("Summit <ends>"));
    assert_eq!(
        page.attrs("meta[name='twitter:card']", "content"),
        vec!["summary_large_image"]
    );
}

#[test]
fn tags_get_pages_in_every_script() {
    let site = site();
    site.cmd("build").run();
    // "NATO" and "nato" are one tag; "Korea–NATO" loses its dash.
    let nato = site.page("/en/tags/nato/");
    assert_eq!(nato.texts("h1"), vec!["#NATO"]);
    assert_eq!(nato.count("main .cards > li"), 2);
    assert!(site.exists("/en/tags/korea-nato/"));
    assert!(
        site.exists("/ko/tags/북한-군/"),
        "Hangul stays readable in the folder name"
    );
    assert!(site.exists("/ar/tags/الناتو/"));

    let story = site.page("/ko/politics/summit/");
    let links = story.attrs("ul.tags a[rel=tag]", "href");
    assert_eq!(
        links,
        vec![
            "/ko/tags/%EB%B6%81%ED%95%9C-%EA%B5%B0/",
            "/ko/tags/%EB%82%98%ED%86%A0/"
        ],
        "links to non-Latin tags are percent-encoded"
    );
    let index = site.page("/ko/tags/");
    assert_eq!(index.count("main a"), 2);
    let arabic = site.page("/ar/tags/الناتو/");
    assert_eq!(arabic.attr("html", "dir"), "rtl");
    assert_eq!(arabic.texts(".card-title"), vec!["اختتام القمة"]);
}

#[test]
fn a_month_archive_lists_its_stories() {
    let site = site();
    site.cmd("build").run();
    let december = site.page("/en/archive/2029/12/");
    assert_eq!(
        december.texts(".card-title"),
        vec!["Summit <ends> & \"closes\"", "Rates held"]
    );
    let korean = site.page("/ko/archive/");
    assert_eq!(
        korean.attrs("main a", "href"),
        vec!["/ko/archive/2029/12/", "/ko/archive/2029/11/"]
    );
}

#[test]
fn aliases_become_redirect_pages_and_a_redirects_file() {
    let site = site();
    site.cmd("build").run();
    let old = site.page("/old/summit/");
    assert_eq!(
        old.attr("link[rel=canonical]", "href"),
        "https://fixture.example/en/politics/summit/"
    );
    assert_eq!(
        old.attr("meta[http-equiv=refresh]", "content"),
        "0; url=/en/politics/summit/"
    );
    assert_eq!(old.attr("body a", "href"), "/en/politics/summit/");
    assert!(site.out().join("en/2029/summit.html").is_file());
    let rules = read_out(&site, "_redirects");
    assert!(
        rules.contains("\n/en/2029/summit.html /en/politics/summit/ 301\n"),
        "{rules}"
    );
    assert!(
        rules.contains("\n/old/summit/ /en/politics/summit/ 301\n"),
        "{rules}"
    );
}

#[test]
fn bad_aliases_are_errors_naming_the_file() {
    let site = site();
    site.cmd("build").run();
    let before = snapshot(&site.out());
    site.story(
        "en/economy/clash.md",
        "Clash",
        "2029-12-20 09:00:00",
        "aliases: [/en/politics/summit/, /old/summit]",
    )
    .story(
        "en/economy/escape.md",
        "Escape",
        "2029-12-20 09:00:00",
        "aliases: [/../../etc/passwd]",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("content/en/economy/clash.md")
        .expect_stderr_contains("the alias /en/politics/summit/ is the address of an existing page")
        .expect_stderr_contains(
            "the alias /old/summit/ is also an alias of content/en/politics/summit.md",
        )
        .expect_stderr_contains(
            "content/en/economy/escape.md:5:1: error: alias '/../../etc/passwd'",
        )
        .expect_stderr_contains("the build failed with 3 errors")
        .run();
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the previous output is untouched"
    );
}

#[test]
fn a_sub_path_base_url_reaches_feeds_and_sitemaps() {
    let site = site();
    site.cmd("build")
        .args(["--base-url", "https://x.example/news/"])
        .run();
    let feed = read_out(&site, "en/rss.xml");
    assert!(
        feed.contains("<link>https://x.example/news/en/politics/summit/</link>"),
        "{feed}"
    );
    let rules = read_out(&site, "_redirects");
    assert!(
        rules.contains("/news/old/summit/ /news/en/politics/summit/ 301"),
        "{rules}"
    );
    let index = read_out(&site, "sitemap.xml");
    assert!(
        index.contains("<loc>https://x.example/news/sitemaps/en.xml</loc>"),
        "{index}"
    );
}
