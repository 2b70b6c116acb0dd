//! Issue 6: the pages and the consent snippet in a real browser.
//!
//! Headless Chromium, driven through chromedriver with fantoccini, against `newsroom serve` on a
//! free port. axe-core comes from the npm registry (`npm ci` installs it into node_modules/, as
//! `.ci/run` does).
//!
//! This binary has its own harness (`harness = false`, libtest-mimic), so that what a test needs is
//! looked for when it runs: a test whose tools are missing is reported as **ignored, with the
//! reason**, in the summary (`8 ignored`), never as passed. Under CI (`CI=true`) a missing tool
//! fails the test instead. Filters and flags work as with the standard harness
//! (`cargo test --test browser -- consent`).

mod support;

#[path = "browser/consent.rs"]
mod consent;
use consent::consent_site;
#[path = "browser/search.rs"]
mod search;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::{Site, paragraphs, repo_root, sample_site};

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (375, 800);

/// One browser at a time: two cores cannot run several Chromiums and a server well.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn main() -> std::process::ExitCode {
    let args = Arguments::from_args();
    let tests: Vec<(&str, Needs, BrowserTest)> = vec![
        (
            "consent_first_visit_shows_the_banner_and_reject_all_keeps_everything_off",
            Needs::Browser,
            consent::first_visit_shows_the_banner_and_reject_all_keeps_everything_off,
        ),
        (
            "consent_granting_one_purpose_runs_only_its_scripts_and_embeds_until_withdrawn",
            Needs::Browser,
            consent::granting_one_purpose_runs_only_its_scripts_and_embeds_until_withdrawn,
        ),
        (
            "consent_an_embed_loads_once_on_click_without_consent",
            Needs::Browser,
            consent::an_embed_loads_once_on_click_without_consent,
        ),
        (
            "consent_the_whole_flow_works_by_keyboard_alone",
            Needs::Browser,
            consent::the_whole_flow_works_by_keyboard_alone,
        ),
        (
            "consent_layers_have_equal_buttons_mirror_in_rtl_and_fit_375_px",
            Needs::Browser,
            consent::layers_have_equal_buttons_mirror_in_rtl_and_fit_375_px,
        ),
        (
            "consent_both_layers_pass_axe_in_ltr_and_rtl",
            Needs::BrowserAndAxe,
            consent::both_layers_pass_axe_in_ltr_and_rtl,
        ),
        (
            "consent_raising_the_revision_asks_again",
            Needs::Browser,
            consent::raising_the_revision_asks_again,
        ),
        (
            "consent_notice_mode_closes_for_good_and_links_the_policy_in_the_page_language",
            Needs::Browser,
            consent::notice_mode_closes_for_good_and_links_the_policy_in_the_page_language,
        ),
        (
            "search_a_q_address_opens_with_results_and_the_header_box_filter_and_empty_result_work",
            Needs::Browser,
            search::a_q_address_opens_with_results_and_the_header_box_filter_and_empty_result_work,
        ),
        (
            "without_javascript_the_article_reads_fully_and_shows_no_banner",
            Needs::Browser,
            without_javascript_the_article_reads_fully_and_shows_no_banner,
        ),
        (
            "every_page_type_in_every_language_passes_axe_wcag_21_aa",
            Needs::BrowserAndAxe,
            every_page_type_in_every_language_passes_axe_wcag_21_aa,
        ),
        (
            "layout_holds_at_phone_width_and_arabic_reads_right_to_left",
            Needs::Browser,
            layout_holds_at_phone_width_and_arabic_reads_right_to_left,
        ),
        (
            "a_korean_headline_breaks_between_words_never_inside_one",
            Needs::Browser,
            a_korean_headline_breaks_between_words_never_inside_one,
        ),
        (
            "an_edited_headline_shows_in_the_open_page_within_two_seconds",
            Needs::Browser,
            an_edited_headline_shows_in_the_open_page_within_two_seconds,
        ),
        (
            "an_article_page_weighs_under_50_kb_and_asks_no_other_host",
            Needs::Browser,
            an_article_page_weighs_under_50_kb_and_asks_no_other_host,
        ),
        (
            "a_phone_at_375_px_and_dpr_2_loads_the_small_webp_of_the_lead_photo",
            Needs::Browser,
            a_phone_at_375_px_and_dpr_2_loads_the_small_webp_of_the_lead_photo,
        ),
    ];
    if !args.list
        && let Err(missing) = tools(Needs::BrowserAndAxe)
    {
        eprintln!("note: browser tests: {missing}");
    }
    let trials = tests
        .into_iter()
        .map(|(name, needs, test)| {
            Trial::ignorable_test(name, move || match tools(needs) {
                Ok(tools) => {
                    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
                    test(&tools);
                    Ok(Completion::Completed)
                }
                Err(missing) if under_ci() => Err(Failed::from(format!(
                    "{missing}; under CI=true they are required (.ci/run installs them)"
                ))),
                Err(missing) => Ok(Completion::ignored_with(missing)),
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// A browser test: it runs with the tools it needs, and panics when it fails.
type BrowserTest = fn(&Tools);

/// What a test needs besides the binary.
#[derive(Clone, Copy)]
enum Needs {
    Browser,
    BrowserAndAxe,
}

struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
    /// axe-core's source, where the test needs it.
    axe: Option<String>,
}

fn find_tool(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The tools a test needs, or what is missing and how to install it.
fn tools(needs: Needs) -> Result<Tools, String> {
    let chromium = find_tool(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_tool(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        return Err(
            "needs chromium and chromedriver on PATH: apt-get install chromium chromium-driver"
                .to_string(),
        );
    };
    let axe = match needs {
        Needs::Browser => None,
        Needs::BrowserAndAxe => {
            let path = repo_root().join("node_modules/axe-core/axe.min.js");
            match std::fs::read_to_string(&path) {
                Ok(source) => Some(source),
                Err(_) => {
                    return Err(format!(
                        "needs axe-core at {} (npm ci installs it)",
                        path.display()
                    ));
                }
            }
        }
    };
    Ok(Tools {
        chromium,
        chromedriver,
        axe,
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A child process that is killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Browser {
    client: Client,
    _driver: Running,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(tools: &Tools, javascript: bool, size: (u32, u32)) -> Browser {
        Browser::start_with(tools, javascript, size, Vec::new()).await
    }

    /// As `start`, with more Chromium flags (a proxy, say).
    async fn start_with(
        tools: &Tools,
        javascript: bool,
        (width, height): (u32, u32),
        extra: Vec<String>,
    ) -> Browser {
        let port = free_port();
        let driver = Running(
            Command::new(&tools.chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver"),
        );
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-dev-shm-usage".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".to_string());
        }
        args.extend(extra);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": tools.chromium, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(err) if Instant::now() > deadline => {
                    panic!("chromedriver did not start: {err}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        // The window size of the flag includes no browser chrome in headless mode; set the
        // viewport exactly all the same.
        let _ = client.set_window_size(width, height).await;
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Waits (up to 5 s) until the page has loaded with every stylesheet applied: the preview's
    /// live reload may be reloading it just as a test measures its layout.
    async fn settle(&self) {
        const SETTLED: &str = "return document.readyState === 'complete' && [...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while self.eval(SETTLED).await != json!(true) && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("run {script}: {e}"))
    }

    async fn is_visible(&self, css: &str) -> bool {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn cookie(&self, name: &str) -> Option<String> {
        self.client
            .get_named_cookie(name)
            .await
            .ok()
            .map(|c| c.value().to_string())
    }

    async fn press_tab(&self, times: usize) {
        let mut keys = KeyActions::new("keyboard".to_string());
        for _ in 0..times {
            keys = keys
                .then(KeyAction::Down {
                    value: Key::Tab.into(),
                })
                .then(KeyAction::Up {
                    value: Key::Tab.into(),
                });
        }
        self.client.perform_actions(keys).await.expect("press Tab");
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Asserts the browser shows the fixture's story, not the not-found page (which has a banner too).
async fn assert_on_story(browser: &Browser) {
    let headline = browser
        .eval("return document.querySelector('h1').textContent")
        .await;
    assert_eq!(headline, json!("Summit closes"), "the story page is shown");
}

/// The sample's language codes, from its site.yaml.
fn languages() -> Vec<String> {
    sample_site()
        .codes()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The URL path of the article page shown for a language: the reference story where that language
/// has it, else its newest published story with tags.
fn article_of(code: &str) -> String {
    let site = sample_site();
    let mut candidates: Vec<&support::SampleStory> = site
        .published_articles()
        .filter(|s| s.code == code && s.front.get("tags").is_some())
        .collect();
    candidates.sort_by_key(|s| std::cmp::Reverse(s.written));
    candidates
        .iter()
        .find(|s| s.url == format!("/{code}/politics/nato-call/"))
        .or(candidates.first())
        .unwrap_or_else(|| panic!("the sample has no story with tags in '{code}'"))
        .url
        .clone()
}

fn without_javascript_the_article_reads_fully_and_shows_no_banner(tools: &Tools) {
    let sample = Site::sample();
    let server = sample.serve(&[]);
    let base = server.url();
    // Every paragraph of the story's Markdown.
    let expected = paragraphs("content/id/politics/nato-call.md").len();
    runtime().block_on(async {
        let browser = Browser::start(tools, false, PHONE).await;
        browser
            .open(&format!("{base}/id/politics/nato-call/"))
            .await;
        assert!(
            !browser.is_visible("#consent").await,
            "no banner without JavaScript"
        );
        assert!(
            !browser.is_visible("[data-consent-open]").await,
            "no dead settings button"
        );
        for css in [
            "h1",
            "time",
            "figure img",
            "figcaption",
            ".body p",
            "#menu a",
            "aside a",
        ] {
            assert!(
                browser.is_visible(css).await,
                "{css} is shown without JavaScript"
            );
        }
        let paragraphs = browser
            .client
            .find_all(Locator::Css(".body p"))
            .await
            .expect("paragraphs");
        assert_eq!(
            paragraphs.len(),
            expected,
            "the whole body, all {expected} paragraphs"
        );
        let mut visible = 0;
        for paragraph in &paragraphs {
            if paragraph.is_displayed().await.unwrap_or(false) {
                visible += 1;
            }
        }
        assert_eq!(visible, expected);
        browser.close().await;
    });
}

/// Runs axe-core in the page and returns its WCAG 2.1 A/AA violations as readable lines.
async fn axe_violations(browser: &Browser, axe_source: &str) -> Vec<String> {
    browser
        .client
        .execute(axe_source, vec![])
        .await
        .expect("inject axe-core");
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    result
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn every_page_type_in_every_language_passes_axe_wcag_21_aa(tools: &Tools) {
    let axe = tools.axe.as_deref().expect("axe-core");
    let sample = Site::sample();
    let server = sample.serve(&[]);
    let base = server.url();
    let languages = languages();
    runtime().block_on(async {
        let mut failures = Vec::new();
        let mut checked = 0;
        for size in [DESKTOP, PHONE] {
            let browser = Browser::start(tools, true, size).await;
            let mut pages = vec![format!("{base}/")];
            for code in &languages {
                let article = format!("{base}{}", article_of(code));
                pages.push(format!("{base}/{code}/"));
                pages.push(format!("{base}/{code}/politics/"));
                pages.push(article.clone());
                pages.push(format!("{base}/{code}/no-such-page/"));
                pages.push(format!("{base}/{code}/404.html"));
                pages.push(format!("{base}/{code}/tags/"));
                pages.push(format!("{base}/{code}/archive/"));
                // A tag page: the first tag the story links to.
                browser.open(&article).await;
                let tag = browser
                    .eval(
                        "const a = document.querySelector('a[rel=tag]'); return a ? a.href : null",
                    )
                    .await;
                pages.push(tag.as_str().expect("the sample story has tags").to_string());
                // A month of the archive: the first the archive lists.
                browser.open(&format!("{base}/{code}/archive/")).await;
                let month = browser
                    .eval("const a = document.querySelector('main .months a'); return a ? a.href : null")
                    .await;
                pages.push(month.as_str().expect("the archive lists a month").to_string());
                // The search page with the results of a word of the story's headline.
                browser.open(&article).await;
                let word = browser
                    .eval("return document.querySelector('h1').textContent.trim().split(/\\s+/)[0]")
                    .await;
                pages.push(search::search_address(
                    &base,
                    code,
                    word.as_str().expect("a headline"),
                ));
            }
            // A standalone page in every language: its cookie policy.
            pages.extend(languages.iter().map(|code| {
                format!("{base}{}", sample_site().language_policy_url(code))
            }));
            for page in pages {
                browser.open(&page).await;
                browser.settle().await;
                checked += 1;
                if page.contains("/search/") {
                    search::wait_for_results(&browser).await;
                }
                for violation in axe_violations(&browser, axe).await {
                    failures.push(format!("{page} at {size:?}: {violation}"));
                }
                let overflow = browser
                    .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    .await;
                if overflow.as_i64().unwrap_or(1) > 0 {
                    failures.push(format!("{page} at {size:?} scrolls sideways by {overflow} px"));
                }
            }
            browser.close().await;
        }
        // Per width: the root, and eleven page types in every language (front, category, article,
        // not found at a missing address and at its own, tag index, tag, archive, month, search
        // with results, page).
        assert_eq!(checked, 2 * (1 + 11 * languages.len()));
        assert!(
            failures.is_empty(),
            "axe-core found:\n{}",
            failures.join("\n")
        );
    });
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("screenshots")
}

fn layout_holds_at_phone_width_and_arabic_reads_right_to_left(tools: &Tools) {
    let sample = Site::sample();
    let server = sample.serve(&[]);
    let base = server.url();
    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).expect("create target/screenshots");
    let languages = languages();
    runtime().block_on(async {
        for size in [DESKTOP, PHONE] {
            let browser = Browser::start(tools, true, size).await;
            for code in &languages {
                let article = article_of(code);
                let right_to_left = sample_site().language(code).dir == "rtl";
                for page in [format!("/{code}/"), format!("/{code}/politics/"), article.clone()] {
                    browser.open(&format!("{base}{page}")).await;
                    browser.settle().await;
                    let overflow = browser
                        .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                        .await;
                    assert!(
                        overflow.as_i64().unwrap_or(1) <= 0,
                        "{page} at {size:?} scrolls sideways by {overflow} px"
                    );
                    let direction = browser
                        .eval("return getComputedStyle(document.querySelector('main')).direction")
                        .await;
                    let expected = if right_to_left { "rtl" } else { "ltr" };
                    assert_eq!(direction, json!(expected), "{page}");
                }
                if right_to_left {
                    // Right to left for real: the headline starts at the right edge.
                    let edges = browser
                        .eval("const r = document.querySelector('h1').getBoundingClientRect(); return [r.left, r.right, document.documentElement.clientWidth]")
                        .await;
                    let edges: Vec<f64> = edges.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
                    assert!(edges[2] - edges[1] < edges[0] + 1.0, "the {code} headline hugs the right: {edges:?}");
                }
                browser.open(&format!("{base}{article}")).await;
                let png = browser.client.screenshot().await.expect("a screenshot");
                assert!(png.starts_with(b"\x89PNG"), "a PNG");
                std::fs::write(shots.join(format!("article-{code}-{}.png", size.0)), png)
                    .expect("write the screenshot");
            }
            browser.close().await;
        }
    });
    for code in &languages {
        for width in [DESKTOP.0, PHONE.0] {
            assert!(shots.join(format!("article-{code}-{width}.png")).is_file());
        }
    }
}

/// Measures, in the browser, where each line of the headline starts: Korean breaks between words
/// (`word-break: keep-all`, issue 13), so every word sits on one line.
fn a_korean_headline_breaks_between_words_never_inside_one(tools: &Tools) {
    let site = Site::fixture();
    let headline = "대통령실은 북대서양조약기구 사무총장과의 통화에서 러시아에 파병된 북한군 문제에 공동으로 대응하기로 합의했다고 밝혔다";
    site.story("ko/politics/call.md", headline, "2024-10-22 15:06:52", "");
    let server = site.serve(&[]);
    let url = format!("{}/ko/politics/call/", server.url());
    runtime().block_on(async {
        for size in [PHONE, DESKTOP] {
            let browser = Browser::start(tools, true, size).await;
            browser.open(&url).await;
            let measured = browser
                .eval(
                    "const h = document.querySelector('h1'); const node = h.firstChild;
                     const text = node.textContent; const tops = r => new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                     const all = document.createRange(); all.selectNodeContents(node);
                     const broken = []; let at = 0;
                     for (const word of text.split(' ')) {
                       const start = text.indexOf(word, at); at = start + word.length;
                       const range = document.createRange(); range.setStart(node, start); range.setEnd(node, at);
                       if (tops(range).size > 1) broken.push(word);
                     }
                     return [tops(all).size, broken];",
                )
                .await;
            let lines = measured[0].as_u64().unwrap_or(0);
            if size == PHONE {
                assert!(lines > 2, "the headline wraps at {size:?}: {measured}");
            }
            assert_eq!(measured[1], json!([]), "words broken at {size:?} ({lines} lines)");
            browser.close().await;
        }
    });
}

fn an_edited_headline_shows_in_the_open_page_within_two_seconds(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let base = server.url();
    runtime().block_on(async {
        let browser = Browser::start(tools, true, DESKTOP).await;
        browser.open(&format!("{base}/en/politics/summit/")).await;
        let headline = "return document.querySelector('h1').textContent";
        assert_eq!(browser.eval(headline).await, json!("Summit closes"));
        // Give the page's live-reload connection a moment to open before the save.
        tokio::time::sleep(Duration::from_millis(500)).await;
        site.replace(
            "content/en/politics/summit.md",
            "title: Summit closes",
            "title: Summit ends early",
        );
        let saved = Instant::now();
        loop {
            if browser.eval(headline).await == json!("Summit ends early") {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(2),
                "the open page still shows the old headline 2 s after the save"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!(
            "live reload: the new headline showed {} ms after the save",
            saved.elapsed().as_millis()
        );
        browser.close().await;
    });
}

fn an_article_page_weighs_under_50_kb_and_asks_no_other_host(tools: &Tools) {
    let sample = Site::sample();
    let server = sample.serve(&[]);
    let base = server.url();
    runtime().block_on(async {
        let browser = Browser::start(tools, true, DESKTOP).await;
        for code in languages() {
            let article = article_of(&code);
            browser.open(&format!("{base}{article}")).await;
            let report = browser
                .eval(
                    "const nav = performance.getEntriesByType('navigation')[0];
                     const resources = performance.getEntriesByType('resource');
                     const code = resources.filter(r => r.initiatorType === 'link' || r.initiatorType === 'script' || /\\.(css|js)(\\?|$)/.test(r.name));
                     return { html: nav.decodedBodySize, code: code.reduce((n, r) => n + r.decodedBodySize, 0),
                              names: resources.map(r => r.name).concat([nav.name]) };",
                )
                .await;
            let html = report["html"].as_u64().expect("html size");
            let code_bytes = report["code"].as_u64().expect("css and js size");
            let total = html + code_bytes;
            eprintln!("page weight {article}: {html} B HTML + {code_bytes} B CSS/JS = {total} B");
            assert!(html > 1000, "the sizes were measured: {report}");
            assert!(total < 50 * 1024, "{article} weighs {total} B: {report}");
            for name in report["names"].as_array().expect("request names") {
                let name = name.as_str().unwrap_or_default();
                assert!(name.starts_with(&base), "a request left the local server: {name}");
            }
        }
        browser.close().await;
    });
}

/// Issue 12: a phone 375 px wide at device pixel ratio 2 needs a lead photo about 690 px wide: it
/// gets the 960 px WebP, never the 1600 px one or the original, and the page with its photo stays
/// within the goals (lead photo under 80 KB, the whole page under 150 KB).
fn a_phone_at_375_px_and_dpr_2_loads_the_small_webp_of_the_lead_photo(tools: &Tools) {
    let sample = Site::sample();
    let server = sample.serve(&[]);
    let base = server.url();
    let article = sample_site()
        .stories
        .iter()
        .filter(|story| story.is_published() && story.code == "en")
        .find(|story| story.front["photo"]["src"].as_str() == Some("images/harbour-morning.jpg"))
        .map(|story| story.url.clone())
        .expect("an English story with the harbour photo");
    runtime().block_on(async {
        let browser = Browser::start_with(
            tools,
            true,
            PHONE,
            vec!["--force-device-scale-factor=2".to_string()],
        )
        .await;
        browser.open(&format!("{base}{article}")).await;
        let report = browser
            .eval(
                "const lead = document.querySelector('figure.photo img');
                 const nav = performance.getEntriesByType('navigation')[0];
                 const resources = performance.getEntriesByType('resource');
                 const photo = resources.find(r => r.name === lead.currentSrc);
                 return { dpr: devicePixelRatio, width: innerWidth, current: lead.currentSrc,
                          complete: lead.complete, photo: photo ? photo.decodedBodySize : null,
                          total: resources.reduce((n, r) => n + r.decodedBodySize, nav.decodedBodySize),
                          names: resources.map(r => r.name) };",
            )
            .await;
        eprintln!("phone 375 px DPR 2, {article}: {report}");
        assert_eq!(report["dpr"], json!(2), "{report}");
        assert_eq!(report["width"], json!(PHONE.0), "{report}");
        let current = report["current"].as_str().unwrap_or_default();
        assert!(
            current.contains("/images/harbour-morning.960w.") && current.ends_with(".webp"),
            "the lead photo loaded is {current}"
        );
        let names = report["names"].as_array().expect("resource names");
        for name in names.iter().filter_map(|n| n.as_str()) {
            assert!(!name.contains(".1600w."), "a phone loaded {name}");
            assert!(!name.ends_with("harbour-morning.jpg"), "a phone loaded the original");
        }
        let photo = report["photo"].as_u64().expect("the photo's size was measured");
        assert!(photo > 1000 && photo < 80 * 1024, "the lead photo weighs {photo} B");
        let total = report["total"].as_u64().expect("the page's size");
        assert!(total < 150 * 1024, "the page weighs {total} B: {report}");
        browser.close().await;
    });
}
