//! Issue 16: consent per purpose. The purposes of `site.yaml` in the preferences layer, embeds
//! rendered as local placeholders, and undeclared purposes refused with their file and line.
//! How the snippet behaves in a browser is tested in `tests/browser.rs`.

use crate::support::{Doc, Site, repo_root, sample_site};

/// `consent:` of the fixture with three purposes, the last titled in `site.yaml` itself.
const PURPOSES: &str = "consent:
  categories:
    - key: necessary
      necessary: true
    - key: analytics
    - key: media
      title: { en: Films and clips, ko: 영상, ar: مقاطع }
      description: Players of video sites.
";

fn site_with_purposes() -> Site {
    let site = Site::fixture();
    site.replace("site.yaml", "consent:\n", PURPOSES);
    site
}

fn embed_story(site: &Site, path: &str, block: &str) {
    site.markdown(
        path,
        "title: Summit\ncategory: politics\nwritten: 2024-10-22 15:06:52",
        &format!("The leaders met.\n\n```embed\n{block}\n```\n\nThey spoke."),
    );
}

#[test]
fn the_preferences_layer_lists_every_purpose_in_the_page_language() {
    let site = site_with_purposes();
    site.story("ko/politics/a.md", "정상회담", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    let doc = site.page("/ko/politics/a/");
    let i18n = sample_site().i18n("ko");
    assert_eq!(
        doc.attrs("#consent-prefs input[role=switch]", "name"),
        ["necessary", "analytics", "media"]
    );
    assert_eq!(
        doc.texts("#consent-prefs .purpose-title"),
        [
            i18n["consent_purpose_necessary"].as_str(),
            i18n["consent_purpose_analytics"].as_str(),
            "영상"
        ],
        "titles from i18n/, or from site.yaml where it writes them"
    );
    assert!(
        doc.text("#purpose-media")
            .contains("Players of video sites.")
    );
    // Necessary is on and cannot be switched off; the others are off until the reader says so.
    let necessary = doc.one("#consent-prefs input[name=necessary]");
    assert!(necessary.attr("checked").is_some() && necessary.attr("disabled").is_some());
    for key in ["analytics", "media"] {
        let input = doc.one(&format!("#consent-prefs input[name={key}]"));
        assert!(input.attr("checked").is_none(), "{key} is off by default");
        assert!(input.attr("disabled").is_none());
    }
    assert_eq!(
        doc.attr("#consent", "data-purposes"),
        "necessary! analytics media"
    );
    // Both layers offer Accept all and Reject all; the first adds Choose, the second Save.
    assert_eq!(
        doc.texts("#consent button"),
        [
            i18n["consent_accept_all"].as_str(),
            i18n["consent_reject_all"].as_str(),
            i18n["consent_choose"].as_str()
        ]
    );
    assert_eq!(
        doc.attrs("#consent-prefs button", "data-consent-choice"),
        ["save", "all", "none"]
    );
}

#[test]
fn an_embed_is_a_local_placeholder_with_a_plain_link() {
    let site = site_with_purposes();
    embed_story(
        &site,
        "en/politics/summit.md",
        "youtube: https://www.youtube.com/watch?v=abcDEF12345\ntitle: The press conference",
    );
    site.cmd("build").run();
    let doc = site.page("/en/politics/summit/");
    let embed = doc.one("main figure.embed[data-embed]");
    assert_eq!(embed.attr("data-purpose"), Some("media"));
    assert_eq!(
        embed.attr("data-player"),
        Some("https://www.youtube-nocookie.com/embed/abcDEF12345"),
        "YouTube through its no-cookie host"
    );
    assert!(
        embed.attr("data-once").is_some(),
        "load_once is on by default"
    );
    assert_eq!(doc.text("figure.embed figcaption"), "The press conference");
    let note = doc.text("figure.embed .embed-note");
    for words in [
        "YouTube",
        "Google (youtube-nocookie.com)",
        "IP address",
        "Films and clips",
    ] {
        assert!(note.contains(words), "the note names {words:?}: {note}");
    }
    assert_eq!(
        doc.attr("figure.embed a", "href"),
        "https://www.youtube.com/watch?v=abcDEF12345",
        "without JavaScript, a plain link to the video"
    );
    let button = doc.one("figure.embed button[data-embed-load]");
    assert!(
        button.attr("hidden").is_some(),
        "the button needs the script"
    );
    // Nothing on the page would make the browser fetch from the provider.
    assert_eq!(doc.count("iframe, [src*=youtube], [href*=nocookie]"), 0);
    // The story around it stays as written.
    assert_eq!(doc.texts(".body > p"), ["The leaders met.", "They spoke."]);
}

#[test]
fn without_load_once_the_button_grants_the_purpose_in_the_page_language() {
    let site = site_with_purposes();
    site.replace(
        "site.yaml",
        "consent:\n",
        "consent:\n  embeds:\n    purpose: media\n    load_once: false\n",
    );
    embed_story(
        &site,
        "ar/politics/summit.md",
        "vimeo: 76979871\ntitle: المؤتمر",
    );
    site.cmd("build").run();
    let doc = site.page("/ar/politics/summit/");
    let embed = doc.one("figure.embed");
    assert!(embed.attr("data-once").is_none());
    assert_eq!(
        embed.attr("data-player"),
        Some("https://player.vimeo.com/video/76979871?dnt=1")
    );
    let allow = sample_site().i18n("ar")["embed_allow"].replace("{purpose}", "مقاطع");
    assert_eq!(doc.text("figure.embed button"), allow);
}

#[test]
fn an_undeclared_purpose_in_a_template_fails_the_build_at_its_line() {
    let site = site_with_purposes();
    site.story("en/politics/a.md", "A", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    site.edit("templates/article.html", |text| {
        format!(
            "{text}\n{{% block consent_scripts %}}\n<script type=\"text/plain\" data-consent=\"advertising\">x()</script>{{% endblock consent_scripts %}}\n"
        )
    });
    let line = std::fs::read_to_string(site.path("templates/article.html"))
        .unwrap()
        .lines()
        .position(|l| l.contains("advertising"))
        .unwrap()
        + 1;
    let run = site.cmd("build").expect_failure().run();
    let error = run.stderr_line("advertising");
    assert!(
        error.starts_with(&format!("templates/article.html:{line}:27: error: ")),
        "{error}"
    );
    assert!(
        error.contains("necessary, analytics, media"),
        "names the declared keys: {error}"
    );
    assert!(site.exists("/en/politics/a/"), "the previous output stays");
}

#[test]
fn an_undeclared_purpose_in_an_article_fails_the_build_at_its_line() {
    let site = site_with_purposes();
    // Line 1-5 front-matter, 6 blank, 7 text, 8 blank, 9 the fence.
    embed_story(
        &site,
        "en/politics/a.md",
        "youtube: abc\ntitle: T\npurpose: ads",
    );
    // The site's own embed purpose undeclared: every embed without `purpose:` says so.
    site.replace("site.yaml", "    - key: media\n", "    - key: videos\n");
    embed_story(&site, "en/politics/b.md", "youtube: abc\ntitle: T");
    embed_story(&site, "en/politics/c.md", "youtube: abc");
    let run = site.cmd("build").expect_failure().run();
    let errors = run.error_lines();
    assert!(
        errors.iter().any(
            |e| e.starts_with("content/en/politics/a.md:9:1: error: the consent purpose 'ads'")
        ),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e
            .starts_with("content/en/politics/b.md:9:1: error: the consent purpose 'media'")
            && e.contains("consent.embeds.purpose")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(
            |e| e.starts_with("content/en/politics/c.md:9:1: error: an embed needs a `title:`")
        ),
        "{errors:?}"
    );
}

#[test]
fn a_purpose_without_a_title_anywhere_is_a_warning_and_shows_its_key() {
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "consent:\n",
        "consent:\n  categories:\n    - key: necessary\n      necessary: true\n    - key: personalisation\n",
    );
    site.story("en/politics/a.md", "A", "2024-10-22 15:06:52", "");
    let run = site.cmd("build").run();
    for (field, key) in [
        ("title", "'consent_purpose_personalisation'"),
        ("description", "'consent_purpose_personalisation_text'"),
    ] {
        let error = run.stderr_line(&format!("has no {field}"));
        assert!(
            error.starts_with("i18n/en.yaml: warning: the consent purpose 'personalisation'"),
            "{error}"
        );
        assert!(error.contains(key), "{error}");
    }
    let doc = site.page("/en/politics/a/");
    assert_eq!(
        doc.texts("#consent-prefs .purpose-title"),
        [
            sample_site().i18n("en")["consent_purpose_necessary"].as_str(),
            "personalisation"
        ]
    );
}

/// The snippet's JS and CSS are small: under 6 KB together before compression (cookieconsent v3,
/// the reference, ships 23,459 B of JS and 32,207 B of CSS in its minified dist files, 3.1.0).
#[test]
fn the_snippet_weighs_under_6_kb() {
    let root = repo_root();
    let size = |path: &str| std::fs::metadata(root.join(path)).unwrap().len();
    let total = size("static/js/consent.js") + size("static/css/consent.css");
    assert!(total < 6 * 1024, "consent.js + consent.css = {total} bytes");
    // And every page links both.
    let site = Site::fixture();
    site.story("en/politics/a.md", "A", "2024-10-22 15:06:52", "");
    site.cmd("build").run();
    let doc: Doc = site.page("/en/politics/a/");
    assert!(doc.attr("link[href*='css/consent.css']", "rel") == "stylesheet");
    assert_eq!(doc.count("script[src*='js/consent.js']"), 1);
}
