//! Issue 10: a build with nothing to do. When no file of the site changed since the last good
//! build, the build reads nothing and says so; but time alone also changes a site (a scheduled
//! story appears, one leaves the news sitemap's window, a new year starts), and those builds
//! must publish what a clean build at that moment publishes.

use crate::support::*;
use std::path::Path;

const NOTHING: &str = "no source changed since the last build";

/// 2030-01-01T00:00:00Z plus `hours`, as `SOURCE_DATE_EPOCH`.
fn hours_after_epoch(hours: i64) -> String {
    (EPOCH.parse::<i64>().unwrap() + hours * 3600).to_string()
}

/// Builds `site` clean at `epoch` into a folder of its own and compares it with `site.out()`.
fn assert_same_as_clean_at(site: &Site, epoch: &str, what: &str) {
    let clean = site
        .parent()
        .join(format!("clean-{}", what.replace(' ', "-")));
    site.cmd("build")
        .out(&clean)
        .arg("--clean")
        .epoch(epoch)
        .run();
    let mut built = snapshot(&site.out());
    let mut expected = snapshot(&clean);
    built.remove(newsroom::MARKER);
    expected.remove(newsroom::MARKER);
    assert_same_files(&expected, &built, what);
}

fn news_sitemap(out: &Path) -> String {
    std::fs::read_to_string(out.join("news-sitemap.xml")).expect("news-sitemap.xml")
}

#[test]
fn a_build_with_no_change_reads_nothing_and_repeats_the_warnings_of_the_last() {
    let site = Site::fixture();
    site.story(
        "en/politics/vote.md",
        "'TRANSLATE: Vote delayed'",
        "2029-10-22 15:06:52",
        "",
    );
    let first = site.cmd("build").run();
    assert!(!first.stdout.contains(NOTHING), "{}", first.stdout);
    let warning = first.stderr_line("TRANSLATE").to_string();
    let before = snapshot(&site.out());

    let changes = site.parent().join("changes.txt");
    let noop = site.cmd("build").arg("--changes").arg(&changes).run();
    assert!(noop.stdout.contains(NOTHING), "{}", noop.stdout);
    assert_eq!(noop.stderr_line("TRANSLATE"), warning);
    assert_eq!(noop.summary().articles, first.summary().articles);
    assert_eq!(noop.summary().pages, first.summary().pages);
    assert_eq!(std::fs::read_to_string(&changes).unwrap(), "");
    assert_same_files(
        &before,
        &snapshot(&site.out()),
        "after a build with nothing to do",
    );
}

#[test]
fn any_changed_stamp_or_option_makes_the_build_look_again() {
    let site = Site::fixture();
    site.story(
        "en/politics/vote.md",
        "Vote delayed",
        "2029-10-22 15:06:52",
        "",
    );
    site.cmd("build").run();
    // The same bytes written again: a new modification time.
    let text = site.read("content/en/politics/vote.md");
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("content/en/politics/vote.md", &text);
    let touched = site.cmd("build").run();
    assert!(!touched.stdout.contains(NOTHING), "{}", touched.stdout);
    assert!(site.cmd("build").run().stdout.contains(NOTHING));

    // `static/img/deep` is below the depth at which folders are stamped in parallel.
    for folder in [
        "templates/partials",
        "static/css",
        "i18n",
        "static/img/deep",
    ] {
        let probe = format!("{folder}/probe.txt");
        site.write(&probe, "new");
        let run = site.cmd("build").run();
        assert!(
            !run.stdout.contains(NOTHING),
            "a new file in {folder}: {}",
            run.stdout
        );
        site.remove(&probe);
        site.cmd("build").run();
    }
    let drafts = site.cmd("build").arg("--drafts").run();
    assert!(!drafts.stdout.contains(NOTHING), "{}", drafts.stdout);
    let clean = site.cmd("build").arg("--clean").run();
    assert!(!clean.stdout.contains(NOTHING), "{}", clean.stdout);

    std::fs::remove_dir_all(site.out()).unwrap();
    let again = site.cmd("build").run();
    assert!(!again.stdout.contains(NOTHING), "{}", again.stdout);
    assert!(site.out().join("en/politics/vote/index.html").is_file());
}

#[test]
fn time_alone_publishes_a_scheduled_story_and_moves_the_news_window() {
    let site = Site::fixture();
    // Two hours before "now": in the news sitemap for 46 more hours.
    site.story(
        "en/politics/fresh.md",
        "Fresh vote",
        "2030-01-01 07:00:00",
        "",
    );
    site.story("en/politics/old.md", "Old vote", "2029-06-01 07:00:00", "");
    // Seoul time: 2030-01-02 09:00 is 24 hours after "now".
    site.story(
        "en/economy/later.md",
        "Later rates",
        "2030-01-02 09:00:00",
        "",
    );
    site.cmd("build").run();
    assert!(news_sitemap(&site.out()).contains("/en/politics/fresh/"));
    assert!(!site.out().join("en/economy/later/index.html").exists());

    let next_day = hours_after_epoch(30);
    let run = site.cmd("build").epoch(&next_day).run();
    assert!(!run.stdout.contains(NOTHING), "{}", run.stdout);
    assert!(site.out().join("en/economy/later/index.html").is_file());
    assert_same_as_clean_at(&site, &next_day, "the scheduled story's time");

    let days_later = hours_after_epoch(50);
    let run = site.cmd("build").epoch(&days_later).run();
    assert!(!run.stdout.contains(NOTHING), "{}", run.stdout);
    assert!(!news_sitemap(&site.out()).contains("/en/politics/fresh/"));
    assert_same_as_clean_at(&site, &days_later, "the end of the news window");

    // Nothing happens between 50 and 70 hours (the later story leaves the window at 72).
    let quiet = hours_after_epoch(70);
    assert!(
        site.cmd("build")
            .epoch(&quiet)
            .run()
            .stdout
            .contains(NOTHING)
    );
}

#[test]
fn a_new_year_renders_the_footer_again() {
    let site = Site::fixture();
    site.story("en/politics/old.md", "Old vote", "2029-06-01 07:00:00", "");
    site.cmd("build").run();
    // 2030-12-31 16:00 UTC is 2031-01-01 01:00 in Seoul, the fixture's time zone.
    let new_year = hours_after_epoch(364 * 24 + 16);
    let run = site.cmd("build").epoch(&new_year).run();
    assert!(!run.stdout.contains(NOTHING), "{}", run.stdout);
    assert!(
        std::fs::read_to_string(site.out().join("en/index.html"))
            .unwrap()
            .contains("2031")
    );
    assert_same_as_clean_at(&site, &new_year, "a new year");
}
