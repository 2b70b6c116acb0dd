//! The photo cache: `.public.newsroom/photos/` beside the build cache. Each variant ever made is a
//! file named by its key (the source's content hash, size, format, quality and the encoders'
//! version: see `model::Variant`), and `photos.redb` indexes them with the hash of their bytes
//! and keeps what was read from each source's header, by the source's content hash.
//!
//! Nothing here is trusted blindly: a variant whose file is missing or whose bytes do not match
//! the index is made again, and since keys name the source's content, a changed photo can never
//! find an old variant. The index is opened only for the moment it is read or written, so a
//! preview and a build of the same site can share it.

use crate::model::{PhotoFacts, Variant};
use redb::{Database, ReadableDatabase, TableDefinition};
use std::path::{Path, PathBuf};
use std::time::Duration;

const INDEX_FILE: &str = "photos.redb";
/// Source content hash -> its facts: width and height (4 bytes each) and transparency (1).
const FACTS: TableDefinition<u128, &[u8]> = TableDefinition::new("facts");
/// Variant key -> the hash of its file's bytes.
const VARIANTS: TableDefinition<u128, u128> = TableDefinition::new("variants");

/// The photo cache of one output folder; `None` inside when it could not be opened (the build
/// then makes every variant in memory and says so).
#[derive(Debug)]
pub struct PhotoCache {
    dir: PathBuf,
    /// `check` reads the cache but writes nothing, not even a new cache.
    writable: bool,
}

impl PhotoCache {
    /// The cache beside the build cache of `out`; a read-only one is read where it exists.
    pub fn beside(out: &Path, writable: bool) -> PhotoCache {
        PhotoCache {
            dir: super::folder(out).join("photos"),
            writable,
        }
    }

    /// Opens the index, waiting a little while another newsroom has it open. Only a writable
    /// cache is created where there is none.
    fn open(&self) -> Result<Database, String> {
        let path = self.dir.join(INDEX_FILE);
        if !self.writable && !path.is_file() {
            return Err("there is no photo cache".to_string());
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|err| format!("cannot create {} ({err})", self.dir.display()))?;
        for _ in 0..100 {
            match super::create_database(&path) {
                Ok(db) => return Ok(db),
                Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(err) => {
                    // An unreadable index is set aside: the files it described are checked
                    // against their hashes anyway, so nothing stale can come of starting anew.
                    std::fs::remove_file(&path).map_err(|e| format!("{err}; {e}"))?;
                    return super::create_database(&path).map_err(|e| e.to_string());
                }
            }
        }
        Err("the photo cache is in use by another build".to_string())
    }

    /// The facts known of these sources (by content hash); unknown ones are left out.
    pub fn facts(&self, hashes: &[u128]) -> Result<Vec<PhotoFacts>, String> {
        let db = self.open()?;
        let txn = db.begin_read().map_err(|e| e.to_string())?;
        let table = match txn.open_table(FACTS) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(err) => return Err(err.to_string()),
        };
        let mut known = Vec::new();
        for hash in hashes {
            if let Some(value) = table.get(*hash).map_err(|e| e.to_string())?
                && let Some(facts) = decode_facts(*hash, value.value())
            {
                known.push(facts);
            }
        }
        Ok(known)
    }

    pub fn store_facts(&self, facts: &[PhotoFacts]) -> Result<(), String> {
        if facts.is_empty() || !self.writable {
            return Ok(());
        }
        let db = self.open()?;
        let txn = db.begin_write().map_err(|e| e.to_string())?;
        {
            let mut table = txn.open_table(FACTS).map_err(|e| e.to_string())?;
            for fact in facts {
                table
                    .insert(fact.hash, encode_facts(fact).as_slice())
                    .map_err(|e| e.to_string())?;
            }
        }
        txn.commit().map_err(|e| e.to_string())
    }

    /// The expected hash of each variant's bytes, where the index has one.
    pub fn index(&self, keys: &[u128]) -> Result<Vec<Option<u128>>, String> {
        let db = self.open()?;
        let txn = db.begin_read().map_err(|e| e.to_string())?;
        let table = match txn.open_table(VARIANTS) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(vec![None; keys.len()]),
            Err(err) => return Err(err.to_string()),
        };
        keys.iter()
            .map(|key| {
                table
                    .get(*key)
                    .map(|v| v.map(|v| v.value()))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    /// The bytes of a variant, if its file is there and matches the index's hash.
    pub fn read(&self, variant: &Variant, expected: u128) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.file(variant)).ok()?;
        (crate::model::hash_bytes(&bytes) == expected).then_some(bytes)
    }

    /// Writes a variant's file (beside its place, then renamed, so a killed build leaves no half
    /// file under its name). Returns the hash to index it by.
    pub fn write(&self, variant: &Variant, bytes: &[u8]) -> std::io::Result<u128> {
        if !self.writable {
            return Err(std::io::Error::other("a read-only photo cache"));
        }
        let target = self.file(variant);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = target.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &target)?;
        Ok(crate::model::hash_bytes(bytes))
    }

    /// Indexes the variants just written.
    pub fn store_index(&self, entries: &[(u128, u128)]) -> Result<(), String> {
        if entries.is_empty() || !self.writable {
            return Ok(());
        }
        let db = self.open()?;
        let txn = db.begin_write().map_err(|e| e.to_string())?;
        {
            let mut table = txn.open_table(VARIANTS).map_err(|e| e.to_string())?;
            for (key, hash) in entries {
                table.insert(*key, *hash).map_err(|e| e.to_string())?;
            }
        }
        txn.commit().map_err(|e| e.to_string())
    }

    fn file(&self, variant: &Variant) -> PathBuf {
        let name = format!("{:032x}.{}", variant.key, variant.format.extension());
        self.dir.join(&name[..2]).join(name)
    }
}

fn encode_facts(facts: &PhotoFacts) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(9);
    bytes.extend(facts.width.to_le_bytes());
    bytes.extend(facts.height.to_le_bytes());
    bytes.push(u8::from(facts.has_alpha));
    bytes
}

fn decode_facts(hash: u128, bytes: &[u8]) -> Option<PhotoFacts> {
    let [w0, w1, w2, w3, h0, h1, h2, h3, alpha] = bytes.try_into().ok()?;
    let facts = PhotoFacts {
        hash,
        width: u32::from_le_bytes([w0, w1, w2, w3]),
        height: u32::from_le_bytes([h0, h1, h2, h3]),
        has_alpha: alpha == 1,
    };
    (facts.width > 0 && facts.height > 0 && alpha <= 1).then_some(facts)
}
