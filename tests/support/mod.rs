//! The one test harness of the integration tests: every test binary includes this module.
//!
//! A test says three things, in the spirit of mdBook's `BookTest` and just's `Test`:
//!
//! - **a site** ([`Site`]): the repository's sample site (read-only), or a small fixture written
//!   file by file into a temporary folder;
//! - **a command** ([`Cmd`]): `build`, `serve`, `new` or `check` of the real binary, with its
//!   arguments and environment (`SOURCE_DATE_EPOCH` is always [`EPOCH`] unless the test says
//!   otherwise);
//! - **the expected exit and output**, declared before the run; [`Cmd::run`] panics with the whole
//!   output when they do not hold, and whenever the binary panics, hangs or dies of a signal.
//!
//! ```ignore
//! let site = Site::fixture();
//! site.story("en/politics/a.md", "A story", "2024-10-22 15:06:52", "");
//! site.cmd("build").arg("--drafts").run();
//! assert_eq!(site.page("/en/politics/a/").text("h1"), "A story");
//! site.cmd("check")
//!     .expect_failure()
//!     .expect_stdout_contains("error:")
//!     .run();
//! ```
//!
//! What the output says is read with [`Doc`] (HTML through `scraper`), [`snapshot`] (whole output
//! folders), and [`SampleSite`] (what the sample site's own files say it should contain).
//!
//! Each test binary uses only part of this module.
#![allow(dead_code, unused_imports)]

mod command;
mod files;
mod html;
mod sample;
mod serve;
mod site;

pub use command::{Cmd, Run, Summary, parse_summary};
pub use files::{
    assert_same_files, copy_dir, html_files, output_file, percent_decode, scratch_dir, snapshot,
    walk,
};
pub use html::{Doc, selector, text_of};
pub use sample::{
    Category, Language, SampleBuild, SampleSite, SampleStory, epoch, front_matter, paragraphs,
    sample, sample_site, yaml_str,
};
pub use serve::{Events, Response, Server, request, wait_until};
pub use site::{FIXTURE_IMAGE, FIXTURE_SITE_YAML, Site, ui_key, ui_keys};

use std::path::PathBuf;
use std::time::Duration;

/// "Now" for every command a test runs: `SOURCE_DATE_EPOCH` = 2030-01-01T00:00:00Z
/// (2030-01-01 09:00:00 in Asia/Seoul), after every dated sample story except the scheduled ones
/// (2031).
pub const EPOCH: &str = "1893456000";

/// The longest a test waits for something that polls (a server starting, a rebuild, an event):
/// long enough for a debug build on a busy machine; a passing run takes a fraction of it.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The longest one command may run before it is killed as hung (a debug build, on a busy machine).
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
