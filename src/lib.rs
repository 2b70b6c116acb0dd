//! newsroom: a static news-site generator.
//!
//! The stages, each a module, in the order data flows through them:
//! `config` (site.yaml, i18n) -> `content` (Markdown articles) -> `photos` (the raster photos
//! pages show: their sizes, and their variants when rendering) -> `model` (the site, its pages as
//! jobs, with `search` for the index) -> `render` (Tera) -> `output` (the output folder).
//! `pipeline` runs them in that order
//! for every command. `commands` holds the commands (`build`, `check`, `new`, `serve`); `cli`
//! parses arguments and dispatches to them. Below all of these: `diagnostics` (problems and
//! how they are printed), `clock` and `yaml`.
//!
//! Everything is private to the crate except what the binary, the integration tests and the fuzz
//! target use, re-exported here.

mod cache;
mod cldr;
mod cli;
mod clock;
mod commands;
mod config;
mod content;
mod diagnostics;
mod model;
mod output;
mod photos;
mod pipeline;
mod render;
mod search;
mod yaml;

pub use cli::main;
pub use content::frontmatter::FieldProblem;
pub use content::process_bytes;
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use model::{LeftOut, Selection};
pub use output::MARKER;
pub use pipeline::{BuildOptions, BuildReport, Built, Progress, Silent, build};
