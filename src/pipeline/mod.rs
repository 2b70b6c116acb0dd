//! The one build path every command uses: config -> content -> site model -> render -> output.
//!
//! `load` reads and checks a site; `render_into` renders any set of its jobs in parallel into an
//! `output::Sink`; `build` does both and swaps the staging folder in. `newsroom build`, the
//! preview's full and partial rebuilds, and `check` all go through `render_into`, each with its
//! own sink.

mod clashes;
mod report;

pub use report::{BuildReport, Progress, Silent};

use crate::config::{self, I18n};
use crate::content;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Job, Selection, Site};
use crate::output::{self, Sink, StaticFile};
use crate::render::{self, AssetVersions, Renderer, Templates};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Default: `root/public`.
    pub out: Option<PathBuf>,
    pub selection: Selection,
    pub base_url: Option<String>,
}

impl BuildOptions {
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Everything read from a site folder, checked and ready to render.
pub struct LoadedSite {
    pub site: Site,
    pub i18n: Arc<I18n>,
    pub templates: Templates,
    pub static_files: Vec<StaticFile>,
    pub jobs: Vec<Job>,
}

/// Reads and checks the whole site. `None` when any error was found; all of them are in
/// `diagnostics`.
pub fn load(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<LoadedSite> {
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
    let content = content::load(root, &config, diagnostics);
    let site = Site::assemble(config, content, options.selection, diagnostics);
    let jobs = site.plan(diagnostics);
    clashes::report_static_collisions(&site, &jobs, &static_files, root, diagnostics);
    clashes::report_file_folder_clashes(&site, &jobs, &static_files, root, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    Some(LoadedSite {
        site,
        i18n,
        templates: templates?,
        static_files,
        jobs,
    })
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
    progress.start_rendering(jobs.len());
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
    let mut diagnostics = Diagnostics::new();
    render_errors
        .into_iter()
        .for_each(|errors| diagnostics.extend(errors));
    if let Some((file, err)) = first_write_error
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        diagnostics.error(
            Location::file(out_label),
            format!(
                "cannot write {file}: {}; the previous output is unchanged",
                output::describe_write_error(&err)
            ),
        );
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(jobs.len())
}

/// A finished build: what it read (the preview keeps it for its partial rebuilds), the report and
/// the warnings.
pub struct Built {
    pub(crate) loaded: LoadedSite,
    pub report: BuildReport,
    pub warnings: Diagnostics,
}

/// Reads, renders and writes the whole site into `options.out_dir()`. On any error nothing is
/// written and the previous output stays as it was.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::new();
    let out = options.out_dir();
    if let Err(message) = output::check_output_folder(&options.root, &out) {
        diagnostics.error(Location::file("--out"), message);
        return Err(diagnostics);
    }
    let Some(loaded) = load(options, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let cannot_write = |diagnostics: &mut Diagnostics, what: &str, err: std::io::Error| {
        diagnostics.error(
            Location::file(out.clone()),
            format!(
                "cannot write {what}: {}; the previous output is unchanged",
                output::describe_write_error(&err)
            ),
        );
    };
    let staging = match output::Staging::create(&out) {
        Ok(staging) => staging,
        Err(err) => {
            cannot_write(&mut diagnostics, "beside the output folder", err);
            return Err(diagnostics);
        }
    };
    let jobs: Vec<&Job> = loaded.jobs.iter().collect();
    let pages = match render_into(&loaded, &jobs, &staging, &out, progress) {
        Ok(pages) => pages,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    if let Err(err) = staging.commit(&loaded.static_files) {
        cannot_write(&mut diagnostics, "the output folder", err);
        return Err(diagnostics);
    }
    let report = BuildReport {
        articles: loaded.site.articles.len(),
        languages: loaded.site.config.languages.len(),
        pages,
        elapsed: started.elapsed(),
        left_out: loaded.site.left_out,
    };
    Ok(Built {
        loaded,
        report,
        warnings: diagnostics,
    })
}
