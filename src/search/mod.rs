//! Built-in search: the tokenizer shared with the browser, the sharded index of each language,
//! and the text of its files. Pure functions over text; `model` plans the index files as jobs
//! and `render` writes them, like every other output.

mod codec;
pub mod index;
pub mod text;
pub mod tokenizer;

pub use index::{Document, Shard, build, bundle_of, encode_shard};
