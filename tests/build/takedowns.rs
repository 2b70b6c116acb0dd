//! Issue 15, takedowns and expiry: a withdrawn or expired story is in no list, feed, sitemap or
//! hreflang link; its address shows a noindex notice in its language, and `_redirects` answers 410.
//! A future expiry is announced by the build and by `check`.

use crate::support::{Site, snapshot};

/// "Now" is 2030-01-01 00:00 UTC (the harness's EPOCH), 09:00 in the fixture's Seoul time.
fn site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/gone.md",
        "Secret headline",
        "2029-12-31 10:00:00",
        "withdrawn: true\nwithdrawn_note: Removed after a court order.\ntags: [vanishing]",
    )
    .story(
        "ko/politics/gone.md",
        "사라진 기사의 번역",
        "2029-12-31 10:05:00",
        "",
    )
    .story(
        "ar/economy/lapsed.md",
        "عنوان منتهي الصلاحية",
        "2029-12-30 10:00:00",
        "expires: 2029-12-31 20:00:00\ntags: [vanishing]",
    )
    .story(
        "en/economy/soon.md",
        "Embargoed offer",
        "2029-12-31 08:00:00",
        "expires: 2030-01-01 20:00:00",
    )
    .story(
        "en/politics/stays.md",
        "Staying put",
        "2029-12-31 09:00:00",
        "tags: [vanishing]",
    );
    site
}

#[test]
fn taken_down_stories_are_missing_from_every_output_but_their_notice() {
    let site = site();
    let run = site.cmd("build").run();
    assert!(
        run.stderr
            .contains("took down 2 stories (withdrawn or expired)"),
        "{}",
        run.stderr
    );
    let files = snapshot(&site.out());
    let notices = [
        "en/politics/gone/index.html",
        "ar/economy/lapsed/index.html",
    ];
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if notices.contains(&name.as_str()) || name == "_redirects" {
            continue;
        }
        for trace in [
            "en/politics/gone/",
            "ar/economy/lapsed/",
            "Secret headline",
            "عنوان منتهي",
        ] {
            assert!(!text.contains(trace), "{name} still names {trace}");
        }
    }
    // The stories that stay are still listed, so the scan above looked at real lists.
    assert!(String::from_utf8_lossy(&files["en/rss.xml"]).contains("Staying put"));
    assert!(String::from_utf8_lossy(&files["en/atom.xml"]).contains("Embargoed offer"));

    let redirects = String::from_utf8_lossy(&files["_redirects"]).into_owned();
    let rules: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    let gone: Vec<&str> = rules
        .iter()
        .copied()
        .filter(|l| l.ends_with(" 410"))
        .collect();
    assert_eq!(
        gone,
        vec![
            "/ar/economy/lapsed/ /ar/economy/lapsed/ 410",
            "/en/politics/gone/ /en/politics/gone/ 410",
        ]
    );
    // Hosts take the first rule that matches: the 410s come before each language's 404 rule.
    let first_404 = rules
        .iter()
        .position(|l| l.ends_with(" 404"))
        .unwrap_or(rules.len());
    assert_eq!(rules[..first_404].len(), gone.len(), "{rules:?}");
}

#[test]
fn the_notice_is_in_the_story_language_with_noindex_and_without_the_headline() {
    let site = site();
    site.cmd("build").run();
    let en = site.page("/en/politics/gone/");
    assert_eq!(en.attr("html", "lang"), "en");
    assert_eq!(en.attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(en.text("main h1"), "This story is no longer available");
    assert_eq!(
        en.text("main .withdrawn-note"),
        "Removed after a court order."
    );
    assert!(!en.text("html").contains("Secret headline"));
    assert!(en.alternates().is_empty(), "no hreflang on a notice");

    let ar = site.page("/ar/economy/lapsed/");
    assert_eq!(ar.attr("html", "lang"), "ar");
    assert_eq!(ar.attr("html", "dir"), "rtl");
    assert_eq!(ar.text("main h1"), "هذا الخبر لم يعد متاحًا");
    assert_eq!(ar.count("main .withdrawn-note"), 0);

    // The Korean translation stays, and no longer points at the English version.
    let ko = site.page("/ko/politics/gone/");
    assert!(ko.alternates().is_empty(), "{:?}", ko.alternates());
    assert!(
        !ko.switcher()
            .iter()
            .any(|(_, url)| url == "/en/politics/gone/")
    );
}

#[test]
fn the_next_expiry_is_announced_and_check_lists_stories_expiring_within_two_days() {
    let site = site();
    let run = site.cmd("build").run();
    assert!(
        run.stderr
            .contains("the next story expires at 2030-01-01T20:00:00+09:00; build again then"),
        "{}",
        run.stderr
    );
    // Until then the story is published in full.
    assert_eq!(
        site.page("/en/economy/soon/").text("main h1"),
        "Embargoed offer"
    );
    // The pages the fixture's consent banner links to, so that `check` finds no broken link.
    for code in ["en", "ko", "ar"] {
        site.markdown(
            &format!("{code}/pages/cookie-policy.md"),
            "title: Cookies",
            "Text.",
        );
    }
    site.cmd("check")
        .expect_stdout_contains("content/en/economy/soon.md: warning: expires at 2030-01-01T20:00:00+09:00 (in 11 hours)")
        .run();
    // A day later the same site takes it down.
    site.cmd("build").epoch("1893542400").run();
    assert_eq!(
        site.page("/en/economy/soon/").text("main h1"),
        "This story is no longer available"
    );
}

#[test]
fn a_site_with_takedowns_rebuilds_byte_for_byte() {
    let site = site();
    site.cmd("build").run();
    let first = snapshot(&site.out());
    site.cmd("build").run();
    crate::support::assert_same_files(&first, &snapshot(&site.out()), "the rebuild");
}

#[test]
fn an_expiry_before_the_story_was_written_is_an_error() {
    let site = Site::fixture();
    site.story(
        "en/politics/odd.md",
        "Odd",
        "2029-12-31 10:00:00",
        "expires: 2029-12-31 09:00:00",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("content/en/politics/odd.md:5:1: error: 'expires' (2029-12-31T09:00:00+09:00) is not after 'written'")
        .run();
}

/// Issues 14 and 15 together: a link by source file to a story taken down still leads to its
/// address, which shows the notice; the takedown does not break the story that cites it.
#[test]
fn a_link_to_a_story_taken_down_leads_to_its_notice() {
    let site = site();
    site.markdown(
        "en/economy/cites.md",
        "title: Cites\ncategory: economy\nwritten: 2029-12-31 07:00:00",
        "As [reported](@/en/politics/gone.md) and [since](../politics/stays.md).",
    );
    site.cmd("build").run();
    let doc = site.page("/en/economy/cites/");
    assert_eq!(
        doc.attrs("main article a[href*=politics]", "href"),
        vec!["/en/politics/gone/", "/en/politics/stays/"]
    );
}
