//! An incremental build's changes to a live output folder. The files whose bytes changed are
//! written into a staging folder beside it first, so a build that fails changes nothing; then
//! they are moved into place one by one, each with one rename, so neither a reader nor a killed
//! build ever sees half a file. Files whose bytes are as before are not touched at all: they keep
//! their inode and modification time, and `rsync` or an object-store sync sees only what changed.

use super::staging::StagingDir;
use super::{OwnerLock, Sink, StaticFile};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One file of the output that a build changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Written: new, or with other bytes than before.
    Written(String),
    Removed(String),
}

/// The hash of a published file's bytes as it is now, where it exists.
pub type Previous<'a> = dyn Fn(&str) -> Option<u128> + Sync + 'a;

/// A sink for the pages of an incremental build, and the changes it then makes to the output.
pub struct Patch<'a> {
    dir: PathBuf,
    out: PathBuf,
    previous: &'a Previous<'a>,
    /// Every file passed through: (file, hash of its bytes, whether they differ from before).
    files: Mutex<Vec<(String, u128, bool)>>,
    applied: bool,
    _owner: OwnerLock,
}

impl<'a> Patch<'a> {
    pub fn create(out: &Path, previous: &'a Previous<'a>) -> io::Result<Patch<'a>> {
        let staging = StagingDir::create(out)?;
        Ok(Patch {
            dir: staging.dir,
            out: staging.out,
            previous,
            files: Mutex::new(Vec::new()),
            applied: false,
            _owner: staging.owner,
        })
    }

    /// Every file rendered into this patch with the hash of its bytes, changed or not.
    pub fn hashes(&self) -> Vec<(String, u128)> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.iter().map(|(f, h, _)| (f.clone(), *h)).collect()
    }

    /// Moves the changed pages into place, copies the given static files and removes the files
    /// that are gone. Returns what changed, sorted.
    pub fn apply(mut self, statics: &[&StaticFile], gone: &[String]) -> io::Result<Vec<Change>> {
        let mut changes = Vec::new();
        let mut files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort();
        for (file, _, changed) in &files {
            if *changed {
                let target = self.out.join(file);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::rename(self.dir.join(file), &target)?;
                changes.push(Change::Written(file.clone()));
            }
        }
        for file in statics {
            let place = super::InPlace::new(&self.out);
            place.copy(&file.source, &file.relative)?;
            changes.push(Change::Written(file.relative.clone()));
        }
        for file in gone {
            let target = self.out.join(file);
            match std::fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(&self.out, &target),
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
            changes.push(Change::Removed(file.clone()));
        }
        self.applied = true;
        changes.sort();
        Ok(changes)
    }
}

/// Folders left empty by a removed page go too, as a clean build would not have them.
fn remove_empty_parents(out: &Path, removed: &Path) {
    let mut folder = removed.parent();
    while let Some(current) = folder {
        if current == out || !current.starts_with(out) || std::fs::remove_dir(current).is_err() {
            break;
        }
        folder = current.parent();
    }
}

impl Sink for Patch<'_> {
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()> {
        let hash = crate::model::hash_bytes(&bytes);
        let changed = (self.previous)(file) != Some(hash);
        if changed {
            let path = self.dir.join(file);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(path, bytes)?;
        }
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((
            file.to_string(),
            hash,
            changed,
        ));
        Ok(())
    }
}

impl Drop for Patch<'_> {
    fn drop(&mut self) {
        // Applied or not, what is left in the staging folder is of no use.
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = self.applied;
    }
}
