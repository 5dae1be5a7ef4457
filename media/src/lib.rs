//! Evidence file pipeline: turns an uploaded photo or PDF into the bytes we are willing to store.
//!
//! Institution managers and assessors photograph dormitories, kitchens and documents as evidence for
//! accreditation. Those uploads are untrusted input and personal data at the same time, so this crate
//! decides, before anything is stored:
//!
//! - what the file really is, from its content ([`detect`]), never from its name;
//! - that it cannot exhaust the server: byte size first, then pixel count and the bytes of pixel
//!   memory the decode will need, both from the header, then `image`'s own allocation limits while
//!   decoding; [`Limits::peak_bytes_per_job`] is the resulting ceiling for one call of [`process`];
//! - that it is complete: a truncated upload is refused rather than stored with a grey half;
//! - that photos are stored upright and carry no metadata: the location of a child-care home, the
//!   phone and the capture time are removed by re-encoding from pixels (see `photo`), and PDFs lose
//!   their author, software and XMP metadata (see `pdf`);
//! - a content address ([`Processed::sha256`]) so identical evidence is stored once and any later
//!   change to stored bytes is detectable.
//!
//! Everything is synchronous and works on the given bytes only, so the server runs [`process`] inside
//! `spawn_blocking` behind its semaphore and tests need no runtime or file system.

mod budget;
mod error;
mod jpeg;
mod pdf;
mod pdf_budget;
mod photo;
mod resize;
mod sniff;

use sha2::{Digest, Sha256};

pub use error::MediaError;

/// Decode steps exposed separately so the benchmark measures the real code, step by step.
/// Not a stable API: the server calls [`process`] only.
#[doc(hidden)]
pub mod steps {
    pub use crate::photo::{decode_rgb, encode_jpeg, upright};
    pub use crate::resize::shrink_to_fit;
}

/// Bounds on what an upload may cost and how large the stored result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// A phone photo is 2-8 MB and a scanned multi-page PDF rarely more; 15 MiB leaves room for both
    /// while capping what one request can make the server hash and decode.
    pub max_bytes: usize,
    /// 50 MP admits what phones save by default (12-50 MP; larger sensors bin down unless the user
    /// opts out) while refusing decompression bombs: a few-KB file whose header claims 400 MP would
    /// otherwise make the server allocate over 1 GB.
    pub max_pixels: u64,
    /// Bytes one upload may make the pipeline hold at once, worked out from headers before any
    /// decoding: for photos every full-resolution buffer (decoder output and working memory, colour
    /// conversion, resize source and scratch; see `budget`), for PDFs lopdf's parsed objects and
    /// cross-reference tables (see `pdf_budget`). The pixel limit alone is not enough: 16-bit RGBA
    /// is 8 bytes a pixel, a progressive JPEG keeps 2 bytes per coefficient besides its pixels, and
    /// a PDF of tiny objects grows a hundredfold when parsed. 224 MiB admits a 12 MP photo in every
    /// common layout and an 8-bit 50 MP baseline JPEG.
    pub max_decode_bytes: usize,
    /// 2048 px on the long edge keeps a photographed document legible on an assessor's screen with a
    /// quarter of the pixels of a 12 MP phone photo to store and download.
    pub long_edge: u32,
    /// Thumbnails fill evidence lists on slow mobile connections, so they stay a few tens of KB.
    pub thumb_edge: u32,
    /// Around 80 JPEG artefacts on photos of rooms and paper become hard to see at the stored size;
    /// higher settings mostly buy larger files.
    pub jpeg_quality: u8,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 15 * 1024 * 1024,
            max_pixels: 50_000_000,
            max_decode_bytes: 224 * 1024 * 1024,
            long_edge: 2048,
            thumb_edge: 320,
            jpeg_quality: 82,
        }
    }
}

/// Allocations that are neither a copy of the upload nor counted in `max_decode_bytes`: Huffman and
/// quantisation tables, MCU-row and upsampling buffers, png's inflate state and rows, resize
/// coefficients, EXIF and ICC copies, the encoders' growing output. `tests/memory.rs` finds under
/// 2 MB of these for every layout it measures.
const WORKING_SLACK: usize = 16 * 1024 * 1024;

impl Limits {
    /// The most memory one [`process`] call allocates, in bytes, not counting the upload it is given
    /// (the caller holds that): with the defaults 255 MiB. Size the number of concurrent jobs from a
    /// memory budget with it, e.g. `budget / limits.peak_bytes_per_job()`.
    ///
    /// Made of: one copy of the upload (the JPEG decoder copies its input), then whichever is larger
    /// of the decode budget (pixel buffers, or lopdf's parsed PDF) and the stored-size phase (the
    /// stored image, its upright copy, the thumbnail and encoded output), plus slack.
    /// `tests/memory.rs` measures real peaks against it with a counting allocator.
    pub fn peak_bytes_per_job(&self) -> usize {
        let edge = self.long_edge.clamp(1, resize::JPEG_MAX_SIDE) as usize;
        let stored = edge.saturating_mul(edge).saturating_mul(3);
        self.max_bytes.saturating_add(self.max_decode_bytes.max(stored.saturating_mul(4))).saturating_add(WORKING_SLACK)
    }
}

/// What kind of evidence a file is, which decides how it is stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Photo,
    Pdf,
}

/// The result of [`process`]: exactly what should be stored, plus what the server needs to serve it.
#[derive(Debug, Clone)]
pub struct Processed {
    pub kind: Kind,
    /// Lowercase hex SHA-256 of [`Processed::bytes`] (not of the upload), so the same stored content
    /// always has the same address and duplicates can be detected.
    pub sha256: String,
    /// Normalised JPEG for photos; for PDFs the document rewritten without its metadata.
    pub bytes: Vec<u8>,
    /// Decided here, from content, so the server never echoes the uploader's claimed type.
    pub content_type: &'static str,
    /// JPEG with long edge at most [`Limits::thumb_edge`]; `None` for PDFs, which the UI shows as an icon.
    pub thumbnail: Option<Vec<u8>>,
    /// Of `bytes` for photos (after orientation and resizing); 0 for PDFs.
    pub width: u32,
    pub height: u32,
}

/// Identifies an upload by its magic bytes, because file names and browser-reported types are chosen
/// by the uploader.
pub fn detect(bytes: &[u8]) -> Option<Kind> {
    sniff::sniff(bytes).map(|format| match format {
        sniff::Format::Pdf => Kind::Pdf,
        sniff::Format::Jpeg | sniff::Format::Png | sniff::Format::WebP => Kind::Photo,
    })
}

/// Validates an upload and produces the bytes to store.
///
/// Cheap checks come first (size, magic bytes, header dimensions) so hostile or mistaken uploads are
/// refused before any expensive or memory-hungry work. CPU-bound: call it from `spawn_blocking`.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge { max_bytes: limits.max_bytes });
    }
    let format = sniff::sniff(bytes).ok_or(MediaError::UnsupportedType)?;
    match format.image_format() {
        None => {
            let cleaned = pdf::strip_metadata(bytes, limits.max_decode_bytes as u64)?;
            Ok(Processed {
                kind: Kind::Pdf,
                sha256: sha256_hex(&cleaned),
                bytes: cleaned,
                content_type: "application/pdf",
                thumbnail: None,
                width: 0,
                height: 0,
            })
        }
        Some(image_format) => {
            let photo = photo::normalise(bytes, image_format, limits)?;
            Ok(Processed {
                kind: Kind::Photo,
                sha256: sha256_hex(&photo.jpeg),
                bytes: photo.jpeg,
                content_type: "image/jpeg",
                thumbnail: Some(photo.thumbnail),
                width: photo.width,
                height: photo.height,
            })
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
