//! What a build tells the person who ran it: the summary line, what it left out, and progress.

use crate::diagnostics::{plural, plural_of};
use crate::model::LeftOut;
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
    /// "left out 2 drafts (--drafts includes them)", so a missing story is never a mystery.
    pub fn left_out_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.left_out.drafts > 0 {
            parts.push(format!(
                "{} (--drafts includes them)",
                plural(self.left_out.drafts, "draft")
            ));
        }
        if self.left_out.future > 0 {
            parts.push(format!(
                "{} dated after now (--future includes them)",
                plural_of(self.left_out.future, "story", "stories")
            ));
        }
        (!parts.is_empty()).then(|| format!("note: left out {}", parts.join(" and ")))
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
