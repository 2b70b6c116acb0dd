//! Related stories: for each story, up to `related_stories` others of its language, ranked by the
//! tags they share (a rare tag counts more than a common one), the same category, and how close
//! in time they were written.
//!
//! Computed once per build. Comparing every pair of stories would be quadratic; instead each
//! story looks only at its neighbours in time within each of its tags and its category (the
//! lists are newest first, so a window around the story's own place in each list). The work per
//! story is bounded by its number of tags times the window, so the whole is linear in the
//! number of stories.

use super::*;
use rayon::prelude::*;
use std::collections::HashMap;

/// How many neighbours either side of a story are looked at in each tag's and the category's list.
const WINDOW: usize = 24;
/// What sharing the category adds, against a shared tag's weight of ln(stories / tagged + 1).
const SAME_CATEGORY: f64 = 0.5;
/// After this many days apart, a candidate's score is halved.
const HALF_SCORE_DAYS: f64 = 30.0;

/// Each story's related stories, best first, indexed like `articles` (which is by language, newest
/// first).
pub(super) fn related_stories(
    articles: &[Article],
    by_language: &BTreeMap<String, std::ops::Range<ArticleId>>,
    limit: usize,
) -> Vec<Vec<ArticleId>> {
    let mut related = vec![Vec::new(); articles.len()];
    if limit == 0 {
        return related;
    }
    for range in by_language.values() {
        let lists = Lists::of(articles, range.clone());
        // Each story's list is its own: they are worked out in parallel, in the same order.
        let best: Vec<Vec<ArticleId>> = range
            .clone()
            .into_par_iter()
            .map(|id| lists.best_for(articles, id, limit))
            .collect();
        for (id, best) in range.clone().zip(best) {
            related[id] = best;
        }
    }
    related
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
