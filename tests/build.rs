//! Issue 2: `newsroom build` end to end. Builds the repository's own sample site and small fixture
//! sites with the real binary, and checks the parsed HTML with CSS selectors.

mod support;

use chrono::{NaiveDateTime, TimeZone};
use std::collections::BTreeSet;
use support::*;

// ---------------------------------------------------------------------------------------------
// The article page, on the sample site

/// What the article page of one language should show, besides what its own files say.
struct ArticleCase {
    code: &'static str,
    /// Below `content/`, without `.md`.
    source: &'static str,
    dir: &'static str,
    site_title: &'static str,
    menu: [&'static str; 5],
    category_label: &'static str,
    policy_url: &'static str,
    /// The time zone and date format this language shows times in (site.yaml).
    timezone: chrono_tz::Tz,
    date_format: &'static str,
}

const MENU_KEYS: [&str; 5] = ["politics", "economy", "society", "culture", "sports"];

/// `written` of a sample story, read in the site's time zone (Asia/Seoul), shown in `case`'s.
fn sample_time(text: &str, case: &ArticleCase) -> (String, String) {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    let local = chrono_tz::Asia::Seoul
        .from_local_datetime(&naive)
        .single()
        .expect("one instant")
        .with_timezone(&case.timezone);
    (
        local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        local.format(case.date_format).to_string(),
    )
}

/// The `datetime` of an article page's first timestamp (when it was written).
fn written_iso(doc: &Doc) -> String {
    doc.attrs("main time[datetime]", "datetime")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{}: no time", doc.name))
}

/// Paragraphs of a sample file's Markdown body (blocks between blank lines).
fn sample_paragraphs(relative: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join(relative)).expect("read the story");
    let text = text.replace("\r\n", "\n");
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .expect("a body after the front-matter");
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Checks every element the issue lists for the article page. Returns the page for more checks.
fn check_article_page(case: &ArticleCase) -> Doc {
    let out = &sample().out;
    let relative = format!("content/{}/{}.md", case.code, case.source);
    let front = sample_front_matter(&relative);
    let i18n = sample_i18n(case.code);
    let slug = case.source.rsplit('/').next().unwrap();
    let category = case.source.split('/').next().unwrap();
    let url = format!("/{}/{}/{}/", case.code, category, slug);
    let doc = Doc::open(out, &url);
    let title = yaml_str(&front, "title");

    // <html lang dir>
    assert_eq!(doc.attr("html", "lang"), case.code);
    assert_eq!(doc.attr("html", "dir"), case.dir);

    // <head>: title, description, canonical, hreflang alternates + x-default.
    assert_eq!(
        doc.text("head title"),
        format!("{title} | {}", case.site_title)
    );
    assert_eq!(
        doc.attr("head meta[name=description]", "content"),
        yaml_str(&front, "summary")
    );
    assert_eq!(
        doc.attr("head link[rel=canonical]", "href"),
        format!("https://news.example.org{url}")
    );
    let alternates: BTreeSet<(String, String)> = doc.alternates().into_iter().collect();
    let mut expected: BTreeSet<(String, String)> = ["id", "en", "ko", "ar"]
        .iter()
        .map(|c| {
            (
                c.to_string(),
                format!("https://news.example.org/{c}/politics/nato-call/"),
            )
        })
        .collect();
    expected.insert((
        "x-default".to_string(),
        "https://news.example.org/id/politics/nato-call/".to_string(),
    ));
    assert_eq!(alternates, expected, "{url}: hreflang alternates");

    // Two skip links first, in the page's language, to the menu and to the main content.
    let links = doc.all("body a");
    assert!(links.len() > 2);
    assert_eq!(links[0].attr("href"), Some("#menu"));
    assert_eq!(text_of(&links[0]), i18n["skip_to_menu"]);
    assert_eq!(links[1].attr("href"), Some("#main"));
    assert_eq!(text_of(&links[1]), i18n["skip_to_content"]);
    assert_eq!(doc.count("#main"), 1, "the skip link's target");

    // The category menu.
    let menu = doc.one("#menu");
    assert_eq!(menu.value().name(), "nav");
    let menu_links: Vec<(String, String)> = doc
        .all("#menu a")
        .iter()
        .map(|a| (a.attr("href").unwrap().to_string(), text_of(a)))
        .collect();
    let expected_menu: Vec<(String, String)> = MENU_KEYS
        .iter()
        .zip(case.menu)
        .map(|(key, label)| (format!("/{}/{key}/", case.code), label.to_string()))
        .collect();
    assert_eq!(menu_links, expected_menu, "{url}: the menu");
    assert_eq!(
        doc.attrs("#menu a[aria-current]", "href"),
        vec![format!("/{}/politics/", case.code)]
    );

    // The language switcher: every language's version of this story, in site.yaml order.
    let expected_switcher: Vec<(String, String)> = ["id", "en", "ko", "ar"]
        .iter()
        .map(|c| (c.to_string(), format!("/{c}/politics/nato-call/")))
        .collect();
    assert_eq!(doc.switcher(), expected_switcher, "{url}: the switcher");
    assert_eq!(
        doc.attrs("header nav.langs a[aria-current]", "hreflang"),
        vec![case.code.to_string()]
    );
    assert_eq!(
        doc.texts("header nav.langs a"),
        vec!["Bahasa Indonesia", "English", "한국어", "العربية"]
    );

    // Inside <main>: category label linking to its page, the headline, the timestamps.
    let kicker: Vec<_> = doc
        .all("main a")
        .into_iter()
        .filter(|a| a.attr("href") == Some(&format!("/{}/politics/", case.code)))
        .collect();
    assert_eq!(kicker.len(), 1, "{url}: one category link in main");
    assert_eq!(text_of(&kicker[0]), case.category_label);
    assert_eq!(doc.text("main h1"), title);
    assert_eq!(doc.count("h1"), 1);

    let times = doc.all("main time[datetime]");
    let written = sample_time(&yaml_str(&front, "written"), case);
    let updated = front
        .get("updated")
        .map(|_| sample_time(&yaml_str(&front, "updated"), case));
    assert_eq!(times.len(), 1 + usize::from(updated.is_some()), "{url}");
    let label_of = |time: &scraper::ElementRef| {
        let parent = scraper::ElementRef::wrap(time.parent().unwrap()).unwrap();
        text_of(&parent)
    };
    assert_eq!(times[0].attr("datetime").unwrap(), written.0);
    assert_eq!(text_of(&times[0]), written.1);
    assert_eq!(
        label_of(&times[0]),
        format!("{} {}", i18n["write"], written.1),
        "{url}: the Write stamp"
    );
    if let Some(updated) = &updated {
        assert_eq!(times[1].attr("datetime").unwrap(), updated.0);
        assert_eq!(text_of(&times[1]), updated.1);
        assert_eq!(
            label_of(&times[1]),
            format!("{} {}", i18n["update"], updated.1)
        );
    } else {
        assert!(!doc.text("main").contains(&i18n["update"]));
    }

    // The photo, with alt and the credit in the caption.
    let img = doc.one("main figure img");
    assert_eq!(
        img.attr("src"),
        Some(format!("/{}", yaml_str(&front, "photo.src")).as_str())
    );
    assert_eq!(img.attr("alt").unwrap(), yaml_str(&front, "photo.alt"));
    let caption = doc.text("main figure figcaption");
    assert!(
        caption.contains(&yaml_str(&front, "photo.caption")),
        "{caption}"
    );
    assert!(
        caption.contains(&format!(
            "{} : {}",
            i18n["photo"],
            yaml_str(&front, "photo.credit")
        )),
        "{url}: the credit in {caption:?}"
    );

    // The body: every paragraph of the Markdown, the first one word for word.
    let paragraphs = sample_paragraphs(&relative);
    let body: Vec<String> = doc
        .all("main article p")
        .iter()
        .map(text_of)
        .filter(|p| paragraphs.contains(p))
        .collect();
    assert_eq!(body, paragraphs, "{url}: the body paragraphs");

    // The editor's pick box: picks of this language, not this story, at most editor_picks (5),
    // newest first.
    assert_eq!(doc.text("aside h2"), i18n["editors_pick"]);
    let picks = doc.attrs("aside a", "href");
    assert!(!picks.is_empty() && picks.len() <= 5, "{url}: {picks:?}");
    assert!(!picks.contains(&url), "{url} lists itself: {picks:?}");
    let mut previous: Option<String> = None;
    for pick in &picks {
        assert!(pick.starts_with(&format!("/{}/", case.code)), "{pick}");
        let source = format!("content{}.md", pick.trim_end_matches('/'));
        let pick_front = sample_front_matter(&source);
        assert_eq!(
            pick_front.get("editor_pick").and_then(|v| v.as_bool()),
            Some(true),
            "{pick} is not an editor's pick"
        );
        let written = written_iso(&Doc::open(out, pick));
        let instant = chrono::DateTime::parse_from_rfc3339(&written).unwrap();
        if let Some(previous) = &previous {
            let previous = chrono::DateTime::parse_from_rfc3339(previous).unwrap();
            assert!(previous >= instant, "{url}: picks are not newest first");
        }
        previous = Some(written);
    }

    // Go Top.
    assert_eq!(doc.text("a[href=\"#top\"]"), i18n["go_top"]);
    assert_eq!(doc.count("#top"), 1);

    // The consent region: present, labelled, hidden until the script shows it.
    let consent = doc.one("[role=region]#consent");
    assert!(
        consent.attr("hidden").is_some(),
        "{url}: consent not hidden"
    );
    assert_eq!(consent.attr("aria-label").unwrap(), i18n["consent_label"]);
    assert_eq!(
        doc.texts("#consent button"),
        vec![
            i18n["consent_accept"].clone(),
            i18n["consent_reject"].clone()
        ]
    );
    assert_eq!(doc.attr("#consent a", "href"), case.policy_url);
    assert_eq!(doc.text("#consent a"), i18n["consent_detail"]);
    assert!(output_file(out, case.policy_url).is_file());
    doc
}

#[test]
fn indonesian_article_page_has_every_element() {
    let doc = check_article_page(&ArticleCase {
        code: "id",
        source: "politics/nato-call",
        dir: "ltr",
        site_title: "Berita Dunia",
        menu: ["Politik", "Ekonomi", "Sosial", "Budaya", "Olahraga"],
        category_label: "Politik",
        policy_url: "/id/kebijakan-cookie/",
        timezone: chrono_tz::Asia::Seoul,
        date_format: "%Y-%m-%d %H:%M:%S",
    });
    // The values of the reference page, spelled out.
    assert_eq!(
        doc.attrs("main time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    assert_eq!(
        doc.texts("main time"),
        vec!["2024-10-22 15:06:52", "2024-10-22 15:08:35"]
    );
    assert_eq!(doc.text("a[href=\"#menu\"]"), "Pergi ke Menu");
    assert_eq!(doc.text("a[href=\"#main\"]"), "Pergi ke Halaman Utama");
    assert_eq!(doc.text("a[href=\"#top\"]"), "Go Top");
    assert_eq!(doc.text("aside h2"), "Pilihan Editor");
    assert!(doc.text("main figure figcaption").contains("Photo : "));
}

#[test]
fn english_article_page_has_every_element() {
    check_article_page(&ArticleCase {
        code: "en",
        source: "politics/nato-call",
        dir: "ltr",
        site_title: "World News",
        menu: ["Politics", "Economy", "Society", "Culture", "Sports"],
        category_label: "Politics",
        policy_url: "/en/cookie-policy/",
        timezone: chrono_tz::Asia::Seoul,
        date_format: "%Y-%m-%d %H:%M:%S",
    });
}

#[test]
fn arabic_article_page_is_right_to_left_with_every_element() {
    let doc = check_article_page(&ArticleCase {
        code: "ar",
        source: "politics/nato-call",
        dir: "rtl",
        site_title: "أخبار العالم",
        menu: ["سياسة", "اقتصاد", "مجتمع", "ثقافة", "رياضة"],
        category_label: "سياسة",
        policy_url: "/ar/cookie-policy/",
        timezone: chrono_tz::Asia::Riyadh,
        date_format: "%Y/%m/%d %H:%M",
    });
    // Arabic shows times in Asia/Riyadh (site.yaml), still with the offset.
    for datetime in doc.attrs("main time", "datetime") {
        assert!(datetime.ends_with("+03:00"), "{datetime}");
    }
}

// ---------------------------------------------------------------------------------------------
// URLs

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
    // A category page per language and category, even when it has no stories.
    for code in ["id", "en", "ko", "ar"] {
        for key in MENU_KEYS {
            let doc = Doc::open(out, &format!("/{code}/{key}/"));
            assert_eq!(doc.attr("html", "lang"), code);
        }
    }
    // Pages are not written where they should not be.
    assert!(!output_file(out, "/id/pages/").exists());
    assert!(!output_file(out, "/en/pages/about/").exists());
    assert!(!output_file(out, "/ko/sports/saudi-world-cup-2034/").exists());
}

#[test]
fn root_is_a_language_chooser_and_404_is_in_the_default_language() {
    let out = &sample().out;
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
    let expected: Vec<(String, String, String)> = [
        ("id", "Bahasa Indonesia"),
        ("en", "English"),
        ("ko", "한국어"),
        ("ar", "العربية"),
    ]
    .iter()
    .map(|(c, n)| (format!("/{c}/"), c.to_string(), n.to_string()))
    .collect();
    assert_eq!(chooser, expected);
    assert_eq!(root.attrs("main a[dir=rtl]", "hreflang"), vec!["ar"]);

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
fn standalone_pages_render_with_their_own_template() {
    let out = &sample().out;
    let front = sample_front_matter("content/id/pages/about.md");
    let doc = Doc::open(out, "/id/tentang-kami/");
    assert_eq!(doc.attr("html", "lang"), "id");
    assert_eq!(doc.text("main h1"), yaml_str(&front, "title"));
    assert_eq!(
        doc.attr("meta[name=description]", "content"),
        yaml_str(&front, "summary")
    );
    assert_eq!(doc.count("main time"), 0, "a page has no timestamps");
    // The about pages are translations of each other.
    let switcher = doc.switcher();
    assert_eq!(switcher[0], ("id".into(), "/id/tentang-kami/".into()));
    assert_eq!(switcher[1], ("en".into(), "/en/about/".into()));
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
    let css = doc.attr("link[rel=stylesheet]", "href");
    assert!(css.starts_with("/css/site.css?v="), "{css}");
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

// ---------------------------------------------------------------------------------------------
// Pagination

/// Article links of a category page, in order.
fn card_links(doc: &Doc) -> Vec<String> {
    doc.attrs("main h2 a, main h3 a", "href")
}

#[test]
fn sample_politics_is_paginated_by_page_size() {
    let out = &sample().out;
    // page_size is 4; the Indonesian politics section has 5 stories.
    let first = Doc::open(out, "/id/politics/");
    let second = Doc::open(out, "/id/politics/page/2/");
    let first_links = card_links(&first);
    let second_links = card_links(&second);
    assert_eq!(first_links.len(), 4, "{first_links:?}");
    assert_eq!(second_links.len(), 1, "{second_links:?}");
    assert!(!output_file(out, "/id/politics/page/3/").exists());
    assert!(!output_file(out, "/id/politics/page/1/").exists());
    assert_eq!(first.attr("a[rel=next]", "href"), "/id/politics/page/2/");
    assert_eq!(first.count("a[rel=prev]"), 0);
    assert_eq!(second.attr("a[rel=prev]", "href"), "/id/politics/");
    assert_eq!(second.count("a[rel=next]"), 0);
    assert_eq!(
        second.attr("a[aria-current=page][href*=page]", "href"),
        "/id/politics/page/2/"
    );
    // Newest first across both pages.
    let times: Vec<String> = first_links
        .iter()
        .chain(&second_links)
        .map(|url| written_iso(&Doc::open(out, url)))
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by_key(|t| std::cmp::Reverse(chrono::DateTime::parse_from_rfc3339(t).unwrap()));
    assert_eq!(times, sorted);
    // A category with fewer stories than page_size has no pager.
    assert_eq!(Doc::open(out, "/id/culture/").count("a[rel=next]"), 0);
}

#[test]
fn fixture_pagination_has_prev_next_and_a_short_last_page() {
    let site = Fixture::new();
    site.replace("site.yaml", "page_size: 20", "page_size: 2");
    for day in 1..=5 {
        site.story(
            &format!("en/politics/story-{day}.md"),
            &format!("Story {day}"),
            &format!("2024-03-0{day} 12:00:00"),
            "",
        );
    }
    site.build_ok(&[]);
    let pages = [
        ("/en/politics/", vec!["story-5", "story-4"]),
        ("/en/politics/page/2/", vec!["story-3", "story-2"]),
        ("/en/politics/page/3/", vec!["story-1"]),
    ];
    for (index, (url, slugs)) in pages.iter().enumerate() {
        let doc = site.page(url);
        let expected: Vec<String> = slugs.iter().map(|s| format!("/en/politics/{s}/")).collect();
        assert_eq!(card_links(&doc), expected, "{url}");
        let prev = doc.attrs("a[rel=prev]", "href");
        let next = doc.attrs("a[rel=next]", "href");
        let expected_prev: Vec<&str> = if index == 0 {
            vec![]
        } else {
            vec![pages[index - 1].0]
        };
        let expected_next: Vec<&str> = if index == 2 {
            vec![]
        } else {
            vec![pages[index + 1].0]
        };
        assert_eq!(prev, expected_prev, "{url}: prev");
        assert_eq!(next, expected_next, "{url}: next");
        // Links to every page, the current one marked.
        let numbered: Vec<String> = doc
            .attrs("main nav a:not([rel])", "href")
            .into_iter()
            .filter(|h| h.starts_with("/en/politics/"))
            .collect();
        assert_eq!(
            numbered,
            vec![
                "/en/politics/",
                "/en/politics/page/2/",
                "/en/politics/page/3/"
            ],
            "{url}"
        );
        assert_eq!(
            doc.attrs("main nav a[aria-current=page]", "href"),
            vec![url.to_string()]
        );
    }
    assert!(!site.exists("/en/politics/page/4/"));
    // A category without stories: one page, the "no stories" text, no pager.
    let empty = site.page("/en/economy/");
    assert_eq!(card_links(&empty), Vec::<String>::new());
    assert!(
        empty
            .text("main")
            .contains("There are no stories here yet.")
    );
    assert_eq!(empty.count("a[rel=next]"), 0);
    // The front page lists the latest stories.
    assert!(card_links(&site.page("/en/")).contains(&"/en/politics/story-5/".to_string()));
}

// ---------------------------------------------------------------------------------------------
// Translations: switcher and hreflang

#[test]
fn sample_untranslated_story_links_other_front_pages() {
    let out = &sample().out;
    // hangul-day exists in English and Korean only.
    let doc = Doc::open(out, "/en/culture/hangul-day/");
    assert_eq!(
        doc.switcher(),
        vec![
            ("id".to_string(), "/id/".to_string()),
            ("en".to_string(), "/en/culture/hangul-day/".to_string()),
            ("ko".to_string(), "/ko/culture/hangul-day/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    let hreflangs: Vec<String> = doc.alternates().into_iter().map(|(l, _)| l).collect();
    assert!(hreflangs.contains(&"en".to_string()));
    assert!(hreflangs.contains(&"ko".to_string()));
    assert!(!hreflangs.contains(&"id".to_string()), "{hreflangs:?}");
    assert!(!hreflangs.contains(&"ar".to_string()), "{hreflangs:?}");
}

#[test]
fn fixture_switcher_and_hreflang_for_translated_and_untranslated_stories() {
    let site = Fixture::new();
    site.story(
        "en/politics/shared.md",
        "Shared story",
        "2024-05-01 10:00:00",
        "",
    );
    // Another file name, linked by translation_key.
    site.story(
        "ko/politics/gongyu.md",
        "공유 기사",
        "2024-05-01 11:00:00",
        "translation_key: politics/shared",
    );
    site.story(
        "en/politics/solo.md",
        "Only in English",
        "2024-05-02 10:00:00",
        "",
    );
    site.story(
        "ar/economy/wahid.md",
        "Only in Arabic",
        "2024-05-03 10:00:00",
        "",
    );
    site.build_ok(&[]);

    let shared = site.page("/en/politics/shared/");
    assert_eq!(
        shared.switcher(),
        vec![
            ("en".to_string(), "/en/politics/shared/".to_string()),
            ("ko".to_string(), "/ko/politics/gongyu/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    assert_eq!(
        shared.alternates(),
        vec![
            (
                "en".to_string(),
                "https://fixture.example/en/politics/shared/".to_string()
            ),
            (
                "ko".to_string(),
                "https://fixture.example/ko/politics/gongyu/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://fixture.example/en/politics/shared/".to_string()
            ),
        ]
    );
    let korean = site.page("/ko/politics/gongyu/");
    assert_eq!(korean.switcher()[0].1, "/en/politics/shared/");
    assert_eq!(korean.alternates(), shared.alternates());

    let solo = site.page("/en/politics/solo/");
    assert_eq!(
        solo.switcher(),
        vec![
            ("en".to_string(), "/en/politics/solo/".to_string()),
            ("ko".to_string(), "/ko/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    // No hreflang for languages without this story (a story in one language needs none at all).
    for (lang, url) in solo.alternates() {
        assert!(lang == "en" || lang == "x-default", "{lang}");
        assert_eq!(url, "https://fixture.example/en/politics/solo/");
    }

    // Only in a non-default language: no hreflang for the others.
    let arabic = site.page("/ar/economy/wahid/");
    assert_eq!(arabic.attr("html", "dir"), "rtl");
    assert_eq!(
        arabic.switcher(),
        vec![
            ("en".to_string(), "/en/".to_string()),
            ("ko".to_string(), "/ko/".to_string()),
            ("ar".to_string(), "/ar/economy/wahid/".to_string()),
        ]
    );
    for (lang, url) in arabic.alternates() {
        assert!(lang == "ar" || lang == "x-default", "{lang}");
        assert_eq!(url, "https://fixture.example/ar/economy/wahid/");
    }
}

// ---------------------------------------------------------------------------------------------
// Editor's picks

#[test]
fn editor_picks_are_newest_first_without_the_story_and_at_most_editor_picks() {
    let site = Fixture::new();
    site.replace("site.yaml", "editor_picks: 5", "editor_picks: 3");
    for day in 1..=5 {
        site.story(
            &format!("en/politics/pick-{day}.md"),
            &format!("Pick {day}"),
            &format!("2024-06-0{day} 08:00:00"),
            "editor_pick: true",
        );
    }
    site.story(
        "en/economy/plain.md",
        "Plain story",
        "2024-06-09 08:00:00",
        "",
    );
    site.story("ko/politics/pick-1.md", "한국어", "2024-06-01 09:00:00", "");
    site.build_ok(&[]);
    let picks = |url: &str| site.page(url).attrs("aside a", "href");
    let p = |n: u8| format!("/en/politics/pick-{n}/");
    assert_eq!(picks("/en/politics/pick-5/"), vec![p(4), p(3), p(2)]);
    assert_eq!(picks("/en/politics/pick-3/"), vec![p(5), p(4), p(2)]);
    assert_eq!(picks("/en/economy/plain/"), vec![p(5), p(4), p(3)]);
    assert_eq!(picks("/en/"), vec![p(5), p(4), p(3)]);
    assert_eq!(
        site.page("/en/economy/plain/").text("aside h2"),
        "Editor's pick"
    );
    // No picks in Korean: no box (and never another language's picks).
    assert_eq!(site.page("/ko/politics/pick-1/").count("aside a"), 0);
}

// ---------------------------------------------------------------------------------------------
// Escaping, raw HTML and unsafe links

/// Scripts that run (structured data in `application/ld+json` does not).
const SCRIPTS: &str = "script:not([type='application/ld+json'])";
const TITLE: &str = "<script>alert('t')</script> Tom & \"Jerry\"";

#[test]
fn front_matter_is_escaped_everywhere() {
    let site = Fixture::new();
    site.markdown(
        "en/politics/nasty.md",
        r#"
title: "<script>alert('t')</script> Tom & \"Jerry\""
category: politics
written: 2024-10-22 15:06:52
summary: "<b>bold</b> & \"quoted\" <script>s()</script>"
author: "<em>Ann</em> O'Neil"
photo:
  src: images/pic.svg
  alt: "\"><script>alert('alt')</script>"
  caption: "<i>cap</i> & co"
  credit: "<script>c()</script> Agency"
tags: ["<b>tag</b>"]
editor_pick: true
"#,
        "Plain body.",
    );
    site.story("en/politics/other.md", "Other", "2024-10-21 15:06:52", "");
    site.build_ok(&[]);
    let title = TITLE;
    let summary = "<b>bold</b> & \"quoted\" <script>s()</script>";

    for url in [
        "/en/politics/nasty/",
        "/en/",
        "/en/politics/",
        "/en/politics/other/",
    ] {
        let doc = site.page(url);
        // The only elements that came in are the template's own.
        assert_eq!(doc.count(SCRIPTS), 1, "{url}: {}", doc.source);
        assert_eq!(doc.count("script[src*='consent.js']"), 1);
        // Structured data, if any, is JSON whose strings hold the text as it was written.
        for data in doc.all("script[type='application/ld+json']") {
            let json: serde_json::Value = serde_json::from_str(&data.inner_html())
                .unwrap_or_else(|e| panic!("{url}: JSON-LD is not JSON ({e})"));
            if let Some(headline) = json.get("headline") {
                assert!(
                    headline == "Other" || headline == TITLE,
                    "{url}: {headline}"
                );
            }
        }
        assert_eq!(
            doc.count("main b, main i, main em, aside b, aside script"),
            0,
            "{url}"
        );
        assert!(!doc.source.contains("<script>alert"), "{url}");
        assert!(!doc.source.contains("<b>bold"), "{url}");
    }
    let doc = site.page("/en/politics/nasty/");
    assert_eq!(doc.text("main h1"), title);
    assert_eq!(doc.text("head title"), format!("{title} | Fixture News"));
    assert_eq!(doc.attr("meta[name=description]", "content"), summary);
    assert!(
        doc.attr("meta[property='og:title']", "content")
            .starts_with(title)
    );
    assert_eq!(
        doc.attr("main figure img", "alt"),
        "\"><script>alert('alt')</script>"
    );
    let caption = doc.text("main figcaption");
    assert!(caption.contains("<i>cap</i> & co"), "{caption}");
    assert!(
        caption.contains("Photo : <script>c()</script> Agency"),
        "{caption}"
    );
    assert!(doc.text("main").contains("<em>Ann</em> O'Neil"));
    assert!(doc.text("main").contains("<b>tag</b>"));

    // In lists: the card on the front page and the pick box of another story.
    let front = site.page("/en/");
    assert!(front.texts("main h3 a").contains(&title.to_string()));
    assert!(front.texts("main p").contains(&summary.to_string()));
    let other = site.page("/en/politics/other/");
    assert_eq!(other.texts("aside a"), vec![title.to_string()]);
}

const RAW_BODY: &str = r#"Before <b>bold</b> after.

<div class="raw">block</div>

<script>alert(1)</script>

[click me](javascript:alert(1)), [vb](VBScript:msgbox(1)), [data](data:text/html;base64,PHNjcmlwdD4=), ![pic](javascript:alert(2)) and [fine](https://example.org/)."#;

#[test]
fn raw_html_in_markdown_is_text_and_script_links_are_not_live() {
    let site = Fixture::new();
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        RAW_BODY,
    );
    site.build_ok(&[]);
    let doc = site.page("/en/politics/raw/");
    let article = "main article";
    assert_eq!(doc.count(&format!("{article} b")), 0);
    assert_eq!(doc.count(&format!("{article} div.raw")), 0);
    assert_eq!(doc.count(SCRIPTS), 1, "only the consent script");
    let text = doc.text(article);
    assert!(text.contains("Before <b>bold</b> after."), "{text}");
    assert!(text.contains("<div class=\"raw\">block</div>"), "{text}");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    for words in ["click me", "vb", "data", "pic", "fine"] {
        assert!(text.contains(words), "{words:?} lost from {text}");
    }
    assert_eq!(
        doc.attrs(&format!("{article} a"), "href")
            .into_iter()
            .filter(|h| !h.starts_with("/en/"))
            .collect::<Vec<_>>(),
        vec!["https://example.org/"]
    );
    assert_eq!(
        doc.count(&format!("{article} .body img, {article} p img")),
        0
    );
    assert!(!doc.source.to_lowercase().contains("href=\"javascript:"));
    assert!(!doc.source.to_lowercase().contains("href=\"vbscript:"));
    assert!(!doc.source.to_lowercase().contains("href=\"data:"));
}

#[test]
fn raw_html_passes_when_the_site_allows_it_but_script_links_stay_dead() {
    let site = Fixture::new();
    site.replace(
        "site.yaml",
        "page_size: 20",
        "page_size: 20\nmarkdown:\n  raw_html: true",
    );
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        RAW_BODY,
    );
    site.build_ok(&[]);
    let doc = site.page("/en/politics/raw/");
    assert_eq!(doc.text("main article b"), "bold");
    assert_eq!(doc.text("main article div.raw"), "block");
    let hrefs: Vec<String> = doc
        .attrs("main article a", "href")
        .into_iter()
        .filter(|h| !h.starts_with("/en/"))
        .collect();
    assert_eq!(hrefs, vec!["https://example.org/"]);
}

#[test]
fn raw_html_links_with_script_addresses_never_become_live() {
    // "links or images with javascript:, vbscript: or data: URLs never become live links" holds
    // for raw HTML too, when markdown.raw_html lets it through.
    let site = Fixture::new();
    site.replace(
        "site.yaml",
        "page_size: 20",
        "page_size: 20\nmarkdown:\n  raw_html: true",
    );
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        "<a href=\"javascript:alert(1)\">raw js</a> <a href=\" JaVaScRiPt:x\">two</a> <img src=\"data:image/svg+xml,x\" alt=\"d\">",
    );
    site.build_ok(&[]);
    let doc = site.page("/en/politics/raw/");
    for href in doc.attrs("main article a, main article area", "href") {
        let compact: String = href
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !compact.starts_with("javascript:") && !compact.starts_with("data:"),
            "live script link {href:?}"
        );
    }
    for src in doc.attrs("main article img", "src") {
        assert!(
            !src.to_ascii_lowercase().starts_with("data:"),
            "live {src:?}"
        );
    }
    assert!(doc.text("main article").contains("raw js"));
}

// ---------------------------------------------------------------------------------------------
// Drafts and future stories

/// Article pages of an output folder: `<code>/<category>/<slug>/index.html`.
fn article_pages(out: &std::path::Path) -> BTreeSet<String> {
    html_files(out)
        .into_iter()
        .filter(|name| {
            let parts: Vec<&str> = name.split('/').collect();
            parts.len() == 4 && MENU_KEYS.contains(&parts[1]) && parts[2] != "page"
        })
        .collect()
}

#[test]
fn drafts_and_future_stories_are_left_out_unless_asked_for() {
    let dir = scratch_dir("drafts");
    let default = &sample().out;
    let build = |name: &str, args: &[&str], epoch: &str| {
        let out = dir.join(name);
        let run = run_build(&repo_root(), &out, args, epoch);
        run.assert_success();
        (out, run)
    };
    let drafts = [
        "id/economy/budget-2026/index.html",
        "en/economy/budget-2026/index.html",
        "ko/economy/budget-2026/index.html",
    ];
    let future = [
        "id/society/time-capsule/index.html",
        "en/society/time-capsule/index.html",
    ];
    let base = article_pages(default);
    for page in drafts.iter().chain(&future) {
        assert!(!base.contains(*page), "{page} is published by default");
    }
    // Not linked from anywhere either.
    for name in html_files(default) {
        let source = std::fs::read_to_string(default.join(&name)).unwrap();
        assert!(!source.contains("budget-2026"), "{name} links a draft");
        assert!(
            !source.contains("time-capsule"),
            "{name} links a future story"
        );
    }
    assert_eq!(sample().run.summary().articles, base.len());

    let (with_drafts, run) = build("drafts", &["--drafts"], EPOCH_2030);
    let pages = article_pages(&with_drafts);
    let added: BTreeSet<&str> = pages.difference(&base).map(String::as_str).collect();
    assert_eq!(added, drafts.into_iter().collect());
    assert_eq!(run.summary().articles, base.len() + 3);
    assert!(
        card_links(&Doc::open(&with_drafts, "/en/economy/"))
            .contains(&"/en/economy/budget-2026/".to_string())
    );

    let (with_future, run) = build("future", &["--future"], EPOCH_2030);
    let pages = article_pages(&with_future);
    let added: BTreeSet<&str> = pages.difference(&base).map(String::as_str).collect();
    assert_eq!(added, future.into_iter().collect());
    assert_eq!(run.summary().articles, base.len() + 2);

    let (both, run) = build("both", &["--drafts", "--future"], EPOCH_2030);
    assert_eq!(article_pages(&both).len(), base.len() + 5);
    assert_eq!(run.summary().articles, base.len() + 5);

    // "Now" is SOURCE_DATE_EPOCH: in 2031-06 the time capsule (2031-01-15) is no longer future.
    let (later, _) = build("later", &[], "1938000000");
    let pages = article_pages(&later);
    assert!(
        pages.contains(future[1]),
        "time-capsule left out in 2031-06"
    );
    assert!(!pages.contains(drafts[1]));
    // And in 2024-10-22 12:00 KST the NATO story (15:06:52 KST) is still to come.
    let (earlier, _) = build("earlier", &[], "1729566000");
    assert!(!article_pages(&earlier).contains("id/politics/nato-call/index.html"));
}

// ---------------------------------------------------------------------------------------------
// Reproducible output, base URL with a path, the summary line

#[test]
fn two_builds_are_byte_identical() {
    let dir = scratch_dir("twice");
    let one = dir.join("one");
    let two = dir.join("two");
    run_build_env(
        &repo_root(),
        &one,
        &[],
        &[
            ("SOURCE_DATE_EPOCH", EPOCH_2030),
            ("RAYON_NUM_THREADS", "1"),
        ],
    )
    .assert_success();
    run_build_env(
        &repo_root(),
        &two,
        &[],
        &[
            ("SOURCE_DATE_EPOCH", EPOCH_2030),
            ("RAYON_NUM_THREADS", "8"),
        ],
    )
    .assert_success();
    let first = snapshot(&one);
    assert!(first.len() > 50, "{} files", first.len());
    assert_same_files(&first, &snapshot(&two), "two builds");
    assert_same_files(&first, &snapshot(&sample().out), "the shared sample build");
    // Building again over an existing output gives the same bytes too.
    run_build(&repo_root(), &one, &[], EPOCH_2030).assert_success();
    assert_same_files(&first, &snapshot(&one), "a rebuild over the old output");
}

#[test]
fn base_url_with_a_path_prefixes_every_internal_link() {
    let dir = scratch_dir("base-url");
    let out = dir.join("public");
    run_build(
        &repo_root(),
        &out,
        &["--base-url", "https://x.example/news/"],
        EPOCH_2030,
    )
    .assert_success();
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
    assert_eq!(Doc::open(&out, "/").attrs("main a", "href")[0], "/news/id/");
}

#[test]
fn the_last_line_reports_articles_languages_pages_and_time() {
    let run = &sample().run;
    let line = run.last_stdout_line();
    let summary = parse_summary(line).unwrap_or_else(|| panic!("bad last line {line:?}"));
    assert_eq!(summary.languages, 4);
    assert_eq!(summary.articles, article_pages(&sample().out).len());
    // Pages are every file the build wrote that is not a copy of static/ (nor the marker that
    // tells a later build this folder is newsroom's to replace).
    let written = snapshot(&sample().out)
        .keys()
        .filter(|path| path.as_str() != newsroom::MARKER)
        .count();
    let copied = snapshot(&repo_root().join("static")).len();
    assert_eq!(summary.pages, written - copied);
    assert!(summary.articles >= 40, "{line}");

    let site = Fixture::new();
    site.story("en/politics/one.md", "One", "2024-01-01 00:00:00", "");
    let run = site.build_ok(&[]);
    let summary = run.summary();
    assert!(
        run.last_stdout_line()
            .starts_with("built 1 article in 3 languages ("),
        "{}",
        run.last_stdout_line()
    );
    // Everything written except the three static files (css, js, one image) and the marker.
    assert_eq!(summary.pages, snapshot(&site.out()).len() - 3 - 1);
    assert!(
        summary.pages >= 12,
        "root, 404, 3 fronts, 6 categories, 1 article"
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerated input: BOM and CRLF, unknown fields, missing UI strings

#[test]
fn files_with_a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let site = Fixture::new();
    site.write(
        "content/en/politics/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ncategory: politics\r\nwritten: 2024-10-22 15:06:52\r\nupdated: 2024-10-22 15:08:35\r\nsummary: A summary\r\n---\r\n\r\nFirst line\r\nsame paragraph.\r\n\r\nSecond paragraph.\r\n",
    );
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr.trim(), "", "no warnings expected");
    let doc = site.page("/en/politics/windows/");
    assert_eq!(doc.text("main h1"), "Written on Windows");
    assert_eq!(doc.attr("meta[name=description]", "content"), "A summary");
    assert_eq!(
        doc.attrs("main time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    let body = doc.texts("main article p");
    assert!(
        body.contains(&"First line same paragraph.".to_string()),
        "{body:?}"
    );
    assert!(body.contains(&"Second paragraph.".to_string()), "{body:?}");
    assert!(!doc.source.contains('\r'));
    assert!(!doc.source.contains('\u{feff}'));
}

#[test]
fn an_unknown_front_matter_field_is_a_warning_with_a_suggestion() {
    let site = Fixture::new();
    site.markdown(
        "en/politics/typo.md",
        "title: Typo\ncategory: politics\nwritten: 2024-10-22 15:06:52\nsumary: Misspelt",
        "Body.",
    );
    let run = site.build_ok(&[]);
    let line = run.stderr_line("sumary");
    assert!(
        line.starts_with("content/en/politics/typo.md:5:1: warning: "),
        "{line}"
    );
    assert!(line.contains("did you mean 'summary'?"), "{line}");
    assert!(site.exists("/en/politics/typo/"));
    assert!(parse_summary(run.last_stdout_line()).is_some());
}

#[test]
fn a_ui_string_missing_in_another_language_falls_back_with_a_warning() {
    let site = Fixture::new();
    site.edit("i18n/ko.yaml", |text| {
        text.lines()
            .filter(|l| !l.starts_with("go_top:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    site.story("ko/politics/a.md", "기사", "2024-01-01 00:00:00", "");
    let run = site.build_ok(&[]);
    let line = run.stderr_line("go_top");
    assert!(line.starts_with("i18n/ko.yaml"), "{line}");
    assert!(line.contains("warning:"), "{line}");
    // The English (default language) text stands in.
    assert_eq!(
        site.page("/ko/politics/a/").text("a[href=\"#top\"]"),
        "Back to top"
    );
    assert_eq!(site.page("/ko/").text("a[href=\"#top\"]"), "Back to top");
    assert_eq!(site.page("/ko/").text("a[href=\"#menu\"]"), "메뉴 바로가기");
}

#[test]
fn settings_and_ui_strings_with_a_byte_order_mark_and_crlf_are_accepted() {
    let site = Fixture::new();
    for file in ["site.yaml", "i18n/en.yaml", "i18n/ko.yaml"] {
        site.edit(file, |text| {
            format!("\u{feff}{}", text.replace('\n', "\r\n"))
        });
    }
    site.story("en/politics/a.md", "Story", "2024-10-22 15:06:52", "");
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr.trim(), "", "no warnings expected");
    let doc = site.page("/en/politics/a/");
    assert_eq!(doc.text("head title"), "Story | Fixture News");
    assert_eq!(doc.text("a[href=\"#top\"]"), "Back to top");
    assert_eq!(site.page("/ko/").text("a[href=\"#top\"]"), "맨 위로");
}

#[test]
fn a_rebuild_replaces_the_whole_previous_output() {
    let site = Fixture::new();
    site.story("en/politics/kept.md", "Kept", "2024-10-22 15:06:52", "");
    site.story("en/politics/gone.md", "Gone", "2024-10-22 15:07:52", "");
    site.build_ok(&[]);
    assert!(site.exists("/en/politics/gone/"));
    std::fs::write(site.out().join("stray.txt"), "left by hand").unwrap();
    site.remove("content/en/politics/gone.md");
    site.build_ok(&[]);
    assert!(
        !site.exists("/en/politics/gone/"),
        "a removed story stays online"
    );
    assert!(!site.out().join("stray.txt").exists());
    assert!(site.exists("/en/politics/kept/"));
    assert!(!card_links(&site.page("/en/politics/")).contains(&"/en/politics/gone/".to_string()));
    assert_eq!(site.parent_entries(), vec!["public", "site"]);
}

#[test]
fn markdown_has_tables_footnotes_and_strikethrough_and_slugs_are_normalised() {
    let site = Fixture::new();
    site.markdown(
        "en/politics/extensions.md",
        "title: Extensions\ncategory: politics\nwritten: 2024-10-22 15:06:52\nslug: Hello  World",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: The note.",
    );
    site.build_ok(&[]);
    assert!(!site.exists("/en/politics/extensions/"));
    let doc = site.page("/en/politics/hello-world/");
    assert_eq!(doc.texts("main article table td"), vec!["1", "2"]);
    assert_eq!(doc.text("main article del"), "old");
    assert!(doc.text("main article").contains("The note."));
    let note = doc.attr("main article sup a", "href");
    assert!(note.starts_with('#'), "{note}");
    assert_eq!(
        doc.count(&format!("[id='{}']", &note[1..])),
        1,
        "footnote target"
    );
}

#[test]
fn quiet_prints_only_the_last_line() {
    let site = Fixture::new();
    site.markdown(
        "en/politics/typo.md",
        "title: Typo\ncategory: politics\nwritten: 2024-10-22 15:06:52\nsumary: Misspelt",
        "Body.",
    );
    let run = site.build_ok(&["--quiet"]);
    assert_eq!(run.stderr.trim(), "", "--quiet printed warnings");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(run.summary().articles, 1);
}

#[test]
fn rfc3339_times_are_shown_in_each_languages_time_zone() {
    let site = Fixture::new();
    site.replace(
        "site.yaml",
        "    dir: rtl\n",
        "    dir: rtl\n    timezone: Asia/Riyadh\n    date_format: \"%d/%m/%Y %H:%M\"\n",
    );
    site.story(
        "en/politics/utc.md",
        "UTC story",
        "2024-10-22T06:06:52Z",
        "updated: 2024-10-22T15:08:35+09:00",
    );
    site.story(
        "ar/politics/utc.md",
        "UTC story",
        "2024-10-22T06:06:52Z",
        "",
    );
    site.build_ok(&[]);
    let english = site.page("/en/politics/utc/");
    assert_eq!(
        english.attrs("main time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    assert_eq!(
        english.texts("main time"),
        vec!["2024-10-22 15:06:52", "2024-10-22 15:08:35"]
    );
    let arabic = site.page("/ar/politics/utc/");
    assert_eq!(
        arabic.attrs("main time", "datetime"),
        vec!["2024-10-22T09:06:52+03:00"]
    );
    assert_eq!(arabic.texts("main time"), vec!["22/10/2024 09:06"]);
}

#[test]
fn site_settings_are_escaped_too() {
    let site = Fixture::new();
    site.replace(
        "site.yaml",
        "politics: { en: Politics,",
        "politics: { en: \"<i>Politics</i> & co\",",
    );
    site.replace(
        "site.yaml",
        "title: { en: Fixture News,",
        "title: { en: \"<b>Fixture</b> News\",",
    );
    site.story("en/politics/a.md", "Story", "2024-10-22 15:06:52", "");
    site.build_ok(&[]);
    let doc = site.page("/en/politics/a/");
    assert_eq!(doc.count("header i, header b, main i, main b"), 0);
    assert_eq!(doc.texts("#menu a")[0], "<i>Politics</i> & co");
    assert_eq!(doc.text("head title"), "Story | <b>Fixture</b> News");
}
