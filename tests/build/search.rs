//! Issue 11: built-in search. Queries with known answers run through the browser's own script
//! (`static/js/search.js`, under node) over the index a build wrote; the search page and the
//! header's box; a word in more stories than a head holds (the head answers the first page, the
//! tail the rest); and an edit that changes only the index files holding its terms.

use crate::support::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};

/// The fixture's languages plus Indonesian, Japanese and Chinese (Traditional).
fn news_site() -> Site {
    let site = Site::fixture();
    site.edit("site.yaml", |yaml| {
        yaml.replace(
            "    dir: rtl\n",
            "    dir: rtl\n  - code: id\n    name: Bahasa Indonesia\n  - code: ja\n    name: 日本語\n  - code: zh\n    name: 中文\n    tag: zh-Hant\n",
        )
    });
    for code in ["id", "ja", "zh"] {
        site.copy_from_repo(&format!("i18n/{code}.yaml"));
    }
    let stories = [
        (
            "en/politics/nato.md",
            "NATO chief calls Seoul",
            "2024-10-22 15:06:00",
            "Talks at the Café Bleu on troops.",
        ),
        (
            "en/economy/rates.md",
            "Bank holds interest rates",
            "2024-10-21 10:00:00",
            "The bank kept interest rates where they were.",
        ),
        (
            "en/politics/rates-vote.md",
            "Vote on rates and interest groups",
            "2024-10-23 10:00:00",
            "Groups with an interest asked for lower rates.",
        ),
        (
            "id/economy/ekonomi.md",
            "Ekonomi Korea tumbuh",
            "2024-10-20 09:00:00",
            "Pertumbuhan ekonomi kuartal ketiga.",
        ),
        (
            "ko/politics/north.md",
            "북한의 파병에 공동 대응",
            "2024-10-22 15:06:00",
            "정부는 북한과의 대화를 촉구했다.",
        ),
        (
            "ko/economy/rates.md",
            "한국은행 기준금리 인하",
            "2024-10-21 10:00:00",
            "한은이 금리를 내렸다.",
        ),
        (
            "ar/economy/economy.md",
            "إعادة بناء الاقتصاد",
            "2024-10-21 10:00:00",
            "خطة جديدة للاقتصاد الوطني.",
        ),
        (
            "ja/economy/words.md",
            "カタカナ語の広がり",
            "2024-10-21 10:00:00",
            "外来語が増えている。",
        ),
        (
            "zh/economy/taiwan.md",
            "台灣經濟成長",
            "2024-10-21 10:00:00",
            "出口創新高。",
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

/// Runs `queries` ({lang, q, category?, sort?}) through the browser's script over `out`.
fn run_queries(out: &std::path::Path, queries: &Value) -> Vec<Value> {
    let mut node = Command::new("node")
        .arg(repo_root().join("tests/search/query.js"))
        .arg(repo_root().join("static/js/search.js"))
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs the search script (.ci/run installs it)");
    use std::io::Write;
    node.stdin
        .take()
        .unwrap()
        .write_all(queries.to_string().as_bytes())
        .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success(), "node failed");
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn urls(result: &Value) -> Vec<String> {
    result["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["url"].as_str().unwrap().to_string())
        .collect()
}

fn marked(result: &Value) -> Vec<String> {
    result["cards"][0]["marked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn queries_with_known_answers_find_their_stories_in_every_script() {
    let site = news_site();
    site.cmd("build").run();
    let queries = json!([
        {"lang": "en", "q": "nato"},
        {"lang": "en", "q": "CAFE"},
        {"lang": "id", "q": "ÉKONOMI"},
        {"lang": "ko", "q": "북한"},
        {"lang": "ar", "q": "اعادة"},
        {"lang": "ar", "q": "الاِقْتِصَاد"},
        {"lang": "ja", "q": "カタカナ"},
        {"lang": "zh", "q": "經濟"},
        {"lang": "en", "q": "xyzzyq"},
        {"lang": "en", "q": "rates", "category": "1"},
        {"lang": "en", "q": "rates", "sort": "newest"},
        {"lang": "en", "q": "interest rates"},
    ]);
    let results = run_queries(&site.out(), &queries);
    assert_eq!(urls(&results[0]), ["/en/politics/nato/"]);
    assert_eq!(marked(&results[0]), ["NATO"]);
    assert_eq!(urls(&results[1]), ["/en/politics/nato/"], "Café, by CAFE");
    assert_eq!(marked(&results[1]), ["Café"]);
    assert_eq!(urls(&results[2]), ["/id/economy/ekonomi/"]);
    assert_eq!(marked(&results[2]), ["Ekonomi", "ekonomi"]);
    // 북한 inside 북한의 (headline) and 북한과 (body); not the other Korean story.
    assert_eq!(urls(&results[3]), ["/ko/politics/north/"]);
    assert_eq!(marked(&results[3]), ["북한", "북한"]);
    // A bare alef finds إعادة; diacritics in the query change nothing.
    assert_eq!(urls(&results[4]), ["/ar/economy/economy/"]);
    assert_eq!(urls(&results[5]), ["/ar/economy/economy/"]);
    assert_eq!(urls(&results[6]), ["/ja/economy/words/"]);
    assert_eq!(marked(&results[6]), ["カタカナ"]);
    assert_eq!(urls(&results[7]), ["/zh/economy/taiwan/"]);
    assert_eq!(results[8]["total"], 0);
    // The filter keeps the economy story (category 1 in site.yaml).
    assert_eq!(urls(&results[9]), ["/en/economy/rates/"]);
    assert_eq!(
        urls(&results[10]),
        ["/en/politics/rates-vote/", "/en/economy/rates/"],
        "newest first"
    );
    // Both stories hold both words; the one with them side by side ranks first.
    assert_eq!(
        urls(&results[11]),
        ["/en/economy/rates/", "/en/politics/rates-vote/"]
    );
    // Cards carry the date as the language shows it, the category label and the photo.
    let card = &results[3]["cards"][0];
    assert_eq!(card["category"], "정치");
    assert!(card["photo"].as_str().unwrap().ends_with("images/pic.svg"));
    assert!(!card["date"].as_str().unwrap().is_empty());
    // A query fetches the root, its terms' shards and its hits' bundles: nothing else.
    for result in &results {
        for file in result["fetched"].as_array().unwrap() {
            let file = file["file"].as_str().unwrap();
            let rest = file.split_once("/search/").unwrap().1;
            assert!(
                rest == "root.json" || rest.starts_with("t/") || rest.starts_with("d/"),
                "{file}"
            );
        }
    }
}

/// 240 stories with "harbour" in the body, one every hour from 2024-01-01; ten of them (n = 7,
/// 31, ..., 223) say it in the headline too; the five oldest are the only ones in economy.
fn harbour_site() -> Site {
    let site = news_site();
    for n in 0..240 {
        let category = if n < 5 { "economy" } else { "politics" };
        let title = if n % 24 == 7 { "Harbour" } else { "Dock" };
        site.markdown(
            &format!("en/{category}/dock-{n:03}.md"),
            &format!(
                "title: {title} {n}\ncategory: {category}\nwritten: 2024-01-{:02} {:02}:00:00",
                1 + n / 24,
                n % 24
            ),
            "Ships in the harbour.",
        );
    }
    site
}

fn fetched(result: &Value, folder: &str) -> usize {
    result["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .contains(&format!("/search/{folder}/"))
        })
        .count()
}

#[test]
fn a_word_in_more_stories_than_a_head_holds_is_answered_by_the_head_then_the_tail() {
    let site = harbour_site();
    site.cmd("build").run();
    let results = run_queries(
        &site.out(),
        &json!([
            {"lang": "en", "q": "harbour"},
            {"lang": "en", "q": "harbour", "need": 1000},
            {"lang": "en", "q": "HARBOUR", "category": "1"},
            {"lang": "en", "q": "harbour", "sort": "newest"},
        ]),
    );
    // The head (200 of 240) proves the first page: the ten headline matches, newest first,
    // without reading the tail.
    let headlines: Vec<String> = (0..10)
        .rev()
        .map(|k| format!("/en/politics/dock-{:03}/", 7 + 24 * k))
        .collect();
    assert_eq!(urls(&results[0]), headlines);
    assert_eq!(fetched(&results[0], "c"), 0);
    assert_eq!(results[0]["complete"], false);
    assert_eq!(results[0]["total"], 240);
    // Asking for more than the head holds reads the tail: every story, the same first page.
    assert_eq!(fetched(&results[1], "c"), 1);
    assert_eq!(results[1]["complete"], true);
    assert_eq!(results[1]["hits"], 240);
    assert_eq!(urls(&results[1]), headlines);
    // The economy stories are the five oldest, in the tail only: the filter reads it.
    assert_eq!(fetched(&results[2], "c"), 1);
    assert_eq!(
        urls(&results[2]),
        (0..5)
            .rev()
            .map(|n| format!("/en/economy/dock-{n:03}/"))
            .collect::<Vec<_>>()
    );
    // Newest first needs every story's id, so the tail too.
    assert_eq!(fetched(&results[3], "c"), 1);
    assert_eq!(urls(&results[3])[0], "/en/politics/dock-239/");
    assert_eq!(urls(&results[3])[1], "/en/politics/dock-238/");
}

#[test]
fn the_search_page_works_without_javascript_and_every_header_has_the_box() {
    let site = news_site();
    site.cmd("build").run();
    for code in ["en", "ko", "ar", "id", "ja", "zh"] {
        let page = site.page(&format!("/{code}/search/"));
        assert_eq!(
            page.attr("form.search-form", "action"),
            format!("/{code}/search/")
        );
        assert_eq!(page.attr("form.search-form input", "name"), "q");
        assert!(!page.text("#search-nojs p").is_empty(), "{code}");
        let links = page.attrs("#search-nojs a", "href");
        assert!(links.contains(&format!("/{code}/politics/")), "{links:?}");
        assert!(links.contains(&format!("/{code}/archive/")), "{links:?}");
        assert_eq!(page.attr("#search-status", "aria-live"), "polite");
        for front in [format!("/{code}/"), format!("/{code}/economy/")] {
            let doc = site.page(&front);
            assert_eq!(
                doc.attr("header form[role=search]", "action"),
                format!("/{code}/search/")
            );
        }
    }
    assert_eq!(site.page("/ar/search/").attr("html", "dir"), "rtl");
    let script = std::fs::metadata(site.out().join("js/search.js"))
        .unwrap()
        .len();
    assert!(script < 10 * 1024, "search.js is {script} bytes");

    // `search: false` leaves the index, the page and the box out.
    site.edit("site.yaml", |yaml| format!("{yaml}search: false\n"));
    site.cmd("build").run();
    assert!(!site.exists("/en/search/"));
    assert!(!site.out().join("en/search/root.json").exists());
    assert!(site.page("/en/").all("header form[role=search]").is_empty());
}

/// The index files of a language, by name below `<code>/search/`.
fn index_files(out: &std::path::Path, code: &str) -> BTreeMap<String, Vec<u8>> {
    snapshot(&out.join(code).join("search"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".json"))
        .collect()
}

fn shard_terms(bytes: &[u8]) -> BTreeSet<String> {
    let value: Value = serde_json::from_slice(bytes).unwrap();
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn editing_one_story_changes_only_the_shards_of_its_terms() {
    let site = news_site();
    for n in 0..40 {
        site.story(
            &format!("en/politics/filler-{n}.md"),
            &format!("Filler {n} story"),
            "2024-09-01 08:00:00",
            "",
        );
    }
    site.cmd("build").run();
    let before = index_files(&site.out(), "en");
    let shards = before.keys().filter(|k| k.starts_with("t/")).count();
    assert!(shards >= 16, "{shards} shards");

    // One word out ("Bleu"), one in ("Noir"): the shards of those two terms change, the bundle
    // of the story changes (its excerpt), the root (lengths) may; nothing else.
    site.edit("content/en/politics/nato.md", |text| {
        text.replace("Bleu", "Noir")
    });
    let run = site.cmd("build").run();
    assert!(run.stdout.contains("read 1 content file"), "{}", run.stdout);
    let after = index_files(&site.out(), "en");
    let changed: BTreeSet<&String> = after
        .iter()
        .filter(|(name, bytes)| before.get(*name) != Some(*bytes))
        .map(|(name, _)| name)
        .collect();
    let holding: BTreeSet<&String> = before
        .iter()
        .chain(after.iter())
        .filter(|(name, _)| name.starts_with("t/"))
        .filter(|(_, bytes)| {
            let terms = shard_terms(bytes);
            terms.contains("bleu") || terms.contains("noir")
        })
        .map(|(name, _)| name)
        .collect();
    let changed_shards: BTreeSet<&String> = changed
        .iter()
        .copied()
        .filter(|n| n.starts_with("t/"))
        .collect();
    assert_eq!(changed_shards, holding);
    assert_eq!(
        changed.iter().filter(|n| n.starts_with("d/")).count(),
        1,
        "{changed:?}"
    );

    // A new story rewrites the shards of its terms, not every shard.
    site.story("en/economy/new.md", "Tariffs", "2024-10-24 08:00:00", "");
    site.cmd("build").run();
    let added = index_files(&site.out(), "en");
    let rewritten = added
        .iter()
        .filter(|(name, bytes)| name.starts_with("t/") && after.get(*name) != Some(*bytes))
        .count();
    assert!(
        rewritten > 0 && rewritten < shards / 2,
        "{rewritten} of {shards}"
    );

    // And the incremental output is what a clean build writes.
    let clean = site.parent().join("clean");
    site.cmd("build").out(&clean).arg("--clean").run();
    assert_eq!(index_files(&clean, "en"), added);
}

#[test]
fn editing_a_story_in_a_tail_changes_only_the_files_of_its_terms() {
    let site = harbour_site();
    site.cmd("build").run();
    let before = index_files(&site.out(), "en");
    assert!(
        before.keys().any(|k| k.starts_with("c/")),
        "{:?}",
        before.keys()
    );
    // dock-010 is one of the oldest, so in the tail of "harbour"; a word more changes its
    // length, so the impact of each of its words.
    site.edit("content/en/politics/dock-010.md", |text| {
        text.replace("harbour.", "harbour ferry.")
    });
    site.cmd("build").run();
    let after = index_files(&site.out(), "en");
    let words = ["dock", "10", "ships", "in", "the", "harbour", "ferry"];
    let changed: BTreeSet<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    for name in &changed {
        if name.starts_with("t/") || name.starts_with("c/") {
            let terms: BTreeSet<String> = [&before, &after]
                .iter()
                .filter_map(|files| files.get(*name))
                .flat_map(|bytes| shard_terms(bytes))
                .collect();
            assert!(
                words.iter().any(|w| terms.contains(*w)),
                "{name} changed without a word of the story"
            );
        }
    }
    assert!(changed.iter().any(|n| n.starts_with("c/")), "{changed:?}");
    assert!(!changed.contains(&"root.json".to_string()), "{changed:?}");
    assert_eq!(
        changed.iter().filter(|n| n.starts_with("d/")).count(),
        1,
        "{changed:?}"
    );
    let results = run_queries(&site.out(), &json!([{"lang": "en", "q": "ferry"}]));
    assert_eq!(urls(&results[0]), ["/en/politics/dock-010/"]);
    let clean = site.parent().join("clean");
    site.cmd("build").out(&clean).arg("--clean").run();
    assert_eq!(index_files(&clean, "en"), after);
}

/// 400 stories an hour apart from 2024-01-01, each with the same 1,000 words (`w0` to `w999`), so
/// that each word's tail holds 200 stories and a shard's tails, some 6,000 postings, need more
/// than two ranges of `c/`. Impacts are equal, so the heads hold the 200 newest stories and the
/// tails the 200 oldest; "zephyr" is in stories 50 and 51 only, "quokka" in 10 and 190.
fn ranged_site() -> Site {
    let site = Site::fixture();
    let words: Vec<String> = (0..1000).map(|w| format!("w{w}")).collect();
    let words = words.join(" ");
    for n in 0..400 {
        let rare = match n {
            50 | 51 => " zephyr",
            10 | 190 => " quokka",
            _ => "",
        };
        site.markdown(
            &format!("en/politics/filler-{n:03}.md"),
            &format!(
                "title: Filler {n}\ncategory: politics\nwritten: 2024-01-{:02} {:02}:00:00",
                1 + n / 24,
                n % 24
            ),
            &format!("{words}{rare}."),
        );
    }
    site
}

/// The `c/` files read by a result, by name below `search/`.
fn ranges_read(result: &Value) -> BTreeSet<String> {
    result["fetched"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str().unwrap().split_once("/search/"))
        .map(|(_, rest)| rest.to_string())
        .filter(|rest| rest.starts_with("c/"))
        .collect()
}

#[test]
fn an_and_query_with_a_rare_word_reads_only_the_tail_ranges_that_can_hold_its_stories() {
    let site = ranged_site();
    site.cmd("build").run();
    let files = index_files(&site.out(), "en");
    // A common word whose shard's tails are cut in three ranges or more, and those ranges.
    let ranges_of = |word: &str| -> BTreeSet<String> {
        let (head, _) = files
            .iter()
            .find(|(name, bytes)| name.starts_with("t/") && shard_terms(bytes).contains(word))
            .unwrap();
        let shard = head.trim_start_matches("t/").trim_end_matches(".json");
        files
            .keys()
            .filter(|name| name.starts_with(&format!("c/{shard}-")))
            .cloned()
            .collect()
    };
    let (word, ranges) = (0..1000)
        .map(|w| format!("w{w}"))
        .map(|w| {
            let ranges = ranges_of(&w);
            (w, ranges)
        })
        .find(|(_, ranges)| ranges.len() >= 3)
        .expect("a shard with three tail ranges or more");
    for range in &ranges {
        assert!(shard_terms(&files[range]).contains(&word), "{range}");
    }
    let queries: Vec<Value> = ["zephyr", "quokka"]
        .iter()
        .flat_map(|rare| {
            let q = format!("{word} {rare}");
            [
                json!({"lang": "en", "q": q}),
                json!({"lang": "en", "q": q, "sort": "newest"}),
                // Every story: the common word's whole tail is read.
                json!({"lang": "en", "q": word, "need": 1000}),
            ]
        })
        .collect();
    let results = run_queries(&site.out(), &Value::Array(queries));
    let everything = &results[2];
    assert_eq!(everything["hits"], 400);
    assert_eq!(ranges_read(everything), ranges);
    for (at, stories) in [(0, [51, 50]), (3, [190, 10])] {
        let expected: Vec<String> = stories
            .iter()
            .map(|n| format!("/en/politics/filler-{n:03}/"))
            .collect();
        for result in &results[at..at + 2] {
            // The same answer as reading every range: the two stories, newer first...
            assert_eq!(urls(result), expected, "{result}");
            assert_eq!(result["total"], 2);
            // ...from the ranges that hold them: one for stories an hour apart, the first and
            // the last for stories 180 hours apart; never the ones between.
            let read = ranges_read(result);
            assert!(read.is_subset(&ranges), "{read:?} of {ranges:?}");
            let wanted = if at == 0 { 1 } else { 2 };
            assert_eq!(read.len(), wanted, "{read:?} of {ranges:?}");
        }
    }
    let first_and_last: BTreeSet<String> = [ranges.first(), ranges.last()]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    assert_eq!(ranges_read(&results[3]), first_and_last);
}
