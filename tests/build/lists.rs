//! Lists of stories: category pages split by `page_size` with their pager, and the editor's picks.

use crate::support::*;
use crate::{card_links, written_iso};

#[test]
fn sample_politics_is_paginated_by_page_size() {
    let out = &sample().out;
    let site = sample_site();
    let size = site.page_size;
    // The Indonesian politics section has more stories than page_size.
    let stories = site.articles_in("id", "politics").len();
    assert!(
        stories > size,
        "{stories} Indonesian politics stories show no pagination (page_size {size})"
    );
    let pages = stories.div_ceil(size);
    let url = |n: usize| match n {
        1 => "/id/politics/".to_string(),
        n => format!("/id/politics/page/{n}/"),
    };
    let docs: Vec<Doc> = (1..=pages).map(|n| Doc::open(out, &url(n))).collect();
    let mut all_links = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        let n = index + 1;
        let links = card_links(doc);
        let expected = if n == pages {
            stories - size * (pages - 1)
        } else {
            size
        };
        assert_eq!(links.len(), expected, "{}: {links:?}", url(n));
        let next: Vec<String> = (n < pages).then(|| url(n + 1)).into_iter().collect();
        let prev: Vec<String> = (n > 1).then(|| url(n - 1)).into_iter().collect();
        assert_eq!(doc.attrs("a[rel=next]", "href"), next, "{}", url(n));
        assert_eq!(doc.attrs("a[rel=prev]", "href"), prev, "{}", url(n));
        if n > 1 {
            assert_eq!(doc.attr("a[aria-current=page][href*=page]", "href"), url(n));
        }
        all_links.extend(links);
    }
    assert!(!output_file(out, &format!("/id/politics/page/{}/", pages + 1)).exists());
    assert!(!output_file(out, "/id/politics/page/1/").exists());
    // Newest first across all pages.
    let times: Vec<String> = all_links
        .iter()
        .map(|url| written_iso(&Doc::open(out, url)))
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by_key(|t| std::cmp::Reverse(chrono::DateTime::parse_from_rfc3339(t).unwrap()));
    assert_eq!(times, sorted);
    // A category with fewer stories than page_size has no pager.
    let mut short = 0;
    for code in site.codes() {
        for category in &site.categories {
            let count = site.articles_in(code, &category.key).len();
            if (1..=size).contains(&count) {
                let url = format!("/{code}/{}/", category.key);
                let doc = Doc::open(out, &url);
                assert_eq!(card_links(&doc).len(), count, "{url}");
                assert_eq!(doc.count("a[rel=next]"), 0, "{url}");
                short += 1;
            }
        }
    }
    assert!(
        short > 0,
        "the sample has a category shorter than page_size"
    );
}

#[test]
fn fixture_pagination_has_prev_next_and_a_short_last_page() {
    let site = Site::fixture();
    site.replace("site.yaml", "page_size: 20", "page_size: 2");
    for day in 1..=5 {
        site.story(
            &format!("en/politics/story-{day}.md"),
            &format!("Story {day}"),
            &format!("2024-03-0{day} 12:00:00"),
            "",
        );
    }
    site.cmd("build").run();
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

#[test]
fn editor_picks_are_newest_first_without_the_story_and_at_most_editor_picks() {
    let site = Site::fixture();
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
    site.cmd("build").run();
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
