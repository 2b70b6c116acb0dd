//! Outputs that cannot all be written: a static file where a page goes, or a file where another
//! output needs a folder. Found before rendering, so a build that would fail writes nothing.

use crate::content;
use crate::diagnostics::{Diagnostics, Location, display_path};
use crate::model::{Job, Origin, Site};
use crate::output::StaticFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(super) fn report_static_collisions(
    site: &Site,
    jobs: &[Job],
    static_files: &[StaticFile],
    root: &Path,
    diagnostics: &mut Diagnostics,
) {
    let generated: BTreeMap<String, &Job> = jobs.iter().map(|j| (j.output_file(), j)).collect();
    for file in static_files {
        if let Some(job) = generated.get(&file.relative) {
            let other = match site.origin(job) {
                Origin::Source(source) => display_path(&source),
                // The alias's own words, without the file that lists it (as this message has
                // always read).
                Origin::Alias { target, .. } => format!("an alias of /{target}"),
                Origin::Generated(what) => what,
            };
            diagnostics.error(
                Location::file(file.source.strip_prefix(root).unwrap_or(&file.source)),
                format!(
                    "this static file would overwrite {other} at /{}; rename or move it",
                    file.relative
                ),
            );
        }
    }
}

/// Where an output file comes from: a job, or a file of `static/`.
enum Claimant {
    Job(Origin),
    Static(PathBuf),
}

impl Claimant {
    fn source(&self) -> Option<&Path> {
        match self {
            Claimant::Job(origin) => origin.source(),
            Claimant::Static(source) => Some(source),
        }
    }

    fn describe(&self) -> String {
        match self {
            Claimant::Job(origin) => origin.to_string(),
            Claimant::Static(source) => display_path(source),
        }
    }
}

/// An output file that another output needs as a folder (`en/politics/index.html` and a story with
/// `slug: index.html`, or the static `css/site.css` and an alias `/css/site.css/`) cannot both be
/// written; without this check the write would fail with a bare "Is a directory".
pub(super) fn report_file_folder_clashes(
    site: &Site,
    jobs: &[Job],
    static_files: &[StaticFile],
    root: &Path,
    diagnostics: &mut Diagnostics,
) {
    let mut outputs: BTreeMap<String, Claimant> = BTreeMap::new();
    for job in jobs {
        outputs
            .entry(job.output_file())
            .or_insert_with(|| Claimant::Job(site.origin(job)));
    }
    for file in static_files {
        let source = file.source.strip_prefix(root).unwrap_or(&file.source);
        outputs
            .entry(file.relative.clone())
            .or_insert_with(|| Claimant::Static(source.to_path_buf()));
    }
    for (file, outer) in &outputs {
        let folder = format!("{file}/");
        let Some((inner_file, inner)) = outputs
            .range(folder.clone()..)
            .next()
            .filter(|(k, _)| k.starts_with(&folder))
        else {
            continue;
        };
        let location = inner
            .source()
            .or_else(|| outer.source())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(content::CONTENT_DIR));
        diagnostics.error(
            Location::file(location),
            format!(
                "{} writes /{inner_file}, which needs /{file} to be a folder, but {} writes a file there; change a slug or an alias",
                inner.describe(),
                outer.describe()
            ),
        );
    }
}
