//! Storing this build's readings of content files in the build cache as they are read, a batch
//! at a time, and then dropping the stored bodies from memory: a large archive's bodies never
//! are in memory all at once. Pages read them back from the cache (`Site::body_html`).

use crate::cache::Cache;
use crate::content::{self, FileRead, FileRecordRef};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::StoredBodiesRef;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub(super) struct Readings<'a> {
    cache: &'a Cache,
    /// The first error storing a batch; from then on bodies stay in memory.
    failed: Option<String>,
}

impl<'a> Readings<'a> {
    /// `replace_all`: the cache's earlier readings are not valid for this build.
    pub(super) fn begin(cache: &'a Cache, replace_all: bool) -> Readings<'a> {
        let failed = cache
            .begin_readings(replace_all)
            .err()
            .map(|e| e.to_string());
        Readings { cache, failed }
    }

    /// Stores the batch's new readings, then drops from memory the bodies the cache now holds.
    pub(super) fn store(&mut self, batch: &mut content::Content, reads: &[FileRead]) {
        if self.failed.is_some() {
            return;
        }
        if let Err(err) = self.cache.store_readings(&records(batch, reads)) {
            self.failed = Some(err.to_string());
            return;
        }
        for article in &mut batch.articles {
            article.body.detach();
        }
    }

    /// Forgets the files that are gone and opens the stored bodies for the pages; a failure is
    /// one warning (the next build reads everything again).
    pub(super) fn end(
        mut self,
        sources: Option<&crate::cache::Sources>,
        reads: &[FileRead],
        diagnostics: &mut Diagnostics,
    ) -> Option<StoredBodiesRef> {
        // By bytes: both come from one walk of `content/`, and a path's own hash parses it.
        let read_now: HashSet<&OsStr> = reads.iter().map(|r| r.relative.as_os_str()).collect();
        let gone: Vec<PathBuf> = sources
            .map(|s| {
                s.paths()
                    .filter(|p| !read_now.contains(p.as_os_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        if self.failed.is_none()
            && let Err(err) = self.cache.end_readings(&gone)
        {
            self.failed = Some(err.to_string());
        }
        if let Some(err) = &self.failed {
            diagnostics.warning(
                Location::file(".newsroom"),
                format!("cannot store the readings in the build cache ({err})"),
            );
        }
        // Bodies stored before a failure were dropped from memory: they are read back all the same.
        match self.cache.bodies() {
            Ok(bodies) => Some(StoredBodiesRef::new(Box::new(bodies))),
            Err(err) => {
                diagnostics.warning(
                    Location::file(".newsroom"),
                    format!("cannot read the stories' bodies from the build cache ({err})"),
                );
                None
            }
        }
    }
}

/// The batch's readings the cache lacks (new ones, and new stamps), in path order.
fn records<'b>(
    batch: &'b content::Content,
    reads: &'b [FileRead],
) -> Vec<(&'b Path, FileRecordRef<'b>)> {
    let mut records: HashMap<&Path, FileRecordRef> = reads
        .iter()
        .filter(|read| read.is_news())
        .filter_map(|read| {
            let record = FileRecordRef {
                stamp: read.stamp?,
                hash: read.hash,
                articles: Vec::new(),
                pages: Vec::new(),
                warnings: &read.warnings,
            };
            Some((read.relative.as_path(), record))
        })
        .collect();
    if records.is_empty() {
        return Vec::new();
    }
    for article in &batch.articles {
        if let Some(record) = records.get_mut(article.source.as_path()) {
            record.articles.push(article);
        }
    }
    for page in &batch.pages {
        if let Some(record) = records.get_mut(page.source.as_path()) {
            record.pages.push(page);
        }
    }
    let mut records: Vec<(&Path, FileRecordRef)> = records.into_iter().collect();
    records.sort_by(|a, b| a.0.cmp(b.0));
    records
}
