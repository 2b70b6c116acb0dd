//! The only writer of the output folder.
//!
//! A build is written whole into a staging folder beside the output folder, then swapped in with one
//! rename, so a failed or killed build never leaves a half-written site: readers and the web host
//! see the previous build until the new one is complete.

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
const MARKER_TEXT: &str =
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
/// A build being written: a staging folder beside the output folder, swapped in by `commit`.
/// Dropped without a commit (a failed build), it removes itself and the output stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        // An output folder that is a symbolic link (public -> /var/www/html) is replaced where it
        // points, and the link stays.
        let resolved;
        let out = if out.is_symlink() {
            resolved = std::fs::canonicalize(out)?;
            resolved.as_path()
        } else {
            out
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        recover_and_clean(&parent, &name, out)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            parent,
            name,
            committed: false,
        })
    }

    /// Writes one page; safe to call from several threads at once (for different files).
    pub fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(file);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies the static files, then swaps the staging folder in place of the output folder.
    pub fn commit(mut self, static_files: &[StaticFile]) -> io::Result<()> {
        write_all(&self.dir, &[], static_files)?;
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        swap_in(&self.dir, &self.out, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_all(
    staging: &Path,
    pages: &[(String, Vec<u8>)],
    static_files: &[StaticFile],
) -> io::Result<()> {
    // Folders first, in order, so the parallel writes below never race to create them.
    let mut folders: Vec<PathBuf> = pages
        .iter()
        .map(|(file, _)| file.as_str())
        .chain(static_files.iter().map(|f| f.relative.as_str()))
        .filter_map(|file| Path::new(file).parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(staging.join(folder))?;
    }
    static_files.par_iter().try_for_each(|file| {
        std::fs::copy(&file.source, staging.join(&file.relative)).map(|_| ())
    })?;
    pages
        .par_iter()
        .try_for_each(|(file, bytes)| std::fs::write(staging.join(file), bytes))
}

/// Replaces `out` with `staging` in one step where the system allows it (Linux: an atomic exchange),
/// else with two renames whose gap `recover_and_clean` repairs on the next build.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous build.
        return std::fs::remove_dir_all(staging);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(out, &old)?;
    if let Err(err) = std::fs::rename(staging, out) {
        std::fs::rename(&old, out)?;
        return Err(err);
    }
    std::fs::remove_dir_all(&old)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both arguments are valid NUL-terminated paths that live across the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// Removes staging folders of builds that were killed, and puts back a previous build that a kill
/// between two renames left aside.
fn recover_and_clean(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok().map(|n| (n, e.path())))
        .filter(|(n, _)| n.starts_with(&staging_prefix) || n.starts_with(&old_prefix))
        .collect();
    leftovers.sort();
    for (file_name, path) in leftovers {
        let pid = file_name
            .rsplit('-')
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(is_running) {
            continue;
        }
        if file_name.starts_with(&old_prefix) && !out.exists() {
            std::fs::rename(&path, out)?;
        } else {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Whether another build process still owns a staging folder (our own never counts).
fn is_running(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
}
