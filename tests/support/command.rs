//! One run of the real `newsroom` binary: [`Cmd`] says what to run and what must come out,
//! [`Run`] is what came out.

use super::{EPOCH, TIME_LIMIT};
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A command of the binary against a site, with its expected exit code and output. Made by
/// [`Site::cmd`](super::Site::cmd); nothing runs until [`Cmd::run`] (or [`Cmd::spawn`]).
///
/// By default it runs `newsroom SUBCOMMAND --root ROOT [--out OUT] ARGS...` (`--out` for `build`
/// only, where the site has an output folder of its own), with `SOURCE_DATE_EPOCH` = [`EPOCH`],
/// `RUST_BACKTRACE=1`, no standard input, and expects exit code 0.
#[must_use = "a Cmd does nothing until .run()"]
pub struct Cmd {
    subcommand: String,
    root: Option<PathBuf>,
    out: Option<PathBuf>,
    args: Vec<OsString>,
    env: Vec<(String, String)>,
    epoch: Option<String>,
    current_dir: Option<PathBuf>,
    code: i32,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    stderr_lacks: Vec<String>,
    time_limit: Duration,
}

impl Cmd {
    pub(super) fn new(subcommand: &str, root: &Path, out: Option<PathBuf>) -> Cmd {
        Cmd {
            subcommand: subcommand.to_string(),
            root: Some(root.to_path_buf()),
            out: if subcommand == "build" { out } else { None },
            args: Vec::new(),
            env: Vec::new(),
            epoch: Some(EPOCH.to_string()),
            current_dir: None,
            code: 0,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            stderr_lacks: Vec::new(),
            time_limit: TIME_LIMIT,
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Cmd {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Writes the output to `out` instead of the site's output folder (`build` only).
    pub fn out(mut self, out: impl Into<PathBuf>) -> Cmd {
        assert_eq!(self.subcommand, "build", "--out is an option of build");
        self.out = Some(out.into());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// "Now" for this run, as `SOURCE_DATE_EPOCH` (default: [`EPOCH`]).
    pub fn epoch(mut self, seconds: &str) -> Cmd {
        self.epoch = Some(seconds.to_string());
        self
    }

    /// Runs in the site folder itself, without `--root`, as an editor would there.
    pub fn in_site_folder(mut self) -> Cmd {
        self.current_dir = self.root.take();
        self
    }

    /// Expects exit code 1 (a problem of the site or of the arguments).
    pub fn expect_failure(self) -> Cmd {
        self.expect_code(1)
    }

    pub fn expect_code(mut self, code: i32) -> Cmd {
        self.code = code;
        self
    }

    pub fn expect_stdout_contains(mut self, needle: &str) -> Cmd {
        self.stdout_has.push(needle.to_string());
        self
    }

    pub fn expect_stderr_contains(mut self, needle: &str) -> Cmd {
        self.stderr_has.push(needle.to_string());
        self
    }

    pub fn expect_stderr_lacks(mut self, needle: &str) -> Cmd {
        self.stderr_lacks.push(needle.to_string());
        self
    }

    pub(super) fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
        command.arg(&self.subcommand);
        if let Some(root) = &self.root {
            command.arg("--root").arg(root);
        }
        if let Some(out) = &self.out {
            command.arg("--out").arg(out);
        }
        command
            .args(&self.args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null());
        if let Some(epoch) = &self.epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        command
    }

    fn describe(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        format!("newsroom {} {}", self.subcommand, args.join(" "))
    }

    /// Starts the command with its output thrown away, for a test that stops it itself.
    pub fn spawn(self) -> Child {
        self.command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the newsroom binary runs")
    }

    /// Starts the command with its output kept, for tests that run several at once.
    pub fn spawn_piped(self) -> Child {
        self.command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the newsroom binary runs")
    }

    /// Runs the command to its end and checks every expectation; returns what it printed.
    pub fn run(self) -> Run {
        let what = self.describe();
        let started = Instant::now();
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the newsroom binary runs");
        let stdout = read_in_background(child.stdout.take().expect("piped stdout"));
        let stderr = read_in_background(child.stderr.take().expect("piped stderr"));
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for newsroom") {
                break status;
            }
            if started.elapsed() > self.time_limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} hung: killed after {:?}", self.time_limit);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let run = Run {
            code: status.code(),
            stdout: stdout.join().expect("read stdout"),
            stderr: stderr.join().expect("read stderr"),
            elapsed: started.elapsed(),
        };
        let fail = |problem: String| fail(&what, &problem, &run);
        for text in [&run.stdout, &run.stderr] {
            if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
                fail("it panicked".into());
            }
        }
        match run.code {
            None => fail("it was killed by a signal (a stack overflow?)".into()),
            Some(code) if code != self.code => {
                fail(format!("expected exit code {}, got {code}", self.code))
            }
            Some(_) => {}
        }
        for needle in &self.stdout_has {
            if !run.stdout.contains(needle.as_str()) {
                fail(format!("stdout lacks {needle:?}"));
            }
        }
        for needle in &self.stderr_has {
            if !run.stderr.contains(needle.as_str()) {
                fail(format!("stderr lacks {needle:?}"));
            }
        }
        for needle in &self.stderr_lacks {
            if run.stderr.contains(needle.as_str()) {
                fail(format!("stderr should not contain {needle:?}"));
            }
        }
        run
    }
}

fn fail(what: &str, problem: &str, run: &Run) -> ! {
    panic!("{what}: {problem}\n{run}")
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// What one run of the binary printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None`: killed by a signal, which [`Cmd::run`] never lets through).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--- exit code {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
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
