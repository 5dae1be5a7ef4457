//! Evidence file pipeline: turns an uploaded photo or PDF into the bytes we are willing to store.
//!
//! Institution managers and assessors photograph dormitories, kitchens and documents as evidence for
//! accreditation. Those uploads are untrusted input and personal data at the same time, so this crate
//! decides, before anything is stored:
//!
//! - what the file really is, from its content ([`detect`]), never from its name;
//! - that it cannot exhaust the server: byte size first, then pixel count from the header, then
//!   `image`'s own allocation limits while decoding;
//! - that photos are stored upright and carry no metadata: the location of a child-care home, the
//!   phone and the capture time are removed by re-encoding from pixels (see `photo`);
//! - a content address ([`Processed::sha256`]) so identical evidence is stored once and any later
//!   change to stored bytes is detectable.
//!
//! Everything is synchronous and works on the given bytes only, so the server runs [`process`] inside
//! `spawn_blocking` behind its semaphore and tests need no runtime or file system.

mod error;
mod pdf;
mod photo;
mod resize;
mod sniff;

use sha2::{Digest, Sha256};

pub use error::MediaError;

/// Decode steps exposed separately so the benchmark measures the real code, step by step.
/// Not a stable API: the server calls [`process`] only.
#[doc(hidden)]
pub mod steps {
    pub use crate::photo::{decode_upright, encode_jpeg};
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
            long_edge: 2048,
            thumb_edge: 320,
            jpeg_quality: 82,
        }
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
    /// Normalised JPEG for photos; the PDF unchanged.
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
            if !pdf::is_complete(bytes) {
                return Err(MediaError::InvalidPdf);
            }
            Ok(Processed {
                kind: Kind::Pdf,
                sha256: sha256_hex(bytes),
                bytes: bytes.to_vec(),
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
