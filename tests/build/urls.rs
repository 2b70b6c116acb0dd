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
        "/id/politics/page/2/",
        "/en/politics/page/2/",
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
}
