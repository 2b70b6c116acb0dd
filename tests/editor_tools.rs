//! `newsroom new` and `newsroom check`, run as editors run them, on small sites in temporary
//! folders.

mod support;

use support::{Site, ui_key, walk};

/// `written` of a story that `new` starts: "now", [`support::EPOCH`] (2030-01-01T00:00:00Z), in
/// Asia/Seoul (the test site's zone).
const WRITTEN: &str = "2030-01-01 09:00:00";

const ORIGINAL: &str = "---
title: Korea dan NATO sepakat
category: politics
written: 2023-10-22 15:06:52
summary: Ringkasan.
author: Staf
photo:
  src: images/pic.svg
  alt: Dua bendera
  caption: Di Seoul
  credit: YONHAP
tags: [nato, pertahanan]
editor_pick: true
---

Isi berita dalam bahasa Indonesia.
";

/// A three-language site (id, en, ko) with the repository's templates and UI strings named after
/// their keys, a story in Indonesian and English and one only in Indonesian. Its output goes where
/// `build` puts it by default, `site/public`.
fn site(base_url: &str) -> Site {
    let site = Site::empty().default_out();
    site.copy_templates()
        .copy_static(&["css", "js"])
        .generate_ui_strings(&["id", "en", "ko"], ui_key)
        .write(
            "site.yaml",
            &format!(
                "title: Test News
base_url: {base_url}
default_language: id
timezone: Asia/Seoul
languages:
  - code: id
    name: Bahasa Indonesia
  - code: en
    name: English
  - code: ko
    name: 한국어
categories:
  politics: {{ id: Politik, en: Politics, ko: 정치 }}
  economy: {{ id: Ekonomi, en: Economy, ko: 경제 }}
"
            ),
        )
        .write(
            "static/images/pic.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#,
        )
        .write("content/id/politics/nato-call.md", ORIGINAL)
        .write(
            "content/en/politics/nato-call.md",
            &ORIGINAL.replace("Korea dan NATO sepakat", "Korea and NATO agree"),
        )
        .write(
            "content/id/economy/rate-cut.md",
            "---\ntitle: Suku bunga turun\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\nIsi.\n",
        );
    site
}

/// The headline of an output page, as written (white space inside kept).
fn headline(site: &Site, url: &str) -> String {
    let page = site.page(url);
    page.all("h1")
        .first()
        .unwrap_or_else(|| panic!("no h1 in {url}"))
        .text()
        .collect::<String>()
        .trim()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_writes_a_draft_with_its_front_matter_and_prints_the_path() {
    let site = site("https://news.example/");
    let run = site
        .cmd("new")
        .args(["en/economy/rate-cut", "--title", "Bank cuts rates"])
        .run();
    let path = site.path("content/en/economy/rate-cut.md");
    assert_eq!(run.stdout.trim(), path.display().to_string());
    assert_eq!(
        site.read("content/en/economy/rate-cut.md"),
        format!(
            "---\ntitle: Bank cuts rates\ncategory: economy\nwritten: {WRITTEN}\ndraft: true\n---\n"
        )
    );
    // A draft: left out of a plain build, built with --drafts.
    site.cmd("build").run();
    assert!(!site.out().join("en/economy/rate-cut").exists());
    site.cmd("build").args(["--drafts", "--future"]).run();
    assert_eq!(headline(&site, "/en/economy/rate-cut/"), "Bank cuts rates");
}

#[test]
fn new_slugs_are_normalised() {
    let site = site("https://news.example/");
    site.cmd("new")
        .args(["en/politics/Snap Election", "--title", "x"])
        .run();
    assert!(site.path("content/en/politics/snap-election.md").is_file());
    // Issue 14, item 3: the file name `new` writes follows the slug rule of the build, so a
    // `!` or `%` never reaches a URL.
    site.cmd("new")
        .args([
            "id/economy/Harga beras naik 10%!",
            "--title",
            "Harga beras naik",
        ])
        .run();
    assert!(
        site.path("content/id/economy/harga-beras-naik-10.md")
            .is_file()
    );
    site.cmd("build").arg("--drafts").run();
    assert!(site.exists("/id/economy/harga-beras-naik-10/"));
}

#[test]
fn any_title_round_trips_through_the_real_pipeline() {
    let titles = [
        "Korea: the vote",
        "\"Quoted\" and 'single' quotes",
        "It's 50% # not a comment",
        "- starts like a list",
        "[starts like a flow list]",
        "{starts: like a map}",
        "& anchor * alias ! tag | block > folded",
        "@at `backtick` %percent",
        "yes",
        "null",
        "2024",
        "1e3",
        "0x1F",
        "2023-10-22 15:06:52",
        "---",
        "...",
        "trailing colon:",
        "key: value # comment",
        "Tab\there",
        "Back\\slash \\n not a newline",
        "한국어 제목: 합의",
        "عنوان عربي",
        "emoji 🎉 ok",
        "<script>alert(1)</script>",
    ];
    let site = site("https://news.example/");
    for (n, title) in titles.iter().enumerate() {
        site.cmd("new")
            .args([
                &format!("en/politics/title-{n}"),
                &format!("--title={title}"),
            ])
            .run();
    }
    let build = site.cmd("build").args(["--drafts", "--future"]).run();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    for (n, title) in titles.iter().enumerate() {
        assert_eq!(
            headline(&site, &format!("/en/politics/title-{n}/")),
            *title,
            "{}",
            site.read(&format!("content/en/politics/title-{n}.md"))
        );
    }
}

#[test]
fn new_refuses_to_overwrite() {
    let site = site("https://news.example/");
    let before = site.read("content/id/politics/nato-call.md");
    let run = site
        .cmd("new")
        .args(["id/politics/nato-call", "--title", "x"])
        .expect_failure()
        .run();
    assert!(
        run.stderr
            .contains("content/id/politics/nato-call.md: error: this file already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("content/id/politics/nato-call.md"), before);
}

#[test]
fn new_refuses_unknown_languages_categories_and_bad_slugs() {
    let site = site("https://news.example/");
    for (target, message) in [
        (
            "fr/politics/x",
            "'fr' is not a language of the site (id, en, ko)",
        ),
        (
            "en/politic/x",
            "unknown category 'politic'; did you mean 'politics'?",
        ),
        ("en/politics/..", "bad slug"),
        (
            "en/politics/%!?",
            "bad slug: '%!?' has no letters or digits",
        ),
        ("en/politics", "is not <language code>/<category>/<slug>"),
        (
            "en/politics/x/y",
            "is not <language code>/<category>/<slug>",
        ),
    ] {
        let run = site
            .cmd("new")
            .args([target, "--title", "x"])
            .expect_failure()
            .run();
        assert!(run.stderr.contains(message), "{target}: {}", run.stderr);
    }
    let run = site
        .cmd("new")
        .args(["en/politics/x"])
        .expect_failure()
        .run();
    assert!(run.stderr.contains("--title is required"), "{}", run.stderr);
    // Nothing was written.
    assert_eq!(walk(&site.path("content")).len(), 3);
}

#[test]
fn new_standalone_page() {
    let site = site("https://news.example/");
    site.cmd("new")
        .args(["en/pages/imprint", "--title", "Imprint"])
        .run();
    assert_eq!(
        site.read("content/en/pages/imprint.md"),
        "---\ntitle: Imprint\ndraft: true\n---\n"
    );
    site.cmd("build").args(["--drafts"]).run();
    assert!(site.out().join("en/imprint/index.html").is_file());
}

#[test]
fn translate_copies_what_carries_over_to_the_linked_path() {
    let site = site("https://news.example/");
    let run = site
        .cmd("new")
        .args(["--translate", "content/id/politics/nato-call.md", "ko"])
        .run();
    assert!(
        run.stdout
            .trim()
            .ends_with("content/ko/politics/nato-call.md")
    );
    let text = site.read("content/ko/politics/nato-call.md");
    assert_eq!(
        text,
        "---
title: 'TRANSLATE: Korea dan NATO sepakat'
category: politics
photo:
  src: images/pic.svg
  alt: 'TRANSLATE: Dua bendera'
  caption: 'TRANSLATE: Di Seoul'
  credit: YONHAP
written: 2023-10-22 15:06:52
summary: 'TRANSLATE: Ringkasan.'
tags:
- 'TRANSLATE: nato'
- 'TRANSLATE: pertahanan'
draft: true
---
"
    );
    // Issue 14, item 8: every field a reader sees in the original's language is marked.
    for left in ["author", "editor_pick", "Isi berita"] {
        assert!(!text.contains(left), "{left} was copied");
    }
    // It builds (with --drafts) as the Korean version of the same story.
    site.cmd("build").args(["--drafts"]).run();
    let html = site.read("public/id/politics/nato-call/index.html");
    assert!(
        html.contains(r#"hreflang="ko" href="https://news.example/ko/politics/nato-call/""#),
        "the Indonesian page should name the Korean one as its translation"
    );
    // Published before it is translated, its marked title and summary are warnings.
    site.replace("content/ko/politics/nato-call.md", "draft: true\n", "");
    let check = site.cmd("check").run();
    for line in [
        "content/ko/politics/nato-call.md:2:1: warning: 'title' still starts with 'TRANSLATE:': translate it, or keep 'draft: true' until it is",
        "content/ko/politics/nato-call.md:10:1: warning: 'summary' still starts with 'TRANSLATE:'",
    ] {
        assert!(check.stdout.contains(line), "{line}\n{}", check.stdout);
    }
}

#[test]
fn translate_from_the_site_folder_itself() {
    let site = site("https://news.example/");
    let run = site
        .cmd("new")
        .in_site_folder()
        .args(["--translate", "content/id/economy/rate-cut.md", "en"])
        .run();
    assert_eq!(run.stdout.trim(), "content/en/economy/rate-cut.md");
    assert!(site.path("content/en/economy/rate-cut.md").is_file());
}

#[test]
fn translate_keeps_an_explicit_translation_key() {
    let site = site("https://news.example/");
    site.write("content/id/politics/kunci.md",
        "---\ntitle: Kunci\ncategory: politics\nwritten: 2023-10-22 15:06:52\ntranslation_key: the-key\n---\n",
    );
    site.cmd("new")
        .args([
            "--translate",
            "content/id/politics/kunci.md",
            "en",
            "--title",
            "The key",
        ])
        .run();
    let text = site.read("content/en/politics/kunci.md");
    assert!(text.starts_with("---\ntitle: The key\n"), "{text}");
    assert!(text.contains("translation_key: the-key\n"), "{text}");
}

#[test]
fn translate_refusals() {
    let site = site("https://news.example/");
    for (source, language, message) in [
        (
            "content/id/politics/nato-call.md",
            "en",
            "this file already exists",
        ),
        (
            "content/id/politics/nato-call.md",
            "id",
            "is already in 'id'",
        ),
        (
            "content/id/politics/nato-call.md",
            "fr",
            "'fr' is not a language of the site",
        ),
        ("content/id/politics/nowhere.md", "ko", "does not exist"),
        ("site.yaml", "ko", "is not below content/"),
    ] {
        let run = site
            .cmd("new")
            .args(["--translate", source, language])
            .expect_failure()
            .run();
        assert!(
            run.stderr.contains(message),
            "{source} {language}: {}",
            run.stderr
        );
    }
    assert_eq!(walk(&site.path("content")).len(), 3);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_of_a_clean_site_writes_nothing_and_reports_translations() {
    let site = site("https://news.example/");
    let run = site.cmd("check").run();
    assert!(!site.path("public").exists(), "check wrote the output");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(
        run.stdout.contains(
            "translations:
  id: complete
  en: 1 missing
    economy/rate-cut: in id, from content/id/economy/rate-cut.md
  ko: 2 missing
    economy/rate-cut: in id, from content/id/economy/rate-cut.md
    politics/nato-call: in id, en, from content/id/politics/nato-call.md
"
        ),
        "{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("check: 0 errors, 0 warnings; "), "{last}");
    assert!(
        last.contains("(0 broken); 3 missing translations"),
        "{last}"
    );
}

/// Issue 14, item 2: `check` follows relative links, `#fragments` and `srcset` too.
#[test]
fn check_follows_relative_links_fragments_and_srcset() {
    let site = site("https://news.example/");
    site.edit("site.yaml", |text| {
        format!("{text}markdown:\n  raw_html: true\n")
    });
    site.write(
        "content/en/economy/relative.md",
        "---\ntitle: Relative\ncategory: economy\nwritten: 2023-11-01 10:00\n---\n\n\
         Fine: [up](../) and [to the top](#main) and [note](#footnote-1)[^1].\n\
         Broken: [sibling](../nowhere/) and [a section](#no-such-id)\n\
         <img alt=\"A pic\" src=\"/images/pic.svg\" srcset=\"/images/pic.svg 1x, /images/gone-2x.png 2x\">\n\n\
         [^1]: A note.\n",
    );
    let run = site.cmd("check").expect_failure().run();
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let at = |place: &str, what: &str| {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(place) && l.contains(what)),
            "no {place} {what} in\n{}",
            run.stdout
        );
    };
    at(
        "content/en/economy/relative.md:8:19:",
        "the link to ../nowhere/ points to no page",
    );
    at(
        "content/en/economy/relative.md:8:48:",
        "the page has no element with the id 'no-such-id'",
    );
    at(
        "content/en/economy/relative.md:9:",
        "the image /images/gone-2x.png",
    );
    assert_eq!(errors.len(), 3, "{}", run.stdout);
    assert!(
        run.stdout.lines().last().unwrap().contains("(3 broken)"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_reports_broken_links_and_images_at_their_line() {
    let site = site("https://news.example/");
    site.write(
        "content/en/economy/links.md",
        "---\ntitle: Links\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         Fine: [front](/en/) and [story](/id/politics/nato-call/) and ![pic](/images/pic.svg).\n\
         Broken: [gone](/en/politics/gone/) and\n![](/images/missing.png)\n",
    );
    let run = site.cmd("check").expect_failure().run();
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.contains(": ")).collect();
    assert!(
        lines.contains(
            &"content/en/economy/links.md:8:16: error: the link to /en/politics/gone/ points to no page or file of the site"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(
            &"content/en/economy/links.md:9:5: error: the image /images/missing.png points to no page or file of the site"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.iter().any(|l| l.starts_with("content/en/economy/links.md:9:1: warning: the image /images/missing.png has no alt text")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("check: 2 errors, 1 warning;"),
        "{}",
        run.stdout
    );
    assert!(!site.path("public").exists());
}

#[test]
fn check_reports_build_errors_and_warnings_together() {
    let site = site("https://news.example/");
    site.write(
        "content/en/economy/bad.md",
        "---\ntitle: Bad\ncategory: economi\nwritten: 2023-11-01 10:00:00\nauthr: x\n---\n",
    );
    site.write(
        "content/en/economy/worse.md",
        "---\ntitle: Worse\ncategory: economy\nwritten: soon\n---\n",
    );
    // A story without errors still has its links checked, and a link to a story with errors
    // is reported once, at its line.
    site.write(
        "content/en/economy/fine.md",
        "---\ntitle: Fine\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         See [nothing](/en/nowhere/) and [worse](@/en/economy/worse.md).\n",
    );
    let run = site.cmd("check").expect_failure().run();
    for line in [
        "content/en/economy/bad.md:3:1: error: unknown category 'economi'; did you mean 'economy'?",
        "content/en/economy/bad.md:5:1: warning: unknown field 'authr' is ignored; did you mean 'author'?",
        "content/en/economy/worse.md:4:1: error: 'written': 'soon' is not a date",
        "content/en/economy/fine.md:7:15: error: the link to /en/nowhere/ points to no page or file of the site",
        "content/en/economy/fine.md:7:33: error: the link to content/en/economy/worse.md names a file that is not a story of the site",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert_eq!(
        run.stdout.matches("worse.md names a file").count()
            + run
                .stdout
                .matches("link to content/en/economy/worse.md points")
                .count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("that could be built without the files with errors"),
        "{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("check: 4 errors, 1 warning; ") && last.contains("internal links checked"),
        "{last}"
    );
}

#[test]
fn check_reports_missing_ui_strings_and_category_labels() {
    let site = site("https://news.example/");
    let en = site.read("i18n/en.yaml");
    let first = en.lines().next().unwrap().to_string();
    site.write("i18n/en.yaml", &en.replacen(&format!("{first}\n"), "", 1));
    let yaml = site.read("site.yaml").replace(", ko: 경제 }", " }");
    site.write("site.yaml", &yaml);
    let run = site.cmd("check").run();
    let key = first.split(':').next().unwrap();
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("i18n/en.yaml") && l.contains("warning") && l.contains(key)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("site.yaml") && l.contains("warning") && l.contains("ko")),
        "{}",
        run.stdout
    );
}

#[test]
fn check_follows_the_base_path_and_reports_template_links_once() {
    let site = site("https://news.example/news/");
    // A policy page that does not exist: every page links to it through the consent notice.
    let yaml = site.read("site.yaml") + "consent:\n  policy_url: /en/cookie-policy/\n";
    site.write("site.yaml", &yaml);
    let run = site
        .cmd("check")
        .args(["--format", "json"])
        .expect_failure()
        .run();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["ok"], false);
    assert_eq!(report["complete"], true);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let broken: Vec<&serde_json::Value> = diagnostics
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("/news/en/cookie-policy/")
        })
        .collect();
    assert_eq!(broken.len(), 1, "{diagnostics:#?}");
    let d = broken[0];
    assert_eq!(d["severity"], "error");
    assert!(d["path"].as_str().unwrap().starts_with("public/"), "{d}");
    assert_eq!(d["line"], serde_json::Value::Null);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("it comes from a template or site.yaml"),
        "{d}"
    );
    assert_eq!(report["counts"]["errors"], 1);
    assert_eq!(report["counts"]["warnings"], 0);
    assert!(report["counts"]["links"].as_u64().unwrap() > 50);
    assert!(report["counts"]["broken_links"].as_u64().unwrap() > 1);
    assert_eq!(report["counts"]["missing_translations"], 3);
    let ko = report["missing_translations"]["ko"].as_array().unwrap();
    assert_eq!(ko.len(), 2);
    assert_eq!(ko[1]["key"], "politics/nato-call");
    assert_eq!(ko[1]["kind"], "article");
    assert_eq!(ko[1]["available"], serde_json::json!(["id", "en"]));
    assert_eq!(ko[1]["source"], "content/id/politics/nato-call.md");
    assert_eq!(report["missing_translations"]["id"], serde_json::json!([]));
}

#[test]
fn check_json_for_a_site_that_does_not_load() {
    let site = site("https://news.example/");
    site.write("site.yaml", "title: [\n");
    let run = site
        .cmd("check")
        .args(["--format", "json"])
        .expect_failure()
        .run();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["complete"], false);
    assert_eq!(report["diagnostics"][0]["path"], "site.yaml");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert!(report["diagnostics"][0]["line"].is_u64());
}

#[test]
fn check_warns_of_links_that_leave_a_base_path() {
    let site = site("https://news.example/news/");
    site.write(
        "content/en/economy/links.md",
        "---\ntitle: Links\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         Forgot the base path: [story](/en/politics/nato-call/).\n",
    );
    let run = site.cmd("check").run();
    assert!(
        run.stdout.contains(
            "content/en/economy/links.md:7:31: warning: the link to /en/politics/nato-call/ leaves the site, which is served from /news/; write /news/en/politics/nato-call/"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("check: 0 errors, 1 warning;"),
        "{}",
        run.stdout
    );
}

/// `newsroom init` in the (empty) site folder, with `args`.
fn init(args: &[&str]) -> Site {
    let site = Site::empty().default_out();
    site.cmd("init").in_site_folder().args(args).run();
    site
}

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let site = init(&["--languages", "en,ar", "--title", "Harian: \"Pagi\""]);
    let repo = support::repo_root();
    let bundled = |folder: &str| -> Vec<String> {
        walk(&repo.join(folder))
            .iter()
            .map(|path| {
                path.strip_prefix(&repo)
                    .unwrap()
                    .to_string_lossy()
                    .to_string()
            })
            .collect()
    };
    for file in bundled("templates")
        .into_iter()
        .chain(bundled("static/css"))
        .chain(bundled("static/js"))
    {
        assert!(site.path(&file).is_file(), "{file} was not written");
    }
    assert!(site.path("i18n/en.yaml").is_file() && site.path("i18n/ar.yaml").is_file());
    assert!(
        !site.path("i18n/ko.yaml").exists(),
        "only the languages asked for"
    );
    assert!(
        site.read(".gitignore")
            .lines()
            .any(|line| line == "/public/")
    );

    site.cmd("build").run();
    let story = site.page("/en/news/welcome/");
    assert_eq!(story.text("h1"), "Welcome to your newsroom");
    assert!(story.text("main").contains("content/en/news/welcome.md"));
    assert!(
        site.page("/en/")
            .text("header")
            .contains("Harian: \"Pagi\"")
    );
    let arabic = site.page("/ar/");
    assert_eq!(arabic.attr("html", "dir"), "rtl");
    assert_eq!(arabic.attr("html", "lang"), "ar");

    let check = site.cmd("check").run();
    let last = check.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("check: 0 errors, 0 warnings; "),
        "{}",
        check.stdout
    );
    // The story it suggests translating can be started with the command it prints.
    site.cmd("new")
        .in_site_folder()
        .args(["ar", "--translate", "content/en/news/welcome.md"])
        .run();
    assert!(site.path("content/ar/news/welcome.md").is_file());
}

#[test]
fn init_offers_every_bundled_language() {
    let mut codes: Vec<String> = walk(&support::repo_root().join("i18n"))
        .iter()
        .filter_map(|path| {
            path.file_name()?
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .collect();
    codes.sort();
    let site = init(&["--languages", &codes.join(",")]);
    let check = site.cmd("check").run();
    assert!(
        check.stdout.contains("check: 0 errors, 0 warnings; "),
        "{}",
        check.stdout
    );
    site.cmd("build").run();
    assert!(codes.len() > 1);
    for code in &codes {
        let front = site.page(&format!("/{code}/"));
        assert_eq!(
            front.attr("html", "lang").split('-').next(),
            Some(code.as_str())
        );
    }
    // The story is in the default language, the first one given, and its front page lists it.
    let default = &codes[0];
    let welcome = format!("/{default}/news/welcome/");
    assert!(!site.page(&welcome).text("h1").is_empty());
    assert!(
        !site
            .page(&format!("/{default}/"))
            .all(&format!("a[href$='{welcome}']"))
            .is_empty()
    );
}

#[test]
fn init_refuses_a_folder_in_use_and_unknown_languages() {
    let site = Site::empty();
    site.write("notes.txt", "mine");
    site.cmd("init")
        .in_site_folder()
        .expect_failure()
        .expect_stderr_contains("is not empty (it holds notes.txt); give a new folder")
        .run();
    assert!(!site.path("site.yaml").exists());

    let fresh = Site::empty();
    fresh
        .cmd("init")
        .in_site_folder()
        .args(["--languages", "en,xx"])
        .expect_failure()
        .expect_stderr_contains("there are no bundled UI strings for the language 'xx'")
        .run();
    assert!(!fresh.path("site.yaml").exists());
}

/// A missing fragment on a link by source file is reported where the editor wrote it, as a
/// missing id (the page exists); the same broken address written twice is reported twice.
#[test]
fn check_places_every_broken_link_where_it_is_written() {
    let site = site("https://news.example/");
    site.write(
        "content/en/economy/links.md",
        "---\ntitle: Links\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         See [the call](@/en/politics/nato-call.md#nowhere).\n\n\
         [one](/en/gone/) and again [two](/en/gone/).\n",
    );
    let run = site.cmd("check").expect_failure().run();
    for line in [
        "content/en/economy/links.md:7:16: error: the link to /en/politics/nato-call/#nowhere: the page exists, but has no element with the id 'nowhere'",
        "content/en/economy/links.md:9:7: error: the link to /en/gone/ points to no page or file of the site",
        "content/en/economy/links.md:9:34: error: the link to /en/gone/ points to no page or file of the site",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(
        !run.stdout.contains("public/en/economy/links"),
        "{}",
        run.stdout
    );
}
