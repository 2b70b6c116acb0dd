//! The one build path every command uses: config -> content -> site model -> render -> output.
//!
//! `load` reads and checks a site; `render_into` renders any set of its jobs in parallel into an
//! `output::Sink`; `build` does both and swaps the staging folder in. `newsroom build`, the
//! preview's full and partial rebuilds, and `check` all go through `render_into`, each with its
//! own sink.

mod clashes;
mod inputs;
mod publish;
mod readings;
mod report;
mod snapshot;

pub use publish::{Outcome, build, build_if_changed};
pub use report::{BuildReport, Progress, Silent, left_out_lines, left_out_note};

use crate::cache::Cache;
use crate::config::{self, I18n};
use crate::content;
use crate::content::FileRead;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Job, Selection, Site};
use crate::output::{self, Sink, StaticFile};
use crate::photos;
use crate::render::{self, AssetVersions, Renderer, Templates};
use rayon::prelude::*;
use readings::Readings;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Default: `root/public`.
    pub out: Option<PathBuf>,
    pub selection: Selection,
    pub base_url: Option<String>,
    /// Ignore the build cache: read, render and write everything.
    pub clean: bool,
    /// The output folder whose photo cache to use, when not `out`'s: the preview's folder is
    /// temporary, so it shares the photos of `ROOT/public`'s cache.
    pub photos_of: Option<PathBuf>,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }

    /// The output folder beside which the photo cache lives.
    pub fn photo_cache_out(&self) -> PathBuf {
        self.photos_of.clone().unwrap_or_else(|| self.out_dir())
    }
}

/// Everything read from a site folder, checked and ready to render.
pub struct LoadedSite {
    pub site: Site,
    pub i18n: Arc<I18n>,
    pub templates: Templates,
    /// The static files copied as they are (photos are published as their variants instead).
    pub static_files: Vec<StaticFile>,
    pub jobs: Vec<Job>,
    /// The photo cache and what this build did with photos.
    pub photos: photos::Library,
    /// The site folder (photos are read from its `static/` when their variants are made).
    pub root: PathBuf,
}

/// For `check`: what loaded, even when some content files had errors (they are left out and
/// their errors are in `diagnostics`), so that the rest can still be rendered and its links
/// checked. `None` only when nothing can be rendered: `site.yaml` or the templates failed.
pub fn load_what_can_be(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<LoadedSite> {
    load_checked(options, None, diagnostics, Strictness::KeepWhatLoaded).map(|(loaded, _)| loaded)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strictness {
    /// Any error means nothing is rendered: what a build publishes must be whole.
    AllOrNothing,
    KeepWhatLoaded,
}

/// Reads and checks the whole site (`None` when any error was found; all of them are in
/// `diagnostics`), reusing the build cache's readings of content files that did not change and
/// storing the new readings in it. Also returns how each content file was read.
fn load_reusing(
    options: &BuildOptions,
    cache: Option<&Cache>,
    diagnostics: &mut Diagnostics,
) -> Option<(LoadedSite, Vec<FileRead>)> {
    load_checked(options, cache, diagnostics, Strictness::AllOrNothing)
}

fn load_checked(
    options: &BuildOptions,
    cache: Option<&Cache>,
    diagnostics: &mut Diagnostics,
    strictness: Strictness,
) -> Option<(LoadedSite, Vec<FileRead>)> {
    let root = &options.root;
    let mut config = config::load_site(root, diagnostics)?;
    if let Some(base_url) = &options.base_url {
        match config.with_base_url(base_url) {
            Ok(updated) => config = updated,
            Err(message) => {
                diagnostics.error(Location::file("--base-url"), message);
                return None;
            }
        }
    }
    let i18n = Arc::new(config::load_i18n(root, &config, diagnostics));
    let static_files = output::list_static(root, diagnostics);
    let assets: AssetVersions = static_files
        .iter()
        .map(|f| (f.relative.clone(), f.version.clone()))
        .collect();
    let templates = render::load_templates(
        root,
        Arc::clone(&i18n),
        Arc::new(assets),
        config.base_path().to_string(),
        diagnostics,
    );
    if let Some(templates) = &templates {
        render::check_ui_strings(templates, &i18n, diagnostics);
        render::check_consent_keys(templates, &config.consent, diagnostics);
    }
    let sources = cache.and_then(|c| c.sources().ok());
    let statics: HashSet<&str> = static_files.iter().map(|f| f.relative.as_str()).collect();
    let earlier = sources.as_ref().map(|s| s as &dyn content::Earlier);
    let mut readings = cache.map(|cache| Readings::begin(cache, sources.is_none()));
    let mut keep = |batch: &mut content::Content, reads: &[FileRead]| {
        if let Some(readings) = readings.as_mut() {
            readings.store(batch, reads);
        }
    };
    let (content, reads) =
        content::load_reusing(root, &config, earlier, &statics, &mut keep, diagnostics);
    let stored_bodies = match readings {
        Some(readings) => readings.end(sources.as_ref(), &reads, diagnostics),
        None => None,
    };
    drop(sources);
    let kept = cache.map(Cache::kept);
    let related = kept.as_ref().map(|k| k as &dyn crate::model::RelatedLists);
    let mut site = Site::assemble(config, content, options.selection, related, diagnostics);
    site.stored_bodies = stored_bodies;
    site.search_indexes = kept.map(|k| Box::new(k) as Box<dyn crate::model::SearchIndexes>);
    // `check` writes nothing: it reads the photo cache where there is one.
    let writable = strictness == Strictness::AllOrNothing;
    let library = photos::Library::beside(&options.photo_cache_out(), writable);
    photos::attach(&mut site, root, &static_files, &library, diagnostics);
    let static_files = photos::copied_as_they_are(&site, static_files);
    let jobs = site.plan(diagnostics);
    site.lost_bodies(diagnostics);
    clashes::report_static_collisions(&site, &jobs, &static_files, root, diagnostics);
    clashes::report_file_folder_clashes(&site, &jobs, &static_files, root, diagnostics);
    if let Some(templates) = &templates {
        report_missing_templates(templates, &jobs, diagnostics);
    }
    if diagnostics.has_errors() && strictness == Strictness::AllOrNothing {
        return None;
    }
    let loaded = LoadedSite {
        site,
        i18n,
        templates: templates?,
        static_files,
        jobs,
        photos: library,
        root: root.clone(),
    };
    Some((loaded, reads))
}

/// A template some page of this site needs and `templates/` lacks (one that a newer newsroom
/// added, say, in a site made before it).
fn report_missing_templates(
    templates: &render::Templates,
    jobs: &[Job],
    diagnostics: &mut Diagnostics,
) {
    let present: HashSet<&str> = templates.sources().map(|(name, _)| name).collect();
    let mut missing: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for job in jobs {
        if let Some(template) = job.kind.template()
            && !present.contains(template)
        {
            missing.entry(template).or_insert(job.kind.name());
        }
    }
    for (template, kind) in missing {
        let switch = if kind == "search" {
            " (or set 'search: false' in site.yaml)"
        } else {
            ""
        };
        diagnostics.error(
            Location::file(Path::new("templates").join(template)),
            format!(
                "this template is missing, and the site's {kind} pages need it: add it{switch}; `newsroom init` writes the standard one into a new folder to copy from"
            ),
        );
    }
}

/// Renders `jobs` in parallel and hands each file to `sink`. Every template error is reported;
/// the first failed write stops the rest (a full disk is one error, not one per page), and is
/// reported at `out_label`, the folder being written. Returns how many files were written.
pub fn render_into(
    loaded: &LoadedSite,
    jobs: &[&Job],
    sink: &dyn Sink,
    out_label: &std::path::Path,
    progress: &dyn Progress,
) -> Result<usize, Diagnostics> {
    let renderer = Renderer::new(&loaded.site, &loaded.templates, &loaded.i18n);
    let write_failed = AtomicBool::new(false);
    let first_write_error = Mutex::new(None);
    let (variants, jobs): (Vec<&Job>, Vec<&Job>) = jobs
        .iter()
        .partition(|job| matches!(job.kind, crate::model::JobKind::Variant { .. }));
    progress.start_rendering(jobs.len());
    let photo_errors = render_variants(loaded, &variants, sink, &|file, err| {
        if !write_failed.swap(true, Ordering::Relaxed) {
            *first_write_error.lock().unwrap_or_else(|e| e.into_inner()) = Some((file, err));
        }
    });
    let render_errors: Vec<Diagnostics> = jobs
        .par_iter()
        .filter_map(|job| {
            if write_failed.load(Ordering::Relaxed) {
                return None;
            }
            let page = match renderer.render(job) {
                Ok(page) => page,
                Err(errors) => return Some(errors),
            };
            let file = job.output_file();
            if let Err(err) = sink.write(&file, page.into_bytes()) {
                if !write_failed.swap(true, Ordering::Relaxed) {
                    *first_write_error.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some((file, err));
                }
                return None;
            }
            progress.page_done();
            None
        })
        .collect();
    progress.finish();
    let mut diagnostics = photo_errors;
    loaded.site.lost_bodies(&mut diagnostics);
    render_errors
        .into_iter()
        .for_each(|errors| diagnostics.extend(errors));
    if let Some((file, err)) = first_write_error
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        diagnostics.error(
            Location::file(out_label),
            write_failure(out_label, &file, &err),
        );
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(jobs.len() + variants.len())
}

/// Makes the photos' variant jobs: each photo is decoded once (or not at all, when the photo
/// cache has its variants) for all of its variants this build needs, photos in parallel. A photo
/// that cannot be decoded is an error at every place that shows it.
fn render_variants(
    loaded: &LoadedSite,
    variants: &[&Job],
    sink: &dyn Sink,
    write_failed: &(dyn Fn(String, std::io::Error) + Sync),
) -> Diagnostics {
    let mut by_photo: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for job in variants {
        if let crate::model::JobKind::Variant { source, index } = &job.kind {
            by_photo.entry(source).or_default().push(*index);
        }
    }
    let site = &loaded.site;
    let root = &loaded.root;
    let failed: Vec<(&str, String)> = by_photo
        .into_par_iter()
        .filter_map(|(source, indexes)| {
            let set = site.photo_set(source)?;
            let path = root.join(content::STATIC_DIR).join(source);
            let deliver = |index: usize, bytes: Vec<u8>| {
                let file = &set.variants[index].file;
                sink.write(file, bytes).inspect_err(|err| {
                    write_failed(
                        file.clone(),
                        std::io::Error::new(err.kind(), err.to_string()),
                    )
                })
            };
            match photos::make(
                &loaded.photos,
                &path,
                set,
                site.config.photos.quality,
                &indexes,
                &deliver,
            ) {
                Ok(()) | Err(photos::MakeError::Write) => None,
                Err(photos::MakeError::Decode(why)) => Some((source, why)),
            }
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    if failed.is_empty() {
        return diagnostics;
    }
    let places = photos::places(site);
    for (source, why) in failed {
        for place in places.get(source).into_iter().flatten() {
            diagnostics.error(
                place.location(root),
                format!("the photo static/{source} cannot be decoded ({why}); replace it with a JPEG, PNG or WebP file that opens"),
            );
        }
    }
    diagnostics
}

/// The one message of a failed write: the render path stops at the first, so a full disk is one
/// line, not one per page. `file` is below the output folder `out_label`.
fn write_failure(out_label: &std::path::Path, file: &str, err: &std::io::Error) -> String {
    let path = crate::diagnostics::display_path(&out_label.join(file));
    match err.kind() {
        std::io::ErrorKind::StorageFull => {
            format!("no space left while writing {path}; the previous output is unchanged")
        }
        _ => format!(
            "cannot write {path}: {}; the previous output is unchanged",
            output::describe_write_error(err)
        ),
    }
}

/// A finished build: what it read (the preview keeps it for its partial rebuilds), the report and
/// the warnings.
pub struct Built {
    pub(crate) loaded: LoadedSite,
    /// Each job's fingerprint, in `loaded.jobs` order, and the site-wide inputs they include.
    pub(crate) fingerprints: Vec<crate::model::Fingerprint>,
    pub(crate) inputs: u128,
    pub report: BuildReport,
    pub warnings: Diagnostics,
}

impl Built {
    /// The report and warnings, for a command that exits next. The site model (every story and
    /// page) is left for the exit to free, not freed one allocation at a time, which takes about
    /// a twentieth of a one-story build at 30,000 stories. What holds the build cache's database
    /// is dropped first, so that the database is closed as it should be.
    pub fn into_report_at_exit(self) -> (BuildReport, Diagnostics) {
        let Built {
            mut loaded,
            report,
            warnings,
            ..
        } = self;
        loaded.site.stored_bodies = None;
        loaded.site.search_indexes = None;
        std::mem::forget(loaded);
        (report, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, hard input: a full disk reads as one plain sentence.
    #[test]
    fn a_full_disk_is_said_plainly() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(
            write_failure(
                std::path::Path::new("public"),
                "en/politics/a/index.html",
                &full
            ),
            "no space left while writing public/en/politics/a/index.html; the previous output is unchanged"
        );
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let message = write_failure(std::path::Path::new("public"), "index.html", &denied);
        assert!(
            message.starts_with("cannot write public/index.html: "),
            "{message}"
        );
        assert!(
            message.ends_with("(check the folder's permissions); the previous output is unchanged"),
            "{message}"
        );
    }
}
