//! What content and settings may put into a page: front-matter and site settings are escaped
//! everywhere, Markdown's raw HTML is text unless `markdown.raw_html` allows it, script addresses
//! never become live links, and Markdown's extensions (tables, footnotes, strikethrough) work.

use crate::support::*;

/// Scripts that run (structured data in `application/ld+json` does not).
const SCRIPTS: &str = "script:not([type='application/ld+json'])";
const TITLE: &str = "<script>alert('t')</script> Tom & \"Jerry\"";

#[test]
fn front_matter_is_escaped_everywhere() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/nasty.md",
        r#"
title: "<script>alert('t')</script> Tom & \"Jerry\""
category: politics
written: 2024-10-22 15:06:52
summary: "<b>bold</b> & \"quoted\" <script>s()</script>"
author: "<em>Ann</em> O'Neil"
photo:
  src: images/pic.svg
  alt: "\"><script>alert('alt')</script>"
  caption: "<i>cap</i> & co"
  credit: "<script>c()</script> Agency"
tags: ["<b>tag</b>"]
editor_pick: true
"#,
        "Plain body.",
    );
    site.story("en/politics/other.md", "Other", "2024-10-21 15:06:52", "");
    site.cmd("build").run();
    let title = TITLE;
    let summary = "<b>bold</b> & \"quoted\" <script>s()</script>";

    for url in [
        "/en/politics/nasty/",
        "/en/",
        "/en/politics/",
        "/en/politics/other/",
    ] {
        let doc = site.page(url);
        // The only elements that came in are the template's own.
        assert_eq!(doc.count(SCRIPTS), 1, "{url}: {}", doc.source);
        assert_eq!(doc.count("script[src*='consent.js']"), 1);
        // Structured data, if any, is JSON whose strings hold the text as it was written.
        for data in doc.all("script[type='application/ld+json']") {
            let json: serde_json::Value = serde_json::from_str(&data.inner_html())
                .unwrap_or_else(|e| panic!("{url}: JSON-LD is not JSON ({e})"));
            if let Some(headline) = json.get("headline") {
                assert!(
                    headline == "Other" || headline == TITLE,
                    "{url}: {headline}"
                );
            }
        }
        assert_eq!(
            doc.count("main b, main i, main em, aside b, aside script"),
            0,
            "{url}"
        );
        assert!(!doc.source.contains("<script>alert"), "{url}");
        assert!(!doc.source.contains("<b>bold"), "{url}");
    }
    let doc = site.page("/en/politics/nasty/");
    assert_eq!(doc.text("main h1"), title);
    assert_eq!(doc.text("head title"), format!("{title} | Fixture News"));
    assert_eq!(doc.attr("meta[name=description]", "content"), summary);
    assert!(
        doc.attr("meta[property='og:title']", "content")
            .starts_with(title)
    );
    assert_eq!(
        doc.attr("main figure img", "alt"),
        "\"><script>alert('alt')</script>"
    );
    let caption = doc.text("main figcaption");
    assert!(caption.contains("<i>cap</i> & co"), "{caption}");
    assert!(
        caption.contains("Photo : <script>c()</script> Agency"),
        "{caption}"
    );
    assert!(doc.text("main").contains("<em>Ann</em> O'Neil"));
    assert!(doc.text("main").contains("<b>tag</b>"));

    // In lists: the card on the front page and the pick box of another story.
    let front = site.page("/en/");
    assert!(front.texts("main h3 a").contains(&title.to_string()));
    assert!(front.texts("main p").contains(&summary.to_string()));
    let other = site.page("/en/politics/other/");
    assert_eq!(other.texts("aside a"), vec![title.to_string()]);
}

const RAW_BODY: &str = r#"Before <b>bold</b> after.

<div class="raw">block</div>

<script>alert(1)</script>

[click me](javascript:alert(1)), [vb](VBScript:msgbox(1)), [data](data:text/html;base64,PHNjcmlwdD4=), ![pic](javascript:alert(2)) and [fine](https://example.org/)."#;

#[test]
fn raw_html_in_markdown_is_text_and_script_links_are_not_live() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        RAW_BODY,
    );
    site.cmd("build").run();
    let doc = site.page("/en/politics/raw/");
    let article = "main article";
    assert_eq!(doc.count(&format!("{article} b")), 0);
    assert_eq!(doc.count(&format!("{article} div.raw")), 0);
    assert_eq!(doc.count(SCRIPTS), 1, "only the consent script");
    let text = doc.text(article);
    assert!(text.contains("Before <b>bold</b> after."), "{text}");
    assert!(text.contains("<div class=\"raw\">block</div>"), "{text}");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    for words in ["click me", "vb", "data", "pic", "fine"] {
        assert!(text.contains(words), "{words:?} lost from {text}");
    }
    assert_eq!(
        doc.attrs(&format!("{article} a"), "href")
            .into_iter()
            .filter(|h| !h.starts_with("/en/"))
            .collect::<Vec<_>>(),
        vec!["https://example.org/"]
    );
    assert_eq!(
        doc.count(&format!("{article} .body img, {article} p img")),
        0
    );
    assert!(!doc.source.to_lowercase().contains("href=\"javascript:"));
    assert!(!doc.source.to_lowercase().contains("href=\"vbscript:"));
    assert!(!doc.source.to_lowercase().contains("href=\"data:"));
}

#[test]
fn raw_html_passes_when_the_site_allows_it_but_script_links_stay_dead() {
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "page_size: 20",
        "page_size: 20\nmarkdown:\n  raw_html: true",
    );
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        RAW_BODY,
    );
    site.cmd("build").run();
    let doc = site.page("/en/politics/raw/");
    assert_eq!(doc.text("main article b"), "bold");
    assert_eq!(doc.text("main article div.raw"), "block");
    let hrefs: Vec<String> = doc
        .attrs("main article a", "href")
        .into_iter()
        .filter(|h| !h.starts_with("/en/"))
        .collect();
    assert_eq!(hrefs, vec!["https://example.org/"]);
}

#[test]
fn raw_html_links_with_script_addresses_never_become_live() {
    // "links or images with javascript:, vbscript: or data: URLs never become live links" holds
    // for raw HTML too, when markdown.raw_html lets it through.
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "page_size: 20",
        "page_size: 20\nmarkdown:\n  raw_html: true",
    );
    site.markdown(
        "en/politics/raw.md",
        "title: Raw\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        "<a href=\"javascript:alert(1)\">raw js</a> <a href=\" JaVaScRiPt:x\">two</a> <img src=\"data:image/svg+xml,x\" alt=\"d\">",
    );
    site.cmd("build").run();
    let doc = site.page("/en/politics/raw/");
    for href in doc.attrs("main article a, main article area", "href") {
        let compact: String = href
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !compact.starts_with("javascript:") && !compact.starts_with("data:"),
            "live script link {href:?}"
        );
    }
    for src in doc.attrs("main article img", "src") {
        assert!(
            !src.to_ascii_lowercase().starts_with("data:"),
            "live {src:?}"
        );
    }
    assert!(doc.text("main article").contains("raw js"));
}

#[test]
fn site_settings_are_escaped_too() {
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "politics: { en: Politics,",
        "politics: { en: \"<i>Politics</i> & co\",",
    );
    site.replace(
        "site.yaml",
        "title: { en: Fixture News,",
        "title: { en: \"<b>Fixture</b> News\",",
    );
    site.story("en/politics/a.md", "Story", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    let doc = site.page("/en/politics/a/");
    assert_eq!(doc.count("header i, header b, main i, main b"), 0);
    assert_eq!(doc.texts("#menu a")[0], "<i>Politics</i> & co");
    assert_eq!(doc.text("head title"), "Story | <b>Fixture</b> News");
}

#[test]
fn markdown_has_tables_footnotes_and_strikethrough_and_slugs_are_normalised() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/extensions.md",
        "title: Extensions\ncategory: politics\nwritten: 2024-10-22 15:06:52\nslug: Hello  World",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: The note.",
    );
    site.cmd("build").run();
    assert!(!site.exists("/en/politics/extensions/"));
    let doc = site.page("/en/politics/hello-world/");
    assert_eq!(doc.texts("main article table td"), vec!["1", "2"]);
    assert_eq!(doc.text("main article del"), "old");
    assert!(doc.text("main article").contains("The note."));
    let note = doc.attr("main article sup a", "href");
    assert!(note.starts_with('#'), "{note}");
    assert_eq!(
        doc.count(&format!("[id='{}']", &note[1..])),
        1,
        "footnote target"
    );
}

/// Issue 14, items 6 and 7: the automatic summary is the plain text a reader sees, and a footnote
/// labelled `main` does not take the skip link's target.
#[test]
fn footnotes_keep_to_their_own_ids_and_the_summary_is_plain_text() {
    let site = Site::fixture();
    site.markdown(
        "en/politics/noted.md",
        "title: Noted\ncategory: politics\nwritten: 2024-10-22 15:06",
        "![A map of the coast](images/pic.svg)\n\nThe **talks** began[^main] in `Seoul`.\n\n[^main]: On Monday.\n",
    );
    site.cmd("build").run();
    let doc = site.page("/en/politics/noted/");
    assert_eq!(
        doc.attr("meta[name=description]", "content"),
        "The talks began in Seoul."
    );
    assert_eq!(doc.count("[id=main]"), 1, "only the skip link's target");
    let cited = doc.attr("main .footnote-reference a", "href");
    let note_id = cited.trim_start_matches('#');
    let note = doc.one(&format!("[id=\"{note_id}\"]"));
    let back = note
        .select(&selector("a.footnote-backref"))
        .next()
        .expect("a link back to the citation");
    let back_to = back.value().attr("href").unwrap_or_default();
    assert_eq!(
        doc.count(&format!("[id=\"{}\"]", back_to.trim_start_matches('#'))),
        1
    );
}
