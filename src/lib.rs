//! newsroom: a static news-site generator.
//!
//! The stages, each a module, in the order data flows through them:
//! `config` (site.yaml, i18n) -> `content` (Markdown articles) -> `model` (the site, its pages as
//! jobs) -> `render` (Tera) -> `output` (the output folder). `pipeline` runs them in that order for
//! every command; `cli` turns arguments into a pipeline run and an exit code.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod yaml;
