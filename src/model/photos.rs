//! The raster photos that published pages show, and the variants each one is published as.
//! Pure data: the `photos` stage reads the files and fills `Site::photos` before planning, and
//! planning makes a job of every variant, so variants go through the one render-and-write path.

use super::*;
use std::hash::Hash;
use xxhash_rust::xxh3::Xxh3;

/// What a variant's bytes depend on besides the source and the settings: the encoders. Raise it
/// when an encoder or the way newsroom calls it changes, so no variant made the old way is reused.
pub const ENCODER_VERSION: &str = "image-0.25+libwebp-sys-0.9+photos-1";

/// A width at or above which Open Graph and JSON-LD images are large enough for every card.
pub const SHARE_WIDTH: u32 = 1200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VariantFormat {
    /// Lossy WebP, offered first in `<picture>`.
    Webp,
    /// The fallback of opaque photos.
    Jpeg,
    /// The fallback of photos with transparency.
    Png,
}

impl VariantFormat {
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
        }
    }
}

/// One published size and format of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: VariantFormat,
    /// Its cache key: the source's content hash, the size, the format, the quality and the
    /// encoders' version. Also in its file name, so a changed photo gets new addresses.
    pub key: u128,
    /// Below the output folder: `images/seoul-snow.960w.1a2b3c4d.webp`.
    pub file: String,
}

/// A raster photo of `static/` as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoSet {
    /// Below `static/`.
    pub source: String,
    /// Of the file's bytes.
    pub hash: u128,
    /// As shown, after its EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// Each width's WebP, then its fallback; widths ascending.
    pub variants: Vec<Variant>,
}

/// What the photos stage learnt of one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoFacts {
    pub hash: u128,
    pub width: u32,
    pub height: u32,
    pub has_alpha: bool,
}

impl PhotoSet {
    /// The variants of a photo: every configured width below its own, and its own width
    /// capped at the largest configured one (never upscaled).
    pub fn plan(source: &str, facts: PhotoFacts, settings: &crate::config::PhotoSettings) -> Self {
        let largest = settings.widths.last().copied().unwrap_or(facts.width);
        let mut widths: Vec<u32> = settings
            .widths
            .iter()
            .copied()
            .filter(|w| *w < facts.width)
            .collect();
        let top = facts.width.min(largest);
        if !widths.contains(&top) {
            widths.push(top);
        }
        let fallback = if facts.has_alpha {
            VariantFormat::Png
        } else {
            VariantFormat::Jpeg
        };
        let (stem, folder) = match source.rsplit_once('/') {
            Some((folder, name)) => (name, format!("{folder}/")),
            None => (source, String::new()),
        };
        let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
        let mut variants = Vec::new();
        for width in widths {
            let height = scaled_height(facts.width, facts.height, width);
            for format in [VariantFormat::Webp, fallback] {
                let key = variant_key(facts.hash, width, height, format, settings.quality);
                let file = format!(
                    "{folder}{stem}.{width}w.{:08x}.{}",
                    key as u32,
                    format.extension()
                );
                variants.push(Variant {
                    width,
                    height,
                    format,
                    key,
                    file,
                });
            }
        }
        PhotoSet {
            source: source.to_string(),
            hash: facts.hash,
            width: facts.width,
            height: facts.height,
            variants,
        }
    }

    pub fn webp(&self) -> impl Iterator<Item = &Variant> {
        self.variants
            .iter()
            .filter(|v| v.format == VariantFormat::Webp)
    }

    pub fn fallbacks(&self) -> impl Iterator<Item = &Variant> {
        self.variants
            .iter()
            .filter(|v| v.format != VariantFormat::Webp)
    }

    /// The fallback to share (Open Graph, JSON-LD): the smallest at least `SHARE_WIDTH` wide,
    /// else the largest there is.
    pub fn shared(&self) -> Option<&Variant> {
        self.fallbacks()
            .find(|v| v.width >= SHARE_WIDTH)
            .or_else(|| self.fallbacks().last())
    }
}

/// The height of a `width`-wide copy, rounded, at least 1.
fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let height = (u64::from(source_height) * u64::from(width) * 2 + u64::from(source_width))
        / (u64::from(source_width) * 2);
    (height as u32).max(1)
}

fn variant_key(hash: u128, width: u32, height: u32, format: VariantFormat, quality: u8) -> u128 {
    let mut hasher = Xxh3::new();
    (ENCODER_VERSION, hash, width, height, format, quality).hash(&mut hasher);
    hasher.digest128()
}

impl Site {
    /// The photo of `path` (below `static/`) where it is a raster photo with variants.
    pub fn photo_set(&self, path: &str) -> Option<&PhotoSet> {
        self.photos.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PhotoSettings;

    fn settings() -> PhotoSettings {
        PhotoSettings {
            widths: vec![480, 960, 1600],
            quality: 75,
        }
    }

    fn facts(width: u32, height: u32, has_alpha: bool) -> PhotoFacts {
        PhotoFacts {
            hash: 7,
            width,
            height,
            has_alpha,
        }
    }

    #[test]
    fn a_photo_is_never_upscaled() {
        let set = PhotoSet::plan("images/a.jpg", facts(1200, 800, false), &settings());
        let widths: Vec<u32> = set.webp().map(|v| v.width).collect();
        assert_eq!(widths, [480, 960, 1200]);
        let small = PhotoSet::plan("images/a.jpg", facts(300, 200, false), &settings());
        let widths: Vec<u32> = small.webp().map(|v| v.width).collect();
        assert_eq!(widths, [300]);
        let large = PhotoSet::plan("images/a.jpg", facts(4000, 3000, false), &settings());
        let sizes: Vec<(u32, u32)> = large.fallbacks().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(480, 360), (960, 720), (1600, 1200)]);
        assert_eq!(large.shared().map(|v| v.width), Some(1600));
    }

    #[test]
    fn transparency_falls_back_to_png_and_names_carry_the_key() {
        let set = PhotoSet::plan("images/logo.png", facts(600, 300, true), &settings());
        let formats: Vec<VariantFormat> = set.variants.iter().map(|v| v.format).collect();
        assert_eq!(
            formats,
            [
                VariantFormat::Webp,
                VariantFormat::Png,
                VariantFormat::Webp,
                VariantFormat::Png
            ]
        );
        assert!(set.variants[0].file.starts_with("images/logo.480w."));
        assert!(set.variants[0].file.ends_with(".webp"));
        let other = PhotoSet::plan(
            "images/logo.png",
            PhotoFacts {
                hash: 8,
                ..facts(600, 300, true)
            },
            &settings(),
        );
        assert_ne!(set.variants[0].file, other.variants[0].file);
    }
}
