//! Shared helpers of the integration tests (issue 2): run the real `newsroom` binary, write small
//! fixture sites into temporary folders, read whole output folders, and query pages with CSS
//! selectors.
//!
//! Each test binary uses only part of this module.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

/// 2030-01-01T00:00:00Z: after every dated sample story except the future one (2031-01-15).
pub const EPOCH_2030: &str = "1893456000";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Running the binary

/// What one run of `newsroom build` gave.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "the build failed\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit code 1 (a content or template problem).
    pub fn assert_failure(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    pub fn assert_stderr_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr should not contain {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// The stderr line that contains `needle` (exactly one must).
    pub fn stderr_line(&self, needle: &str) -> &str {
        let lines: Vec<&str> = self.stderr.lines().filter(|l| l.contains(needle)).collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one stderr line with {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        lines[0]
    }

    /// Lines of stderr of the form `path...: error: ...`.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }

    pub fn last_stdout_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }

    /// The numbers of the last line `built N articles in N languages (N pages) in N ms`.
    pub fn summary(&self) -> Summary {
        parse_summary(self.last_stdout_line())
            .unwrap_or_else(|| panic!("not a summary line: {:?}", self.last_stdout_line()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub languages: usize,
    pub pages: usize,
    pub ms: u128,
}

/// Reads `built 48 articles in 4 languages (131 pages) in 85 ms` (singulars allowed for 1).
pub fn parse_summary(line: &str) -> Option<Summary> {
    fn count<'a>(words: &mut impl Iterator<Item = &'a str>, noun: &str) -> Option<usize> {
        let n: usize = words.next()?.trim_start_matches('(').parse().ok()?;
        let word = words.next()?.trim_end_matches(')');
        let expected = if n == 1 {
            noun.to_string()
        } else {
            format!("{noun}s")
        };
        (word == expected).then_some(n)
    }
    let mut words = line.split(' ');
    (words.next()? == "built").then_some(())?;
    let articles = count(&mut words, "article")?;
    (words.next()? == "in").then_some(())?;
    let languages = count(&mut words, "language")?;
    let pages_word = words.clone().next()?;
    if !pages_word.starts_with('(') {
        return None;
    }
    let pages = count(&mut words, "page")?;
    (words.next()? == "in").then_some(())?;
    let ms: u128 = words.next()?.parse().ok()?;
    (words.next()? == "ms").then_some(())?;
    words.next().is_none().then_some(Summary {
        articles,
        languages,
        pages,
        ms,
    })
}

/// `newsroom build --root ROOT --out OUT ARGS...`, with `SOURCE_DATE_EPOCH` set to `epoch`.
pub fn run_build(root: &Path, out: &Path, args: &[&str], epoch: &str) -> Run {
    run_build_env(root, out, args, &[("SOURCE_DATE_EPOCH", epoch)])
}

pub fn run_build_env(root: &Path, out: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("the newsroom binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The repository's own sample site, built once per test binary

pub struct SampleBuild {
    pub out: PathBuf,
    pub run: Run,
}

/// The sample site built with `SOURCE_DATE_EPOCH` = 2030-01-01 and no flags, once per test binary.
pub fn sample() -> &'static SampleBuild {
    static SAMPLE: OnceLock<SampleBuild> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = scratch_dir("sample");
        let out = dir.join("public");
        let run = run_build(&repo_root(), &out, &[], EPOCH_2030);
        run.assert_success();
        SampleBuild { out, run }
    })
}

/// A folder below Cargo's temporary folder for this package that outlives the tests of this
/// process (statics are never dropped), named after the process so that concurrent `cargo test`
/// runs never share it. Folders of processes that have ended are removed on the way.
pub fn scratch_dir(what: &str) -> PathBuf {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("newsroom-tests");
    std::fs::create_dir_all(&base).expect("create the scratch folder");
    let me = std::process::id();
    if let Ok(entries) = std::fs::read_dir(&base) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid
                && pid != me
                && Path::new("/proc/self").exists()
                && !Path::new("/proc").join(pid.to_string()).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = base.join(format!("{what}-{me}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// The front-matter of a sample content file, e.g. `content/id/politics/nato-call.md`.
pub fn sample_front_matter(relative: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo_root().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"));
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front-matter opens");
    let end = rest.find("\n---\n").expect("front-matter closes");
    serde_yaml::from_str(&rest[..end]).expect("front-matter is YAML")
}

/// A string field of a YAML mapping (`photo.credit` reaches into `photo`).
pub fn yaml_str(value: &serde_yaml::Value, dotted: &str) -> String {
    let mut current = value;
    for key in dotted.split('.') {
        current = current
            .get(key)
            .unwrap_or_else(|| panic!("no field {dotted} in {value:?}"));
    }
    match current {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        other => panic!("{dotted} is not a string: {other:?}"),
    }
}

/// The UI strings of one language of the sample site.
pub fn sample_i18n(code: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo_root().join(format!("i18n/{code}.yaml")))
        .expect("read the i18n file");
    serde_yaml::from_str(&text).expect("i18n is a flat map")
}

// ---------------------------------------------------------------------------------------------
// Fixture sites

/// A small site in a temporary folder: `site/` is the root, `public/` the output. It starts with the
/// repository's own templates, i18n files (en, ko, ar) and static css/js, so fixtures exercise the
/// real templates, plus a small site.yaml and one image; tests add content.
pub struct Fixture {
    dir: TempDir,
}

pub const FIXTURE_SITE_YAML: &str = "\
title: { en: Fixture News, ko: 픽스처 뉴스, ar: أخبار الاختبار }
base_url: https://fixture.example/
default_language: en
timezone: Asia/Seoul
languages:
  - code: en
    name: English
  - code: ko
    name: 한국어
  - code: ar
    name: العربية
    dir: rtl
categories:
  politics: { en: Politics, ko: 정치, ar: سياسة }
  economy: { en: Economy, ko: 경제, ar: اقتصاد }
page_size: 20
editor_picks: 5
consent:
  policy_url: { en: /en/cookie-policy/, ko: /ko/cookie-policy/, ar: /ar/cookie-policy/ }
";

pub const FIXTURE_IMAGE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"><rect width=\"4\" height=\"3\" fill=\"#369\"/></svg>\n";

impl Fixture {
    pub fn new() -> Fixture {
        let fixture = Fixture::empty();
        fixture.write("site.yaml", FIXTURE_SITE_YAML);
        for code in ["en", "ko", "ar"] {
            fixture.copy_from_repo(&format!("i18n/{code}.yaml"));
        }
        for entry in walkdir::WalkDir::new(repo_root().join("templates")) {
            let entry = entry.expect("walk templates");
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(repo_root())
                    .expect("below the repo")
                    .to_string_lossy()
                    .into_owned();
                fixture.copy_from_repo(&relative);
            }
        }
        fixture.copy_from_repo("static/css/site.css");
        fixture.copy_from_repo("static/js/consent.js");
        fixture.write("static/images/pic.svg", FIXTURE_IMAGE);
        fixture
    }

    /// A temporary folder with an empty `site/`.
    pub fn empty() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("newsroom-fixture-")
            .tempdir()
            .expect("create a temporary folder");
        std::fs::create_dir_all(dir.path().join("site")).expect("create site/");
        Fixture { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// The folder holding `site/` and `public/` (where staging folders appear).
    pub fn parent(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) -> &Self {
        self.write_bytes(relative, text.as_bytes())
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {relative}: {e}"));
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    /// Rewrites a file of the site; panics when the edit changes nothing (a stale test).
    pub fn edit(&self, relative: &str, change: impl FnOnce(&str) -> String) -> &Self {
        let before = self.read(relative);
        let after = change(&before);
        assert_ne!(before, after, "the edit of {relative} changed nothing");
        self.write(relative, &after)
    }

    /// Replaces exactly one occurrence of `from` in a file.
    pub fn replace(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} should occur once in {relative}"
        );
        self.write(relative, &text.replacen(from, to, 1))
    }

    pub fn remove(&self, relative: &str) -> &Self {
        std::fs::remove_file(self.path(relative))
            .unwrap_or_else(|e| panic!("remove {relative}: {e}"));
        self
    }

    fn copy_from_repo(&self, relative: &str) {
        let bytes = std::fs::read(repo_root().join(relative))
            .unwrap_or_else(|e| panic!("read the repository's {relative}: {e}"));
        self.write_bytes(relative, &bytes);
    }

    /// A Markdown file below `content/`: `---`, the front-matter lines, `---`, a blank line, the body.
    pub fn markdown(&self, below_content: &str, front_matter: &str, body: &str) -> &Self {
        let front = front_matter.trim_matches('\n');
        self.write(
            &format!("content/{below_content}"),
            &format!("---\n{front}\n---\n\n{body}\n"),
        )
    }

    /// A plain story at `content/<path>`; the category is the folder after the language.
    /// `extra` holds more front-matter lines.
    pub fn story(&self, path: &str, title: &str, written: &str, extra: &str) -> &Self {
        let category = path
            .split('/')
            .nth(1)
            .expect("content/<lang>/<category>/x.md");
        let mut front = format!("title: {title}\ncategory: {category}\nwritten: {written}\n");
        if !extra.trim().is_empty() {
            front.push_str(extra.trim_matches('\n'));
            front.push('\n');
        }
        self.markdown(path, &front, &format!("The story of {title}."))
    }

    /// Builds into `out()` with `SOURCE_DATE_EPOCH` = 2030-01-01.
    pub fn build(&self, args: &[&str]) -> Run {
        run_build(&self.root(), &self.out(), args, EPOCH_2030)
    }

    /// Builds and asserts success.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        run.assert_success();
        run
    }

    pub fn page(&self, url_path: &str) -> Doc {
        Doc::open(&self.out(), url_path)
    }

    pub fn exists(&self, url_path: &str) -> bool {
        output_file(&self.out(), url_path).is_file()
    }

    /// Names of the entries beside `site/` and `public/` (leftover staging folders show here).
    pub fn parent_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.parent())
            .expect("list the fixture folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

// ---------------------------------------------------------------------------------------------
// Output folders

/// `%XX` escapes of a URL path back to its bytes (output folders hold the decoded names).
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| path.to_string())
}

/// The file a site URL path is written to: `en/politics/` -> `en/politics/index.html`
/// (percent-escapes decoded).
pub fn output_file(out: &Path, url_path: &str) -> PathBuf {
    let decoded = percent_decode(url_path);
    let path = decoded.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    }
}

/// Every file below `dir` with its bytes, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("below the folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(
                relative,
                std::fs::read(entry.path()).expect("read an output file"),
            );
        }
    }
    files
}

/// Asserts two snapshots hold the same files with the same bytes, naming the first difference.
pub fn assert_same_files(
    left: &BTreeMap<String, Vec<u8>>,
    right: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let left_names: Vec<&String> = left.keys().collect();
    let right_names: Vec<&String> = right.keys().collect();
    assert_eq!(left_names, right_names, "{what}: the file lists differ");
    for (name, bytes) in left {
        assert!(
            right[name] == *bytes,
            "{what}: {name} differs ({} vs {} bytes)",
            bytes.len(),
            right[name].len()
        );
    }
}

/// Paths (relative to `out`) of every HTML file.
pub fn html_files(out: &Path) -> Vec<String> {
    snapshot(out)
        .into_keys()
        .filter(|name| name.ends_with(".html"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Parsed pages

/// One parsed output page.
pub struct Doc {
    pub html: Html,
    pub source: String,
    pub name: String,
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// An element's text with white space collapsed.
pub fn text_of(element: &ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Doc {
    /// The page written for a site URL path (`/en/politics/` or `404.html`).
    pub fn open(out: &Path, url_path: &str) -> Doc {
        let file = output_file(out, url_path);
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("no page for {url_path} ({}): {e}", file.display()));
        Doc::parse(url_path, source)
    }

    pub fn parse(name: &str, source: String) -> Doc {
        Doc {
            html: Html::parse_document(&source),
            source,
            name: name.to_string(),
        }
    }

    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The one element matching `css`; panics unless there is exactly one.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.all(css);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one {css:?}, found {}",
            self.name,
            found.len()
        );
        found[0]
    }

    pub fn text(&self, css: &str) -> String {
        text_of(&self.one(css))
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).iter().map(text_of).collect()
    }

    /// An attribute of the one element matching `css`; panics when it is absent.
    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css)
            .attr(name)
            .unwrap_or_else(|| panic!("{}: {css:?} has no attribute {name}", self.name))
            .to_string()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .filter_map(|e| e.attr(name).map(str::to_string))
            .collect()
    }

    /// `(hreflang, href)` of every `link rel=alternate` in the head.
    pub fn alternates(&self) -> Vec<(String, String)> {
        self.all("head link[rel=alternate][hreflang]")
            .iter()
            .map(|e| {
                (
                    e.attr("hreflang").unwrap_or_default().to_string(),
                    e.attr("href").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// `(code, href)` of every link of the language switcher.
    pub fn switcher(&self) -> Vec<(String, String)> {
        self.all("header nav.langs a")
            .iter()
            .map(|e| {
                (
                    e.attr("hreflang").unwrap_or_default().to_string(),
                    e.attr("href").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Every URL in `href`, `src` and `action` attributes of the page.
    pub fn urls(&self) -> Vec<String> {
        let mut urls = Vec::new();
        for element in self.all("[href], [src], [action]") {
            for name in ["href", "src", "action"] {
                if let Some(value) = element.attr(name) {
                    urls.push(value.to_string());
                }
            }
        }
        urls
    }
}

/// Every file below `dir` (not following links), sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

/// Copies every file below `from` to the same place below `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let target = to.join(entry.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

/// The UI strings the templates ask for, each with its key as its text: the test site needs no
/// i18n files of its own that could drift from the templates.
pub fn i18n_for(templates: &Path) -> String {
    let mut keys = std::collections::BTreeSet::new();
    for file in walk(templates) {
        let text = std::fs::read_to_string(file).unwrap();
        for quote in ['"', '\''] {
            let open = format!("t(key={quote}");
            for (index, _) in text.match_indices(&open) {
                let rest = &text[index + open.len()..];
                if let Some(end) = rest.find(quote) {
                    keys.insert(rest[..end].to_string());
                }
            }
        }
    }
    keys.iter()
        .map(|k| format!("{k}: \"{k} {{n}}\"\n"))
        .collect()
}
