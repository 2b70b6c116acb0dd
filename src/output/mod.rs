//! The only writer of the output folder.
//!
//! Rendered pages reach the disk through a `Sink`: the staging folder of a whole build (swapped in
//! with one rename, so a failed or killed build never leaves a half-written site: readers and the
//! web host see the previous build until the new one is complete), files replaced one by one in
//! place (the preview's partial rebuilds), or memory (`check`). This module also lists `static/`
//! and guards the output folder against replacing someone else's files.

mod owner;
mod patch;
mod sink;
mod staging;

pub use owner::{OwnerLock, is_owned, remove_stale_lock};
pub use patch::{Change, Patch};
pub use sink::{Hashing, InPlace, Memory, Sink};
pub use staging::Staging;

use crate::diagnostics::{Diagnostics, Location};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// A file of `static/`, copied as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Below `static/`, with `/` separators.
    pub relative: String,
    pub source: PathBuf,
    /// A short hash of the content, for cache-busting URLs.
    pub version: String,
    /// The whole hash of the content, to tell whether the published copy is current.
    pub hash: u128,
}

/// Lists `static/` (a missing folder is an empty one) and hashes each file.
pub fn list_static(root: &Path, diagnostics: &mut Diagnostics) -> Vec<StaticFile> {
    let dir = root.join(crate::content::STATIC_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => paths.push(entry.into_path()),
            Ok(_) => {}
            Err(err) => diagnostics.error(
                Location::file(
                    err.path()
                        .and_then(|p| p.strip_prefix(root).ok())
                        .unwrap_or(Path::new(crate::content::STATIC_DIR)),
                ),
                format!("cannot read this static file or folder: {err}"),
            ),
        }
    }
    let hashed: Vec<Result<StaticFile, (PathBuf, io::Error)>> = paths
        .into_par_iter()
        .map(|source| {
            let bytes = std::fs::read(&source).map_err(|e| (source.clone(), e))?;
            let relative = source
                .strip_prefix(&dir)
                .unwrap_or(&source)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Ok(StaticFile {
                relative,
                version: format!("{:08x}", fnv1a(&bytes) as u32),
                hash: crate::model::hash_bytes(&bytes),
                source,
            })
        })
        .collect();
    let mut files = Vec::new();
    for result in hashed {
        match result {
            Ok(file) => files.push(file),
            Err((path, err)) => diagnostics.error(
                Location::file(path.strip_prefix(root).unwrap_or(&path)),
                format!("cannot read this static file: {err}"),
            ),
        }
    }
    files
}

/// A stable, dependency-free hash: the same bytes give the same version on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Refuses output folders whose replacement would destroy the site itself.
pub fn check_output_folder(root: &Path, out: &Path) -> Result<(), String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_resolved = resolve_lexically(out);
    if root.starts_with(&out_resolved) {
        return Err(format!(
            "the output folder {} contains the site itself; choose a folder such as public/",
            out.display()
        ));
    }
    for source_dir in ["content", "templates", "static", "i18n"] {
        if out_resolved.starts_with(root.join(source_dir)) {
            return Err(format!(
                "the output folder {} is inside {source_dir}/; choose a folder outside the site's sources, such as public/",
                out.display()
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(format!(
            "the output path {} exists and is not a folder",
            out.display()
        ));
    }
    // A build replaces the whole folder: never a folder of someone else's files (a gh-pages
    // checkout with its .git, a docs/ folder), only an empty one or one newsroom wrote.
    if out.is_dir() && !out.join(MARKER).is_file() {
        let foreign = std::fs::read_dir(out)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if !foreign.is_empty() {
            let mut names: Vec<String> = foreign
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            names.sort();
            names.truncate(3);
            return Err(format!(
                "the output folder {} holds files newsroom did not write ({}, ...); a build replaces the whole folder, so choose an empty or new folder, or empty this one first",
                out.display(),
                names.join(", ")
            ));
        }
    }
    Ok(())
}

/// Written into every output folder, so a later build knows it may replace the folder.
pub const MARKER: &str = ".newsroom-output";
pub(crate) const MARKER_TEXT: &str =
    "This folder was written by `newsroom build`; every build replaces it whole.\n";

/// An absolute path with `.` and `..` removed, following symbolic links of the parts that exist.
fn resolve_lexically(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real;
    }
    let parent = absolute.parent().map(resolve_lexically);
    match (parent, absolute.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => absolute,
    }
}

/// An I/O error in an editor's words; a full disk is said plainly.
pub fn describe_write_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::StorageFull => "no space left on the disk".to_string(),
        io::ErrorKind::PermissionDenied => format!("{err} (check the folder's permissions)"),
        _ => err.to_string(),
    }
}

/// Every file below a folder (relative, with `/` separators), sorted; none when it does not
/// exist. Listed in the background while the build reads the site (the build holds the folder's
/// lock, so nothing else changes it meanwhile): on a large site, a hundred thousand folders take
/// about as long to list as the site takes to read from the cache. The walk is sequential, on
/// its own thread, so that it leaves the build's thread pool to the reading.
pub struct Listing(std::thread::JoinHandle<Vec<String>>);

impl Listing {
    pub fn start(out: &Path) -> Listing {
        let out = out.to_path_buf();
        Listing(std::thread::spawn(move || list_files(&out)))
    }

    pub fn files(self) -> Vec<String> {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

fn list_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let parts: Vec<String> = entry
                .path()
                .strip_prefix(out)
                .ok()?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    files.sort();
    files
}
