//! `newsroom serve` (issue 3): the real binary on a free port against a small fixture site in a
//! temporary folder, spoken to over plain TCP (so that no client tidies the paths under test).
//!
//! Nothing here sleeps for a fixed time: every wait polls, with a generous limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Long enough for a debug build on a busy machine; a passing run takes a fraction of it.
const PATIENCE: Duration = Duration::from_secs(20);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// -------------------------------------------------------------------------------------------------
// The fixture site

/// A two-language site with the repository's own templates and static files. Its UI strings are
/// generated from the templates' `t(key=...)` calls, each text the key in capitals.
fn fixture() -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    copy_tree(&repo().join("templates"), &root.join("templates"));
    copy_tree(&repo().join("static"), &root.join("static"));
    write(&root.join("static/images/dot.png"), &png());
    write(
        &root.join("static/images/mark.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    write(
        &root.join("site.yaml"),
        b"title: Fixture News
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
    );
    let strings: String = ui_keys(&root.join("templates"))
        .into_iter()
        .map(|key| format!("{key}: \"{}\"\n", key.to_uppercase()))
        .collect();
    write(&root.join("i18n/en.yaml"), strings.as_bytes());
    write(&root.join("i18n/ko.yaml"), strings.as_bytes());
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
        write(&root.join("content").join(path), text.as_bytes());
    }
    // Outside the site and outside any output folder: must never be served.
    write(&dir.path().join("secret.txt"), b"TOP-SECRET-MARKER");
    dir
}

fn site(dir: &TempDir) -> PathBuf {
    dir.path().join("site")
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Write beside, then rename: the watcher sees one complete file, as after an editor's save.
    let temporary = path.with_extension("partial~");
    std::fs::write(&temporary, bytes).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every literal key of `t(key="...")` in the templates.
fn ui_keys(templates: &Path) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    let mut stack = vec![templates.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
                continue;
            }
            let source = std::fs::read_to_string(entry.path()).unwrap();
            for piece in source.split("t(key=").skip(1) {
                let mut chars = piece.chars();
                if let Some(quote @ ('"' | '\'')) = chars.next() {
                    let key: String = chars.take_while(|c| *c != quote).collect();
                    keys.insert(key);
                }
            }
        }
    }
    keys
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

// -------------------------------------------------------------------------------------------------
// The server

struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    /// The preview folder it serves.
    out: PathBuf,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = serve_command(root, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the newsroom binary runs");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let started = Instant::now();
        loop {
            let banner = stdout
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.starts_with("serving "))
                .cloned();
            if let Some(banner) = banner {
                let address = banner
                    .split("http://")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .expect("the banner names the address")
                    .to_string();
                let out = banner
                    .split(" from ")
                    .nth(1)
                    .and_then(|rest| rest.strip_suffix(" (Ctrl-C to stop)"))
                    .expect("the banner names the preview folder");
                return Server {
                    child,
                    address,
                    out: PathBuf::from(out),
                    stdout,
                    stderr,
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "serve exited with {status} before serving\n{}",
                    stderr.lock().unwrap().join("\n")
                );
            }
            assert!(started.elapsed() < PATIENCE, "serve did not start in time");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        request(&self.address, "GET", path)
    }

    /// An event stream that has received its `hello`, so that no later event can be missed.
    fn events(&self) -> Events {
        let events = Events::open(&self.address);
        events.expect("hello", |_| true);
        events
    }

    fn stdout_has(&self, predicate: impl Fn(&str) -> bool) -> bool {
        self.stdout.lock().unwrap().iter().any(|l| predicate(l))
    }

    fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Ctrl-C, then the exit status.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < PATIENCE, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status();
            let started = Instant::now();
            while self.child.try_wait().ok().flatten().is_none() && started.elapsed() < PATIENCE {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// "Now" for every run of the tests: 2030-01-01, after every fixture story.
const EPOCH: &str = "1893456000";

fn serve_command(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(["--port", "0"])
        .args(args)
        .stdin(Stdio::null());
    command
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// -------------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over TCP

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `path` exactly as given, byte for byte.
fn request(address: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The live-reload event stream, read on a thread of its own: (event, data) pairs.
struct Events {
    received: Receiver<(String, String)>,
}

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).expect("connect to the server");
        // HTTP/1.0: the stream comes without chunked framing, ending when the server closes it.
        write!(
            stream,
            "GET /__newsroom/events HTTP/1.0\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        let (sender, received) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && sender.send((event.clone(), data.to_string())).is_err()
                {
                    return;
                }
            }
        });
        Events { received }
    }

    /// The next event, which must be `name` and satisfy `check`; returns its data.
    fn expect(&self, name: &str, check: impl Fn(&str) -> bool) -> String {
        let (event, data) = self
            .received
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no '{name}' event in time"));
        assert_eq!(
            event, name,
            "expected a '{name}' event, got '{event}': {data}"
        );
        assert!(check(&data), "unexpected '{name}' data: {data}");
        data
    }
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
    let dir = fixture();
    let server = Server::start(&site(&dir), &[]);

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
    let dir = fixture();
    let server = Server::start(&site(&dir), &[]);
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
    let dir = fixture();
    let server = Server::start(&site(&dir), &[]);
    let secret = dir.path().join("secret.txt");
    // Symbolic links planted in the output, pointing out of it, are not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, server.out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), server.out.join("leakdir")).unwrap();
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
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let events = server.events();
    let file = root.join("content/en/politics/beta.md");
    let text = std::fs::read_to_string(&file).unwrap();
    write(
        &file,
        text.replace("Beta story", "Beta, revised").as_bytes(),
    );

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
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let events = server.events();

    let template = root.join("templates/base.html");
    let text = std::fs::read_to_string(&template).unwrap();
    write(
        &template,
        text.replace("</body>", "<!-- TEMPLATE-EDIT --></body>")
            .as_bytes(),
    );
    events.expect("reload", |_| true);
    assert!(server.get("/nope/").text().contains("TEMPLATE-EDIT"));

    write(&root.join("static/css/extra.css"), b"body { color: red }");
    events.expect("reload", |_| true);
    assert_eq!(server.get("/css/extra.css").text(), "body { color: red }");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_shows_its_errors_until_fixed() {
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let events = server.events();
    let file = root.join("content/en/politics/beta.md");
    let good = std::fs::read_to_string(&file).unwrap();

    write(
        &file,
        good.replace("title: Beta story", "title: [broken")
            .as_bytes(),
    );
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

    write(&file, good.replace("Beta story", "Beta, fixed").as_bytes());
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
    write(&file, good.as_bytes());
    fresh.expect("reload", |_| true);
}

#[test]
fn a_template_error_shows_with_its_place_and_clears_when_fixed() {
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let events = server.events();
    let template = root.join("templates/404.html");
    let good = std::fs::read_to_string(&template).unwrap();
    write(&template, format!("{good}\n{{% if %}}").as_bytes());
    events.expect("problems", |data| has_position(data, "templates/404.html:"));
    assert_eq!(server.get("/en/").status, 200, "the last good site stays");
    write(&template, good.as_bytes());
    events.expect("reload", |_| true);
}

/// Every file below `dir`, by its path relative to `dir`.
fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string();
            files.insert(relative, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The first file in which the preview folder differs from a full build (the reload script
/// aside), or `None`.
fn first_difference(
    full: &std::collections::BTreeMap<String, Vec<u8>>,
    preview: &Path,
) -> Option<String> {
    let preview: std::collections::BTreeMap<String, Vec<u8>> = read_tree(preview)
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
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let events = server.events();
    let content = root.join("content");
    let edit = |path: &str, from: &str, to: &str| {
        let file = content.join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{path} lacks {from:?}");
        write(&file, text.replace(from, to).as_bytes());
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
    write(
        &content.join("en/economy/epsilon.md"),
        b"---\ntitle: Epsilon story\ncategory: economy\nwritten: 2024-10-05 10:00:00\ntags: [new]\neditor_pick: true\n---\n\nNew.\n",
    );
    events.expect("reload", |_| true);
    edit(
        "en/politics/beta.md",
        "editor_pick: false",
        "editor_pick: false\ndraft: true",
    );
    std::fs::remove_file(content.join("en/economy/delta.md")).unwrap();
    events.expect("reload", |_| true);

    let out = dir.path().join("full");
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .arg("--base-url")
        .arg(format!("http://{}/", server.address))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let full = read_tree(&out);
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
    let dir = fixture();
    let root = site(&dir);
    let out = dir.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut stack = vec![out];
    let mut pages = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("__newsroom"), "{}", entry.path().display());
            pages += 1;
        }
    }
    assert!(pages > 10);
}

#[test]
fn a_busy_port_is_said_plainly() {
    let dir = fixture();
    let root = site(&dir);
    let server = Server::start(&root, &[]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let second = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("serve")
        .arg("--root")
        .arg(&root)
        .args(["--port", &port])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_stops_the_server_and_removes_the_preview_folder() {
    let dir = fixture();
    let mut server = Server::start(&site(&dir), &[]);
    let events = server.events();
    assert!(server.out.join("index.html").is_file());
    let status = server.interrupt();
    assert!(status.success(), "{status}");
    assert!(!server.out.exists(), "the preview folder is removed");
    drop(events);
}

#[test]
fn binding_beyond_loopback_warns_that_the_preview_is_public() {
    let dir = fixture();
    let server = Server::start(&site(&dir), &["--bind", "0.0.0.0"]);
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
    let dir = fixture();
    let settings = site(&dir).join("site.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(text.contains("base_url: https://news.example.org/\n"));
    write(
        &settings,
        text.replace(
            "base_url: https://news.example.org/\n",
            "base_url: https://news.example.org/news/\n",
        )
        .as_bytes(),
    );
    let server = Server::start(&site(&dir), &[]);
    let front = server.get("/news/en/");
    assert_eq!(front.status, 200);
    assert!(
        front.text().contains("href=\"/news/en/"),
        "links keep the path"
    );
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
