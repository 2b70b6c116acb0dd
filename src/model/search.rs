//! The search index of each language as jobs: the search page, a root file, the shards of terms
//! and the bundles of excerpts. The index is worked out here (tokenizing is pure) so that each
//! file's job carries what it holds, and its fingerprint changes only when that does.

use super::*;
use crate::search::{self, Document};
use rayon::prelude::*;
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
        let documents: Vec<Document> = ids
            .par_iter()
            .zip(sources.par_iter())
            .map(|(id, source)| self.search_document(*id, source))
            .collect();
        let index = search::build(&documents);
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
                documents: ids.len(),
                total_length: index.total_length,
                shard_bits: index.shard_bits,
                bundle_bits: index.bundle_bits,
            },
            path: format!("{code}/search/root.json"),
        });
        let mut bundles: Vec<Vec<(u32, ArticleId)>> = vec![Vec::new(); 1 << index.bundle_bits];
        for (doc, id) in index.ids.iter().zip(&ids) {
            bundles[search::bundle_of(*doc, index.bundle_bits)].push((*doc, *id));
        }
        for (number, shard) in index.shards.into_iter().enumerate() {
            jobs.push(Job {
                kind: JobKind::SearchShard {
                    language: language(),
                    terms: Arc::new(shard),
                },
                path: format!("{code}/search/t/{number:02x}.json"),
            });
        }
        for (number, mut documents) in bundles.into_iter().enumerate() {
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

    fn search_document<'a>(&'a self, id: ArticleId, source: &'a str) -> Document<'a> {
        let article = &self.articles[id];
        let mut body = article.summary.clone();
        body.push(' ');
        body.push_str(&search::text::plain_text(&article.body_html));
        for tag in &article.tags {
            body.push(' ');
            body.push_str(tag);
        }
        let category = self
            .config
            .categories
            .iter()
            .position(|c| c.key == article.category)
            .unwrap_or(0) as u32;
        let day = article.written.timestamp().div_euclid(86_400).max(0) as u32;
        Document {
            key: source,
            headline: &article.title,
            body,
            category,
            day,
        }
    }
}
