//! The files of the search index (root, shards, excerpt bundles) and the search page's context.
//! The index files are JSON, read by `static/js/search.js`.

use super::renderer::{Renderer, category_view};
use crate::config::Language;
use crate::model::{ArticleId, JobKind};
use crate::search::text;
use serde_json::json;
use tera::Context;

/// Characters of a result's excerpt.
const EXCERPT_CHARS: usize = 160;

impl Renderer<'_> {
    /// The text of a search index file; `None` for every other job.
    pub(super) fn search_file(&self, job: &crate::model::Job) -> Option<String> {
        let text = match &job.kind {
            JobKind::SearchRoot {
                language,
                documents,
                average_length,
                shard_bits,
                bundle_bits,
            } => {
                let language = self.language(language);
                let categories: Vec<_> = self
                    .site
                    .config
                    .categories
                    .iter()
                    .map(|c| category_view(self.site, &c.key, language, &self.urls).label)
                    .collect();
                // The reference count and length are what the impacts assume; the browser
                // needs only the layout and the labels.
                json!({
                    "version": 2,
                    "documents": documents,
                    "average_length": average_length,
                    "shard_bits": shard_bits,
                    "bundle_bits": bundle_bits,
                    "categories": categories,
                })
                .to_string()
                    + "\n"
            }
            JobKind::SearchShard { terms, .. } => terms.to_string(),
            JobKind::SearchBundle { documents, .. } => {
                let cards: Vec<_> = documents
                    .iter()
                    .map(|(doc, id)| self.search_card(*doc, *id))
                    .collect();
                serde_json::Value::from(cards).to_string() + "\n"
            }
            _ => return None,
        };
        // Text from the content (a headline `<script>…`) never reaches the file as markup, even
        // where a host serves JSON as HTML; the script sets it as text.
        Some(
            text.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        )
    }

    /// A result as the bundle holds it: [id, headline, url, date shown, date, photo, excerpt].
    fn search_card(&self, doc: u32, id: ArticleId) -> serde_json::Value {
        let article = &self.site.articles[id];
        let card = self.card(id);
        let source = if article.summary.is_empty() {
            self.site.search_body_text(id)
        } else {
            article.summary.clone()
        };
        json!([
            doc,
            card.title,
            card.url,
            card.written.display,
            card.written.iso,
            // A raster photo's smallest variant (issue 12), else the photo as it is.
            card.thumbnail
                .as_ref()
                .map(|t| t.src.clone())
                .or_else(|| card.photo.as_ref().map(|p| p.src.clone()))
                .unwrap_or_default(),
            text::excerpt(&source, EXCERPT_CHARS),
        ])
    }

    /// The search page: where its index is, and the categories for its filter.
    pub(super) fn search_page(&self, language: &Language, context: &mut Context) {
        let code = language.code.as_str();
        let categories: Vec<_> = self
            .site
            .config
            .categories
            .iter()
            .enumerate()
            .map(|(index, c)| {
                let view = category_view(self.site, &c.key, language, &self.urls);
                json!({ "index": index, "label": view.label, "url": view.url })
            })
            .collect();
        context.insert("search_categories", &categories);
        context.insert(
            "search_index_url",
            &self.urls.site(&format!("{code}/search/")),
        );
    }
}
