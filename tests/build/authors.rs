//! Issue 15, authors: reporters declared in site.yaml, named by key (or by name) in `author`,
//! with a paginated page per language linked from the byline, `Person` with `url` in JSON-LD and
//! the author's page in Atom; a free-text byline stays as it is.

use crate::support::{Doc, Site};

const AUTHORS: &str = "\
authors:
  jane-roe:
    name: { en: Jane Roe, ko: 제인 로, ar: جين رو }
    bio: { en: Covers politics from Seoul., ko: 서울에서 정치를 취재합니다., ar: تغطي السياسة من سيول. }
    photo: images/pic.svg
  sam-lee:
    name: Sam Lee
";

fn site() -> Site {
    let site = Site::fixture();
    site.edit("site.yaml", |s| {
        format!("{}{AUTHORS}", s.replace("page_size: 20", "page_size: 1"))
    })
    .story(
        "en/politics/first.md",
        "First",
        "2029-12-30 10:00:00",
        "author: jane-roe",
    )
    .story(
        "en/politics/second.md",
        "Second",
        "2029-12-31 10:00:00",
        "author: [jane-roe, Guest Writer]",
    )
    .story(
        "ar/politics/first.md",
        "الأول",
        "2029-12-30 11:00:00",
        "author: جين رو",
    )
    .story(
        "en/economy/free.md",
        "Free",
        "2029-12-29 10:00:00",
        "author: A Stringer",
    );
    site.cmd("build").run();
    site
}

fn json_ld(doc: &Doc) -> serde_json::Value {
    serde_json::from_str(&doc.text("script[type=\"application/ld+json\"]")).unwrap()
}

#[test]
fn the_byline_links_declared_authors_and_keeps_free_text() {
    let site = site();
    let doc = site.page("/en/politics/second/");
    assert_eq!(doc.text("p.byline"), "By Jane Roe, Guest Writer");
    assert_eq!(
        doc.attrs("p.byline a[rel=author]", "href"),
        vec!["/en/authors/jane-roe/"]
    );
    assert_eq!(
        json_ld(&doc)["author"],
        serde_json::json!([
            { "@type": "Person", "name": "Jane Roe", "url": "https://fixture.example/en/authors/jane-roe/" },
            { "@type": "Person", "name": "Guest Writer" },
        ])
    );
    let free = site.page("/en/economy/free/");
    assert_eq!(free.text("p.byline"), "By A Stringer");
    assert_eq!(free.count("p.byline a"), 0);
    assert_eq!(
        json_ld(&free)["author"],
        serde_json::json!({ "@type": "Person", "name": "A Stringer" })
    );
    // Named by their Arabic name, the author is found and linked in Arabic.
    let ar = site.page("/ar/politics/first/");
    assert_eq!(
        ar.attrs("p.byline a[rel=author]", "href"),
        vec!["/ar/authors/jane-roe/"]
    );
    assert_eq!(
        json_ld(&ar)["author"]["url"],
        "https://fixture.example/ar/authors/jane-roe/"
    );
}

#[test]
fn each_author_has_a_paginated_page_per_language() {
    let site = site();
    let page1 = site.page("/en/authors/jane-roe/");
    assert_eq!(page1.text("main h1"), "Jane Roe");
    assert_eq!(
        page1.text("main .author-bio"),
        "Covers politics from Seoul."
    );
    assert_eq!(
        page1.attr("main img.author-photo", "src"),
        "/images/pic.svg"
    );
    assert_eq!(
        page1.attrs("main h2 a", "href"),
        vec!["/en/politics/second/"]
    );
    // Numbered pages count from the oldest story (issue 10).
    let older = site.page("/en/authors/jane-roe/page/1/");
    assert_eq!(
        older.attrs("main h2 a", "href"),
        vec!["/en/politics/first/"]
    );

    let ar = site.page("/ar/authors/jane-roe/");
    assert_eq!(ar.attr("html", "dir"), "rtl");
    assert_eq!(ar.text("main h1"), "جين رو");
    assert_eq!(ar.text("main .author-bio"), "تغطي السياسة من سيول.");
    assert_eq!(ar.attrs("main h2 a", "href"), vec!["/ar/politics/first/"]);

    // No stories in Korean yet: the page exists and says so.
    let ko = site.page("/ko/authors/jane-roe/");
    assert_eq!(ko.text("main h1"), "제인 로");
    assert_eq!(ko.count("main h2 a"), 0);
    assert_eq!(site.page("/ko/authors/sam-lee/").text("main h1"), "Sam Lee");

    // The first page is in the sitemap, with its versions in the other languages.
    let sitemap = std::fs::read_to_string(site.out().join("sitemaps/ar.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let url = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.descendants()
                    .any(|d| d.text() == Some("https://fixture.example/ar/authors/jane-roe/"))
        })
        .expect("the author page in the sitemap");
    let hreflangs: Vec<&str> = url
        .children()
        .filter(|c| c.has_tag_name("link"))
        .filter_map(|c| c.attribute("hreflang"))
        .collect();
    assert_eq!(hreflangs, vec!["en", "ko", "ar", "x-default"]);
    // The numbered page names only itself.
    let en = std::fs::read_to_string(site.out().join("sitemaps/en.xml")).unwrap();
    let doc = roxmltree::Document::parse(&en).unwrap();
    let url = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.descendants().any(|d| {
                    d.text() == Some("https://fixture.example/en/authors/jane-roe/page/1/")
                })
        })
        .expect("the numbered author page in the sitemap");
    assert_eq!(url.children().filter(|c| c.has_tag_name("link")).count(), 0);
}

#[test]
fn atom_entries_name_the_author_with_the_page() {
    let site = site();
    let atom = std::fs::read_to_string(site.out().join("en/atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let uris: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("uri"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        uris,
        vec![
            "https://fixture.example/en/authors/jane-roe/",
            "https://fixture.example/en/authors/jane-roe/"
        ]
    );
}

#[test]
fn a_near_miss_of_an_author_key_is_a_warning_and_a_missing_photo_an_error() {
    let site = Site::fixture();
    site.edit("site.yaml", |s| format!("{s}{AUTHORS}")).story(
        "en/politics/typo.md",
        "Typo",
        "2029-12-31 10:00:00",
        "author: jane-ro",
    );
    site.cmd("build")
        .expect_stderr_contains("content/en/politics/typo.md:5:1: warning: 'jane-ro' is not a declared author and is shown as written; did you mean 'jane-roe'?")
        .run();
    site.replace(
        "site.yaml",
        "photo: images/pic.svg",
        "photo: images/nobody.jpg",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("site.yaml:")
        .expect_stderr_contains("authors.jane-roe.photo: 'images/nobody.jpg' does not exist")
        .run();
}
