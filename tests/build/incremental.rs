//! Issue 10: builds that reuse the build cache. After every kind of edit an incremental build
//! gives byte for byte what a clean build of the same sources gives; files an edit does not
//! touch keep their inode and modification time; a broken cache, a killed build and two builds
//! at once all end in a whole, correct output.

use crate::card_links;
use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A fixture with a few stories in two languages, translations, tags and a pick.
fn news_site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/summit.md",
        "Summit opens",
        "2024-10-20 09:00:00",
        "tags: [summit, diplomacy]\neditor_pick: true",
    );
    site.story(
        "ko/politics/summit.md",
        "정상회의 개막",
        "2024-10-20 09:00:00",
        "tags: [정상회의]",
    );
    site.story(
        "en/economy/rates.md",
        "Rates held",
        "2024-10-21 10:00:00",
        "tags: [rates]",
    );
    site.story(
        "en/economy/exports.md",
        "Exports rise",
        "2024-09-02 08:30:00",
        "tags: [trade, rates]",
    );
    site.story(
        "en/politics/vote.md",
        "Vote delayed",
        "2024-10-22 15:06:52",
        "summary: The vote moves to next week.",
    );
    site
}

/// Builds `site` clean into a folder of its own and compares it with `site.out()`.
pub(crate) fn assert_same_as_clean(site: &Site, what: &str) {
    let clean = site
        .parent()
        .join(format!("clean-{}", what.replace(' ', "-")));
    site.cmd("build").out(&clean).arg("--clean").run();
    let mut incremental = snapshot(&site.out());
    let mut expected = snapshot(&clean);
    incremental.remove(newsroom::MARKER);
    expected.remove(newsroom::MARKER);
    assert_same_files(&expected, &incremental, &format!("after {what}"));
}

/// The line `read N content files, rendered N pages, wrote N files, removed N`.
fn work(run: &Run) -> BTreeMap<String, usize> {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("read "))
        .unwrap_or_else(|| panic!("no work line in {}", run.stdout));
    let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    words
        .windows(2)
        .filter_map(|pair| Some((pair[0].to_string(), pair[1].parse().ok()?)))
        .collect()
}

/// A change to the site's sources.
type Edit = Box<dyn Fn(&Site)>;

#[test]
fn an_incremental_build_gives_what_a_clean_build_gives_after_every_kind_of_edit() {
    let site = news_site();
    let first = site.cmd("build").run();
    assert_eq!(work(&first)["read"], 5, "{}", first.stdout);
    let noop = site.cmd("build").run();
    let done = work(&noop);
    assert_eq!((done["read"], done["rendered"], done["wrote"]), (0, 0, 0));
    let body = "content/en/politics/vote.md";
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a body",
            Box::new(|s| {
                s.replace(body, "The story of Vote delayed.", "A longer story now.");
            }),
        ),
        (
            "a title",
            Box::new(|s| {
                s.replace(body, "title: Vote delayed", "title: Vote put off");
            }),
        ),
        (
            "a date",
            Box::new(|s| {
                s.replace(
                    body,
                    "written: 2024-10-22 15:06:52",
                    "written: 2024-08-01 07:00:00",
                );
            }),
        ),
        (
            "a category",
            Box::new(|s| {
                s.replace(body, "category: politics", "category: economy");
            }),
        ),
        (
            "tags",
            Box::new(|s| {
                s.replace(
                    "content/en/economy/rates.md",
                    "tags: [rates]",
                    "tags: [central bank]",
                );
            }),
        ),
        (
            "the picks",
            Box::new(|s| {
                s.replace(
                    "content/en/economy/rates.md",
                    "tags:",
                    "editor_pick: true\ntags:",
                );
            }),
        ),
        (
            "a draft",
            Box::new(|s| {
                s.replace(
                    "content/en/economy/exports.md",
                    "tags:",
                    "draft: true\ntags:",
                );
            }),
        ),
        (
            "a new file",
            Box::new(|s| {
                s.story(
                    "en/politics/new.md",
                    "Brand new",
                    "2024-10-23 11:00:00",
                    "tags: [summit]",
                );
            }),
        ),
        (
            "a deleted file",
            Box::new(|s| {
                s.remove("content/ko/politics/summit.md");
            }),
        ),
        (
            "a renamed slug",
            Box::new(|s| {
                s.replace(
                    "content/en/politics/new.md",
                    "tags:",
                    "slug: renamed\ntags:",
                );
            }),
        ),
        (
            "a template",
            Box::new(|s| {
                s.replace("templates/base.html", "</footer>", "<p>edited</p></footer>");
            }),
        ),
        (
            "a UI string",
            Box::new(|s| {
                s.edit("i18n/en.yaml", |text| {
                    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                    let latest = lines.iter().position(|l| l.starts_with("latest:")).unwrap();
                    lines[latest] = "latest: Newest stories".to_string();
                    lines.join("\n") + "\n"
                });
            }),
        ),
        (
            "a static file",
            Box::new(|s| {
                s.edit("static/css/site.css", |text| {
                    format!("{text}\n/* edited */\n")
                });
            }),
        ),
    ];
    for (what, edit) in edits {
        edit(&site);
        let run = site.cmd("build").run();
        assert!(work(&run)["read"] <= 1, "{what}: {}", run.stdout);
        assert_same_as_clean(&site, what);
    }
}

/// (inode, modification time) of every file below `dir`.
#[cfg(unix)]
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    walk(dir)
        .into_iter()
        .map(|path| {
            let metadata = std::fs::metadata(&path).unwrap();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, (metadata.ino(), metadata.modified().unwrap()))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn files_an_edit_does_not_touch_keep_their_inode_and_modification_time() {
    let site = news_site();
    site.cmd("build").run();
    let before = stamps(&site.out());
    // Modification times are coarse on some file systems: make a rewrite visible.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.replace(
        "content/en/politics/vote.md",
        "The story of Vote delayed.",
        "The story, rewritten.",
    );
    let changes = site.parent().join("changes.txt");
    let run = site.cmd("build").arg("--changes").arg(&changes).run();
    let after = stamps(&site.out());
    let touched: Vec<&String> = after
        .iter()
        .filter(|(file, stamp)| before.get(*file) != Some(stamp))
        .map(|(file, _)| file)
        .collect();
    // The body shows on the story's own page only (lists show its summary, which is set), and in
    // the search index: the shards that hold one of its words (a new length changes the impact of
    // each), and the root only when the site's reference length steps; issue 11.
    let (search, pages): (Vec<&String>, Vec<&String>) =
        touched.iter().partition(|f| f.starts_with("en/search/"));
    assert_eq!(pages, vec!["en/politics/vote/index.html"], "{}", run.stdout);
    assert!(
        search
            .iter()
            .all(|f| f.starts_with("en/search/t/") || *f == "en/search/root.json"),
        "{search:?}"
    );
    assert!(!search.is_empty(), "{search:?}");
    let words = [
        "vote",
        "delayed",
        "the",
        "story",
        "of",
        "rewritten",
        "moves",
        "to",
        "next",
        "week",
    ];
    for shard in search.iter().filter(|f| f.starts_with("en/search/t/")) {
        let text = std::fs::read_to_string(site.out().join(shard)).unwrap();
        assert!(
            words.iter().any(|w| text.contains(&format!("\"{w}\""))),
            "{shard} holds none of the story's words: {text}"
        );
    }
    let shards = std::fs::read_dir(site.out().join("en/search/t"))
        .unwrap()
        .count();
    assert!(
        search.len() < shards,
        "every shard was rewritten: {search:?}"
    );
    let listed = std::fs::read_to_string(&changes).unwrap();
    let mut expected: Vec<String> = touched.iter().map(|f| format!("written {f}")).collect();
    expected.sort();
    let mut listed: Vec<String> = listed.lines().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed, expected);
    assert_eq!(work(&run)["wrote"], touched.len());
}

#[test]
fn a_deleted_story_is_listed_as_removed_and_its_folder_goes() {
    let site = news_site();
    site.cmd("build").run();
    site.remove("content/en/politics/vote.md");
    let changes = site.parent().join("changes.txt");
    site.cmd("build").arg("--changes").arg(&changes).run();
    let listed = std::fs::read_to_string(&changes).unwrap();
    assert!(
        listed
            .lines()
            .any(|l| l == "removed en/politics/vote/index.html"),
        "{listed}"
    );
    assert!(
        listed
            .lines()
            .all(|l| l.starts_with("written ") || l.starts_with("removed "))
    );
    assert!(!site.out().join("en/politics/vote").exists());
    assert_same_as_clean(&site, "a deleted story");
}

#[test]
fn a_corrupt_cache_is_set_aside_with_one_warning_and_the_build_is_a_clean_one() {
    let site = news_site();
    site.cmd("build").run();
    let cache = site.parent().join(".public.newsroom/build.redb");
    assert!(cache.is_file(), "the build cache is beside the output");
    std::fs::write(&cache, b"not a database at all").unwrap();
    site.replace(
        "content/en/politics/vote.md",
        "title: Vote delayed",
        "title: Vote on",
    );
    let run = site.cmd("build").run();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("build cache"), "{}", warnings[0]);
    assert_eq!(work(&run)["read"], 5, "everything is read again");
    assert_same_as_clean(&site, "a corrupt cache");
    // The cache was started afresh: the next build has nothing to do.
    let next = site.cmd("build").expect_stderr_lacks("warning").run();
    assert_eq!(work(&next)["rendered"], 0);
}

#[test]
fn a_story_body_the_cache_lost_is_an_error_naming_the_story_and_changes_nothing() {
    let site = news_site();
    site.cmd("build").run();
    let cache = site.parent().join(".public.newsroom/build.redb");
    {
        // Another program changes a stored body behind newsroom's back.
        const BODIES: redb::TableDefinition<&str, &str> = redb::TableDefinition::new("bodies");
        let db = redb::Database::open(&cache).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut bodies = txn.open_table(BODIES).unwrap();
            let key = {
                use redb::ReadableTable;
                let mut keys = bodies
                    .iter()
                    .unwrap()
                    .map(|e| e.unwrap().0.value().to_string());
                keys.find(|k| k.ends_with("rates.md"))
                    .expect("the story's body is stored")
            };
            bodies
                .insert(key.as_str(), "<p>not what the story says</p>")
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let before = snapshot(&site.out());
    // Every story page renders again, so the tampered body is read back.
    site.edit("templates/article.html", |t| {
        format!("{t}{{# touched #}}\n")
    });
    let run = site.cmd("build").expect_failure().run();
    assert!(
        run.stderr.contains("content/en/economy/rates.md") && run.stderr.contains("--clean"),
        "{}",
        run.stderr
    );
    assert_same_files(&before, &snapshot(&site.out()), "a build that lost a body");
    site.cmd("build").arg("--clean").run();
    assert_same_as_clean(&site, "a lost body rebuilt clean");
}

#[cfg(unix)]
#[test]
fn without_its_cache_a_build_compares_with_the_output_and_rewrites_nothing_that_is_the_same() {
    let site = news_site();
    site.cmd("build").run();
    let before = stamps(&site.out());
    std::fs::remove_dir_all(site.parent().join(".public.newsroom")).unwrap();
    let run = site.cmd("build").run();
    assert_eq!(work(&run)["wrote"], 0, "{}", run.stdout);
    assert_eq!(stamps(&site.out()), before);
}

#[test]
fn clean_ignores_the_cache() {
    let site = news_site();
    site.cmd("build").run();
    let run = site.cmd("build").arg("--clean").run();
    let done = work(&run);
    assert_eq!(done["read"], 5);
    assert_eq!(done["rendered"], run.summary().pages);
}

#[test]
fn a_failed_incremental_build_changes_nothing() {
    let site = news_site();
    site.cmd("build").run();
    let before = snapshot(&site.out());
    site.replace(
        "content/en/politics/vote.md",
        "category: politics",
        "category: nowhere",
    );
    site.cmd("build").expect_failure().run();
    assert_same_files(&before, &snapshot(&site.out()), "after a failed build");
    // Fixed again, the build picks up where it was.
    site.replace(
        "content/en/politics/vote.md",
        "category: nowhere",
        "category: politics",
    );
    let run = site.cmd("build").run();
    assert_eq!(work(&run)["wrote"], 0);
}

#[test]
fn two_builds_at_once_into_one_output_take_turns() {
    let site = news_site();
    for n in 0..300 {
        site.story(
            &format!("en/economy/match-{n}.md"),
            &format!("Match {n}"),
            "2024-10-01 12:00:00",
            "",
        );
    }
    let first = site.cmd("build").spawn_piped();
    let second = site.cmd("build").spawn_piped();
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_same_as_clean(&site, "two builds at once");
}

/// The journal: a build killed while it moves changed pages into place leaves every file whole,
/// some old and some new, and the next build repairs the set, even when its own inputs are
/// those of the earlier build again (so that the cache's record of the folder would be wrong).
#[cfg(unix)]
#[test]
fn a_build_killed_while_moving_pages_into_place_is_repaired_by_the_next() {
    use crate::output_folder::{big_site, write_stories};
    use std::time::{Duration, Instant};
    let site = big_site();
    write_stories(&site, "edition");
    site.cmd("build").arg("--quiet").run();
    let out = site.out();
    let marker = "<!-- a template edit -->";
    let original = site.read("templates/base.html");
    site.write("templates/base.html", &format!("{marker}\n{original}"));
    // Every page changes; they are rendered into the staging folder, then moved into place in
    // path order. Kill the build once the first page in that order has moved.
    let first = out.join("404.html");
    let mut child = site.cmd("build").arg("--quiet").spawn();
    let started = Instant::now();
    while !std::fs::read_to_string(&first)
        .unwrap_or_default()
        .contains(marker)
    {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was seen moving pages"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no page moved in time"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let pages: Vec<String> = snapshot(&out)
        .into_iter()
        .filter(|(file, _)| file.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("a whole UTF-8 page"))
        .collect();
    assert!(
        pages
            .iter()
            .all(|page| page.trim_end().ends_with("</html>")),
        "every page is whole"
    );
    let moved = pages.iter().filter(|page| page.contains(marker)).count();
    eprintln!("killed after {moved} of {} pages were moved", pages.len());
    assert!(moved < pages.len(), "the kill came while pages were moved");
    // Back to the first template: by their fingerprints the pages would be as the cache says.
    site.write("templates/base.html", &original);
    site.cmd("build").arg("--quiet").run();
    assert_same_as_clean(&site, "a killed build");
}

/// The category, tag and author list pages among the files a `--changes` file lists as written.
fn list_pages_written(changes: &Path, lists: &[&str]) -> Vec<String> {
    let listed = std::fs::read_to_string(changes).unwrap();
    let mut pages: Vec<String> = listed
        .lines()
        .filter_map(|line| line.strip_prefix("written "))
        .filter(|file| {
            lists.iter().any(|list| {
                *file == format!("{list}index.html") || file.starts_with(&format!("{list}page/"))
            })
        })
        .map(str::to_string)
        .collect();
    pages.sort();
    pages
}

/// Issue 10: lists are numbered from the oldest story, so a new story does not shift every page.
/// Nine stories two a page are a list URL of three and numbered pages 1 to 3. The tenth fills a
/// page: the list URL, the new page 4 and page 3 (whose "newer" link now leads to page 4) are
/// written; the eleventh writes the list URL alone. Pages 1 and 2 are never touched.
#[cfg(unix)]
#[test]
fn a_new_story_rewrites_the_list_url_and_at_most_two_numbered_pages_of_each_list() {
    let site = Site::fixture();
    site.replace("site.yaml", "page_size: 20", "page_size: 2");
    site.edit("site.yaml", |s| {
        format!("{s}authors:\n  jane-roe:\n    name: Jane Roe\n")
    });
    let add = |n: u32| {
        site.story(
            &format!("en/politics/story-{n:02}.md"),
            &format!("Story {n}"),
            &format!("2024-03-{n:02} 12:00:00"),
            "tags: [vote]\nauthor: jane-roe",
        );
    };
    (1..=9).for_each(add);
    site.cmd("build").run();
    let lists = ["en/politics/", "en/tags/vote/", "en/authors/jane-roe/"];
    let changes = site.parent().join("changes.txt");
    for (story, numbered) in [(10, vec![3, 4]), (11, vec![])] {
        let before = stamps(&site.out());
        // Modification times are coarse on some file systems: make a rewrite visible.
        std::thread::sleep(std::time::Duration::from_millis(20));
        add(story);
        site.cmd("build").arg("--changes").arg(&changes).run();
        let mut expected: Vec<String> = lists
            .iter()
            .flat_map(|list| {
                std::iter::once(format!("{list}index.html")).chain(
                    numbered
                        .iter()
                        .map(move |n| format!("{list}page/{n}/index.html")),
                )
            })
            .collect();
        expected.sort();
        assert_eq!(
            list_pages_written(&changes, &lists),
            expected,
            "after story {story}"
        );
        // The modification times agree with the list: the full pages before are untouched.
        let after = stamps(&site.out());
        for list in lists {
            for n in [1, 2] {
                let file = format!("{list}page/{n}/index.html");
                assert!(after.contains_key(&file), "{file}");
                assert_eq!(before.get(&file), after.get(&file), "{file} was rewritten");
            }
        }
        assert_same_as_clean(&site, &format!("story {story}"));
    }
    assert_eq!(
        card_links(&site.page("/en/politics/page/4/")),
        vec!["/en/politics/story-08/", "/en/politics/story-07/"]
    );
}
