//! [`Site`]: the site a test runs a command against, and where that command's output goes.

use super::command::Cmd;
use super::files::{copy_dir, output_file, walk};
use super::html::Doc;
use super::repo_root;
use super::serve::Server;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A site folder and its output folder.
///
/// - [`Site::sample`]: the repository's own sample site, read-only, built into a temporary folder.
/// - [`Site::fixture`]: a small three-language site (en, ko, ar) with the repository's templates,
///   UI strings and static css/js, [`FIXTURE_SITE_YAML`] and one image; tests add content.
/// - [`Site::empty`]: nothing yet; a test file builds its own fixture from the pieces
///   ([`Site::copy_templates`], [`Site::copy_static`], [`Site::generate_ui_strings`],
///   [`Site::write`]).
///
/// A fixture lives in a temporary folder that holds `site/` (the root) and, beside it, `public/`
/// (the output, passed to `build` as `--out`), so that leftovers of a build show beside them;
/// [`Site::default_out`] leaves the output where `build` puts it without `--out`, `site/public/`.
/// The temporary folder is removed when the `Site` is dropped.
pub struct Site {
    root: PathBuf,
    out: PathBuf,
    /// Whether `build` gets `--out` (else it writes to its default, `ROOT/public`).
    pass_out: bool,
    /// The sample site is the repository itself: tests never write into it.
    read_only: bool,
    dir: Option<TempDir>,
}

/// The settings of [`Site::fixture`].
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

/// `static/images/pic.svg` of [`Site::fixture`].
pub const FIXTURE_IMAGE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"><rect width=\"4\" height=\"3\" fill=\"#369\"/></svg>\n";

impl Site {
    /// The repository's sample site, built into `public/` of a temporary folder.
    pub fn sample() -> Site {
        let dir = temporary_folder();
        let out = dir.path().join("public");
        Site {
            root: repo_root(),
            out,
            pass_out: true,
            read_only: true,
            dir: Some(dir),
        }
    }

    /// The repository's sample site, built into `out` (a folder the caller keeps).
    pub fn sample_into(out: PathBuf) -> Site {
        Site {
            root: repo_root(),
            out,
            pass_out: true,
            read_only: true,
            dir: None,
        }
    }

    /// A temporary folder with an empty `site/`.
    pub fn empty() -> Site {
        let dir = temporary_folder();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("create site/");
        Site {
            out: dir.path().join("public"),
            root,
            pass_out: true,
            read_only: false,
            dir: Some(dir),
        }
    }

    /// The standard fixture: see [`Site`].
    pub fn fixture() -> Site {
        let site = Site::empty();
        site.write("site.yaml", FIXTURE_SITE_YAML)
            .copy_templates()
            .copy_static(&["css", "js"])
            .write("static/images/pic.svg", FIXTURE_IMAGE);
        for code in ["en", "ko", "ar"] {
            site.copy_from_repo(&format!("i18n/{code}.yaml"));
        }
        site
    }

    /// The output goes where `build` puts it by default, `ROOT/public` (no `--out`).
    pub fn default_out(mut self) -> Site {
        assert!(
            !self.read_only,
            "the sample site's default output is the repository's"
        );
        self.out = self.root.join("public");
        self.pass_out = false;
        self
    }

    // ---------------------------------------------------------------------------------------------
    // Where things are

    pub fn root(&self) -> PathBuf {
        self.root.clone()
    }

    pub fn out(&self) -> PathBuf {
        self.out.clone()
    }

    /// The temporary folder holding `site/` (and, unless [`Site::default_out`], `public/`).
    pub fn parent(&self) -> &Path {
        self.dir
            .as_ref()
            .expect("the sample site has no temporary folder of its own")
            .path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Names of the entries beside the output folder (leftover staging folders show here).
    pub fn parent_entries(&self) -> Vec<String> {
        let parent = self.out.parent().expect("the output folder has a parent");
        let mut names: Vec<String> = std::fs::read_dir(parent)
            .expect("list the folder of the output")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    /// `newsroom SUBCOMMAND` against this site; see [`Cmd`].
    pub fn cmd(&self, subcommand: &str) -> Cmd {
        Cmd::new(
            subcommand,
            &self.root,
            self.pass_out.then(|| self.out.clone()),
        )
    }

    /// `newsroom serve --port 0 ARGS...`, started and serving; see [`Server`].
    pub fn serve(&self, args: &[&str]) -> Server {
        Server::start(self.cmd("serve").args(["--port", "0"]).args(args))
    }

    // ---------------------------------------------------------------------------------------------
    // The output

    /// The page written for a site URL path (`/en/politics/` or `404.html`).
    pub fn page(&self, url_path: &str) -> Doc {
        Doc::open(&self.out, url_path)
    }

    pub fn exists(&self, url_path: &str) -> bool {
        output_file(&self.out, url_path).is_file()
    }

    // ---------------------------------------------------------------------------------------------
    // Writing the site

    /// Writes a file of the site, beside then renamed into place, so that a watching `serve` sees
    /// one complete file, as after an editor's save.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        self.write_bytes(relative, text.as_bytes())
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Self {
        assert!(!self.read_only, "the sample site is read-only ({relative})");
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        let temporary = path.with_extension("partial~");
        std::fs::write(&temporary, bytes).unwrap_or_else(|e| panic!("write {relative}: {e}"));
        std::fs::rename(&temporary, &path).unwrap_or_else(|e| panic!("write {relative}: {e}"));
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
        assert!(!self.read_only, "the sample site is read-only ({relative})");
        std::fs::remove_file(self.path(relative))
            .unwrap_or_else(|e| panic!("remove {relative}: {e}"));
        self
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

    /// Copies a file of the repository (`i18n/en.yaml`) to the same place in the site.
    pub fn copy_from_repo(&self, relative: &str) -> &Self {
        let bytes = std::fs::read(repo_root().join(relative))
            .unwrap_or_else(|e| panic!("read the repository's {relative}: {e}"));
        self.write_bytes(relative, &bytes)
    }

    /// The repository's templates, so that fixtures exercise the real ones.
    pub fn copy_templates(&self) -> &Self {
        assert!(!self.read_only);
        copy_dir(&repo_root().join("templates"), &self.path("templates"));
        self
    }

    /// Folders of the repository's `static/` (`css`, `js`).
    pub fn copy_static(&self, folders: &[&str]) -> &Self {
        assert!(!self.read_only);
        for folder in folders {
            let relative = format!("static/{folder}");
            copy_dir(&repo_root().join(&relative), &self.path(&relative));
        }
        self
    }

    /// `i18n/<code>.yaml` for each code, with every UI string the site's templates ask for, its
    /// text made from the key by `text` (e.g. [`ui_key`]): a test site needs no UI strings of its
    /// own that could drift from the templates. Copy or write the templates first.
    pub fn generate_ui_strings(&self, codes: &[&str], text: fn(&str) -> String) -> &Self {
        let mut keys = ui_keys(&self.path("templates"));
        keys.extend(ENGINE_UI_KEYS.iter().map(|k| k.to_string()));
        let strings: String = keys
            .iter()
            .map(|key| format!("{key}: \"{}\"\n", text(key)))
            .collect();
        assert!(
            !strings.is_empty(),
            "no UI strings: write the templates first"
        );
        for code in codes {
            self.write(&format!("i18n/{code}.yaml"), &strings);
        }
        self
    }
}

fn temporary_folder() -> TempDir {
    tempfile::Builder::new()
        .prefix("newsroom-test-")
        .tempdir()
        .expect("create a temporary folder")
}

/// UI strings that newsroom itself asks for, not the templates: the titles and descriptions of
/// the consent purposes a site without `consent.categories` has, and the text of an embed's
/// placeholder.
pub const ENGINE_UI_KEYS: [&str; 10] = [
    "consent_purpose_necessary",
    "consent_purpose_necessary_text",
    "consent_purpose_analytics",
    "consent_purpose_analytics_text",
    "embed_from",
    "embed_sends",
    "embed_needs",
    "embed_load_once",
    "embed_allow",
    "embed_open",
];

/// A UI string's text that names its key: `go_top` -> `go_top {n}` (`{n}` so that counted strings
/// show their number).
pub fn ui_key(key: &str) -> String {
    format!("{key} {{n}}")
}

/// Every literal key of `t(key="...")` (or `'...'`) in the templates below `templates`.
pub fn ui_keys(templates: &Path) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for file in walk(templates) {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
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
    keys
}
