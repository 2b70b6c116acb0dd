//! A snapshot: what the last good build saw of its inputs and said, so that the next build can
//! tell in a walk of the site's folders that it has nothing to do (`pipeline::snapshot`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::LeftOut;
use chrono::{DateTime, Utc};

/// What the last good build saw and said.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// The hash of every input's stamp (`inputs_digest`).
    pub inputs: u128,
    /// The build's "now": a build at an earlier moment (a clock set back, `SOURCE_DATE_EPOCH`)
    /// may publish less, so it looks again.
    pub from: DateTime<Utc>,
    /// The first moment at which the same inputs give other pages (`Site::current_until`).
    pub until: DateTime<Utc>,
    pub articles: usize,
    pub languages: usize,
    pub pages: usize,
    pub left_out: LeftOut,
    /// The warnings of reading the site, said again by a build that has nothing to do.
    pub warnings: Vec<Diagnostic>,
}

impl Snapshot {
    /// Whether a build with these inputs at `now` would publish exactly what is there.
    pub fn still_current(&self, inputs: u128, now: DateTime<Utc>) -> bool {
        self.inputs == inputs && self.from <= now && now < self.until
    }

    pub fn warnings(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        self.warnings
            .iter()
            .for_each(|w| diagnostics.add(w.clone()));
        diagnostics
    }
}
