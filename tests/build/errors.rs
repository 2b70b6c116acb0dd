//! Issue 2: bad input. Every problem is reported as `path:line:col: error: message` (the path
//! relative to the site root), all of a build's problems together, exit code 1, and the previous
//! output is left byte for byte as it was.

use crate::support::*;

/// A small valid site: two stories, one translated.
fn good_site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/good.md",
        "Good story",
        "2024-10-22 15:06:52",
        "",
    );
    site.story(
        "ko/politics/good.md",
        "좋은 기사",
        "2024-10-22 16:00:00",
        "",
    );
    site
}

/// Builds a good site, then breaks it with `breakage` and builds again: the build must fail with
/// exit code 1, print no summary line, leave the previous output byte for byte and leave no
/// staging folder behind. Returns the failed run for the message checks.
fn fails_keeping_output(breakage: impl FnOnce(&Site)) -> Run {
    let site = good_site();
    site.cmd("build").run();
    let before = snapshot(&site.out());
    assert!(before.contains_key("en/politics/good/index.html"));
    breakage(&site);
    let run = site.cmd("build").expect_failure().run();
    assert!(
        !run.stdout.contains("built "),
        "a failed build printed a summary: {}",
        run.stdout
    );
    assert_same_files(&before, &snapshot(&site.out()), "the previous output");
    assert_eq!(
        site.parent_entries(),
        vec![".public.newsroom", "public", "site"],
        "leftovers beside the output (the build cache is no leftover)"
    );
    eprintln!("{}", run.stderr);
    run
}

/// Asserts the run reported exactly `count` errors, each on its own line and in the final count.
fn assert_error_count(run: &Run, count: usize) {
    assert_eq!(run.error_lines().len(), count, "{}", run.stderr);
    let noun = if count == 1 { "error" } else { "errors" };
    let total = format!("the build failed with {count} {noun}");
    assert!(run.stderr.contains(&total), "{total:?}\n{}", run.stderr);
}

/// The one error line that starts with `prefix` (`content/en/x.md:3:1: error: `); returns it.
fn error_at<'a>(run: &'a Run, prefix: &str) -> &'a str {
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(prefix))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "expected one line starting with {prefix:?}\n--- stderr\n{}",
        run.stderr
    );
    lines[0]
}

#[test]
fn malformed_yaml() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/bad.md",
            "title: Bad\ncategory: politics\nwritten: 2024-10-22 15:06:52\ntags: [one, two",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/bad.md:");
    assert!(line.contains("YAML"), "{line}");
    assert_error_count(&run, 1);
}

#[test]
fn front_matter_without_closing_dashes() {
    let run = fails_keeping_output(|site| {
        site.write(
            "content/en/politics/open.md",
            "---\ntitle: Open\ncategory: politics\nwritten: 2024-10-22 15:06:52\n\nBody.\n",
        );
    });
    let line = error_at(&run, "content/en/politics/open.md:1:1: error: ");
    assert!(line.contains("not closed"), "{line}");
    assert_error_count(&run, 1);
}

#[test]
fn missing_title() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/untitled.md",
            "category: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/untitled.md:");
    assert!(line.contains("'title'"), "{line}");
}

#[test]
fn unknown_category_with_a_suggestion() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/typo.md",
            "title: Typo\ncategory: politcs\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/typo.md:3:1: error: ");
    assert!(line.contains("'politcs'"), "{line}");
    assert!(line.contains("did you mean 'politics'?"), "{line}");
    assert_error_count(&run, 1);
}

#[test]
fn unknown_language_folder() {
    let run = fails_keeping_output(|site| {
        site.story(
            "fr/politics/bonjour.md",
            "Bonjour",
            "2024-10-22 15:06:52",
            "",
        );
        site.story("fr/politics/salut.md", "Salut", "2024-10-22 15:06:52", "");
    });
    let line = error_at(&run, "content/fr");
    assert!(line.contains("'fr'"), "{line}");
    assert!(line.contains("site.yaml"), "{line}");
    // One error for the folder, not one per file.
    assert_error_count(&run, 1);
}

#[test]
fn bad_date() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/when.md",
            "title: When\ncategory: politics\nsummary: s\nwritten: 2024-13-45 10:00:00",
            "Body.",
        );
        site.markdown(
            "en/economy/words.md",
            "title: Words\ncategory: economy\nwritten: yesterday",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/when.md:5:1: error: ");
    assert!(line.contains("2024-13-45 10:00:00"), "{line}");
    let line = error_at(&run, "content/en/economy/words.md:4:1: error: ");
    assert!(line.contains("'yesterday'"), "{line}");
    assert_error_count(&run, 2);
}

#[test]
fn updated_before_written() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/backwards.md",
            "title: Backwards\ncategory: politics\nwritten: 2024-10-22 15:06:52\nupdated: 2024-10-22 15:06:51",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/backwards.md:5:1: error: ");
    assert!(line.contains("'updated'"), "{line}");
    assert!(line.contains("earlier than 'written'"), "{line}");
    assert_error_count(&run, 1);
}

#[test]
fn missing_photo_file() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/photo.md",
            "title: Photo\ncategory: politics\nwritten: 2024-10-22 15:06:52\nphoto:\n  src: images/nowhere.jpg\n  alt: Nothing",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/photo.md:5:1: error: ");
    assert!(line.contains("images/nowhere.jpg"), "{line}");
    assert!(line.contains("does not exist"), "{line}");
    assert_error_count(&run, 1);
}

#[test]
fn slug_with_dot_dot() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/escape.md",
            "title: Escape\ncategory: politics\nwritten: 2024-10-22 15:06:52\nslug: ../../etc",
            "Body.",
        );
        site.markdown(
            "en/politics/dots.md",
            "title: Dots\nslug: ..\ncategory: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/escape.md:5:1: error: ");
    assert!(line.contains("'slug'"), "{line}");
    let line = error_at(&run, "content/en/politics/dots.md:3:1: error: ");
    assert!(line.contains("would leave the folder"), "{line}");
    assert_error_count(&run, 2);
}

#[test]
fn two_files_writing_one_url_are_both_named() {
    let run = fails_keeping_output(|site| {
        site.story(
            "en/politics/first.md",
            "First",
            "2024-10-22 15:06:52",
            "slug: same",
        );
        site.story(
            "en/politics/second.md",
            "Second",
            "2024-10-22 15:06:53",
            "slug: Same",
        );
    });
    let first = error_at(&run, "content/en/politics/first.md");
    assert!(first.contains("content/en/politics/second.md"), "{first}");
    assert!(first.contains("/en/politics/same/"), "{first}");
    let second = error_at(&run, "content/en/politics/second.md");
    assert!(second.contains("content/en/politics/first.md"), "{second}");
}

#[test]
fn a_story_whose_slug_takes_a_standalone_page_url_is_named_too() {
    let run = fails_keeping_output(|site| {
        site.markdown("en/pages/politics.md", "title: About politics", "Body.");
    });
    assert!(
        run.stderr.contains("content/en/pages/politics.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("/en/politics/"), "{}", run.stderr);
}

/// The 1-based line of the first line of a fixture file that contains `needle`.
fn line_of(site: &Site, relative: &str, needle: &str) -> usize {
    site.read(relative)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {relative}"))
        + 1
}

#[test]
fn template_syntax_error_names_the_template_line_and_column() {
    let mut expected = 0;
    let run = fails_keeping_output(|site| {
        expected = line_of(site, "templates/article.html", "{{ article.title }}</h1>");
        site.replace(
            "templates/article.html",
            "{{ article.title }}</h1>",
            "{{ article.title </h1>",
        );
    });
    let line = error_at(&run, &format!("templates/article.html:{expected}:"));
    // `templates/article.html:LINE:COL: error: ...`
    let column = line.split(':').nth(2).unwrap();
    assert!(column.parse::<usize>().is_ok_and(|c| c > 0), "{line}");
    assert!(line.contains(": error: "), "{line}");
}

#[test]
fn template_errors_at_render_time_name_the_template_too() {
    let mut expected = 0;
    let run = fails_keeping_output(|site| {
        expected = line_of(site, "templates/article.html", "{{ article.title }}</h1>");
        site.replace(
            "templates/article.html",
            "{{ article.title }}</h1>",
            "{{ article.title | no_such_filter }}</h1>",
        );
    });
    assert!(
        run.stderr
            .contains(&format!("templates/article.html:{expected}:")),
        "{}",
        run.stderr
    );
}

/// Issue 14, item 13: the commonest template mistakes, in three templates at once, each at its
/// place with a hint: a misspelt filter, a misspelt tag, and a block left open.
#[test]
fn template_mistakes_get_hints_and_are_reported_together() {
    let mut lines = (0, 0, 0);
    let run = fails_keeping_output(|site| {
        lines.0 = line_of(site, "templates/article.html", "{{ article.title }}</h1>");
        site.replace(
            "templates/article.html",
            "{{ article.title }}</h1>",
            "{{ article.title | uper }}</h1>",
        );
        let base = site.read("templates/base.html");
        let first_end = base.find("{% endblock").expect("base.html has blocks");
        lines.1 = base[..first_end].matches('\n').count() + 1;
        site.write(
            "templates/base.html",
            &base.replacen("{% endblock", "{% endblok", 1),
        );
        let page = site.read("templates/page.html");
        let last_end = page.rfind("{% endblock").expect("page.html has a block");
        let opener = page[..last_end].rfind("{% block ").unwrap();
        lines.2 = page[..opener].matches('\n').count() + 1;
        let closed = last_end + page[last_end..].find("%}").unwrap() + 2;
        site.write(
            "templates/page.html",
            &format!("{}{}", &page[..last_end], &page[closed..]),
        );
    });
    let filter = error_at(&run, &format!("templates/article.html:{}:", lines.0));
    assert!(
        filter.ends_with("Unknown filter `uper`; did you mean `upper`?"),
        "{filter}"
    );
    let tag = error_at(&run, &format!("templates/base.html:{}:", lines.1));
    assert!(
        tag.ends_with("`endblok` is no tag; did you mean `endblock`?"),
        "{tag}"
    );
    let open = error_at(&run, "templates/page.html:");
    assert!(
        open.contains("the template ends inside the `{% block ")
            && open.contains(&format!(
                "of line {}: close it with `{{% endblock %}}`",
                lines.2
            )),
        "{open}"
    );
    assert_error_count(&run, 3);
}

/// A site made before newsroom had a page kind (search, say) lacks its template: the build says
/// which, and how to get it.
#[test]
fn a_template_a_page_kind_needs_is_named_when_missing() {
    let run = fails_keeping_output(|site| {
        site.remove("templates/search.html");
    });
    let line = error_at(&run, "templates/search.html: error: ");
    assert!(
        line.ends_with("this template is missing, and the site's search pages need it: add it (or set 'search: false' in site.yaml); `newsroom init` writes the standard one into a new folder to copy from"),
        "{line}"
    );
    assert_error_count(&run, 1);
}

#[test]
fn unknown_site_yaml_key() {
    let run = fails_keeping_output(|site| {
        site.replace("site.yaml", "page_size: 20", "page_size: 20\npage_sise: 10");
    });
    let line = error_at(&run, "site.yaml:");
    assert!(line.contains("page_sise"), "{line}");
    let number = line.split(':').nth(1).unwrap();
    assert!(number.parse::<usize>().is_ok(), "no line number: {line}");
}

#[test]
fn ui_string_missing_in_the_default_language() {
    let run = fails_keeping_output(|site| {
        site.edit("i18n/en.yaml", |text| {
            text.lines()
                .filter(|l| !l.starts_with("go_top:"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
    });
    let line = error_at(&run, "templates/base.html:");
    assert!(line.contains("'go_top'"), "{line}");
    assert!(line.contains("i18n/en.yaml"), "{line}");
}

#[test]
fn all_errors_of_several_bad_files_are_reported_together() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/yaml.md",
            "title: [broken\ncategory: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
        site.markdown(
            "ko/politics/notitle.md",
            "category: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
        site.markdown(
            "ar/economy/cat.md",
            "title: Cat\ncategory: econmy\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
        site.markdown(
            "en/economy/date.md",
            "title: Date\ncategory: economy\nwritten: 2024-02-30 10:00:00",
            "Body.",
        );
        site.markdown(
            "en/economy/photo.md",
            "title: Photo\ncategory: economy\nwritten: 2024-10-22 15:06:52\nphoto: { src: images/missing.png }",
            "Body.",
        );
    });
    error_at(&run, "content/en/politics/yaml.md:");
    error_at(&run, "content/ko/politics/notitle.md:1:1: error: ");
    error_at(&run, "content/ar/economy/cat.md:3:1: error: ");
    error_at(&run, "content/en/economy/date.md:4:1: error: ");
    error_at(&run, "content/en/economy/photo.md:5:1: error: ");
    assert_error_count(&run, 5);
    // Sorted by file, so the report reads the same every time.
    let paths: Vec<&str> = run
        .error_lines()
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn other_bad_inputs_are_errors_with_their_place() {
    let run = fails_keeping_output(|site| {
        site.write("content/en/politics/empty.md", "");
        site.markdown(
            "stray.md",
            "title: Stray\ncategory: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
        site.write(
            "content/en/politics/nofront.md",
            "Just text, no front-matter.\n",
        );
        site.write_bytes(
            "content/en/politics/latin1.md",
            b"---\ntitle: Caf\xe9\ncategory: politics\nwritten: 2024-10-22 15:06:52\n---\n\nBody.\n",
        );
        site.markdown(
            "en/politics/nowritten.md",
            "title: No date\ncategory: politics",
            "Body.",
        );
        site.markdown(
            "en/politics/slash.md",
            "title: Slash\ncategory: politics\nwritten: 2024-10-22 15:06:52\nslug: a/b",
            "Body.",
        );
        site.markdown(
            "en/politics/evilphoto.md",
            "title: Evil\ncategory: politics\nwritten: 2024-10-22 15:06:52\nphoto:\n  src: ../site.yaml",
            "Body.",
        );
    });
    error_at(&run, "content/en/politics/empty.md:1:1: error: ");
    error_at(&run, "content/en/politics/nofront.md:1:1: error: ");
    error_at(&run, "content/en/politics/latin1.md:2:1: error: ");
    error_at(&run, "content/en/politics/nowritten.md:");
    error_at(&run, "content/en/politics/slash.md:5:1: error: ");
    error_at(&run, "content/en/politics/evilphoto.md:5:1: error: ");
    let line = error_at(&run, "content/stray.md");
    assert!(line.contains("language"), "{line}");
    assert_error_count(&run, 7);
}

#[test]
fn a_field_of_the_wrong_type_is_one_error_at_its_line() {
    let run = fails_keeping_output(|site| {
        site.markdown(
            "en/politics/list.md",
            "title: [a, b]\ncategory: politics\nwritten: 2024-10-22 15:06:52",
            "Body.",
        );
    });
    let line = error_at(&run, "content/en/politics/list.md:2:1: error: ");
    assert!(line.contains("'title'"), "{line}");
    // The title is there, of the wrong type: saying it is missing would mislead.
    assert_error_count(&run, 1);
}

#[test]
fn the_library_reports_the_same_diagnostics() {
    let site = good_site();
    site.markdown(
        "en/politics/typo.md",
        "title: Typo\ncategory: politcs\nwritten: 2024-10-22 15:06:52",
        "Body.",
    );
    let options = newsroom::BuildOptions {
        root: site.root(),
        out: Some(site.out()),
        selection: newsroom::Selection {
            drafts: false,
            future: false,
            now: chrono::DateTime::from_timestamp(epoch(), 0).unwrap(),
        },
        base_url: None,
        clean: false,
        photos_of: None,
    };
    let diagnostics = match newsroom::build(&options, &newsroom::Silent) {
        Ok(_) => panic!("the build should fail"),
        Err(diagnostics) => diagnostics,
    };
    let lines: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/en/politics/typo.md:3:1: error: unknown category 'politcs'"),
        "{lines:?}"
    );
    assert!(!site.out().exists(), "a failed build wrote the output");
}

#[test]
fn an_output_folder_inside_the_sources_is_refused() {
    let site = good_site();
    let before = snapshot(&site.root());
    site.cmd("build")
        .out(site.path("content/public"))
        .expect_failure()
        .expect_stderr_contains("content/")
        .run();
    assert_same_files(&before, &snapshot(&site.root()), "the site folder");
}

#[test]
fn a_bad_base_url_is_an_error_and_keeps_the_output() {
    let site = good_site();
    site.cmd("build").run();
    let before = snapshot(&site.out());
    let run = site
        .cmd("build")
        .args(["--base-url", "ftp://x.example/news/"])
        .expect_failure()
        .run();
    let line = error_at(&run, "--base-url: error: ");
    assert!(line.contains("ftp://x.example/news/"), "{line}");
    assert_same_files(&before, &snapshot(&site.out()), "the previous output");
}

/// Issue 14, item 9: the smaller things editors hit first, each at its place with a hint.
#[test]
fn settings_typos_tabs_duplicate_keys_aliases_and_alt_text_are_reported_at_their_place() {
    let site = Site::fixture();
    site.edit("site.yaml", |text| {
        text.replace("timezone: Asia/Seoul", "timezone: Asia/Seul")
    });
    let run = site.cmd("build").expect_failure().run();
    let line = run.stderr_line("Asia/Seul");
    assert!(line.starts_with("site.yaml:4:1: error: "), "{line}");
    assert!(line.ends_with("did you mean 'Asia/Seoul'?"), "{line}");
    site.edit("site.yaml", |text| {
        format!("{}pagesize: 5\n", text.replace("Asia/Seul", "Asia/Seoul"))
    });
    let run = site.cmd("build").expect_failure().run();
    assert!(
        run.stderr_line("pagesize")
            .ends_with("did you mean 'page_size'?"),
        "{}",
        run.stderr
    );
    site.edit("site.yaml", |text| text.replace("pagesize: 5\n", ""));

    site.write(
        "content/en/politics/tab.md",
        "---\ntitle: Tab\ncategory: politics\n\twritten: 2024-10-22 15:06\n---\n\nBody.\n",
    );
    site.markdown(
        "en/politics/twice.md",
        "title: Once\ncategory: politics\ntitle: Twice\nwritten: 2024-10-22 15:06",
        "Body.",
    );
    let run = site.cmd("build").expect_failure().run();
    let tab = run.stderr_line("tab.md");
    assert!(
        tab.starts_with("content/en/politics/tab.md:4:1: error: "),
        "{tab}"
    );
    assert!(tab.contains("indent with spaces"), "{tab}");
    let twice = run.stderr_line("twice.md");
    assert!(
        twice.starts_with("content/en/politics/twice.md:4:1: error: "),
        "{twice}"
    );
    assert!(twice.contains("duplicate key 'title'"), "{twice}");
    site.remove("content/en/politics/tab.md")
        .remove("content/en/politics/twice.md");

    site.story(
        "en/politics/first.md",
        "First",
        "2024-10-22 15:06",
        "aliases: [/old/]",
    );
    site.story(
        "en/politics/second.md",
        "Second",
        "2024-10-22 15:05",
        "aliases:\n  - /other/\n  - /old/\nphoto:\n  src: images/pic.svg\n  alt: \"\"",
    );
    let run = site.cmd("build").expect_failure().run();
    let alias = run.stderr_line("is also an alias");
    assert!(
        alias.starts_with("content/en/politics/second.md:7:1: error: the alias /old/"),
        "{alias}"
    );
    let alt = run.stderr_line("no 'alt' text");
    assert!(
        alt.starts_with("content/en/politics/second.md:10:1: warning: "),
        "{alt}"
    );
}

/// Issue 14, item 9: a command run in a sub-folder of the site finds site.yaml upward.
#[test]
fn commands_find_the_site_from_a_sub_folder() {
    let site = Site::fixture().default_out();
    site.story("en/politics/here.md", "Here", "2024-10-22 15:06", "");
    site.cmd("build").in_sub_folder("content/en/politics").run();
    assert!(site.exists("/en/politics/here/"));
    // `check -q`: errors (the fixture has no cookie-policy page) and the last line only.
    let run = site
        .cmd("check")
        .arg("-q")
        .in_sub_folder("content")
        .expect_failure()
        .run();
    assert!(
        run.stdout
            .lines()
            .all(|l| l.contains(": error: ") || l.starts_with("check: ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("cookie-policy"), "{}", run.stdout);
}
