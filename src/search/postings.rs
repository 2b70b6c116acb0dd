//! What a language's index is made of, before it is weighed and cut into files: each story's id,
//! signature and length, and each term's occurrences. Kept between builds (the build cache), so
//! that the next index tokenizes only the stories whose signature or id changed: tokenizing
//! (with reading the bodies back) is nearly all the cost of an index.

use super::index::Story;
use std::collections::HashMap;

/// One story's hold on a term: no term text (the term is its list's).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Occurrence {
    /// The story's place in the stories the index is built from.
    pub story: u32,
    /// Body occurrences plus `shard::HEADLINE` per headline occurrence.
    pub tf: u16,
    pub positions: [u16; super::index::MAX_POSITIONS],
}

/// A story as its postings remember it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Known {
    id: u32,
    signature: u64,
    /// In tokens.
    length: u32,
}

/// The terms of an index's stories, in their order, as the next build can reuse them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Postings {
    stories: Vec<Known>,
    /// Each term with its occurrences, a story given by its place in `stories`.
    terms: Vec<(Box<str>, Vec<Occurrence>)>,
}

/// The terms being gathered for an index: interned, with each story's length.
pub(super) struct Gathered {
    pub interned: HashMap<Box<str>, u32>,
    pub lists: Vec<Vec<Occurrence>>,
    pub lengths: Vec<u32>,
}

impl Gathered {
    pub fn new(stories: usize) -> Gathered {
        Gathered {
            interned: HashMap::new(),
            lists: Vec::new(),
            lengths: vec![0; stories],
        }
    }

    pub fn add(&mut self, term: String, occurrence: Occurrence) {
        let list = match self.interned.get(term.as_str()) {
            Some(t) => *t as usize,
            None => self.intern(term.into_boxed_str()),
        };
        self.lists[list].push(occurrence);
    }

    fn intern(&mut self, term: Box<str>) -> usize {
        self.lists.push(Vec::new());
        let list = self.lists.len() - 1;
        self.interned.insert(term, list as u32);
        list
    }

    /// The term of each list, in list order.
    pub fn names(&mut self) -> Vec<Box<str>> {
        let mut named: Vec<(u32, Box<str>)> = std::mem::take(&mut self.interned)
            .into_iter()
            .map(|(name, list)| (list, name))
            .collect();
        named.sort_unstable_by_key(|(list, _)| *list);
        named.into_iter().map(|(_, name)| name).collect()
    }

    /// What to keep for the next build, once the index is made.
    pub fn into_postings(self, stories: &[Story], ids: &[u32], names: Vec<Box<str>>) -> Postings {
        let known = stories
            .iter()
            .zip(ids)
            .zip(&self.lengths)
            .map(|((story, id), length)| Known {
                id: *id,
                signature: story.signature,
                length: *length,
            })
            .collect();
        Postings {
            stories: known,
            terms: names.into_iter().zip(self.lists).collect(),
        }
    }
}

impl Postings {
    /// Starts `gathered` with the occurrences of every story that has the same id and signature
    /// as before (moved to its place now), and returns which stories that is.
    pub(super) fn reuse(
        self,
        stories: &[Story],
        ids: &[u32],
        gathered: &mut Gathered,
    ) -> Vec<bool> {
        let place_of: HashMap<u32, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut reused = vec![false; stories.len()];
        let moved: Vec<Option<u32>> = self
            .stories
            .iter()
            .map(|known| {
                let place = *place_of.get(&known.id)?;
                if stories[place].signature != known.signature || reused[place] {
                    return None;
                }
                reused[place] = true;
                gathered.lengths[place] = known.length;
                Some(place as u32)
            })
            .collect();
        for (name, mut occurrences) in self.terms {
            occurrences.retain_mut(|o| match moved.get(o.story as usize).copied().flatten() {
                Some(place) => {
                    o.story = place;
                    true
                }
                None => false,
            });
            if !occurrences.is_empty() {
                let list = gathered.intern(name);
                gathered.lists[list] = occurrences;
            }
        }
        reused
    }
}

#[cfg(test)]
mod tests {
    use super::super::index::build_reusing;
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const WORDS: [&str; 12] = [
        "rice", "harvest", "port", "strike", "budget", "vote", "flood", "river", "school", "bank",
        "rate", "court",
    ];

    /// Story `n`'s text: a few words of `WORDS`, different from story to story.
    fn text(n: usize, edition: usize) -> String {
        (0..6 + n % 5)
            .map(|k| WORDS[(n * 7 + k * k + edition) % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Stories by place; a story's text depends on its number, not its place.
    struct Desk {
        numbers: Vec<usize>,
        keys: Vec<String>,
        minutes: Vec<u32>,
        editions: Vec<usize>,
    }

    impl Desk {
        fn stories(&self) -> Vec<Story<'_>> {
            (0..self.keys.len())
                .map(|i| Story {
                    key: &self.keys[i],
                    headline: WORDS[self.numbers[i] % WORDS.len()],
                    category: (self.numbers[i] % 3) as u32,
                    minute: self.minutes[i],
                    signature: ((self.numbers[i] * 10 + self.editions[i]) as u64) << 32
                        | self.minutes[i] as u64,
                })
                .collect()
        }

        fn body(&self, i: usize) -> String {
            text(self.numbers[i], self.editions[i])
        }
    }

    #[test]
    fn an_index_reusing_postings_is_the_index_made_afresh_and_tokenizes_only_what_changed() {
        let mut desk = Desk {
            numbers: (0..40).collect(),
            keys: (0..40).map(|n| format!("s{n:02}.md")).collect(),
            minutes: (0..40).map(|n| 1_000 + n * 10).collect(),
            editions: vec![0; 40],
        };
        let (_, earlier) = build_reusing(&desk.stories(), |i| desk.body(i), None);
        // One body edited, one story removed, and a new one in the minute of s20, before it by
        // key, which moves s20 to the next minute (so its id changes too).
        desk.editions[5] = 1;
        desk.numbers.remove(30);
        desk.keys.remove(30);
        desk.minutes.remove(30);
        desk.editions.remove(30);
        desk.numbers.push(40);
        desk.keys.push("s00-new.md".to_string());
        desk.minutes.push(1_200);
        desk.editions.push(0);
        let read = AtomicUsize::new(0);
        let stories = desk.stories();
        let (reused, _) = build_reusing(
            &stories,
            |i| {
                read.fetch_add(1, Ordering::Relaxed);
                desk.body(i)
            },
            Some(earlier),
        );
        let (afresh, _) = build_reusing(&stories, |i| desk.body(i), None);
        assert_eq!(reused, afresh);
        // The edited story, the new one, and s20, whose id moved.
        assert_eq!(read.load(Ordering::Relaxed), 3);
    }
}
