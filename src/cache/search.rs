//! The `search` table: each language's last search index, with the hash of what it was made of,
//! so that a build in which a language's stories did not change does not tokenize them again.

use crate::model::SearchIndexes;
use crate::search::index::Index;
use redb::{Database, ReadableDatabase, TableDefinition};
use std::sync::Arc;

pub(super) const SEARCH: TableDefinition<&str, &[u8]> = TableDefinition::new("search");

/// A stored index: the inputs it was made of, then the index.
#[derive(serde::Deserialize)]
struct Kept {
    inputs: u128,
    index: Index,
}

/// `Kept` as it is written, borrowing the index.
#[derive(serde::Serialize)]
struct KeptRef<'a> {
    inputs: u128,
    index: &'a Index,
}

/// The search indexes of the cache. Reading one that is missing or cannot be decoded gives
/// `None` (the index is built again); failing to keep one costs the next build that time only.
pub struct KeptIndexes {
    db: Arc<Database>,
}

impl KeptIndexes {
    pub(super) fn new(db: Arc<Database>) -> KeptIndexes {
        KeptIndexes { db }
    }

    fn read(&self, language: &str) -> Option<Kept> {
        let txn = self.db.begin_read().ok()?;
        let table = txn.open_table(SEARCH).ok()?;
        let bytes = table.get(language).ok()??;
        postcard::from_bytes(bytes.value()).ok()
    }

    fn write(&self, language: &str, kept: &KeptRef) -> Result<(), Box<dyn std::error::Error>> {
        let bytes = postcard::to_allocvec(kept)?;
        let txn = self.db.begin_write()?;
        txn.open_table(SEARCH)?.insert(language, bytes.as_slice())?;
        txn.commit()?;
        Ok(())
    }
}

impl SearchIndexes for KeptIndexes {
    fn recall(&self, language: &str, inputs: u128) -> Option<Index> {
        self.read(language)
            .filter(|kept| kept.inputs == inputs)
            .map(|kept| kept.index)
    }

    fn keep(&self, language: &str, inputs: u128, index: &Index) {
        let kept = KeptRef { inputs, index };
        // A memo only: one that cannot be written is built again next time.
        let _ = self.write(language, &kept);
    }
}
