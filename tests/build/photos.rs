//! Issue 12: photos sized for the reader's screen. Raster photos are published as variants
//! (lossy WebP plus a JPEG or PNG fallback) at the widths of `site.yaml`, never upscaled, without
//! EXIF or GPS, behind `<picture>` markup; a photo cache makes a second build do no image work.

use crate::support::*;
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A JPEG of `width` x `height` with a pattern (so it is not trivially small), `seed` varying it.
fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width) as u8 ^ seed,
            (y * 255 / height) as u8,
            ((x + y) % 64 * 4) as u8,
        ])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .expect("the test photo encodes");
    bytes
}

/// A PNG with a transparent half.
fn png_with_alpha(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, _| {
        Rgba([200, 40, 40, if x < width / 2 { 0 } else { 255 }])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("the test photo encodes");
    bytes
}

/// `jpeg` with an EXIF block (APP1) written by hand: orientation 6 (turn 90° clockwise to show)
/// and a GPS position (latitude N 37° 33' 59"), as a phone writes them.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend(b"MM\0\x2a");
    tiff.extend(8u32.to_be_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend(tag.to_be_bytes());
        tiff.extend(kind.to_be_bytes());
        tiff.extend(count.to_be_bytes());
        tiff.extend(value);
    };
    // IFD0 at 8: orientation and the GPS IFD's offset (8 + 2 + 2 * 12 + 4 = 38).
    tiff.extend(2u16.to_be_bytes());
    entry(&mut tiff, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, 38u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    // The GPS IFD at 38: latitude reference and latitude (three rationals at 38 + 30 = 68).
    tiff.extend(2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, 68u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    for (numerator, denominator) in [(37u32, 1u32), (33, 1), (59, 1)] {
        tiff.extend(numerator.to_be_bytes());
        tiff.extend(denominator.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&tiff);
    let plain = jpeg(width, height, 0);
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xff, 0xe1]);
    bytes.extend(((app1.len() + 2) as u16).to_be_bytes());
    bytes.extend(&app1);
    bytes.extend(&plain[2..]);
    bytes
}

/// The EXIF block a decoder finds in a file (JPEG APP1, WebP EXIF chunk), if any.
fn exif(bytes: &[u8]) -> Option<Vec<u8>> {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .expect("a format")
        .into_decoder()
        .expect("a decoder");
    decoder.exif_metadata().expect("metadata reads")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `a.480w.x.webp 480w, ...` as (file below the output folder, width).
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|candidate| {
            let (url, width) = candidate.split_once(' ').expect("url and width");
            let width = width.trim_end_matches('w').parse().expect("a width");
            (url.trim_start_matches('/').to_string(), width)
        })
        .collect()
}

/// The pixel size and format of a published file, decoded.
fn decoded(out: &Path, file: &str) -> (u32, u32, ImageFormat) {
    let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let format = image::guess_format(&bytes).expect("a known format");
    let image = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    (image.width(), image.height(), format)
}

/// A fixture with widths 200, 400, 800 and two stories: one with a 1000x500 lead photo, one with
/// a transparent 300x150 PNG in its body.
fn photo_site() -> Site {
    let site = Site::fixture();
    site.edit("site.yaml", |yaml| {
        format!("{yaml}photos:\n  widths: [200, 400, 800]\n")
    });
    site.write_bytes("static/images/lead.jpg", &jpeg(1000, 500, 0));
    site.write_bytes("static/images/logo.png", &png_with_alpha(300, 150));
    site.story(
        "en/politics/summit.md",
        "Summit",
        "2024-10-22 15:06:52",
        "photo:\n  src: images/lead.jpg\n  alt: The hall",
    );
    site.markdown(
        "en/economy/logo.md",
        "title: Logo\ncategory: economy\nwritten: 2024-10-21 10:00:00",
        "First.\n\n![The new logo](images/logo.png \"Logo\")",
    );
    site
}

/// Every variant file below the output's `images/`, with its modification time.
fn variant_times(out: &Path) -> BTreeMap<String, SystemTime> {
    std::fs::read_dir(out.join("images"))
        .expect("images/ in the output")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("w."))
        .map(|name| {
            let time = std::fs::metadata(out.join("images").join(&name))
                .and_then(|m| m.modified())
                .expect("mtime");
            (name, time)
        })
        .collect()
}

fn photo_cache(site: &Site) -> PathBuf {
    site.out().with_file_name(".public.newsroom").join("photos")
}

#[test]
fn variants_have_the_planned_sizes_and_formats_and_the_original_is_not_published() {
    let site = photo_site();
    site.cmd("build").run();
    let out = site.out();
    let page = site.page("/en/politics/summit/");
    let webp = srcset(&page.attr("figure.photo picture source[type='image/webp']", "srcset"));
    let fallback = srcset(&page.attr("figure.photo picture img", "srcset"));
    let widths: Vec<u32> = webp.iter().map(|(_, w)| *w).collect();
    assert_eq!(
        widths,
        [200, 400, 800],
        "the widths of site.yaml below 1000"
    );
    assert_eq!(fallback.iter().map(|(_, w)| *w).collect::<Vec<_>>(), widths);
    for (file, width) in &webp {
        assert_eq!(decoded(&out, file), (*width, width / 2, ImageFormat::WebP));
    }
    for (file, width) in &fallback {
        assert_eq!(decoded(&out, file), (*width, width / 2, ImageFormat::Jpeg));
    }
    assert!(!site.exists("/images/lead.jpg"), "the original stays home");

    // A photo smaller than a width is never upscaled; transparency falls back to PNG.
    let logo = site.page("/en/economy/logo/");
    let webp = srcset(&logo.attr(".body picture source[type='image/webp']", "srcset"));
    let fallback = srcset(&logo.attr(".body picture img", "srcset"));
    assert_eq!(webp.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [200, 300]);
    for (file, width) in &fallback {
        assert_eq!(decoded(&out, file), (*width, width / 2, ImageFormat::Png));
    }
    let image = std::fs::read(out.join(&fallback[0].0)).expect("the png");
    let pixels = image::load_from_memory(&image).expect("decodes").to_rgba8();
    assert_eq!(
        pixels.get_pixel(10, 50)[3],
        0,
        "the transparent half stays so"
    );
}

#[test]
fn the_markup_offers_webp_first_with_sizes_and_loads_the_lead_photo_first() {
    let site = photo_site();
    site.cmd("build").run();
    let page = site.page("/en/politics/summit/");
    let lead = page.one("figure.photo picture img");
    assert_eq!(lead.attr("width"), Some("1000"));
    assert_eq!(lead.attr("height"), Some("500"));
    assert_eq!(lead.attr("alt"), Some("The hall"));
    assert_eq!(lead.attr("fetchpriority"), Some("high"));
    assert_eq!(lead.attr("loading"), None, "the lead photo is never lazy");
    assert!(lead.attr("sizes").is_some_and(|s| s.contains("48rem")));
    assert_eq!(
        page.attr("figure.photo picture source", "sizes"),
        lead.attr("sizes").unwrap_or_default()
    );
    // The src for browsers without srcset is a fallback variant, not the original.
    assert!(
        lead.attr("src")
            .is_some_and(|s| s.ends_with(".jpg") && s.contains("w."))
    );

    // Body images: lazy, async, sized, alt and title kept.
    let logo = site.page("/en/economy/logo/");
    let body = logo.one(".body picture img");
    assert_eq!(body.attr("loading"), Some("lazy"));
    assert_eq!(body.attr("decoding"), Some("async"));
    assert_eq!(
        (body.attr("width"), body.attr("height")),
        (Some("300"), Some("150"))
    );
    assert_eq!(body.attr("alt"), Some("The new logo"));
    assert_eq!(body.attr("title"), Some("Logo"));

    // Lists show thumbnails of the same variants; the picks box at its 72 px.
    let front = site.page("/en/");
    let card = front.all(".card picture img.card-img");
    assert!(
        !card.is_empty(),
        "the front page shows the photo's thumbnail"
    );
    for img in card {
        assert_eq!(img.attr("loading"), Some("lazy"));
        assert_eq!(
            (img.attr("width"), img.attr("height")),
            (Some("1000"), Some("500"))
        );
        assert!(
            img.attr("src").is_some_and(|s| s.contains(".200w.")),
            "the smallest"
        );
    }
    let category = site.page("/en/politics/");
    assert_eq!(category.count(".card picture source[type='image/webp']"), 1);

    // Open Graph and JSON-LD point to the largest variant (the photo is under 1200 px wide).
    let og = page.attr("meta[property='og:image']", "content");
    assert!(
        og.starts_with("https://fixture.example/images/lead.800w."),
        "{og}"
    );
    assert!(og.ends_with(".jpg"), "{og}");
    let json: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).expect("JSON-LD");
    assert_eq!(json["image"][0], og.as_str());
}

#[test]
fn gps_and_exif_are_gone_from_every_variant_and_the_orientation_is_applied() {
    let site = Site::fixture();
    site.edit("site.yaml", |yaml| {
        format!("{yaml}photos:\n  widths: [100, 150]\n")
    });
    let source = jpeg_with_gps(300, 200);
    assert!(contains(&source, b"Exif\0\0") && contains(&source, b"N\0"));
    assert!(
        exif(&source).is_some_and(|e| contains(&e, &[0x88, 0x25])),
        "the source has GPS"
    );
    site.write_bytes("static/images/phone.jpg", &source);
    site.story(
        "en/politics/phone.md",
        "Phone",
        "2024-10-22 15:06:52",
        "photo:\n  src: images/phone.jpg\n  alt: A phone photo",
    );
    site.cmd("build").run();
    let page = site.page("/en/politics/phone/");
    // Turned a quarter: 300x200 stored, 200x300 shown (and the largest variant 150 wide).
    let img = page.one("figure.photo img");
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("200"), Some("300"))
    );
    let mut files = srcset(&page.attr("figure.photo img", "srcset"));
    files.extend(srcset(&page.attr("figure.photo source", "srcset")));
    assert_eq!(files.len(), 4, "100 and 150 wide, in two formats");
    for (file, width) in files {
        let bytes = std::fs::read(site.out().join(&file)).expect("the variant");
        assert!(!contains(&bytes, b"Exif"), "{file} carries EXIF");
        assert!(!contains(&bytes, b"EXIF"), "{file} carries an EXIF chunk");
        assert_eq!(exif(&bytes), None, "{file} carries EXIF");
        let (w, h, _) = decoded(&site.out(), &file);
        assert_eq!((w, h), (width, width * 3 / 2), "{file} is upright");
    }
}

#[test]
fn a_warm_build_touches_no_variant_and_decodes_nothing_and_a_changed_photo_gets_new_ones() {
    let site = photo_site();
    site.cmd("build")
        .arg("--verbose")
        .expect_stdout_contains("photos: decoded 2, encoded 10 variants, reused 0 from the cache")
        .run();
    let first = variant_times(&site.out());
    assert_eq!(first.len(), 10);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.cmd("build")
        .arg("--verbose")
        .expect_stdout_contains(
            "photos: decoded 0, encoded 0 variants, reused 0 from the cache, read 0 headers",
        )
        .run();
    assert_eq!(variant_times(&site.out()), first, "no variant was touched");

    // A clean build gets every variant from the photo cache, without decoding.
    site.cmd("build")
        .args(["--clean", "--verbose"])
        .expect_stdout_contains(
            "photos: decoded 0, encoded 0 variants, reused 10 from the cache, read 0 headers",
        )
        .run();

    // A changed photo: new variants under new names, the old ones gone, the other photo alone.
    site.write_bytes("static/images/lead.jpg", &jpeg(1000, 500, 0x55));
    site.cmd("build")
        .arg("--verbose")
        .expect_stdout_contains("photos: decoded 1, encoded 6 variants")
        .run();
    let after = variant_times(&site.out());
    let lead_before: Vec<&String> = first.keys().filter(|n| n.starts_with("lead.")).collect();
    let lead_after: Vec<&String> = after.keys().filter(|n| n.starts_with("lead.")).collect();
    assert_eq!(lead_after.len(), 6);
    assert!(
        lead_before.iter().all(|n| !after.contains_key(*n)),
        "no stale variant"
    );
    for name in after.keys().filter(|n| n.starts_with("logo.")) {
        assert_eq!(after[name], first[name], "{name} was left alone");
    }
    let page = site.page("/en/politics/summit/");
    let webp = srcset(&page.attr("figure.photo source", "srcset"));
    assert!(
        webp.iter()
            .all(|(f, _)| lead_after.iter().any(|n| f.ends_with(n.as_str())))
    );
}

#[test]
fn a_corrupt_or_missing_cache_entry_is_made_again() {
    let site = photo_site();
    site.remove("content/en/economy/logo.md");
    site.cmd("build").run();
    let cache = photo_cache(&site);
    let mut cached: Vec<PathBuf> = walk(&cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "webp" || e == "jpg"))
        .collect();
    cached.sort();
    assert_eq!(cached.len(), 6, "the lead photo's variants are cached");
    std::fs::write(&cached[0], b"not a photo").expect("spoil one");
    std::fs::remove_file(&cached[1]).expect("lose one");
    site.cmd("build")
        .args(["--clean", "--verbose"])
        .expect_stdout_contains("photos: decoded 1, encoded 2 variants, reused 4 from the cache")
        .run();
    let page = site.page("/en/politics/summit/");
    let mut files = srcset(&page.attr("figure.photo img", "srcset"));
    files.extend(srcset(&page.attr("figure.photo source", "srcset")));
    for (file, width) in files {
        assert_eq!(decoded(&site.out(), &file).0, width, "{file}");
    }
}

#[test]
fn an_unreadable_photo_and_a_missing_body_image_are_errors_at_their_lines() {
    let site = photo_site();
    site.cmd("build").run();
    site.write_bytes(
        "static/images/broken.jpg",
        b"\xff\xd8\xff\xe0 this is no JPEG",
    );
    site.story(
        "en/politics/broken.md",
        "Broken",
        "2024-10-23 09:00:00",
        "photo:\n  src: images/broken.jpg\n  alt: Nothing",
    );
    site.markdown(
        "en/economy/gone.md",
        "title: Gone\ncategory: economy\nwritten: 2024-10-23 10:00:00",
        "Text.\n\nMore text ![A chart](images/chart.png)",
    );
    let before = snapshot(&site.out());
    let run = site.cmd("build").expect_failure().run();
    let broken = run.stderr_line("content/en/politics/broken.md:");
    assert!(
        broken.starts_with("content/en/politics/broken.md:5:1: error: "),
        "{broken}"
    );
    assert!(broken.contains("static/images/broken.jpg"), "{broken}");
    let gone = run.stderr_line("content/en/economy/gone.md:");
    assert!(
        gone.starts_with("content/en/economy/gone.md:9:11: error: "),
        "{gone}"
    );
    assert!(gone.contains("images/chart.png"), "{gone}");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "a failed build changes nothing"
    );
}

#[test]
fn a_photo_that_decodes_badly_past_its_header_is_an_error_naming_the_story() {
    let site = photo_site();
    // A PNG whose header reads but whose pixels are cut short (JPEG decoders fill a cut file in
    // with grey rather than fail).
    let noisy = RgbImage::from_fn(300, 200, |x, y| {
        Rgb([
            (x * 7919 % 251) as u8,
            (y * 104_729 % 241) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut whole = Vec::new();
    noisy
        .write_to(&mut std::io::Cursor::new(&mut whole), ImageFormat::Png)
        .expect("the test photo encodes");
    site.write_bytes("static/images/cut.png", &whole[..whole.len() / 2]);
    site.markdown(
        "en/economy/cut.md",
        "title: Cut\ncategory: economy\nwritten: 2024-10-23 10:00:00",
        "Text.\n\n![A cut photo](images/cut.png)",
    );
    let run = site.cmd("build").expect_failure().run();
    let line = run.stderr_line("content/en/economy/cut.md:");
    assert!(
        line.starts_with("content/en/economy/cut.md:9:1: error: "),
        "{line}"
    );
    assert!(line.contains("static/images/cut.png"), "{line}");
}

#[test]
fn svg_and_remote_photos_are_used_as_they_are_and_a_remote_one_without_a_size_is_a_warning() {
    let site = Site::fixture();
    site.story(
        "en/politics/map.md",
        "Map",
        "2024-10-22 15:06:52",
        "photo:\n  src: images/pic.svg\n  alt: A map",
    );
    site.story(
        "en/politics/remote.md",
        "Remote",
        "2024-10-22 16:06:52",
        "photo:\n  src: https://photos.example/a.jpg\n  alt: A photo",
    );
    site.story(
        "en/politics/sized.md",
        "Sized",
        "2024-10-22 17:06:52",
        "photo:\n  src: https://photos.example/b.jpg\n  alt: A photo\n  width: 1600\n  height: 900",
    );
    let run = site.cmd("build").run();
    let warning = run.stderr_line("content/en/politics/remote.md:");
    assert!(
        warning.starts_with("content/en/politics/remote.md:6:") && warning.contains("warning: "),
        "{warning}"
    );
    assert!(warning.contains("layout will jump"), "{warning}");
    assert!(!run.stderr.contains("sized.md"), "{}", run.stderr);
    let map = site.page("/en/politics/map/");
    assert_eq!(map.attr("figure.photo img", "src"), "/images/pic.svg");
    assert_eq!(map.count("figure.photo picture"), 0);
    let sized = site.page("/en/politics/sized/");
    let img = sized.one("figure.photo img");
    assert_eq!(img.attr("src"), Some("https://photos.example/b.jpg"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("1600"), Some("900"))
    );
    assert!(site.exists("/images/pic.svg"));
}
