//! `newsroom build`: the site into its output folder, with a progress bar on a terminal, the
//! warnings, what was left out, and one summary line.

use crate::diagnostics::{self, Diagnostics, Severity, plural};
use crate::pipeline::{self, BuildOptions, Outcome, Progress};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// How much `build` prints besides errors and the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors and the summary line only.
    Quiet,
    /// Also warnings and the note of what was left out.
    Normal,
    /// Also each left-out file with its reason.
    Verbose,
}

/// What a build with nothing to do says before its summary.
const NOTHING_CHANGED: &str =
    "no source changed since the last build and no scheduled moment passed: nothing to do";

pub fn run(options: &BuildOptions, verbosity: Verbosity, changes: Option<&Path>) -> ExitCode {
    let quiet = verbosity == Verbosity::Quiet;
    let bar = ProgressBar::new(!quiet && std::io::stderr().is_terminal(), quiet);
    let (report, warnings, photos) = match pipeline::build_if_changed(options, &bar) {
        Ok(Outcome::Built(built)) => {
            let photos = built.loaded.photos.stats.summary();
            let (report, warnings) = built.into_report_at_exit();
            (report, warnings, Some(photos))
        }
        Ok(Outcome::Current { report, warnings }) => {
            if !quiet {
                println!("{NOTHING_CHANGED}");
            }
            // Nothing was decoded, encoded or read: the photos' line says so.
            let photos = crate::photos::Stats::default().summary();
            (report, warnings, Some(photos))
        }
        Err(problems) => {
            report_failure(problems, options);
            return ExitCode::FAILURE;
        }
    };
    if let Some(file) = changes
        && let Err(err) = std::fs::write(file, report.changes_list())
    {
        eprintln!(
            "error: the build succeeded, but the list of changes could not be written to {}: {err}",
            file.display()
        );
        return ExitCode::FAILURE;
    }
    if !quiet {
        diagnostics::print(warnings);
        for note in [report.left_out_note(), report.takedown_note()]
            .into_iter()
            .flatten()
        {
            eprintln!("{note}");
        }
        if verbosity == Verbosity::Verbose {
            report
                .left_out_files()
                .iter()
                .for_each(|l| eprintln!("{l}"));
        }
        println!("{}", report.work());
        if verbosity == Verbosity::Verbose
            && let Some(photos) = photos
        {
            println!("{photos}");
        }
    }
    println!("{}", report.summary());
    ExitCode::SUCCESS
}

fn report_failure(problems: Diagnostics, options: &BuildOptions) {
    // Counted after duplicates are folded, so the count matches the lines shown.
    let shown = problems.sorted();
    let errors = shown
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = shown.len() - errors;
    for diagnostic in &shown {
        eprintln!("{diagnostic}");
    }
    eprintln!(
        "error: the build failed with {}{}; {} was left as it was",
        plural(errors, "error"),
        if warnings > 0 {
            format!(" and {}", plural(warnings, "warning"))
        } else {
            String::new()
        },
        options.out_dir().display()
    );
}

/// A progress bar and what the build found, on a terminal; only notes elsewhere (none with
/// `--quiet`).
struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
}

impl ProgressBar {
    fn new(visible: bool, quiet: bool) -> Self {
        ProgressBar {
            bar: visible.then(|| indicatif::ProgressBar::new(0)),
            quiet,
        }
    }
}

impl Progress for ProgressBar {
    fn note(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    fn found(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.println(what);
        }
    }

    fn start_rendering(&self, pages: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(pages as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("rendering {bar:30} {pos}/{len} pages")
            {
                bar.set_style(style);
            }
        }
    }

    fn page_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
