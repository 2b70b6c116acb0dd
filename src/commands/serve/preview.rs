//! Rebuilds for the preview server: the whole site once, then only what a change touches.
//!
//! The last good site stays in memory. A changed article is re-read on its own and swapped into
//! the site; the jobs are planned again (planning is cheap) and only the jobs whose pages show the
//! changed story are rendered and written: the story itself, its translations (their language
//! switchers), the list pages it is or was on, its language's front page and, when the editor's
//! picks change, every article page of its language. A template, `site.yaml` or `i18n/` change
//! rebuilds everything; a static file is copied on its own. A change that fails leaves the last good
//! site in place, in memory and on disk, and its problems are kept until the file is fixed.

use crate::content::{self, Article, Content, Page};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::model::{self, Fingerprint, Job, LeftOut, Site};
use crate::output::InPlace;
use crate::pipeline::{self, BuildOptions, LoadedSite, Silent};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the watcher saw change, as paths relative to the site root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// A template, `site.yaml` or an `i18n/` file: everything is rebuilt.
    pub everything: bool,
    /// Markdown files below `content/`.
    pub content: BTreeSet<PathBuf>,
    /// Files below `static/`.
    pub statics: BTreeSet<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.everything && self.content.is_empty() && self.statics.is_empty()
    }
}

/// What one rebuild did, for the log and the browsers.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Pages rendered and written.
    pub written: usize,
    /// Static files copied (or removed).
    pub copied: usize,
    /// Pages left for `finish_later`: article pages whose only change is their picks box.
    pub later: usize,
    /// Whether this is the outcome of `finish_later`.
    pub is_later: bool,
    pub elapsed: Duration,
    /// False when nothing on disk changed (every changed file failed, say).
    pub changed: bool,
    /// Problems found by this rebuild, errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The preview's site: the last good build in memory and on disk, and the problems since.
pub struct Preview {
    options: BuildOptions,
    out: PathBuf,
    loaded: Option<LoadedSite>,
    /// Errors of the last full build when it failed; until one succeeds every change rebuilds all.
    full_errors: Vec<Diagnostic>,
    /// Content files whose last reading failed; the site keeps their last good version.
    file_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Jobs (indexes into the loaded jobs) to render after the open pages were told to reload.
    later: Vec<usize>,
    /// What each page of the preview folder was rendered from, by output file: a page is
    /// rendered again when its fingerprint changes, as in `newsroom build`.
    fingerprints: HashMap<String, Fingerprint>,
    /// The site-wide inputs of the last full build.
    inputs: u128,
}

impl Preview {
    /// `options.out` must be set: the folder the server serves.
    pub fn new(options: BuildOptions) -> Self {
        let out = options.out_dir();
        Preview {
            options,
            out,
            loaded: None,
            full_errors: Vec::new(),
            file_errors: BTreeMap::new(),
            later: Vec::new(),
            fingerprints: HashMap::new(),
            inputs: 0,
        }
    }

    /// The errors the site has now, sorted; empty when the last good site is the current one.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = self
            .full_errors
            .iter()
            .chain(self.file_errors.values().flatten())
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        errors.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
        errors.dedup();
        errors
    }

    /// What the current site leaves out (drafts, stories dated after now), once it has loaded.
    pub fn left_out(&self) -> Option<&LeftOut> {
        self.loaded.as_ref().map(|loaded| &loaded.site.left_out)
    }

    /// Applies what the watcher saw: the cheapest rebuild that brings the output up to date.
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        let earlier = self.finish_later();
        let mut outcome = self.apply_now(changes);
        if let Some(earlier) = earlier {
            outcome.written += earlier.written;
            outcome.diagnostics.extend(earlier.diagnostics);
        }
        outcome
    }

    /// Renders the pages that `apply` left for later (see `Outcome::later`): when the editor's
    /// picks change, every article page of the language shows them, thousands of pages on a big
    /// site. The pages that show the story itself come first, so the open page reloads at once.
    pub fn finish_later(&mut self) -> Option<Outcome> {
        if self.later.is_empty() {
            return None;
        }
        let started = Instant::now();
        let jobs = std::mem::take(&mut self.later);
        let loaded = self.loaded.as_ref()?;
        let mut outcome = Outcome {
            is_later: true,
            ..Outcome::default()
        };
        match render_and_write(loaded, &jobs, None, &self.out) {
            Ok(written) => {
                outcome.written = written;
                outcome.changed = true;
                let fresh = loaded.site.fingerprints(&loaded.jobs, self.inputs);
                for index in jobs {
                    let file = loaded.jobs[index].output_file();
                    self.fingerprints.insert(file, fresh[index]);
                }
            }
            Err(errors) => {
                // The output is now partly stale: the next change rebuilds everything.
                self.full_errors = errors.sorted();
                outcome.diagnostics = self.full_errors.clone();
            }
        }
        outcome.elapsed = started.elapsed();
        Some(outcome)
    }

    fn apply_now(&mut self, changes: &Changes) -> Outcome {
        if changes.everything
            || self.loaded.is_none()
            || !self.full_errors.is_empty()
            || self.changes_a_photo(changes)
        {
            return self.build_all();
        }
        let started = Instant::now();
        let mut outcome = Outcome::default();
        for relative in &changes.statics {
            match self.copy_static(relative) {
                Ok(()) => {
                    outcome.copied += 1;
                    outcome.changed = true;
                }
                Err(err) => outcome.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    location: Location::file(relative),
                    message: format!("cannot copy this file into the preview: {err}"),
                }),
            }
        }
        // Files that failed before are read again too: a new static file may have fixed a photo.
        let mut files = changes.content.clone();
        files.extend(self.file_errors.keys().cloned());
        if !files.is_empty() {
            let (written, diagnostics) = self.rebuild_content(&files);
            if self.photos_changed() {
                // A story shows a photo no page showed before (or none shows one any more): the
                // build plans its variants, and makes only those the photo cache lacks.
                return self.build_all();
            }
            outcome.later = self.later.len();
            outcome.changed |= written > 0;
            outcome.written += written;
            outcome.diagnostics.extend(diagnostics);
        }
        outcome.elapsed = started.elapsed();
        outcome
    }

    /// Loads, renders and writes the whole site; on failure the previous output stays.
    pub fn build_all(&mut self) -> Outcome {
        let started = Instant::now();
        self.later.clear();
        let mut diagnostics = Diagnostics::new();
        let result = self.try_build_all(&mut diagnostics);
        let diagnostics = diagnostics.sorted();
        let written = match result {
            Some(written) => {
                self.full_errors.clear();
                self.file_errors.clear();
                written
            }
            None => {
                self.full_errors = diagnostics.clone();
                0
            }
        };
        Outcome {
            written,
            elapsed: started.elapsed(),
            changed: result.is_some(),
            diagnostics,
            ..Outcome::default()
        }
    }

    /// A build (`pipeline::build`) into the preview folder that keeps the loaded site for the
    /// partial rebuilds that follow.
    fn try_build_all(&mut self, diagnostics: &mut Diagnostics) -> Option<usize> {
        // The loaded site reads its stories' bodies from the build cache, which the build must
        // open again; a failed build rebuilds everything on the next change anyway.
        self.loaded = None;
        match pipeline::build(&self.options, &Silent) {
            Ok(built) => {
                diagnostics.extend(built.warnings);
                let written = built.report.pages;
                let loaded = built.loaded;
                self.inputs = built.inputs;
                self.fingerprints = loaded
                    .jobs
                    .iter()
                    .map(Job::output_file)
                    .zip(built.fingerprints)
                    .collect();
                self.loaded = Some(loaded);
                Some(written)
            }
            Err(errors) => {
                diagnostics.extend(errors);
                None
            }
        }
    }

    /// Whether a changed static file is a photo the pages show: its variants are made again.
    fn changes_a_photo(&self, changes: &Changes) -> bool {
        let Some(loaded) = &self.loaded else {
            return false;
        };
        changes.statics.iter().any(|relative| {
            relative
                .strip_prefix(content::STATIC_DIR)
                .is_ok_and(|below| {
                    let below = below.to_string_lossy().replace('\\', "/");
                    loaded.site.photos.contains_key(&below)
                })
        })
    }

    /// Whether the photos the pages show are no longer those whose variants were planned.
    fn photos_changed(&self) -> bool {
        let Some(loaded) = &self.loaded else {
            return false;
        };
        let used = crate::photos::used_rasters(&loaded.site, &self.options.root);
        !used.iter().eq(loaded.site.photos.keys())
    }

    /// Copies a changed static file into the preview, or removes a deleted one.
    fn copy_static(&self, relative: &Path) -> io::Result<()> {
        let below = relative
            .strip_prefix(content::STATIC_DIR)
            .map_err(|_| io::Error::other("not below static/"))?;
        let file = below.to_string_lossy().replace('\\', "/");
        let source = self.options.root.join(relative);
        let place = InPlace::new(&self.out);
        if source.is_file() {
            place.copy(&source, &file)
        } else {
            place.remove(&file)
        }
    }

    /// Re-reads `files` (relative to the root; missing ones were deleted), swaps them into the
    /// site and renders the pages they touch. Returns the pages written and the problems found.
    fn rebuild_content(&mut self, files: &BTreeSet<PathBuf>) -> (usize, Vec<Diagnostic>) {
        let (fresh, replaced, mut reported) = self.read_again(files);
        let selection = self.options.selection;
        let Some(loaded) = self.loaded.as_mut() else {
            return (0, reported);
        };
        if replaced.is_empty() {
            return (0, reported);
        }
        // An edit that leaves the story where it was (its body, title, summary, author or photo
        // changed) keeps every job: the story is swapped in place, with no assembling or planning.
        let (previous, old_jobs, mut diagnostics) =
            if model::same_shape(&loaded.site, &fresh, &replaced) {
                let previous = swap_in_place(&mut loaded.site, fresh);
                (previous, None, Diagnostics::new())
            } else {
                let old_jobs = std::mem::take(&mut loaded.jobs);
                let (previous, diagnostics) = swap_documents(loaded, &replaced, fresh, selection);
                (previous, Some(old_jobs), diagnostics)
            };
        let mut written = 0;
        if !diagnostics.has_errors() {
            let fresh = loaded.site.fingerprints(&loaded.jobs, self.inputs);
            let (touched, later) = touched(&loaded.jobs, &fresh, &self.fingerprints);
            match render_and_write(loaded, &touched, old_jobs.as_deref(), &self.out) {
                Ok(count) => {
                    written = count;
                    self.later = later;
                    if old_jobs.is_some() {
                        let now: HashSet<String> =
                            loaded.jobs.iter().map(Job::output_file).collect();
                        self.fingerprints.retain(|file, _| now.contains(file));
                    }
                    for index in touched {
                        let file = loaded.jobs[index].output_file();
                        self.fingerprints.insert(file, fresh[index]);
                    }
                }
                Err(errors) => diagnostics.extend(errors),
            }
        }
        if diagnostics.has_errors() {
            // Back to the last good site; the problems stay with the files until they change.
            match old_jobs {
                None => {
                    swap_in_place(&mut loaded.site, previous);
                }
                Some(old_jobs) => {
                    swap_documents(loaded, &replaced, previous, selection);
                    loaded.jobs = old_jobs;
                }
            }
            let errors = diagnostics.sorted();
            for relative in &replaced {
                self.file_errors.insert(relative.clone(), errors.clone());
            }
            reported.extend(errors);
            return (0, reported);
        }
        reported.extend(diagnostics.sorted());
        (written, reported)
    }

    /// Reads `files` again: the documents read, the files whose new version (or absence) replaces
    /// the old one, and the problems. A file that fails keeps its last good version in the site.
    fn read_again(
        &mut self,
        files: &BTreeSet<PathBuf>,
    ) -> (Content, BTreeSet<PathBuf>, Vec<Diagnostic>) {
        let root = &self.options.root;
        let mut reported = Vec::new();
        let mut fresh = Content::default();
        let mut replaced = BTreeSet::new();
        let Some(loaded) = self.loaded.as_ref() else {
            return (fresh, replaced, reported);
        };
        for relative in files {
            let mut diagnostics = Diagnostics::new();
            if root.join(relative).is_file() {
                let content =
                    content::load_file(root, relative, &loaded.site.config, &mut diagnostics);
                if diagnostics.has_errors() {
                    let errors = diagnostics.sorted();
                    reported.extend(errors.iter().cloned());
                    self.file_errors.insert(relative.clone(), errors);
                    continue;
                }
                fresh.articles.extend(content.articles);
                fresh.pages.extend(content.pages);
            }
            reported.extend(diagnostics.sorted());
            self.file_errors.remove(relative);
            replaced.insert(relative.clone());
        }
        (fresh, replaced, reported)
    }
}

/// Puts each fresh document where its previous version is; returns the previous versions.
fn swap_in_place(site: &mut Site, fresh: Content) -> Content {
    let mut previous = Content::default();
    for article in fresh.articles {
        if let Some(slot) = site
            .articles
            .iter_mut()
            .find(|a| a.source == article.source)
        {
            previous.articles.push(std::mem::replace(slot, article));
        }
    }
    for page in fresh.pages {
        if let Some(slot) = site.pages.iter_mut().find(|p| p.source == page.source) {
            previous.pages.push(std::mem::replace(slot, page));
        }
    }
    previous
}

/// Replaces the documents read from `sources` by `fresh`, then assembles and plans the site again.
/// Returns the replaced documents (to swap back on failure) and the problems of assembling.
fn swap_documents(
    loaded: &mut LoadedSite,
    sources: &BTreeSet<PathBuf>,
    fresh: Content,
    selection: crate::model::Selection,
) -> (Content, Diagnostics) {
    let site = &mut loaded.site;
    let (previous_articles, mut articles): (Vec<Article>, Vec<Article>) =
        std::mem::take(&mut site.articles)
            .into_iter()
            .partition(|a| sources.contains(&a.source));
    let (previous_pages, mut pages): (Vec<Page>, Vec<Page>) = std::mem::take(&mut site.pages)
        .into_iter()
        .partition(|p| sources.contains(&p.source));
    articles.extend(fresh.articles);
    pages.extend(fresh.pages);
    let mut diagnostics = Diagnostics::new();
    // The photos stay as measured; `photos_changed` tells when a story shows another one.
    let photos = std::mem::take(&mut site.photos);
    *site = Site::assemble(
        site.config.clone(),
        Content { articles, pages },
        selection,
        None,
        &mut diagnostics,
    );
    site.photos = photos;
    loaded.jobs = loaded.site.plan(&mut diagnostics);
    let previous = Content {
        articles: previous_articles,
        pages: previous_pages,
    };
    (previous, diagnostics)
}

/// The jobs whose fingerprint changed, as indexes: those to render now, and the article pages
/// whose only change is their picks box, for later (thousands of pages on a large site, when the
/// picks change; the page that shows the edited story reloads first).
fn touched(
    jobs: &[Job],
    fresh: &[Fingerprint],
    rendered: &HashMap<String, Fingerprint>,
) -> (Vec<usize>, Vec<usize>) {
    let mut now = Vec::new();
    let mut later = Vec::new();
    for (index, job) in jobs.iter().enumerate() {
        match rendered.get(&job.output_file()) {
            Some(old) if old == &fresh[index] => {}
            Some(old) if old.page == fresh[index].page => later.push(index),
            _ => now.push(index),
        }
    }
    (now, later)
}

/// Renders the touched jobs in place, and removes pages the site no longer has.
fn render_and_write(
    loaded: &LoadedSite,
    touched: &[usize],
    old_jobs: Option<&[Job]>,
    out: &Path,
) -> Result<usize, Diagnostics> {
    let place = InPlace::new(out);
    let jobs: Vec<&Job> = touched.iter().map(|index| &loaded.jobs[*index]).collect();
    let written = pipeline::render_into(loaded, &jobs, &place, out, &Silent)?;
    let Some(old_jobs) = old_jobs else {
        return Ok(written);
    };
    let now: HashSet<String> = loaded.jobs.iter().map(Job::output_file).collect();
    for gone in old_jobs.iter().map(Job::output_file) {
        if !now.contains(&gone) {
            place.remove(&gone).map_err(|err| {
                let mut diagnostics = Diagnostics::new();
                diagnostics.error(
                    Location::file(out),
                    format!("cannot remove {gone} from the preview folder: {err}"),
                );
                diagnostics
            })?;
        }
    }
    Ok(written)
}
