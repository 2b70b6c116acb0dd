//! Watches the site's sources and rebuilds on a thread of its own.
//!
//! `notify` reports file events; the debouncer folds the several events of one editor save into
//! one. Each batch becomes `Changes`, which the `Preview` applies; the outcome goes to the terminal
//! and, through `Live`, to the open pages.

use super::http::Live;
use super::preview::{Changes, Outcome, Preview};
use crate::content::{self, CONTENT_DIR, STATIC_DIR};
use crate::diagnostics::{Severity, display_path, plural};
use crate::model::LeftOutReason;
use crate::pipeline;
use crate::render::TEMPLATES_DIR;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Short enough to feel instant, long enough to fold an editor's write-and-rename into one batch.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// A running watcher and its rebuild thread; dropping the watcher ends the thread.
pub struct Watching {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    thread: JoinHandle<()>,
}

impl Watching {
    /// Stops watching and waits for a rebuild in progress to finish.
    pub fn stop(self) {
        drop(self.debouncer);
        let _ = self.thread.join();
    }
}

/// Watching that has started, before the rebuild thread does: changes made meanwhile (during the
/// first build, say) wait in the channel.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    receiver: mpsc::Receiver<DebounceEventResult>,
}

/// Starts watching the sources of the site at `root` (absolute).
pub fn watch(root: &Path) -> notify::Result<Watcher> {
    let (sender, receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender)?;
    for folder in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, "i18n"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively: for site.yaml (editors often replace it by a rename).
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(Watcher {
        debouncer,
        receiver,
    })
}

/// Rebuilds `preview` on every change that `watcher` sees, on a thread of its own.
pub fn start(
    root: &Path,
    watcher: Watcher,
    mut preview: Preview,
    live: Live,
) -> std::io::Result<Watching> {
    let Watcher {
        debouncer,
        receiver,
    } = watcher;
    let root = root.to_path_buf();
    let thread = std::thread::Builder::new()
        .name("newsroom-rebuild".to_string())
        .spawn(move || {
            while let Ok(batch) = receiver.recv() {
                let mut changes = Changes::default();
                let mut add = |batch: DebounceEventResult| match batch {
                    Ok(events) => {
                        // Reading a file is no change (and the rebuild itself reads them all).
                        for event in events
                            .iter()
                            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        {
                            for path in &event.paths {
                                classify(&root, path, &mut changes);
                            }
                        }
                    }
                    // The watcher lost track (an overflow, say): rebuild everything to be sure.
                    Err(errors) => {
                        for err in errors {
                            eprintln!("warning: the file watcher reported: {err}; rebuilding all");
                        }
                        changes.everything = true;
                    }
                };
                add(batch);
                // Batches that arrived meanwhile join this rebuild.
                while let Ok(more) = receiver.try_recv() {
                    add(more);
                }
                if changes.is_empty() {
                    continue;
                }
                let outcome = preview.apply(&changes);
                report(&preview, &outcome, &live);
                explain_hidden(&preview, &changes);
                if let Some(outcome) = preview.finish_later() {
                    report(&preview, &outcome, &live);
                }
            }
        })?;
    Ok(Watching { debouncer, thread })
}

/// Prints the outcome and tells the open pages: reload, or show the errors.
pub fn report(preview: &Preview, outcome: &Outcome, live: &Live) {
    for diagnostic in &outcome.diagnostics {
        eprintln!("{diagnostic}");
    }
    let errors: Vec<String> = preview.errors().iter().map(ToString::to_string).collect();
    let failed = outcome
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if failed {
        eprintln!(
            "error: the rebuild failed with {}; the preview keeps the last good site until it is fixed",
            plural(errors.len(), "error")
        );
    }
    if outcome.changed {
        let copied = match outcome.copied {
            0 => String::new(),
            n => format!(" and copied {}", plural(n, "static file")),
        };
        let pages = |n: usize| if n == 1 { "page" } else { "pages" };
        let more = if outcome.is_later { "more " } else { "" };
        println!(
            "rebuilt {} {more}{}{copied} in {} ms",
            outcome.written,
            pages(outcome.written),
            outcome.elapsed.as_millis()
        );
        if outcome.later > 0 {
            println!(
                "updating the editor's picks on {} more {}",
                outcome.later,
                pages(outcome.later)
            );
        }
    }
    live.publish(&errors, outcome.changed);
}

/// The note of what the preview leaves out, as `build` prints it.
pub fn report_left_out(preview: &Preview) {
    if let Some(note) = preview.left_out().and_then(pipeline::left_out_note) {
        println!("{note}");
    }
}

/// A saved story the preview does not show (a story `new` starts is a draft) is explained, so the
/// editor does not look for it in vain.
fn explain_hidden(preview: &Preview, changes: &Changes) {
    let Some(left_out) = preview.left_out() else {
        return;
    };
    for source in &changes.content {
        match left_out.reason_for(source) {
            Some(LeftOutReason::Draft) => println!(
                "note: {} is a draft: the preview hides it unless started with --drafts",
                display_path(source)
            ),
            Some(LeftOutReason::Scheduled(at)) => println!(
                "note: {} is dated after now ({}): the preview hides it unless started with --future",
                display_path(source),
                at.format("%Y-%m-%d %H:%M %:z")
            ),
            None => {}
        }
    }
}

/// Sorts one changed path (absolute, below `root`) into `changes`.
fn classify(root: &Path, path: &Path, changes: &mut Changes) {
    let Ok(relative) = path.strip_prefix(root) else {
        return;
    };
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let name = parts.last().copied().unwrap_or_default();
    // Editors' swap, backup and probe files never count.
    let hidden = parts
        .iter()
        .any(|p| content::is_editor_leftover(std::ffi::OsStr::new(p)));
    if hidden || name.ends_with('~') || name.ends_with(".tmp") || name.ends_with(".swp") {
        return;
    }
    match parts.first().copied() {
        Some("site.yaml") if parts.len() == 1 => changes.everything = true,
        Some(TEMPLATES_DIR) | Some("i18n") => changes.everything = true,
        Some(CONTENT_DIR) => {
            // The same rule as the build's: `.md`, `.markdown`, in any case.
            if content::is_markdown(Path::new(name)) {
                changes.content.insert(relative.to_path_buf());
            } else if path.is_dir() || (!path.exists() && !name.contains('.')) {
                // A folder appeared, moved or went: the stories below it did too.
                changes.everything = true;
            }
        }
        Some(STATIC_DIR) if parts.len() > 1 => {
            if path.is_dir() {
                changes.everything = true;
            } else {
                changes.statics.insert(PathBuf::from_iter(&parts));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classified(paths: &[&str]) -> Changes {
        let root = Path::new("/nonexistent-site");
        let mut changes = Changes::default();
        for path in paths {
            classify(root, &root.join(path), &mut changes);
        }
        changes
    }

    #[test]
    fn an_article_is_a_content_change() {
        let changes = classified(&["content/en/politics/a.md", "content/en/.a.md.swp"]);
        assert!(!changes.everything);
        assert_eq!(
            changes.content.into_iter().collect::<Vec<_>>(),
            vec![PathBuf::from("content/en/politics/a.md")]
        );
    }

    /// Issue 9: `serve` ignored edits to `.markdown` and `.MD` files, which `build` reads.
    #[test]
    fn every_extension_the_build_reads_is_a_content_change() {
        let paths = [
            "content/en/politics/a.markdown",
            "content/en/politics/b.MD",
            "content/en/politics/c.Markdown",
        ];
        let changes = classified(&paths);
        assert!(!changes.everything);
        assert_eq!(changes.content.len(), paths.len(), "{changes:?}");
    }

    #[test]
    fn templates_config_and_i18n_rebuild_everything() {
        for path in ["templates/base.html", "site.yaml", "i18n/en.yaml"] {
            assert!(classified(&[path]).everything, "{path}");
        }
        assert!(classified(&["README.md", "public/index.html"]).is_empty());
    }

    #[test]
    fn a_static_file_is_copied_on_its_own() {
        let changes = classified(&["static/css/site.css", "static/css/site.css~"]);
        assert!(!changes.everything);
        assert_eq!(changes.statics.len(), 1);
    }
}
