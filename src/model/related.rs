//! Related stories: for each story, up to `related_stories` others of its language, ranked by the
//! tags they share (a rare tag counts more than a common one), the same category, and how close
//! in time they were written.
//!
//! Computed once per build. Comparing every pair of stories would be quadratic; instead each
//! story looks only at its neighbours in time within each of its tags and its category (the
//! lists are newest first, so a window around the story's own place in each list). The work per
//! story is bounded by its number of tags times the window, so the whole is linear in the
//! number of stories.
//!
//! A language's lists depend only on its stories' tags, categories and times, in order: the
//! cache keeps them (`RelatedLists`), so that a build which changed a body or a headline, or
//! another language, does not work them out again.

use super::*;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hash;

/// How many neighbours either side of a story are looked at in each tag's and the category's list.
const WINDOW: usize = 24;
/// What sharing the category adds, against a shared tag's weight of ln(stories / tagged + 1).
const SAME_CATEGORY: f64 = 0.5;
/// After this many days apart, a candidate's score is halved.
const HALF_SCORE_DAYS: f64 = 30.0;

/// Related stories kept from earlier builds, by language and a hash of what they were worked out
/// from (`inputs_of`). Each story's list holds places in the language's stories (0 for its
/// newest), so that it does not depend on the other languages.
pub trait RelatedLists: Send + Sync {
    /// The lists kept for `language` when they were worked out from exactly `inputs`.
    fn recall(&self, language: &str, inputs: u128) -> Option<Vec<Vec<u32>>>;
    /// Keeps `related`, worked out from `inputs`, for the next build.
    fn keep(&self, language: &str, inputs: u128, related: &[Vec<u32>]);
}

/// Each story's related stories, best first, indexed like `articles` (which is by language, newest
/// first), from `kept` for each language whose stories did not change in what the lists read.
pub(super) fn related_stories(
    articles: &[Article],
    by_language: &BTreeMap<String, std::ops::Range<ArticleId>>,
    limit: usize,
    kept: Option<&dyn RelatedLists>,
) -> Vec<Vec<ArticleId>> {
    let mut related = vec![Vec::new(); articles.len()];
    if limit == 0 {
        return related;
    }
    for (language, range) in by_language {
        let inputs = inputs_of(articles, range.clone(), limit);
        let places = kept
            .and_then(|kept| kept.recall(language, inputs))
            .filter(|places| fits(places, range.len()))
            .unwrap_or_else(|| {
                let places = work_out(articles, range.clone(), limit);
                if let Some(kept) = kept {
                    kept.keep(language, inputs, &places);
                }
                places
            });
        for (id, places) in range.clone().zip(places) {
            related[id] = places.iter().map(|p| range.start + *p as usize).collect();
        }
    }
    related
}

/// One language's lists, as places in its stories.
fn work_out(
    articles: &[Article],
    range: std::ops::Range<ArticleId>,
    limit: usize,
) -> Vec<Vec<u32>> {
    let lists = Lists::of(articles, range.clone());
    // Each story's list is its own: they are worked out in parallel, in the same order.
    range
        .clone()
        .into_par_iter()
        .map(|id| {
            let best = lists.best_for(articles, id, limit);
            best.iter()
                .map(|other| (other - range.start) as u32)
                .collect()
        })
        .collect()
}

/// A hash of everything the lists of a language read: how many, and each story's tags, category
/// and time, in order.
fn inputs_of(articles: &[Article], range: std::ops::Range<ArticleId>, limit: usize) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    (limit, range.len()).hash(&mut hasher);
    for article in &articles[range] {
        (&article.tags, &article.category).hash(&mut hasher);
        let written = article.written;
        (written.timestamp(), written.timestamp_subsec_nanos()).hash(&mut hasher);
    }
    hasher.digest128()
}

/// Whether kept lists are whole for `stories` stories: one list each, every place among them.
fn fits(places: &[Vec<u32>], stories: usize) -> bool {
    places.len() == stories && places.iter().flatten().all(|p| (*p as usize) < stories)
}

/// A language's stories by tag and by category, each list newest first, with each story's place
/// in every list it is in.
struct Lists {
    stories: usize,
    by_tag: Vec<Vec<ArticleId>>,
    by_category: HashMap<String, Vec<ArticleId>>,
    /// For each story (offset from the range's start): (tag index, place in that tag's list).
    tags_of: Vec<Vec<(usize, usize)>>,
    /// For each story: its place in its category's list.
    category_place: Vec<usize>,
    start: ArticleId,
}

impl Lists {
    fn of(articles: &[Article], range: std::ops::Range<ArticleId>) -> Lists {
        let mut tag_index: HashMap<String, usize> = HashMap::new();
        let mut by_tag: Vec<Vec<ArticleId>> = Vec::new();
        let mut by_category: HashMap<String, Vec<ArticleId>> = HashMap::new();
        let mut tags_of = Vec::with_capacity(range.len());
        let mut category_place = Vec::with_capacity(range.len());
        for id in range.clone() {
            let article = &articles[id];
            let mut own = Vec::new();
            for tag in &article.tags {
                let slug = tag_slug(tag);
                if slug.is_empty() {
                    continue;
                }
                let next = by_tag.len();
                let index = *tag_index.entry(slug).or_insert(next);
                if index == next {
                    by_tag.push(Vec::new());
                }
                // Two spellings of one tag on a story count once.
                if by_tag[index].last() != Some(&id) {
                    own.push((index, by_tag[index].len()));
                    by_tag[index].push(id);
                }
            }
            tags_of.push(own);
            let list = by_category.entry(article.category.clone()).or_default();
            category_place.push(list.len());
            list.push(id);
        }
        Lists {
            stories: range.len(),
            by_tag,
            by_category,
            tags_of,
            category_place,
            start: range.start,
        }
    }

    fn best_for(&self, articles: &[Article], id: ArticleId, limit: usize) -> Vec<ArticleId> {
        let own = id - self.start;
        let mut scores: HashMap<ArticleId, f64> = HashMap::new();
        for &(tag, place) in &self.tags_of[own] {
            let list = &self.by_tag[tag];
            let weight = (self.stories as f64 / list.len() as f64 + 1.0).ln();
            for &other in neighbours(list, place) {
                *scores.entry(other).or_default() += weight;
            }
        }
        let category = &self.by_category[&articles[id].category];
        for &other in neighbours(category, self.category_place[own]) {
            *scores.entry(other).or_default() += SAME_CATEGORY;
        }
        let written = articles[id].written;
        let mut ranked: Vec<(f64, ArticleId)> = scores
            .into_iter()
            .map(|(other, score)| {
                let days =
                    (written - articles[other].written).num_seconds().abs() as f64 / 86_400.0;
                (score / (1.0 + days / HALF_SCORE_DAYS), other)
            })
            .collect();
        // Best score first; between equals the lower id (the newer story), so the order is stable.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Collected from a slice, not from `ranked` itself: an in-place collect would keep the
        // whole candidate list's allocation for every story (1.7 KB each).
        ranked[..limit.min(ranked.len())]
            .iter()
            .map(|(_, id)| *id)
            .collect()
    }
}

/// The stories around `place` in `list`, itself left out.
fn neighbours(list: &[ArticleId], place: usize) -> impl Iterator<Item = &ArticleId> {
    let from = place.saturating_sub(WINDOW);
    let to = (place + WINDOW + 1).min(list.len());
    list[from..place].iter().chain(&list[place + 1..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_leave_the_story_out_and_stay_in_the_list() {
        let list: Vec<ArticleId> = (0..100).collect();
        let around: Vec<ArticleId> = neighbours(&list, 0).copied().collect();
        assert_eq!(around, (1..=WINDOW).collect::<Vec<_>>());
        let around: Vec<ArticleId> = neighbours(&list, 50).copied().collect();
        assert_eq!(around.len(), 2 * WINDOW);
        assert!(!around.contains(&50));
    }
}
