//! The output folder is replaced whole and never half-written: a rebuild leaves nothing of the
//! previous output behind, and a build killed while it writes leaves the previous output exactly as
//! it was, with the next build clearing up after it.

use crate::card_links;
use crate::support::*;
use std::time::{Duration, Instant};

#[test]
fn a_rebuild_replaces_the_whole_previous_output() {
    let site = Site::fixture();
    site.story("en/politics/kept.md", "Kept", "2024-10-22 15:06:52", "");
    site.story("en/politics/gone.md", "Gone", "2024-10-22 15:07:52", "");
    site.cmd("build").run();
    assert!(site.exists("/en/politics/gone/"));
    std::fs::write(site.out().join("stray.txt"), "left by hand").unwrap();
    site.remove("content/en/politics/gone.md");
    site.cmd("build").run();
    assert!(
        !site.exists("/en/politics/gone/"),
        "a removed story stays online"
    );
    assert!(!site.out().join("stray.txt").exists());
    assert!(site.exists("/en/politics/kept/"));
    assert!(!card_links(&site.page("/en/politics/")).contains(&"/en/politics/gone/".to_string()));
    // Beside the output: the site and the build cache, nothing else.
    assert_eq!(
        site.parent_entries(),
        vec![".public.newsroom", "public", "site"]
    );
}

/// Articles per language of the kill-safety site: enough that writing the output takes a while.
const ARTICLES: usize = 1_600;

/// A site of `ARTICLES` stories in each of two languages; `edition` goes into every title and
/// body. The output goes to `site/public`, where `build` puts it by default.
pub(crate) fn big_site() -> Site {
    let site = Site::empty().default_out();
    site.copy_templates()
        .copy_static(&["css", "js"])
        .generate_ui_strings(&["en", "id"], ui_key)
        .write(
            "site.yaml",
            "title: Big Site
base_url: https://big.example/
default_language: en
timezone: UTC
languages:
  - code: en
    name: English
  - code: id
    name: Bahasa Indonesia
categories:
  politics: { en: Politics, id: Politik }
  economy: { en: Economy, id: Ekonomi }
  sports: { en: Sports, id: Olahraga }
page_size: 20
",
        );
    site
}

pub(crate) fn write_stories(site: &Site, edition: &str) {
    let categories = ["politics", "economy", "sports"];
    for language in ["en", "id"] {
        for n in 0..ARTICLES {
            let category = categories[n % categories.len()];
            let text = format!(
                "---\ntitle: Story {n} ({edition}, {language})\ncategory: {category}\n\
                 written: 2024-{:02}-{:02} {:02}:{:02}:00\ntags: [tag{}, common]\n---\n\n\
                 Paragraph one of story {n}, **{edition}**.\n\nParagraph two with a [link](/{language}/).\n",
                n % 12 + 1,
                n % 28 + 1,
                n % 24,
                n % 60,
                n % 50
            );
            site.write(
                &format!("content/{language}/{category}/story-{n}.md"),
                &text,
            );
        }
    }
}

/// How many pages (HTML files) are below `dir` now.
fn pages_in(dir: &std::path::Path) -> usize {
    walk(dir)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .count()
}

/// `.public.staging-*` and `.public.old-*` folders beside the output.
fn leftovers(site: &Site) -> Vec<String> {
    site.parent_entries()
        .into_iter()
        .filter(|n| n.starts_with(".public.staging-") || n.starts_with(".public.old-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_and_no_debris() {
    use std::os::unix::process::ExitStatusExt;
    let site = big_site();
    write_stories(&site, "first edition");
    site.cmd("build").arg("--quiet").run();
    let out = site.out();
    let before = snapshot(&out);
    let pages = before.keys().filter(|f| f.ends_with(".html")).count();
    assert!(pages > 2 * ARTICLES, "{pages} pages");
    let story = "en/politics/story-0/index.html";
    assert!(String::from_utf8_lossy(&before[story]).contains("first edition"));

    // A changed site: every page differs from the first build. Reading and rendering start in
    // memory; pages are written to the staging folder as they are rendered. Kill the build (SIGKILL)
    // once it has written some of them, a tenth, and well before it has written them all.
    write_stories(&site, "second edition");
    let mut child = site.cmd("build").arg("--quiet").spawn();
    let staging = site
        .out()
        .with_file_name(format!(".public.staging-{}", child.id()));
    let started = Instant::now();
    let mut seen = 0;
    while seen < pages / 10 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was seen writing ({seen} of {pages} pages); make the site bigger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the build wrote no pages in time"
        );
        std::thread::sleep(Duration::from_millis(1));
        seen = pages_in(&staging);
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the build was killed, not finished"
    );

    // The staging folder holds the pages written until the kill: some of the new build's, not all.
    let written = pages_in(&staging);
    eprintln!("killed after {written} of {pages} pages were written");
    assert!(
        written >= seen && written < pages,
        "the kill came while pages were written: {written} of {pages}"
    );
    let partial = std::fs::read_to_string(
        walk(&staging)
            .iter()
            .find(|f| {
                f.extension().is_some_and(|e| e == "html")
                    && f.to_string_lossy().contains("/story-")
            })
            .expect("a story page in the staging folder"),
    )
    .unwrap();
    assert!(partial.contains("second edition"), "the new build's page");

    // The output is the first build, whole and unchanged.
    let after = snapshot(&out);
    assert_same_files(&before, &after, "public/ after the killed build");
    assert!(
        std::fs::read_to_string(out.join(story))
            .unwrap()
            .contains("first edition")
    );

    // The next build removes the killed one's staging folder (and the lock its owner held) and
    // swaps the new site in.
    let staging_name = staging.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        leftovers(&site),
        vec![staging_name.clone(), format!("{staging_name}.lock")]
    );
    site.cmd("build").arg("--quiet").run();
    assert!(
        !staging.exists(),
        "the killed build's staging folder is removed"
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert!(
        std::fs::read_to_string(out.join(story))
            .unwrap()
            .contains("second edition")
    );
    assert_eq!(snapshot(&out).len(), before.len());
}
