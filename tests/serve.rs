//! `newsroom serve` (issue 3): the real binary on a free port against a small fixture site in a
//! temporary folder, spoken to over plain TCP (so that no client tidies the paths under test).
//!
//! Nothing here sleeps for a fixed time: every wait polls, with a generous limit.

mod support;

use std::time::{Duration, Instant};
use support::{PATIENCE, Site, request, snapshot, wait_until};

// -------------------------------------------------------------------------------------------------
// The fixture site

/// A two-language site with the repository's own templates and static files. Its UI strings are
/// generated from the templates' `t(key=...)` calls, each text the key in capitals.
fn fixture() -> Site {
    let site = Site::empty();
    site.copy_templates()
        .copy_static(&["css", "js"])
        .write_bytes("static/images/dot.png", &png())
        .write(
            "static/images/mark.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
        )
        .write(
            "site.yaml",
            "title: Fixture News
base_url: https://news.example.org/
default_language: en
timezone: UTC
languages:
  - code: en
    name: English
  - code: ko
    name: Korean
categories:
  politics: { en: Politics, ko: Politics-ko }
  economy: { en: Economy, ko: Economy-ko }
page_size: 2
editor_picks: 2
",
        )
        .generate_ui_strings(&["en", "ko"], |key| key.to_uppercase());
    let article = |title: &str, category: &str, day: u32, pick: bool| {
        format!(
            "---\ntitle: {title}\ncategory: {category}\nwritten: 2024-10-{day:02} 10:00:00\ntags: [fixture]\neditor_pick: {pick}\n---\n\nThe body of {title}.\n"
        )
    };
    for (path, text) in [
        (
            "en/politics/alpha.md",
            article("Alpha story", "politics", 1, true),
        ),
        (
            "en/politics/beta.md",
            article("Beta story", "politics", 2, false),
        ),
        (
            "en/politics/gamma.md",
            article("Gamma story", "politics", 3, false),
        ),
        (
            "en/economy/delta.md",
            article("Delta story", "economy", 4, false),
        ),
        (
            "ko/politics/alpha.md",
            article("Alpha-ko", "politics", 1, true),
        ),
        (
            "en/pages/about.md",
            "---\ntitle: About us\n---\n\nWho we are.\n".to_string(),
        ),
    ] {
        site.write(&format!("content/{path}"), &text);
    }
    // Outside the site and outside any output folder: must never be served.
    std::fs::write(site.parent().join("secret.txt"), "TOP-SECRET-MARKER").unwrap();
    site
}

/// A 1x1 PNG.
fn png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// Whether `text` has `PATH:LINE:COL` for the given `PATH:`.
fn has_position(text: &str, path: &str) -> bool {
    text.split(path).skip(1).any(|rest| {
        let mut parts = rest.splitn(3, ':');
        let number = |p: Option<&str>| {
            p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
        number(parts.next()) && number(parts.next())
    })
}

// -------------------------------------------------------------------------------------------------
// The tests

#[test]
fn pages_are_served_with_their_types_and_head_requests_work() {
    let site = fixture();
    let server = site.serve(&[]);

    let front = server.get("/en/");
    assert_eq!(front.status, 200);
    assert_eq!(
        front.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(front.text().contains("Alpha story"));
    assert!(
        front.text().contains("/__newsroom/live.js"),
        "the reload script"
    );

    let article = server.get("/en/politics/beta/");
    assert_eq!(article.status, 200);
    assert!(article.text().contains("The body of Beta story."));
    assert_eq!(server.get("/").status, 200, "the root's index.html");

    let head = request(&server.address, "HEAD", "/en/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        head.header("content-length"),
        Some(front.body.len().to_string().as_str())
    );

    for (path, expected) in [
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/js/consent.js", "text/javascript; charset=utf-8"),
        ("/images/dot.png", "image/png"),
        ("/images/mark.svg", "image/svg+xml; charset=utf-8"),
        ("/__newsroom/live.js", "text/javascript; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
    }
    assert_eq!(server.get("/images/dot.png").body, png());
}

#[test]
fn a_missing_path_gets_the_sites_404_page_with_status_404() {
    let site = fixture();
    let server = site.serve(&[]);
    for path in ["/no/such/page/", "/missing.png", "/en/politics/nope/"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert!(response.text().contains("NOT_FOUND_TITLE"), "{path}");
    }
}

#[test]
fn no_request_reaches_outside_the_output_folder() {
    let site = fixture();
    let server = site.serve(&[]);
    let secret = site.parent().join("secret.txt");
    // Symbolic links planted in the output, pointing out of it, are not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, server.out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(site.parent(), server.out.join("leakdir")).unwrap();
    }
    let depth = "../".repeat(12);
    let absolute = secret.display().to_string();
    let forms = [
        format!("/{depth}secret.txt"),
        format!("/en/{depth}etc/passwd"),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/%2E%2E/%2E%2E/secret.txt".to_string(),
        "/..%2f..%2f..%2fetc%2fpasswd".to_string(),
        "/%2fetc%2fpasswd".to_string(),
        "/..%5c..%5c..%5csecret.txt".to_string(),
        "/..\\..\\..\\secret.txt".to_string(),
        format!("/{}", absolute.trim_start_matches('/')),
        format!("/{absolute}"),
        format!("/{}", absolute.replace('/', "%2f")),
        "/index.html%00.png".to_string(),
        "/%00".to_string(),
        "/leak.txt".to_string(),
        "/leakdir/secret.txt".to_string(),
    ];
    for path in &forms {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path} gave {}",
            response.status
        );
        assert!(!response.text().contains("TOP-SECRET-MARKER"), "{path}");
        assert!(!response.text().contains("root:"), "{path}");
    }
}

#[test]
fn an_article_edit_rebuilds_part_of_the_site_and_reloads_the_page() {
    let site = fixture();
    let server = site.serve(&[]);
    let events = server.events();
    site.edit("content/en/politics/beta.md", |text| {
        text.replace("Beta story", "Beta, revised")
    });

    events.expect("reload", |_| true);
    assert!(
        server
            .get("/en/politics/beta/")
            .text()
            .contains("Beta, revised")
    );
    assert!(server.get("/en/politics/").text().contains("Beta, revised"));
    // The first build's line, then this rebuild's, which rendered fewer pages. The line is
    // printed before the event is sent, but read from the pipe on another thread: poll.
    let counts = || -> Vec<usize> {
        server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .filter_map(|l| l.strip_prefix("rebuilt "))
            .filter_map(|l| l.split(' ').next()?.parse().ok())
            .collect()
    };
    wait_until("the rebuild's line", || counts().len() >= 2);
    let counts = counts();
    assert_eq!(counts.len(), 2, "{counts:?}");
    assert!(counts[1] < counts[0], "an article edit rebuilt {counts:?}");
    assert!(server.stdout_has(|l| l.starts_with("rebuilt ") && l.ends_with(" ms")));
}

#[test]
fn templates_and_static_files_reload_the_page_too() {
    let site = fixture();
    let server = site.serve(&[]);
    let events = server.events();

    site.edit("templates/base.html", |text| {
        text.replace("</body>", "<!-- TEMPLATE-EDIT --></body>")
    });
    events.expect("reload", |_| true);
    assert!(server.get("/nope/").text().contains("TEMPLATE-EDIT"));

    site.write("static/css/extra.css", "body { color: red }");
    events.expect("reload", |_| true);
    assert_eq!(server.get("/css/extra.css").text(), "body { color: red }");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_shows_its_errors_until_fixed() {
    let site = fixture();
    let server = site.serve(&[]);
    let events = server.events();
    let file = "content/en/politics/beta.md";
    let good = site.read(file);

    site.write(file, &good.replace("title: Beta story", "title: [broken"));
    let data = events.expect("problems", |data| {
        has_position(data, "content/en/politics/beta.md:") && data.contains(": error: ")
    });
    assert!(data.starts_with("{\"errors\":["), "{data}");
    wait_until("the error in the terminal", || {
        has_position(&server.stderr_text(), "content/en/politics/beta.md:")
    });
    // The last good page is still served.
    let page = server.get("/en/politics/beta/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Beta story"));
    // A page opened now shows the errors at once.
    let late = server.events();
    late.expect("problems", |data| data.contains("beta.md"));

    site.write(file, &good.replace("Beta story", "Beta, fixed"));
    events.expect("reload", |_| true);
    late.expect("reload", |_| true);
    assert!(
        server
            .get("/en/politics/beta/")
            .text()
            .contains("Beta, fixed")
    );
    // A page opened now gets no errors: its first event after hello is the next reload.
    let fresh = server.events();
    site.write(file, &good);
    fresh.expect("reload", |_| true);
}

#[test]
fn a_template_error_shows_with_its_place_and_clears_when_fixed() {
    let site = fixture();
    let server = site.serve(&[]);
    let events = server.events();
    let template = "templates/404.html";
    let good = site.read(template);
    site.write(template, &format!("{good}\n{{% if %}}"));
    events.expect("problems", |data| has_position(data, "templates/404.html:"));
    assert_eq!(server.get("/en/").status, 200, "the last good site stays");
    site.write(template, &good);
    events.expect("reload", |_| true);
}

/// The first file in which the preview folder differs from a full build (the reload script
/// aside), or `None`.
fn first_difference(
    full: &std::collections::BTreeMap<String, Vec<u8>>,
    preview: &std::path::Path,
) -> Option<String> {
    let preview: std::collections::BTreeMap<String, Vec<u8>> = snapshot(preview)
        .into_iter()
        .map(|(path, bytes)| {
            if !path.ends_with(".html") {
                return (path, bytes);
            }
            let text = String::from_utf8_lossy(&bytes)
                .replace("<script src=\"/__newsroom/live.js\"></script>", "");
            (path, text.into_bytes())
        })
        .collect();
    let full_paths: Vec<&String> = full.keys().collect();
    let preview_paths: Vec<&String> = preview.keys().collect();
    if preview_paths != full_paths {
        return Some(format!(
            "other files: preview {preview_paths:?}\nfull build {full_paths:?}"
        ));
    }
    full.iter()
        .find(|(path, bytes)| preview[*path] != **bytes)
        .map(|(path, bytes)| {
            format!(
                "{path} differs from a full build:\n--- preview\n{}\n--- full build\n{}",
                String::from_utf8_lossy(&preview[path]),
                String::from_utf8_lossy(bytes)
            )
        })
}

/// The oracle for incremental rebuilds: after a run of edits of every kind, the preview holds
/// exactly what a full build of the same site gives (less the reload script).
#[test]
fn incremental_rebuilds_give_what_a_full_build_gives() {
    let site = fixture();
    let server = site.serve(&[]);
    let events = server.events();
    let edit = |path: &str, from: &str, to: &str| {
        let file = format!("content/{path}");
        let text = site.read(&file);
        assert!(text.contains(from), "{path} lacks {from:?}");
        site.write(&file, &text.replace(from, to));
        events.expect("reload", |_| true);
    };
    // In place: the title of a story, then of an editor's pick.
    edit("en/politics/beta.md", "Beta story", "Beta retitled");
    edit("en/politics/alpha.md", "Alpha story", "Alpha retitled");
    // A story moves: newer (to the top of its lists), then to another category, then a new slug.
    edit("en/politics/gamma.md", "2024-10-03", "2024-10-09");
    edit(
        "en/politics/gamma.md",
        "category: politics",
        "category: economy",
    );
    edit(
        "en/politics/beta.md",
        "title: Beta retitled",
        "title: Beta retitled\nslug: beta-renamed",
    );
    // It becomes a pick, and stops being one; its tags change.
    edit(
        "en/economy/delta.md",
        "editor_pick: false",
        "editor_pick: true",
    );
    edit(
        "en/politics/alpha.md",
        "editor_pick: true",
        "editor_pick: false",
    );
    edit(
        "en/economy/delta.md",
        "tags: [fixture]",
        "tags: [fixture, markets]",
    );
    // A translation, a standalone page, a new story, a draft and a deleted story.
    edit("ko/politics/alpha.md", "Alpha-ko", "Alpha-ko retitled");
    edit("en/pages/about.md", "About us", "About the newsroom");
    site.write(
        "content/en/economy/epsilon.md",
        "---\ntitle: Epsilon story\ncategory: economy\nwritten: 2024-10-05 10:00:00\ntags: [new]\neditor_pick: true\n---\n\nNew.\n",
    );
    events.expect("reload", |_| true);
    edit(
        "en/politics/beta.md",
        "editor_pick: false",
        "editor_pick: false\ndraft: true",
    );
    site.remove("content/en/economy/delta.md");
    events.expect("reload", |_| true);

    let out = site.parent().join("full");
    site.cmd("build")
        .out(&out)
        .args(["--base-url", &format!("{}/", server.url())])
        .run();
    let full = snapshot(&out);
    // The article pages whose only change is their picks box are written after the reload event:
    // poll until the preview matches, and show the first difference if it never does.
    let mut difference = None;
    let started = Instant::now();
    while started.elapsed() < PATIENCE {
        difference = first_difference(&full, &server.out);
        if difference.is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(difference.is_none(), "{}", difference.unwrap());
    assert!(full.contains_key("en/economy/epsilon/index.html"));
    assert!(!full.contains_key("en/economy/delta/index.html"));
}

#[test]
fn the_build_command_never_writes_the_reload_script() {
    let site = fixture();
    site.cmd("build").run();
    let files = snapshot(&site.out());
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("__newsroom"), "{name}");
    }
    assert!(files.len() > 10);
}

#[test]
fn a_busy_port_is_said_plainly() {
    let site = fixture();
    let server = site.serve(&[]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    site.cmd("serve")
        .args(["--port", &port])
        .expect_failure()
        .expect_stderr_contains(&format!("port {port} on 127.0.0.1 is already in use"))
        .run();
}

#[test]
fn ctrl_c_stops_the_server_and_removes_the_preview_folder() {
    let site = fixture();
    let mut server = site.serve(&[]);
    let events = server.events();
    assert!(server.out.join("index.html").is_file());
    let status = server.interrupt();
    assert!(status.success(), "{status}");
    assert!(!server.out.exists(), "the preview folder is removed");
    drop(events);
}

#[test]
fn binding_beyond_loopback_warns_that_the_preview_is_public() {
    let site = fixture();
    let server = site.serve(&["--bind", "0.0.0.0"]);
    wait_until("the warning", || {
        server
            .stderr_text()
            .contains("warning: serving on 0.0.0.0, not on a loopback address")
    });
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "URLs use loopback"
    );
    assert_eq!(server.get("/en/").status, 200);
}

/// A site whose base_url has a path is previewed under that path, so the links that `check`
/// advises (`/news/en/...`) work in the preview as they will on the host.
#[test]
fn a_site_in_a_sub_folder_is_previewed_at_its_path() {
    let site = fixture();
    site.replace(
        "site.yaml",
        "base_url: https://news.example.org/\n",
        "base_url: https://news.example.org/news/\n",
    );
    let server = site.serve(&[]);
    let front = server.get("/news/en/");
    assert_eq!(front.status, 200);
    assert!(
        front.text().contains("href=\"/news/en/"),
        "links keep the path"
    );
    let bare = server.get("/");
    assert_eq!(bare.status, 302, "the host's root leads to the site");
    assert_eq!(bare.header("location"), Some("/news/"));
    let missing = server.get("/news/en/nope/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("NOT_FOUND_TITLE"),
        "the site's own 404 page"
    );
    assert!(
        server.stdout_has(|line| line.contains("/news/ from")),
        "the printed address has the path"
    );
}

/// Issue 14, item 5: the preview says what it leaves out, and that a saved draft (as `new`
/// starts every story) is hidden unless it was started with --drafts.
#[test]
fn the_preview_names_what_it_hides() {
    let site = fixture();
    site.story(
        "en/politics/held.md",
        "Held",
        "2024-10-22 15:06",
        "draft: true",
    );
    let server = site.serve(&[]);
    wait_until("the left-out note", || {
        server.stdout_has(|l| l.starts_with("note: left out 1 draft (--drafts includes them)"))
    });
    site.story(
        "en/politics/started.md",
        "Started",
        "2024-10-22 15:06",
        "draft: true",
    );
    wait_until("the draft's note", || {
        server.stdout_has(|l| {
            l == "note: content/en/politics/started.md is a draft: the preview hides it unless started with --drafts"
        })
    });
    assert!(server.get("/en/politics/started/").status == 404);
}
