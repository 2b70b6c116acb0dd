//! The commands, one module each: `build`, `check`, `init`, `new` and `serve`. Each takes validated
//! options from `cli` and returns an exit code; all of them read and render sites through
//! `pipeline`, the one build path.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
