//! What planning reads of a story or page: its place in the site. An edit that keeps the place
//! (a new body, title, summary, author or photo) keeps every job as it was, so the preview swaps
//! the story in without assembling and planning the site again.

use super::*;
use std::collections::BTreeSet;

/// The fields of a story that decide which pages exist and which lists it is on.
#[derive(Debug, PartialEq, Eq)]
struct ArticlePlace<'a> {
    source: &'a Path,
    language: &'a str,
    category: &'a str,
    slug: &'a str,
    translation_key: &'a str,
    written: DateTime<FixedOffset>,
    updated: DateTime<FixedOffset>,
    tags: &'a [String],
    editor_pick: bool,
    draft: bool,
    aliases: &'a [String],
    /// Links to other stories are checked when the site is assembled, so a change to them is
    /// one of place.
    story_links: &'a [StoryLink],
    expires: Option<DateTime<FixedOffset>>,
    withdrawn: bool,
    /// Which author pages list the story.
    bylines: &'a [crate::content::Byline],
}

impl<'a> ArticlePlace<'a> {
    fn of(article: &'a Article) -> Self {
        // No `..`: a field added to `Article` fails to compile here until it is sorted into
        // "decides the place" or "only shown".
        let Article {
            source,
            language,
            category,
            slug,
            translation_key,
            written,
            updated,
            tags,
            editor_pick,
            draft,
            aliases,
            story_links,
            alias_lines: _,
            extra: _,
            expires,
            withdrawn,
            title: _,
            summary: _,
            author: _,
            bylines,
            photo: _,
            body: _,
            corrections: _,
            withdrawn_note: _,
            embeds: _,
        } = article;
        ArticlePlace {
            source,
            language,
            category,
            slug,
            translation_key,
            written: *written,
            updated: *updated,
            tags,
            editor_pick: *editor_pick,
            draft: *draft,
            aliases,
            story_links,
            expires: *expires,
            withdrawn: *withdrawn,
            bylines,
        }
    }
}

/// The fields of a standalone page that decide its address and its translations.
#[derive(Debug, PartialEq, Eq)]
struct PagePlace<'a> {
    source: &'a Path,
    language: &'a str,
    slug: &'a str,
    translation_key: &'a str,
    draft: bool,
    aliases: &'a [String],
    /// Links to other stories are checked when the site is assembled, so a change to them is
    /// one of place.
    story_links: &'a [StoryLink],
}

impl<'a> PagePlace<'a> {
    fn of(page: &'a Page) -> Self {
        let Page {
            source,
            language,
            slug,
            translation_key,
            draft,
            aliases,
            story_links,
            alias_lines: _,
            extra: _,
            title: _,
            summary: _,
            body_html: _,
            embeds: _,
        } = page;
        PagePlace {
            source,
            language,
            slug,
            translation_key,
            draft: *draft,
            aliases,
            story_links,
        }
    }
}

/// Whether every re-read file replaces a published document of the same place: the same lists,
/// the same pages. `sources` are the files read again; a deleted or failed one is never the same.
pub fn same_shape(site: &Site, fresh: &Content, sources: &BTreeSet<PathBuf>) -> bool {
    fresh.articles.len() + fresh.pages.len() == sources.len()
        && fresh.articles.iter().all(|new| {
            site.articles
                .iter()
                .find(|old| old.source == new.source)
                .is_some_and(|old| ArticlePlace::of(old) == ArticlePlace::of(new))
        })
        && fresh.pages.iter().all(|new| {
            site.pages
                .iter()
                .find(|old| old.source == new.source)
                .is_some_and(|old| PagePlace::of(old) == PagePlace::of(new))
        })
}
