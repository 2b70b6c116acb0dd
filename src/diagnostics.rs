//! Problems found while reading a site, reported together at the end of a run.
//!
//! Every stage pushes into one `Diagnostics` list instead of stopping at the first bad file, so an
//! editor sees all the problems of a build at once, each as `path:line:col: severity: message`.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in the site a problem is: a path relative to the site root, and a 1-based line and column
/// where they are known.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    pub fn line(path: impl Into<PathBuf>, line: Option<usize>) -> Self {
        Location {
            path: path.into(),
            line,
            column: line.map(|_| 1),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
        }
        Ok(())
    }
}

/// Paths are shown with `/` on every platform, as editors type them in front-matter.
pub fn display_path(path: &Path) -> String {
    let joined = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if path.has_root() {
        format!("/{joined}")
    } else {
        joined
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.location, self.message)
    }
}

/// The problems of one run, in the order they were found until `sorted` is called.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Severity::Error, location, message.into());
    }

    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(Severity::Warning, location, message.into());
    }

    /// Adds a problem found earlier (a warning kept by the build cache).
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    fn push(&mut self, severity: Severity, location: Location, message: String) {
        self.items.push(Diagnostic {
            severity,
            location,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sorted by file, then position, so that parallel stages report in a stable order.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// "1 error", "2 errors".
/// Prints every problem to stderr, sorted, one per line: the way every command shows them.
pub fn print(diagnostics: Diagnostics) {
    for diagnostic in diagnostics.sorted() {
        eprintln!("{diagnostic}");
    }
}

pub fn plural(count: usize, noun: &str) -> String {
    plural_of(count, noun, &format!("{noun}s"))
}

/// "1 story", "2 stories": for nouns whose plural is not the singular plus "s".
pub fn plural_of(count: usize, one: &str, other: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {other}")
    }
}

/// The known name nearest to an unknown one, for "did you mean" hints.
pub fn nearest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(unknown, k), *k))
        .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_show_with_forward_slashes() {
        assert_eq!(
            display_path(Path::new("content/en/a.md")),
            "content/en/a.md"
        );
        assert_eq!(
            display_path(Path::new("/tmp/site/public")),
            "/tmp/site/public"
        );
    }
}
