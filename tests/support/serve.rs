//! A running `newsroom serve`, spoken to over plain TCP (so that no client tidies the paths under
//! test), and its live-reload event stream.
//!
//! Nothing here sleeps for a fixed time: every wait polls, up to [`PATIENCE`].

use super::PATIENCE;
use super::command::Cmd;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `newsroom serve`, running until the test drops it (Ctrl-C, then a kill if need be).
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// The preview folder it serves.
    pub out: PathBuf,
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `cmd` (a `serve` command) and waits for its `serving http://...` banner.
    pub fn start(cmd: Cmd) -> Server {
        let mut child = cmd
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the newsroom binary runs");
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        let stderr = collect(child.stderr.take().expect("piped stderr"));
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

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn get(&self, path: &str) -> Response {
        request(&self.address, "GET", path)
    }

    /// An event stream that has received its `hello`, so that no later event can be missed.
    pub fn events(&self) -> Events {
        let events = Events::open(&self.address);
        events.expect("hello", |_| true);
        events
    }

    pub fn stdout_has(&self, predicate: impl Fn(&str) -> bool) -> bool {
        self.stdout.lock().unwrap().iter().any(|l| predicate(l))
    }

    pub fn stderr_text(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Ctrl-C, then the exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for serve") {
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

/// Polls `done` until it holds; panics after [`PATIENCE`].
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// -------------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over TCP

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `path` exactly as given, byte for byte.
pub fn request(address: &str, method: &str, path: &str) -> Response {
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
pub struct Events {
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
    pub fn expect(&self, name: &str, check: impl Fn(&str) -> bool) -> String {
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
