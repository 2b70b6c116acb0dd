//! Drafts (`draft: true`) and stories dated after "now" are left out unless `--drafts` or
//! `--future` asks for them; "now" is `SOURCE_DATE_EPOCH`.

use crate::support::*;
use crate::{article_pages, card_links};
use std::collections::BTreeSet;

#[test]
fn drafts_and_future_stories_are_left_out_unless_asked_for() {
    let default = &sample().out;
    let build = |args: &[&str], epoch: &str| {
        let site = Site::sample();
        let run = site.cmd("build").args(args).epoch(epoch).run();
        (site, run)
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

    let (with_drafts, run) = build(&["--drafts"], EPOCH);
    let pages = article_pages(&with_drafts.out());
    let added: BTreeSet<&str> = pages.difference(&base).map(String::as_str).collect();
    assert_eq!(added, drafts.into_iter().collect());
    assert_eq!(run.summary().articles, base.len() + 3);
    assert!(
        card_links(&with_drafts.page("/en/economy/"))
            .contains(&"/en/economy/budget-2026/".to_string())
    );

    let (with_future, run) = build(&["--future"], EPOCH);
    let pages = article_pages(&with_future.out());
    let added: BTreeSet<&str> = pages.difference(&base).map(String::as_str).collect();
    assert_eq!(added, future.into_iter().collect());
    assert_eq!(run.summary().articles, base.len() + 2);

    let (both, run) = build(&["--drafts", "--future"], EPOCH);
    assert_eq!(article_pages(&both.out()).len(), base.len() + 5);
    assert_eq!(run.summary().articles, base.len() + 5);

    // "Now" is SOURCE_DATE_EPOCH: in 2031-06 the time capsule (2031-01-15) is no longer future.
    let (later, _) = build(&[], "1938000000");
    let pages = article_pages(&later.out());
    assert!(
        pages.contains(future[1]),
        "time-capsule left out in 2031-06"
    );
    assert!(!pages.contains(drafts[1]));
    // And in 2024-10-22 12:00 KST the NATO story (15:06:52 KST) is still to come.
    let (earlier, _) = build(&[], "1729566000");
    assert!(!article_pages(&earlier.out()).contains("id/politics/nato-call/index.html"));
}
