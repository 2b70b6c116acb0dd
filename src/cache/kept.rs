//! Work kept between builds, per language, each with the hash of what it was made of, so that a
//! build in which a language's stories did not change (in what that work reads) does not do it
//! again:
//! - `search`: the language's search index (`model::SearchIndexes`), and `postings`, what it
//!   was made of (`search::Postings`), written together;
//! - `related`: every story's related stories (`model::RelatedLists`).

use crate::model::{RelatedLists, SearchIndexes};
use crate::search::Postings;
use crate::search::index::Index;
use redb::{Database, ReadableDatabase, TableDefinition};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A table of kept work: one entry per language.
type Table = TableDefinition<'static, &'static str, &'static [u8]>;

pub(super) const SEARCH: Table = TableDefinition::new("search");
pub(super) const RELATED: Table = TableDefinition::new("related");
pub(super) const POSTINGS: Table = TableDefinition::new("postings");
/// Postings are checked story by story (their signatures), not by a hash of their inputs.
const ANY_INPUTS: u128 = 0;

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

    fn recall<T: DeserializeOwned>(&self, table: Table, language: &str, inputs: u128) -> Option<T> {
        let txn = self.db.begin_read().ok()?;
        let table = txn.open_table(table).ok()?;
        let bytes = table.get(language).ok()??;
        let stored: Stored<T> = postcard::from_bytes(bytes.value()).ok()?;
        (stored.inputs == inputs).then_some(stored.work)
    }

    fn keep<T: Serialize + ?Sized>(&self, table: Table, language: &str, inputs: u128, work: &T) {
        // A memo only: one that cannot be written is worked out again next time.
        let _ = postcard::to_allocvec(&StoredRef { inputs, work })
            .map(|bytes| self.write(language, &[(table, bytes)]));
    }

    /// Writes each table's entry for `language`, in one transaction.
    fn write(
        &self,
        language: &str,
        entries: &[(Table, Vec<u8>)],
    ) -> Result<(), Box<dyn std::error::Error>> {
        let txn = self.db.begin_write()?;
        for (table, bytes) in entries {
            txn.open_table(*table)?.insert(language, bytes.as_slice())?;
        }
        txn.commit()?;
        Ok(())
    }
}

impl SearchIndexes for Kept {
    fn recall(&self, language: &str, inputs: u128) -> Option<Index> {
        Kept::recall(self, SEARCH, language, inputs)
    }

    fn recall_postings(&self, language: &str) -> Option<Postings> {
        Kept::recall(self, POSTINGS, language, ANY_INPUTS)
    }

    fn keep(&self, language: &str, inputs: u128, index: &Index, postings: &Postings) {
        let encoded = postcard::to_allocvec(&StoredRef {
            inputs,
            work: index,
        })
        .and_then(|index| {
            let work = postings;
            let postings = postcard::to_allocvec(&StoredRef {
                inputs: ANY_INPUTS,
                work,
            })?;
            Ok([(SEARCH, index), (POSTINGS, postings)])
        });
        if let Ok(entries) = encoded {
            let _ = self.write(language, &entries);
        }
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
