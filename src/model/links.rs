//! Links of bodies to other stories by source file: each must name a story or page this build
//! publishes; the URL of each published source is kept for rendering to fill the links in.

use super::*;

/// Why a source file the build read is not published.
pub(super) fn unpublished(content: &Content, selection: Selection) -> BTreeMap<PathBuf, String> {
    let mut reasons = BTreeMap::new();
    for article in &content.articles {
        if article.draft && !selection.drafts {
            reasons.insert(
                article.source.clone(),
                "a draft (it is published when 'draft: true' is removed, or with --drafts)"
                    .to_string(),
            );
        } else if is_future(article, selection) && !selection.future {
            reasons.insert(
                article.source.clone(),
                format!(
                    "dated after now ({}; it appears then, or with --future)",
                    article.written.to_rfc3339()
                ),
            );
        }
    }
    for page in content
        .pages
        .iter()
        .filter(|p| p.draft && !selection.drafts)
    {
        reasons.insert(
            page.source.clone(),
            "a draft page (it is published when 'draft: true' is removed, or with --drafts)"
                .to_string(),
        );
    }
    reasons
}

/// Every published story's and page's source, with its URL path below the site.
pub(super) fn published_paths(site: &Site) -> BTreeMap<PathBuf, String> {
    let articles = (0..site.articles.len())
        .map(|id| (site.articles[id].source.clone(), site.article_path(id)));
    let pages = (0..site.pages.len()).map(|id| (site.pages[id].source.clone(), site.page_path(id)));
    articles.chain(pages).collect()
}

/// A link to a file that is read but not published, or is not a story at all, is an error at its
/// line and column. (A link to a file that does not exist was reported when the file was read.)
pub(super) fn check(
    site: &Site,
    unpublished: &BTreeMap<PathBuf, String>,
    diagnostics: &mut Diagnostics,
) {
    let bodies = site
        .articles
        .iter()
        .map(|a| (&a.source, &a.story_links))
        .chain(site.pages.iter().map(|p| (&p.source, &p.story_links)));
    for (source, links) in bodies {
        for link in links
            .iter()
            .filter(|l| !site.story_paths.contains_key(&l.target))
        {
            let target = display_path(&link.target);
            let why = match unpublished.get(&link.target) {
                Some(reason) => format!(
                    "the link to {target} names a story this build leaves out: it is {reason}"
                ),
                None => format!(
                    "the link to {target} names a file that is not a story of the site (it was left out or has errors)"
                ),
            };
            diagnostics.error(
                Location {
                    path: source.clone(),
                    line: Some(link.line),
                    column: Some(link.column),
                },
                why,
            );
        }
    }
}
