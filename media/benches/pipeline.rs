//! Cost of one evidence photo upload, end to end and step by step.
//!
//! Input is the committed 12 MP fixture (4000x3000, like a mid-range phone camera) so figures are
//! comparable between runs and machines. Run with:
//! `cargo bench -p media -- --warm-up-time 1 --measurement-time 5 --sample-size 10`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::ImageFormat;
use media::{Limits, process, steps};

const PHOTO_12MP: &[u8] = include_bytes!("../../fixtures/photos/bathroom-large-4000x3000.jpg");

fn pipeline(c: &mut Criterion) {
    let limits = Limits::default();
    let (decoded, _) = steps::decode_rgb(PHOTO_12MP, ImageFormat::Jpeg, &limits).expect("fixture decodes");
    assert_eq!(decoded.dimensions(), (4000, 3000));
    let stored = steps::shrink_to_fit(&decoded, limits.long_edge).expect("12 MP is above the long edge");

    c.bench_function("process 12MP JPEG (decode+resize+thumbnail+encode+hash)", |b| {
        b.iter(|| process(black_box(PHOTO_12MP), &limits).unwrap())
    });
    c.bench_function("decode 12MP JPEG to RGB8", |b| {
        b.iter(|| steps::decode_rgb(black_box(PHOTO_12MP), ImageFormat::Jpeg, &limits).unwrap())
    });
    c.bench_function("resize 4000x3000 -> 2048x1536 fast_image_resize Lanczos3", |b| {
        b.iter(|| steps::shrink_to_fit(black_box(&decoded), limits.long_edge).unwrap())
    });
    // The alternative this crate avoids, kept to back the claim in `resize.rs`.
    c.bench_function("resize 4000x3000 -> 2048x1536 image::imageops Lanczos3", |b| {
        b.iter(|| image::imageops::resize(black_box(&decoded), 2048, 1536, image::imageops::FilterType::Lanczos3))
    });
    c.bench_function("encode 2048x1536 JPEG q82", |b| {
        b.iter(|| steps::encode_jpeg(black_box(&stored), limits.jpeg_quality))
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
