//! End-to-end behaviour of the evidence pipeline on the fixtures in `fixtures/photos/`
//! (regenerate them with `fixtures/photos/make_fixtures.py`).

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::{DynamicImage, GenericImageView, ImageFormat};
use media::{Kind, Limits, MediaError, detect, process};
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/photos").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("fixture {}: {err}", path.display()))
}

fn decode(jpeg: &[u8]) -> DynamicImage {
    assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF]), "output is not a JPEG");
    image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).expect("output decodes")
}

/// Every marker segment in a JPEG, scan data skipped: (marker, payload without the length field).
fn segments(jpeg: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    let mut i = 2; // after SOI
    while i + 1 < jpeg.len() {
        assert_eq!(jpeg[i], 0xFF, "expected a marker at byte {i}");
        let marker = jpeg[i + 1];
        if marker == 0xD9 {
            out.push((marker, &jpeg[i..i]));
            break;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        out.push((marker, &jpeg[i + 4..i + 2 + len]));
        i += 2 + len;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
            while i + 1 < jpeg.len() && !(jpeg[i] == 0xFF && jpeg[i + 1] != 0 && !(0xD0..=0xD7).contains(&jpeg[i + 1]))
            {
                i += 1;
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Tags of IFD0 in an EXIF APP1 payload; 0x8825 is the pointer to the GPS IFD.
fn exif_ifd0_tags(app1: &[u8]) -> Vec<u16> {
    let tiff = app1.strip_prefix(b"Exif\0\0").expect("APP1 is EXIF");
    let big_endian = &tiff[..2] == b"MM";
    let u16_at = |at: usize| {
        let b = [tiff[at], tiff[at + 1]];
        if big_endian { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) }
    };
    let u32_at = |at: usize| {
        let b = [tiff[at], tiff[at + 1], tiff[at + 2], tiff[at + 3]];
        if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) }
    };
    let ifd0 = u32_at(4) as usize;
    (0..usize::from(u16_at(ifd0))).map(|n| u16_at(ifd0 + 2 + n * 12)).collect()
}

/// Only what a bare baseline JPEG needs; any APPn or COM segment could carry metadata.
fn assert_metadata_free(jpeg: &[u8]) {
    for (marker, payload) in segments(jpeg) {
        match marker {
            0xDB | 0xC0 | 0xC4 | 0xDA | 0xDD | 0xD9 => {}
            0xE0 => {
                assert!(payload.starts_with(b"JFIF\0"), "APP0 is not a plain JFIF header");
                assert!(payload.len() <= 14, "JFIF header carries an embedded thumbnail");
            }
            other => panic!("unexpected segment FF{other:02X} ({} bytes) in output", payload.len()),
        }
    }
    for leak in [&b"Exif\0\0"[..], b"Samsung", b"Galaxy A14", b"2025:03:14"] {
        assert!(!contains(jpeg, leak), "output still contains {:?}", String::from_utf8_lossy(leak));
    }
}

/// Mean colour of a square of `side` px centred at (cx, cy).
fn mean_rgb(image: &DynamicImage, cx: u32, cy: u32, side: u32) -> [u32; 3] {
    let rgb = image.to_rgb8();
    let mut sum = [0u32; 3];
    for y in cy - side / 2..cy + side / 2 {
        for x in cx - side / 2..cx + side / 2 {
            for (s, c) in sum.iter_mut().zip(rgb.get_pixel(x, y).0) {
                *s += u32::from(c);
            }
        }
    }
    sum.map(|s| s / (side * side))
}

fn is_red([r, g, b]: [u32; 3]) -> bool {
    r > 180 && g < 70 && b < 70
}

fn is_green([r, g, b]: [u32; 3]) -> bool {
    g > 150 && r < 70 && b < 90
}

#[test]
fn exif_rotated_photo_with_gps_is_stored_upright_and_without_metadata() {
    let input = fixture("kitchen-rotated-exif6-gps.jpg");
    // Guard the fixture itself: without this the stripping assertions below would prove nothing.
    let app1 = segments(&input).into_iter().find(|(m, _)| *m == 0xE1).expect("fixture has APP1").1;
    assert!(exif_ifd0_tags(app1).contains(&0x8825), "fixture has a GPS IFD");
    assert!(contains(&input, b"Samsung") && contains(&input, b"2025:03:14"));
    assert!(std::panic::catch_unwind(|| assert_metadata_free(&input)).is_err(), "the checker must see EXIF");

    let out = process(&input, &Limits::default()).unwrap();
    assert_eq!(out.kind, Kind::Photo);
    assert_eq!(out.content_type, "image/jpeg");
    assert_metadata_free(&out.bytes);

    // Stored as 1600x1200 landscape pixels with Orientation=6: upright it is portrait, and small
    // enough that it must not be upscaled.
    assert_eq!((out.width, out.height), (1200, 1600));
    let image = decode(&out.bytes);
    assert_eq!(image.dimensions(), (1200, 1600));
    assert!(out.width.max(out.height) <= 2048);

    // Rotating 90 degrees clockwise takes the stored top-left red block to the top-right and the
    // stored top-right green block to the bottom-right. A mirror or a rotation the wrong way would not.
    assert!(is_red(mean_rgb(&image, 1200 - 120, 120, 100)), "red marker not at top-right");
    assert!(is_green(mean_rgb(&image, 1200 - 120, 1600 - 120, 100)), "green marker not at bottom-right");
    for (x, y) in [(120, 120), (120, 1600 - 120)] {
        let colour = mean_rgb(&image, x, y, 100);
        assert!(!is_red(colour) && !is_green(colour), "marker found at ({x},{y})");
    }

    let thumb = out.thumbnail.expect("photos have a thumbnail");
    assert_metadata_free(&thumb);
    let thumb = decode(&thumb);
    assert_eq!(thumb.dimensions(), (240, 320));
    assert!(is_red(mean_rgb(&thumb, 240 - 18, 18, 16)), "thumbnail not rotated like the photo");
}

#[test]
fn twelve_megapixel_photo_is_scaled_to_the_long_edge_keeping_aspect() {
    let out = process(&fixture("bathroom-large-4000x3000.jpg"), &Limits::default()).unwrap();
    assert_eq!(out.width, 2048);
    assert!(out.height.abs_diff(2048 * 3000 / 4000) <= 1, "height {} breaks 4:3", out.height);
    assert_eq!(decode(&out.bytes).dimensions(), (out.width, out.height));
    assert_metadata_free(&out.bytes);
    let thumb = decode(out.thumbnail.as_deref().unwrap());
    assert_eq!(thumb.width(), 320);
    assert!(thumb.height().abs_diff(240) <= 1);
    // Re-encoding at 2048 px should be far smaller than the 12 MP upload it replaces.
    assert!(out.bytes.len() < 1_000_000, "stored photo is {} bytes", out.bytes.len());
}

#[test]
fn photo_within_the_long_edge_keeps_its_size_and_is_content_addressed() {
    let out = process(&fixture("dormitory-landscape.jpg"), &Limits::default()).unwrap();
    assert_eq!((out.width, out.height), (1600, 1200));
    assert_eq!(out.sha256, hex::encode(Sha256::digest(&out.bytes)));
    assert_eq!(out.sha256.len(), 64);
    assert!(out.sha256.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    assert_eq!(decode(out.thumbnail.as_deref().unwrap()).dimensions(), (320, 240));
}

#[test]
fn same_input_gives_same_hash_and_different_inputs_differ() {
    let limits = Limits::default();
    let dormitory = fixture("dormitory-landscape.jpg");
    let first = process(&dormitory, &limits).unwrap();
    let second = process(&dormitory, &limits).unwrap();
    assert_eq!(first.sha256, second.sha256);
    assert_eq!(first.bytes, second.bytes);
    let kitchen = process(&fixture("kitchen-rotated-exif6-gps.jpg"), &limits).unwrap();
    assert_ne!(first.sha256, kitchen.sha256);
    let pdf = process(&fixture("sop-document.pdf"), &limits).unwrap();
    assert_ne!(first.sha256, pdf.sha256);
}

#[test]
fn text_file_named_jpg_is_unsupported() {
    let bytes = fixture("not-an-image.jpg");
    assert_eq!(detect(&bytes), None);
    let err = process(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(err, MediaError::UnsupportedType);
    assert_eq!(err.message_key(), "media-unsupported");
}

#[test]
fn damaged_jpeg_is_corrupt() {
    let bytes = fixture("corrupt.jpg");
    assert_eq!(detect(&bytes), Some(Kind::Photo), "the header still says JPEG");
    let err = process(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(err, MediaError::Corrupt);
    assert_eq!(err.message_key(), "media-corrupt");
}

#[test]
fn decompression_bomb_is_refused_from_the_header_without_decoding() {
    let bytes = fixture("huge-20000x20000.jpg");
    assert!(bytes.len() < 10_000, "the bomb is tiny on disk");
    let started = Instant::now();
    let err = process(&bytes, &Limits::default()).unwrap_err();
    // Decoding 400 MP (1.2 GB of RGB) would take many seconds even in release builds.
    assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
    assert_eq!(err, MediaError::TooManyPixels { width: 20_000, height: 20_000, max_pixels: 50_000_000 });
    assert_eq!(err.message_key(), "media-too-many-pixels");
}

#[test]
fn pixel_limit_is_inclusive_and_uses_header_dimensions() {
    let bytes = fixture("dormitory-landscape.jpg");
    let exact = Limits { max_pixels: 1600 * 1200, ..Limits::default() };
    assert!(process(&bytes, &exact).is_ok());
    let below = Limits { max_pixels: 1600 * 1200 - 1, ..Limits::default() };
    assert_eq!(
        process(&bytes, &below).unwrap_err(),
        MediaError::TooManyPixels { width: 1600, height: 1200, max_pixels: 1600 * 1200 - 1 }
    );
}

#[test]
fn oversized_upload_is_refused_before_decoding() {
    let limits = Limits::default();
    // A JPEG signature followed by junk: decoding would say Corrupt, so TooLarge proves the order.
    let mut bytes = vec![0u8; limits.max_bytes + 1];
    bytes[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let err = process(&bytes, &limits).unwrap_err();
    assert_eq!(err, MediaError::TooLarge { max_bytes: limits.max_bytes });
    assert_eq!(err.message_key(), "media-too-large");

    let photo = fixture("dormitory-landscape.jpg");
    let exact = Limits { max_bytes: photo.len(), ..Limits::default() };
    assert!(process(&photo, &exact).is_ok(), "a file of exactly max_bytes is allowed");
}

#[test]
fn empty_upload_is_refused() {
    let err = process(&[], &Limits::default()).unwrap_err();
    assert_eq!(err, MediaError::Empty);
    assert_eq!(err.message_key(), "media-empty");
}

#[test]
fn png_with_alpha_becomes_jpeg_flattened_onto_white() {
    let input = fixture("health-room.png");
    assert_eq!(detect(&input), Some(Kind::Photo));
    assert!(image::load_from_memory(&input).unwrap().color().has_alpha(), "fixture has alpha");
    let out = process(&input, &Limits::default()).unwrap();
    assert_eq!(out.content_type, "image/jpeg");
    assert_metadata_free(&out.bytes);
    let image = decode(&out.bytes);
    assert_eq!(image.dimensions(), (640, 480));
    // The fixture's left 160 px are fully transparent over a coloured scene.
    let [r, g, b] = mean_rgb(&image, 80, 240, 100);
    assert!(r > 245 && g > 245 && b > 245, "transparent area is ({r},{g},{b}), not white");
    let opaque = mean_rgb(&image, 400, 400, 40);
    assert!(opaque.iter().any(|&c| c < 220), "opaque area lost its colour: {opaque:?}");
}

#[test]
fn webp_is_accepted_as_a_photo() {
    let mut webp = Vec::new();
    let scene = image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    scene.write_to(&mut std::io::Cursor::new(&mut webp), ImageFormat::WebP).unwrap();
    assert_eq!(detect(&webp), Some(Kind::Photo));
    let out = process(&webp, &Limits::default()).unwrap();
    assert_eq!(out.content_type, "image/jpeg");
    assert_eq!(decode(&out.bytes).dimensions(), (300, 200));
}

#[test]
fn pdf_cut_before_its_end_marker_is_invalid() {
    let input = fixture("sop-document.pdf");
    let eof = input.windows(5).rposition(|w| w == b"%%EOF").expect("fixture ends with %%EOF");
    let err = process(&input[..eof], &Limits::default()).unwrap_err();
    assert_eq!(err, MediaError::InvalidPdf);
    assert_eq!(err.message_key(), "media-invalid-pdf");
}

/// Each upload cut in half, as an interrupted mobile upload leaves it. Decoders happily fill the
/// missing half with grey, which would be stored as evidence of a room nobody saw.
#[test]
fn photos_cut_in_half_are_corrupt() {
    let mut webp = Vec::new();
    let scene = image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([(x * y % 256) as u8, (y % 256) as u8, 90]));
    scene.write_to(&mut std::io::Cursor::new(&mut webp), ImageFormat::WebP).unwrap();
    let inputs = [
        ("bathroom-large-4000x3000.jpg", fixture("bathroom-large-4000x3000.jpg")),
        ("dormitory-landscape.jpg", fixture("dormitory-landscape.jpg")),
        ("kitchen-rotated-exif6-gps.jpg", fixture("kitchen-rotated-exif6-gps.jpg")),
        ("health-room.png", fixture("health-room.png")),
        ("generated.webp", webp),
    ];
    for (name, bytes) in inputs {
        assert!(process(&bytes, &Limits::default()).is_ok(), "{name} is accepted whole");
        let half = &bytes[..bytes.len() / 2];
        assert_eq!(detect(half), Some(Kind::Photo), "{name}: the header survives the cut");
        let err = process(half, &Limits::default()).unwrap_err();
        assert_eq!(err, MediaError::Corrupt, "{name} cut in half");
        assert_eq!(err.message_key(), "media-corrupt");
    }
}

/// Losing only the last bytes leaves every pixel but no end marker; the upload was still interrupted.
#[test]
fn jpeg_missing_only_its_end_marker_is_corrupt() {
    let bytes = fixture("dormitory-landscape.jpg");
    assert_eq!(&bytes[bytes.len() - 2..], &[0xFF, 0xD9], "fixture ends with EOI");
    assert_eq!(process(&bytes[..bytes.len() - 2], &Limits::default()).unwrap_err(), MediaError::Corrupt);
}

/// Phones and editors append data after the end marker (Samsung trailers, "motion photo" videos);
/// such files are complete and must still be accepted, with the trailer dropped.
#[test]
fn jpeg_with_bytes_after_its_end_marker_is_accepted_and_trailer_dropped() {
    let mut bytes = fixture("dormitory-landscape.jpg");
    bytes.extend_from_slice(b"SEFHMotionPhoto_Data\xFF\xD8\xFF\xE1 trailing video bytes");
    let out = process(&bytes, &Limits::default()).unwrap();
    assert_eq!((out.width, out.height), (1600, 1200));
    assert!(!contains(&out.bytes, b"MotionPhoto"));
}

#[test]
fn generated_flat_png_is_a_valid_png() {
    // Guards the generator the memory tests rely on: a refusal proves nothing if the file is broken.
    for (depth, color, expected) in
        [(16, 6, image::ColorType::Rgba16), (8, 6, image::ColorType::Rgba8), (16, 2, image::ColorType::Rgb16)]
    {
        let image = image::load_from_memory_with_format(&common::flat_png(301, 97, depth, color), ImageFormat::Png)
            .expect("generated PNG decodes");
        assert_eq!((image.width(), image.height(), image.color()), (301, 97, expected));
    }
}

/// Under the 50 MP pixel limit, but 7000x7000 at 16-bit RGBA decodes to 392 MB (plus the RGBA8
/// copy made to flatten it): refused from the header, before any pixel memory is allocated.
#[test]
fn sixteen_bit_rgba_png_over_the_memory_budget_is_refused_before_decoding() {
    let bytes = common::flat_png(7000, 7000, 16, 6);
    assert!(bytes.len() < 3_000_000, "the file is small: {} bytes", bytes.len());
    let limits = Limits::default();
    assert!(7000 * 7000 <= limits.max_pixels, "the pixel limit alone lets it through");
    let started = Instant::now();
    let err = process(&bytes, &limits).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500), "took {:?}", started.elapsed());
    let MediaError::TooMuchMemory { width, height, needed_bytes, max_bytes } = err else {
        panic!("expected TooMuchMemory, got {err:?}");
    };
    assert_eq!((width, height, max_bytes), (7000, 7000, limits.max_decode_bytes as u64));
    assert!(needed_bytes >= 7000 * 7000 * 8, "the model counts 8 bytes per pixel: {needed_bytes}");
    assert_eq!(err.message_key(), "media-too-many-pixels");
}

/// The budget must not cost ordinary photos: 12 MP in 8-bit RGB (the phone default) and 8-bit RGBA.
#[test]
fn twelve_megapixel_eight_bit_photos_fit_the_memory_budget() {
    let limits = Limits::default();
    assert!(process(&fixture("bathroom-large-4000x3000.jpg"), &limits).is_ok());
    let out = process(&common::flat_png(4000, 3000, 8, 6), &limits).unwrap();
    assert_eq!((out.width, out.height), (2048, 1536));
}

#[test]
fn default_memory_ceiling_per_job_is_about_a_quarter_gibibyte() {
    let limits = Limits::default();
    assert_eq!(limits.peak_bytes_per_job(), 255 * 1024 * 1024);
    // Tightening a limit tightens the ceiling, so the server can size its semaphore from it.
    let smaller = Limits { max_decode_bytes: 64 * 1024 * 1024, ..Limits::default() };
    assert!(smaller.peak_bytes_per_job() < limits.peak_bytes_per_job());
}
