//! Where pages are written and where their links lead, on the sample site: every kind of URL, the
//! root and 404 pages, static files, internal links, and a base URL with a path.

use crate::support::*;

#[test]
fn sample_site_writes_every_kind_of_url() {
    let out = &sample().out;
    for path in [
        "/",
        "/404.html",
        "/id/",
        "/en/",
        "/ko/",
        "/ar/",
        "/id/politics/",
        "/id/politics/page/1/",
        "/en/politics/page/1/",
        "/id/politics/nato-call/",
        "/en/culture/hangul-day/",
        "/ar/sports/saudi-world-cup-2034/",
        "/id/tentang-kami/",
        "/id/kebijakan-cookie/",
        "/en/about/",
        "/en/cookie-policy/",
        "/ko/cookie-policy/",
        "/ar/cookie-policy/",
    ] {
        assert!(output_file(out, path).is_file(), "{path} was not written");
    }
    let site = sample_site();
    // A front page per language, and a category page per language and category, even when it has
    // no stories.
    for language in &site.languages {
        let code = &language.code;
        assert_eq!(
            Doc::open(out, &format!("/{code}/")).attr("html", "lang"),
            language.tag
        );
        for category in &site.categories {
            let doc = Doc::open(out, &format!("/{code}/{}/", category.key));
            assert_eq!(doc.attr("html", "lang"), language.tag);
        }
    }
    // Every published story and page at its URL.
    for story in site.stories.iter().filter(|s| s.is_published()) {
        assert!(
            output_file(out, &story.url).is_file(),
            "{} was not written at {}",
            story.file,
            story.url
        );
    }
    // Pages are not written where they should not be: no `pages/` folder, and no story in a
    // language it has no version in.
    assert!(!output_file(out, "/id/pages/").exists());
    assert!(!output_file(out, "/en/pages/about/").exists());
    let mut missing = 0;
    for story in site.published_articles() {
        let versions = site.versions(&story.key, true);
        for code in site.codes() {
            if versions.iter().any(|v| v.code == code) {
                continue;
            }
            let url = story
                .url
                .replacen(&format!("/{}/", story.code), &format!("/{code}/"), 1);
            assert!(
                !output_file(out, &url).exists(),
                "{url} was written, but {} has no '{code}' version",
                story.key
            );
            missing += 1;
        }
    }
    assert!(
        missing > 0,
        "the sample has stories missing in some language"
    );
}

#[test]
fn root_is_a_language_chooser_and_404_is_in_the_default_language() {
    let out = &sample().out;
    let site = sample_site();
    let root = Doc::open(out, "/");
    let chooser: Vec<(String, String, String)> = root
        .all("main a")
        .iter()
        .map(|a| {
            (
                a.attr("href").unwrap().to_string(),
                a.attr("hreflang").unwrap_or_default().to_string(),
                text_of(a),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = site
        .languages
        .iter()
        .map(|l| (format!("/{}/", l.code), l.tag.clone(), l.name.clone()))
        .collect();
    assert_eq!(chooser, expected);
    let right_to_left: Vec<&str> = site
        .languages
        .iter()
        .filter(|l| l.dir == "rtl")
        .map(|l| l.code.as_str())
        .collect();
    assert!(right_to_left.contains(&"ar"));
    assert_eq!(root.attrs("main a[dir=rtl]", "hreflang"), right_to_left);

    let not_found = Doc::open(out, "/404.html");
    assert_eq!(not_found.attr("html", "lang"), "id");
    assert_eq!(not_found.text("main h1"), "Halaman tidak ditemukan");
    assert!(
        not_found
            .attrs("main a", "href")
            .contains(&"/id/".to_string())
    );
}

#[test]
fn static_files_are_copied_as_they_are_and_asset_links_resolve() {
    let out = &sample().out;
    let sources = snapshot(&repo_root().join("static"));
    assert!(sources.contains_key("css/site.css"));
    assert!(sources.contains_key("js/consent.js"));
    let written = snapshot(out);
    for (name, bytes) in &sources {
        // A raster photo the pages show is published as its variants only (issue 12).
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        if written
            .keys()
            .any(|w| w.starts_with(&format!("{stem}.")) && w.ends_with(".webp"))
        {
            assert!(
                !written.contains_key(name),
                "static/{name} was published as well"
            );
            continue;
        }
        assert!(
            written.get(name) == Some(bytes),
            "static/{name} was not copied byte for byte"
        );
    }
    let doc = Doc::open(out, "/en/");
    let css = doc.attrs("link[rel=stylesheet]", "href");
    assert_eq!(css.len(), 2, "{css:?}");
    assert!(css[0].starts_with("/css/site.css?v="), "{css:?}");
    assert!(css[1].starts_with("/css/consent.css?v="), "{css:?}");
}

#[test]
fn every_internal_link_of_the_sample_site_resolves() {
    let out = &sample().out;
    let mut checked = 0;
    for name in html_files(out) {
        let doc = Doc::open(out, &name);
        for url in doc.urls() {
            if !url.starts_with('/') {
                continue;
            }
            assert!(!url.starts_with("//"), "{name}: protocol-relative {url}");
            let path = url.split(['?', '#']).next().unwrap();
            assert!(
                output_file(out, path).is_file(),
                "{name} links to {url}, which was not written"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn sample_pages_request_nothing_from_another_host() {
    let out = &sample().out;
    for name in html_files(out) {
        let doc = Doc::open(out, &name);
        let fetched = doc
            .attrs(
                "script[src], img[src], iframe[src], video[src], audio[src], source[src]",
                "src",
            )
            .into_iter()
            .chain(doc.attrs(
                "link[rel=stylesheet], link[rel=preload], link[rel=icon]",
                "href",
            ));
        for url in fetched {
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{name} loads {url} from another host"
            );
        }
    }
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_link() {
    let site = Site::sample();
    site.cmd("build")
        .args(["--base-url", "https://x.example/news/"])
        .run();
    let out = site.out();
    // Files are still written at the output root.
    assert!(out.join("id/politics/nato-call/index.html").is_file());
    assert!(!out.join("news").exists());
    let mut checked = 0;
    for name in html_files(&out) {
        let doc = Doc::open(&out, &name);
        for url in doc.urls() {
            if url.starts_with('/') {
                assert!(url.starts_with("/news/"), "{name}: {url}");
                let path = url
                    .trim_start_matches("/news")
                    .split(['?', '#'])
                    .next()
                    .unwrap();
                assert!(output_file(&out, path).is_file(), "{name}: {url} is broken");
                checked += 1;
            } else if url.starts_with("http") {
                assert!(
                    !url.contains("news.example.org"),
                    "{name}: the old base URL in {url}"
                );
            }
        }
        assert!(
            doc.attr("link[rel=canonical]", "href")
                .starts_with("https://x.example/news/"),
            "{name}"
        );
        for (_, href) in doc.alternates() {
            assert!(
                href.starts_with("https://x.example/news/"),
                "{name}: {href}"
            );
        }
    }
    assert!(checked > 500, "{checked}");
    let doc = Doc::open(&out, "/id/politics/nato-call/");
    assert_eq!(
        doc.attr("link[rel=canonical]", "href"),
        "https://x.example/news/id/politics/nato-call/"
    );
    assert_eq!(doc.attr("#consent a", "href"), "/news/id/kebijakan-cookie/");
    assert_eq!(
        doc.attr("main figure img", "src"),
        "/news/images/nato-call.svg"
    );
    let chooser = Doc::open(&out, "/").attrs("main a", "href");
    assert!(
        chooser.iter().any(|href| href == "/news/id/"),
        "{chooser:?}"
    );
    assert!(
        chooser.iter().all(|href| href.starts_with("/news/")),
        "{chooser:?}"
    );
    // Crawlers read robots.txt only at the host's root: the file says so and what to copy there.
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.starts_with("# This site is served from a sub-folder, and crawlers read robots.txt only at\n# https://x.example/robots.txt."),
        "{robots}"
    );
    assert!(
        robots.contains("\nSitemap: https://x.example/news/sitemap.xml\n"),
        "{robots}"
    );
}

/// Issue 14, item 1: a body links to another story by its source file, from the content root
/// (`@/`) or relative to itself, keeping a `#fragment`; under a base path too.
#[test]
fn links_between_stories_by_source_file_become_their_urls() {
    let site = Site::fixture();
    site.story(
        "en/politics/nato-call.md",
        "NATO call",
        "2024-10-22 15:06",
        "slug: nato",
    );
    site.markdown(
        "ko/pages/about.md",
        "title: 소개",
        "See [the call](@/en/politics/nato-call.md).",
    );
    site.markdown(
        "en/economy/rates.md",
        "title: Rates\ncategory: economy\nwritten: 2024-10-22 16:00",
        "After [the call](@/en/politics/nato-call.md#reactions), see [it again](../politics/nato-call.md) \
         and [about](../../ko/pages/about.md).",
    );
    site.cmd("build").run();
    let doc = site.page("/en/economy/rates/");
    assert_eq!(
        doc.attrs("main article a[href*=nato]", "href"),
        vec!["/en/politics/nato/#reactions", "/en/politics/nato/"]
    );
    assert!(
        doc.attrs("main article a", "href")
            .contains(&"/ko/about/".to_string())
    );
    assert_eq!(
        site.page("/ko/about/").attr("main a[href*=nato]", "href"),
        "/en/politics/nato/"
    );
    site.cmd("build")
        .args(["--base-url", "https://news.example/world/"])
        .run();
    assert_eq!(
        site.page("/en/economy/rates/")
            .attr("main article a[href*=reactions]", "href"),
        "/world/en/politics/nato/#reactions"
    );
}

/// Issue 14, items 1 and 2: a link to a file that is not a published story, and a body image
/// that does not exist, are errors at their line and column, naming the file.
#[test]
fn links_to_missing_or_unpublished_stories_and_missing_images_are_errors_at_their_place() {
    let site = Site::fixture();
    site.story(
        "en/politics/draft.md",
        "Draft",
        "2024-10-22 15:06",
        "draft: true",
    );
    site.markdown(
        "en/economy/rates.md",
        "title: Rates\ncategory: economy\nwritten: 2024-10-22 16:00",
        "First line.\n\nSee [gone](@/en/politics/gone.md).\n\n![Map](images/map.svg)",
    );
    site.markdown(
        "en/economy/links-draft.md",
        "title: Draft link\ncategory: economy\nwritten: 2024-10-22 16:00",
        "See\n  [the draft](../politics/draft.md).",
    );
    let run = site.cmd("build").expect_failure().run();
    let gone = run.stderr_line("gone.md");
    assert!(
        gone.starts_with("content/en/economy/rates.md:9:5: error: "),
        "{gone}"
    );
    assert!(
        gone.contains("names content/en/politics/gone.md, which does not exist"),
        "{gone}"
    );
    let draft = run.stderr_line("draft.md");
    assert!(
        draft.starts_with("content/en/economy/links-draft.md:8:3: error: "),
        "{draft}"
    );
    assert!(
        draft.contains("names a draft, which this build leaves out"),
        "{draft}"
    );
    let image = run.stderr_line("map.svg");
    assert!(
        image.starts_with("content/en/economy/rates.md:11:1: error: "),
        "{image}"
    );
    assert!(image.contains("put it at static/images/map.svg"), "{image}");
    // With --drafts the draft is a story; the other two errors remain.
    let run = site.cmd("build").arg("--drafts").expect_failure().run();
    assert!(!run.stderr.contains("draft.md"), "{}", run.stderr);
    assert_eq!(run.error_lines().len(), 2, "{}", run.stderr);
}
