//! The build cache: `.public.newsroom/build.redb` beside the output folder, a redb database (one file, crash-
//! safe transactions) with what the last build read and wrote, so that the next build reads only
//! the content files that changed and renders and writes only the pages whose inputs changed.
//!
//! - `sources`: per content file, its last good reading (`content::FileRecord`).
//! - `bodies`: per content file, its story's rendered body, kept apart from its reading so that
//!   a build reads back a body only when a page shows it (`content::Body`).
//! - `search` and `related`: per language, its last search index and its stories' related
//!   stories, each with a hash of what it was made of (`kept`).
//! - `outputs`: per output file, the fingerprint of its inputs and the hash of its bytes.
//! - `meta`: the cache's format and newsroom's build; the hash of the inputs every content file's
//!   reading depends on (`site.yaml`); the output folder the `outputs` describe; and the journal,
//!   present while an incremental build is moving files into the output folder.
//!
//! A cache that is missing, from another build of newsroom, or unreadable is set aside with one
//! line of warning, and the build is a clean one that writes a new cache.

mod kept;
mod photos;
mod snapshot;

pub use kept::Kept;
pub use photos::PhotoCache;
pub use snapshot::Snapshot;

use crate::content::{Earlier, FileRecord, FileRecordRef};
use crate::model::Fingerprint;
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const CACHE_FILE: &str = "build.redb";

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const SOURCES: TableDefinition<&str, &[u8]> = TableDefinition::new("sources");
const BODIES: TableDefinition<&str, &str> = TableDefinition::new("bodies");
const OUTPUTS: TableDefinition<&str, &[u8]> = TableDefinition::new("outputs");

const FORMAT_KEY: &str = "format";
const CONTENT_INPUTS_KEY: &str = "content-inputs";
const OUTPUT_KEY: &str = "output";
const JOURNAL_KEY: &str = "journal";
const SNAPSHOT_KEY: &str = "snapshot";

/// The pages redb keeps in memory. Its default (1 GiB) would hold most of a large archive's
/// cache file once every reading has been read; the build reads each page about once, so a small
/// cache costs little time and keeps the peak memory from growing with the archive.
const DATABASE_CACHE_BYTES: usize = 8 << 20;

/// Opens (or creates) a cache database with the bounded page cache.
fn create_database(path: &Path) -> Result<Database, redb::DatabaseError> {
    redb::Builder::new()
        .set_cache_size(DATABASE_CACHE_BYTES)
        .create(path)
}

/// What the last build wrote into one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Written {
    /// `None` for a copied static file (its bytes are all it depends on).
    pub inputs: Option<Fingerprint>,
    pub bytes: u128,
}

/// The open cache of one site.
pub struct Cache {
    /// Shared with the kept work it hands out (`Cache::kept`).
    db: Arc<Database>,
    /// Readings of content files are valid only for the same `site.yaml` and newsroom.
    content_inputs: u128,
    stored_content_inputs: Option<u128>,
}

/// Why the cache could not be used; said in one line of warning.
#[derive(Debug)]
pub struct Unusable(pub String);

impl Cache {
    /// Opens (or creates) the cache of the site at `root`. `identity` names this build of newsroom.
    /// A cache that is new, unreadable or written by another build of newsroom starts empty;
    /// the second value then says why, in one line.
    pub fn open(
        out: &Path,
        identity: &str,
        content_inputs: u128,
    ) -> Result<(Cache, Option<String>), Unusable> {
        let dir = folder(out);
        std::fs::create_dir_all(&dir)
            .map_err(|err| Unusable(format!("cannot create {} ({err})", dir.display())))?;
        let path = dir.join(CACHE_FILE);
        let existed = path.exists();
        let (db, mut why) = match create_database(&path) {
            Ok(db) => (db, None),
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(Unusable(
                    "the build cache is in use by another build".to_string(),
                ));
            }
            Err(err) => {
                std::fs::remove_file(&path).map_err(|e| Unusable(format!("{err}; {e}")))?;
                let db = create_database(&path).map_err(|e| Unusable(e.to_string()))?;
                (db, Some(format!("the build cache was unreadable ({err})")))
            }
        };
        let mut cache = Cache::new(db, content_inputs);
        let format = cache.meta(FORMAT_KEY).ok().flatten();
        if format.as_deref() != Some(identity.as_bytes()) {
            if why.is_none() {
                why = Some(if !existed || format.is_none() {
                    "there is no build cache yet".to_string()
                } else {
                    mismatch(format.as_deref().unwrap_or_default(), identity)
                });
            }
            cache.reset(identity)?;
        }
        cache.stored_content_inputs = cache
            .meta(CONTENT_INPUTS_KEY)
            .ok()
            .flatten()
            .and_then(|bytes| bytes.try_into().ok().map(u128::from_le_bytes));
        Ok((cache, why))
    }

    fn new(db: Database, content_inputs: u128) -> Cache {
        Cache {
            db: Arc::new(db),
            content_inputs,
            stored_content_inputs: None,
        }
    }

    /// Empties the cache and marks it as this build's (also for `--clean`).
    pub fn reset(&mut self, identity: &str) -> Result<(), Unusable> {
        let fail = |err: &dyn std::fmt::Display| Unusable(err.to_string());
        let txn = self.db.begin_write().map_err(|e| fail(&e))?;
        for table in [META, SOURCES, OUTPUTS] {
            txn.delete_table(table).map_err(|e| fail(&e))?;
        }
        txn.delete_table(BODIES).map_err(|e| fail(&e))?;
        txn.delete_table(kept::SEARCH).map_err(|e| fail(&e))?;
        txn.delete_table(kept::RELATED).map_err(|e| fail(&e))?;
        txn.delete_table(kept::POSTINGS).map_err(|e| fail(&e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| fail(&e))?;
            meta.insert(FORMAT_KEY, identity.as_bytes())
                .map_err(|e| fail(&e))?;
        }
        txn.commit().map_err(|e| fail(&e))?;
        self.stored_content_inputs = None;
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, redb::Error> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(META) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        Ok(table.get(key)?.map(|v| v.value().to_vec()))
    }

    /// Whether the readings of content files kept here are valid for this build.
    pub fn knows_content(&self) -> bool {
        self.stored_content_inputs == Some(self.content_inputs)
    }

    /// The earlier readings of content files, read from the database as each file is looked
    /// at (they hold the stories' bodies: a large archive's would not all fit in memory).
    pub fn sources(&self) -> Result<Sources, redb::Error> {
        let mut paths = Vec::new();
        let mut table = None;
        if self.knows_content() {
            let txn = self.db.begin_read()?;
            if let Ok(sources) = txn.open_table(SOURCES) {
                for entry in sources.range::<&str>(..)? {
                    paths.push(PathBuf::from(entry?.0.value()));
                }
                table = Some(sources);
            }
        }
        Ok(Sources { paths, table })
    }

    /// What the last good build into `out` saw of its inputs, while the cache still vouches for
    /// that folder (no build was interrupted changing it since).
    pub fn snapshot(&self, out: &Path) -> Option<Snapshot> {
        if self.meta(JOURNAL_KEY).ok()?.is_some()
            || self.meta(OUTPUT_KEY).ok()??.as_slice() != out.as_os_str().as_encoded_bytes()
        {
            return None;
        }
        postcard::from_bytes(&self.meta(SNAPSHOT_KEY).ok()??).ok()
    }

    /// What the last build wrote into `out`, by output file; `None` when the cache does not
    /// describe that folder, or when a build was interrupted while changing it.
    pub fn outputs(&self, out: &Path) -> Result<Option<HashMap<String, Written>>, redb::Error> {
        if self.meta(JOURNAL_KEY)?.is_some() {
            return Ok(None);
        }
        if self.meta(OUTPUT_KEY)?.as_deref() != Some(out.as_os_str().as_encoded_bytes()) {
            return Ok(None);
        }
        let txn = self.db.begin_read()?;
        let mut written = HashMap::new();
        if let Ok(table) = txn.open_table(OUTPUTS) {
            for entry in table.iter()? {
                let (key, value) = entry?;
                if let Ok(record) = postcard::from_bytes::<Written>(value.value()) {
                    written.insert(key.value().to_string(), record);
                }
            }
        }
        Ok(Some(written))
    }

    /// Records that the output folder `out` is about to change in place: until `finish` the
    /// cache's record of it cannot be trusted.
    pub fn begin_changes(&self, out: &Path) -> Result<(), redb::Error> {
        let txn = self.db.begin_write()?;
        {
            let mut meta = txn.open_table(META)?;
            meta.insert(JOURNAL_KEY, out.as_os_str().as_encoded_bytes())?;
            meta.remove(SNAPSHOT_KEY)?;
        }
        txn.commit()?;
        Ok(())
    }

    /// Before the readings of this build are stored: with `replace_all`, earlier readings (and
    /// their bodies) are dropped, and the readings are not trusted again until `end_readings`.
    pub fn begin_readings(&self, replace_all: bool) -> Result<(), redb::Error> {
        if !replace_all {
            return Ok(());
        }
        let txn = self.db.begin_write()?;
        txn.open_table(SOURCES)?.retain(|_, _| false)?;
        txn.open_table(BODIES)?.retain(|_, _| false)?;
        txn.open_table(META)?.remove(CONTENT_INPUTS_KEY)?;
        txn.commit()?;
        Ok(())
    }

    /// Stores new or changed readings of content files, with the bodies of their stories that
    /// are in memory (a reading that only has a new stamp keeps its stored body), in one
    /// transaction: a reading and its body are stored together or not at all.
    ///
    /// Called once per batch of files as they are read: redb keeps a transaction's pages in
    /// memory until it commits, and a large archive's readings would not fit. Every reading is
    /// valid on its own (it names the stamp and hash of its file), so a build stopped between
    /// two batches leaves only good ones.
    pub fn store_readings(&self, records: &[(&Path, FileRecordRef)]) -> Result<(), redb::Error> {
        let txn = self.db.begin_write()?;
        {
            let mut sources = txn.open_table(SOURCES)?;
            let mut bodies = txn.open_table(BODIES)?;
            for (relative, record) in records {
                let key = relative.to_string_lossy();
                let bytes = postcard::to_allocvec(record).map_err(storage_error)?;
                sources.insert(key.as_ref(), bytes.as_slice())?;
                for html in record.articles.iter().filter_map(|a| a.body.in_memory()) {
                    bodies.insert(key.as_ref(), html)?;
                }
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// After the last batch: forgets the files that are `gone`, and trusts the readings.
    pub fn end_readings(&self, gone: &[PathBuf]) -> Result<(), redb::Error> {
        let txn = self.db.begin_write()?;
        {
            let mut sources = txn.open_table(SOURCES)?;
            let mut bodies = txn.open_table(BODIES)?;
            for path in gone {
                let key = path.to_string_lossy();
                sources.remove(key.as_ref())?;
                bodies.remove(key.as_ref())?;
            }
            txn.open_table(META)?.insert(
                CONTENT_INPUTS_KEY,
                self.content_inputs.to_le_bytes().as_slice(),
            )?;
        }
        txn.commit()?;
        Ok(())
    }

    /// The stored bodies, for the pages of this build (a snapshot: later writes are not seen).
    pub fn bodies(&self) -> Result<Bodies, redb::Error> {
        let txn = self.db.begin_read()?;
        let table = match txn.open_table(BODIES) {
            Ok(table) => Some(table),
            // No story was ever stored: a site of pages only.
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(err) => return Err(err.into()),
        };
        Ok(Bodies { table })
    }

    /// The work (search indexes, related stories) kept by earlier builds, and room for this
    /// build's.
    pub fn kept(&self) -> Kept {
        Kept::new(Arc::clone(&self.db))
    }

    /// Stores what this build wrote into the output folder, and clears the journal.
    pub fn finish(&self, update: Update) -> Result<(), redb::Error> {
        let txn = self.db.begin_write()?;
        {
            let mut outputs = txn.open_table(OUTPUTS)?;
            if update.all_outputs {
                outputs.retain(|_, _| false)?;
            }
            for gone in &update.outputs_gone {
                outputs.remove(gone.as_str())?;
            }
            for (file, written) in &update.outputs {
                let bytes = postcard::to_allocvec(written).map_err(storage_error)?;
                outputs.insert(file.as_str(), bytes.as_slice())?;
            }
            let mut meta = txn.open_table(META)?;
            meta.insert(OUTPUT_KEY, update.out.as_os_str().as_encoded_bytes())?;
            meta.remove(JOURNAL_KEY)?;
            let snapshot = postcard::to_allocvec(&update.snapshot).map_err(storage_error)?;
            meta.insert(SNAPSHOT_KEY, snapshot.as_slice())?;
        }
        txn.commit()?;
        Ok(())
    }
}

fn storage_error(err: postcard::Error) -> redb::Error {
    redb::Error::Corrupted(format!("cannot encode a cache record: {err}"))
}

/// The earlier readings, still encoded: each is decoded only when its file is looked at.
pub struct Sources {
    paths: Vec<PathBuf>,
    table: Option<redb::ReadOnlyTable<&'static str, &'static [u8]>>,
}

impl Sources {
    /// The files the cache has readings of.
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.paths.iter()
    }
}

impl Earlier for Sources {
    fn record(&self, relative: &Path) -> Option<FileRecord> {
        let bytes = self.table.as_ref()?.get(relative.to_str()?).ok()??;
        postcard::from_bytes(bytes.value()).ok()
    }
}

/// The stories' bodies as stored by `store_readings`.
pub struct Bodies {
    table: Option<redb::ReadOnlyTable<&'static str, &'static str>>,
}

impl crate::content::StoredBodies for Bodies {
    fn body(&self, source: &Path) -> Option<String> {
        let value = self.table.as_ref()?.get(source.to_str()?).ok()??;
        Some(value.value().to_string())
    }
}

/// What a finished build tells the cache about its output folder.
#[derive(Debug)]
pub struct Update {
    pub out: PathBuf,
    /// The outputs replace all earlier ones.
    pub all_outputs: bool,
    pub outputs: Vec<(String, Written)>,
    pub outputs_gone: Vec<String>,
    /// What this build saw of its inputs, for the next build to tell whether it has anything
    /// to do.
    pub snapshot: Snapshot,
}

/// Where the cache of an output folder lives: beside it, as `.<name>.newsroom/`, since it
/// records what that folder holds (a site built into two folders has a cache for each).
pub fn folder(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.newsroom"))
}

/// The cache file, for messages.
pub fn location(out: &Path) -> PathBuf {
    folder(out).join(CACHE_FILE)
}

/// Why a stored identity (`newsroom VERSION PROGRAM cache N site ROOT`) does not fit this build.
fn mismatch(stored: &[u8], identity: &str) -> String {
    let stored = String::from_utf8_lossy(stored);
    let site = |identity: &str| {
        identity
            .split_once(" site ")
            .map(|(program, site)| (program.to_string(), site.to_string()))
    };
    match (site(&stored), site(identity)) {
        (Some((old_program, old_site)), Some((program, _))) if old_program == program => {
            format!("the build cache was made for the site at {old_site} (moved or copied since?)")
        }
        _ => "the build cache is from another build of newsroom".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::mismatch;

    #[test]
    fn a_cache_of_the_same_program_for_another_folder_says_so() {
        let old = b"newsroom 0.1.0 00ff cache 1 site /srv/a";
        assert_eq!(
            mismatch(old, "newsroom 0.1.0 00ff cache 1 site /srv/b"),
            "the build cache was made for the site at /srv/a (moved or copied since?)"
        );
        assert_eq!(
            mismatch(old, "newsroom 0.1.0 11aa cache 1 site /srv/a"),
            "the build cache is from another build of newsroom"
        );
    }
}
