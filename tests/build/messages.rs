//! What `build` prints: the last line counts articles, languages and pages; `--quiet` prints only
//! that line.

use crate::article_pages;
use crate::support::*;

#[test]
fn the_last_line_reports_articles_languages_pages_and_time() {
    let run = &sample().run;
    let line = run.last_stdout_line();
    let summary = parse_summary(line).unwrap_or_else(|| panic!("bad last line {line:?}"));
    assert_eq!(summary.languages, sample_site().languages.len());
    assert_eq!(summary.articles, article_pages(&sample().out).len());
    assert_eq!(
        summary.articles,
        sample_site().published_articles().count(),
        "{line}"
    );
    // Pages are every file the build wrote that is not a copy of static/ (nor the marker that
    // tells a later build this folder is newsroom's to replace); photos' variants count, the
    // photos themselves are not copied (issue 12).
    let written = snapshot(&sample().out);
    let copied = snapshot(&repo_root().join("static"))
        .keys()
        .filter(|path| written.contains_key(*path))
        .count();
    let written = written
        .keys()
        .filter(|path| path.as_str() != newsroom::MARKER)
        .count();
    assert_eq!(summary.pages, written - copied);

    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-01-01 00:00:00", "");
    let run = site.cmd("build").run();
    let summary = run.summary();
    assert!(
        run.last_stdout_line()
            .starts_with("built 1 article in 3 languages ("),
        "{}",
        run.last_stdout_line()
    );
    // Everything written except the static files (css, js, one image) and the marker.
    let copied = snapshot(&site.path("static")).len();
    assert_eq!(summary.pages, snapshot(&site.out()).len() - copied - 1);
    assert!(
        summary.pages >= 12,
        "root, 404, 3 fronts, 6 categories, 1 article"
    );
}

#[test]
fn quiet_prints_only_the_last_line() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/typo.md",
        "title: Typo\ncategory: politics\nwritten: 2024-10-22 15:06:52\nsumary: Misspelt",
        "Body.",
    );
    let run = site.cmd("build").args(["--quiet"]).run();
    assert_eq!(run.stderr.trim(), "", "--quiet printed warnings");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert_eq!(run.summary().articles, 1);
}
