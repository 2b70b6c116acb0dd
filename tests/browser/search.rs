//! Issue 11: search in a real browser, on a fixture whose stories give known answers: a `?q=`
//! address opens with its results, the header's box leads there, the category filter and the
//! no-result message, right to left in Arabic, at phone width, and no request to another host.

use super::{Browser, DESKTOP, PHONE, Tools, runtime};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::Site;

use super::support;

fn search_site() -> Site {
    let site = Site::fixture();
    let stories = [
        (
            "en/politics/nato.md",
            "NATO chief calls Seoul",
            "2024-10-22 15:06:00",
            "Talks on troops.",
        ),
        (
            "en/economy/rates.md",
            "Bank holds interest rates",
            "2024-10-21 10:00:00",
            "The bank kept interest rates.",
        ),
        (
            "en/politics/vote.md",
            "Vote on rates",
            "2024-10-23 10:00:00",
            "A vote on rates.",
        ),
        (
            "ko/politics/north.md",
            "북한의 파병에 공동 대응",
            "2024-10-22 15:06:00",
            "정부는 북한과의 대화를 촉구했다.",
        ),
        (
            "ar/economy/economy.md",
            "إعادة بناء الاقتصاد",
            "2024-10-21 10:00:00",
            "خطة جديدة.",
        ),
    ];
    for (path, title, written, body) in stories {
        let category = path.split('/').nth(1).unwrap();
        site.markdown(
            path,
            &format!("title: {title}\ncategory: {category}\nwritten: {written}\nphoto:\n  src: images/pic.svg\n  alt: A picture"),
            body,
        );
    }
    site
}

/// Waits until `script` returns true (the results arrive after the index files load).
async fn wait_for(browser: &Browser, script: &str) {
    let start = Instant::now();
    while browser.eval(script).await != json!(true) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "waited 10 s for {script}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const SETTLED: &str = "return document.getElementById('search-status').textContent !== '' && !/…$/.test(document.getElementById('search-status').textContent)";

/// Waits until a search page shows its results, or says it found none.
pub async fn wait_for_results(browser: &Browser) {
    wait_for(browser, SETTLED).await;
    wait_for(
        browser,
        "const form = document.querySelector('form[data-search-index]');
         const none = form.dataset.none.replace('{q}', form.elements.q.value.trim());
         return document.querySelectorAll('#search-results li').length > 0
             || document.getElementById('search-status').textContent === none",
    )
    .await;
}

/// The search page of `code` for `word`, with the characters a query string needs escaped.
pub fn search_address(base: &str, code: &str, word: &str) -> String {
    let mut query = String::new();
    for c in word.chars() {
        match c {
            '%' | '&' | '#' | '+' | '?' | '=' => query.push_str(&format!("%{:02X}", c as u32)),
            c => query.push(c),
        }
    }
    format!("{base}/{code}/search/?q={query}")
}

async fn results(browser: &Browser) -> Value {
    wait_for_results(browser).await;
    browser
        .eval(
            "return { links: [...document.querySelectorAll('#search-results h2 a')].map(a => a.pathname),
                      marks: [...document.querySelectorAll('#search-results mark')].map(m => m.textContent),
                      kickers: [...document.querySelectorAll('#search-results .kicker')].map(k => k.textContent),
                      status: document.getElementById('search-status').textContent,
                      nojs: document.getElementById('search-nojs').hidden,
                      query: location.search }",
        )
        .await
}

pub fn a_q_address_opens_with_results_and_the_header_box_filter_and_empty_result_work(
    tools: &Tools,
) {
    let site = search_site();
    let server = site.serve(&[]);
    let base = server.url();
    runtime().block_on(async {
        let browser = Browser::start(tools, true, DESKTOP).await;
        browser.open(&format!("{base}/en/search/?q=nato")).await;
        let found = results(&browser).await;
        assert_eq!(found["links"], json!(["/en/politics/nato/"]), "{found}");
        assert_eq!(found["marks"], json!(["NATO"]), "{found}");
        assert_eq!(found["status"], json!("1 results"), "{found}");
        assert_eq!(found["nojs"], json!(true), "the no-JavaScript note is hidden");
        assert_eq!(
            browser.eval("return document.getElementById('search-q').value").await,
            json!("nato")
        );

        // The header's box on a Korean page leads to the Korean search page and its results.
        browser.open(&format!("{base}/ko/")).await;
        let input = browser
            .client
            .find(Locator::Css("header input[name=q]"))
            .await
            .expect("the header's search box");
        input.send_keys("북한").await.expect("type");
        input.send_keys(&Key::Enter.to_string()).await.expect("enter");
        wait_for(&browser, "return location.pathname === '/ko/search/'").await;
        let found = results(&browser).await;
        assert_eq!(found["links"], json!(["/ko/politics/north/"]), "{found}");

        // The category filter, and newest first; both land in the shareable address.
        browser.open(&format!("{base}/en/search/?q=rates")).await;
        let found = results(&browser).await;
        assert_eq!(found["links"].as_array().unwrap().len(), 2, "{found}");
        browser
            .eval("const s = document.getElementById('search-category'); s.value = '1'; s.dispatchEvent(new Event('change')); return true")
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let found = results(&browser).await;
        assert_eq!(found["links"], json!(["/en/economy/rates/"]), "{found}");
        assert_eq!(found["kickers"], json!(["Economy"]), "{found}");
        assert_eq!(found["query"], json!("?q=rates&category=1"), "{found}");
        browser.open(&format!("{base}/en/search/?q=rates&sort=newest")).await;
        let found = results(&browser).await;
        assert_eq!(
            found["links"],
            json!(["/en/politics/vote/", "/en/economy/rates/"]),
            "{found}"
        );

        // No result says so, with the query.
        browser.open(&format!("{base}/en/search/?q=xyzzyq")).await;
        let found = results(&browser).await;
        assert_eq!(found["links"], json!([]), "{found}");
        assert!(
            found["status"].as_str().unwrap().contains("xyzzyq"),
            "{found}"
        );

        // Every request went to the local server.
        let names = browser
            .eval("return performance.getEntriesByType('resource').map(r => r.name)")
            .await;
        for name in names.as_array().unwrap() {
            assert!(name.as_str().unwrap().starts_with(&base), "{name}");
        }
        browser.close().await;

        // Arabic, right to left, at phone width.
        let browser = Browser::start(tools, true, PHONE).await;
        browser.open(&format!("{base}/ar/search/?q=اعادة")).await;
        let found = results(&browser).await;
        assert_eq!(found["links"], json!(["/ar/economy/economy/"]), "{found}");
        assert_eq!(
            browser
                .eval("return getComputedStyle(document.querySelector('main')).direction")
                .await,
            json!("rtl")
        );
        let overflow = browser
            .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            .await;
        assert!(overflow.as_i64().unwrap_or(1) <= 0, "scrolls sideways by {overflow}");
        browser.close().await;
    });
}
