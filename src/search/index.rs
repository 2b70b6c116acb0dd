//! The index of one language: for each term, its postings (the stories that hold it), cut into
//! shards by a hash of the term, so that a query fetches the shards of its own terms only.
//!
//! Each posting carries its impact, the term's BM25 contribution for that story worked out here
//! (headline boost included), so the browser only adds numbers. A term's list is cut in two: the
//! head, its `HEAD` postings of highest impact (ties: newer first), goes to `t/<xx>.json`; the
//! rest, the tail, to `c/<xx>-<range>.json`, cut by ranges of ids (so of time), which a query
//! fetches only when the head cannot answer it, and then only the ranges it needs.
//!
//! A story's id is the minute it was written (collisions take the next free minute), so ids
//! sort by time and stay put from build to build. Impacts are computed against a reference story
//! count and average length that move in powers of two, so adding or editing a story changes
//! the shards of its own terms and no other; crossing one of those steps (like the steps of the
//! shard count) rewrites the index once.

use super::postings::{Gathered, Occurrence, Postings};
use super::shard::{self, Posting, Term};
use super::tokenizer::tokenize;
use rayon::prelude::*;
use std::collections::HashMap;

/// Postings in a term's head. A page of results is 10; after a category filter (five categories
/// on a typical site) 200 postings still leave about 40 stories a category, four pages, while a
/// head costs about 1.5 KB of a shard (7 characters a posting), so a two-word query reads a few KB.
pub const HEAD: usize = 200;
/// The first positions of a term in a story kept, for the bonus of adjacent query words.
pub const MAX_POSITIONS: usize = 3;
/// Stories per excerpt bundle, at most (bundles are spans of ids, so of time): about 25 KB a
/// bundle on the bench corpus, 127 bundles at 33,334 stories. A result page reads the bundles of
/// its results, so this sets the bytes of a page as much as the number of files.
const PER_BUNDLE: u64 = 256;
/// Head shards (`t/`) at most, as bits: 64 files of about 9 KB at 33,334 stories (256 of 2 KB
/// made a language's index 688 files).
const MAX_SHARD_BITS: u32 = 6;
/// Stories tokenized at once: bounds the text held in memory.
const CHUNK: usize = 1024;

/// A story as search sees it; its text comes from the `body` function given to `build`.
#[derive(Debug, Clone)]
pub struct Story<'a> {
    /// What identifies the story from build to build: its source file.
    pub key: &'a str,
    pub headline: &'a str,
    /// Its category's index in `site.yaml`.
    pub category: u32,
    /// Minutes since 1970-01-01 (UTC) of its `written` time.
    pub minute: u32,
    /// A hash of everything the index reads of the story (key, headline, category, minute and
    /// its text): a story whose id and signature are as in the `Postings` of an earlier index
    /// is not tokenized again.
    pub signature: u64,
}

/// The files of a language's index, as text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Index {
    /// Each story's id, in the order given.
    pub ids: Vec<u32>,
    /// The text of `t/<xx>.json`, one per shard.
    pub heads: Vec<String>,
    /// The text of `c/<xx>-<range>.json`: (shard, range, text), for the shards with a tail.
    pub tails: Vec<(usize, u32, String)>,
    pub shard_bits: u32,
    /// A story's bundle is its id shifted right by this.
    pub bundle_bits: u32,
    /// The story count impacts assume (a power of two at least the real one).
    pub documents: usize,
    /// The story length in tokens impacts assume (a power of two near the average).
    pub average_length: u64,
}

/// A position not kept.
pub const NO_POSITION: u16 = u16::MAX;

/// The index of `stories`, whose text (summary, body, tags) `body(i)` gives.
#[cfg(test)]
pub fn build<F: Fn(usize) -> String + Sync>(stories: &[Story], body: F) -> Index {
    build_reusing(stories, body, None).0
}

/// The index of `stories`, whose text (summary, body, tags) `body(i)` gives, and the postings
/// to keep for the next build. The terms of the stories that `earlier` has with the same id and
/// signature are taken from it rather than tokenized again.
pub fn build_reusing<F: Fn(usize) -> String + Sync>(
    stories: &[Story],
    body: F,
    earlier: Option<Postings>,
) -> (Index, Postings) {
    let ids = assign_ids(stories);
    let shard_bits = bits_for(stories.len(), 16, 4, MAX_SHARD_BITS);
    let mut gathered = Gathered::new(stories.len());
    let reused = match earlier {
        Some(earlier) => earlier.reuse(stories, &ids, &mut gathered),
        None => vec![false; stories.len()],
    };
    let fresh: Vec<usize> = (0..stories.len()).filter(|i| !reused[*i]).collect();
    for chunk in fresh.chunks(CHUNK) {
        let parsed: Vec<Found> = chunk
            .par_iter()
            .map(|i| terms_of(stories[*i].headline, &body(*i)))
            .collect();
        for (story, (length, found)) in chunk.iter().zip(parsed) {
            gathered.lengths[*story] = length;
            for (term, tf, positions) in found {
                let story = *story as u32;
                gathered.add(
                    term,
                    Occurrence {
                        story,
                        tf,
                        positions,
                    },
                );
            }
        }
    }
    let documents = stories.len().next_power_of_two().max(64);
    let names = gathered.names();
    let lengths = &gathered.lengths;
    let total: u64 = lengths.iter().map(|l| u64::from(*l)).sum();
    let average = total as f64 / stories.len().max(1) as f64;
    let average_length = 1u64 << average.max(1.0).log2().round() as u32;
    let weigh = |list: &Vec<Occurrence>| {
        let idf = shard::idf(documents, list.len());
        list.iter()
            .map(|o| {
                let story = o.story as usize;
                Posting {
                    id: ids[story],
                    impact: shard::impact(idf, o.tf, lengths[story], average_length),
                    category: stories[story].category,
                    positions: o.positions,
                }
            })
            .collect::<Vec<Posting>>()
    };
    let encoded: Vec<Term> = gathered
        .lists
        .par_iter()
        .zip(names.par_iter())
        .map(|(list, name)| shard::split(name, weigh(list)))
        .collect();
    let mut heads = Vec::with_capacity(1 << shard_bits);
    let mut tails = Vec::new();
    for (number, files) in shard::files(encoded, shard_bits).into_iter().enumerate() {
        heads.push(files.heads);
        tails.extend(files.tails.into_iter().map(|(r, text)| (number, r, text)));
    }
    let index = Index {
        bundle_bits: bundle_bits(&ids),
        ids,
        heads,
        tails,
        shard_bits,
        documents,
        average_length,
    };
    let postings = gathered.into_postings(stories, &index.ids, names);
    (index, postings)
}

/// The fewest bits (at least `min`, at most `max`) for which `count` items make at most
/// `per_file` per file.
fn bits_for(count: usize, per_file: usize, min: u32, max: u32) -> u32 {
    (min..max)
        .find(|bits| count.div_ceil(1 << bits) <= per_file)
        .unwrap_or(max)
}

/// The shift of ids to bundles: the widest span of minutes that holds at most `PER_BUNDLE`
/// stories on average.
fn bundle_bits(ids: &[u32]) -> u32 {
    let (Some(first), Some(last)) = (ids.iter().min(), ids.iter().max()) else {
        return 0;
    };
    let span = u64::from(last - first) + 1;
    (0..24u32)
        .take_while(|bits| (ids.len() as u64) << bits <= PER_BUNDLE * span)
        .last()
        .unwrap_or(0)
}

/// Ids by time: each story takes its minute, or the next free one after the stories of the same
/// or an earlier minute (in source order within a minute), so an unchanged story keeps its id.
fn assign_ids(stories: &[Story]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..stories.len()).collect();
    order.sort_by_key(|i| (stories[*i].minute, stories[*i].key));
    let mut ids = vec![0; stories.len()];
    let mut next = 0u32;
    for index in order {
        let id = stories[index].minute.max(next);
        ids[index] = id;
        next = id + 1;
    }
    ids
}

/// The story's length in tokens, and its terms with their weighted count and first positions.
type Found = (u32, Vec<(String, u16, [u16; MAX_POSITIONS])>);

fn terms_of(headline: &str, body: &str) -> Found {
    let headline = tokenize(headline);
    // One position of distance between the headline and the body, so that the headline's last
    // word and the body's first never count as adjacent.
    let offset = headline.len() as u32 + 1;
    let body = tokenize(body);
    let length = (headline.len() + body.len()) as u32;
    let mut terms: HashMap<String, (u16, [u16; MAX_POSITIONS], usize)> = HashMap::new();
    let occurrences =
        headline
            .into_iter()
            .map(|t| (t, shard::HEADLINE))
            .chain(body.into_iter().map(|mut t| {
                t.position += offset;
                (t, 1)
            }));
    for (token, weight) in occurrences {
        let entry = terms
            .entry(token.text)
            .or_insert((0, [NO_POSITION; MAX_POSITIONS], 0));
        entry.0 = entry.0.saturating_add(weight);
        if entry.2 < MAX_POSITIONS && token.position < u32::from(NO_POSITION) {
            entry.1[entry.2] = token.position as u16;
            entry.2 += 1;
        }
    }
    let mut found: Vec<_> = terms
        .into_iter()
        .map(|(t, (tf, p, _))| (t, tf, p))
        .collect();
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (length, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::shard::shard_of;

    fn story<'a>(key: &'a str, headline: &'a str, minute: u32) -> Story<'a> {
        Story {
            key,
            headline,
            category: 0,
            minute,
            signature: 0,
        }
    }

    fn terms(text: &str) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn ids_are_minutes_and_do_not_move_when_a_story_is_added() {
        let one = build(
            &[story("a.md", "Rice", 100), story("b.md", "Oil", 100)],
            |_| String::new(),
        );
        assert_eq!(one.ids, [100, 101]);
        let two = build(
            &[
                story("0.md", "New", 200),
                story("a.md", "Rice", 100),
                story("b.md", "Oil", 100),
            ],
            |_| String::new(),
        );
        assert_eq!(&two.ids[1..], &one.ids[..]);
        let shard = terms(&two.heads[shard_of("rice", two.shard_bits)]);
        // df 1; id 100, its impact, category 0, one position (0).
        let numbers = crate::search::codec::decode(shard["rice"].as_str().unwrap());
        assert_eq!(
            (numbers[0], numbers[1], numbers[3..].to_vec()),
            (1, 100, vec![0, 1, 0])
        );
    }

    #[test]
    fn a_long_list_keeps_its_best_postings_in_the_head() {
        // 250 stories hold the word (the even ones twice, in a shorter headline), 300 do not.
        let stories: Vec<Story> = (0..HEAD as u32 + 350)
            .map(|n| match n {
                n if n >= 250 => story("x", "Other", n),
                n if n % 2 == 0 => story("x", "Common common", n),
                n => story("x", "Common word word word word", n),
            })
            .collect();
        let index = build(&stories, |_| String::new());
        let at = shard_of("common", index.shard_bits);
        let head = shard::postings(terms(&index.heads[at])["common"].as_str().unwrap(), true);
        // Few stories: the shard's tail is one range.
        let ranged: Vec<_> = index.tails.iter().filter(|t| t.0 == at).collect();
        assert_eq!(ranged.len(), 1);
        let tail = terms(&ranged[0].2)["common"].clone();
        let tail = shard::postings(tail.as_str().unwrap(), false);
        assert_eq!(head.len(), HEAD);
        assert_eq!(tail.len(), 50);
        let lowest = head.iter().map(|p| p.impact).min().unwrap();
        assert!(tail.iter().all(|p| p.impact <= lowest));
        // The 125 stories with the word twice are all in the head; of the rest, the newest.
        assert_eq!(head.iter().filter(|p| p.id % 2 == 0).count(), 125);
        assert!(tail.iter().all(|p| p.id % 2 == 1 && p.id < 150));
    }

    #[test]
    fn file_counts_grow_in_steps() {
        assert_eq!(bits_for(10, 16, 4, 8), 4);
        assert_eq!(bits_for(10_000, 16, 4, 8), 8);
        assert_eq!(bits_for(10_000, 16, 4, MAX_SHARD_BITS), 6);
        // 10,000 stories 97 minutes apart: bundles of 128 to 256 stories.
        let ids: Vec<u32> = (0..10_000).map(|n| n * 97).collect();
        let bits = bundle_bits(&ids);
        let per = (1u32 << bits) / 97;
        assert!((128..=256).contains(&per), "{bits} bits, {per} a bundle");
    }
}
