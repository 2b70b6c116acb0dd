//! Where rendered files go. `pipeline::render_into` renders jobs in parallel and hands each
//! file to one `Sink`; which sink decides whether the pages land in a staging folder, in place in
//! a live folder, or in memory.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Receives the rendered files of a build, from several threads at once (never the same file
/// twice).
pub trait Sink: Sync {
    /// `file` is relative to the output folder, with `/` separators.
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()>;
}

/// Keeps every file in memory, for `check`, which reads the pages and writes nothing.
#[derive(Debug, Default)]
pub struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Memory {
    /// The files, sorted by path, so that what is read from them comes in a stable order.
    pub fn into_sorted(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Sink for Memory {
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.to_string(), bytes));
        Ok(())
    }
}

/// Replaces files of a live folder one by one: each is written beside its place and renamed
/// there, so a reader never sees half a file. For the preview's partial rebuilds.
#[derive(Debug)]
pub struct InPlace {
    out: PathBuf,
}

impl InPlace {
    pub fn new(out: &Path) -> Self {
        InPlace {
            out: out.to_path_buf(),
        }
    }

    /// Removes a file the site no longer has; one already gone is no error.
    pub fn remove(&self, file: &str) -> io::Result<()> {
        match std::fs::remove_file(self.out.join(file)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    /// Copies a file into place the same way (a changed static file).
    pub fn copy(&self, source: &Path, file: &str) -> io::Result<()> {
        self.replace(file, |temporary| {
            std::fs::copy(source, temporary).map(|_| ())
        })
    }

    fn replace(&self, file: &str, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        let target = self.out.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".newsroom-{}.tmp", std::process::id()));
        let temporary = target.with_file_name(name);
        if let Err(err) = fill(&temporary).and_then(|()| std::fs::rename(&temporary, &target)) {
            let _ = std::fs::remove_file(&temporary);
            return Err(err);
        }
        Ok(())
    }
}

impl Sink for InPlace {
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.replace(file, |temporary| std::fs::write(temporary, &bytes))
    }
}

/// Passes files on to another sink and keeps the hash of each one's bytes, for the build cache.
pub struct Hashing<'a> {
    inner: &'a dyn Sink,
    hashes: Mutex<Vec<(String, u128)>>,
}

impl<'a> Hashing<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Hashing {
            inner,
            hashes: Mutex::new(Vec::new()),
        }
    }

    pub fn into_hashes(self) -> Vec<(String, u128)> {
        self.hashes.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Hashing<'_> {
    fn write(&self, file: &str, bytes: Vec<u8>) -> io::Result<()> {
        let hash = crate::model::hash_bytes(&bytes);
        self.inner.write(file, bytes)?;
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.to_string(), hash));
        Ok(())
    }
}
