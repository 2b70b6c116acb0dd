//! Translations: the language switcher and the hreflang alternates of stories that exist in some
//! languages and not in others.

use crate::support::*;

#[test]
fn sample_untranslated_story_links_other_front_pages() {
    let out = &sample().out;
    // hangul-day exists in English and Korean only.
    let doc = Doc::open(out, "/en/culture/hangul-day/");
    assert_eq!(
        doc.switcher(),
        vec![
            ("id".to_string(), "/id/".to_string()),
            ("en".to_string(), "/en/culture/hangul-day/".to_string()),
            ("ko".to_string(), "/ko/culture/hangul-day/".to_string()),
            ("ar".to_string(), "/ar/".to_string()),
        ]
    );
    let hreflangs: Vec<String> = doc.alternates().into_iter().map(|(l, _)| l).collect();
    assert!(hreflangs.contains(&"en".to_string()));
    assert!(hreflangs.contains(&"ko".to_string()));
    assert!(!hreflangs.contains(&"id".to_string()), "{hreflangs:?}");
    assert!(!hreflangs.contains(&"ar".to_string()), "{hreflangs:?}");
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
