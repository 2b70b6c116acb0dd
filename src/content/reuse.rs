//! Reading content with the help of an earlier build's readings (the build cache): a file whose
//! size and modification time are as before is not read at all, and one whose bytes hash as
//! before is not parsed again; its documents and warnings come from the earlier reading. A
//! reading is only reused while the static file its photo names still exists, so a missing photo
//! is reported as on the first reading.

use super::Document;
use super::document::{parse_document, read_bytes};
use super::{Article, Content, Page, PhotoSource, discover};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// When a content file last changed, as the file system tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&std::fs::metadata(path).ok()?)
    }

    pub fn from_metadata(metadata: &std::fs::Metadata) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        let modified_ns = match modified.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_nanos() as i128,
            Err(before) => -(before.duration().as_nanos() as i128),
        };
        Some(Stamp {
            len: metadata.len(),
            modified_ns,
        })
    }
}

/// What one content file gave when it was last read without errors.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileRecord {
    pub stamp: Stamp,
    /// Of the file's bytes.
    pub hash: u128,
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Diagnostic>,
}

/// A `FileRecord` made of borrowed documents, to store without copying them (it encodes the
/// same way).
#[derive(Debug, serde::Serialize)]
pub struct FileRecordRef<'a> {
    pub stamp: Stamp,
    pub hash: u128,
    pub articles: Vec<&'a Article>,
    pub pages: Vec<&'a Page>,
    pub warnings: &'a [Diagnostic],
}

/// Earlier readings of content files, by path relative to the site root.
pub trait Earlier: Sync {
    fn record(&self, relative: &Path) -> Option<FileRecord>;
}

/// How one content file was read by this build.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub relative: PathBuf,
    pub stamp: Option<Stamp>,
    pub hash: u128,
    /// Its documents came from the earlier reading.
    pub reused: bool,
    /// It had errors: nothing of it is kept.
    pub failed: bool,
    /// Reused, but its stamp changed (touched, or checked out again): the cache must learn it.
    pub restamped: bool,
    pub warnings: Vec<Diagnostic>,
}

impl FileRead {
    /// Whether the build cache must learn of this reading (a new reading, or a new stamp).
    pub fn is_news(&self) -> bool {
        !self.failed && (!self.reused || self.restamped) && self.stamp.is_some()
    }
}

/// Files read (in parallel) before `keep` sees them: the bodies of one batch are in memory at
/// a time, when `keep` stores and detaches them.
const FILES_PER_BATCH: usize = 1_024;

/// Reads every content file of the site like `load`, reusing `earlier` readings where the file
/// is unchanged. `static_files` are the paths below `static/` (photos are checked against them).
/// `keep` is given each batch of files as it is read, with what they gave, before the batch
/// joins the rest: there the build cache stores the new readings and drops their bodies from
/// memory.
pub fn load_reusing(
    root: &Path,
    config: &SiteConfig,
    earlier: Option<&dyn Earlier>,
    static_files: &HashSet<&str>,
    keep: &mut dyn FnMut(&mut Content, &[FileRead]),
    diagnostics: &mut Diagnostics,
) -> (Content, Vec<FileRead>) {
    let files = discover(root, config, diagnostics);
    let mut content = Content::default();
    let mut reads = Vec::with_capacity(files.len());
    // Nearly every file is a story: no room to spare in the largest vector of the build.
    content.articles.reserve_exact(files.len());
    for batch in files.chunks(FILES_PER_BATCH) {
        let results: Vec<(Vec<Document>, FileRead, Diagnostics)> = batch
            .par_iter()
            .map(|(relative, language)| {
                let known = earlier.and_then(|e| e.record(relative));
                read_one(root, relative, language, config, known, static_files)
            })
            .collect();
        let mut read_now = Content::default();
        let first_read = reads.len();
        for (documents, read, file_diagnostics) in results {
            diagnostics.extend(file_diagnostics);
            for document in documents {
                read_now.add(Some(document));
            }
            reads.push(read);
        }
        keep(&mut read_now, &reads[first_read..]);
        content.articles.append(&mut read_now.articles);
        content.pages.append(&mut read_now.pages);
    }
    content.articles.shrink_to_fit();
    (content, reads)
}

fn read_one(
    root: &Path,
    relative: &Path,
    language: &str,
    config: &SiteConfig,
    known: Option<FileRecord>,
    static_files: &HashSet<&str>,
) -> (Vec<Document>, FileRead, Diagnostics) {
    let path = root.join(relative);
    let stamp = Stamp::of(&path);
    let mut diagnostics = Diagnostics::new();
    let usable = known.filter(|record| photos_exist(record, static_files));
    let mut read = FileRead {
        relative: relative.to_path_buf(),
        stamp,
        hash: 0,
        reused: false,
        failed: false,
        restamped: false,
        warnings: Vec::new(),
    };
    let usable = match usable {
        Some(record) if stamp == Some(record.stamp) => return reuse(record, read, diagnostics),
        other => other,
    };
    let Some(bytes) = read_bytes(&path, relative, config, &mut diagnostics) else {
        read.failed = true;
        return (Vec::new(), read, diagnostics);
    };
    read.hash = crate::model::hash_bytes(&bytes);
    if let Some(record) = usable.filter(|r| r.hash == read.hash) {
        return reuse(record, read, diagnostics);
    }
    let document = parse_document(&bytes, root, relative, language, config, &mut diagnostics);
    read.failed = document.is_none() || diagnostics.has_errors();
    read.warnings = diagnostics.clone().sorted();
    (document.into_iter().collect(), read, diagnostics)
}

fn reuse(
    record: FileRecord,
    mut read: FileRead,
    mut diagnostics: Diagnostics,
) -> (Vec<Document>, FileRead, Diagnostics) {
    read.reused = true;
    read.restamped = read.stamp != Some(record.stamp);
    read.hash = record.hash;
    for warning in &record.warnings {
        diagnostics.add(warning.clone());
    }
    read.warnings = record.warnings;
    let documents = record
        .articles
        .into_iter()
        .map(|a| Document::Article(Box::new(a)))
        .chain(
            record
                .pages
                .into_iter()
                .map(|p| Document::Page(Box::new(p))),
        )
        .collect();
    (documents, read, diagnostics)
}

fn photos_exist(record: &FileRecord, static_files: &HashSet<&str>) -> bool {
    record.articles.iter().all(|article| match &article.photo {
        Some(photo) => match &photo.src {
            PhotoSource::Static(path) => static_files.contains(path.as_str()),
            PhotoSource::Remote(_) => true,
        },
        None => true,
    })
}
