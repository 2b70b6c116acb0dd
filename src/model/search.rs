//! The search index of each language as jobs: the search page, a root file, the shards of terms
//! (heads in `t/`, tails in `c/`) and the bundles of excerpts. The index is worked out here
//! (tokenizing is pure), one language at a time, and each file's job carries its encoded text,
//! so that its fingerprint changes only when the file does.

use super::*;
use crate::search::{self, Story};
use rayon::prelude::*;
use std::hash::Hash;
use std::sync::Arc;

/// Search indexes kept from earlier builds, by language and a hash of everything the index is
/// made of (see `Site::search_inputs`), with the postings they were made from: building an
/// index means reading back and tokenizing every body of the language, so a build where one
/// language's stories changed rebuilds that language's index only, and tokenizes only the
/// stories that changed.
pub trait SearchIndexes: Send + Sync {
    /// The index kept for `language` when it was made of exactly `inputs`.
    fn recall(&self, language: &str, inputs: u128) -> Option<search::index::Index>;
    /// The postings of the index last kept for `language`, whatever it was made of.
    fn recall_postings(&self, language: &str) -> Option<search::Postings>;
    /// Keeps `index`, made of `inputs`, and its postings for the next build.
    fn keep(
        &self,
        language: &str,
        inputs: u128,
        index: &search::index::Index,
        postings: &search::Postings,
    );
}

impl std::fmt::Debug for dyn SearchIndexes {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("SearchIndexes")
    }
}

impl Site {
    pub(super) fn plan_search(&self, code: &str, jobs: &mut Vec<Job>) {
        if !self.config.search {
            return;
        }
        let ids: Vec<ArticleId> = self.articles_in(code).map(|(id, _)| id).collect();
        let sources: Vec<String> = ids
            .par_iter()
            .map(|id| {
                self.articles[*id]
                    .source
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let stories: Vec<Story> = ids
            .par_iter()
            .zip(&sources)
            .map(|(id, source)| self.search_story(*id, source))
            .collect();
        let index = self.search_index(code, &ids, &stories);
        drop(stories);
        let language = || code.to_string();
        jobs.push(Job {
            kind: JobKind::Search {
                language: language(),
            },
            path: format!("{code}/search/"),
        });
        jobs.push(Job {
            kind: JobKind::SearchRoot {
                language: language(),
                documents: index.documents,
                average_length: index.average_length,
                shard_bits: index.shard_bits,
                bundle_bits: index.bundle_bits,
            },
            path: format!("{code}/search/root.json"),
        });
        let shard = |name: String, text: String, jobs: &mut Vec<Job>| {
            jobs.push(Job {
                kind: JobKind::SearchShard {
                    language: language(),
                    terms: Arc::from(text),
                },
                path: format!("{code}/search/{name}.json"),
            });
        };
        for (number, text) in index.heads.into_iter().enumerate() {
            shard(format!("t/{number:02x}"), text, jobs);
        }
        for (number, range, text) in index.tails {
            shard(format!("c/{number:02x}-{range:02x}"), text, jobs);
        }
        let mut bundles: BTreeMap<u32, Vec<(u32, ArticleId)>> = BTreeMap::new();
        for (doc, id) in index.ids.iter().zip(&ids) {
            let bundle = search::bundle_of(*doc, index.bundle_bits);
            bundles.entry(bundle).or_default().push((*doc, *id));
        }
        for (number, mut documents) in bundles {
            documents.sort();
            jobs.push(Job {
                kind: JobKind::SearchBundle {
                    language: language(),
                    documents,
                },
                path: format!("{code}/search/d/{number:02x}.json"),
            });
        }
    }

    /// The language's index, from an earlier build when its inputs are the same.
    fn search_index(
        &self,
        code: &str,
        ids: &[ArticleId],
        stories: &[Story],
    ) -> search::index::Index {
        let kept = self.search_indexes.as_deref();
        let inputs = self.search_inputs(stories);
        if let Some(index) = kept.and_then(|kept| kept.recall(code, inputs)) {
            return index;
        }
        let earlier = kept.and_then(|kept| kept.recall_postings(code));
        let (index, postings) =
            search::build_reusing(stories, |i| self.search_text(ids[i]), earlier);
        // An index made while a body could not be read back is not kept: it lacks that body.
        if let Some(kept) = kept
            && !self.some_body_lost()
        {
            kept.keep(code, inputs, &index, &postings);
        }
        index
    }

    /// A hash of everything `search::build_reusing` reads of the language's stories: their
    /// signatures, in order.
    fn search_inputs(&self, stories: &[Story]) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        stories.len().hash(&mut hasher);
        for story in stories {
            story.signature.hash(&mut hasher);
        }
        hasher.digest128()
    }

    fn search_story<'a>(&'a self, id: ArticleId, source: &'a str) -> Story<'a> {
        let article = &self.articles[id];
        let category = self
            .config
            .categories
            .iter()
            .position(|c| c.key == article.category)
            .unwrap_or(0) as u32;
        let minute = article
            .written
            .timestamp()
            .div_euclid(60)
            .clamp(0, i64::from(u32::MAX >> 1));
        let minute = minute as u32;
        // Everything `search_text` reads, the body by its hash.
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        (source, &article.title, category, minute).hash(&mut hasher);
        (&article.summary, article.body.hash, &article.tags).hash(&mut hasher);
        let signature = hasher.digest();
        Story {
            key: source,
            headline: &article.title,
            category,
            minute,
            signature,
        }
    }

    /// What the index holds of a story besides its headline: summary, body and tags.
    fn search_text(&self, id: ArticleId) -> String {
        let article = &self.articles[id];
        let mut text = article.summary.clone();
        text.push(' ');
        text.push_str(&self.search_body_text(id));
        for tag in &article.tags {
            text.push(' ');
            text.push_str(tag);
        }
        text
    }

    /// The readable text of a story's body: the one way search (index and excerpts) reads a
    /// body, so that bodies can move out of memory by changing this alone.
    pub(crate) fn search_body_text(&self, id: ArticleId) -> String {
        search::text::plain_text(&self.body_html(&self.articles[id]))
    }
}
