//! Input the build tolerates: a byte-order mark and CRLF line endings (in content, settings and UI
//! strings), an unknown front-matter field (a warning), a UI string missing in one language (the
//! default language's text, with a warning), and RFC 3339 times in any offset.

use crate::support::*;

#[test]
fn files_with_a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let site = Site::fixture();
    site.write(
        "content/en/politics/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ncategory: politics\r\nwritten: 2024-10-22 15:06:52\r\nupdated: 2024-10-22 15:08:35\r\nsummary: A summary\r\n---\r\n\r\nFirst line\r\nsame paragraph.\r\n\r\nSecond paragraph.\r\n",
    );
    let run = site.cmd("build").run();
    assert_eq!(run.stderr.trim(), "", "no warnings expected");
    let doc = site.page("/en/politics/windows/");
    assert_eq!(doc.text("main h1"), "Written on Windows");
    assert_eq!(doc.attr("meta[name=description]", "content"), "A summary");
    assert_eq!(
        doc.attrs("main time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    let body = doc.texts("main article p");
    assert!(
        body.contains(&"First line same paragraph.".to_string()),
        "{body:?}"
    );
    assert!(body.contains(&"Second paragraph.".to_string()), "{body:?}");
    assert!(!doc.source.contains('\r'));
    assert!(!doc.source.contains('\u{feff}'));
}

#[test]
fn an_unknown_front_matter_field_is_a_warning_with_a_suggestion() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/typo.md",
        "title: Typo\ncategory: politics\nwritten: 2024-10-22 15:06:52\nsumary: Misspelt",
        "Body.",
    );
    let run = site.cmd("build").run();
    let line = run.stderr_line("sumary");
    assert!(
        line.starts_with("content/en/politics/typo.md:5:1: warning: "),
        "{line}"
    );
    assert!(line.contains("did you mean 'summary'?"), "{line}");
    assert!(site.exists("/en/politics/typo/"));
    assert!(parse_summary(run.last_stdout_line()).is_some());
}

#[test]
fn a_ui_string_missing_in_another_language_falls_back_with_a_warning() {
    let site = Site::fixture();
    site.edit("i18n/ko.yaml", |text| {
        text.lines()
            .filter(|l| !l.starts_with("go_top:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    site.story("ko/politics/a.md", "기사", "2024-01-01 00:00:00", "");
    let run = site.cmd("build").run();
    let line = run.stderr_line("go_top");
    assert!(line.starts_with("i18n/ko.yaml"), "{line}");
    assert!(line.contains("warning:"), "{line}");
    // The English (default language) text stands in.
    assert_eq!(
        site.page("/ko/politics/a/").text("a[href=\"#top\"]"),
        "Back to top"
    );
    assert_eq!(site.page("/ko/").text("a[href=\"#top\"]"), "Back to top");
    assert_eq!(site.page("/ko/").text("a[href=\"#menu\"]"), "메뉴 바로가기");
}

#[test]
fn settings_and_ui_strings_with_a_byte_order_mark_and_crlf_are_accepted() {
    let site = Site::fixture();
    for file in ["site.yaml", "i18n/en.yaml", "i18n/ko.yaml"] {
        site.edit(file, |text| {
            format!("\u{feff}{}", text.replace('\n', "\r\n"))
        });
    }
    site.story("en/politics/a.md", "Story", "2024-10-22 15:06:52", "");
    let run = site.cmd("build").run();
    assert_eq!(run.stderr.trim(), "", "no warnings expected");
    let doc = site.page("/en/politics/a/");
    assert_eq!(doc.text("head title"), "Story | Fixture News");
    assert_eq!(doc.text("a[href=\"#top\"]"), "Back to top");
    assert_eq!(site.page("/ko/").text("a[href=\"#top\"]"), "맨 위로");
}

#[test]
fn rfc3339_times_are_shown_in_each_languages_time_zone() {
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "    dir: rtl\n",
        "    dir: rtl\n    timezone: Asia/Riyadh\n    date_format: \"%d/%m/%Y %H:%M\"\n",
    );
    site.story(
        "en/politics/utc.md",
        "UTC story",
        "2024-10-22T06:06:52Z",
        "updated: 2024-10-22T15:08:35+09:00",
    );
    site.story(
        "ar/politics/utc.md",
        "UTC story",
        "2024-10-22T06:06:52Z",
        "",
    );
    site.cmd("build").run();
    let english = site.page("/en/politics/utc/");
    assert_eq!(
        english.attrs("main time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    // English sets no date format: its CLDR long date, in Korea time.
    assert_eq!(
        english.texts("main time"),
        vec!["October 22, 2024 at 3:06 PM", "October 22, 2024 at 3:08 PM"]
    );
    let arabic = site.page("/ar/politics/utc/");
    assert_eq!(
        arabic.attrs("main time", "datetime"),
        vec!["2024-10-22T09:06:52+03:00"]
    );
    assert_eq!(arabic.texts("main time"), vec!["22/10/2024 09:06"]);
}

/// Issue 14, item 4: dates as editors type them; a date without a time says to add the time.
#[test]
fn dates_may_be_typed_without_seconds_with_a_t_or_with_an_offset() {
    let site = Site::fixture();
    site.story("en/politics/minutes.md", "Minutes", "2024-10-22 15:06", "");
    site.story("en/politics/with-t.md", "With T", "2024-10-22T15:06:52", "");
    site.story(
        "en/politics/offset.md",
        "Offset",
        "2024-10-22 15:06+07:00",
        "",
    );
    site.cmd("build").run();
    for (url, meant) in [
        ("/en/politics/minutes/", "2024-10-22T15:06:00+09:00"),
        ("/en/politics/with-t/", "2024-10-22T15:06:52+09:00"),
        // Shown in the site's zone (Asia/Seoul): the same instant.
        ("/en/politics/offset/", "2024-10-22T17:06:00+09:00"),
    ] {
        assert_eq!(
            site.page(url).attr("main .stamps time", "datetime"),
            meant,
            "{url}"
        );
    }
    site.story("en/politics/no-time.md", "No time", "2024-10-22", "");
    site.story("en/politics/month.md", "Month", "2024-13-02 10:00", "");
    let run = site.cmd("build").expect_failure().run();
    let line = run.stderr_line("no-time.md");
    assert!(line.contains("'2024-10-22' has no time"), "{line}");
    assert!(line.contains("add it, as in '2024-10-22 09:00'"), "{line}");
    assert!(run.stderr_line("month.md").contains("there is no month 13"));
}
