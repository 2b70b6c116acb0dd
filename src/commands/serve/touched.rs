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
                None if !job.kind.lists_stories() => return false,
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
                (old, new) if !new.lists_stories() => old != new,
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
