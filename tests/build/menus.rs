//! Issue 14, item 11: standalone pages and menus in templates. `pages` lists the language's
//! standalone pages; `menus` of site.yaml name a page, a category or an address, resolved in each
//! page's language. The sample's footer uses `menus.footer`.

use crate::support::*;

const MENUS: &str = "\
menus:
  footer:
    - page: about
    - category: politics
    - url: /contact/
      label: { en: Contact, ko: 연락처, ar: اتصل بنا }
";

/// The fixture with an About page in English and Korean (not in Arabic) and a footer menu.
fn site_with_menus() -> Site {
    let site = Site::fixture();
    site.write("site.yaml", &format!("{FIXTURE_SITE_YAML}{MENUS}"));
    site.markdown("en/pages/about.md", "title: About us", "Who we are.");
    site.markdown(
        "ko/pages/about.md",
        "title: 소개\nslug: sogae",
        "우리는 누구인가.",
    );
    site.story("en/politics/one.md", "One", "2024-10-22 15:06:52", "");
    // A template that lists the language's standalone pages.
    site.replace(
        "templates/base.html",
        "</footer>",
        "<ul class=\"pages\">{% for p in pages %}<li><a href=\"{{ p.url }}\" data-key=\"{{ p.key }}\"{% if p.current %} aria-current=\"page\"{% endif %}>{{ p.title }}</a></li>{% endfor %}</ul></footer>",
    );
    site
}

/// (label, href, hreflang) of each footer-menu link of a page.
fn footer_menu(site: &Site, url: &str) -> Vec<(String, String, String)> {
    let page = site.page(url);
    page.all(".footer-menu a")
        .iter()
        .map(|a| {
            let attr = |name: &str| a.value().attr(name).unwrap_or_default().to_string();
            (text_of(a), attr("href"), attr("hreflang"))
        })
        .collect()
}

#[test]
fn menu_entries_are_resolved_in_each_language() {
    let site = site_with_menus();
    site.cmd("build").run();
    let text = |label: &str, href: &str, lang: &str| {
        (label.to_string(), href.to_string(), lang.to_string())
    };
    assert_eq!(
        footer_menu(&site, "/en/"),
        vec![
            text("About us", "/en/about/", ""),
            text("Politics", "/en/politics/", ""),
            text("Contact", "/contact/", ""),
        ]
    );
    assert_eq!(
        footer_menu(&site, "/ko/"),
        vec![
            text("소개", "/ko/sogae/", ""),
            text("정치", "/ko/politics/", ""),
            text("연락처", "/contact/", ""),
        ]
    );
    // Arabic has no About page yet: the entry leads to the default language's, marked as such.
    assert_eq!(
        footer_menu(&site, "/ar/"),
        vec![
            text("About us", "/en/about/", "en"),
            text("سياسة", "/ar/politics/", ""),
            text("اتصل بنا", "/contact/", ""),
        ]
    );
    let about = site.page("/ko/sogae/");
    assert_eq!(
        about.attr(".footer-menu a[aria-current=page]", "href"),
        "/ko/sogae/"
    );
    assert_eq!(
        about.attr(".pages a[aria-current=page]", "data-key"),
        "pages/about"
    );
    assert_eq!(about.texts(".pages a"), vec!["소개"]);
    assert!(site.page("/ar/").all(".pages a").is_empty());
}

#[test]
fn a_renamed_page_changes_every_footer_in_an_incremental_build() {
    let site = site_with_menus();
    site.cmd("build").run();
    site.replace(
        "content/en/pages/about.md",
        "title: About us",
        "title: About the desk",
    );
    site.cmd("build").run();
    assert_eq!(
        footer_menu(&site, "/en/politics/one/")[0].0,
        "About the desk"
    );
    assert_eq!(site.page("/en/").texts(".pages a"), vec!["About the desk"]);
    assert_eq!(footer_menu(&site, "/ar/")[0].0, "About the desk");
}

#[test]
fn menu_mistakes_are_errors_at_their_line() {
    let site = Site::fixture();
    site.markdown("en/pages/about.md", "title: About us", "Who we are.");
    let menus = "\
menus:
  footer:
    - page: about
    - category: politcs
    - page: about
      url: /x/
    - url: /contact/
    - url: javascript:alert(1)
      label: Click
";
    site.write("site.yaml", &format!("{FIXTURE_SITE_YAML}{menus}"));
    let menus_line = FIXTURE_SITE_YAML.lines().count() + 1;
    let run = site.cmd("build").expect_failure().run();
    for expected in [
        format!(
            "site.yaml:{}:1: error: menus.footer, entry 2: unknown category 'politcs'; did you mean 'politics'?",
            menus_line + 3
        ),
        format!(
            "site.yaml:{}:1: error: menus.footer, entry 3: give one of 'page' (a standalone page's key), 'category' or 'url'",
            menus_line + 4
        ),
        format!(
            "site.yaml:{}:1: error: menus.footer, entry 4: a 'url' entry needs a 'label'",
            menus_line + 6
        ),
        format!(
            "site.yaml:{}:1: error: menus.footer, entry 5: 'javascript:alert(1)' is not an address a menu can link",
            menus_line + 7
        ),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    // A page is known once the content is read: with the settings right, a misspelt one is
    // reported at its line.
    site.write(
        "site.yaml",
        &format!(
            "{FIXTURE_SITE_YAML}menus:\n  footer:\n    - category: politics\n    - page: abut\n"
        ),
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains(&format!(
            "site.yaml:{}:1: error: menus.footer, entry 2: no standalone page 'abut' is published; did you mean 'about'?",
            menus_line + 3
        ))
        .run();
    // A page left out of the build is named, with why.
    site.markdown("en/pages/soon.md", "title: Soon\ndraft: true", "Later.");
    site.write(
        "site.yaml",
        &format!("{FIXTURE_SITE_YAML}menus:\n  footer:\n    - page: soon\n"),
    );
    site.cmd("build")
        .expect_failure()
        .expect_stderr_contains("menus.footer, entry 1: no standalone page 'soon' is published; content/en/pages/soon.md is left out of this build (a draft; --drafts includes it)")
        .run();
}

#[test]
fn a_menu_links_mail_and_phone_addresses_as_they_are() {
    let site = Site::fixture();
    site.story("en/politics/one.md", "One", "2024-10-22 15:06:52", "");
    site.write(
        "site.yaml",
        &format!("{FIXTURE_SITE_YAML}menus:\n  footer:\n    - url: mailto:desk@fixture.example\n      label: Mail\n    - url: tel:+8221234567\n      label: Call\n"),
    );
    site.cmd("build").run();
    assert_eq!(
        site.page("/en/").attrs(".footer-menu a", "href"),
        vec!["mailto:desk@fixture.example", "tel:+8221234567"]
    );
}

#[test]
fn the_sample_footer_links_each_language_s_own_pages() {
    let sample = sample();
    let site = sample_site();
    for language in &site.languages {
        let code = &language.code;
        let front = sample.site.page(&format!("/{code}/"));
        let links = front.attrs(".footer-menu a", "href");
        // The sample's footer names its About and cookie pages, in every language.
        let own_pages: Vec<&str> = site
            .stories
            .iter()
            .filter(|s| &s.code == code && s.category.is_none())
            .filter(|s| ["pages/about", "pages/cookie-policy"].contains(&s.key.as_str()))
            .map(|s| s.url.as_str())
            .collect();
        assert_eq!(own_pages.len(), 2, "{code}");
        assert_eq!(links, own_pages, "{code}");
        for href in links {
            let target = sample.site.page(&href);
            assert_eq!(target.attr("html", "lang"), language.tag);
        }
    }
}
