//! Issue 16: consent per purpose in a real browser. A fixture whose article carries a gated script
//! per purpose and a YouTube embed, and a proxy that records every request the browser makes to
//! any other host than the local preview server (Chromium sends loopback requests direct and all
//! others through `--proxy-server`), so "no request before consent" is observed, not assumed.

use super::{Browser, DESKTOP, PHONE, Tools, assert_on_story, axe_violations, runtime};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::Site;

use super::support;

const PURPOSES: &str = "consent:
  categories:
    - key: necessary
      necessary: true
    - key: analytics
    - key: media
";

/// The fixture: three purposes, a script per optional purpose that marks the page when it runs, a
/// listener of the `newsroom:consent` event, and a story with an embed in each language.
pub fn consent_site(mode: &str) -> Site {
    let site = Site::fixture();
    site.replace(
        "site.yaml",
        "consent:\n",
        &format!("{PURPOSES}  mode: {mode}\n"),
    );
    site.edit("templates/article.html", |text| {
        format!(
            "{text}\n{{% block consent_scripts %}}
<script>window.consentEvents = []; document.addEventListener('newsroom:consent', (e) => consentEvents.push(e.detail));</script>
<script type=\"text/plain\" data-consent=\"analytics\">document.documentElement.setAttribute('data-analytics-ran', 'yes');</script>
<script type=\"text/plain\" data-consent=\"media\">document.documentElement.setAttribute('data-media-ran', 'yes');</script>
{{% endblock consent_scripts %}}\n"
        )
    });
    for code in ["en", "ko", "ar"] {
        site.markdown(
            &format!("{code}/pages/cookie-policy.md"),
            "title: Cookie policy",
            "We keep one cookie: your choice.",
        );
        site.markdown(
            &format!("{code}/politics/summit.md"),
            // In the past: `serve` reads "now" from the clock, and future stories are left out.
            "title: Summit closes\ncategory: politics\nwritten: 2024-12-31 10:00:00\nsummary: Leaders met.",
            "Leaders met.\n\n```embed\nyoutube: M7lc1UVf-VE\ntitle: The closing press conference\n```\n",
        );
    }
    // The recorder leaves out Chromium's own hosts; no page or script here may name one, or a
    // request of the page to it would go unseen.
    let site_files = walkdir::WalkDir::new(site.root())
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file());
    for entry in site_files {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for host in BROWSER_ITSELF {
            assert!(
                !text.contains(host),
                "{} names {host}",
                entry.path().display()
            );
        }
    }
    site
}

/// Hosts that Chromium asks by itself, whatever the page.
const BROWSER_ITSELF: [&str; 6] = [
    "update.googleapis.com",
    "clients2.google.com",
    "accounts.google.com",
    "www.google.com",
    "start.duckduckgo.com",
    "optimizationguide-pa.googleapis.com",
];

/// A stand-in for the network beyond the local server: it records the first line of every
/// request (`CONNECT www.youtube-nocookie.com:443 HTTP/1.1`) and refuses it.
struct Recorder {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the recorder");
        let port = listener.local_addr().expect("its address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut buffer = [0u8; 2048];
                let n = stream.read(&mut buffer).unwrap_or(0);
                let text = String::from_utf8_lossy(&buffer[..n]);
                if let Some(line) = text.lines().next().filter(|l| !l.is_empty()) {
                    record.lock().unwrap().push(line.to_string());
                }
                let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            }
        });
        Recorder { port, seen }
    }

    fn flag(&self) -> Vec<String> {
        vec![format!("--proxy-server=http://127.0.0.1:{}", self.port)]
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// What the page asked of other hosts: everything recorded but Chromium's own calls to its
    /// vendor's services (component updates, network time, sign-in) and its search engine's start
    /// page, which it makes with any page or none, flags or not (Debian's Chromium 148 opens
    /// www.google.com at start-up, even on about:blank). Any other host counts; no page or script
    /// of the test site names these hosts (`consent_site` checks it).
    fn asked_by_the_page(&self) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter(|line| {
                let host = line.split(' ').nth(1).unwrap_or_default();
                let host = host
                    .trim_start_matches("http://")
                    .split([':', '/'])
                    .next()
                    .unwrap_or_default();
                !BROWSER_ITSELF.contains(&host)
            })
            .collect()
    }

    /// Waits a little for a request naming `host`; the player's request follows the iframe.
    async fn wait_for(&self, host: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.asked_by_the_page().iter().any(|l| l.contains(host)) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }
}

const RAN: &str = "return ['analytics', 'media'].filter(k => document.documentElement.getAttribute('data-' + k + '-ran'))";
const FRAMES: &str = "return Array.from(document.querySelectorAll('iframe'), f => f.src)";
const PREFS_OPEN: &str = "return document.getElementById('consent-prefs').open";
const TOGGLES: &str = "return Array.from(document.querySelectorAll('#consent-prefs input'), i => [i.name, i.checked, i.disabled])";
/// What has the focus, in the words of the snippet's markup.
const FOCUS: &str = "const a = document.activeElement;
    if (a.dataset.consentChoice) return a.dataset.consentChoice;
    if (a.hasAttribute('data-consent-choose')) return 'choose';
    if (a.hasAttribute('data-consent-open')) return 'open';
    return a.name || a.id || a.tagName";

/// The stored choice: `<revision>.<time>.<purposes>`, checked for its form and a recent time.
async fn stored_purposes(browser: &Browser, revision: &str) -> Option<String> {
    let value = browser.cookie("newsroom_consent").await?;
    let parts: Vec<&str> = value.split('.').collect();
    assert_eq!(parts.len(), 3, "revision, time and purposes: {value}");
    assert_eq!(parts[0], revision, "{value}");
    let time: u64 = parts[1].parse().expect("the time in seconds");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        time <= now && now - time < 600,
        "the time of the choice: {value}"
    );
    Some(parts[2].to_string())
}

/// Opens a story of the fixture, and again while the server still answers with something else
/// (on a loaded machine the first answer may come before the story is there); panics with what
/// was shown instead.
async fn open_story(browser: &Browser, url: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        browser.open(url).await;
        let shown = browser
            .eval("const h = document.querySelector('h1'); return [h ? h.textContent : '', !!document.getElementById('consent'), document.title]")
            .await;
        if shown[0] == json!("Summit closes") && shown[1] == json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{url} shows {shown} instead of the story"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn events(browser: &Browser) -> Value {
    browser
        .eval("return window.consentEvents.map(e => e.granted.join('+'))")
        .await
}

pub fn first_visit_shows_the_banner_and_reject_all_keeps_everything_off(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let article = format!("{}/en/politics/summit/", server.url());
    let recorder = Recorder::start();
    runtime().block_on(async {
        let browser = Browser::start_with(tools, true, DESKTOP, recorder.flag()).await;
        open_story(&browser, &article).await;
        assert_on_story(&browser).await;
        assert!(
            browser.is_visible("#consent").await,
            "the banner shows on a first visit"
        );
        for choice in [
            "[data-consent-choice=all]",
            "[data-consent-choice=none]",
            "[data-consent-choose]",
        ] {
            assert!(
                browser.is_visible(&format!("#consent {choice}")).await,
                "{choice} is offered"
            );
        }
        assert!(
            !browser.is_visible("#consent-prefs").await,
            "the preferences wait for Choose"
        );
        assert_eq!(
            browser.eval(RAN).await,
            json!([]),
            "nothing gated runs before a choice"
        );
        assert_eq!(
            browser.eval(FRAMES).await,
            json!([]),
            "no player before a choice"
        );
        assert!(
            browser.is_visible(".embed-box [data-embed-load]").await,
            "the load button shows"
        );
        assert_eq!(
            browser.cookie("newsroom_consent").await,
            None,
            "no cookie before a choice"
        );

        browser.click("#consent [data-consent-choice=none]").await;
        assert!(
            !browser.is_visible("#consent").await,
            "Reject all hides the banner"
        );
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary")
        );
        assert_eq!(
            events(&browser).await,
            json!(["necessary"]),
            "the event tells the page"
        );

        open_story(&browser, &article).await;
        assert!(
            !browser.is_visible("#consent").await,
            "the choice is remembered"
        );
        assert_eq!(
            browser.eval(RAN).await,
            json!([]),
            "no gated script ran after Reject all"
        );
        assert_eq!(
            browser.eval(FRAMES).await,
            json!([]),
            "no embed loaded after Reject all"
        );
        assert_eq!(
            events(&browser).await,
            json!(["necessary"]),
            "the stored choice, on load"
        );
        open_story(&browser, &format!("{}/ar/politics/summit/", server.url())).await;
        assert_eq!(browser.eval(FRAMES).await, json!([]));
        assert_eq!(
            recorder.asked_by_the_page(),
            Vec::<String>::new(),
            "no request left the local server"
        );
        browser.close().await;
    });
}

pub fn granting_one_purpose_runs_only_its_scripts_and_embeds_until_withdrawn(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let article = format!("{}/en/politics/summit/", server.url());
    let other_page = format!("{}/ko/politics/summit/", server.url());
    let recorder = Recorder::start();
    runtime().block_on(async {
        let browser = Browser::start_with(tools, true, PHONE, recorder.flag()).await;
        open_story(&browser, &article).await;
        browser.click("#consent [data-consent-choose]").await;
        assert_eq!(
            browser.eval(PREFS_OPEN).await,
            json!(true),
            "Choose opens the preferences"
        );
        assert!(
            !browser.is_visible("#consent").await,
            "in place of the first layer"
        );
        assert_eq!(
            browser.eval(TOGGLES).await,
            json!([
                ["necessary", true, true],
                ["analytics", false, false],
                ["media", false, false]
            ]),
            "off by default; necessary on and read-only"
        );
        assert_eq!(
            recorder.asked_by_the_page(),
            Vec::<String>::new(),
            "nothing left before consent"
        );

        browser.click("#consent-prefs input[name=media]").await;
        browser
            .click("#consent-prefs [data-consent-choice=save]")
            .await;
        assert_eq!(
            browser.eval(PREFS_OPEN).await,
            json!(false),
            "Save closes the preferences"
        );
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary+media")
        );
        assert_eq!(
            browser.eval(RAN).await,
            json!(["media"]),
            "media's script runs at once"
        );
        assert_eq!(
            browser.eval(FRAMES).await,
            json!(["https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"]),
            "and its embed loads, from the no-cookie host"
        );
        assert!(
            recorder.wait_for("www.youtube-nocookie.com:443").await,
            "the recorder sees the player's request once consent is given: {:?}",
            recorder.seen()
        );
        assert_eq!(events(&browser).await, json!(["necessary+media"]));

        open_story(&browser, &other_page).await;
        assert_eq!(browser.eval(RAN).await, json!(["media"]), "on every page");
        assert_eq!(browser.eval(FRAMES).await.as_array().map(Vec::len), Some(1));

        // The footer reopens the preferences with the saved choices; withdrawing takes effect.
        browser.click("[data-consent-open]").await;
        assert_eq!(
            browser.eval(TOGGLES).await,
            json!([
                ["necessary", true, true],
                ["analytics", false, false],
                ["media", true, false]
            ]),
            "the saved toggles"
        );
        browser.click("#consent-prefs input[name=media]").await;
        browser
            .click("#consent-prefs [data-consent-choice=save]")
            .await;
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary")
        );
        assert_eq!(
            browser.eval(FRAMES).await,
            json!([]),
            "the player goes at once"
        );
        assert!(
            browser.is_visible(".embed-box").await,
            "and the placeholder is back"
        );
        open_story(&browser, &article).await;
        assert_eq!(
            browser.eval(RAN).await,
            json!([]),
            "withdrawn: not run on the next page"
        );
        assert_eq!(browser.eval(FRAMES).await, json!([]));
        browser.close().await;
    });
}

pub fn an_embed_loads_once_on_click_without_consent(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let article = format!("{}/en/politics/summit/", server.url());
    let recorder = Recorder::start();
    runtime().block_on(async {
        let browser = Browser::start_with(tools, true, DESKTOP, recorder.flag()).await;
        open_story(&browser, &article).await;
        browser.click("#consent [data-consent-choice=none]").await;
        browser.click(".embed-box [data-embed-load]").await;
        assert_eq!(browser.eval(FRAMES).await.as_array().map(Vec::len), Some(1));
        assert_eq!(
            browser.eval("return document.activeElement.tagName").await,
            json!("IFRAME"),
            "the focus moves to the player"
        );
        assert!(recorder.wait_for("youtube-nocookie.com").await);
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary"),
            "no consent given"
        );
        open_story(&browser, &article).await;
        assert_eq!(browser.eval(FRAMES).await, json!([]), "once means once");
        browser.close().await;
    });
}

/// Presses keys one after the other; `Key::Shift` is held down for the key after it.
async fn press(browser: &Browser, keys: &[Key]) {
    let mut actions = KeyActions::new("keyboard".to_string());
    let mut shift = false;
    for key in keys {
        if matches!(key, Key::Shift) {
            shift = true;
            actions = actions.then(KeyAction::Down {
                value: Key::Shift.into(),
            });
            continue;
        }
        actions = actions
            .then(KeyAction::Down {
                value: (*key).into(),
            })
            .then(KeyAction::Up {
                value: (*key).into(),
            });
        if shift {
            actions = actions.then(KeyAction::Up {
                value: Key::Shift.into(),
            });
            shift = false;
        }
    }
    browser
        .client
        .perform_actions(actions)
        .await
        .expect("press keys");
    // Let the dialog's close event, which comes as a task, run.
    tokio::time::sleep(Duration::from_millis(100)).await;
}

pub fn the_whole_flow_works_by_keyboard_alone(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let article = format!("{}/en/politics/summit/", server.url());
    runtime().block_on(async {
        let browser = Browser::start(tools, true, DESKTOP).await;
        open_story(&browser, &article).await;
        // Two skip links, then the banner: its policy link, Accept all, Reject all, Choose.
        browser.press_tab(6).await;
        assert_eq!(browser.eval(FOCUS).await, json!("choose"));
        press(&browser, &[Key::Enter]).await;
        assert_eq!(browser.eval(PREFS_OPEN).await, json!(true));
        assert_eq!(
            browser.eval(FOCUS).await,
            json!("analytics"),
            "the first switch has the focus"
        );
        press(&browser, &[Key::Space]).await;
        // The dialog's stops: policy link, analytics, media, Save, Accept all, Reject all. Ten
        // Tabs from analytics pass the end once and stop on Reject all.
        browser.press_tab(10).await;
        assert_eq!(
            browser.eval(FOCUS).await,
            json!("none"),
            "Tab stays in the dialog"
        );
        press(&browser, &[Key::Shift, Key::Tab]).await;
        assert_eq!(browser.eval(FOCUS).await, json!("all"), "and Shift+Tab too");
        press(&browser, &[Key::Escape]).await;
        assert_eq!(
            browser.eval(PREFS_OPEN).await,
            json!(false),
            "Escape closes it"
        );
        assert!(
            browser.is_visible("#consent").await,
            "without a choice the banner still asks"
        );
        assert_eq!(
            browser.eval(FOCUS).await,
            json!("choose"),
            "the focus is back on Choose"
        );
        assert_eq!(
            browser.cookie("newsroom_consent").await,
            None,
            "Escape is no choice"
        );

        press(&browser, &[Key::Enter]).await;
        assert_eq!(
            browser.eval(TOGGLES).await,
            json!([
                ["necessary", true, true],
                ["analytics", false, false],
                ["media", false, false]
            ]),
            "an unsaved toggle is not kept"
        );
        press(&browser, &[Key::Space, Key::Tab, Key::Tab, Key::Enter]).await;
        assert_eq!(
            browser.eval(PREFS_OPEN).await,
            json!(false),
            "Save by keyboard"
        );
        assert!(!browser.is_visible("#consent").await);
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary+analytics")
        );
        assert_eq!(browser.eval(RAN).await, json!(["analytics"]));
        assert_eq!(
            browser.eval(FOCUS).await,
            json!("main"),
            "the focus goes on to the page"
        );

        // From the footer's Cookie settings and back to it.
        browser
            .eval("document.querySelector('[data-consent-open]').focus()")
            .await;
        press(&browser, &[Key::Enter]).await;
        assert_eq!(browser.eval(PREFS_OPEN).await, json!(true));
        assert_eq!(
            browser.eval(TOGGLES).await,
            json!([
                ["necessary", true, true],
                ["analytics", true, false],
                ["media", false, false]
            ])
        );
        press(&browser, &[Key::Escape]).await;
        assert_eq!(
            browser.eval(FOCUS).await,
            json!("open"),
            "focus restored to the opener"
        );
        browser.close().await;
    });
}

/// The rectangles and looks of the buttons of a layer, for comparing them.
async fn buttons(browser: &Browser, layer: &str) -> Vec<Value> {
    let script = format!(
        "return Array.from(document.querySelectorAll('{layer} .consent-actions button'), b => {{
           const r = b.getBoundingClientRect(), s = getComputedStyle(b);
           return {{ left: r.left, right: r.right, width: Math.round(r.width), height: Math.round(r.height),
                     look: [s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.borderTopWidth].join(' ') }};
         }})"
    );
    browser
        .eval(&script)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn assert_equal_buttons(buttons: &[Value], what: &str) {
    assert_eq!(buttons.len(), 3, "{what}: three choices");
    for b in buttons {
        for key in ["width", "height", "look"] {
            assert_eq!(
                b[key], buttons[0][key],
                "{what}: every button has the same {key}: {buttons:?}"
            );
        }
    }
}

pub fn layers_have_equal_buttons_mirror_in_rtl_and_fit_375_px(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    runtime().block_on(async {
        for (size, code) in [(DESKTOP, "en"), (DESKTOP, "ar"), (PHONE, "en"), (PHONE, "ar")] {
            let what = format!("{code} at {size:?}");
            let browser = Browser::start(tools, true, size).await;
            open_story(&browser, &format!("{}/{code}/politics/summit/", server.url())).await;
            assert_on_story(&browser).await;
            assert!(browser.is_visible("#consent").await, "{what}: the banner");
            let first = buttons(&browser, "#consent").await;
            assert_equal_buttons(&first, &format!("{what}, first layer"));
            browser.click("#consent [data-consent-choose]").await;
            let second = buttons(&browser, "#consent-prefs").await;
            assert_equal_buttons(&second, &format!("{what}, preferences"));
            let width = f64::from(size.0);
            for b in first.iter().chain(&second) {
                let (left, right) = (b["left"].as_f64().unwrap(), b["right"].as_f64().unwrap());
                assert!(left >= 0.0 && right <= width, "{what}: a button outside the window: {b}");
            }
            let overflow = browser
                .eval("return document.documentElement.scrollWidth > window.innerWidth")
                .await;
            assert_eq!(overflow, json!(false), "{what}: no sideways scrolling");
            // Right to left: the first choice on the right, the switch before the title's end.
            let title_right_of_switch = browser
                .eval("const l = document.querySelector('#consent-prefs label[class=purpose]');
                       return l.querySelector('span').getBoundingClientRect().left > l.querySelector('input').getBoundingClientRect().left")
                .await;
            assert_eq!(title_right_of_switch, json!(code == "ar"), "{what}: switches mirror");
            if size == DESKTOP {
                let mirrored = second[0]["left"].as_f64() > second[1]["left"].as_f64();
                assert_eq!(mirrored, code == "ar", "{what}: buttons mirror: {second:?}");
            }
            browser.close().await;
        }
    });
}

pub fn both_layers_pass_axe_in_ltr_and_rtl(tools: &Tools) {
    let axe = tools.axe.as_deref().expect("axe-core");
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    runtime().block_on(async {
        let mut failures = Vec::new();
        for size in [DESKTOP, PHONE] {
            let browser = Browser::start(tools, true, size).await;
            for code in ["en", "ar"] {
                open_story(
                    &browser,
                    &format!("{}/{code}/politics/summit/", server.url()),
                )
                .await;
                assert!(browser.is_visible("#consent").await);
                for violation in axe_violations(&browser, axe).await {
                    failures.push(format!("{code} {size:?} first layer: {violation}"));
                }
                browser.click("#consent [data-consent-choose]").await;
                assert_eq!(browser.eval(PREFS_OPEN).await, json!(true));
                for violation in axe_violations(&browser, axe).await {
                    failures.push(format!("{code} {size:?} preferences: {violation}"));
                }
            }
            browser.close().await;
        }
        assert!(
            failures.is_empty(),
            "axe-core found:\n{}",
            failures.join("\n")
        );
    });
}

pub fn raising_the_revision_asks_again(tools: &Tools) {
    let site = consent_site("opt-in");
    let server = site.serve(&[]);
    let article = format!("{}/en/politics/summit/", server.url());
    runtime().block_on(async {
        let browser = Browser::start(tools, true, DESKTOP).await;
        open_story(&browser, &article).await;
        browser.click("#consent [data-consent-choice=all]").await;
        open_story(&browser, &article).await;
        assert!(!browser.is_visible("#consent").await);
        assert_eq!(browser.eval(RAN).await, json!(["analytics", "media"]));

        site.replace(
            "site.yaml",
            "  mode: opt-in\n",
            "  mode: opt-in\n  revision: 2\n",
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            open_story(&browser, &article).await;
            if browser.is_visible("#consent").await {
                break;
            }
            assert!(Instant::now() < deadline, "revision 2 should ask again");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(
            browser.eval(RAN).await,
            json!([]),
            "an old revision's choice no longer counts"
        );
        assert_eq!(browser.eval(FRAMES).await, json!([]));
        browser.click("#consent [data-consent-choice=none]").await;
        assert_eq!(
            stored_purposes(&browser, "2").await.as_deref(),
            Some("necessary")
        );
        browser.close().await;
    });
}
pub fn notice_mode_closes_for_good_and_links_the_policy_in_the_page_language(tools: &Tools) {
    let site = consent_site("notice");
    let server = site.serve(&[]);
    let base = server.url();
    runtime().block_on(async {
        let browser = Browser::start(tools, true, PHONE).await;
        let korean = format!("{base}/ko/politics/summit/");
        browser.open(&korean).await;
        assert_on_story(&browser).await;
        assert!(browser.is_visible("#consent").await);
        assert!(
            browser.is_visible("#consent button").await,
            "a Close button"
        );
        let detail = browser
            .client
            .find(Locator::Css("#consent a"))
            .await
            .expect("a Detail link")
            .attr("href")
            .await
            .expect("read href");
        assert_eq!(detail.as_deref(), Some("/ko/cookie-policy/"));
        browser.click("#consent button").await;
        assert!(
            !browser.is_visible("#consent").await,
            "Close hides the notice"
        );
        assert_eq!(
            stored_purposes(&browser, "1").await.as_deref(),
            Some("necessary+analytics+media"),
            "a notice's Close records every purpose"
        );
        browser.open(&format!("{base}/en/")).await;
        assert!(
            !browser.is_visible("#consent").await,
            "and it stays closed on other pages"
        );

        browser.open(&format!("{base}/ko/cookie-policy/")).await;
        assert_eq!(
            browser.eval("return document.documentElement.lang").await,
            json!("ko")
        );
        assert_eq!(
            browser
                .eval("return document.querySelector('h1').textContent")
                .await,
            json!("Cookie policy")
        );
        browser.close().await;
    });
}
