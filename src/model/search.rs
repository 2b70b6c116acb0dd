//! The search index of each language as jobs: the search page, a root file, the shards of terms
//! (heads in `t/`, tails in `c/`) and the bundles of excerpts. The index is worked out here
//! (tokenizing is pure), one language at a time, and each file's job carries its encoded text,
//! so that its fingerprint changes only when the file does.

use super::*;
use crate::search::{self, Story};
use std::sync::Arc;

impl Site {
    pub(super) fn plan_search(&self, code: &str, jobs: &mut Vec<Job>) {
        if !self.config.search {
            return;
        }
        let ids: Vec<ArticleId> = self.articles_in(code).map(|(id, _)| id).collect();
        let sources: Vec<String> = ids
            .iter()
            .map(|id| {
                self.articles[*id]
                    .source
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let stories: Vec<Story> = ids
            .iter()
            .zip(&sources)
            .map(|(id, source)| self.search_story(*id, source))
            .collect();
        let index = search::build(&stories, |i| self.search_text(ids[i]));
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
        Story {
            key: source,
            headline: &article.title,
            category,
            minute: minute as u32,
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
