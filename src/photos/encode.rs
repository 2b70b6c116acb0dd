//! Reading and writing the pixels of photos, with the `image` crate (decoders, resizing, JPEG and
//! PNG) and libwebp (lossy WebP, through the `webp` crate).
//!
//! Every variant is encoded from pixels, so no EXIF block (camera, time, GPS position) of the
//! source reaches it. The colour profile is kept: an embedded ICC profile is written into every
//! variant (JPEG APP2, PNG iCCP, WebP ICCP), so colours look the same as in the original.

use crate::model::{PhotoFacts, Variant, VariantFormat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};
use std::io::{BufReader, Cursor};
use std::path::Path;

/// A decoded photo, turned the way it is shown.
pub struct Pixels {
    image: DynamicImage,
    icc: Option<Vec<u8>>,
    quality: u8,
}

/// Reads the header only (size, orientation, transparency): no pixels are decoded.
pub fn facts(path: &Path, hash: u128) -> Result<PhotoFacts, String> {
    let mut decoder = open(path)?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let turned = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_string());
    }
    Ok(PhotoFacts {
        hash,
        width,
        height,
        has_alpha: decoder.color_type().has_alpha(),
    })
}

fn open(path: &Path) -> Result<impl ImageDecoder, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())
}

/// Decodes the whole photo and applies its EXIF orientation.
pub fn decode(path: &Path, quality: u8) -> Result<Pixels, String> {
    let mut decoder = open(path)?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(Pixels {
        image,
        icc,
        quality,
    })
}

impl Pixels {
    /// The photo at `width` x `height` (Lanczos 3). Each smaller size is made from the next
    /// larger one, which costs far less than going back to the full size each time.
    pub fn resized(&self, width: u32, height: u32) -> Pixels {
        let image = if (self.image.width(), self.image.height()) == (width, height) {
            self.image.clone()
        } else {
            self.image.resize_exact(width, height, FilterType::Lanczos3)
        };
        Pixels {
            image,
            icc: self.icc.clone(),
            quality: self.quality,
        }
    }
}

/// The bytes of one variant, from the photo already at the variant's size.
pub fn variant(pixels: &Pixels, variant: &Variant) -> Result<Vec<u8>, String> {
    let image = &pixels.image;
    if (image.width(), image.height()) != (variant.width, variant.height) {
        return Err(format!(
            "a {}x{} copy was asked for at {}x{}",
            variant.width,
            variant.height,
            image.width(),
            image.height()
        ));
    }
    match variant.format {
        VariantFormat::Webp => webp(image, pixels),
        VariantFormat::Jpeg => jpeg(image, pixels),
        VariantFormat::Png => png(image, pixels),
    }
}

fn webp(image: &DynamicImage, pixels: &Pixels) -> Result<Vec<u8>, String> {
    let (layout, bytes) = if image.color().has_alpha() {
        (webp::PixelLayout::Rgba, image.to_rgba8().into_raw())
    } else {
        (webp::PixelLayout::Rgb, image.to_rgb8().into_raw())
    };
    let encoder = webp::Encoder::new(&bytes, layout, image.width(), image.height());
    let mut config = webp::WebPConfig::new().map_err(|()| "libwebp has no configuration")?;
    config.quality = f32::from(pixels.quality);
    // 4 of 0-6: libwebp's default trade of time for size; sharp YUV keeps colour edges crisp.
    config.method = 4;
    config.use_sharp_yuv = 1;
    config.alpha_compression = 1;
    let encoded = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("libwebp could not encode it ({e:?})"))?;
    Ok(match &pixels.icc {
        Some(icc) => with_icc_profile(&encoded, icc, image.width(), image.height()),
        None => encoded.to_vec(),
    })
}

fn jpeg(image: &DynamicImage, pixels: &Pixels) -> Result<Vec<u8>, String> {
    let rgb = image.to_rgb8();
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, pixels.quality);
    if let Some(icc) = &pixels.icc {
        let _ = encoder.set_icc_profile(icc.clone());
    }
    encoder
        .write_image(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn png(image: &DynamicImage, pixels: &Pixels) -> Result<Vec<u8>, String> {
    let rgba = image.to_rgba8();
    let mut out = Cursor::new(Vec::new());
    let mut encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive);
    if let Some(icc) = &pixels.icc {
        let _ = encoder.set_icc_profile(icc.clone());
    }
    encoder
        .write_image(
            rgba.as_raw(),
            rgba.width(),
            rgba.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// A simple WebP file (`RIFF WEBP VP8 /VP8L/ALPH...`) turned into the extended form with an
/// `ICCP` chunk, as the WebP container specification lays out: `VP8X` (flags, canvas size), then
/// `ICCP`, then the image's chunks.
fn with_icc_profile(simple: &[u8], icc: &[u8], width: u32, height: u32) -> Vec<u8> {
    let Some(chunks) = simple.get(12..) else {
        return simple.to_vec();
    };
    // A photo with transparency already has VP8X (for its ALPH chunk): its flags are kept.
    let (mut flags, chunks) = if chunks.starts_with(b"VP8X") && chunks.len() >= 18 {
        (chunks[8], &chunks[18..])
    } else {
        (0, chunks)
    };
    flags |= 0x20;
    let mut body = Vec::with_capacity(chunks.len() + icc.len() + 40);
    body.extend_from_slice(b"WEBP");
    body.extend_from_slice(b"VP8X");
    body.extend_from_slice(&10u32.to_le_bytes());
    body.extend_from_slice(&[flags, 0, 0, 0]);
    body.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    body.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    body.extend_from_slice(b"ICCP");
    body.extend_from_slice(&(icc.len() as u32).to_le_bytes());
    body.extend_from_slice(icc);
    if icc.len() % 2 == 1 {
        body.push(0);
    }
    body.extend_from_slice(chunks);
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}
