//! Lists of stories: category, tag and author pages, numbered from the oldest story in pages of
//! `page_size` with their pager (issue 10), and the editor's picks.

use crate::support::*;
use crate::{card_links, written_iso};

/// How many stories the list's own URL shows, and how many numbered pages a list of `count`
/// stories has: numbered pages of `size` count from the oldest story, and the list's URL holds
/// the rest, at least one full page of them (issue 10).
fn list_split(count: usize, size: usize) -> (usize, usize) {
    let numbered = (count / size).saturating_sub(1);
    (count - numbered * size, numbered)
}

#[test]
fn sample_lists_show_their_newest_stories_at_their_own_url() {
    let out = &sample().out;
    let site = sample_site();
    let size = site.page_size;
    let (mut one_page, mut short) = (0, 0);
    for code in site.codes() {
        for category in &site.categories {
            let count = site.articles_in(code, &category.key).len();
            let (newest, numbered) = list_split(count, size);
            let url = format!("/{code}/{}/", category.key);
            let doc = Doc::open(out, &url);
            assert_eq!(card_links(&doc).len(), newest, "{url}: {count} stories");
            // Newest first.
            let times: Vec<String> = card_links(&doc)
                .iter()
                .map(|url| written_iso(&Doc::open(out, url)))
                .collect();
            let mut sorted = times.clone();
            sorted.sort_by_key(|t| {
                std::cmp::Reverse(chrono::DateTime::parse_from_rfc3339(t).unwrap())
            });
            assert_eq!(times, sorted, "{url}");
            for n in 1..=numbered + 1 {
                let page = output_file(out, &format!("{url}page/{n}/"));
                assert_eq!(page.exists(), n <= numbered, "{url}page/{n}/");
            }
            if numbered == 0 {
                assert_eq!(doc.count("nav.pager"), 0, "{url}");
            }
            one_page += usize::from(count > size && numbered == 0);
            short += usize::from((1..=size).contains(&count));
        }
    }
    // A list longer than page_size but shorter than two pages shows all its stories at once,
    // rather than a numbered page that the next story would change.
    assert!(
        one_page > 0,
        "the sample has a list of page_size to 2 * page_size stories"
    );
    assert!(
        short > 0,
        "the sample has a category shorter than page_size"
    );
    // And the sample shows a pager: Indonesian politics has a numbered page.
    assert!(
        list_split(site.articles_in("id", "politics").len(), size).1 > 0,
        "no numbered page in the sample's Indonesian politics (page_size {size})"
    );
    assert_eq!(
        Doc::open(out, "/id/politics/").attrs("main nav.pager a[rel=next]", "href"),
        vec!["/id/politics/page/1/"]
    );
}

/// Seven stories two a page: the list's URL holds the newest three, page 2 the next two, page 1
/// the oldest two.
fn seven_stories() -> Site {
    let site = Site::fixture();
    site.replace("site.yaml", "page_size: 20", "page_size: 2");
    for day in 1..=7 {
        site.story(
            &format!("en/politics/story-{day}.md"),
            &format!("Story {day}"),
            &format!("2024-03-0{day} 12:00:00"),
            "tags: [vote]",
        );
    }
    site.cmd("build").run();
    site
}

/// The links of a page's pager: (text, href, rel, aria-current).
fn pager(doc: &Doc) -> Vec<(String, String, String, String)> {
    doc.all("main nav.pager a")
        .iter()
        .map(|a| {
            let attr = |name: &str| a.value().attr(name).unwrap_or_default().to_string();
            (text_of(a), attr("href"), attr("rel"), attr("aria-current"))
        })
        .collect()
}

#[test]
fn numbered_pages_count_from_the_oldest_story_and_the_list_url_shows_the_rest() {
    let site = seven_stories();
    let story = |n: u8| format!("/en/politics/story-{n}/");
    let pages = [
        ("/en/politics/", vec![story(7), story(6), story(5)]),
        ("/en/politics/page/2/", vec![story(4), story(3)]),
        ("/en/politics/page/1/", vec![story(2), story(1)]),
    ];
    let mut seen = Vec::new();
    for (url, stories) in &pages {
        let doc = site.page(url);
        assert_eq!(&card_links(&doc), stories, "{url}");
        seen.extend(card_links(&doc));
    }
    // Every story on exactly one page.
    seen.sort();
    let mut all: Vec<String> = (1..=7).map(story).collect();
    all.sort();
    assert_eq!(seen, all);
    assert!(!site.exists("/en/politics/page/3/"));
    assert!(!site.exists("/en/politics/page/0/"));

    // The pager: newer (rel=prev) and older (rel=next), the ends where they are not already
    // those, the page itself marked, and no count or list of every page.
    let s = |v: &str| v.to_string();
    let link =
        |text: &str, href: &str, rel: &str, current: &str| (s(text), s(href), s(rel), s(current));
    assert_eq!(
        pager(&site.page("/en/politics/")),
        vec![
            link("Newest", "/en/politics/", "", "page"),
            link("Older »", "/en/politics/page/2/", "next", ""),
            link("Oldest", "/en/politics/page/1/", "", ""),
        ]
    );
    assert_eq!(
        pager(&site.page("/en/politics/page/2/")),
        vec![
            link("« Newer", "/en/politics/", "prev", ""),
            link("Page 2", "/en/politics/page/2/", "", "page"),
            link("Older »", "/en/politics/page/1/", "next", ""),
        ]
    );
    assert_eq!(
        pager(&site.page("/en/politics/page/1/")),
        vec![
            link("Newest", "/en/politics/", "", ""),
            link("« Newer", "/en/politics/page/2/", "prev", ""),
            link("Page 1", "/en/politics/page/1/", "", "page"),
        ]
    );
    let nav = site.page("/en/politics/page/2/");
    assert_eq!(nav.attr("main nav.pager", "aria-label"), "Pages");
    assert_eq!(
        nav.text("title"),
        "Politics (Page 2) | Fixture News",
        "the numbered page's title"
    );
}

#[test]
fn following_older_from_the_list_url_reaches_every_story_of_every_kind_of_list() {
    let site = seven_stories();
    site.edit("site.yaml", |s| {
        format!("{s}authors:\n  jane-roe:\n    name: Jane Roe\n")
    });
    for day in 1..=7 {
        site.replace(
            &format!("content/en/politics/story-{day}.md"),
            "tags: [vote]",
            "tags: [vote]\nauthor: jane-roe",
        );
    }
    site.cmd("build").run();
    for list in ["/en/politics/", "/en/tags/vote/", "/en/authors/jane-roe/"] {
        let mut url = list.to_string();
        let mut seen = Vec::new();
        let mut visited = vec![url.clone()];
        loop {
            let doc = site.page(&url);
            seen.extend(card_links(&doc));
            let older = doc.attrs("main nav.pager a[rel=next]", "href");
            let Some(next) = older.first() else { break };
            // Its "newer" link leads back.
            assert_eq!(
                site.page(next).attrs("main nav.pager a[rel=prev]", "href"),
                vec![url.clone()],
                "{next}"
            );
            assert!(!visited.contains(next), "{list}: a loop at {next}");
            visited.push(next.clone());
            url = next.clone();
        }
        let expected: Vec<String> = (1..=7)
            .rev()
            .map(|n| format!("/en/politics/story-{n}/"))
            .collect();
        assert_eq!(seen, expected, "{list}: newest to oldest, each story once");
        assert_eq!(visited.len(), 3, "{list}: {visited:?}");
    }
    // The tag's count is on its own URL only: a count on the numbered pages would change them
    // all with each new story.
    assert_eq!(site.page("/en/tags/vote/").count("main .list-count"), 1);
    assert_eq!(
        site.page("/en/tags/vote/page/1/").count("main .list-count"),
        0
    );
    // Numbered pages keep their stories, so they are in the sitemap too.
    let sitemap = std::fs::read_to_string(site.out().join("sitemaps/en.xml")).unwrap();
    for url in [
        "/en/politics/",
        "/en/politics/page/1/",
        "/en/politics/page/2/",
        "/en/tags/vote/page/2/",
        "/en/authors/jane-roe/page/1/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://fixture.example{url}</loc>")),
            "{url} not in\n{sitemap}"
        );
    }
}

#[test]
fn a_short_or_empty_list_is_one_page_without_a_pager() {
    let site = Site::fixture();
    site.replace("site.yaml", "page_size: 20", "page_size: 2");
    // Three stories, fewer than two full pages: all on the list's URL.
    for day in 1..=3 {
        site.story(
            &format!("en/politics/story-{day}.md"),
            &format!("Story {day}"),
            &format!("2024-03-0{day} 12:00:00"),
            "",
        );
    }
    site.cmd("build").run();
    let list = site.page("/en/politics/");
    assert_eq!(card_links(&list).len(), 3);
    assert_eq!(list.count("nav.pager"), 0);
    assert!(!site.exists("/en/politics/page/1/"));
    // A category without stories: one page, the "no stories" text, no pager.
    let empty = site.page("/en/economy/");
    assert_eq!(card_links(&empty), Vec::<String>::new());
    assert!(
        empty
            .text("main")
            .contains("There are no stories here yet.")
    );
    assert_eq!(empty.count("nav.pager"), 0);
    // The front page lists the latest stories.
    assert!(card_links(&site.page("/en/")).contains(&"/en/politics/story-3/".to_string()));
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

#[test]
fn a_pager_written_for_pages_numbered_from_the_newest_is_told_what_changed() {
    let site = seven_stories();
    site.write(
        "templates/partials/pager.html",
        "{%- if pagination.total > 1 %}<nav></nav>{% endif %}\n",
    );
    let run = site.cmd("build").expect_failure().run();
    assert!(
        run.stderr.contains("templates/partials/pager.html:1:")
            && run.stderr.contains("`pagination.total` is gone")
            && run.stderr.contains("newer_url"),
        "{}",
        run.stderr
    );
}
