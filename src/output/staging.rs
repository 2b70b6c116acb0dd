//! A whole build being written: a staging folder beside the output folder, swapped in when
//! complete. A staging folder left by a killed build is removed by the next build; its owner's
//! lock (`OwnerLock`) tells a leftover from a build still running.

use super::{MARKER, MARKER_TEXT, OwnerLock, Sink, StaticFile, is_owned, remove_stale_lock};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// A build being written: a staging folder beside the output folder, swapped in by `commit`.
/// Dropped without a commit (a failed build), it removes itself and the output stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// Says "this build is running" to other builds cleaning up leftovers.
    _owner: OwnerLock,
}

/// A new, empty staging folder beside `out` (its target where `out` is a symbolic link), with
/// the leftovers of killed builds cleaned up first.
pub(super) struct StagingDir {
    pub(super) dir: PathBuf,
    /// The output folder, resolved.
    pub(super) out: PathBuf,
    pub(super) parent: PathBuf,
    pub(super) name: String,
    pub(super) owner: OwnerLock,
}

impl StagingDir {
    pub(super) fn create(out: &Path) -> io::Result<StagingDir> {
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
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let owner = OwnerLock::acquire(&dir)?;
        recover_and_clean(&parent, &name, out)?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(StagingDir {
            dir,
            out: out.to_path_buf(),
            parent,
            name,
            owner,
        })
    }
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        let staging = StagingDir::create(out)?;
        Ok(Staging {
            dir: staging.dir,
            out: staging.out,
            parent: staging.parent,
            name: staging.name,
            committed: false,
            _owner: staging.owner,
        })
    }

    /// Copies the static files, then swaps the staging folder in place of the output folder.
    pub fn commit(mut self, static_files: &[StaticFile]) -> io::Result<()> {
        copy_static(&self.dir, static_files)?;
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        swap_in(&self.dir, &self.out, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()> {
        let path = self.dir.join(file);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(path, bytes)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn copy_static(staging: &Path, static_files: &[StaticFile]) -> io::Result<()> {
    // Folders first, in order, so the parallel copies below never race to create them.
    let mut folders: Vec<&Path> = static_files
        .iter()
        .filter_map(|file| Path::new(&file.relative).parent())
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(staging.join(folder))?;
    }
    static_files
        .par_iter()
        .try_for_each(|file| std::fs::copy(&file.source, staging.join(&file.relative)).map(|_| ()))
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
        if let Some(folder) = file_name.strip_suffix(".lock") {
            // The lock of a build killed after its folder was swapped in or removed.
            let folder = parent.join(folder);
            if !folder.exists() {
                remove_stale_lock(&folder);
            }
            continue;
        }
        // `.public.old-123` belongs to the build that staged `.public.staging-123`.
        let Some(pid) = file_name.rsplit('-').next() else {
            continue;
        };
        let owner = parent.join(format!("{staging_prefix}{pid}"));
        if pid == std::process::id().to_string() || is_owned(&owner) {
            continue;
        }
        if !path.is_dir() {
            continue;
        }
        if file_name.starts_with(&old_prefix) && !out.exists() {
            std::fs::rename(&path, out)?;
        } else {
            std::fs::remove_dir_all(&path)?;
        }
        remove_stale_lock(&owner);
    }
    Ok(())
}
