//! Which process owns a working folder (a build's staging folder, a preview folder): the owner
//! holds an exclusive lock on a file beside it for as long as it runs. The operating system drops
//! the lock when the process ends, however it ends, so a leftover folder whose lock can be taken
//! is one to clean up. Unlike looking up a process id (`/proc` exists on Linux only, and ids are
//! reused), this works on every system Rust's file locks support.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Held while the folder it names is in use; dropping it releases the lock and removes its file.
#[derive(Debug)]
pub struct OwnerLock {
    file: Option<File>,
    path: PathBuf,
}

impl OwnerLock {
    /// Takes the lock of `folder` (the file `folder` + `.lock`), creating its file.
    pub fn acquire(folder: &Path) -> io::Result<OwnerLock> {
        let path = lock_path(folder);
        // A cleaner removing a stale lock file holds its lock while it unlinks it: the file
        // opened here may be that one, so try again with the new file the path then names.
        for _ in 0..3 {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) if path.exists() => {
                    return Ok(OwnerLock {
                        file: Some(file),
                        path,
                    });
                }
                Ok(()) | Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Error(err)) => return Err(err),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            format!("{} is in use by another process", folder.display()),
        ))
    }
}

impl OwnerLock {
    /// Takes the lock of `folder`, waiting for its owner to let go if there is one (after
    /// calling `on_wait` once).
    pub fn wait(folder: &Path, on_wait: impl FnOnce()) -> io::Result<OwnerLock> {
        match OwnerLock::acquire(folder) {
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
            taken => return taken,
        }
        on_wait();
        let path = lock_path(folder);
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            file.lock()?;
            // The owner removes its lock file as it lets go: hold the file the path names now.
            if path.exists() && same_file(&file, &path) {
                return Ok(OwnerLock {
                    file: Some(file),
                    path,
                });
            }
        }
    }
}

/// Whether `path` still names the open `file` (it may have been removed and created anew).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl Drop for OwnerLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other process can take an orphaned lock file for a
        // live folder in between.
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// Whether a live process holds the lock of `folder`. A folder without a lock file has no owner.
pub fn is_owned(folder: &Path) -> bool {
    let Ok(file) = File::open(lock_path(folder)) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

/// Removes the lock file of a folder whose owner is gone; one that is held stays.
pub fn remove_stale_lock(folder: &Path) {
    let path = lock_path(folder);
    if let Ok(file) = OpenOptions::new().write(true).open(&path)
        && file.try_lock().is_ok()
    {
        let _ = std::fs::remove_file(&path);
    }
}

/// `.public.lock` for `public`: hidden, beside the folder, never inside it (the folder may be
/// replaced whole).
fn lock_path(folder: &Path) -> PathBuf {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    if name.starts_with('.') {
        folder.with_file_name(format!("{name}.lock"))
    } else {
        folder.with_file_name(format!(".{name}.lock"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_owned_while_its_lock_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("work");
        assert!(!is_owned(&folder), "no lock file: no owner");
        let lock = OwnerLock::acquire(&folder).unwrap();
        assert!(is_owned(&folder));
        assert!(OwnerLock::acquire(&folder).is_err(), "one owner at a time");
        drop(lock);
        assert!(!is_owned(&folder));
        assert!(!dir.path().join(".work.lock").exists());
    }
}
