//! `newsroom new` and `newsroom check`, run as editors run them, on small sites in temporary
//! folders.

mod support;

use support::{i18n_for, walk};

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// 2023-11-14T22:13:20Z, which is 2023-11-15 07:13:20 in Asia/Seoul (the test site's zone).
const EPOCH: &str = "1700000000";
const WRITTEN: &str = "2023-11-15 07:13:20";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

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

struct Site {
    _dir: TempDir,
    root: PathBuf,
}

fn site(base_url: &str) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for file in walk(&repo().join("templates")) {
        let relative = file
            .strip_prefix(repo())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        write(&root, &relative, &std::fs::read_to_string(&file).unwrap());
    }
    for sub in ["static/css", "static/js"] {
        for file in walk(&repo().join(sub)) {
            let relative = file
                .strip_prefix(repo())
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            std::fs::create_dir_all(root.join(&relative).parent().unwrap()).unwrap();
            std::fs::copy(&file, root.join(&relative)).unwrap();
        }
    }
    let strings = i18n_for(&root.join("templates"));
    for code in ["id", "en", "ko"] {
        write(&root, &format!("i18n/{code}.yaml"), &strings);
    }
    write(
        &root,
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
    );
    write(
        &root,
        "static/images/pic.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#,
    );
    write(&root, "content/id/politics/nato-call.md", ORIGINAL);
    write(
        &root,
        "content/en/politics/nato-call.md",
        &ORIGINAL.replace("Korea dan NATO sepakat", "Korea and NATO agree"),
    );
    write(
        &root,
        "content/id/economy/rate-cut.md",
        "---\ntitle: Suku bunga turun\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\nIsi.\n",
    );
    Site { _dir: dir, root }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn newsroom(root: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    run
}

fn read(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative)).unwrap()
}

/// The text of the first element matching `selector` in an output page.
fn text_of(root: &Path, page: &str, selector: &str) -> String {
    let html = Html::parse_document(&read(root, &format!("public/{page}")));
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no {selector:?} in {page}"))
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
    let run = newsroom(
        &site.root,
        &["new", "en/economy/rate-cut", "--title", "Bank cuts rates"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let path = site.root.join("content/en/economy/rate-cut.md");
    assert_eq!(run.stdout.trim(), path.display().to_string());
    assert_eq!(
        read(&site.root, "content/en/economy/rate-cut.md"),
        format!(
            "---\ntitle: Bank cuts rates\ncategory: economy\nwritten: {WRITTEN}\ndraft: true\n---\n"
        )
    );
    // A draft: left out of a plain build, built with --drafts.
    let build = newsroom(&site.root, &["build"]);
    assert_eq!(build.code, Some(0), "{build:?}");
    assert!(!site.root.join("public/en/economy/rate-cut").exists());
    let build = newsroom(&site.root, &["build", "--drafts", "--future"]);
    assert_eq!(build.code, Some(0), "{build:?}");
    assert_eq!(
        text_of(&site.root, "en/economy/rate-cut/index.html", "h1"),
        "Bank cuts rates"
    );
}

#[test]
fn new_slugs_are_normalised() {
    let site = site("https://news.example/");
    let run = newsroom(
        &site.root,
        &["new", "en/politics/Snap Election", "--title", "x"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        site.root
            .join("content/en/politics/snap-election.md")
            .is_file()
    );
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
        let run = newsroom(
            &site.root,
            &[
                "new",
                &format!("en/politics/title-{n}"),
                &format!("--title={title}"),
            ],
        );
        assert_eq!(run.code, Some(0), "{title:?}: {run:?}");
    }
    let build = newsroom(&site.root, &["build", "--drafts", "--future"]);
    assert_eq!(build.code, Some(0), "{build:?}");
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    for (n, title) in titles.iter().enumerate() {
        assert_eq!(
            text_of(
                &site.root,
                &format!("en/politics/title-{n}/index.html"),
                "h1"
            ),
            *title,
            "{}",
            read(&site.root, &format!("content/en/politics/title-{n}.md"))
        );
    }
}

#[test]
fn new_refuses_to_overwrite() {
    let site = site("https://news.example/");
    let before = read(&site.root, "content/id/politics/nato-call.md");
    let run = newsroom(
        &site.root,
        &["new", "id/politics/nato-call", "--title", "x"],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("content/id/politics/nato-call.md: error: this file already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site.root, "content/id/politics/nato-call.md"), before);
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
        ("en/politics/a..b", "bad slug"),
        ("en/politics/a?b", "bad slug"),
        ("en/politics", "is not <language code>/<category>/<slug>"),
        (
            "en/politics/x/y",
            "is not <language code>/<category>/<slug>",
        ),
    ] {
        let run = newsroom(&site.root, &["new", target, "--title", "x"]);
        assert_eq!(run.code, Some(1), "{target}: {run:?}");
        assert!(run.stderr.contains(message), "{target}: {}", run.stderr);
    }
    let run = newsroom(&site.root, &["new", "en/politics/x"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("--title is required"), "{}", run.stderr);
    // Nothing was written.
    assert_eq!(walk(&site.root.join("content")).len(), 3);
}

#[test]
fn new_standalone_page() {
    let site = site("https://news.example/");
    let run = newsroom(
        &site.root,
        &["new", "en/pages/imprint", "--title", "Imprint"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        read(&site.root, "content/en/pages/imprint.md"),
        "---\ntitle: Imprint\ndraft: true\n---\n"
    );
    let build = newsroom(&site.root, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{build:?}");
    assert!(site.root.join("public/en/imprint/index.html").is_file());
}

#[test]
fn translate_copies_what_carries_over_to_the_linked_path() {
    let site = site("https://news.example/");
    let run = newsroom(
        &site.root,
        &[
            "new",
            "--translate",
            "content/id/politics/nato-call.md",
            "ko",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .trim()
            .ends_with("content/ko/politics/nato-call.md")
    );
    let text = read(&site.root, "content/ko/politics/nato-call.md");
    assert_eq!(
        text,
        "---
title: 'TRANSLATE: Korea dan NATO sepakat'
category: politics
photo:
  src: images/pic.svg
  alt: Dua bendera
  caption: Di Seoul
  credit: YONHAP
written: 2023-10-22 15:06:52
tags:
- nato
- pertahanan
draft: true
---
"
    );
    for left in ["summary", "author", "editor_pick", "Isi berita"] {
        assert!(!text.contains(left), "{left} was copied");
    }
    // It builds (with --drafts) as the Korean version of the same story.
    let build = newsroom(&site.root, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{build:?}");
    let html = read(&site.root, "public/id/politics/nato-call/index.html");
    assert!(
        html.contains(r#"hreflang="ko" href="https://news.example/ko/politics/nato-call/""#),
        "the Indonesian page should name the Korean one as its translation"
    );
}

#[test]
fn translate_from_the_site_folder_itself() {
    let site = site("https://news.example/");
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(["new", "--translate", "content/id/economy/rate-cut.md", "en"])
        .current_dir(&site.root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "content/en/economy/rate-cut.md"
    );
    assert!(site.root.join("content/en/economy/rate-cut.md").is_file());
}

#[test]
fn translate_keeps_an_explicit_translation_key() {
    let site = site("https://news.example/");
    write(
        &site.root,
        "content/id/politics/kunci.md",
        "---\ntitle: Kunci\ncategory: politics\nwritten: 2023-10-22 15:06:52\ntranslation_key: the-key\n---\n",
    );
    let run = newsroom(
        &site.root,
        &[
            "new",
            "--translate",
            "content/id/politics/kunci.md",
            "en",
            "--title",
            "The key",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let text = read(&site.root, "content/en/politics/kunci.md");
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
        let run = newsroom(&site.root, &["new", "--translate", source, language]);
        assert_eq!(run.code, Some(1), "{source} {language}: {run:?}");
        assert!(
            run.stderr.contains(message),
            "{source} {language}: {}",
            run.stderr
        );
    }
    assert_eq!(walk(&site.root.join("content")).len(), 3);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_of_a_clean_site_writes_nothing_and_reports_translations() {
    let site = site("https://news.example/");
    let run = newsroom(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!site.root.join("public").exists(), "check wrote the output");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
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

#[test]
fn check_reports_broken_links_and_images_at_their_line() {
    let site = site("https://news.example/");
    write(
        &site.root,
        "content/en/economy/links.md",
        "---\ntitle: Links\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         Fine: [front](/en/) and [story](/id/politics/nato-call/) and ![pic](/images/pic.svg).\n\
         Broken: [gone](/en/politics/gone/) and\n![](/images/missing.png)\n",
    );
    let run = newsroom(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
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
    assert!(!site.root.join("public").exists());
}

#[test]
fn check_reports_build_errors_and_warnings_together() {
    let site = site("https://news.example/");
    write(
        &site.root,
        "content/en/economy/bad.md",
        "---\ntitle: Bad\ncategory: economi\nwritten: 2023-11-01 10:00:00\nauthr: x\n---\n",
    );
    write(
        &site.root,
        "content/en/economy/worse.md",
        "---\ntitle: Worse\ncategory: economy\nwritten: soon\n---\n",
    );
    let run = newsroom(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    for line in [
        "content/en/economy/bad.md:3:1: error: unknown category 'economi'; did you mean 'economy'?",
        "content/en/economy/bad.md:5:1: warning: unknown field 'authr' is ignored; did you mean 'author'?",
        "content/en/economy/worse.md:4:1: error: 'written': 'soon' is not a date",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(
        run.stdout
            .contains("links and translations were not checked")
    );
    assert_eq!(
        run.stdout.lines().last(),
        Some("check: 2 errors, 1 warning")
    );
}

#[test]
fn check_reports_missing_ui_strings_and_category_labels() {
    let site = site("https://news.example/");
    let en = read(&site.root, "i18n/en.yaml");
    let first = en.lines().next().unwrap().to_string();
    write(
        &site.root,
        "i18n/en.yaml",
        &en.replacen(&format!("{first}\n"), "", 1),
    );
    let yaml = read(&site.root, "site.yaml").replace(", ko: 경제 }", " }");
    write(&site.root, "site.yaml", &yaml);
    let run = newsroom(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
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
    let yaml = read(&site.root, "site.yaml") + "consent:\n  policy_url: /en/cookie-policy/\n";
    write(&site.root, "site.yaml", &yaml);
    let run = newsroom(&site.root, &["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{run:?}");
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
    write(&site.root, "site.yaml", "title: [\n");
    let run = newsroom(&site.root, &["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(report["complete"], false);
    assert_eq!(report["diagnostics"][0]["path"], "site.yaml");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert!(report["diagnostics"][0]["line"].is_u64());
}

#[test]
fn check_warns_of_links_that_leave_a_base_path() {
    let site = site("https://news.example/news/");
    write(
        &site.root,
        "content/en/economy/links.md",
        "---\ntitle: Links\ncategory: economy\nwritten: 2023-11-01 10:00:00\n---\n\n\
         Forgot the base path: [story](/en/politics/nato-call/).\n",
    );
    let run = newsroom(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
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
