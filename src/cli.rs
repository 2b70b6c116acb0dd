//! Command-line arguments: parsed with clap, validated into each command's options in one step,
//! and dispatched. The commands themselves live in `commands`.

use crate::commands::{
    self, build::Verbosity, check::Format, init::InitRequest, new::NewRequest, serve::ServeOptions,
};
use crate::model::Selection;
use crate::pipeline::BuildOptions;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "newsroom",
    version,
    about = "A static news-site generator for multilingual newsrooms"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Start a new article, or the translation of one, with its front-matter filled in.
    New(NewArgs),
    /// Read and render everything a build would, write nothing, and report every problem.
    Check(CheckArgs),
    /// Build the site, serve it locally, and rebuild and reload the open pages as files change.
    Serve(ServeArgs),
    /// Start a new site in an empty folder: settings, UI strings, templates and one story.
    Init(InitArgs),
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The folder to create the site in; it must be empty or not exist yet.
    #[arg(default_value = ".")]
    folder: PathBuf,
    /// The site's languages, the first one the default (any of en, ko, zh, fr, es, ja, ru, vi,
    /// id, ar, de).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    languages: Vec<String>,
    /// The site's name, shown in every page's header.
    #[arg(long, default_value = "My News")]
    title: String,
    /// The address the site will be published at.
    #[arg(long, default_value = "https://example.org/")]
    base_url: String,
}

/// Which site, and which of its stories: shared by every command that reads a site.
#[derive(Debug, Args, Clone)]
struct SourceArgs {
    /// The site folder, holding site.yaml [default: the nearest folder upward from here that
    /// holds one].
    #[arg(long)]
    root: Option<PathBuf>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include articles whose `written` time is still to come.
    #[arg(long)]
    future: bool,
}

#[derive(Debug, Args, Clone)]
struct SiteArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Use this base URL instead of the one in site.yaml.
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The output folder [default: ROOT/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print only errors and the last line.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also name each file the build left out (drafts, stories dated after now), and why.
    #[arg(long, short)]
    verbose: bool,
    /// Ignore the build cache: read, render and write everything (the cache is written anew).
    #[arg(long)]
    clean: bool,
    /// Write the list of output files this build wrote or removed to FILE, one
    /// `written PATH` or `removed PATH` a line, for a deploy step that uploads only those.
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print only errors and the last line (text format).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The site folder, holding site.yaml [default: the nearest folder upward from here that
    /// holds one].
    #[arg(long)]
    root: Option<PathBuf>,
    /// `<code>/<category>/<slug>` of the new article (`<code>/pages/<slug>` for a standalone page);
    /// with --translate, the language code of the translation.
    target: String,
    /// The title of the new article (with --translate: the translated title, if known).
    #[arg(long)]
    title: Option<String>,
    /// Start a translation of this content file (e.g. content/id/politics/nato-call.md).
    #[arg(long, value_name = "SOURCE")]
    translate: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The preview's base URL is the local address, so `--base-url` is not offered.
    #[command(flatten)]
    source: SourceArgs,
    /// The port to serve on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to serve on; anything but a loopback address makes the preview public.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

/// The binary's whole life: parse, validate, run one command, exit with its code.
pub fn main() -> ExitCode {
    restore_broken_pipe_default();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => match build_options(&args.site, args.out) {
            Ok(options) => {
                let verbosity = match (args.quiet, args.verbose) {
                    (true, _) => Verbosity::Quiet,
                    (_, true) => Verbosity::Verbose,
                    _ => Verbosity::Normal,
                };
                let options = BuildOptions {
                    clean: args.clean,
                    ..options
                };
                commands::build::run(&options, verbosity, args.changes.as_deref())
            }
            Err(message) => usage_error(&message),
        },
        Command::Check(args) => match build_options(&args.site, None) {
            Ok(options) => commands::check::run(&options, args.format, args.quiet),
            Err(message) => usage_error(&message),
        },
        Command::New(args) => commands::new::run(NewRequest {
            root: site_root(args.root),
            target: args.target,
            title: args.title,
            translate: args.translate,
        }),
        Command::Serve(args) => serve(args),
        Command::Init(args) => match crate::clock::now() {
            Ok(now) => commands::init::run(InitRequest {
                folder: args.folder,
                languages: args.languages,
                title: args.title,
                base_url: args.base_url,
                now,
            }),
            Err(message) => usage_error(&message),
        },
    }
}

/// Bad arguments (or environment): exit code 2, as clap uses for its own.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// `--root`, or else the nearest folder from the current one upward that holds `site.yaml`, as git
/// finds its repository (so a command works from `content/en/politics/`); else the current folder,
/// whose missing `site.yaml` is then reported.
fn site_root(given: Option<PathBuf>) -> PathBuf {
    if let Some(root) = given {
        return root;
    }
    let here = PathBuf::from(".");
    let Ok(current) = std::env::current_dir() else {
        return here;
    };
    match current
        .ancestors()
        .find(|folder| folder.join(crate::config::SITE_FILE).is_file())
    {
        Some(found) if found != current => found.to_path_buf(),
        _ => here,
    }
}

fn build_options(site: &SiteArgs, out: Option<PathBuf>) -> Result<BuildOptions, String> {
    Ok(BuildOptions {
        root: site_root(site.source.root.clone()),
        out,
        selection: Selection {
            drafts: site.source.drafts,
            future: site.source.future,
            now: crate::clock::now()?,
        },
        base_url: site.base_url.clone(),
        clean: false,
    })
}

fn serve(args: ServeArgs) -> ExitCode {
    let site = SiteArgs {
        source: args.source,
        base_url: None,
    };
    let served = build_options(&site, None).and_then(|build| {
        commands::serve::run(ServeOptions {
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

/// Rust ignores SIGPIPE, so `newsroom build | head` would panic on the first write after `head`
/// exits. Command-line tools end quietly instead.
fn restore_broken_pipe_default() {
    #[cfg(target_os = "linux")]
    // SAFETY: setting a signal's disposition to its default at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
