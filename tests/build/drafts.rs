//! Drafts (`draft: true`) and stories dated after "now" are left out unless `--drafts` or
//! `--future` asks for them; "now" is `SOURCE_DATE_EPOCH`. Which sample stories those are is read
//! from their front-matter.

use crate::support::*;
use crate::{article_pages, card_links};
use std::collections::BTreeSet;

#[test]
fn drafts_and_future_stories_are_left_out_unless_asked_for() {
    let default = &sample().out;
    let site = sample_site();
    let now = epoch();
    let pages_of = |keep: &dyn Fn(&SampleStory) -> bool| -> BTreeSet<String> {
        site.stories
            .iter()
            .filter(|s| s.is_article() && keep(s))
            .map(SampleStory::output_file)
            .collect()
    };
    let drafts = pages_of(&|s| s.draft && !s.is_after(now));
    let future = pages_of(&|s| !s.draft && s.is_after(now));
    let future_drafts = pages_of(&|s| s.draft && s.is_after(now));
    assert!(
        !drafts.is_empty() && !future.is_empty(),
        "the sample has drafts and scheduled stories"
    );
    let build = |args: &[&str], epoch: &str| {
        let site = Site::sample();
        let run = site.cmd("build").args(args).epoch(epoch).run();
        (site, run)
    };

    let base = article_pages(default);
    for page in drafts.iter().chain(&future).chain(&future_drafts) {
        assert!(!base.contains(page), "{page} is published by default");
    }
    // Not linked from anywhere either.
    let left_out: Vec<&SampleStory> = site
        .stories
        .iter()
        .filter(|s| s.is_article() && !s.is_published())
        .collect();
    for name in html_files(default) {
        let source = std::fs::read_to_string(default.join(&name)).unwrap();
        for story in &left_out {
            assert!(
                !source.contains(&story.url),
                "{name} links {}, which is left out",
                story.url
            );
        }
    }
    assert_eq!(sample().run.summary().articles, base.len());
    assert_eq!(base.len(), site.published_articles().count());

    let (with_drafts, run) = build(&["--drafts"], EPOCH);
    let pages = article_pages(&with_drafts.out());
    let added: BTreeSet<String> = pages.difference(&base).cloned().collect();
    assert_eq!(added, drafts);
    assert_eq!(run.summary().articles, base.len() + drafts.len());
    let draft = site
        .stories
        .iter()
        .find(|s| s.is_article() && s.draft && !s.is_after(now))
        .unwrap();
    let list = format!("/{}/{}/", draft.code, draft.category.as_deref().unwrap());
    assert!(
        card_links(&with_drafts.page(&list)).contains(&draft.url),
        "{list} lists the draft {} with --drafts",
        draft.url
    );

    let (with_future, run) = build(&["--future"], EPOCH);
    let pages = article_pages(&with_future.out());
    let added: BTreeSet<String> = pages.difference(&base).cloned().collect();
    assert_eq!(added, future);
    assert_eq!(run.summary().articles, base.len() + future.len());

    let (both, run) = build(&["--drafts", "--future"], EPOCH);
    let all = drafts.len() + future.len() + future_drafts.len();
    assert_eq!(article_pages(&both.out()).len(), base.len() + all);
    assert_eq!(run.summary().articles, base.len() + all);

    // "Now" is SOURCE_DATE_EPOCH: in 2031-06 the stories scheduled before then (the time capsule
    // of 2031-01-15) are no longer future.
    let later = 1_938_000_000;
    let (later_build, _) = build(&[], &later.to_string());
    let pages = article_pages(&later_build.out());
    let due = pages_of(&|s| !s.draft && s.is_after(now) && !s.is_after(later));
    assert!(
        !due.is_empty(),
        "a scheduled story falls due before 2031-06"
    );
    for page in &due {
        assert!(pages.contains(page), "{page} left out in 2031-06");
    }
    for page in &drafts {
        assert!(!pages.contains(page), "{page} is a draft");
    }
    // And in 2024-10-22 12:00 KST the NATO story (15:06:52 KST) is still to come.
    let (earlier, _) = build(&[], "1729566000");
    assert!(!article_pages(&earlier.out()).contains("id/politics/nato-call/index.html"));
}

/// Issue 14, item 5: what a build left out is named, in `build --verbose` and `check`, and the
/// next scheduled story's time is in the normal note.
#[test]
fn left_out_files_are_named_with_when_scheduled_ones_appear() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-01-01 09:00", "")
        .story(
            "en/politics/draft.md",
            "Draft",
            "2024-01-01 09:00",
            "draft: true",
        )
        .story("en/politics/later.md", "Later", "2031-03-01 09:00", "")
        .story("ko/politics/soon.md", "Soon", "2030-06-01 08:30+00:00", "");
    let normal = site.cmd("build").run();
    let note = normal.stderr_line("note: left out");
    assert!(
        note.ends_with("; the next appears at 2030-06-01 08:30 +00:00"),
        "{note}"
    );
    assert!(!normal.stderr.contains("later.md"), "{}", normal.stderr);
    let verbose = site.cmd("build").arg("--verbose").run();
    for (file, why) in [
        (
            "content/en/politics/draft.md",
            "a draft (--drafts includes it)",
        ),
        (
            "content/en/politics/later.md",
            "dated after now; it appears in builds from 2031-03-01 09:00 +09:00 on",
        ),
        (
            "content/ko/politics/soon.md",
            "it appears in builds from 2030-06-01 08:30 +00:00 on",
        ),
    ] {
        let line = verbose.stderr_line(file);
        assert!(line.starts_with(&format!("  left out {file}: ")), "{line}");
        assert!(line.contains(why), "{line}");
    }
    // The templates link each language's cookie policy; `check` wants it to exist.
    for code in ["en", "ko", "ar"] {
        site.markdown(
            &format!("{code}/pages/cookie-policy.md"),
            "title: Cookies",
            "Text.",
        );
    }
    let check = site.cmd("check").run();
    assert!(
        check
            .stdout
            .contains("left out of the build:\n  left out content/en/politics/draft.md: a draft"),
        "{}",
        check.stdout
    );
    let json = site.cmd("check").args(["--format", "json"]).run();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["left_out"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );
    site.cmd("build").args(["-q", "-v"]).expect_code(2).run();
}
