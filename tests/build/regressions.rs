//! Regression tests for problems a new user's trial of the project found (see the commit "Fixes
//! from a new user's trial"). Each test names the problem it pins.

use crate::support::{Site, snapshot};

#[test]
fn a_folder_of_someone_elses_files_is_never_replaced() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-01-01 09:00:00", "");
    let foreign = site.parent().join("gh-pages");
    std::fs::create_dir_all(foreign.join(".git")).unwrap();
    std::fs::write(foreign.join("CNAME"), "news.example.org\n").unwrap();
    let before = snapshot(&foreign);

    site.cmd("build")
        .out(&foreign)
        .expect_failure()
        .expect_stderr_contains("holds files newsroom did not write (.git, CNAME")
        .run();
    assert_eq!(snapshot(&foreign), before, "the folder is untouched");
    assert!(foreign.join(".git").is_dir());

    // A folder newsroom wrote is replaced as usual, build after build.
    site.cmd("build").run();
    site.cmd("build").run();
}

#[test]
fn an_output_folder_that_is_a_symbolic_link_is_filled_where_it_points() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-01-01 09:00:00", "");
    let real = site.parent().join("www");
    std::fs::create_dir(&real).unwrap();
    let link = site.parent().join("linked");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        site.cmd("build").out(&link).run();
        assert!(link.is_symlink(), "the link stays a link");
        assert!(
            real.join("en/politics/one/index.html").is_file(),
            "pages land where it points"
        );
    }
}

#[test]
fn a_base_url_with_a_query_fragment_or_user_is_refused() {
    let site = Site::fixture();
    for bad in [
        "https://news.example.org/?x=1",
        "https://news.example.org/#top",
        "https://user:pw@news.example.org/",
    ] {
        site.cmd("build")
            .args(["--base-url", bad])
            .expect_failure()
            .expect_stderr_contains("without a query, fragment or user name")
            .run();
    }
}

#[test]
fn a_numbered_page_of_a_category_names_only_itself() {
    let site = Site::fixture();
    site.replace("site.yaml", "page_size: 20", "page_size: 1");
    for (code, day) in [("en", "01"), ("en", "02"), ("ko", "01"), ("ko", "02")] {
        site.story(
            &format!("{code}/politics/s{day}.md"),
            &format!("Story {day}"),
            &format!("2024-01-{day} 09:00:00"),
            "",
        );
    }
    site.cmd("build").run();
    // Two stories one a page: the older is on page 1, the newer at the list's URL (issue 10).
    let second = site.page("/en/politics/page/1/");
    assert!(
        second.alternates().is_empty(),
        "no hreflang on a numbered page: {:?}",
        second.alternates()
    );
    assert_eq!(
        second.attr("link[rel=canonical]", "href"),
        "https://fixture.example/en/politics/page/1/"
    );
    let switcher: Vec<(String, String)> = second.switcher();
    assert!(
        switcher.contains(&("ko".to_string(), "/ko/politics/".to_string())),
        "the switcher leads to the category in Korean: {switcher:?}"
    );
    assert_eq!(
        second.attr("#menu a[href='/en/politics/']", "aria-current"),
        "true"
    );
    let first = site.page("/en/politics/");
    assert_eq!(
        first.attr("#menu a[href='/en/politics/']", "aria-current"),
        "page"
    );
    assert_eq!(
        first.alternates().len(),
        4,
        "en, ko, ar and x-default: {:?}",
        first.alternates()
    );
}

#[test]
fn left_out_drafts_and_future_stories_are_mentioned() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-01-01 09:00:00", "")
        .story(
            "en/politics/draft.md",
            "Draft",
            "2024-01-01 09:00:00",
            "draft: true",
        )
        .story("en/politics/later.md", "Later", "2031-01-01 09:00:00", "");
    site.cmd("build")
        .expect_stderr_contains("note: left out 1 draft (--drafts includes them) and 1 story dated after now (--future includes them)")
        .run();
    site.cmd("build")
        .args(["--drafts", "--future"])
        .expect_stderr_lacks("left out")
        .run();
}

#[test]
fn upper_case_and_long_markdown_extensions_are_content() {
    let site = Site::fixture();
    site.story("en/politics/NATO.MD", "Upper", "2024-01-01 09:00:00", "")
        .story(
            "en/politics/long.markdown",
            "Long",
            "2024-01-01 09:00:00",
            "",
        );
    site.cmd("build").run();
    assert_eq!(site.page("/en/politics/nato/").text("h1"), "Upper");
    assert_eq!(site.page("/en/politics/long/").text("h1"), "Long");
}

#[test]
fn control_characters_from_yaml_escapes_are_refused() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/nul.md",
        "title: \"Budget \\0 vote\"\ncategory: politics\nwritten: 2024-01-01 09:00:00",
        "Body.",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains(
            "content/en/politics/nul.md:2:1: error: 'title' contains a control character",
        )
        .run();
}

#[test]
fn x_default_falls_back_when_the_default_language_has_no_version() {
    let site = Site::fixture();
    site.story("ko/politics/only.md", "하나", "2024-01-01 09:00:00", "")
        .story("ar/politics/only.md", "واحد", "2024-01-01 09:00:00", "");
    site.cmd("build").run();
    let alternates = site.page("/ko/politics/only/").alternates();
    assert!(
        alternates.contains(&(
            "x-default".to_string(),
            "https://fixture.example/ko/politics/only/".to_string()
        )),
        "{alternates:?}"
    );
}

#[test]
fn spellings_of_one_tag_give_one_link() {
    let site = Site::fixture();
    site.story(
        "en/politics/one.md",
        "One",
        "2024-01-01 09:00:00",
        "tags: [NATO, nato, Nato!]",
    );
    site.cmd("build").run();
    let page = site.page("/en/politics/one/");
    assert_eq!(page.attrs("ul.tags a", "href"), vec!["/en/tags/nato/"]);
}

#[test]
fn the_error_count_matches_the_lines_shown() {
    let site = Site::fixture();
    for n in 0..5 {
        site.story(
            &format!("en/politics/s{n}.md"),
            "S",
            "2024-01-01 09:00:00",
            "",
        );
    }
    site.edit("templates/article.html", |t| {
        t.replace("{{ article.title }}</h1>", "{{ nosuchvar }}</h1>")
    });
    let run = site.cmd("build").expect_failure().run();
    let errors = run.error_lines().len();
    assert_eq!(
        errors, 1,
        "one template error, however many pages use it:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the build failed with 1 error"),
        "{}",
        run.stderr
    );
}

#[test]
fn editors_get_advice_rather_than_parser_words() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/colon.md",
        "title: Budget: the vote\ncategory: politics\nwritten: 2024-01-01 09:00:00",
        "Body.",
    )
    .markdown(
        "en/politics/number.md",
        "title: 2024\ncategory: politics\nwritten: 2024-01-01",
        "Body.",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("must be in quotes")
        .expect_stderr_contains(
            "content/en/politics/number.md:2:1: error: 'title': found integer '2024'; write text",
        )
        .expect_stderr_contains("'2024-01-01' has no time; add it")
        .run();
}

#[test]
fn relative_paths_to_static_files_in_an_article_body_resolve() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/map.md",
        "title: Map\ncategory: politics\nwritten: 2024-01-01 09:00:00",
        "![A map](images/pic.svg) [the map](./images/pic.svg) [a story](other-story/)",
    );
    site.cmd("build")
        .args(["--base-url", "https://x.example/news/"])
        .run();
    let page = site.page("/en/politics/map/");
    assert_eq!(page.attrs(".body img", "src"), vec!["/news/images/pic.svg"]);
    assert_eq!(
        page.attrs(".body a", "href"),
        vec!["/news/images/pic.svg", "other-story/"],
        "a file of static/ gets its site URL; other relative links stay as written"
    );
}
