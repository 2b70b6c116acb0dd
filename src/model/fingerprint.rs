//! Fingerprints of what each page shows: a hash of every input its bytes depend on, so that a
//! build renders again only the pages whose fingerprint changed since the last one, and the
//! preview server and `newsroom build` agree on which pages a change touches.
//!
//! A page's fingerprint covers the site-wide inputs (templates, `site.yaml`, `i18n/`, the static
//! files' versions, newsroom itself: one hash given by the caller), its own job, the stories it
//! shows (by their content, never by id: ids shift when a story is added), and where it is in the
//! other languages (the switcher and hreflang). Stories count in two ways: a list shows a story's
//! card (every field but the body), an article page and a feed show the whole story.

use super::*;
use crate::content::{Photo, PhotoSource};
use rayon::prelude::*;
use std::hash::Hash;
use xxhash_rust::xxh3::Xxh3;

/// What a page's bytes depend on. Article pages keep their editor's picks apart, so that the
/// preview can render the pages whose only change is the picks box after the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    pub page: u128,
    pub picks: u128,
}

/// A 128-bit hash of some bytes: output files are compared by it.
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The stories' hashes, worked out once per build.
struct StoryHashes {
    /// Every field a card shows: all but the body.
    card: Vec<u128>,
    /// The whole story.
    full: Vec<u128>,
    pages: Vec<u128>,
    /// What every HTML page may show of the standalone pages (`pages`, `menus` in templates):
    /// their keys, titles and addresses.
    page_links: u128,
}

impl Site {
    /// The fingerprint of each job, in the jobs' order. `inputs` is the hash of the site-wide
    /// inputs.
    pub fn fingerprints(&self, jobs: &[Job], inputs: u128) -> Vec<Fingerprint> {
        let stories = StoryHashes {
            card: self.articles.par_iter().map(card_hash).collect(),
            full: self
                .articles
                .par_iter()
                .map(|article| full_hash(article, &self.link_targets(&article.story_links)))
                .collect(),
            pages: self
                .pages
                .par_iter()
                .map(|page| page_hash(page, &self.link_targets(&page.story_links)))
                .collect(),
            page_links: self.page_links_hash(),
        };
        jobs.par_iter()
            .map(|job| self.fingerprint(job, inputs, &stories))
            .collect()
    }

    fn fingerprint(&self, job: &Job, inputs: u128, stories: &StoryHashes) -> Fingerprint {
        let mut hasher = Xxh3::new();
        // A variant depends on its key alone (the source's bytes, the settings, the encoders), so
        // a template or stylesheet edit leaves every photo alone.
        if !matches!(job.kind, JobKind::Variant { .. }) {
            inputs.hash(&mut hasher);
        }
        job.path.hash(&mut hasher);
        let picks = self.hash_kind(&job.kind, &mut hasher, stories);
        if job.kind.template().is_some() {
            stories.page_links.hash(&mut hasher);
            // The language switcher and hreflang links.
            for version in self.versions(job) {
                (&version.language, &version.path, version.translated).hash(&mut hasher);
            }
        }
        Fingerprint {
            page: hasher.digest128(),
            picks,
        }
    }

    fn page_links_hash(&self) -> u128 {
        let mut hasher = Xxh3::new();
        for (key, versions) in &self.page_translations {
            for (language, id) in versions {
                let page = &self.pages[*id];
                (key, language, &page.title, self.story_path(&page.source)).hash(&mut hasher);
            }
        }
        hasher.digest128()
    }

    /// Hashes what the kind of page shows; returns the hash of an article page's picks box
    /// (0 for other pages).
    fn hash_kind(&self, kind: &JobKind, hasher: &mut Xxh3, stories: &StoryHashes) -> u128 {
        let cards = |hasher: &mut Xxh3, ids: &[ArticleId]| {
            ids.len().hash(hasher);
            ids.iter().for_each(|id| stories.card[*id].hash(hasher));
        };
        let whole = |hasher: &mut Xxh3, ids: &[ArticleId]| {
            ids.len().hash(hasher);
            ids.iter().for_each(|id| stories.full[*id].hash(hasher));
        };
        let mut picks = 0;
        match kind {
            JobKind::Root => 0.hash(hasher),
            JobKind::NotFound => 1.hash(hasher),
            JobKind::LanguageNotFound { language } => (18, language).hash(hasher),
            JobKind::Front { language } => {
                2.hash(hasher);
                let front = self.front_page(language);
                cards(hasher, &front.latest);
                for (category, ids) in &front.sections {
                    category.hash(hasher);
                    cards(hasher, ids);
                }
                cards(hasher, &front.picks);
            }
            JobKind::Category {
                language,
                category,
                position,
                articles,
            } => {
                (3, language, category, position).hash(hasher);
                cards(hasher, articles);
            }
            JobKind::Article(id) => {
                4.hash(hasher);
                stories.full[*id].hash(hasher);
                cards(hasher, self.related(*id));
                let mut picks_hasher = Xxh3::new();
                let language = &self.articles[*id].language;
                cards(&mut picks_hasher, &self.editor_picks(language, Some(*id)));
                picks = picks_hasher.digest128();
            }
            JobKind::Page(id) => (5, stories.pages[*id]).hash(hasher),
            JobKind::TagIndex { language, tags } => (6, language, tags).hash(hasher),
            JobKind::Tag {
                language,
                tag,
                position,
                total_articles,
                articles,
            } => {
                (7, language, tag, position, total_articles).hash(hasher);
                cards(hasher, articles);
            }
            JobKind::ArchiveIndex { language, months } => (8, language, months).hash(hasher),
            JobKind::Archive {
                language,
                year,
                month,
                articles,
            } => {
                (9, language, year, month).hash(hasher);
                cards(hasher, articles);
            }
            JobKind::Feed {
                format,
                language,
                category,
                articles,
            } => {
                (10, format, language, category).hash(hasher);
                whole(hasher, articles);
            }
            JobKind::SitemapIndex { sitemaps } => (11, sitemaps).hash(hasher),
            JobKind::Sitemap { entries } => (12, entries).hash(hasher),
            JobKind::NewsSitemap { articles } => {
                13.hash(hasher);
                whole(hasher, articles);
            }
            JobKind::Robots { sitemaps } => (14, sitemaps).hash(hasher),
            JobKind::Redirects { rules, languages } => (15, rules, languages).hash(hasher),
            JobKind::Alias { target, .. } => (16, target).hash(hasher),
            JobKind::Variant { source, index } => {
                let key = self.photos.get(source).map(|set| set.variants[*index].key);
                (19, key).hash(hasher);
            }
            JobKind::TakenDown(index) => (17, card_hash(&self.taken_down[*index])).hash(hasher),
            JobKind::Search { language } => (19, language).hash(hasher),
            JobKind::SearchRoot {
                language,
                documents,
                average_length,
                shard_bits,
                bundle_bits,
            } => (
                20,
                language,
                documents,
                average_length,
                shard_bits,
                bundle_bits,
            )
                .hash(hasher),
            JobKind::SearchShard { language, terms } => (21, language, terms).hash(hasher),
            JobKind::SearchBundle {
                language,
                documents,
            } => {
                (22, language).hash(hasher);
                documents.len().hash(hasher);
                for (doc, id) in documents {
                    // The excerpt comes from the body, so the whole story counts.
                    (doc, stories.full[*id]).hash(hasher);
                }
            }
            JobKind::Author {
                language,
                author,
                position,
                articles,
            } => {
                (18, language, author, position).hash(hasher);
                cards(hasher, articles);
            }
        }
        picks
    }
}

fn card_hash(article: &Article) -> u128 {
    // No `..`: a field added to `Article` fails to compile here until it is hashed.
    let Article {
        source,
        language,
        category,
        title,
        slug,
        translation_key,
        written,
        updated,
        summary,
        author,
        photo,
        tags,
        editor_pick,
        draft,
        aliases,
        alias_lines: _,
        extra,
        body: _,
        story_links: _,
        bylines,
        corrections,
        expires,
        withdrawn,
        withdrawn_note,
        embeds: _,
    } = article;
    let mut hasher = Xxh3::new();
    (source, language, category, title, slug, translation_key).hash(&mut hasher);
    (
        written,
        updated,
        summary,
        author,
        tags,
        editor_pick,
        draft,
        aliases,
    )
        .hash(&mut hasher);
    (bylines, corrections, expires, withdrawn, withdrawn_note).hash(&mut hasher);
    hash_photo(photo.as_deref(), &mut hasher);
    extra.to_string().hash(&mut hasher);
    hasher.digest128()
}

/// The body and, for its links to other stories, where they lead now: a story whose linked
/// story moved is rendered again.
fn full_hash(article: &Article, link_targets: &[Option<&str>]) -> u128 {
    let mut hasher = Xxh3::new();
    (
        card_hash(article),
        article.body.hash,
        &article.story_links,
        link_targets,
        &article.embeds,
    )
        .hash(&mut hasher);
    hasher.digest128()
}

impl Site {
    /// The URL path each link leads to in this site.
    fn link_targets(&self, links: &[crate::content::StoryLink]) -> Vec<Option<&str>> {
        links
            .iter()
            .map(|link| self.story_path(&link.target))
            .collect()
    }
}

fn page_hash(page: &Page, link_targets: &[Option<&str>]) -> u128 {
    let Page {
        source,
        language,
        title,
        slug,
        translation_key,
        summary,
        draft,
        aliases,
        alias_lines: _,
        extra,
        body_html,
        story_links,
        embeds,
    } = page;
    let mut hasher = Xxh3::new();
    (source, language, title, slug, translation_key, summary).hash(&mut hasher);
    (draft, aliases, body_html, story_links, link_targets, embeds).hash(&mut hasher);
    extra.to_string().hash(&mut hasher);
    hasher.digest128()
}

fn hash_photo(photo: Option<&Photo>, hasher: &mut Xxh3) {
    let Some(Photo {
        src,
        alt,
        caption,
        credit,
        width,
        height,
    }) = photo
    else {
        0u8.hash(hasher);
        return;
    };
    match src {
        PhotoSource::Static(path) => (1u8, path).hash(hasher),
        PhotoSource::Remote(url) => (2u8, url).hash(hasher),
    }
    (alt, caption, credit, width, height).hash(hasher);
}
