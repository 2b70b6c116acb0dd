//! `build` with the build cache: what changed since the last build is read, rendered and written;
//! nothing else is.
//!
//! Three ways to publish, chosen per build:
//! - **clean** (no usable cache, no output folder yet, or `--clean`): everything is rendered into
//!   a staging folder that replaces the output folder in one step;
//! - **incremental** (the cache knows the output folder): only the pages whose fingerprint
//!   changed are rendered, and only those whose bytes changed are written, in place;
//! - **repair** (the output folder exists but the cache does not know it, or the last build was
//!   killed while changing it): every page is rendered and compared with the file on disk.
//!
//! In all three, a build that fails changes nothing, and the cache is updated last, in one
//! transaction.

use super::{BuildOptions, BuildReport, Built, LoadedSite, Progress, load_reusing, render_into};
use crate::cache::{self, Cache, Snapshot, Update, Written};
use crate::content::FileRead;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Fingerprint, Job, hash_bytes};
use crate::output::{self, Change, Hashing, Listing, OwnerLock, Patch, StaticFile};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

/// What the cache knew before this build.
enum Before {
    /// Nothing usable: a clean build.
    Nothing,
    /// The output folder as the last build left it.
    Outputs(HashMap<String, Written>),
    /// An output folder the cache cannot vouch for: compare with the files themselves.
    Disk,
}

/// How `build_if_changed` ended.
pub enum Outcome {
    Built(Box<Built>),
    /// No source changed since the last good build and no moment passed that changes pages:
    /// nothing was read, rendered or written. The warnings are the last build's.
    Current {
        report: BuildReport,
        warnings: Diagnostics,
    },
}

/// Reads, renders and writes the site into `options.out_dir()`, reusing the build cache beside
/// it. On any error nothing is written and the previous output stays as it was.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Built, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let start = begin(options, progress, &mut diagnostics)?;
    build_started(options, progress, start, diagnostics)
}

/// `build`, unless the last good build into the same folder saw the same inputs: then nothing
/// is loaded at all, and the build takes as long as a walk of the site's folders.
pub fn build_if_changed(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Outcome, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let start = begin(options, progress, &mut diagnostics)?;
    let current = start
        .cache
        .as_ref()
        .filter(|_| !options.clean && start.out.join(output::MARKER).is_file())
        .and_then(|cache| cache.snapshot(&start.out))
        .filter(|snapshot| snapshot.still_current(start.inputs, options.selection.now));
    let Some(snapshot) = current else {
        return build_started(options, progress, start, diagnostics)
            .map(|built| Outcome::Built(Box::new(built)));
    };
    diagnostics.extend(snapshot.warnings());
    let report = BuildReport {
        articles: snapshot.articles,
        languages: snapshot.languages,
        pages: snapshot.pages,
        elapsed: start.started.elapsed(),
        left_out: snapshot.left_out,
        read: 0,
        rendered: 0,
        changes: Vec::new(),
    };
    Ok(Outcome::Current {
        report,
        warnings: diagnostics,
    })
}

/// A build that holds its output folder, with the cache open and its inputs stamped.
struct Start {
    started: Instant,
    out: std::path::PathBuf,
    _writer: OwnerLock,
    cache: Option<Cache>,
    /// `snapshot::inputs_digest`, taken before anything is read: a file changed while the build
    /// runs makes the next build look again.
    inputs: u128,
}

fn begin(
    options: &BuildOptions,
    progress: &dyn Progress,
    diagnostics: &mut Diagnostics,
) -> Result<Start, Diagnostics> {
    let started = Instant::now();
    let out = options.out_dir();
    if let Err(message) = output::check_output_folder(&options.root, &out) {
        diagnostics.error(Location::file("--out"), message);
        return Err(std::mem::take(diagnostics));
    }
    let writer = match lock_output(&out, progress) {
        Ok(lock) => lock,
        Err(err) => {
            cannot_write(diagnostics, &out, "beside the output folder", err);
            return Err(std::mem::take(diagnostics));
        }
    };
    let identity = super::inputs::identity(&options.root);
    let content_inputs = super::inputs::content_inputs(options, &identity);
    let inputs = super::snapshot::inputs_digest(options, content_inputs, &out);
    let cache = open_cache(
        options,
        &out,
        &identity,
        content_inputs,
        diagnostics,
        progress,
    );
    Ok(Start {
        started,
        out,
        _writer: writer,
        cache,
        inputs,
    })
}

fn build_started(
    options: &BuildOptions,
    progress: &dyn Progress,
    start: Start,
    mut diagnostics: Diagnostics,
) -> Result<Built, Diagnostics> {
    let Start {
        started,
        out,
        _writer,
        mut cache,
        inputs: inputs_digest,
    } = start;
    let listing = output::Listing::start(&out);
    let mut reading = Diagnostics::new();
    let loaded = load_reusing(options, cache.as_ref(), &mut reading);
    let warnings_of_reading = reading.clone().sorted();
    diagnostics.extend(reading);
    let Some((loaded, reads)) = loaded else {
        return Err(diagnostics);
    };
    let before = what_the_cache_knows(cache.as_ref(), &out);
    let inputs = super::inputs::site_inputs(options, &loaded);
    let fingerprints = loaded.site.fingerprints(&loaded.jobs, inputs);
    let context = Context {
        loaded: &loaded,
        fingerprints: &fingerprints,
        out: &out,
        reads: &reads,
        cache: cache.as_ref(),
        progress,
    };
    let published = match publish(&context, before, listing) {
        Ok(published) => published,
        Err(Failure::Render(errors)) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
        Err(Failure::Write(what, err)) => {
            cannot_write(&mut diagnostics, &out, &what, err);
            return Err(diagnostics);
        }
    };
    let rendered = published.rendered;
    let changes = published.changes.clone();
    let site = &loaded.site;
    let snapshot = Snapshot {
        inputs: inputs_digest,
        from: site.now,
        until: site.current_until(),
        articles: site.articles.len(),
        languages: site.config.languages.len(),
        pages: loaded.jobs.len(),
        left_out: site.left_out.clone(),
        warnings: warnings_of_reading,
    };
    if let Some(cache) = cache.take()
        && let Err(err) = cache.finish(cache_update(published, &out, snapshot))
    {
        diagnostics.warning(
            Location::file(cache::location(&out)),
            format!("cannot update the build cache ({err}); the next build reads everything again"),
        );
    }
    let report = BuildReport {
        articles: loaded.site.articles.len(),
        languages: loaded.site.config.languages.len(),
        pages: loaded.jobs.len(),
        elapsed: started.elapsed(),
        left_out: loaded.site.left_out.clone(),
        read: reads.iter().filter(|r| !r.reused).count(),
        rendered,
        changes,
    };
    Ok(Built {
        loaded,
        fingerprints,
        inputs,
        report,
        warnings: diagnostics,
    })
}

fn cannot_write(diagnostics: &mut Diagnostics, out: &Path, what: &str, err: std::io::Error) {
    diagnostics.error(
        Location::file(out),
        format!(
            "cannot write {what}: {}; the previous output is unchanged",
            output::describe_write_error(&err)
        ),
    );
}

/// One build at a time per output folder: a second one waits, and says so.
fn lock_output(out: &Path, progress: &dyn Progress) -> std::io::Result<OwnerLock> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    OwnerLock::wait(out, || progress.note(&waiting_note(out)))
}

fn what_the_cache_knows(cache: Option<&Cache>, out: &Path) -> Before {
    match (cache, out.join(output::MARKER).is_file()) {
        (_, false) => Before::Nothing,
        (None, true) => Before::Disk,
        (Some(cache), true) => match cache.outputs(out) {
            Ok(Some(outputs)) => Before::Outputs(outputs),
            _ => Before::Disk,
        },
    }
}

/// What publishing needs to know of the build.
struct Context<'a> {
    loaded: &'a LoadedSite,
    fingerprints: &'a [Fingerprint],
    out: &'a Path,
    reads: &'a [FileRead],
    cache: Option<&'a Cache>,
    progress: &'a dyn Progress,
}

/// Publishes the site the way `before` calls for.
/// `listing` is of the output folder as it was before this build.
fn publish(context: &Context, before: Before, listing: Listing) -> Result<Published, Failure> {
    let fingerprints = context.fingerprints;
    match before {
        Before::Nothing => clean(context, listing),
        Before::Outputs(outputs) => {
            let known = |file: &str| outputs.get(file).map(|w| w.bytes);
            let changed = |index: usize, file: &str| {
                outputs.get(file).and_then(|w| w.inputs) != Some(fingerprints[index])
            };
            let plan = Plan {
                known: &known,
                changed: &changed,
                repair: false,
            };
            patch(context, plan, listing)
        }
        Before::Disk => {
            let out = context.out;
            let on_disk = |file: &str| std::fs::read(out.join(file)).ok().map(|b| hash_bytes(&b));
            let all = |_: usize, _: &str| true;
            let plan = Plan {
                known: &on_disk,
                changed: &all,
                repair: true,
            };
            patch(context, plan, listing)
        }
    }
}

fn waiting_note(out: &Path) -> String {
    format!(
        "note: another build is writing {}; waiting for it to finish",
        out.display()
    )
}

/// The cache beside the output folder, unless `--clean` or it cannot be used (said once).
fn open_cache(
    options: &BuildOptions,
    out: &Path,
    identity: &str,
    content_inputs: u128,
    diagnostics: &mut Diagnostics,
    progress: &dyn Progress,
) -> Option<Cache> {
    match Cache::open(out, identity, content_inputs) {
        Ok((cache, None)) if !options.clean => Some(cache),
        Ok((mut cache, None)) => cache.reset(identity).is_ok().then_some(cache),
        Ok((cache, Some(why))) => {
            if why.starts_with("there is no") {
                progress.found(&format!("{why}; this build reads and writes everything"));
            } else {
                diagnostics.warning(
                    Location::file(cache::location(out)),
                    format!("{why}; this build reads and writes everything"),
                );
            }
            Some(cache)
        }
        Err(cache::Unusable(why)) => {
            diagnostics.warning(
                Location::file(cache::location(out)),
                format!("{why}; this build reads and writes everything, without the cache"),
            );
            None
        }
    }
}

/// The hash of a published file's bytes as the build sees it, where it exists.
type Known<'a> = dyn Fn(&str) -> Option<u128> + Sync + 'a;

/// Which pages an incremental build renders and how it tells changed bytes.
struct Plan<'a> {
    known: &'a Known<'a>,
    /// Whether a job (by index and output file) must be rendered again.
    changed: &'a dyn Fn(usize, &str) -> bool,
    /// Every page is rendered, and the cache's record of the folder replaced.
    repair: bool,
}

/// How publishing went wrong.
enum Failure {
    Render(Diagnostics),
    Write(String, std::io::Error),
}

/// What was published.
struct Published {
    /// Hash of every output file's bytes (pages and static files).
    hashes: Vec<(String, u128)>,
    rendered: usize,
    changes: Vec<Change>,
    /// The outputs replace the cache's record of the folder rather than adding to it.
    all: bool,
    fingerprints: Vec<(String, Fingerprint)>,
    gone: Vec<String>,
}

fn clean(context: &Context, listing: Listing) -> Result<Published, Failure> {
    let Context {
        loaded,
        fingerprints,
        out,
        progress,
        ..
    } = *context;
    let previous: BTreeSet<String> = listing.files().into_iter().collect();
    let staging = output::Staging::create(out)
        .map_err(|e| Failure::Write("beside the output folder".into(), e))?;
    let jobs: Vec<&Job> = loaded.jobs.iter().collect();
    progress.found(&format!("{} pages to render", jobs.len()));
    let hashing = Hashing::new(&staging);
    render_into(loaded, &jobs, &hashing, out, progress).map_err(Failure::Render)?;
    let mut hashes = hashing.into_hashes();
    staging
        .commit(&loaded.static_files)
        .map_err(|e| Failure::Write("the output folder".into(), e))?;
    hashes.extend(
        loaded
            .static_files
            .iter()
            .map(|f| (f.relative.clone(), f.hash)),
    );
    let now: BTreeSet<&str> = hashes.iter().map(|(f, _)| f.as_str()).collect();
    let mut changes: Vec<Change> = hashes
        .iter()
        .map(|(f, _)| Change::Written(f.clone()))
        .collect();
    changes.extend(
        previous
            .into_iter()
            .filter(|f| !now.contains(f.as_str()) && f != output::MARKER)
            .map(Change::Removed),
    );
    changes.sort();
    Ok(Published {
        rendered: jobs.len(),
        fingerprints: all_fingerprints(loaded, fingerprints),
        hashes,
        changes,
        all: true,
        gone: Vec::new(),
    })
}

/// An incremental or repairing build: `known` gives the hash of a published file's bytes,
/// `changed` whether a job (by index and output file) must be rendered again. A repair renders
/// every page and replaces the cache's whole record of the folder.
fn patch(context: &Context, plan: Plan, listing: Listing) -> Result<Published, Failure> {
    let Context {
        loaded,
        fingerprints,
        out,
        reads,
        cache,
        progress,
    } = *context;
    let Plan {
        known,
        changed,
        repair,
    } = plan;
    let files: Vec<String> = loaded.jobs.iter().map(Job::output_file).collect();
    let jobs: Vec<&Job> = loaded
        .jobs
        .iter()
        .enumerate()
        .filter(|(index, _)| changed(*index, &files[*index]))
        .map(|(_, job)| job)
        .collect();
    let statics: Vec<&StaticFile> = loaded
        .static_files
        .iter()
        .filter(|f| known(&f.relative) != Some(f.hash))
        .collect();
    let current: BTreeSet<&str> = files
        .iter()
        .map(String::as_str)
        .chain(loaded.static_files.iter().map(|f| f.relative.as_str()))
        .collect();
    let gone: Vec<String> = listing
        .files()
        .into_iter()
        .filter(|f| !current.contains(f.as_str()) && f != output::MARKER)
        .collect();
    let stories = reads.iter().filter(|r| !r.reused).count();
    progress.found(&format!(
        "{} changed, {} to render",
        crate::diagnostics::plural_of(stories, "content file", "content files"),
        crate::diagnostics::plural(jobs.len(), "page")
    ));
    let patch = Patch::create(out, known)
        .map_err(|e| Failure::Write("beside the output folder".into(), e))?;
    render_into(loaded, &jobs, &patch, out, progress).map_err(Failure::Render)?;
    let mut hashes = patch.hashes();
    if let Some(cache) = cache {
        cache
            .begin_changes(out)
            .map_err(|e| Failure::Write("the build cache".into(), std::io::Error::other(e)))?;
    }
    let changes = patch
        .apply(&statics, &gone)
        .map_err(|e| Failure::Write("the output folder".into(), e))?;
    // A repair records every static file; an incremental build the ones it copied.
    let recorded: Vec<&StaticFile> = if repair {
        loaded.static_files.iter().collect()
    } else {
        statics.clone()
    };
    hashes.extend(recorded.iter().map(|f| (f.relative.clone(), f.hash)));
    let changed_fingerprints = loaded
        .jobs
        .iter()
        .zip(fingerprints)
        .enumerate()
        .filter(|(index, _)| changed(*index, &files[*index]))
        .map(|(_, (job, fingerprint))| (job.output_file(), *fingerprint))
        .collect();
    Ok(Published {
        rendered: jobs.len(),
        fingerprints: changed_fingerprints,
        hashes,
        changes,
        all: repair,
        gone,
    })
}

fn all_fingerprints(
    loaded: &LoadedSite,
    fingerprints: &[Fingerprint],
) -> Vec<(String, Fingerprint)> {
    loaded
        .jobs
        .iter()
        .zip(fingerprints)
        .map(|(job, fingerprint)| (job.output_file(), *fingerprint))
        .collect()
}

/// What the cache learns about the output folder from this build.
fn cache_update(published: Published, out: &Path, snapshot: Snapshot) -> Update {
    let fingerprints: HashMap<String, Fingerprint> = published.fingerprints.into_iter().collect();
    let outputs = published
        .hashes
        .into_iter()
        .map(|(file, bytes)| {
            let inputs = fingerprints.get(&file).copied();
            (file, Written { inputs, bytes })
        })
        .collect();
    Update {
        out: out.to_path_buf(),
        all_outputs: published.all,
        outputs,
        outputs_gone: published.gone,
        snapshot,
    }
}
