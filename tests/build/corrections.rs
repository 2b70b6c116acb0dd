//! Issue 15, corrections: the dated notice on the story, its `updated` time, the policy link, and
//! the same correction in JSON-LD, both feeds and the news sitemap, in English and Arabic.

use crate::support::{Doc, Site};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

const EN_FIX: &str = "An earlier version misspelled the minister's name.";
const AR_FIX: &str = "ذكرت نسخة سابقة اسم الوزير خطأً.";

fn site() -> Site {
    let site = Site::fixture();
    site.edit("site.yaml", |s| {
        format!("{s}corrections_policy: {{ en: /en/about/, ko: /ko/about/, ar: /ar/about/ }}\n")
    })
    .story(
        "en/politics/cabinet.md",
        "Cabinet reshuffled",
        "2029-12-31 10:00:00",
        &format!("updated: 2029-12-31 11:00:00\ncorrections:\n  - date: 2029-12-31 12:30:00\n    text: {EN_FIX}\n  - date: 2029-12-31 10:30:00\n    text: The first correction."),
    )
    .story(
        "ar/politics/cabinet.md",
        "تعديل وزاري",
        "2029-12-31 10:00:00",
        &format!("corrections:\n  - date: 2029-12-31 13:00:00\n    text: {AR_FIX}"),
    )
    .story("en/politics/plain.md", "Plain story", "2029-12-31 09:00:00", "");
    site.cmd("build").run();
    site
}

fn json_ld(doc: &Doc) -> serde_json::Value {
    let text = doc.text("script[type=\"application/ld+json\"]");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD: {e}: {text}"))
}

#[test]
fn a_corrected_story_shows_dated_corrections_oldest_first_with_the_policy_link() {
    let site = site();
    let doc = site.page("/en/politics/cabinet/");
    assert_eq!(doc.text("section.corrections h2"), "Corrections");
    let items = doc.texts("section.corrections li");
    assert_eq!(items.len(), 2);
    assert!(items[0].contains("The first correction."), "{items:?}");
    assert!(items[1].starts_with("Corrected"), "{items:?}");
    assert!(items[1].contains(EN_FIX), "{items:?}");
    assert_eq!(
        doc.attrs("section.corrections time", "datetime"),
        vec!["2029-12-31T10:30:00+09:00", "2029-12-31T12:30:00+09:00"]
    );
    assert_eq!(
        doc.attr("section.corrections a[rel=help]", "href"),
        "/en/about/"
    );
    // The latest correction is later than `updated`, so it is the story's update time.
    assert_eq!(
        doc.attrs("p.stamps time", "datetime"),
        vec!["2029-12-31T10:00:00+09:00", "2029-12-31T12:30:00+09:00"]
    );
    let uncorrected = site.page("/en/politics/plain/");
    assert_eq!(uncorrected.count("section.corrections"), 0);
}

#[test]
fn the_arabic_story_labels_its_correction_in_arabic() {
    let site = site();
    let doc = site.page("/ar/politics/cabinet/");
    assert_eq!(doc.attr("html", "dir"), "rtl");
    assert_eq!(doc.text("section.corrections h2"), "تصحيحات");
    let item = doc.text("section.corrections li");
    assert!(item.starts_with("صُحّح في"), "{item}");
    assert!(item.contains(AR_FIX), "{item}");
    assert_eq!(
        doc.attr("section.corrections a[rel=help]", "href"),
        "/ar/about/"
    );
}

#[test]
fn json_ld_carries_correction_comments_date_modified_and_the_policy() {
    let site = site();
    for (url, text, modified, policy) in [
        (
            "/en/politics/cabinet/",
            EN_FIX,
            "2029-12-31T12:30:00+09:00",
            "https://fixture.example/en/about/",
        ),
        (
            "/ar/politics/cabinet/",
            AR_FIX,
            // Arabic times show in the site's zone here: the fixture gives it none of its own.
            "2029-12-31T13:00:00+09:00",
            "https://fixture.example/ar/about/",
        ),
    ] {
        let data = json_ld(&site.page(url));
        assert_eq!(data["dateModified"], modified, "{url}");
        let corrections = data["correction"]
            .as_array()
            .expect("a list of corrections");
        let last = corrections.last().unwrap();
        assert_eq!(last["@type"], "CorrectionComment", "{url}");
        assert_eq!(last["datePublished"], modified, "{url}");
        assert_eq!(last["text"], text, "{url}");
        assert_eq!(data["publisher"]["correctionsPolicy"], policy, "{url}");
    }
    let plain = json_ld(&site.page("/en/politics/plain/"));
    assert!(plain.get("correction").is_none());
}

#[test]
fn both_feeds_and_the_news_sitemap_report_the_correction() {
    let site = site();
    let read = |path: &str| std::fs::read_to_string(site.out().join(path)).unwrap();

    let rss_text = read("en/rss.xml");
    let rss = roxmltree::Document::parse(&rss_text).unwrap();
    let item = rss
        .descendants()
        .find(|n| n.has_tag_name("item") && child_text(*n, "", "title") == "Cabinet reshuffled")
        .expect("the corrected story in RSS");
    assert!(child_text(item, "", "description").contains(EN_FIX));

    let atom_text = read("ar/atom.xml");
    let atom = roxmltree::Document::parse(&atom_text).unwrap();
    let entry = atom
        .descendants()
        .find(|n| n.has_tag_name((ATOM_NS, "entry")))
        .expect("the Arabic story in Atom");
    assert_eq!(
        child_text(entry, ATOM_NS, "updated"),
        "2029-12-31T13:00:00+09:00"
    );
    assert_eq!(
        child_text(entry, ATOM_NS, "published"),
        "2029-12-31T10:00:00+09:00"
    );
    let summary = child_text(entry, ATOM_NS, "summary");
    assert!(
        summary.contains("صُحّح في") && summary.contains(AR_FIX),
        "{summary}"
    );

    // Google's rule for a changed story: the first publication date stays, `lastmod` says when.
    let news_text = read("news-sitemap.xml");
    let news = roxmltree::Document::parse(&news_text).unwrap();
    let url = news
        .descendants()
        .find(|n| {
            n.has_tag_name((SITEMAP_NS, "url"))
                && child_text(*n, SITEMAP_NS, "loc")
                    == "https://fixture.example/en/politics/cabinet/"
        })
        .expect("the corrected story in the news sitemap");
    assert_eq!(
        child_text(url, SITEMAP_NS, "lastmod"),
        "2029-12-31T12:30:00+09:00"
    );
    let published = url
        .descendants()
        .find(|n| n.has_tag_name("publication_date"))
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(published, "2029-12-31T10:00:00+09:00");
}

#[test]
fn a_correction_before_the_story_was_written_is_an_error_at_its_line() {
    let site = Site::fixture();
    site.story(
        "en/politics/early.md",
        "Early",
        "2029-12-31 10:00:00",
        "corrections:\n  - date: 2029-12-30 10:00:00\n    text: Too early.\n  - text: no date",
    );
    let run = site
        .cmd("build")
        .expect_failure()
        .expect_stderr_contains("content/en/politics/early.md:5:1: error: the correction dated 2029-12-30T10:00:00+09:00 is earlier than 'written'")
        .expect_stderr_contains("content/en/politics/early.md:5:1: error: 'corrections': correction 2 needs a 'date' and a 'text'")
        .run();
    assert_eq!(run.error_lines().len(), 2, "{}", run.stderr);
}

/// The text of `node`'s first child element named `name`, or "".
pub fn child_text<'a>(node: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> &'a str {
    node.children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == name
                && c.tag_name().namespace().unwrap_or("") == ns
        })
        .and_then(|c| c.text())
        .unwrap_or("")
}
