//! What a posting says and how shards write it: the impact of a term for a story (BM25, worked
//! out at build time) and the text of `t/` and `c/` files. `static/js/search.js` reads them
//! (`postings`); the rules are written once here and once there.

use super::codec;
use super::index::{HEAD, MAX_POSITIONS, NO_POSITION};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Weight of a headline occurrence against one in the body.
pub const HEADLINE: u16 = 3;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Impact units per unit of BM25 score: a term's score stays within about 400 units (two
/// characters of the codec), and two stories differ by a unit where BM25 differs by 6%.
const SCALE: f64 = 16.0;

/// One story holding a term, as a query needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub id: u32,
    pub impact: u32,
    pub category: u32,
    /// The first positions of the term in the story (headline first), the places not used
    /// `NO_POSITION`. Kept inline: a language's index holds millions of postings at once.
    pub positions: [u16; MAX_POSITIONS],
}

impl Posting {
    fn kept_positions(&self) -> impl Iterator<Item = u32> + '_ {
        self.positions
            .iter()
            .take_while(|p| **p != NO_POSITION)
            .map(|p| u32::from(*p))
    }
}

/// The inverse document frequency of a term in `df` of `documents` stories.
pub fn idf(documents: usize, df: usize) -> f64 {
    let (n, df) = (documents as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// A term's BM25 contribution for a story, in units (at least 1, so every posting counts).
pub fn impact(idf: f64, tf: u16, length: u32, average: u64) -> u32 {
    let tf = f64::from(tf);
    let norm = K1 * (1.0 - B + B * f64::from(length) / average as f64);
    let score = idf * tf * (K1 + 1.0) / (tf + norm);
    (score * SCALE).round().max(1.0) as u32
}

/// A term's lists before the files write them: its story count, its head and its tail, each in
/// id order.
pub struct Term<'a> {
    pub name: &'a str,
    pub df: u32,
    pub head: Vec<Posting>,
    pub tail: Vec<Posting>,
}

/// Cuts `postings` into the head (the `HEAD` of highest impact, ties: newer first) and the tail.
pub fn split(name: &str, mut postings: Vec<Posting>) -> Term<'_> {
    let df = postings.len() as u32;
    postings.sort_unstable_by(|a, b| b.impact.cmp(&a.impact).then(b.id.cmp(&a.id)));
    let mut tail = postings.split_off(postings.len().min(HEAD));
    postings.sort_unstable_by_key(|p| p.id);
    tail.sort_unstable_by_key(|p| p.id);
    Term {
        name,
        df,
        head: postings,
        tail,
    }
}

/// Each posting as numbers: id minus the previous id, impact, category, the number of
/// positions, then each position minus the one before.
fn encode(out: &mut String, postings: &[Posting]) {
    let mut previous = 0;
    for p in postings {
        for n in [
            p.id - previous,
            p.impact,
            p.category,
            p.kept_positions().count() as u32,
        ] {
            codec::push(out, n);
        }
        let mut last = 0;
        for position in p.kept_positions() {
            codec::push(out, position - last);
            last = position;
        }
        previous = p.id;
    }
}

/// The postings of a head's text (`counted`: it starts with the story count) or a tail's.
#[cfg(test)]
pub fn postings(text: &str, counted: bool) -> Vec<Posting> {
    let numbers = codec::decode(text);
    // A head with a tail has the shard's ranges after its count.
    let skip = match numbers.first() {
        Some(df) if counted && *df as usize > HEAD => 4,
        _ => usize::from(counted),
    };
    let mut rest = &numbers[skip..];
    let mut out = Vec::new();
    let mut id = 0;
    while let [delta, impact, category, count, more @ ..] = rest {
        id += delta;
        let mut at = 0;
        let mut positions = [NO_POSITION; MAX_POSITIONS];
        for (place, d) in positions.iter_mut().zip(&more[..*count as usize]) {
            at += d;
            *place = at as u16;
        }
        out.push(Posting {
            id,
            impact: *impact,
            category: *category,
            positions,
        });
        rest = &more[*count as usize..];
    }
    out
}

/// Tail postings a `c/` file holds on average, at most (about 8 characters each, so some 16 KB;
/// with 64 head shards a file is shared by more terms, so ranges are cut finer than the 4,096
/// they were with 256):
/// a query whose rare word is known fetches only the ranges of a common word's tail that can
/// hold the rare word's stories.
const PER_RANGE: usize = 2048;

/// A shard's tails cut by id, so by time: the range of an id is `id >> bits`, and the shard has
/// a file for every range from `first` to `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranges {
    pub bits: u32,
    pub first: u32,
    pub last: u32,
}

impl Ranges {
    /// The widest ranges with at most about `PER_RANGE` postings each (in powers of two, so
    /// that an edit rarely moves them) over the tails of one shard.
    fn of(tails: &[&[Posting]]) -> Option<Ranges> {
        let ids = || tails.iter().flat_map(|t| t.iter().map(|p| p.id));
        let (first, last) = (ids().min()?, ids().max()?);
        let count: usize = tails.iter().map(|t| t.len()).sum();
        let files = count.div_ceil(PER_RANGE).next_power_of_two() as u32;
        let bits = (0..31)
            .find(|b| (last >> b) - (first >> b) < files)
            .unwrap_or(31);
        Some(Ranges {
            bits,
            first: first >> bits,
            last: last >> bits,
        })
    }
}

/// The files of one shard: its `t/` text, and its `c/` texts by range.
pub struct Shard {
    pub heads: String,
    pub tails: Vec<(u32, String)>,
}

/// The `t/` and `c/` files of `terms`, one `t/` per shard and, for a shard with tails, a `c/`
/// per range: JSON objects from term to text. A head's text is its story count, then for a term
/// with a tail the shard's ranges (bits, first, last), then its postings; a range's text is the
/// postings of the tail in that range.
pub fn files(terms: Vec<Term>, bits: u32) -> Vec<Shard> {
    let mut shards: Vec<Vec<Term>> = (0..1usize << bits).map(|_| Vec::new()).collect();
    for term in terms {
        shards[shard_of(term.name, bits)].push(term);
    }
    shards.into_par_iter().map(shard_files).collect()
}

fn shard_files(mut terms: Vec<Term>) -> Shard {
    terms.sort_unstable_by(|a, b| a.name.cmp(b.name));
    let tails: Vec<&[Posting]> = terms.iter().map(|t| t.tail.as_slice()).collect();
    let ranges = Ranges::of(&tails);
    let text = |map: BTreeMap<&str, String>| serde_json::to_string(&map).unwrap_or_default() + "\n";
    let mut heads = BTreeMap::new();
    for term in &terms {
        let mut head = String::with_capacity(8 + term.head.len() * 8);
        codec::push(&mut head, term.df);
        if let (Some(r), false) = (ranges, term.tail.is_empty()) {
            for n in [r.bits, r.first, r.last] {
                codec::push(&mut head, n);
            }
        }
        encode(&mut head, &term.head);
        heads.insert(term.name, head);
    }
    let tails = ranges.map_or_else(Vec::new, |r| {
        (r.first..=r.last)
            .map(|range| {
                let mut map = BTreeMap::new();
                for term in &terms {
                    let from = term.tail.partition_point(|p| p.id >> r.bits < range);
                    let to = term.tail.partition_point(|p| p.id >> r.bits <= range);
                    if from < to {
                        let mut out = String::with_capacity((to - from) * 8);
                        encode(&mut out, &term.tail[from..to]);
                        map.insert(term.name, out);
                    }
                }
                (range, text(map))
            })
            .collect()
    });
    Shard {
        heads: text(heads),
        tails,
    }
}

/// The shard of a term: the top `bits` of its 32-bit FNV-1a hash over UTF-8 (the browser
/// computes the same).
pub fn shard_of(term: &str, bits: u32) -> usize {
    if bits == 0 {
        return 0;
    }
    let mut hash: u32 = 0x811c_9dc5;
    for byte in term.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash >> (32 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impacts_rise_with_the_count_and_fall_with_the_length() {
        let idf = idf(1024, 10);
        assert!(impact(idf, 3, 10, 16) > impact(idf, 1, 10, 16));
        assert!(impact(idf, 1, 5, 16) > impact(idf, 1, 50, 16));
        assert_eq!(impact(0.0001, 1, 10, 16), 1);
    }

    #[test]
    fn postings_round_trip() {
        let p = |id, impact| Posting {
            id,
            impact,
            category: 2,
            positions: [3, 9, NO_POSITION],
        };
        let shard = &files(vec![split("rice", vec![p(70, 5), p(40, 9)])], 0)[0];
        assert!(shard.tails.is_empty());
        let map: BTreeMap<String, String> = serde_json::from_str(&shard.heads).unwrap();
        assert_eq!(postings(&map["rice"], true), [p(40, 9), p(70, 5)]);
    }
}
