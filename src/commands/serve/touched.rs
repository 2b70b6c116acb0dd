//! Which pages a change of stories touches: the story itself, its translations (their language
//! switchers), the lists it is or was on, its language's front page and, when the editor's picks
//! change, every article page of its language (left for later, after the open page reloads).

use crate::content::Content;
use crate::model::{ArticleId, Job, JobKind, Site};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::PathBuf;

/// What the pages that may change showed before the change.
pub(super) struct Before {
    /// Every story's source, by its id before the change; `None` when the ids did not change.
    pub(super) sources: Option<Vec<PathBuf>>,
    /// Per language: the editor's picks as the article pages see them (one more than shown, since
    /// an article page leaves itself out).
    picks: HashMap<String, Vec<PathBuf>>,
}

impl Before {
    pub(super) fn of(site: &Site, changed: &BTreeSet<PathBuf>) -> Before {
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
pub(super) fn touched_jobs(
    before: &Before,
    changed: &BTreeSet<PathBuf>,
    previous: &Content,
    site: &Site,
    old_jobs: Option<&[Job]>,
    new_jobs: &[Job],
) -> (Vec<usize>, Vec<usize>) {
    let change = Change::new(before, changed, previous, site);
    // No old jobs: the jobs did not change.
    let old_by_path: Option<HashMap<&str, &Job>> =
        old_jobs.map(|jobs| jobs.iter().map(|j| (j.path.as_str(), j)).collect());
    let now: Vec<usize> = new_jobs
        .par_iter()
        .enumerate()
        .filter(|(_, job)| match &old_by_path {
            // The same jobs: pages that list no story are as they were.
            None => job.kind.lists_stories() && change.touches(job, job),
            Some(old_by_path) => old_by_path
                .get(job.path.as_str())
                .is_none_or(|old| change.touches(old, job)),
        })
        .map(|(index, _)| index)
        .collect();
    if change.picks_changed.is_empty() {
        return (now, Vec::new());
    }
    let now_set: HashSet<usize> = now.iter().copied().collect();
    let later = new_jobs
        .par_iter()
        .enumerate()
        .filter(|(index, job)| match job.kind {
            JobKind::Article(id) => {
                change
                    .picks_changed
                    .contains(site.articles[id].language.as_str())
                    && !now_set.contains(index)
            }
            _ => false,
        })
        .map(|(index, _)| index)
        .collect();
    (now, later)
}

/// What one change of content files changed, worked out once for all the jobs.
struct Change<'a> {
    before: &'a Before,
    site: &'a Site,
    /// The files read again, compared as plain strings: `Path`'s own comparison parses
    /// components, and this runs over every story of every list.
    changed: HashSet<&'a OsStr>,
    changed_articles: HashSet<ArticleId>,
    /// Translation keys of the old and the new versions: their pages' switchers change.
    article_keys: BTreeSet<&'a str>,
    page_keys: BTreeSet<&'a str>,
    /// Languages of the changed files: their front pages change.
    languages: BTreeSet<&'a str>,
    /// Languages whose article pages show other picks now, or a changed pick.
    picks_changed: BTreeSet<&'a str>,
}

impl<'a> Change<'a> {
    fn new(
        before: &'a Before,
        changed: &'a BTreeSet<PathBuf>,
        previous: &'a Content,
        site: &'a Site,
    ) -> Self {
        let changed: HashSet<&OsStr> = changed.iter().map(|p| p.as_os_str()).collect();
        let changed_articles: HashSet<ArticleId> = (0..site.articles.len())
            .filter(|id| changed.contains(site.articles[*id].source.as_os_str()))
            .collect();
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
        let picks_changed = languages
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
        Change {
            before,
            site,
            changed,
            changed_articles,
            article_keys,
            page_keys,
            languages,
            picks_changed,
        }
    }

    /// Whether the page at `new`'s path, `old` before the change, must be rendered again.
    fn touches(&self, old: &Job, new: &Job) -> bool {
        let site = self.site;
        match (&old.kind, &new.kind) {
            (JobKind::Front { .. }, JobKind::Front { language }) => {
                self.languages.contains(language.as_str())
            }
            (JobKind::Article(_), JobKind::Article(id)) => {
                let article = &site.articles[*id];
                self.changed_articles.contains(id)
                    || self.article_keys.contains(article.translation_key.as_str())
            }
            (JobKind::Page(_), JobKind::Page(id)) => {
                let page = &site.pages[*id];
                self.changed.contains(page.source.as_os_str())
                    || self.page_keys.contains(page.translation_key.as_str())
            }
            // A tag page shows how many stories the tag has on all its pages.
            (
                JobKind::Tag {
                    total_articles: old_count,
                    ..
                },
                JobKind::Tag { total_articles, .. },
            ) if old_count != total_articles => true,
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
            ) => old_total != total_pages || !self.same_stories(old_articles, articles),
            (JobKind::Archive { articles: old, .. }, JobKind::Archive { articles, .. })
            | (JobKind::Feed { articles: old, .. }, JobKind::Feed { articles, .. })
            | (JobKind::NewsSitemap { articles: old }, JobKind::NewsSitemap { articles }) => {
                !self.same_stories(old, articles)
            }
            // These hold all they show (paths, counts, dates) in the job itself.
            (old, new) if !new.lists_stories() => old != new,
            // A path that changed kind (a story moved where another page was).
            _ => true,
        }
    }

    /// Whether a list shows the same stories, unchanged, in the same order. `old` are ids before
    /// the change, which differ from today's when the site was assembled again.
    fn same_stories(&self, old: &[ArticleId], new: &[ArticleId]) -> bool {
        old.len() == new.len()
            && old
                .iter()
                .zip(new)
                .all(|(o, n)| match &self.before.sources {
                    Some(sources) => sources.get(*o).is_some_and(|s| {
                        s.as_os_str() == self.site.articles[*n].source.as_os_str()
                    }),
                    None => o == n,
                })
            && !new.iter().any(|n| self.changed_articles.contains(n))
    }
}
