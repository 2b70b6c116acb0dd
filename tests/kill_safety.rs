//! Kill safety: a build killed with SIGKILL while it writes leaves the previous output exactly as it
//! was, and the next build leaves no temporary folder behind.

#![cfg(unix)]

mod support;

use support::{copy_dir, i18n_for, snapshot, walk};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EPOCH: &str = "1893456000";
/// Articles per language: enough that writing the output takes a noticeable while.
const ARTICLES: usize = 1_600;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A site of `ARTICLES` stories in each of two languages; `edition` goes into every title.
fn generate_site(root: &Path, edition: &str) {
    copy_dir(&repo().join("templates"), &root.join("templates"));
    for sub in ["css", "js"] {
        copy_dir(
            &repo().join("static").join(sub),
            &root.join("static").join(sub),
        );
    }
    let strings = i18n_for(&root.join("templates"));
    write(root, "i18n/en.yaml", strings.as_bytes());
    write(root, "i18n/id.yaml", strings.as_bytes());
    write(
        root,
        "site.yaml",
        b"title: Big Site
base_url: https://big.example/
default_language: en
timezone: UTC
languages:
  - code: en
    name: English
  - code: id
    name: Bahasa Indonesia
categories:
  politics: { en: Politics, id: Politik }
  economy: { en: Economy, id: Ekonomi }
  sports: { en: Sports, id: Olahraga }
page_size: 20
",
    );
    let categories = ["politics", "economy", "sports"];
    for language in ["en", "id"] {
        for n in 0..ARTICLES {
            let category = categories[n % categories.len()];
            let text = format!(
                "---\ntitle: Story {n} ({edition}, {language})\ncategory: {category}\n\
                 written: 2024-{:02}-{:02} {:02}:{:02}:00\ntags: [tag{}, common]\n---\n\n\
                 Paragraph one of story {n}, **{edition}**.\n\nParagraph two with a [link](/{language}/).\n",
                n % 12 + 1,
                n % 28 + 1,
                n % 24,
                n % 60,
                n % 50
            );
            write(
                root,
                &format!("content/{language}/{category}/story-{n}.md"),
                text.as_bytes(),
            );
        }
    }
}

fn build(root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the newsroom binary runs")
}

/// `.public.staging-*` and `.public.old-*` folders beside the output.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.staging-") || n.starts_with(".public.old-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_build_leaves_the_previous_output_and_no_debris() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = root.join("public");
    generate_site(&root, "first edition");

    let first = build(&root);
    assert!(first.status.success(), "{first:?}");
    let before = snapshot(&out);
    assert!(before.len() > 2 * ARTICLES, "{} files", before.len());
    let sample = out.join("en/politics/story-0/index.html");
    assert!(
        String::from_utf8_lossy(&before["en/politics/story-0/index.html"])
            .contains("first edition")
    );

    // A changed site: every page differs from the first build.
    generate_site(&root, "second edition");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = root.join(format!(".public.staging-{}", child.id()));
    let started = Instant::now();
    // Kill it as soon as it starts writing: reading and rendering come first, in memory.
    while !staging.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was seen writing; make the site bigger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no staging folder appeared"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was killed, not finished");
    assert!(
        staging.exists(),
        "the killed build leaves its staging folder"
    );
    assert!(!walk(&staging).is_empty() || staging.is_dir());

    // The output is the first build, whole and unchanged.
    let after = snapshot(&out);
    assert_eq!(after.len(), before.len(), "number of files in public/");
    for file in [
        "index.html",
        "en/index.html",
        "id/economy/index.html",
        "404.html",
    ] {
        assert_eq!(after.get(file), before.get(file), "{file} changed");
    }
    assert!(after == before, "public/ is not the previous build");
    assert!(
        std::fs::read_to_string(&sample)
            .unwrap()
            .contains("first edition")
    );

    // The next build cleans up after the killed one and swaps the new site in.
    let third = build(&root);
    assert!(third.status.success(), "{third:?}");
    assert_eq!(leftovers(&root), Vec::<String>::new());
    assert!(
        std::fs::read_to_string(&sample)
            .unwrap()
            .contains("second edition")
    );
    assert_eq!(snapshot(&out).len(), before.len());
}
