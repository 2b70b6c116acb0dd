//! The no-op build: when no file the site is made of has changed since the last good build, and
//! no moment has passed that changes pages by itself, there is nothing to read, render or write.
//!
//! A snapshot is what the last good build saw of its inputs, told as cheaply as a walk of the
//! site's folders can: every file's path, size and modification time below `content/`,
//! `templates/`, `i18n/` and `static/`, with `site.yaml`, the options and newsroom itself. The same
//! stamps decide whether a content file is read again, so a snapshot trusts them no more than an
//! incremental build does.

use super::BuildOptions;
use crate::config::I18N_DIR;
use crate::content::{CONTENT_DIR, STATIC_DIR, Stamp};
use crate::render::TEMPLATES_DIR;
use rayon::prelude::*;
use std::hash::Hash;
use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

/// The hash of everything a build reads, by stamp: the site's folders, `site.yaml` and the
/// options (within `content_inputs`), the output folder and the selection.
pub fn inputs_digest(options: &BuildOptions, content_inputs: u128, out: &Path) -> u128 {
    let mut hasher = Xxh3::new();
    content_inputs.hash(&mut hasher);
    out.hash(&mut hasher);
    (options.selection.drafts, options.selection.future).hash(&mut hasher);
    for folder in [CONTENT_DIR, TEMPLATES_DIR, I18N_DIR, STATIC_DIR] {
        folder.hash(&mut hasher);
        stamp_folder(&options.root.join(folder), &mut hasher);
    }
    hasher.digest128()
}

/// Folders this deep below a site folder (a language's sections, in `content/`) are stamped in
/// parallel: a large site's content is a hundred thousand files, and stamping them is mostly
/// waiting on the file system.
const SPLIT_DEPTH: usize = 2;

/// Every entry below `folder`, in name order: its path, kind and stamp, with each folder at
/// `SPLIT_DEPTH` hashed on its own and its hash added after the rest. An entry that cannot be
/// read hashes as its error, so the next build looks at it properly.
fn stamp_folder(folder: &Path, hasher: &mut Xxh3) {
    let mut subtrees = Vec::new();
    for entry in walker(folder).max_depth(SPLIT_DEPTH) {
        if let Ok(entry) = &entry
            && entry.depth() == SPLIT_DEPTH
            && entry.file_type().is_dir()
        {
            subtrees.push(entry.path().to_path_buf());
        }
        stamp_entry(folder, entry, hasher);
    }
    let digests: Vec<u128> = subtrees
        .par_iter()
        .map(|subtree| {
            let mut hasher = Xxh3::new();
            for entry in walker(subtree).min_depth(1) {
                stamp_entry(subtree, entry, &mut hasher);
            }
            hasher.digest128()
        })
        .collect();
    digests.hash(hasher);
}

fn walker(folder: &Path) -> walkdir::WalkDir {
    walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
}

fn stamp_entry(folder: &Path, entry: walkdir::Result<walkdir::DirEntry>, hasher: &mut Xxh3) {
    match entry {
        Ok(entry) => {
            let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            (relative, entry.file_type().is_dir()).hash(hasher);
            if entry.file_type().is_file() {
                let metadata = entry.metadata().ok();
                metadata.and_then(|m| Stamp::from_metadata(&m)).hash(hasher);
            }
        }
        Err(err) => err.to_string().hash(hasher),
    }
}
