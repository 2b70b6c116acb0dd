//! Translations: the language switcher and the hreflang alternates of stories that exist in some
//! languages and not in others.

use crate::support::*;
use std::collections::BTreeSet;

#[test]
fn sample_untranslated_stories_link_other_front_pages() {
    let out = &sample().out;
    let site = sample_site();
    let mut checked = 0;
    // Every story that some language lacks (hangul-day, say, is in English and Korean only).
    for story in site.published_articles() {
        let versions = site.versions(&story.key, true);
        if versions.len() == site.languages.len() {
            continue;
        }
        let doc = Doc::open(out, &story.url);
        let expected = site.expected_switcher(&versions);
        assert_eq!(doc.switcher(), expected, "{}", story.url);
        // hreflang for the languages that have this story, and no other.
        let hreflangs: BTreeSet<String> = doc
            .alternates()
            .into_iter()
            .map(|(l, _)| l)
            .filter(|l| l != "x-default")
            .collect();
        let have: BTreeSet<String> = versions
            .iter()
            .map(|v| site.tag(&v.code).to_string())
            .collect();
        if versions.len() > 1 {
            assert_eq!(hreflangs, have, "{}", story.url);
        } else {
            assert!(hreflangs.is_subset(&have), "{}: {hreflangs:?}", story.url);
        }
        checked += 1;
    }
    assert!(checked > 0, "the sample has untranslated stories");
}

#[test]
fn fixture_switcher_and_hreflang_for_translated_and_untranslated_stories() {
    let site = Site::fixture();
    site.story(
        "en/politics/shared.md",
        "Shared story",
        "2024-05-01 10:00:00",
        "",
    );
    // Another file name, linked by translation_key.
    site.story(
        "ko/politics/gongyu.md",
        "공유 기사",
        "2024-05-01 11:00:00",
        "translation_key: politics/shared",
    );
    site.story(
        "en/politics/solo.md",
        "Only in English",
        "2024-05-02 10:00:00",
        "",
    );
    site.story(
        "ar/economy/wahid.md",
        "Only in Arabic",
        "2024-05-03 10:00:00",
        "",
    );
    site.cmd("build").run();

    let shared = site.page("/en/politics/shared/");
    assert_eq!(
        shared.switcher(),
        vec![
            ("en".to_string(), "/en/politics/shared/".to_string()),
            ("ko".to_string(), "/ko/politics/gongyu/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    assert_eq!(
        shared.alternates(),
        vec![
            (
                "en".to_string(),
                "https://fixture.example/en/politics/shared/".to_string()
            ),
            (
                "ko".to_string(),
                "https://fixture.example/ko/politics/gongyu/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://fixture.example/en/politics/shared/".to_string()
            ),
        ]
    );
    let korean = site.page("/ko/politics/gongyu/");
    assert_eq!(korean.switcher()[0].1, "/en/politics/shared/");
    assert_eq!(korean.alternates(), shared.alternates());

    let solo = site.page("/en/politics/solo/");
    assert_eq!(
        solo.switcher(),
        vec![
            ("en".to_string(), "/en/politics/solo/".to_string()),
            ("ko".to_string(), "/ko/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    // No hreflang for languages without this story (a story in one language needs none at all).
    for (lang, url) in solo.alternates() {
        assert!(lang == "en" || lang == "x-default", "{lang}");
        assert_eq!(url, "https://fixture.example/en/politics/solo/");
    }

    // Only in a non-default language: no hreflang for the others.
    let arabic = site.page("/ar/economy/wahid/");
    assert_eq!(arabic.attr("html", "dir"), "rtl");
    assert_eq!(
        arabic.switcher(),
        vec![
            ("en".to_string(), "/en/".to_string()),
            ("ko".to_string(), "/ko/".to_string()),
            ("ar".to_string(), "/ar/economy/wahid/".to_string()),
        ]
    );
    for (lang, url) in arabic.alternates() {
        assert!(lang == "ar" || lang == "x-default", "{lang}");
        assert_eq!(url, "https://fixture.example/ar/economy/wahid/");
    }
}
