//! Issue 15, Atom beside RSS: both feeds of each language and category, checked against the rules
//! of RFC 4287 and RSS 2.0 (required elements, absolute URLs, dates), entry ids that survive an
//! edit, and `feeds.full_text`.

use super::corrections::child_text;
use crate::support::Site;
use chrono::DateTime;
use std::collections::BTreeSet;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/vote.md",
        "Vote passes",
        "2029-12-31 10:00:00",
        "author: Jane Roe\nphoto:\n  src: images/pic.svg\n  alt: A flag",
    )
    .story(
        "en/economy/rates.md",
        "Rates held",
        "2029-12-30 10:00:00",
        "",
    )
    .story(
        "ar/politics/vote.md",
        "إقرار التصويت",
        "2029-12-31 11:00:00",
        "",
    )
    .markdown(
        "en/politics/linked.md",
        "title: Linked\ncategory: politics\nwritten: 2029-12-29 10:00:00",
        "See [the rates story](/en/economy/rates/) and ![a flag](/images/pic.svg).",
    );
    site
}

fn read(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn element<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((ATOM_NS, name)))
}

fn assert_absolute(url: &str, what: &str) {
    assert!(
        url.starts_with("https://fixture.example/"),
        "{what}: {url:?} is not absolute"
    );
}

/// Every rule of RFC 4287 a reader relies on; returns the entries' (id, title).
fn check_atom(text: &str, lang: &str, self_path: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(text).expect("Atom is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some(lang)
    );
    for required in ["id", "title", "updated", "author"] {
        assert!(
            element(feed, required).is_some(),
            "the feed lacks <{required}>"
        );
    }
    DateTime::parse_from_rfc3339(child_text(feed, ATOM_NS, "updated")).expect("feed updated");
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((ATOM_NS, "link")) && c.attribute("rel") == Some("self"))
        .expect("a self link");
    assert_eq!(
        self_link.attribute("href").unwrap(),
        format!("https://fixture.example/{self_path}")
    );
    let mut entries = Vec::new();
    for entry in feed
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
    {
        for required in ["id", "title", "updated", "published"] {
            assert!(
                element(entry, required).is_some(),
                "an entry lacks <{required}>"
            );
        }
        let published = DateTime::parse_from_rfc3339(child_text(entry, ATOM_NS, "published"));
        let updated = DateTime::parse_from_rfc3339(child_text(entry, ATOM_NS, "updated"));
        assert!(published.unwrap() <= updated.unwrap());
        let link = element(entry, "link").expect("an entry link");
        assert_eq!(link.attribute("rel"), Some("alternate"));
        assert_absolute(link.attribute("href").unwrap(), "entry link");
        let id = child_text(entry, ATOM_NS, "id");
        assert!(id.starts_with("tag:fixture.example,"), "{id}");
        entries.push((
            id.to_string(),
            child_text(entry, ATOM_NS, "title").to_string(),
        ));
    }
    let ids: BTreeSet<&String> = entries.iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids are unique");
    entries
}

/// The rules of RSS 2.0: channel title, link and description; items with a title, an absolute
/// link and an RFC 822 date. Returns the items' titles.
fn check_rss(text: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(text).expect("RSS is well-formed XML");
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let channel = doc.root_element().first_element_child().unwrap();
    for required in ["title", "link", "description"] {
        assert!(
            !child_text(channel, "", required).is_empty(),
            "channel lacks <{required}>"
        );
    }
    assert_absolute(child_text(channel, "", "link"), "channel link");
    let mut titles = Vec::new();
    for item in channel.children().filter(|c| c.has_tag_name("item")) {
        assert_absolute(child_text(item, "", "link"), "item link");
        DateTime::parse_from_rfc2822(child_text(item, "", "pubDate")).expect("an RFC 822 date");
        titles.push(child_text(item, "", "title").to_string());
    }
    titles
}

#[test]
fn every_language_and_category_has_an_atom_feed_beside_its_rss() {
    let site = site();
    site.cmd("build").run();
    let titles = |entries: Vec<(String, String)>| -> Vec<String> {
        entries.into_iter().map(|(_, t)| t).collect()
    };
    assert_eq!(
        titles(check_atom(&read(&site, "en/atom.xml"), "en", "en/atom.xml")),
        vec!["Vote passes", "Rates held", "Linked"]
    );
    assert_eq!(
        check_rss(&read(&site, "en/rss.xml")),
        vec!["Vote passes", "Rates held", "Linked"]
    );
    assert_eq!(
        titles(check_atom(
            &read(&site, "en/politics/atom.xml"),
            "en",
            "en/politics/atom.xml"
        )),
        vec!["Vote passes", "Linked"]
    );
    assert_eq!(
        titles(check_atom(&read(&site, "ar/atom.xml"), "ar", "ar/atom.xml")),
        vec!["إقرار التصويت"]
    );
    // An empty category still has a valid feed.
    assert!(
        check_atom(
            &read(&site, "ar/economy/atom.xml"),
            "ar",
            "ar/economy/atom.xml"
        )
        .is_empty()
    );
    assert!(check_rss(&read(&site, "ar/economy/rss.xml")).is_empty());

    // Pages name both feeds in their head, and the footer links to both.
    let doc = site.page("/ar/politics/vote/");
    assert_eq!(
        doc.attrs("link[rel=alternate][type=\"application/atom+xml\"]", "href"),
        vec![
            "https://fixture.example/ar/atom.xml",
            "https://fixture.example/ar/politics/atom.xml"
        ]
    );
    assert_eq!(
        doc.text("footer a[type=\"application/atom+xml\"]"),
        "موجز Atom"
    );
}

#[test]
fn an_entry_id_stays_when_the_story_is_edited() {
    let site = site();
    site.cmd("build").run();
    let before = check_atom(&read(&site, "en/atom.xml"), "en", "en/atom.xml");
    site.replace("content/en/politics/vote.md", "title: Vote passes", "title: Vote passes narrowly\nslug: narrow-vote\nupdated: 2029-12-31 18:00:00\ncorrections:\n  - date: 2029-12-31 17:00:00\n    text: Fixed a figure.");
    site.cmd("build").run();
    let after = check_atom(&read(&site, "en/atom.xml"), "en", "en/atom.xml");
    assert_eq!(after[0].1, "Vote passes narrowly");
    assert_eq!(
        after[0].0, before[0].0,
        "the id survived a new title, slug and correction"
    );
}

#[test]
fn full_text_puts_the_whole_story_with_absolute_links_into_both_feeds() {
    let site = site();
    site.cmd("build").run();
    assert!(
        !read(&site, "en/atom.xml").contains("<content"),
        "summaries only by default"
    );
    site.edit("site.yaml", |s| format!("{s}feeds:\n  full_text: true\n"));
    site.cmd("build").run();

    let atom_text = read(&site, "en/atom.xml");
    let atom = roxmltree::Document::parse(&atom_text).unwrap();
    let linked = atom
        .descendants()
        .find(|n| {
            n.has_tag_name((ATOM_NS, "entry")) && child_text(*n, ATOM_NS, "title") == "Linked"
        })
        .unwrap();
    let content = element(linked, "content").expect("the whole story");
    assert_eq!(content.attribute("type"), Some("html"));
    let html = content.text().unwrap();
    assert!(
        html.contains("href=\"https://fixture.example/en/economy/rates/\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"https://fixture.example/images/pic.svg\""),
        "{html}"
    );

    let rss_text = read(&site, "en/rss.xml");
    let rss = roxmltree::Document::parse(&rss_text).unwrap();
    let encoded = rss
        .descendants()
        .find(|n| n.has_tag_name(("http://purl.org/rss/1.0/modules/content/", "encoded")))
        .expect("content:encoded");
    assert!(
        encoded
            .text()
            .unwrap()
            .contains("<p>The story of Vote passes.</p>")
    );
}

/// Issues 14 and 15 together: in a full-text feed, a link to another story by its source file is
/// that story's absolute URL, never the placeholder the body holds until rendering.
#[test]
fn full_text_feeds_fill_links_by_source_file() {
    let site = site();
    site.markdown(
        "en/politics/cites.md",
        "title: Cites\ncategory: politics\nwritten: 2029-12-29 11:00:00",
        "As [reported](@/en/economy/rates.md#why).",
    );
    site.edit("site.yaml", |s| format!("{s}feeds:\n  full_text: true\n"));
    site.cmd("build").run();
    for feed in ["en/atom.xml", "en/rss.xml"] {
        let text = read(&site, feed);
        assert!(
            text.contains("https://fixture.example/en/economy/rates/#why"),
            "{feed}: {text}"
        );
        assert!(!text.contains("@story/"), "{feed}: {text}");
    }
}

/// A full-text feed shows an embed as the plain link to the video (feed readers run no consent
/// snippet), never the marker the Markdown stage leaves for the page.
#[test]
fn full_text_feeds_show_embeds_as_plain_links() {
    let site = site();
    site.markdown(
        "en/politics/video.md",
        "title: Video\ncategory: politics\nwritten: 2029-12-29 11:00:00",
        "Watch it.\n\n```embed\nyoutube: dQw4w9WgXcQ\ntitle: The briefing\npurpose: analytics\n```\n\nAfter.",
    );
    site.edit("site.yaml", |s| format!("{s}feeds:\n  full_text: true\n"));
    site.cmd("build").run();
    for feed in ["en/atom.xml", "en/rss.xml"] {
        let text = read(&site, feed);
        assert!(text.contains("The briefing"), "{feed}: {text}");
        assert!(text.contains("dQw4w9WgXcQ"), "{feed}: {text}");
        assert!(!text.contains('\u{E000}'), "{feed} keeps an embed marker");
    }
}
