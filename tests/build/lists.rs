//! Lists of stories: category pages split by `page_size` with their pager, and the editor's picks.

use crate::support::*;
use crate::{card_links, written_iso};

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
