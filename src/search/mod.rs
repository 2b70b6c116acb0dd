//! Built-in search: the tokenizer shared with the browser, the sharded index of each language,
//! and the text of its files. Pure functions over text; `model` plans the index files as jobs
//! and `render` writes them, like every other output.

mod codec;
pub mod index;
pub mod postings;
pub mod shard;
pub mod text;
pub mod tokenizer;

pub use index::{Story, build_reusing};
pub use postings::Postings;

/// The excerpt bundle of a story id.
pub fn bundle_of(id: u32, bits: u32) -> u32 {
    id >> bits
}
