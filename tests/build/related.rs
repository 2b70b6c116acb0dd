//! Issue 15, related stories: the same language only, a shared rare tag before a common one, the
//! same category counting, and `related_stories` as the limit.

use crate::support::Site;

pub(crate) fn related(site: &Site, url: &str) -> Vec<String> {
    site.page(url).attrs("main section.related h3 a", "href")
}

#[test]
fn related_stories_rank_rare_shared_tags_first_within_the_language() {
    let site = Site::fixture();
    site.story(
        "en/politics/a.md",
        "A",
        "2029-12-31 10:00:00",
        "tags: [budget, everyday]",
    )
    .story(
        "en/economy/rare.md",
        "Rare",
        "2029-12-20 10:00:00",
        "tags: [budget]",
    )
    .story(
        "en/economy/common.md",
        "Common",
        "2029-12-30 10:00:00",
        "tags: [everyday]",
    )
    .story(
        "en/economy/c1.md",
        "C1",
        "2029-12-29 10:00:00",
        "tags: [everyday]",
    )
    .story(
        "en/economy/c2.md",
        "C2",
        "2029-12-28 10:00:00",
        "tags: [everyday]",
    )
    .story(
        "en/politics/same-section.md",
        "Section",
        "2029-12-27 10:00:00",
        "",
    )
    .story(
        "en/economy/unrelated.md",
        "Unrelated",
        "2029-12-31 09:00:00",
        "tags: [weather]",
    )
    .story(
        "ar/politics/a.md",
        "أ",
        "2029-12-31 10:00:00",
        "tags: [budget]",
    );
    site.cmd("build").run();
    let links = related(&site, "/en/politics/a/");
    assert_eq!(links.len(), 4, "{links:?}");
    assert_eq!(
        links[0], "/en/economy/rare/",
        "the rare tag first: {links:?}"
    );
    assert!(!links.contains(&"/en/economy/unrelated/".to_string()));
    assert!(!links.iter().any(|l| l.starts_with("/ar/")));
    assert!(!links.contains(&"/en/politics/a/".to_string()));
    // The Arabic story has nothing related in Arabic: no section at all.
    assert_eq!(site.page("/ar/politics/a/").count("section.related"), 0);
    // The heading comes from the language's UI strings.
    assert_eq!(
        site.page("/en/politics/a/").text("section.related h2"),
        "Related stories"
    );
}

#[test]
fn related_stories_follow_the_limit_and_zero_turns_them_off() {
    let site = Site::fixture();
    for n in 0..6 {
        site.story(
            &format!("en/politics/s{n}.md"),
            &format!("S{n}"),
            &format!("2029-12-2{n} 10:00:00"),
            "tags: [one]",
        );
    }
    site.edit("site.yaml", |s| format!("{s}related_stories: 2\n"));
    site.cmd("build").run();
    assert_eq!(
        related(&site, "/en/politics/s3/"),
        vec!["/en/politics/s4/", "/en/politics/s2/"],
        "the nearest in time among equals"
    );
    site.replace("site.yaml", "related_stories: 2", "related_stories: 0");
    site.cmd("build").run();
    assert_eq!(site.page("/en/politics/s3/").count("section.related"), 0);
}
