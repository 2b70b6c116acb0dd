//! What a posting says and how shards write it: the impact of a term for a story (BM25, worked
//! out at build time) and the text of `t/` and `c/` files. `static/js/search.js` reads them
//! (`postings`); the rules are written once here and once there.

use super::codec;
use super::index::HEAD;
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
    /// The first positions of the term in the story (headline first).
    pub positions: Vec<u32>,
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

/// A term's lists as the files write them: its head's text and, when it has one, its tail's.
pub struct Term<'a> {
    pub name: &'a str,
    pub head: String,
    pub tail: Option<String>,
}

/// Cuts `postings` into the head (the `HEAD` of highest impact, ties: newer first) and the tail,
/// each in id order. The head's text starts with the term's story count.
pub fn split(name: &str, mut postings: Vec<Posting>) -> Term<'_> {
    let df = postings.len() as u32;
    postings.sort_unstable_by(|a, b| b.impact.cmp(&a.impact).then(b.id.cmp(&a.id)));
    let mut tail = postings.split_off(postings.len().min(HEAD));
    let mut head = String::new();
    codec::push(&mut head, df);
    postings.sort_unstable_by_key(|p| p.id);
    encode(&mut head, &postings);
    let tail = (!tail.is_empty()).then(|| {
        tail.sort_unstable_by_key(|p| p.id);
        let mut text = String::new();
        encode(&mut text, &tail);
        text
    });
    Term { name, head, tail }
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
            p.positions.len() as u32,
        ] {
            codec::push(out, n);
        }
        let mut last = 0;
        for position in &p.positions {
            codec::push(out, position - last);
            last = *position;
        }
        previous = p.id;
    }
}

/// The postings of a head's text (`counted`: it starts with the story count) or a tail's.
#[cfg(test)]
pub fn postings(text: &str, counted: bool) -> Vec<Posting> {
    let numbers = codec::decode(text);
    let mut rest = &numbers[usize::from(counted)..];
    let mut out = Vec::new();
    let mut id = 0;
    while let [delta, impact, category, count, more @ ..] = rest {
        id += delta;
        let mut at = 0;
        let positions = more[..*count as usize]
            .iter()
            .map(|d| {
                at += d;
                at
            })
            .collect();
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

/// The `t/` and `c/` files of `terms`: JSON objects from term to text, one per shard (`c/` only
/// where a term of the shard has a tail).
pub fn files(terms: Vec<Term>, bits: u32) -> (Vec<String>, Vec<Option<String>>) {
    let mut heads: Vec<BTreeMap<&str, String>> = vec![BTreeMap::new(); 1 << bits];
    let mut tails: Vec<BTreeMap<&str, String>> = vec![BTreeMap::new(); 1 << bits];
    for term in terms {
        let at = shard_of(term.name, bits);
        if let Some(tail) = term.tail {
            tails[at].insert(term.name, tail);
        }
        heads[at].insert(term.name, term.head);
    }
    let text = |map: BTreeMap<&str, String>| serde_json::to_string(&map).unwrap_or_default() + "\n";
    let tails = tails
        .into_iter()
        .map(|map| (!map.is_empty()).then(|| text(map)))
        .collect();
    (heads.into_iter().map(text).collect(), tails)
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
            positions: vec![3, 9],
        };
        let term = split("rice", vec![p(70, 5), p(40, 9)]);
        assert!(term.tail.is_none());
        assert_eq!(postings(&term.head, true), [p(40, 9), p(70, 5)]);
    }
}
