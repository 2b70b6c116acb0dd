//! Command-line arguments into a pipeline run, and its outcome into messages and an exit code.

use crate::diagnostics::{Diagnostics, plural};
use crate::model::Selection;
use crate::pipeline::{self, BuildOptions, Progress};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "newsroom",
    version,
    about = "A static news-site generator for multilingual newsrooms"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Start a new article, or the translation of one, with its front-matter filled in.
    New(crate::scaffold::NewArgs),
    /// Read and render everything a build would, write nothing, and report every problem.
    Check(crate::check::CheckArgs),
    /// Build the site, serve it locally, and rebuild and reload the open pages as files change.
    Serve(ServeArgs),
}

/// Which site, and which of its stories: shared by every command that reads a site.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// The site folder, holding site.yaml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles whose `written` time is still to come.
    #[arg(long)]
    pub future: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Use this base URL instead of the one in site.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output folder [default: ROOT/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print only errors and the last line.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The preview's base URL is the local address, so `--base-url` is not offered.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The port to serve on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to serve on; anything but a loopback address makes the preview public.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn main() -> ExitCode {
    restore_broken_pipe_default();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::New(args) => crate::scaffold::run(args),
        Command::Check(args) => crate::check::run(args),
        Command::Serve(args) => serve(args),
    }
}

/// "Now", for leaving out future articles: `SOURCE_DATE_EPOCH` where set, so that a build can be
/// reproduced later, else the clock.
pub fn now() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH is '{value}'; it must be whole seconds since 1970-01-01 UTC"
                )
            }),
        _ => Ok(Utc::now()),
    }
}

pub fn build_options(site: &SiteArgs, out: Option<PathBuf>) -> Result<BuildOptions, String> {
    Ok(BuildOptions {
        root: site.source.root.clone(),
        out,
        selection: Selection {
            drafts: site.source.drafts,
            future: site.source.future,
            now: now()?,
        },
        base_url: site.base_url.clone(),
    })
}

fn build(args: BuildArgs) -> ExitCode {
    let options = match build_options(&args.site, args.out) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let bar = ProgressBar::new(!args.quiet && std::io::stderr().is_terminal());
    match pipeline::build(&options, &bar) {
        Ok((report, warnings)) => {
            if !args.quiet {
                print_diagnostics(warnings);
                if let Some(note) = report.left_out_note() {
                    eprintln!("{note}");
                }
            }
            println!("{}", report.summary());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            // Counted after duplicates are folded, so the count matches the lines shown.
            let shown = diagnostics.sorted();
            let errors = shown
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                .count();
            let warnings = shown.len() - errors;
            for diagnostic in &shown {
                eprintln!("{diagnostic}");
            }
            let out = options.out_dir();
            eprintln!(
                "error: the build failed with {}{}; {} was left as it was",
                plural(errors, "error"),
                if warnings > 0 {
                    format!(" and {}", plural(warnings, "warning"))
                } else {
                    String::new()
                },
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let site = SiteArgs {
        source: args.source,
        base_url: None,
    };
    let served = build_options(&site, None).and_then(|build| {
        crate::serve::run(crate::serve::ServeOptions {
            build,
            bind: args.bind,
            port: args.port,
            open: args.open,
        })
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

pub fn print_diagnostics(diagnostics: Diagnostics) {
    for diagnostic in diagnostics.sorted() {
        eprintln!("{diagnostic}");
    }
}

/// A progress bar on a terminal; nothing elsewhere.
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn new(visible: bool) -> Self {
        ProgressBar(visible.then(|| indicatif::ProgressBar::new(0)))
    }
}

impl Progress for ProgressBar {
    fn start_rendering(&self, pages: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(pages as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("rendering {bar:30} {pos}/{len} pages")
            {
                bar.set_style(style);
            }
        }
    }

    fn page_done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Rust ignores SIGPIPE, so `newsroom build | head` would panic on the first write after `head`
/// exits. Command-line tools end quietly instead.
fn restore_broken_pipe_default() {
    #[cfg(target_os = "linux")]
    // SAFETY: setting a signal's disposition to its default at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
