//! Each language as its readers expect it (issue 13): CLDR dates on article, list and archive
//! pages, CLDR plural forms, BCP 47 tags, a not-found page per language with its host rules.

use crate::support::*;

/// Five languages with the hardest dates, set as the sample site sets them.
const LOCALES_SITE_YAML: &str = "\
title: World News
base_url: https://locales.example/
default_language: en
timezone: Asia/Seoul
languages:
  - code: en
    name: English
  - code: ko
    name: 한국어
    dates: { style: long, hours: 24 }
  - code: ja
    name: 日本語
  - code: fr
    name: Français
    timezone: Europe/Paris
  - code: de
    name: Deutsch
    timezone: Europe/Berlin
    dates: { pattern: \"d. MMMM y, HH:mm\" }
  - code: ar
    name: العربية
    dir: rtl
    timezone: Asia/Riyadh
  - code: ru
    name: Русский
  - code: zh
    name: 中文
    tag: zh-Hans
categories:
  politics: { en: Politics, ko: 정치, ja: 政治, fr: Politique, de: Politik, ar: سياسة, ru: Политика, zh: 政治 }
";

const CODES: [&str; 8] = ["en", "ko", "ja", "fr", "de", "ar", "ru", "zh"];

fn locales_site() -> Site {
    let site = Site::empty();
    site.write("site.yaml", LOCALES_SITE_YAML)
        .copy_templates()
        .copy_static(&["css", "js"]);
    for code in CODES {
        site.copy_from_repo(&format!("i18n/{code}.yaml"));
    }
    site.story("en/politics/start.md", "Start", "2024-01-02 03:04:05", "");
    site
}

#[test]
fn dates_are_written_as_each_language_writes_them_on_every_kind_of_page() {
    let site = locales_site();
    // 2024-10-22 15:06:52 in Seoul: 08:06 in Paris and Berlin, 09:06 in Riyadh.
    let expected = [
        ("ko", "2024년 10월 22일 15:06", "+09:00", "2024년 10월"),
        ("ja", "2024年10月22日 15:06", "+09:00", "2024年10月"),
        ("fr", "22 octobre 2024 à 08:06", "+02:00", "octobre 2024"),
        ("de", "22. Oktober 2024, 08:06", "+02:00", "Oktober 2024"),
        ("ar", "22 أكتوبر 2024 في 9:06 ص", "+03:00", "أكتوبر 2024"),
    ];
    for (code, ..) in expected {
        site.story(
            &format!("{code}/politics/call.md"),
            "Call",
            "2024-10-22 15:06:52",
            "",
        );
    }
    site.cmd("build").expect_stderr_lacks("warning").run();
    for (code, shown, offset, month) in expected {
        let article = site.page(&format!("/{code}/politics/call/"));
        assert_eq!(article.texts("main time"), vec![shown], "{code}: article");
        let datetime = article.attr("main time", "datetime");
        assert!(
            datetime.starts_with("2024-10-22T") && datetime.ends_with(offset),
            "{code}: RFC 3339 with the offset, got {datetime}"
        );
        let list = site.page(&format!("/{code}/politics/"));
        assert_eq!(list.texts("main time"), vec![shown], "{code}: category");
        let month_page = site.page(&format!("/{code}/archive/2024/10/"));
        assert_eq!(month_page.texts("main .card time"), vec![shown]);
        assert_eq!(month_page.text("h1 time"), month, "{code}: archive heading");
        assert_eq!(month_page.attr("h1 time", "datetime"), "2024-10");
        let archive = site.page(&format!("/{code}/archive/"));
        assert_eq!(archive.texts("main .months time"), vec![month], "{code}");
    }
}

#[test]
fn plural_forms_follow_the_cldr_rules_of_arabic_and_russian() {
    let site = locales_site();
    // A page that asks for the counts the issue names, through the templates' own `t`.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<ul id=\"counts\">\
         {% for n in [0, 1, 2, 5, 11, 100] %}<li>{{ t(key=\"story_count\", count=n) }}</li>{% endfor %}\
         </ul>{% endblock content %}",
    );
    site.cmd("build").run();
    let counts = |code: &str| site.page(&format!("/{code}/404.html")).texts("#counts li");
    assert_eq!(
        counts("ar"),
        vec![
            "لا توجد أخبار",
            "خبر واحد",
            "خبران",
            "5 أخبار",
            "11 خبرًا",
            "100 خبر"
        ]
    );
    assert_eq!(
        counts("ru"),
        vec![
            "0 материалов",
            "1 материал",
            "2 материала",
            "5 материалов",
            "11 материалов",
            "100 материалов"
        ]
    );
    assert_eq!(counts("en")[..3], ["0 stories", "1 story", "2 stories"]);
}

#[test]
fn tag_and_archive_pages_count_their_stories_in_the_language_s_plural() {
    let site = locales_site();
    for n in 1..=5 {
        site.story(
            &format!("ru/politics/s{n}.md"),
            &format!("История {n}"),
            &format!("2024-10-0{n} 10:00:00"),
            "tags: [выборы]",
        );
    }
    site.cmd("build").run();
    let tag = site.page("/ru/tags/выборы/");
    assert_eq!(tag.text("main .list-count"), "5 материалов");
    let month = site.page("/ru/archive/2024/10/");
    assert_eq!(month.text("main .list-count"), "5 материалов");
    assert_eq!(
        site.page("/ru/archive/").text("main .months .count"),
        "5 материалов"
    );
}

#[test]
fn a_missing_plural_form_is_a_warning_and_check_counts_it_per_language() {
    let site = locales_site();
    // Russian needs one, few and many for whole numbers; this file forgets "few".
    site.edit("i18n/ru.yaml", |text| {
        text.replace("  few: \"{n} материала\"\n", "")
    });
    site.edit("i18n/de.yaml", |text| {
        text.lines()
            .filter(|l| !l.starts_with("rss:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    site.replace("site.yaml", ", zh: 政治 }", " }");
    site.cmd("build")
        .expect_stderr_contains(
            "i18n/ru.yaml:", // the line of the key
        )
        .expect_stderr_contains("UI string 'story_count' lacks the plural form few that 'ru' uses")
        .run();
    let run = site.cmd("check").arg("--format").arg("json").run();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let languages = &report["languages"];
    assert_eq!(
        languages["ru"]["missing_plural_forms"]["story_count"],
        serde_json::json!(["few"])
    );
    assert_eq!(
        languages["de"]["missing_ui_strings"],
        serde_json::json!(["rss"])
    );
    assert_eq!(
        languages["zh"]["untranslated_categories"],
        serde_json::json!(["politics"])
    );
    assert_eq!(languages["ko"]["missing_ui_strings"], serde_json::json!([]));
    let text = site.cmd("check").run();
    assert!(
        text.stdout
            .contains("  de: 1 missing UI string (rss); 0 UI strings missing plural forms"),
        "{}",
        text.stdout
    );
}

#[test]
fn lang_and_hreflang_use_the_configured_bcp47_tag() {
    let site = locales_site();
    site.story("en/politics/one.md", "One", "2024-10-22 15:06:52", "");
    site.story("zh/politics/one.md", "一", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    let chinese = site.page("/zh/politics/one/");
    assert_eq!(chinese.attr("html", "lang"), "zh-Hans");
    let hreflangs: Vec<String> = chinese.alternates().into_iter().map(|(l, _)| l).collect();
    assert_eq!(hreflangs, vec!["en", "zh-Hans", "x-default"]);
    // Facebook's locale names for og:locale.
    assert_eq!(
        chinese.attr("meta[property='og:locale']", "content"),
        "zh_CN"
    );
    let arabic = site.page("/ar/");
    assert_eq!(
        arabic.attr("meta[property='og:locale']", "content"),
        "ar_AR"
    );
}

#[test]
fn every_language_has_its_own_not_found_page_and_host_rules() {
    let site = locales_site();
    site.cmd("build").run();
    let redirects = std::fs::read_to_string(site.out().join("_redirects")).unwrap();
    for code in CODES {
        let page = site.page(&format!("/{code}/404.html"));
        assert_eq!(
            page.attr("html", "lang"),
            if code == "zh" { "zh-Hans" } else { code }
        );
        let dir = if code == "ar" { "rtl" } else { "ltr" };
        assert_eq!(page.attr("html", "dir"), dir);
        let strings: serde_yaml::Value =
            serde_yaml::from_str(&site.read(&format!("i18n/{code}.yaml"))).unwrap();
        assert_eq!(
            page.text("main h1"),
            strings["not_found_title"].as_str().unwrap()
        );
        let home = format!("/{code}/");
        assert!(page.attrs("main a", "href").contains(&home), "{code}");
        let rule = format!("/{code}/* /{code}/404.html 404");
        assert!(redirects.lines().any(|l| l == rule), "{rule}\n{redirects}");
    }
    // The root one answers any address: it offers every other language, in that language.
    let root = site.page("/404.html");
    assert_eq!(root.attr("html", "lang"), "en");
    let offered = root.attrs("main .not-found-languages a", "href");
    let others: Vec<String> = CODES[1..].iter().map(|c| format!("/{c}/")).collect();
    assert_eq!(offered, others);
    assert_eq!(
        root.attr("main .not-found-languages li[lang=ar]", "dir"),
        "rtl"
    );
}

#[test]
fn a_bad_date_style_or_pattern_is_an_error_in_site_yaml() {
    let site = locales_site();
    site.replace(
        "site.yaml",
        "dates: { style: long, hours: 24 }",
        "dates: { style: longest }",
    );
    site.replace(
        "site.yaml",
        "dates: { pattern: \"d. MMMM y, HH:mm\" }",
        "dates: { pattern: \"d. 'MMMM y\" }",
    );
    let run = site
        .cmd("build")
        .expect_failure()
        .expect_stderr_contains("site.yaml:")
        .expect_stderr_contains(
            "the date style 'longest' of 'ko' is not one of long, medium, short",
        )
        .expect_stderr_contains("the date pattern 'd. 'MMMM y' is not a CLDR pattern")
        .run();
    assert_eq!(run.error_lines().len(), 2, "{}", run.stderr);
}

#[test]
fn a_category_with_a_localised_slug_keeps_its_old_address_as_an_alias() {
    let site = locales_site();
    site.replace(
        "site.yaml",
        "categories:\n",
        "category_slugs:\n  politics: { de: politik, fr: [politique, pol] }\ncategories:\n",
    );
    site.story("de/politics/wahl.md", "Wahl", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    let german = site.page("/de/politik/");
    assert!(
        german
            .attrs("main a", "href")
            .contains(&"/de/politics/wahl/".to_string())
    );
    assert_eq!(
        german.attr("link[rel=canonical]", "href"),
        "https://locales.example/de/politik/"
    );
    // The menu, the story's kicker and the feed use the new address.
    let story = site.page("/de/politics/wahl/");
    assert!(
        story
            .attrs("nav.menu a", "href")
            .contains(&"/de/politik/".to_string())
    );
    assert_eq!(story.attr("main .kicker a", "href"), "/de/politik/");
    assert!(site.exists("/de/politik/rss.xml"));
    // Other languages keep the key.
    assert!(site.exists("/en/politics/"));
    // The old address is a redirect page and a 301 rule; so are the former French slugs.
    let old = site.page("/de/politics/");
    assert_eq!(
        old.attr("link[rel=canonical]", "href"),
        "https://locales.example/de/politik/"
    );
    let redirects = std::fs::read_to_string(site.out().join("_redirects")).unwrap();
    for rule in [
        "/de/politics/ /de/politik/ 301",
        "/fr/pol/ /fr/politique/ 301",
        "/fr/politics/ /fr/politique/ 301",
    ] {
        assert!(redirects.lines().any(|l| l == rule), "{rule}\n{redirects}");
    }
    // A slug that names no category, or one no URL can hold, is an error in site.yaml.
    site.replace(
        "site.yaml",
        "politics: { de: politik,",
        "politcs: { de: politik,",
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("category_slugs names 'politcs', which is not a category")
        .run();
}
