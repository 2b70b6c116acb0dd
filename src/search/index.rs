//! The index of one language: for each term, its postings (the stories that hold it), cut into
//! shards by a hash of the term, so that a query fetches the shards of its own terms only.
//!
//! A story's id is a hash of its source file, not its place in a list: adding a story changes the
//! shards of its own terms and no other, and editing one changes the shards of the terms it gained
//! or lost. The number of shards and of excerpt bundles grows in powers of two with the number of
//! stories (so the file count stays within a few hundred); crossing one of those steps rewrites
//! the index once.

use super::codec;
use super::tokenizer::tokenize;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Bits of a story id: 16 million ids, so that a hash of the source file rarely collides (a
/// collision takes the next free id, in source order).
pub const ID_BITS: u32 = 24;
/// The first positions of a term in a story kept, for the bonus of adjacent query words.
pub const MAX_POSITIONS: usize = 3;
/// Tokens per unit of story length (lengths are stored in units; BM25 needs no more).
const LENGTH_UNIT: usize = 8;

/// A story as search sees it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// What identifies the story from build to build: its source file.
    pub key: &'a str,
    pub headline: &'a str,
    /// Summary, body text and tags.
    pub body: String,
    /// Its category's index in `site.yaml`.
    pub category: u32,
    /// Days since 1970-01-01 (UTC) of its `written` time.
    pub day: u32,
}

/// One story holding a term, with what ranking needs of it, so that a query can rank, filter and
/// sort before it fetches any excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Posting {
    pub doc: u32,
    /// The story's length in units of `LENGTH_UNIT` tokens.
    pub length: u32,
    pub day: u32,
    pub category: u32,
    /// How often the term is in the headline, and in the rest.
    pub headline: u32,
    pub body: u32,
    /// The first positions of the term in the story (headline first).
    pub positions: Vec<u32>,
}

/// term -> its postings, by story id.
pub type Shard = BTreeMap<String, Vec<Posting>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Each document's id, in the order given.
    pub ids: Vec<u32>,
    pub shards: Vec<Shard>,
    pub shard_bits: u32,
    pub bundle_bits: u32,
    /// The sum of the stories' lengths, in units.
    pub total_length: u64,
}

pub fn build(documents: &[Document]) -> Index {
    let ids = assign_ids(documents);
    let shard_bits = bits_for(documents.len(), 16, 4, 8);
    let bundle_bits = bits_for(documents.len(), 40, 2, 7);
    let postings: Vec<Vec<(String, Posting)>> = documents
        .par_iter()
        .zip(ids.par_iter())
        .map(|(document, id)| postings_of(document, *id))
        .collect();
    let mut shards: Vec<Shard> = vec![Shard::new(); 1 << shard_bits];
    let mut total_length = 0u64;
    for list in postings {
        if let Some((_, first)) = list.first() {
            total_length += u64::from(first.length);
        }
        for (term, posting) in list {
            let shard = &mut shards[shard_of(&term, shard_bits)];
            shard.entry(term).or_default().push(posting);
        }
    }
    shards
        .par_iter_mut()
        .for_each(|shard| shard.values_mut().for_each(|p| p.sort_by_key(|p| p.doc)));
    Index {
        ids,
        shards,
        shard_bits,
        bundle_bits,
        total_length,
    }
}

/// The fewest bits (at least `min`, at most `max`) for which `count` items make at most
/// `per_file` per file.
fn bits_for(count: usize, per_file: usize, min: u32, max: u32) -> u32 {
    (min..max)
        .find(|bits| count.div_ceil(1 << bits) <= per_file)
        .unwrap_or(max)
}

/// Ids from a hash of each key; on a collision the key that sorts later takes the next free id.
fn assign_ids(documents: &[Document]) -> Vec<u32> {
    let mask = (1u32 << ID_BITS) - 1;
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by_key(|i| documents[*i].key);
    let mut taken = BTreeSet::new();
    let mut ids = vec![0; documents.len()];
    for index in order {
        let mut id = (xxhash_rust::xxh3::xxh3_64(documents[index].key.as_bytes()) as u32) & mask;
        while !taken.insert(id) {
            id = (id + 1) & mask;
        }
        ids[index] = id;
    }
    ids
}

fn postings_of(document: &Document, doc: u32) -> Vec<(String, Posting)> {
    let headline = tokenize(document.headline);
    // One position of distance between the headline and the body, so that the headline's last
    // word and the body's first never count as adjacent.
    let offset = headline.len() as u32 + 1;
    let body = tokenize(&document.body);
    let length = (headline.len() + body.len()).div_ceil(LENGTH_UNIT).max(1) as u32;
    let mut terms: BTreeMap<String, Posting> = BTreeMap::new();
    let occurrences = headline
        .into_iter()
        .map(|t| (t, true))
        .chain(body.into_iter().map(|mut t| {
            t.position += offset;
            (t, false)
        }));
    for (token, in_headline) in occurrences {
        let posting = terms.entry(token.text).or_insert_with(|| Posting {
            doc,
            length,
            day: document.day,
            category: document.category,
            headline: 0,
            body: 0,
            positions: Vec::new(),
        });
        if in_headline {
            posting.headline += 1;
        } else {
            posting.body += 1;
        }
        if posting.positions.len() < MAX_POSITIONS {
            posting.positions.push(token.position);
        }
    }
    terms.into_iter().collect()
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

/// The excerpt bundle of a story id: the top `bits` of the id.
pub fn bundle_of(id: u32, bits: u32) -> usize {
    if bits == 0 {
        return 0;
    }
    (id >> (ID_BITS - bits)) as usize
}

/// A shard as the browser reads it: a JSON object from term to its postings, each posting as
/// numbers (id minus the previous id, length, day, category, headline count, body count, the
/// number of positions, then each position minus the one before).
pub fn encode_shard(shard: &Shard) -> String {
    let encoded: BTreeMap<&str, String> = shard
        .iter()
        .map(|(term, postings)| {
            let mut text = String::new();
            let mut previous = 0;
            for p in postings {
                for n in [
                    p.doc - previous,
                    p.length,
                    p.day,
                    p.category,
                    p.headline,
                    p.body,
                    p.positions.len() as u32,
                ] {
                    codec::push(&mut text, n);
                }
                let mut last = 0;
                for position in &p.positions {
                    codec::push(&mut text, position - last);
                    last = *position;
                }
                previous = p.doc;
            }
            (term.as_str(), text)
        })
        .collect();
    let mut out = serde_json::to_string(&encoded).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(key: &'a str, headline: &'a str, body: &str) -> Document<'a> {
        Document {
            key,
            headline,
            body: body.to_string(),
            category: 0,
            day: 20000,
        }
    }

    #[test]
    fn ids_do_not_move_when_a_story_is_added() {
        let one = build(&[doc("a.md", "Rice", "prices"), doc("b.md", "Oil", "")]);
        let two = build(&[
            doc("0.md", "New", ""),
            doc("a.md", "Rice", "prices"),
            doc("b.md", "Oil", ""),
        ]);
        assert_eq!(&two.ids[1..], &one.ids[..]);
        let shard = &two.shards[shard_of("rice", two.shard_bits)];
        assert_eq!(shard["rice"][0].doc, one.ids[0]);
        assert_eq!(shard["rice"][0].headline, 1);
        assert_eq!(
            two.shards[shard_of("prices", 4)]["prices"][0].positions,
            [2]
        );
    }

    #[test]
    fn file_counts_grow_in_steps() {
        assert_eq!(bits_for(10, 16, 4, 8), 4);
        assert_eq!(bits_for(10_000, 16, 4, 8), 8);
        assert_eq!(bits_for(10_000, 40, 2, 7), 7);
        assert_eq!(bits_for(300, 40, 2, 7), 3);
    }

    #[test]
    fn shards_encode_as_numbers() {
        let index = build(&[doc("a.md", "Rice rice", "")]);
        let text = encode_shard(&index.shards[shard_of("rice", index.shard_bits)]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let numbers = codec::decode(value["rice"].as_str().unwrap());
        assert_eq!(&numbers[1..], [1, 20000, 0, 2, 0, 2, 0, 1]);
    }
}
