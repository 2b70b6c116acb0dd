//! Work kept between builds, per language, each with the hash of what it was made of, so that a
//! build in which a language's stories did not change (in what that work reads) does not do it
//! again:
//! - `search`: the language's search index (`model::SearchIndexes`);
//! - `related`: every story's related stories (`model::RelatedLists`).

use crate::model::{RelatedLists, SearchIndexes};
use crate::search::index::Index;
use redb::{Database, ReadableDatabase, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

pub(super) const SEARCH: TableDefinition<&str, &[u8]> = TableDefinition::new("search");
pub(super) const RELATED: TableDefinition<&str, &[u8]> = TableDefinition::new("related");

/// A stored piece of work: the inputs it was made of, then the work.
#[derive(serde::Deserialize)]
struct Stored<T> {
    inputs: u128,
    work: T,
}

/// `Stored` as it is written, borrowing the work.
#[derive(serde::Serialize)]
struct StoredRef<'a, T: ?Sized> {
    inputs: u128,
    work: &'a T,
}

/// The kept work of the cache. Reading a piece that is missing, made of other inputs, or that
/// cannot be decoded gives `None` (the work is done again); failing to keep one costs the next
/// build that time only.
pub struct Kept {
    db: Arc<Database>,
}

impl Kept {
    pub(super) fn new(db: Arc<Database>) -> Kept {
        Kept { db }
    }

    fn recall<T: DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        language: &str,
        inputs: u128,
    ) -> Option<T> {
        let txn = self.db.begin_read().ok()?;
        let table = txn.open_table(table).ok()?;
        let bytes = table.get(language).ok()??;
        let stored: Stored<T> = postcard::from_bytes(bytes.value()).ok()?;
        (stored.inputs == inputs).then_some(stored.work)
    }

    fn keep<T: Serialize + ?Sized>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        language: &str,
        inputs: u128,
        work: &T,
    ) {
        let write = || -> Result<(), Box<dyn std::error::Error>> {
            let bytes = postcard::to_allocvec(&StoredRef { inputs, work })?;
            let txn = self.db.begin_write()?;
            txn.open_table(table)?.insert(language, bytes.as_slice())?;
            txn.commit()?;
            Ok(())
        };
        // A memo only: one that cannot be written is worked out again next time.
        let _ = write();
    }
}

impl SearchIndexes for Kept {
    fn recall(&self, language: &str, inputs: u128) -> Option<Index> {
        Kept::recall(self, SEARCH, language, inputs)
    }

    fn keep(&self, language: &str, inputs: u128, index: &Index) {
        Kept::keep(self, SEARCH, language, inputs, index);
    }
}

impl RelatedLists for Kept {
    fn recall(&self, language: &str, inputs: u128) -> Option<Vec<Vec<u32>>> {
        Kept::recall(self, RELATED, language, inputs)
    }

    fn keep(&self, language: &str, inputs: u128, related: &[Vec<u32>]) {
        Kept::keep(self, RELATED, language, inputs, related);
    }
}
