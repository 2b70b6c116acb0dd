//! What a build tells the person who ran it: the summary line, what it left out, and progress.

use crate::diagnostics::display_path;
use crate::diagnostics::{plural, plural_of};
use crate::model::{LeftOut, LeftOutReason};
use crate::output::Change;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub languages: usize,
    pub pages: usize,
    pub elapsed: Duration,
    pub left_out: LeftOut,
    /// Content files read (the others came from the build cache).
    pub read: usize,
    /// Pages rendered (the others were unchanged).
    pub rendered: usize,
    /// Output files written or removed, sorted.
    pub changes: Vec<Change>,
}

impl BuildReport {
    pub fn left_out_note(&self) -> Option<String> {
        left_out_note(&self.left_out)
    }

    /// One line per left-out file with its reason, for `build --verbose`.
    pub fn left_out_files(&self) -> Vec<String> {
        left_out_lines(&self.left_out)
    }

    /// "took down 1 story (withdrawn or expired)" and when the next expiry falls, so that the
    /// publisher knows to build again then.
    pub fn takedown_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.left_out.taken_down > 0 {
            parts.push(format!(
                "took down {} (withdrawn or expired); their addresses show a notice",
                plural_of(self.left_out.taken_down, "story", "stories")
            ));
        }
        if let Some(next) = self.left_out.next_expiry {
            parts.push(format!(
                "the next story expires at {}; build again then to take it down",
                next.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
            ));
        }
        (!parts.is_empty()).then(|| format!("note: {}", parts.join("; ")))
    }

    /// "read 3 content files, rendered 41 pages, wrote 12 files, removed 1".
    pub fn work(&self) -> String {
        let written = self
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Written(_)))
            .count();
        format!(
            "read {}, rendered {}, wrote {}, removed {}",
            plural(self.read, "content file"),
            plural(self.rendered, "page"),
            plural(written, "file"),
            self.changes.len() - written
        )
    }

    /// The changes for `--changes`: one `written PATH` or `removed PATH` a line.
    pub fn changes_list(&self) -> String {
        self.changes
            .iter()
            .map(|change| match change {
                Change::Written(file) => format!("written {file}\n"),
                Change::Removed(file) => format!("removed {file}\n"),
            })
            .collect()
    }

    pub fn summary(&self) -> String {
        format!(
            "built {} in {} ({}) in {} ms",
            plural(self.articles, "article"),
            plural(self.languages, "language"),
            plural(self.pages, "page"),
            self.elapsed.as_millis()
        )
    }
}

/// "left out 2 drafts (--drafts includes them)", so a missing story is never a mystery, with
/// when the next scheduled story appears, so that a cron job knows when to build again.
pub fn left_out_note(left_out: &LeftOut) -> Option<String> {
    let mut parts = Vec::new();
    if left_out.drafts > 0 {
        parts.push(format!(
            "{} (--drafts includes them)",
            plural(left_out.drafts, "draft")
        ));
    }
    if left_out.future > 0 {
        parts.push(format!(
            "{} dated after now (--future includes them)",
            plural_of(left_out.future, "story", "stories")
        ));
    }
    let next = left_out
        .next_scheduled()
        .map(|at| format!("; the next appears at {}", moment(&at)))
        .unwrap_or_default();
    (!parts.is_empty()).then(|| format!("note: left out {}{next}", parts.join(" and ")))
}

/// One line per left-out file with its reason, and for a scheduled story when it appears.
pub fn left_out_lines(left_out: &LeftOut) -> Vec<String> {
    left_out
        .files
        .iter()
        .map(|file| {
            let why = match &file.reason {
                LeftOutReason::Draft => "a draft (--drafts includes it)".to_string(),
                LeftOutReason::Scheduled(at) => format!(
                    "dated after now; it appears in builds from {} on (--future includes it)",
                    moment(at)
                ),
            };
            format!("  left out {}: {why}", display_path(&file.source))
        })
        .collect()
}

/// `2027-01-05 09:00 +09:00`, in the offset the story was dated in.
fn moment(at: &chrono::DateTime<chrono::FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// Hooks for showing progress; the CLI passes a progress bar, tests and the preview pass nothing.
pub trait Progress: Sync {
    /// A line for the person waiting (a build waits for another one, the cache is new).
    fn note(&self, _line: &str) {}
    /// What the build found to do ("3 content files changed, 41 pages to render").
    fn found(&self, _what: &str) {}
    fn start_rendering(&self, _pages: usize) {}
    fn page_done(&self) {}
    fn finish(&self) {}
}

pub struct Silent;
impl Progress for Silent {}
