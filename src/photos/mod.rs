//! Photos: the raster photos that published pages show (an article's lead photo, the images of a
//! story's or page's body), between `model` and `render`.
//!
//! Loading (`attach`) reads only what planning needs: each photo's size and whether it has
//! transparency, from the photo cache or else the file's header, never its pixels; the variants
//! follow from those and `site.yaml` (`model::PhotoSet::plan`) and become jobs. Rendering a
//! variant job (`make`) decodes its photo once, applies the EXIF orientation, resizes and encodes
//! every variant the build needs in parallel, or reads them from the photo cache. SVG, GIF and
//! remote photos are left as they are.

mod encode;
mod uses;

pub(crate) use crate::content::{BodyImage, body_images};
pub use uses::is_raster;
pub(crate) use uses::static_path;

use crate::cache::PhotoCache;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{PhotoFacts, PhotoSet, Site};
use crate::output::StaticFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The photo cache of a build and what the build did with photos.
#[derive(Debug)]
pub struct Library {
    cache: Option<PhotoCache>,
    pub stats: Stats,
}

/// Counted over one build, for `--verbose` and the tests: a warm build decodes nothing.
#[derive(Debug, Default)]
pub struct Stats {
    /// Photos whose header was read (their facts were not in the cache).
    pub probed: AtomicUsize,
    /// Photos decoded to pixels.
    pub decoded: AtomicUsize,
    /// Variants encoded.
    pub encoded: AtomicUsize,
    /// Variants read from the cache.
    pub reused: AtomicUsize,
}

impl Stats {
    /// "photos: decoded 2, encoded 12 variants, reused 6 from the cache, read 2 headers".
    pub fn summary(&self) -> String {
        let get = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        format!(
            "photos: decoded {}, encoded {} variants, reused {} from the cache, read {} headers",
            get(&self.decoded),
            get(&self.encoded),
            get(&self.reused),
            get(&self.probed)
        )
    }
}

impl Library {
    /// The photo cache beside the build cache of the output folder `out` (read-only: used
    /// where it exists, never written).
    pub fn beside(out: &Path, writable: bool) -> Library {
        Library {
            cache: Some(PhotoCache::beside(out, writable)),
            stats: Stats::default(),
        }
    }
}

/// Finds the raster photos the published pages show, reads their facts and plans their variants
/// into `site.photos`. A photo that is not an image it can read is an error at every place that
/// uses it.
pub fn attach(
    site: &mut Site,
    root: &Path,
    static_files: &[StaticFile],
    library: &Library,
    diagnostics: &mut Diagnostics,
) {
    let statics: HashMap<&str, &StaticFile> = static_files
        .iter()
        .map(|f| (f.relative.as_str(), f))
        .collect();
    let used = uses::find(site, &|path| statics.contains_key(path) && is_raster(path));
    let wanted: Vec<&StaticFile> = used
        .keys()
        .filter_map(|s| statics.get(s.as_str()))
        .copied()
        .collect();
    let hashes: Vec<u128> = wanted.iter().map(|f| f.hash).collect();
    let known: HashMap<u128, PhotoFacts> = library
        .cache
        .as_ref()
        .and_then(|cache| cache.facts(&hashes).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|facts| (facts.hash, facts))
        .collect();
    let read: Vec<(&StaticFile, Result<PhotoFacts, String>)> = wanted
        .par_iter()
        .filter(|file| !known.contains_key(&file.hash))
        .map(|file| {
            library.stats.probed.fetch_add(1, Ordering::Relaxed);
            (*file, encode::facts(&file.source, file.hash))
        })
        .collect();
    let mut facts: BTreeMap<&str, PhotoFacts> = BTreeMap::new();
    let mut fresh = Vec::new();
    for file in &wanted {
        if let Some(known) = known.get(&file.hash) {
            facts.insert(&file.relative, *known);
        }
    }
    for (file, result) in read {
        match result {
            Ok(found) => {
                facts.insert(&file.relative, found);
                fresh.push(found);
            }
            Err(why) => {
                for place in &used[&file.relative] {
                    diagnostics.error(
                        place.location(root),
                        format!(
                            "the photo static/{} cannot be read as an image ({why}); replace it with a JPEG, PNG or WebP file",
                            file.relative
                        ),
                    );
                }
            }
        }
    }
    if let Some(cache) = &library.cache {
        let _ = cache.store_facts(&fresh);
    }
    let settings = &site.config.photos;
    site.photos = facts
        .into_iter()
        .map(|(source, facts)| (source.to_string(), PhotoSet::plan(source, facts, settings)))
        .collect();
}

/// The static files a build copies as they are: all but the photos it publishes as variants (so
/// that no original, with its EXIF and GPS tags, is published beside them).
pub fn copied_as_they_are(site: &Site, static_files: Vec<StaticFile>) -> Vec<StaticFile> {
    let kept_for_authors: Vec<&str> = site
        .config
        .authors
        .iter()
        .filter_map(|a| a.photo.as_deref())
        .map(|p| p.trim_start_matches('/'))
        .collect();
    static_files
        .into_iter()
        .filter(|f| {
            !site.photos.contains_key(&f.relative)
                || kept_for_authors.contains(&f.relative.as_str())
        })
        .collect()
}

/// A place that shows a photo: the article or page, and whether it is the lead photo (the
/// front-matter's `photo`) or an image of the body, written as `src`.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub source: PathBuf,
    pub lead: bool,
    /// The photo, below `static/`, to find its line (the body may write it relative to
    /// `static/` or from the site's root).
    pub path: String,
}

impl Place {
    /// The line of the front-matter's `photo` field, or of the body image (with its column).
    pub fn location(&self, root: &Path) -> Location {
        let text = std::fs::read_to_string(root.join(&self.source)).unwrap_or_default();
        let found = if self.lead {
            text.lines()
                .position(|line| line.starts_with("photo:"))
                .map(|index| (index + 1, 1))
        } else {
            // In the body: past the front-matter's closing `---`.
            let body = text
                .get(3..)
                .and_then(|t| t.find("\n---"))
                .map_or(0, |i| i + 4);
            text[body..].find(&self.path).map(|found| {
                let index = body + found;
                let start = text[..index].rfind("![").unwrap_or(index);
                let before = &text[..start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                (line, column)
            })
        };
        match found {
            Some((line, column)) => Location::at(&self.source, line, column),
            None => Location::file(&self.source),
        }
    }
}

/// Makes the bytes of the variants `indexes` of `set`, from the cache where it has them, else by
/// decoding the photo once; each finished variant goes to `deliver`. An error names the photo.
pub fn make(
    library: &Library,
    source: &Path,
    set: &PhotoSet,
    quality: u8,
    indexes: &[usize],
    deliver: &(dyn Fn(usize, Vec<u8>) -> std::io::Result<()> + Sync),
) -> Result<(), MakeError> {
    let variants: Vec<&crate::model::Variant> = indexes.iter().map(|i| &set.variants[*i]).collect();
    let keys: Vec<u128> = variants.iter().map(|v| v.key).collect();
    let index = library
        .cache
        .as_ref()
        .and_then(|cache| cache.index(&keys).ok())
        .unwrap_or_else(|| vec![None; keys.len()]);
    let mut missing = Vec::new();
    for ((position, variant), expected) in indexes.iter().zip(&variants).zip(index) {
        let cached = library
            .cache
            .as_ref()
            .zip(expected)
            .and_then(|(cache, expected)| cache.read(variant, expected));
        match cached {
            Some(bytes) => {
                library.stats.reused.fetch_add(1, Ordering::Relaxed);
                deliver(*position, bytes).map_err(|_| MakeError::Write)?;
            }
            None => missing.push(*position),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    library.stats.decoded.fetch_add(1, Ordering::Relaxed);
    let mut level = encode::decode(source, quality).map_err(MakeError::Decode)?;
    // Largest first: each size is resized once, from the one above it, for both formats.
    let mut sizes: Vec<(u32, u32)> = missing
        .iter()
        .map(|i| (set.variants[*i].width, set.variants[*i].height))
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let mut made = Vec::new();
    for (width, height) in sizes {
        level = level.resized(width, height);
        let at_this_size: Vec<usize> = missing
            .iter()
            .copied()
            .filter(|i| set.variants[*i].width == width)
            .collect();
        made.extend(encode_level(library, set, &level, &at_this_size, deliver));
    }
    let mut entries = Vec::new();
    for result in made {
        let entry = result?;
        if entry != (0, 0) {
            entries.push(entry);
        }
    }
    if let Some(cache) = &library.cache {
        let _ = cache.store_index(&entries);
    }
    Ok(())
}

/// Encodes the variants `positions` of `set` (all of the size of `level`) in parallel, keeps
/// them in the cache and delivers them; gives each one's cache index entry.
fn encode_level(
    library: &Library,
    set: &PhotoSet,
    level: &encode::Pixels,
    positions: &[usize],
    deliver: &(dyn Fn(usize, Vec<u8>) -> std::io::Result<()> + Sync),
) -> Vec<Result<(u128, u128), MakeError>> {
    positions
        .par_iter()
        .map(|position| {
            let variant = &set.variants[*position];
            let bytes = encode::variant(level, variant).map_err(MakeError::Decode)?;
            library.stats.encoded.fetch_add(1, Ordering::Relaxed);
            let stored = library
                .cache
                .as_ref()
                .and_then(|cache| cache.write(variant, &bytes).ok());
            deliver(*position, bytes).map_err(|_| MakeError::Write)?;
            Ok(stored.map(|hash| (variant.key, hash)).unwrap_or_default())
        })
        .collect()
}

/// Why a photo's variants could not be made.
#[derive(Debug)]
pub enum MakeError {
    /// The photo could not be decoded or encoded: the editor's problem, said with the photo.
    Decode(String),
    /// The variant could not be written: the machine's (reported by the one who wrote it).
    Write,
}

/// The raster photos of `static/` the published pages show now, in path order.
pub(crate) fn used_rasters(site: &Site, root: &Path) -> std::collections::BTreeSet<String> {
    let statics = root.join(crate::content::STATIC_DIR);
    uses::find(site, &|path| {
        is_raster(path) && statics.join(path).is_file()
    })
    .into_keys()
    .collect()
}

/// The places that show each photo of `site.photos`, for messages about it.
pub(crate) fn places(site: &Site) -> BTreeMap<String, Vec<Place>> {
    uses::find(site, &|path| site.photos.contains_key(path))
}
