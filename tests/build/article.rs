//! The article page and the standalone page, on the sample site: every element the page should
//! show, in each language's own words, dates and direction.

use crate::support::*;
use crate::written_iso;
use chrono::{NaiveDateTime, TimeZone};
use std::collections::BTreeSet;

/// What the article page of one language should show, besides what its own files say.
struct ArticleCase {
    code: &'static str,
    /// Below `content/`, without `.md`.
    source: &'static str,
    dir: &'static str,
    site_title: &'static str,
    category_label: &'static str,
    policy_url: &'static str,
    /// The time zone this language shows times in (site.yaml).
    timezone: chrono_tz::Tz,
    /// `written` and `updated` as the page shows them: the language's CLDR dates (issue 13), or
    /// the strftime `date_format` the language sets.
    shown: [&'static str; 2],
}

/// `written` of a sample story, read in the site's time zone (Asia/Seoul), as RFC 3339 in
/// `case`'s.
fn sample_time(text: &str, case: &ArticleCase) -> String {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    let local = chrono_tz::Asia::Seoul
        .from_local_datetime(&naive)
        .single()
        .expect("one instant")
        .with_timezone(&case.timezone);
    local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The sample's `base_url` without its final slash.
fn base() -> String {
    yaml_str(&sample_site().settings, "base_url")
        .trim_end_matches('/')
        .to_string()
}

/// Checks every element the issue lists for the article page. Returns the page for more checks.
fn check_article_page(case: &ArticleCase) -> Doc {
    let out = &sample().out;
    let site = sample_site();
    let relative = format!("content/{}/{}.md", case.code, case.source);
    let story = site.story(&relative);
    let front = &story.front;
    let i18n = site.i18n(case.code);
    let category = case.source.split('/').next().unwrap();
    let url = story.url.clone();
    let doc = Doc::open(out, &url);
    let title = yaml_str(front, "title");

    // <html lang dir>
    assert_eq!(doc.attr("html", "lang"), site.tag(case.code));
    assert_eq!(doc.attr("html", "dir"), case.dir);

    // <head>: title, description, canonical, hreflang alternates + x-default: one per language
    // that has this story.
    assert_eq!(
        doc.text("head title"),
        format!("{title} | {}", case.site_title)
    );
    assert_eq!(
        doc.attr("head meta[name=description]", "content"),
        yaml_str(front, "summary")
    );
    assert_eq!(
        doc.attr("head link[rel=canonical]", "href"),
        format!("{}{url}", base())
    );
    let versions = site.versions(&story.key, true);
    assert!(
        versions.len() > 1,
        "{url}: the reference story is translated"
    );
    let alternates: BTreeSet<(String, String)> = doc.alternates().into_iter().collect();
    let mut expected: BTreeSet<(String, String)> = versions
        .iter()
        .map(|v| {
            (
                site.tag(&v.code).to_string(),
                format!("{}{}", base(), v.url),
            )
        })
        .collect();
    let default = versions
        .iter()
        .find(|v| v.code == site.default_language)
        .expect("the reference story is in the default language");
    expected.insert((
        "x-default".to_string(),
        format!("{}{}", base(), default.url),
    ));
    assert_eq!(alternates, expected, "{url}: hreflang alternates");

    // Two skip links first, in the page's language, to the menu and to the main content.
    let links = doc.all("body a");
    assert!(links.len() > 2);
    assert_eq!(links[0].attr("href"), Some("#menu"));
    assert_eq!(text_of(&links[0]), i18n["skip_to_menu"]);
    assert_eq!(links[1].attr("href"), Some("#main"));
    assert_eq!(text_of(&links[1]), i18n["skip_to_content"]);
    assert_eq!(doc.count("#main"), 1, "the skip link's target");

    // The category menu: every category of site.yaml, in order, with this language's label.
    let menu = doc.one("#menu");
    assert_eq!(menu.value().name(), "nav");
    let menu_links: Vec<(String, String)> = doc
        .all("#menu a")
        .iter()
        .map(|a| (a.attr("href").unwrap().to_string(), text_of(a)))
        .collect();
    let expected_menu: Vec<(String, String)> = site
        .categories
        .iter()
        .map(|c| {
            (
                format!("/{}/{}/", case.code, c.key),
                c.labels[case.code].clone(),
            )
        })
        .collect();
    assert_eq!(menu_links, expected_menu, "{url}: the menu");
    assert!(
        menu_links.contains(&(
            format!("/{}/{category}/", case.code),
            case.category_label.to_string()
        )),
        "{url}: {menu_links:?}"
    );
    assert_eq!(
        doc.attrs("#menu a[aria-current]", "href"),
        vec![format!("/{}/{category}/", case.code)]
    );

    // The language switcher: every language in site.yaml order, leading to this story's version
    // where there is one, else to that language's front page.
    let expected_switcher = site.expected_switcher(&versions);
    assert_eq!(doc.switcher(), expected_switcher, "{url}: the switcher");
    assert_eq!(
        doc.attrs("header nav.langs a[aria-current]", "hreflang"),
        vec![site.tag(case.code).to_string()]
    );
    let names: Vec<&str> = site.languages.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(doc.texts("header nav.langs a"), names);

    // Inside <main>: category label linking to its page, the headline, the timestamps.
    let kicker: Vec<_> = doc
        .all("main article.story a")
        .into_iter()
        .filter(|a| a.attr("href") == Some(&format!("/{}/{category}/", case.code)))
        .collect();
    assert_eq!(kicker.len(), 1, "{url}: one category link in main");
    assert_eq!(text_of(&kicker[0]), case.category_label);
    assert_eq!(doc.text("main h1"), title);
    assert_eq!(doc.count("h1"), 1);

    let times = doc.all("main p.stamps time[datetime]");
    let written = (
        sample_time(&yaml_str(front, "written"), case),
        case.shown[0],
    );
    // The shown update is the latest of `updated` and the corrections (issue 15).
    let corrections: Vec<String> = front
        .get("corrections")
        .and_then(|c| c.as_sequence())
        .into_iter()
        .flatten()
        .map(|c| c["date"].as_str().unwrap().to_string())
        .collect();
    let updated = front
        .get("updated")
        .map(|_| yaml_str(front, "updated"))
        .into_iter()
        .chain(corrections)
        .max()
        .map(|latest| (sample_time(&latest, case), case.shown[1]));
    assert_eq!(times.len(), 1 + usize::from(updated.is_some()), "{url}");
    let label_of = |time: &scraper::ElementRef| {
        let parent = scraper::ElementRef::wrap(time.parent().unwrap()).unwrap();
        text_of(&parent)
    };
    assert_eq!(times[0].attr("datetime").unwrap(), written.0);
    assert_eq!(text_of(&times[0]), written.1);
    assert_eq!(
        label_of(&times[0]),
        format!("{} {}", i18n["write"], written.1),
        "{url}: the Write stamp"
    );
    if let Some(updated) = &updated {
        assert_eq!(times[1].attr("datetime").unwrap(), updated.0);
        assert_eq!(text_of(&times[1]), updated.1);
        assert_eq!(
            label_of(&times[1]),
            format!("{} {}", i18n["update"], updated.1)
        );
    } else {
        assert!(!doc.text("main").contains(&i18n["update"]));
    }

    // The photo, with alt and the credit in the caption.
    let img = doc.one("main figure img");
    assert_eq!(
        img.attr("src"),
        Some(format!("/{}", yaml_str(front, "photo.src")).as_str())
    );
    assert_eq!(img.attr("alt").unwrap(), yaml_str(front, "photo.alt"));
    let caption = doc.text("main figure figcaption");
    assert!(
        caption.contains(&yaml_str(front, "photo.caption")),
        "{caption}"
    );
    assert!(
        caption.contains(&format!(
            "{} : {}",
            i18n["photo"],
            yaml_str(front, "photo.credit")
        )),
        "{url}: the credit in {caption:?}"
    );

    // The body: every paragraph of the Markdown, the first one word for word.
    let paragraphs = paragraphs(&relative);
    let body: Vec<String> = doc
        .all("main article p")
        .iter()
        .map(text_of)
        .filter(|p| paragraphs.contains(p))
        .collect();
    assert_eq!(body, paragraphs, "{url}: the body paragraphs");

    // The editor's pick box: picks of this language, not this story, at most editor_picks,
    // newest first.
    assert_eq!(doc.text("aside h2"), i18n["editors_pick"]);
    let picks = doc.attrs("aside a", "href");
    assert!(
        !picks.is_empty() && picks.len() <= site.editor_picks,
        "{url}: {picks:?}"
    );
    assert!(!picks.contains(&url), "{url} lists itself: {picks:?}");
    let mut previous: Option<String> = None;
    for pick in &picks {
        assert!(pick.starts_with(&format!("/{}/", case.code)), "{pick}");
        let source = format!("content{}.md", pick.trim_end_matches('/'));
        let pick_front = front_matter(&source);
        assert_eq!(
            pick_front.get("editor_pick").and_then(|v| v.as_bool()),
            Some(true),
            "{pick} is not an editor's pick"
        );
        let written = written_iso(&Doc::open(out, pick));
        let instant = chrono::DateTime::parse_from_rfc3339(&written).unwrap();
        if let Some(previous) = &previous {
            let previous = chrono::DateTime::parse_from_rfc3339(previous).unwrap();
            assert!(previous >= instant, "{url}: picks are not newest first");
        }
        previous = Some(written);
    }

    // Go Top.
    assert_eq!(doc.text("a[href=\"#top\"]"), i18n["go_top"]);
    assert_eq!(doc.count("#top"), 1);

    // The consent region: present, labelled, hidden until the script shows it.
    let consent = doc.one("[role=region]#consent");
    assert!(
        consent.attr("hidden").is_some(),
        "{url}: consent not hidden"
    );
    assert_eq!(consent.attr("aria-labelledby"), Some("consent-title"));
    assert_eq!(doc.text("#consent-title"), i18n["consent_label"]);
    assert_eq!(
        doc.texts("#consent button"),
        vec![
            i18n["consent_accept_all"].clone(),
            i18n["consent_reject_all"].clone(),
            i18n["consent_choose"].clone()
        ]
    );
    assert_eq!(doc.attr("#consent a", "href"), case.policy_url);
    assert_eq!(doc.text("#consent a"), i18n["consent_detail"]);
    assert!(output_file(out, case.policy_url).is_file());
    doc
}

#[test]
fn indonesian_article_page_has_every_element() {
    let doc = check_article_page(&ArticleCase {
        code: "id",
        source: "politics/nato-call",
        dir: "ltr",
        site_title: "Berita Dunia",
        category_label: "Politik",
        policy_url: "/id/kebijakan-cookie/",
        timezone: chrono_tz::Asia::Seoul,
        shown: ["2024-10-22 15:06:52", "2024-10-22 15:08:35"],
    });
    // The values of the reference page, spelled out.
    assert_eq!(
        doc.attrs("main p.stamps time", "datetime"),
        vec!["2024-10-22T15:06:52+09:00", "2024-10-22T15:08:35+09:00"]
    );
    assert_eq!(
        doc.texts("main p.stamps time"),
        vec!["2024-10-22 15:06:52", "2024-10-22 15:08:35"]
    );
    assert_eq!(doc.text("a[href=\"#menu\"]"), "Pergi ke Menu");
    assert_eq!(doc.text("a[href=\"#main\"]"), "Pergi ke Halaman Utama");
    assert_eq!(doc.text("a[href=\"#top\"]"), "Go Top");
    assert_eq!(doc.text("aside h2"), "Pilihan Editor");
    assert!(doc.text("main figure figcaption").contains("Photo : "));
}

#[test]
fn english_article_page_has_every_element() {
    check_article_page(&ArticleCase {
        code: "en",
        source: "politics/nato-call",
        dir: "ltr",
        site_title: "World News",
        category_label: "Politics",
        policy_url: "/en/cookie-policy/",
        timezone: chrono_tz::Asia::Seoul,
        // CLDR's long English date; text_of reads its narrow no-break space as a space.
        // The update is the correction of the next morning (issue 15).
        shown: ["October 22, 2024 at 2:52 PM", "October 23, 2024 at 9:30 AM"],
    });
}

#[test]
fn arabic_article_page_is_right_to_left_with_every_element() {
    let doc = check_article_page(&ArticleCase {
        code: "ar",
        source: "politics/nato-call",
        dir: "rtl",
        site_title: "أخبار العالم",
        category_label: "سياسة",
        policy_url: "/ar/cookie-policy/",
        timezone: chrono_tz::Asia::Riyadh,
        // Arabic month names, and the time in Riyadh with its own "AM" (ص).
        shown: ["22 أكتوبر 2024 في 9:40 ص", "(not updated)"],
    });
    // Arabic shows times in Asia/Riyadh (site.yaml), still with the offset.
    for datetime in doc.attrs("main time", "datetime") {
        assert!(datetime.ends_with("+03:00"), "{datetime}");
    }
}

#[test]
fn standalone_pages_render_with_their_own_template() {
    let out = &sample().out;
    let front = front_matter("content/id/pages/about.md");
    let doc = Doc::open(out, "/id/tentang-kami/");
    assert_eq!(doc.attr("html", "lang"), "id");
    assert_eq!(doc.text("main h1"), yaml_str(&front, "title"));
    assert_eq!(
        doc.attr("meta[name=description]", "content"),
        yaml_str(&front, "summary")
    );
    assert_eq!(doc.count("main time"), 0, "a page has no timestamps");
    // The about pages are translations of each other.
    let codes = sample_site().codes();
    let at = |code: &str| codes.iter().position(|c| *c == code).unwrap();
    let switcher = doc.switcher();
    assert_eq!(
        switcher[at("id")],
        ("id".into(), "/id/tentang-kami/".into())
    );
    assert_eq!(switcher[at("en")], ("en".into(), "/en/about/".into()));
}

/// Issue 14, item 12: the build's "now" (`SOURCE_DATE_EPOCH`) gives the footer's copyright
/// year, so it is never a hard-coded year in the UI strings.
#[test]
fn the_footer_copyright_year_is_the_build_year() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-10-22 15:06", "");
    // 2031-07-01T00:00:00Z.
    site.cmd("build").epoch("1940630400").run();
    let footer = site.page("/en/politics/one/").text("footer");
    assert!(footer.contains("© 2031 "), "{footer}");
    site.cmd("build").run();
    assert!(site.page("/en/").text("footer").contains("© 2030 "));
}

/// Issue 14, item 10: fields of one's own go under `extra:`, in front-matter and site.yaml, and
/// reach the templates as `article.extra`, `page.extra` and `site.extra`; an unknown top-level
/// field still warns, and says where such fields go.
#[test]
fn extra_fields_reach_the_templates() {
    let site = Site::fixture();
    site.edit("site.yaml", |text| {
        format!("{text}extra:\n  desk: World desk\n")
    });
    site.replace(
        "templates/article.html",
        "{{ article.body_html | safe }}",
        "<p class=loc>{{ article.extra.location | default(value='-') }} {{ article.extra.sources | default(value=[]) | length }}</p>\
         <p class=desk>{{ site.extra.desk }}</p>{{ article.body_html | safe }}",
    );
    site.replace(
        "templates/page.html",
        "{{ page.body_html | safe }}",
        "<p class=mood>{{ page.extra.mood | default(value='-') }}</p>{{ page.body_html | safe }}",
    );
    site.story(
        "en/politics/jakarta.md",
        "Jakarta",
        "2024-10-22 15:06",
        "extra:\n  location: Jakarta\n  sources: [a, b, c]\nlocaton: typo",
    );
    site.story("en/politics/plain.md", "Plain", "2024-10-22 15:07", "");
    site.markdown(
        "en/pages/about.md",
        "title: About\nextra: { mood: calm }",
        "Text.",
    );
    let run = site.cmd("build").run();
    let typo = run.stderr_line("locaton");
    assert!(
        typo.contains("fields of your own for the templates go under 'extra:'"),
        "{typo}"
    );
    let doc = site.page("/en/politics/jakarta/");
    assert_eq!(doc.text("p.loc"), "Jakarta 3");
    assert_eq!(doc.text("p.desk"), "World desk");
    assert_eq!(site.page("/en/politics/plain/").text("p.loc"), "- 0");
    assert_eq!(site.page("/en/about/").text("p.mood"), "calm");

    site.story(
        "en/politics/bad.md",
        "Bad",
        "2024-10-22 15:08",
        "extra: [not, a, map]",
    );
    let run = site.cmd("build").expect_failure().run();
    assert!(
        run.stderr_line("bad.md")
            .contains("'extra' must be a mapping"),
        "{}",
        run.stderr
    );
}
