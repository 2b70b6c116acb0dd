//! Renders the sample site's photos: procedural scenes (sky, hills, a city at dusk, a harbour, rice
//! terraces) of several megapixels, with film grain, written as JPEG to `static/images/`.
//! Everything is computed here; nothing comes from the web.
//!
//! Run from the repository: `cargo run --example sample-photos` (or scripts/make-sample-photos.sh).
//! `sample-photos --bench N DIR` writes N different 2400x1600 photos (`photo-1.jpg` ...) for
//! scripts/bench-photos.sh instead.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};
use rayon::prelude::*;

const WIDTH: u32 = 3000;
const HEIGHT: u32 = 2000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--bench") {
        let count: usize = args[2].parse().expect("a number of photos");
        bench_photos(count, std::path::Path::new(&args[3]));
        return;
    }
    let out = std::path::Path::new("static/images");
    std::fs::create_dir_all(out).expect("static/images can be created");
    for (name, scene) in [
        ("han-river-dusk", Scene::Dusk),
        ("harbour-morning", Scene::Harbour),
        ("rice-terraces", Scene::Terraces),
    ] {
        let image = render(scene, WIDTH, HEIGHT, 99);
        let path = out.join(format!("{name}.jpg"));
        let bytes = jpeg(&image);
        std::fs::write(&path, &bytes).expect("the photo is written");
        println!("{} {} KB", path.display(), bytes.len() / 1024);
    }
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 82)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("the photo encodes");
    bytes
}

/// `count` photos of 2400x1600: the three scenes, each photo with its own grain and light, so
/// every file (and its hash) differs.
fn bench_photos(count: usize, out: &std::path::Path) {
    std::fs::create_dir_all(out).expect("the folder can be created");
    let scenes: Vec<RgbImage> = [Scene::Dusk, Scene::Harbour, Scene::Terraces]
        .into_par_iter()
        .map(|scene| render(scene, 2400, 1600, 0))
        .collect();
    (1..=count).into_par_iter().for_each(|n| {
        let mut image = scenes[n % scenes.len()].clone();
        let light = (n % 7) as f32 * 3.0 - 9.0;
        for (x, y, pixel) in image.enumerate_pixels_mut() {
            let grain = (lattice(x as i32, y as i32, n as u32) - 0.5) * 14.0 + light;
            *pixel = image::Rgb(
                pixel
                    .0
                    .map(|c| (f32::from(c) + grain).clamp(0.0, 255.0) as u8),
            );
        }
        std::fs::write(out.join(format!("photo-{n}.jpg")), jpeg(&image)).expect("written");
    });
}

#[derive(Clone, Copy)]
enum Scene {
    Dusk,
    Harbour,
    Terraces,
}

/// A smooth random value in 0..1 at (x, y), from a hashed lattice.
fn noise(x: f32, y: f32, seed: u32) -> f32 {
    let (xi, yi) = (x.floor() as i32, y.floor() as i32);
    let (xf, yf) = (x - x.floor(), y - y.floor());
    let smooth = |t: f32| t * t * (3.0 - 2.0 * t);
    let corner = |dx: i32, dy: i32| lattice(xi + dx, yi + dy, seed);
    let (u, v) = (smooth(xf), smooth(yf));
    let top = corner(0, 0) * (1.0 - u) + corner(1, 0) * u;
    let bottom = corner(0, 1) * (1.0 - u) + corner(1, 1) * u;
    top * (1.0 - v) + bottom * v
}

fn lattice(x: i32, y: i32, seed: u32) -> f32 {
    let mut h = (x as u32).wrapping_mul(0x27d4_eb2d)
        ^ (y as u32).wrapping_mul(0x1656_67b1)
        ^ seed.wrapping_mul(0x9e37_79b9);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    (h & 0xffff) as f32 / 65535.0
}

/// Fractal noise: `octaves` layers of `noise`, each twice as fine and half as strong.
fn fbm(x: f32, y: f32, octaves: u32, seed: u32) -> f32 {
    let (mut sum, mut amplitude, mut frequency, mut total) = (0.0, 1.0, 1.0, 0.0);
    for octave in 0..octaves {
        sum += noise(x * frequency, y * frequency, seed + octave) * amplitude;
        total += amplitude;
        amplitude *= 0.5;
        frequency *= 2.0;
    }
    sum / total
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// The scene at `width` x `height`, with the film grain of seed `grain` (0: none).
fn render(scene: Scene, width: u32, height: u32, grain: u32) -> RgbImage {
    let mut image = RgbImage::new(width, height);
    let strength = if grain == 0 { 0.0 } else { 14.0 };
    for (x, y, pixel) in image.enumerate_pixels_mut() {
        let u = x as f32 / width as f32;
        let v = y as f32 / height as f32;
        let colour = match scene {
            Scene::Dusk => dusk(u, v, x, y),
            Scene::Harbour => harbour(u, v),
            Scene::Terraces => terraces(u, v),
        };
        // Film grain: what makes a photo a photo to a JPEG encoder.
        let grain = (lattice(x as i32, y as i32, grain) - 0.5) * strength;
        *pixel = image::Rgb(colour.map(|c| (c * 255.0 + grain).clamp(0.0, 255.0) as u8));
    }
    image
}

/// A hill line: the height (0 top .. 1 bottom) of a ridge at `u`.
fn ridge(u: f32, base: f32, height: f32, seed: u32) -> f32 {
    base - fbm(u * 6.0, 0.5, 5, seed) * height
}

fn dusk(u: f32, v: f32, x: u32, y: u32) -> [f32; 3] {
    let horizon = 0.62;
    let sun = ((u - 0.68).powi(2) + ((v - 0.5) * 1.5).powi(2)).sqrt();
    let mut sky = mix(
        [0.98, 0.62, 0.33],
        [0.23, 0.16, 0.38],
        (horizon - v) / horizon * 1.4,
    );
    sky = mix(sky, [1.0, 0.93, 0.75], 1.0 - sun * 9.0);
    let clouds = fbm(u * 5.0, v * 14.0, 5, 3);
    sky = mix(
        sky,
        [0.55, 0.33, 0.42],
        (clouds - 0.55) * 3.0 * (1.0 - v * 1.2),
    );
    let far = ridge(u, 0.6, 0.2, 11);
    if v < far {
        return sky;
    }
    // City: blocks of buildings with lit windows, in front of the far hills.
    let block = (u * 70.0).floor();
    let top = 0.5 + lattice(block as i32, 0, 5) * 0.1;
    if v < horizon {
        if v > top {
            let window =
                x % 14 < 6 && y % 18 < 8 && lattice((x / 14) as i32, (y / 18) as i32, 8) > 0.6;
            return if window {
                [0.98, 0.84, 0.5]
            } else {
                mix(
                    [0.12, 0.1, 0.18],
                    [0.2, 0.15, 0.24],
                    lattice(block as i32, 1, 6),
                )
            };
        }
        return mix(sky, [0.36, 0.25, 0.4], 0.7);
    }
    // The river mirrors the sky, broken by ripples.
    let ripple = fbm(u * 40.0, v * 300.0, 3, 21);
    let mirrored = 2.0 * horizon - v;
    let reflection = mix(
        [0.98, 0.62, 0.33],
        [0.23, 0.16, 0.38],
        (horizon - mirrored) / horizon * 1.4,
    );
    let glitter = if (u - 0.68).abs() < 0.04 + (v - horizon) * 0.3 && ripple > 0.55 {
        0.6
    } else {
        0.0
    };
    mix(
        mix(
            reflection,
            [0.08, 0.07, 0.15],
            (v - horizon) * 1.6 + ripple * 0.3,
        ),
        [1.0, 0.9, 0.7],
        glitter,
    )
}

fn harbour(u: f32, v: f32) -> [f32; 3] {
    let horizon = 0.55;
    if v < horizon {
        let sky = mix(
            [0.55, 0.75, 0.95],
            [0.2, 0.45, 0.8],
            (horizon - v) / horizon,
        );
        let clouds = fbm(u * 4.0, v * 10.0, 6, 31);
        let hill = ridge(u, horizon, 0.12, 41);
        if v > hill {
            let trees = fbm(u * 80.0, v * 80.0, 4, 42);
            return mix([0.16, 0.32, 0.2], [0.3, 0.45, 0.28], trees);
        }
        return mix(sky, [0.97, 0.97, 0.98], (clouds - 0.5) * 2.5);
    }
    let depth = (v - horizon) / (1.0 - horizon);
    let waves = fbm(u * 30.0 / (depth + 0.1), v * 120.0, 4, 51);
    let mut sea = mix([0.3, 0.55, 0.7], [0.05, 0.22, 0.35], depth);
    sea = mix(sea, [0.85, 0.92, 0.97], (waves - 0.62) * 3.0);
    // Boats: white hulls with red stripes.
    for (n, (bu, bv)) in [(0.2, 0.7), (0.45, 0.62), (0.75, 0.8)]
        .into_iter()
        .enumerate()
    {
        let scale = 0.03 + (bv - horizon) * 0.12;
        if (u - bu).abs() < scale * 2.0 && v > bv - scale * 0.5 && v < bv {
            let stripe = v > bv - scale * 0.2;
            return if stripe {
                [0.75, 0.1, 0.12]
            } else {
                [0.95, 0.95, 0.92 - n as f32 * 0.05]
            };
        }
    }
    sea
}

fn terraces(u: f32, v: f32) -> [f32; 3] {
    let sky_line = ridge(u, 0.3, 0.15, 61);
    if v < sky_line {
        let haze = fbm(u * 3.0, v * 8.0, 5, 62);
        return mix([0.78, 0.85, 0.9], [0.6, 0.72, 0.85], haze + (0.3 - v));
    }
    // Curved bands of paddies, each a little different in green, with water shining in some.
    let band = (v * 26.0 + (u * 7.0).sin() * 0.8 + fbm(u * 3.0, v * 3.0, 3, 63) * 2.0).floor();
    let shade = lattice(band as i32, 3, 64);
    let leaves = fbm(u * 220.0, v * 220.0, 3, 65);
    let green = mix(
        [0.32, 0.55, 0.18],
        [0.58, 0.72, 0.25],
        shade * 0.7 + leaves * 0.3,
    );
    let water = shade > 0.85;
    let edge =
        (v * 26.0 + (u * 7.0).sin() * 0.8 + fbm(u * 3.0, v * 3.0, 3, 63) * 2.0).fract() < 0.06;
    if edge {
        [0.35, 0.28, 0.18]
    } else if water {
        mix([0.7, 0.8, 0.85], green, leaves * 0.5)
    } else {
        mix(green, [0.2, 0.3, 0.12], (v - sky_line) * 0.4)
    }
}
