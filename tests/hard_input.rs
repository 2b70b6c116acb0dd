//! Hard input: every bad (or merely odd) content file from `tests/hard_input/`, and a few generated
//! ones, dropped into a small site that was built once before. For each case `newsroom build` and
//! `newsroom check` must give the expected exit code and message, and (as every command the harness
//! runs) never panic and finish in time; a failed build must leave the previous output byte for
//! byte.

mod support;

use support::{Site, repo_root, snapshot, ui_key, walk};

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;

/// Where a case's file goes unless it says otherwise.
const ARTICLE: &str = "content/en/politics/case.md";

fn corpus(name: &str) -> Vec<u8> {
    let path = repo_root().join("tests/hard_input").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SITE_YAML: &str = "\
title: Hard Input
base_url: https://hard.example/
default_language: en
timezone: UTC
languages:
  - code: en
    name: English
  - code: id
    name: Bahasa Indonesia
categories:
  politics: { en: Politics, id: Politik }
page_size: 10
";

const GOOD: &str = "---
title: A good story
category: politics
written: 2024-10-21 10:00:00
summary: It builds.
photo:
  src: images/pic.svg
  alt: A square
tags: [one, two]
---

A good body with a [link](/en/politics/).
";

const PIC: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;

/// A small two-language site in a temporary folder, already built once into `site/public/`
/// (where `build` puts it by default).
fn hard_site(extra_settings: &str) -> Site {
    let site = Site::empty().default_out();
    site.copy_templates()
        .copy_static(&["css", "js"])
        .generate_ui_strings(&["en", "id"], ui_key)
        .write("site.yaml", &format!("{SITE_YAML}{extra_settings}"))
        .write("static/images/pic.svg", PIC)
        .write("content/en/politics/good.md", GOOD)
        .write(
            "content/id/politics/good.md",
            &GOOD.replace("A good story", "Berita baik"),
        );
    // The fixture site must build.
    site.cmd("build").run();
    site
}

/// What a case expects: the exit code, and a message line that starts with `at` (a path, or
/// `path:line`) and contains `message`.
struct Expect<'a> {
    code: i32,
    at: &'a str,
    message: &'a str,
}

fn error<'a>(at: &'a str, message: &'a str) -> Expect<'a> {
    Expect {
        code: 1,
        at,
        message,
    }
}

fn warning<'a>(at: &'a str, message: &'a str) -> Expect<'a> {
    Expect {
        code: 0,
        at,
        message,
    }
}

fn accepted<'a>() -> Expect<'a> {
    Expect {
        code: 0,
        at: "",
        message: "",
    }
}

fn has_line(text: &str, expect: &Expect) -> bool {
    let severity = if expect.code == 0 {
        "warning: "
    } else {
        "error: "
    };
    text.lines().any(|line| {
        line.starts_with(expect.at) && line.contains(severity) && line.contains(expect.message)
    })
}

/// Adds `files` to a freshly built site and runs `build` and `check` on it.
fn case_with(settings: &str, files: &[(&str, Vec<u8>)], expect: Expect) -> Site {
    let site = hard_site(settings);
    let before = snapshot(&site.out());
    for (relative, bytes) in files {
        site.write_bytes(relative, bytes);
    }
    expect_outcome(&site, &before, &expect);
    site
}

fn expect_outcome(site: &Site, before: &BTreeMap<String, Vec<u8>>, expect: &Expect) {
    let build = site.cmd("build").expect_code(expect.code).run();
    if !expect.message.is_empty() {
        assert!(
            has_line(&build.stderr, expect),
            "build: no line '{}...{}' in\n{}",
            expect.at,
            expect.message,
            build.stderr
        );
    }
    if expect.code != 0 {
        assert!(
            build.stderr.contains("was left as it was"),
            "{}",
            build.stderr
        );
        assert!(
            snapshot(&site.out()) == *before,
            "a failed build changed the previous output"
        );
    }

    let check = site.cmd("check").expect_code(expect.code).run();
    if !expect.message.is_empty() {
        assert!(
            has_line(&check.stdout, expect),
            "check: no line '{}...{}' in\n{}",
            expect.at,
            expect.message,
            check.stdout
        );
    }
    let last = check.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("check: "), "{}", check.stdout);
}

/// One corpus file at `content/en/politics/case.md`.
fn case(name: &str, expect: Expect) -> Site {
    case_with("", &[(ARTICLE, corpus(name))], expect)
}

// ---------------------------------------------------------------------------------------------
// Front-matter, one rule per case

#[test]
fn no_front_matter() {
    case(
        "no-front-matter.md",
        error(&format!("{ARTICLE}:1:1"), "no front-matter"),
    );
}

#[test]
fn unclosed_front_matter() {
    case(
        "unclosed.md",
        error(ARTICLE, "the front-matter is not closed"),
    );
}

#[test]
fn front_matter_not_yaml() {
    case(
        "not-yaml.md",
        error(ARTICLE, "the front-matter is not valid YAML"),
    );
}

#[test]
fn front_matter_not_a_mapping() {
    case("not-a-mapping.md", error(ARTICLE, "expected a mapping"));
}

#[test]
fn duplicate_key() {
    case("duplicate-key.md", error(ARTICLE, "duplicate key 'title'"));
}

#[test]
fn missing_title() {
    case(
        "missing-title.md",
        error(ARTICLE, "'title' is required and must not be empty"),
    );
}

#[test]
fn blank_title() {
    case(
        "empty-title.md",
        error(&format!("{ARTICLE}:2:1"), "'title' is required"),
    );
}

#[test]
fn title_of_wrong_type() {
    case(
        "title-list.md",
        error(
            &format!("{ARTICLE}:2:1"),
            "'title': found sequence; write text",
        ),
    );
}

#[test]
fn category_of_wrong_type() {
    let site = case(
        "category-list.md",
        error(&format!("{ARTICLE}:3:1"), "'category': found"),
    );
    let run = site.cmd("build").expect_failure().run();
    assert_eq!(run.stderr.matches(": error: ").count(), 1, "{}", run.stderr);
}

#[test]
fn missing_category() {
    case(
        "missing-category.md",
        error(ARTICLE, "'category' is required"),
    );
}

#[test]
fn unknown_category() {
    case(
        "unknown-category.md",
        error(
            &format!("{ARTICLE}:3:1"),
            "unknown category 'politic'; did you mean 'politics'?",
        ),
    );
}

#[test]
fn missing_written() {
    case(
        "missing-written.md",
        error(ARTICLE, "'written' is required"),
    );
}

#[test]
fn written_not_a_date() {
    case(
        "bad-written.md",
        error(&format!("{ARTICLE}:4:1"), "'yesterday' is not a date"),
    );
}

#[test]
fn written_a_number() {
    case(
        "written-number.md",
        error(&format!("{ARTICLE}:4:1"), "'written' must be a date"),
    );
}

#[test]
fn updated_before_written() {
    case(
        "updated-before-written.md",
        error(&format!("{ARTICLE}:5:1"), "is earlier than 'written'"),
    );
}

#[test]
fn updated_not_a_date() {
    case(
        "bad-updated.md",
        error(
            &format!("{ARTICLE}:5:1"),
            "'2024-13-45 10:00:00' is not a date",
        ),
    );
}

#[test]
fn photo_file_missing() {
    case(
        "photo-missing-file.md",
        error(ARTICLE, "'images/nowhere.jpg' does not exist"),
    );
}

#[test]
fn photo_with_script_address() {
    case(
        "photo-script-src.md",
        error(ARTICLE, "must be a path under static/ or an http(s) URL"),
    );
}

#[test]
fn photo_outside_static() {
    case(
        "photo-outside-static.md",
        error(ARTICLE, "must be a path under static/"),
    );
}

#[test]
fn photo_unknown_key() {
    case(
        "photo-unknown-key.md",
        error(ARTICLE, "unknown field 'size'"),
    );
}

#[test]
fn photo_without_src() {
    case("photo-no-src.md", error(ARTICLE, "missing field 'src'"));
}

#[test]
fn photo_without_alt_is_a_warning() {
    case(
        "photo-no-alt.md",
        warning(ARTICLE, "the photo has no 'alt' text"),
    );
}

#[test]
fn tags_not_a_list() {
    case("tags-not-list.md", error(ARTICLE, "'tags': found"));
}

#[test]
fn slug_with_slash() {
    case(
        "slug-with-slash.md",
        error(ARTICLE, "is a path, not one URL segment"),
    );
}

#[test]
fn slug_climbing_out() {
    case("slug-dotdot.md", error(ARTICLE, "'slug'"));
}

/// Issue 14, item 3: URL syntax in a slug is normalised away by the one slug rule, not refused.
#[test]
fn slug_with_url_syntax() {
    let site = case("slug-query.md", accepted());
    assert!(site.exists("/en/politics/a-b-1/"));
}

#[test]
fn file_name_unfit_for_a_slug() {
    case_with(
        "",
        &[("content/en/politics/?!.md", corpus("front-matter-only.md"))],
        error("content/en/politics/?!.md", "the file name gives the slug"),
    );
}

#[test]
fn editor_pick_not_a_bool() {
    case(
        "editor-pick-not-bool.md",
        error(ARTICLE, "'editor_pick': found"),
    );
}

#[test]
fn draft_not_a_bool() {
    case(
        "draft-not-bool.md",
        error(ARTICLE, "'draft': found sequence; write true or false"),
    );
}

#[test]
fn alias_not_from_the_root() {
    case(
        "alias-relative.md",
        error(
            ARTICLE,
            "alias 'old/path': write it as a path from the site root",
        ),
    );
}

#[test]
fn alias_climbing_out() {
    case("alias-escape.md", error(ARTICLE, "'.' or '..' segments"));
}

#[test]
fn alias_on_another_host() {
    case(
        "alias-other-host.md",
        error(ARTICLE, "alias '//evil.example/x'"),
    );
}

#[test]
fn unknown_field_is_a_warning() {
    case(
        "unknown-field.md",
        warning(
            &format!("{ARTICLE}:2:1"),
            "unknown field 'titel' is ignored; did you mean 'title'?",
        ),
    );
}

#[test]
fn two_versions_of_one_story_in_one_language() {
    case(
        "duplicate-translation.md",
        // Reported at the older of the two, naming the other.
        error(
            "content/en/politics/good.md",
            "this and content/en/politics/case.md are both the 'en' version of the story 'politics/good'",
        ),
    );
}

#[test]
fn two_stories_at_one_url() {
    case(
        "same-url.md",
        error(ARTICLE, "writes the same URL /en/politics/good/"),
    );
}

/// A slug cannot hold a `.` since issue 14 (one slug rule), so `index.html` cannot turn the
/// category's page into a folder: it is the story's own `index-html/`.
#[test]
fn slug_that_looks_like_a_page() {
    let site = case("slug-index-html.md", accepted());
    assert!(site.exists("/en/politics/index-html/"));
    assert!(site.exists("/en/politics/"));
}

#[test]
fn alias_that_turns_a_static_file_into_a_folder() {
    case(
        "alias-over-static-file.md",
        error(
            ARTICLE,
            "which needs /css/site.css to be a folder, but static/css/site.css",
        ),
    );
}

#[test]
fn page_with_article_fields() {
    case_with(
        "",
        &[(
            "content/en/pages/about.md",
            corpus("page-with-article-fields.md"),
        )],
        warning("content/en/pages/about.md", "unknown field 'category'"),
    );
}

#[test]
fn article_outside_a_language_folder() {
    case_with(
        "",
        &[("content/stray.md", corpus("front-matter-only.md"))],
        error("content/stray.md", "articles belong in a language folder"),
    );
}

#[test]
fn unknown_language_folder() {
    case_with(
        "",
        &[("content/xx/politics/a.md", corpus("front-matter-only.md"))],
        error("content/xx", "'xx' is not a language of the site"),
    );
}

// ---------------------------------------------------------------------------------------------
// Bytes, sizes and shapes

#[test]
fn invalid_utf8() {
    case(
        "invalid-utf8.md",
        error(&format!("{ARTICLE}:8:1"), "not valid UTF-8"),
    );
}

#[test]
fn nul_byte() {
    case("nul.md", error(&format!("{ARTICLE}:8:1"), "NUL byte"));
}

#[test]
fn empty_file() {
    case(
        "empty.md",
        error(&format!("{ARTICLE}:1:1"), "the file is empty"),
    );
}

#[test]
fn white_space_only_file() {
    case("whitespace-only.md", error(ARTICLE, "the file is empty"));
}

#[test]
fn front_matter_without_body_is_accepted() {
    for name in ["front-matter-only.md", "front-matter-only-no-newline.md"] {
        let site = case(name, accepted());
        assert!(
            site.out().join("en/politics/case/index.html").is_file(),
            "{name}"
        );
    }
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let site = case("bom-crlf.md", accepted());
    let page = std::fs::read_to_string(site.out().join("en/politics/case/index.html")).unwrap();
    assert!(page.contains("Windows"));
}

#[test]
fn billion_laughs() {
    case(
        "billion-laughs.md",
        error(
            &format!("{ARTICLE}:2:4"),
            "'&a' is read as a YAML anchor, which is not accepted (nor are aliases)",
        ),
    );
}

/// Front-matter built to explode, each shape as large as the default file size limit allows
/// (16 MB): serde_yaml's scanner is quadratic in nesting depth and its alias expansion grows with
/// the file, so before the guard in `yaml/guard.rs` these took minutes or gigabytes.
/// `scripts/yaml-bombs.py` is the generator with more shapes and timings.
#[test]
fn front_matter_built_to_explode_is_refused_at_its_place() {
    const SIZE: usize = 15 * 1024 * 1024;
    let head = "---\ntitle: x\ncategory: politics\nwritten: 2024-10-22 15:06:52\n";
    let story = |front_matter: String| format!("{head}{front_matter}\n---\nBody.\n").into_bytes();
    let shapes: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "deep-flow.md",
            story(format!(
                "nested: {}1{}",
                "[".repeat(SIZE / 2),
                "]".repeat(SIZE / 2)
            )),
            ":5:136: error: the front-matter is not valid YAML: it nests too deeply",
        ),
        (
            "deep-map.md",
            story(format!("nested: {}", "{a: ".repeat(SIZE / 4))),
            ":5:517: error: the front-matter is not valid YAML: it nests too deeply",
        ),
        (
            "dashes.md",
            story(format!("nested:\n  {}", "- ".repeat(SIZE / 2))),
            ":6:257: error: the front-matter is not valid YAML: it nests too deeply",
        ),
        (
            "fan-out.md",
            story(format!(
                "a: [{}]\nb: [{}]",
                "x, ".repeat(SIZE / 6),
                "*a, ".repeat(SIZE / 8)
            )),
            ":6:5: error: the front-matter is not valid YAML: '*a' is read as a YAML alias, and aliases are not accepted",
        ),
    ];
    let files: Vec<(String, Vec<u8>)> = shapes
        .iter()
        .map(|(name, bytes, _)| (format!("content/en/politics/{name}"), bytes.clone()))
        .collect();
    let site = hard_site("");
    for (relative, bytes) in &files {
        site.write_bytes(relative, bytes);
    }
    let check = site.cmd("check").expect_failure().run();
    for (name, _, message) in &shapes {
        let expected = format!("content/en/politics/{name}{message}");
        assert!(
            check.stdout.lines().any(|line| line.starts_with(&expected)),
            "no line '{expected}' in\n{}",
            check.stdout
        );
    }
}

#[test]
fn ten_thousand_deep_markdown_is_accepted() {
    let body = format!(
        "{}quoted\n\n{}\n\n{}item\n\n{}x{}\n",
        "> ".repeat(10_000),
        "[".repeat(10_000),
        "* ".repeat(10_000),
        "*".repeat(10_000),
        "*".repeat(10_000)
    );
    let text = format!(
        "---\ntitle: Deep\ncategory: politics\nwritten: 2024-10-22 15:06:52\n---\n\n{body}"
    );
    case_with("", &[(ARTICLE, text.into_bytes())], accepted());
}

fn big_article(bytes: usize) -> Vec<u8> {
    let mut text = String::from(
        "---\ntitle: A long read\ncategory: politics\nwritten: 2024-10-22 15:06:52\n---\n\n",
    );
    let paragraph = "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit, sed do eiusmod \
                     [tempor](https://example.org/) incididunt ut labore et dolore magna aliqua.\n\n";
    while text.len() < bytes {
        text.push_str(paragraph);
    }
    text.into_bytes()
}

#[test]
fn five_megabyte_article_is_accepted() {
    let site = case_with("", &[(ARTICLE, big_article(5 << 20))], accepted());
    let page = site.out().join("en/politics/case/index.html");
    assert!(std::fs::metadata(page).unwrap().len() > 5 << 20);
}

#[test]
fn file_over_the_size_limit() {
    case_with(
        "max_file_size_mb: 1\n",
        &[(ARTICLE, big_article(3 << 19))],
        error(ARTICLE, "over the limit of 1 MB"),
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_loop() {
    let site = hard_site("");
    let before = snapshot(&site.out());
    std::os::unix::fs::symlink("..", site.path("content/en/politics/loop")).unwrap();
    expect_outcome(
        &site,
        &before,
        &error(
            "content/en/politics/loop",
            "points back to a folder that contains it",
        ),
    );
}

#[test]
fn files_that_are_not_markdown_are_ignored() {
    let site = case_with(
        "",
        &[
            (
                "content/en/politics/notes.txt",
                b"title: not an article".to_vec(),
            ),
            (
                "content/en/politics/photo.png",
                vec![0x89, b'P', b'N', b'G', 0, 0xff],
            ),
            ("content/en/politics/README", b"\xff\xfe binary".to_vec()),
            ("content/en/politics/draft.md~", b"\0backup".to_vec()),
            ("content/en/politics/.hidden.md", b"\0hidden".to_vec()),
            ("content/en/.DS_Store", b"\0\0\0\x01Bud1".to_vec()),
            ("content/notes.txt", b"stray".to_vec()),
        ],
        accepted(),
    );
    for file in walk(&site.out()) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !["notes.txt", "photo.png", "README", "draft.md~", ".DS_Store"]
                .contains(&name.as_str()),
            "{} was copied",
            file.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Script injection

/// No script element but the templates' own (`src` below `/js/`, no inline code), no `on*`
/// attribute, and no script-capable address in any `href`, `src` or `action`.
fn assert_no_live_script(file: &Path, html: &str) {
    let document = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for element in document.select(&all) {
        let value = element.value();
        if value.name() == "script" {
            let src = value.attr("src").unwrap_or_default();
            let inline: String = element.text().collect();
            let data = value.attr("type") == Some("application/ld+json")
                || value.attr("type") == Some("text/plain");
            assert!(
                (src.starts_with("/js/") && inline.trim().is_empty())
                    || (data && !inline.contains("</")),
                "{}: script element {:?}",
                file.display(),
                element.html()
            );
        }
        for (name, attribute) in value.attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{}: event handler {name}={attribute:?} on <{}>",
                file.display(),
                value.name()
            );
            if ["href", "src", "action", "formaction", "srcset", "data"].contains(&name) {
                let compact: String = attribute
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !compact.starts_with(scheme),
                        "{}: {name}={attribute:?}",
                        file.display()
                    );
                }
            }
        }
        assert!(
            !["iframe", "object", "embed", "svg"].contains(&value.name()),
            "{}: <{}> element from content",
            file.display(),
            value.name()
        );
    }
}

#[test]
fn script_injection_in_every_field_and_in_markdown() {
    let xss = corpus("xss.md");
    // The other versions without the aliases, which only one story may claim.
    let text = String::from_utf8(xss.clone()).unwrap();
    let no_aliases = text.replace("aliases: ['/old/\"><script>alert(1)</script>/']\n", "");
    assert_ne!(text, no_aliases);
    let page = no_aliases
        .replace(
            "translation_key: '\"><script>alert(\"key\")</script>'\n",
            "",
        )
        .replace("category: politics\n", "");
    let site = case_with(
        "",
        &[
            (ARTICLE, xss),
            (
                "content/id/politics/case.md",
                no_aliases.clone().into_bytes(),
            ),
            ("content/en/pages/xss.md", page.into_bytes()),
        ],
        accepted(),
    );
    let mut html_files = 0;
    let mut saw_title = false;
    for file in walk(&site.out()) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        if file.extension().is_some_and(|e| e == "html") {
            html_files += 1;
            assert_no_live_script(&file, &text);
            saw_title |= text
                .contains("&lt;script&gt;alert(&quot;title&quot;)&lt;&#x2F;script&gt;")
                || text.contains("&lt;script&gt;alert(\"title\")&lt;/script&gt;")
                || text.contains("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;");
        } else {
            // Feeds, sitemaps, redirects: nothing from the content may arrive unescaped.
            for raw in [
                "<script>alert",
                "<img src=x onerror",
                "<svg onload",
                "<iframe",
            ] {
                assert!(!text.contains(raw), "{}: raw {raw:?}", file.display());
            }
        }
    }
    assert!(html_files > 5);
    assert!(saw_title, "the story's title should be shown, escaped");
}

// ---------------------------------------------------------------------------------------------
// Inputs found by the fuzz target (`fuzz/`): each file in tests/hard_input/fuzz/ is one, in the
// target's format (the first byte chooses `markdown.raw_html`, the rest is the content file).

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = repo_root().join("tests/hard_input/fuzz");
    let findings = walk(&dir);
    assert!(!findings.is_empty());
    for file in findings {
        let data = std::fs::read(&file).unwrap();
        let Some((&flag, bytes)) = data.split_first() else {
            continue;
        };
        let raw_html = flag & 1 == 1;
        let run = std::panic::catch_unwind(|| newsroom::process_bytes(bytes, raw_html));
        let (_, html) = run.unwrap_or_else(|_| panic!("{} panics", file.display()));
        if !raw_html {
            assert_no_live_script(&file, &html);
        }
    }
}

/// Issue 14, hard input: what editors leave beside stories (swap and lock files, backups, a
/// symbolic link to nothing whose name ends in `.md`) never breaks a build and is never published.
#[test]
fn editor_leftovers_beside_stories_are_ignored() {
    let site = hard_site("");
    let folder = site.path("content/en/politics");
    for name in [
        ".good.md.swp",
        ".#good.md",
        ".~lock.good.md#",
        "~$good.md",
        "#good.md#",
        "good.md~",
        ".hidden.md",
    ] {
        std::fs::write(folder.join(name), b"\0 not a story").unwrap();
    }
    std::os::unix::fs::symlink(folder.join("moved-away.md"), folder.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x", folder.join(".#lock.md")).unwrap();
    let build = site.cmd("build").run();
    assert_eq!(build.stderr.trim(), "", "{}", build.stderr);
    let published: Vec<String> = walk(&site.out())
        .into_iter()
        .map(|path| path.to_string_lossy().into_owned())
        .filter(|path| path.contains("good.md") || path.contains("dangling") || path.contains('~'))
        .collect();
    assert!(published.is_empty(), "{published:?}");
    assert!(site.exists("/en/politics/good/"));
    let check = site.cmd("check").run();
    assert!(
        check.stdout.contains("check: 0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
}
