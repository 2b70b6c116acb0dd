//! The site-wide inputs of a build, hashed: what every page depends on besides its own content
//! (templates, `site.yaml`, `i18n/`, the static files, the options, newsroom itself), and what
//! every content file's reading depends on.

use super::{BuildOptions, LoadedSite};
use crate::config::{I18N_DIR, SITE_FILE};
use std::hash::Hash;
use std::path::Path;
use std::sync::OnceLock;
use xxhash_rust::xxh3::Xxh3;

/// This build of newsroom and the site it builds: a cache written by another is not used. The
/// program's own bytes count, so that a newsroom built from other sources never trusts a cache
/// of an older one, whatever its version number says.
pub(super) fn identity(root: &Path) -> String {
    static PROGRAM: OnceLock<u128> = OnceLock::new();
    let program = PROGRAM.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| crate::model::hash_bytes(&bytes))
            .unwrap_or_default()
    });
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    format!(
        "newsroom {} {program:032x} cache 2 site {}",
        env!("CARGO_PKG_VERSION"),
        root.display()
    )
}

/// What reading a content file depends on besides its bytes: `site.yaml` (languages,
/// categories, time zones, Markdown settings, the base URL) and the `--base-url` option.
pub(super) fn content_inputs(options: &BuildOptions, identity: &str) -> u128 {
    let mut hasher = Xxh3::new();
    identity.hash(&mut hasher);
    std::fs::read(options.root.join(SITE_FILE))
        .unwrap_or_default()
        .hash(&mut hasher);
    options.base_url.hash(&mut hasher);
    hasher.digest128()
}

/// What every page depends on besides the stories it shows.
pub(super) fn site_inputs(options: &BuildOptions, loaded: &LoadedSite) -> u128 {
    let mut hasher = Xxh3::new();
    identity(&options.root).hash(&mut hasher);
    content_inputs(options, "").hash(&mut hasher);
    (options.selection.drafts, options.selection.future).hash(&mut hasher);
    // Templates show the build's year (`site.build_year`): a new year renders every page again.
    let config = &loaded.site.config;
    chrono::Datelike::year(&options.selection.now.with_timezone(&config.timezone))
        .hash(&mut hasher);
    for (name, source) in loaded.templates.sources() {
        (name, source).hash(&mut hasher);
    }
    let mut i18n: Vec<_> = std::fs::read_dir(options.root.join(I18N_DIR))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    i18n.sort();
    for path in i18n {
        (path.file_name(), std::fs::read(&path).unwrap_or_default()).hash(&mut hasher);
    }
    for file in &loaded.static_files {
        (&file.relative, &file.version).hash(&mut hasher);
    }
    // Photos are published as variants, not copied: the pages name their variants' files.
    for (source, set) in &loaded.site.photos {
        (source, set.hash).hash(&mut hasher);
    }
    hasher.digest128()
}
