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
use crate::model::{ArticleId, Job, JobKind, Site};
use crate::output;
use crate::pipeline::{self, BuildOptions, LoadedSite};
use crate::render::Renderer;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
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
}

/// The script tag that serve mode adds to every HTML page it writes; `newsroom build` never does.
pub const LIVE_SCRIPT_TAG: &str = "<script src=\"/__newsroom/live.js\"></script>";

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
        }
    }

    pub fn out_dir(&self) -> &Path {
        &self.out
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
        if changes.everything || self.loaded.is_none() || !self.full_errors.is_empty() {
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

    /// Like a build (`pipeline::build`), but it keeps the loaded site and adds the live-reload
    /// script to each page. Pages go straight into the output module's staging folder, so a large
    /// site never sits in memory whole; on failure the staging folder is dropped, unused.
    fn try_build_all(&mut self, diagnostics: &mut Diagnostics) -> Option<usize> {
        let loaded = pipeline::load(&self.options, diagnostics)?;
        let cannot_write = |err: io::Error| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.error(
                Location::file(&self.out),
                format!("cannot write the preview folder: {err}"),
            );
            diagnostics
        };
        let staging = match output::Staging::create(&self.out) {
            Ok(staging) => staging,
            Err(err) => {
                diagnostics.extend(cannot_write(err));
                return None;
            }
        };
        let renderer = Renderer::new(&loaded.site, &loaded.templates, &loaded.i18n);
        let failures: Vec<Diagnostics> = loaded
            .jobs
            .par_iter()
            .filter_map(|job| {
                let file = job.output_file();
                let mut bytes = match renderer.render(job) {
                    Ok(page) => page.into_bytes(),
                    Err(errors) => return Some(errors),
                };
                add_live_script(&file, &mut bytes);
                staging.write(&file, &bytes).map_err(cannot_write).err()
            })
            .collect();
        drop(renderer);
        if !failures.is_empty() {
            failures.into_iter().for_each(|f| diagnostics.extend(f));
            return None;
        }
        if let Err(err) = staging.commit(&loaded.static_files) {
            diagnostics.extend(cannot_write(err));
            return None;
        }
        let written = loaded.jobs.len();
        self.loaded = Some(loaded);
        Some(written)
    }

    fn copy_static(&self, relative: &Path) -> io::Result<()> {
        let root = &self.options.root;
        let below = relative
            .strip_prefix(content::STATIC_DIR)
            .map_err(|_| io::Error::other("not below static/"))?;
        let target = self.out.join(below);
        let source = root.join(relative);
        if source.is_file() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temporary = temporary_name(&target);
            std::fs::copy(&source, &temporary)?;
            std::fs::rename(&temporary, &target)
        } else if target.is_file() {
            std::fs::remove_file(&target)
        } else {
            Ok(())
        }
    }

    /// Re-reads `files` (relative to the root; missing ones were deleted), swaps them into the
    /// site and renders the pages they touch. Returns the pages written and the problems found.
    fn rebuild_content(&mut self, files: &BTreeSet<PathBuf>) -> (usize, Vec<Diagnostic>) {
        let root = self.options.root.clone();
        let selection = self.options.selection;
        let Some(loaded) = self.loaded.as_mut() else {
            return (0, Vec::new());
        };
        let mut reported = Vec::new();
        let mut fresh = Content::default();
        let mut replaced = BTreeSet::new();
        for relative in files {
            let mut diagnostics = Diagnostics::new();
            if root.join(relative).is_file() {
                let content =
                    content::load_file(&root, relative, &loaded.site.config, &mut diagnostics);
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
        if replaced.is_empty() {
            return (0, reported);
        }
        let mut before = Before::of(&loaded.site, &replaced);
        // An edit that leaves the story where it was (its body, title, summary, author or photo
        // changed) keeps every job: the story is swapped in place, with no assembling or planning.
        let in_place = same_shape(&loaded.site, &fresh, &replaced);
        let (previous, old_jobs, mut diagnostics) = if in_place {
            (
                swap_in_place(&mut loaded.site, fresh),
                None,
                Diagnostics::new(),
            )
        } else {
            before.sources = Some(
                loaded
                    .site
                    .articles
                    .iter()
                    .map(|a| a.source.clone())
                    .collect(),
            );
            let old_jobs = std::mem::take(&mut loaded.jobs);
            let (previous, diagnostics) = swap_documents(loaded, &replaced, fresh, selection);
            (previous, Some(old_jobs), diagnostics)
        };
        let mut written = 0;
        if !diagnostics.has_errors() {
            let (touched, later) = touched_jobs(
                &before,
                &replaced,
                &previous,
                &loaded.site,
                old_jobs.as_deref(),
                &loaded.jobs,
            );
            match render_and_write(loaded, &touched, old_jobs.as_deref(), &self.out) {
                Ok(count) => {
                    written = count;
                    self.later = later;
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
}

/// Whether every re-read file replaces a published document of the same shape: the same place in
/// every list, the same pages. What planning never reads (title, summary, author, photo, body) is
/// left out of the comparison; everything else, including fields added later, counts.
fn same_shape(site: &Site, fresh: &Content, sources: &BTreeSet<PathBuf>) -> bool {
    let article_shape = |a: &Article| {
        format!(
            "{:?}",
            Article {
                title: String::new(),
                summary: String::new(),
                author: String::new(),
                photo: None,
                body_html: String::new(),
                ..a.clone()
            }
        )
    };
    let page_shape = |p: &Page| {
        format!(
            "{:?}",
            Page {
                title: String::new(),
                summary: String::new(),
                body_html: String::new(),
                ..p.clone()
            }
        )
    };
    fresh.articles.len() + fresh.pages.len() == sources.len()
        && fresh.articles.iter().all(|new| {
            site.articles
                .iter()
                .find(|old| old.source == new.source)
                .is_some_and(|old| article_shape(old) == article_shape(new))
        })
        && fresh.pages.iter().all(|new| {
            site.pages
                .iter()
                .find(|old| old.source == new.source)
                .is_some_and(|old| page_shape(old) == page_shape(new))
        })
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
    *site = Site::assemble(
        site.config.clone(),
        Content { articles, pages },
        selection,
        &mut diagnostics,
    );
    loaded.jobs = loaded.site.plan(&mut diagnostics);
    let previous = Content {
        articles: previous_articles,
        pages: previous_pages,
    };
    (previous, diagnostics)
}

/// What the pages that may change showed before the change.
struct Before {
    /// Every story's source, by its id before the change; `None` when the ids did not change.
    sources: Option<Vec<PathBuf>>,
    /// Per language: the editor's picks as the article pages see them (one more than shown, since
    /// an article page leaves itself out).
    picks: HashMap<String, Vec<PathBuf>>,
}

impl Before {
    fn of(site: &Site, changed: &BTreeSet<PathBuf>) -> Before {
        // A story's language is the first folder below content/, before and after the change.
        let languages: BTreeSet<String> = changed
            .iter()
            .filter_map(|source| source.iter().nth(1))
            .map(|language| language.to_string_lossy().into_owned())
            .collect();
        Before {
            sources: None,
            picks: languages
                .into_iter()
                .map(|language| {
                    let picks = picks_seen_by_articles(site, &language);
                    (language, picks)
                })
                .collect(),
        }
    }
}

fn picks_seen_by_articles(site: &Site, language: &str) -> Vec<PathBuf> {
    site.articles_in(language)
        .filter(|(_, a)| a.editor_pick)
        .take(site.config.editor_picks + 1)
        .map(|(_, a)| a.source.clone())
        .collect()
}

/// The jobs whose output may differ after the change, as indexes into `new_jobs`: those to render
/// now, and the article pages whose only change is their picks box, for later. `changed` are the
/// files read again (changed, new or deleted).
fn touched_jobs(
    before: &Before,
    changed: &BTreeSet<PathBuf>,
    previous: &Content,
    site: &Site,
    old_jobs: Option<&[Job]>,
    new_jobs: &[Job],
) -> (Vec<usize>, Vec<usize>) {
    // Paths compared as plain strings: `Path`'s own comparison parses components, and this runs
    // over every story of every list.
    let changed: HashSet<&OsStr> = changed.iter().map(|p| p.as_os_str()).collect();
    let changed_articles: HashSet<ArticleId> = (0..site.articles.len())
        .filter(|id| changed.contains(site.articles[*id].source.as_os_str()))
        .collect();
    // Translation keys of the old and the new versions: their pages' switchers change.
    let mut article_keys: BTreeSet<&str> = previous
        .articles
        .iter()
        .map(|a| a.translation_key.as_str())
        .collect();
    article_keys.extend(
        changed_articles
            .iter()
            .map(|id| site.articles[*id].translation_key.as_str()),
    );
    let mut page_keys: BTreeSet<&str> = previous
        .pages
        .iter()
        .map(|p| p.translation_key.as_str())
        .collect();
    page_keys.extend(
        site.pages
            .iter()
            .filter(|p| changed.contains(p.source.as_os_str()))
            .map(|p| p.translation_key.as_str()),
    );
    let languages: BTreeSet<&str> = before.picks.keys().map(String::as_str).collect();
    // Languages whose article pages show other picks now, or a changed pick.
    let picks_changed: BTreeSet<&str> = languages
        .iter()
        .copied()
        .filter(|language| {
            let old = &before.picks[*language];
            let new = picks_seen_by_articles(site, language);
            *old != new
                || old
                    .iter()
                    .chain(&new)
                    .any(|source| changed.contains(source.as_os_str()))
        })
        .collect();

    // No old jobs: the jobs did not change.
    let old_by_path: Option<HashMap<&str, &Job>> =
        old_jobs.map(|jobs| jobs.iter().map(|j| (j.path.as_str(), j)).collect());
    let same_stories = |old: &[ArticleId], new: &[ArticleId]| {
        old.len() == new.len()
            && old.iter().zip(new).all(|(o, n)| match &before.sources {
                Some(sources) => sources
                    .get(*o)
                    .is_some_and(|s| s.as_os_str() == site.articles[*n].source.as_os_str()),
                None => o == n,
            })
            && !new.iter().any(|n| changed_articles.contains(n))
    };
    let now = new_jobs
        .par_iter()
        .enumerate()
        .filter(|(_, job)| {
            let old = match &old_by_path {
                // The same jobs: pages that list no story are as they were.
                None if !lists_stories(&job.kind) => return false,
                None => job,
                Some(old_by_path) => match old_by_path.get(job.path.as_str()) {
                    Some(old) => old,
                    None => return true,
                },
            };
            match (&old.kind, &job.kind) {
                (JobKind::Front { .. }, JobKind::Front { language }) => {
                    languages.contains(language.as_str())
                }
                (JobKind::Article(_), JobKind::Article(id)) => {
                    let article = &site.articles[*id];
                    changed_articles.contains(id)
                        || article_keys.contains(article.translation_key.as_str())
                }
                (JobKind::Page(_), JobKind::Page(id)) => {
                    let page = &site.pages[*id];
                    changed.contains(page.source.as_os_str())
                        || page_keys.contains(page.translation_key.as_str())
                }
                // Lists of stories: again when they list other stories now, or a changed one.
                (
                    JobKind::Category {
                        total_pages: old_total,
                        articles: old_articles,
                        ..
                    },
                    JobKind::Category {
                        total_pages,
                        articles,
                        ..
                    },
                )
                | (
                    JobKind::Tag {
                        total_pages: old_total,
                        articles: old_articles,
                        ..
                    },
                    JobKind::Tag {
                        total_pages,
                        articles,
                        ..
                    },
                ) => old_total != total_pages || !same_stories(old_articles, articles),
                (
                    JobKind::Archive {
                        articles: old_articles,
                        ..
                    },
                    JobKind::Archive { articles, .. },
                )
                | (
                    JobKind::Feed {
                        articles: old_articles,
                        ..
                    },
                    JobKind::Feed { articles, .. },
                )
                | (
                    JobKind::NewsSitemap {
                        articles: old_articles,
                    },
                    JobKind::NewsSitemap { articles },
                ) => !same_stories(old_articles, articles),
                // These hold all they show (paths, counts, dates) in the job itself.
                (old, new) if !lists_stories(new) => old != new,
                // A path that changed kind (a story moved where another page was).
                _ => true,
            }
        })
        .map(|(index, _)| index)
        .collect::<Vec<usize>>();
    if picks_changed.is_empty() {
        return (now, Vec::new());
    }
    let now_set: HashSet<usize> = now.iter().copied().collect();
    let later = new_jobs
        .par_iter()
        .enumerate()
        .filter(|(index, job)| match job.kind {
            JobKind::Article(id) => {
                picks_changed.contains(site.articles[id].language.as_str())
                    && !now_set.contains(index)
            }
            _ => false,
        })
        .map(|(index, _)| index)
        .collect();
    (now, later)
}

/// Whether a page shows stories (or is one), so that an edit of a story may change it.
fn lists_stories(kind: &JobKind) -> bool {
    !matches!(
        kind,
        JobKind::Root
            | JobKind::NotFound
            | JobKind::TagIndex { .. }
            | JobKind::ArchiveIndex { .. }
            | JobKind::SitemapIndex { .. }
            | JobKind::Sitemap { .. }
            | JobKind::Robots { .. }
            | JobKind::Redirects { .. }
            | JobKind::Alias { .. }
    )
}

/// Renders the touched jobs, writes them, and removes pages the site no longer has.
fn render_and_write(
    loaded: &LoadedSite,
    touched: &[usize],
    old_jobs: Option<&[Job]>,
    out: &Path,
) -> Result<usize, Diagnostics> {
    let renderer = Renderer::new(&loaded.site, &loaded.templates, &loaded.i18n);
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostics>> = touched
        .par_iter()
        .map(|index| {
            let job = &loaded.jobs[*index];
            let file = job.output_file();
            let mut bytes = renderer.render(job)?.into_bytes();
            add_live_script(&file, &mut bytes);
            Ok((file, bytes))
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut pages = Vec::with_capacity(rendered.len());
    for result in rendered {
        match result {
            Ok(page) => pages.push(page),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let write_error = |err: io::Error| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.error(
            Location::file(out),
            format!("cannot write the preview folder: {err}"),
        );
        diagnostics
    };
    pages
        .par_iter()
        .try_for_each(|(file, bytes)| write_page(out, file, bytes))
        .map_err(write_error)?;
    let Some(old_jobs) = old_jobs else {
        return Ok(pages.len());
    };
    let now: BTreeSet<String> = loaded.jobs.iter().map(Job::output_file).collect();
    for gone in old_jobs.iter().map(Job::output_file) {
        if !now.contains(&gone) {
            match std::fs::remove_file(out.join(&gone)) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(write_error(err)),
                _ => {}
            }
        }
    }
    Ok(pages.len())
}

/// Writes one page beside its place and renames it there, so a request never sees half a page.
fn write_page(out: &Path, file: &str, bytes: &[u8]) -> io::Result<()> {
    let target = out.join(file);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = temporary_name(&target);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, &target)
}

fn temporary_name(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".newsroom-{}.tmp", std::process::id()));
    target.with_file_name(name)
}

/// Adds the live-reload script to an HTML page, before `</body>` where there is one.
pub fn add_live_script(file: &str, bytes: &mut Vec<u8>) {
    if !(file.ends_with(".html") || file.ends_with(".htm")) {
        return;
    }
    let tag = LIVE_SCRIPT_TAG.as_bytes();
    match bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(at) => {
            bytes.splice(at..at, tag.iter().copied());
        }
        None => bytes.extend_from_slice(tag),
    }
}
