//! Links of bodies to other stories by source file: each must name a story or page this build
//! publishes (or a story taken down, whose address remains); the URL of each published source is kept for rendering to fill the links in.

use super::*;

/// Every published story's and page's source, with its URL path below the site.
pub(super) fn published_paths(site: &Site) -> BTreeMap<PathBuf, String> {
    use rayon::prelude::*;
    let articles = (0..site.articles.len())
        .into_par_iter()
        .map(|id| (site.articles[id].source.clone(), site.article_path(id)));
    let pages = (0..site.pages.len())
        .into_par_iter()
        .map(|id| (site.pages[id].source.clone(), site.page_path(id)));
    // A story taken down keeps its address, which tells readers it is no longer available: a
    // link to it still leads there, and a takedown (or an expiry a cron build meets) does not
    // break the stories that cite it.
    let taken_down = (0..site.taken_down.len()).into_par_iter().map(|index| {
        (
            site.taken_down[index].source.clone(),
            site.taken_down_path(index),
        )
    });
    let mut paths: Vec<(PathBuf, String)> = articles.chain(pages).chain(taken_down).collect();
    // Sorted, the map is built in one pass; a stable sort keeps the last of equal sources last,
    // so it wins as it would collected in order.
    paths.par_sort_by(|a, b| a.0.cmp(&b.0));
    paths.into_iter().collect()
}

/// A link to a file that is read but not published, or is not a story at all, is an error at its
/// line and column. (A link to a file that does not exist was reported when the file was read.)
pub(super) fn check(site: &Site, diagnostics: &mut Diagnostics) {
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
            let why = match site.left_out.reason_for(&link.target) {
                Some(LeftOutReason::Draft) => format!(
                    "the link to {target} names a draft, which this build leaves out; publish it (remove 'draft: true'), or build with --drafts"
                ),
                Some(LeftOutReason::Scheduled(at)) => format!(
                    "the link to {target} names a story dated after now ({}), which this build leaves out; link to it once it appears, or build with --future",
                    at.format("%Y-%m-%d %H:%M %:z")
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
