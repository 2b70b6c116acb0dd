//! The one build path every command uses: config -> content -> site model -> render -> output.

use crate::config::{self, I18n};
use crate::content;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Job, Selection, Site};
use crate::output::{self, StaticFile};
use crate::render::{self, AssetVersions, Renderer, Templates};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    }
    let content = content::load(root, &config, diagnostics);
    let site = Site::assemble(config, content, options.selection, diagnostics);
    let jobs = site.plan(diagnostics);
    report_static_collisions(&site, &jobs, &static_files, root, diagnostics);
    report_file_folder_clashes(&site, &jobs, &static_files, root, diagnostics);
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

fn report_static_collisions(
    site: &Site,
    jobs: &[Job],
    static_files: &[StaticFile],
    root: &Path,
    diagnostics: &mut Diagnostics,
) {
    let generated: std::collections::BTreeMap<String, &Job> =
        jobs.iter().map(|j| (j.output_file(), j)).collect();
    for file in static_files {
        if let Some(job) = generated.get(&file.relative) {
            let (source, what) = site.origin(job);
            let other = source
                .map(|p| crate::diagnostics::display_path(&p))
                .unwrap_or(what);
            diagnostics.error(
                Location::file(file.source.strip_prefix(root).unwrap_or(&file.source)),
                format!(
                    "this static file would overwrite {other} at /{}; rename or move it",
                    file.relative
                ),
            );
        }
    }
}

/// An output file that another output needs as a folder (`en/politics/index.html` and a story with
/// `slug: index.html`, or the static `css/site.css` and an alias `/css/site.css/`) cannot both be
/// written; without this check the write would fail with a bare "Is a directory".
fn report_file_folder_clashes(
    site: &Site,
    jobs: &[Job],
    static_files: &[StaticFile],
    root: &Path,
    diagnostics: &mut Diagnostics,
) {
    let mut outputs: std::collections::BTreeMap<String, (Option<PathBuf>, String)> =
        std::collections::BTreeMap::new();
    let sources: std::collections::BTreeMap<&str, PathBuf> = jobs
        .iter()
        .filter_map(|job| site.origin(job).0.map(|source| (job.path.as_str(), source)))
        .collect();
    for job in jobs {
        outputs.entry(job.output_file()).or_insert_with(|| {
            let (source, what) = site.origin(job);
            match &job.kind {
                // An alias is the doing of the story that lists it.
                crate::model::JobKind::Alias { target } => {
                    (sources.get(target.as_str()).cloned(), what)
                }
                _ => (source, what),
            }
        });
    }
    for file in static_files {
        let source = file.source.strip_prefix(root).unwrap_or(&file.source);
        outputs
            .entry(file.relative.clone())
            .or_insert_with(|| (Some(source.to_path_buf()), String::new()));
    }
    let name = |(source, what): &(Option<PathBuf>, String)| {
        source
            .as_deref()
            .map(crate::diagnostics::display_path)
            .unwrap_or_else(|| what.clone())
    };
    for (file, outer) in &outputs {
        let folder = format!("{file}/");
        let Some((inner_file, inner)) = outputs
            .range(folder.clone()..)
            .next()
            .filter(|(k, _)| k.starts_with(&folder))
        else {
            continue;
        };
        let location = inner
            .0
            .clone()
            .or_else(|| outer.0.clone())
            .unwrap_or_else(|| PathBuf::from(content::CONTENT_DIR));
        let describe = |side: &(Option<PathBuf>, String)| {
            if side.1.starts_with("an alias") {
                format!("{} ({})", side.1, name(side))
            } else {
                name(side)
            }
        };
        diagnostics.error(
            Location::file(location),
            format!(
                "{} writes /{inner_file}, which needs /{file} to be a folder, but {} writes a file there; change a slug or an alias",
                describe(inner),
                describe(outer)
            ),
        );
    }
}

/// Renders every job in parallel; `on_page` is called after each page (for a progress bar).
/// Pages come back sorted by output file, so the output is the same from one build to the next.
pub fn render_all(
    loaded: &LoadedSite,
    on_page: &(dyn Fn() + Sync),
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let renderer = Renderer::new(&loaded.site, &loaded.templates, &loaded.i18n);
    let results: Vec<Result<(String, Vec<u8>), Diagnostics>> = loaded
        .jobs
        .par_iter()
        .map(|job| {
            let html = renderer.render(job)?;
            on_page();
            Ok((job.output_file(), html.into_bytes()))
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
}

/// Renders every job in parallel straight into the staging folder, so a large site never sits in
/// memory whole. Returns how many pages were written.
fn render_into(
    loaded: &LoadedSite,
    staging: &output::Staging,
    on_page: &(dyn Fn() + Sync),
) -> Result<usize, Diagnostics> {
    let renderer = Renderer::new(&loaded.site, &loaded.templates, &loaded.i18n);
    let failures: Vec<Diagnostics> = loaded
        .jobs
        .par_iter()
        .filter_map(|job| {
            let file = job.output_file();
            let written = renderer.render(job).and_then(|html| {
                staging.write(&file, html.as_bytes()).map_err(|err| {
                    let mut diagnostics = Diagnostics::new();
                    diagnostics.error(
                        Location::file(&file),
                        format!("cannot write this page: {err}"),
                    );
                    diagnostics
                })
            });
            on_page();
            written.err()
        })
        .collect();
    if failures.is_empty() {
        return Ok(loaded.jobs.len());
    }
    let mut diagnostics = Diagnostics::new();
    failures.into_iter().for_each(|d| diagnostics.extend(d));
    Err(diagnostics)
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub languages: usize,
    pub pages: usize,
    pub elapsed: Duration,
    pub left_out: crate::model::LeftOut,
}

impl BuildReport {
    /// "left out 2 drafts (--drafts includes them)", so a missing story is never a mystery.
    pub fn left_out_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.left_out.drafts > 0 {
            parts.push(format!(
                "{} (--drafts includes them)",
                crate::diagnostics::plural(self.left_out.drafts, "draft")
            ));
        }
        if self.left_out.future > 0 {
            parts.push(format!(
                "{} dated after now (--future includes them)",
                crate::diagnostics::plural(self.left_out.future, "story")
                    .replace("storys", "stories")
            ));
        }
        (!parts.is_empty()).then(|| format!("note: left out {}", parts.join(" and ")))
    }

    pub fn summary(&self) -> String {
        format!(
            "built {} in {} ({}) in {} ms",
            crate::diagnostics::plural(self.articles, "article"),
            crate::diagnostics::plural(self.languages, "language"),
            crate::diagnostics::plural(self.pages, "page"),
            self.elapsed.as_millis()
        )
    }
}

/// Hooks for showing progress; the CLI passes a progress bar, tests pass nothing.
pub trait Progress: Sync {
    fn start_rendering(&self, _pages: usize) {}
    fn page_done(&self) {}
    fn finish(&self) {}
}

pub struct Silent;
impl Progress for Silent {}

/// Reads, renders and writes the site. On any error nothing is written and the previous output
/// stays as it was.
pub fn build(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(BuildReport, Diagnostics), Diagnostics> {
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
    let staging = match output::Staging::create(&out) {
        Ok(staging) => staging,
        Err(err) => {
            diagnostics.error(
                Location::file(out.clone()),
                format!(
                    "cannot write beside the output folder: {err}; the previous output is unchanged"
                ),
            );
            return Err(diagnostics);
        }
    };
    progress.start_rendering(loaded.jobs.len());
    let written = render_into(&loaded, &staging, &|| progress.page_done());
    progress.finish();
    let pages = match written {
        Ok(pages) => pages,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    if let Err(err) = staging.commit(&loaded.static_files) {
        diagnostics.error(
            Location::file(out.clone()),
            format!("cannot write the output folder: {err}; the previous output is unchanged"),
        );
        return Err(diagnostics);
    }
    let report = BuildReport {
        articles: loaded.site.articles.len(),
        languages: loaded.site.config.languages.len(),
        pages,
        elapsed: started.elapsed(),
        left_out: loaded.site.left_out,
    };
    Ok((report, diagnostics))
}
