//! The memory model of `media::Limits` checked against what the pipeline really allocates.
//!
//! A counting global allocator records the peak of live heap bytes while `process` runs. For each
//! input the test first asks the pipeline what the image needs (by refusing it with a zero budget),
//! then runs it with exactly that budget and checks the measured peak stays below
//! `Limits::peak_bytes_per_job` for that budget. An undercounted buffer in the model (or a decoder
//! upgrade that allocates more) makes the measured peak exceed the ceiling and fails here.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::ImageFormat;
use media::{Limits, MediaError, process};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The allocator counts every thread, so each test holds this for its whole run, input building
/// included; otherwise one test's inputs would show up in another's peak.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

// SAFETY: defers every operation to the system allocator and only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        ptr
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as if old and new coexisted, which is the worst case of a moving realloc.
            let live = LIVE.fetch_add(new_size, Ordering::SeqCst) + new_size;
            PEAK.fetch_max(live, Ordering::SeqCst);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes allocated by `f` above what was live when it started.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    f();
    PEAK.load(Ordering::SeqCst) - base
}

/// Runs `bytes` with exactly the pixel budget it needs and returns (needed, measured peak, ceiling).
const TOLERANCE: u64 = 4 * 1024 * 1024;

/// Call while holding [`alone`].
fn measure(name: &str, bytes: &[u8]) -> (u64, usize, usize) {
    let needed = match process(bytes, &Limits { max_decode_bytes: 0, ..Limits::default() }) {
        Err(MediaError::TooMuchMemory { needed_bytes, .. }) => needed_bytes,
        other => panic!("{name}: expected a budget refusal, got {other:?}"),
    };
    let limits = Limits { max_decode_bytes: needed as usize, ..Limits::default() };
    let peak = peak_of(|| {
        process(bytes, &limits).unwrap_or_else(|e| panic!("{name}: refused within its own budget: {e:?}"));
    });
    let ceiling = limits.peak_bytes_per_job();
    eprintln!("{name}: model {needed} B, measured peak {peak} B, ceiling {ceiling} B");
    assert!(peak <= ceiling, "{name}: peak {peak} B exceeds the ceiling {ceiling} B");
    // Tighter than the ceiling, whose slack would hide a buffer the model forgot: the model plus
    // the decoder's copy of the upload plus 4 MiB of tables and row buffers.
    assert!(peak as u64 <= needed + bytes.len() as u64 + TOLERANCE, "{name}: model {needed} B undercounts {peak} B");
    // And not so generous that ordinary photos are refused for memory they never use.
    assert!(peak as u64 >= needed / 4 * 3, "{name}: model {needed} B overcounts {peak} B");
    (needed, peak, ceiling)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/photos").join(name)).unwrap()
}

fn jpeg(width: u16, height: u16, progressive: bool, sampling: jpeg_encoder::SamplingFactor) -> Vec<u8> {
    let pixels: Vec<u8> =
        (0..usize::from(width) * usize::from(height)).flat_map(|i| [(i % 251) as u8, 90, 30]).collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 60);
    encoder.set_progressive(progressive);
    encoder.set_sampling_factor(sampling);
    encoder.encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

#[test]
fn twelve_megapixel_baseline_jpeg_stays_under_its_ceiling() {
    let _alone = alone();
    measure("12 MP baseline JPEG", &fixture("bathroom-large-4000x3000.jpg"));
}

#[test]
fn progressive_jpegs_are_charged_for_their_coefficients() {
    let _alone = alone();
    use jpeg_encoder::SamplingFactor::{F_1_1, F_2_2};
    for (name, sampling) in [("progressive 4:4:4", F_1_1), ("progressive 4:2:0", F_2_2)] {
        let bytes = jpeg(3000, 2000, true, sampling);
        let (_, peak, _) = measure(name, &bytes);
        // The coefficients (2 bytes per sample) come on top of the RGB output.
        assert!(peak as u64 > 3000 * 2000 * 3 * 3 / 2, "{name}: peak {peak} should exceed the RGB output");
    }
}

#[test]
fn png_with_alpha_and_sixteen_bit_png_stay_under_their_ceilings() {
    let _alone = alone();
    measure("8-bit RGBA PNG 4000x3000", &common::flat_png(4000, 3000, 8, 6));
    measure("16-bit RGB PNG 3000x2000", &common::flat_png(3000, 2000, 16, 2));
    measure("16-bit RGBA PNG 2000x1500", &common::flat_png(2000, 1500, 16, 6));
}

#[test]
fn webp_stays_under_its_ceiling() {
    let _alone = alone();
    let scene = image::RgbImage::from_fn(2000, 1500, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut webp = Vec::new();
    scene.write_to(&mut std::io::Cursor::new(&mut webp), ImageFormat::WebP).unwrap();
    measure("lossless WebP 2000x1500", &webp);
}

#[test]
fn refused_bomb_allocates_almost_nothing() {
    let _alone = alone();
    let bytes = common::flat_png(7000, 7000, 16, 6);
    let peak =
        peak_of(|| assert!(matches!(process(&bytes, &Limits::default()), Err(MediaError::TooMuchMemory { .. }))));
    assert!(peak < 1024 * 1024, "refusing from the header allocated {peak} bytes");
}

#[test]
fn pdf_stays_under_the_default_ceiling() {
    let _alone = alone();
    let bytes = fixture("sop-document.pdf");
    let peak = peak_of(|| drop(process(&bytes, &Limits::default()).unwrap()));
    assert!(peak < Limits::default().peak_bytes_per_job(), "PDF peak {peak}");
}

/// One page, plus whatever `extra` adds; written by lopdf so the cross-reference table is right.
fn pdf_with(extra: impl FnOnce(&mut lopdf::Document)) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&fixture("sop-document.pdf")).unwrap();
    extra(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// `[0 0 0 ...]` costs lopdf about 190 bytes per 2-byte element: 1.5 GB for a 15 MiB upload.
#[test]
fn pdf_of_millions_of_tiny_objects_is_refused_before_parsing() {
    let _alone = alone();
    let limits = Limits::default();
    let zeros = lopdf::Object::Array(vec![lopdf::Object::Integer(0); 7_000_000]);
    let bytes = pdf_with(|doc| {
        doc.add_object(zeros);
    });
    assert!(bytes.len() <= limits.max_bytes, "{} bytes", bytes.len());
    let mut result = None;
    let peak = peak_of(|| result = Some(process(&bytes, &limits)));
    assert!(matches!(result.unwrap(), Err(MediaError::PdfTooComplex { .. })));
    assert!(peak < limits.peak_bytes_per_job(), "the refusal itself took {peak} bytes");
}

/// Object streams are inflated by lopdf while loading, each up to 1 MiB; each of these holds an
/// array of half a million zeros (about 100 MB parsed) in a few KB of deflate.
#[test]
fn pdf_whose_object_streams_would_exceed_the_budget_is_refused() {
    let _alone = alone();
    let limits = Limits::default();
    // Written by hand: lopdf's writer leaves object streams out.
    let mut pdf = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for body in [
        &b"<< /Type /Catalog /Pages 2 0 R >>"[..],
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] >>",
    ] {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", offsets.len()).bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    for n in 0..8 {
        let mut body = format!("{} 0 ", 1000 + n).into_bytes();
        let first = body.len();
        body.push(b'[');
        body.extend(std::iter::repeat_n(b"0 ", 500_000).flatten());
        body.push(b']');
        let mut deflated = lopdf::Stream::new(lopdf::Dictionary::new(), body);
        deflated.compress().unwrap();
        offsets.push(pdf.len());
        let head = format!(
            "{} 0 obj\n<< /Type /ObjStm /N 1 /First {first} /Filter /FlateDecode /Length {} >>\nstream\n",
            offsets.len(),
            deflated.content.len()
        );
        pdf.extend(head.bytes());
        pdf.extend_from_slice(&deflated.content);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).bytes());
    for offset in &offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).bytes());
    let bytes = pdf;
    assert!(bytes.len() < 200_000, "small upload: {} bytes", bytes.len());
    let mut result = None;
    let peak = peak_of(|| result = Some(process(&bytes, &limits)));
    let result = result.unwrap().map(|p| p.bytes.len());
    eprintln!(
        "object streams: {result:?}, peak {peak}, input {} bytes, ObjStm at {:?}",
        bytes.len(),
        bytes.windows(6).position(|w| w == b"ObjStm")
    );
    assert!(matches!(result, Err(MediaError::PdfTooComplex { .. })), "{result:?}");
    assert!(peak < limits.peak_bytes_per_job(), "peak {peak} bytes");
}
