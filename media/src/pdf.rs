//! PDF acceptance and metadata removal.
//!
//! A PDF's document information (author, the software and machine that made it, creation times)
//! and its XMP metadata can name the staff member or the device that scanned a child's file, so
//! they are removed before storing, as EXIF is removed from photos. Unlike photos, PDFs cannot be
//! rebuilt from pixels; the document is parsed, the metadata entries are dropped, and the remaining
//! objects are written out as a fresh single-revision file. Rewriting also drops earlier revisions
//! of an incrementally updated file, which would otherwise keep the old metadata in the bytes.
//! The cost: a digital signature over the original bytes no longer verifies, and a file we cannot
//! parse (or that is encrypted, so we cannot read or clean it) is refused.

use lopdf::{Dictionary, Document, LoadOptions, Object};

use crate::MediaError;
use crate::pdf_budget::{self, MAX_INFLATED_STREAM};
use crate::sniff::PDF;

/// Readers look for the end-of-file marker near the end; the spec allows trailing junk, and 1024 bytes
/// is the window that PDF readers such as pdf.js and Acrobat tolerate.
const EOF_WINDOW: usize = 1024;
const EOF_MARKER: &[u8] = b"%%EOF";

/// Entries that carry metadata about the document rather than its content: XMP packets (on the
/// catalog, pages, images, fonts) and application-private data (Illustrator, Acrobat PieceInfo).
const METADATA_KEYS: [&[u8]; 2] = [b"Metadata", b"PieceInfo"];

/// An interrupted upload produces a file that starts right and ends early; that is refused cheaply
/// before parsing.
pub(crate) fn is_complete(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    bytes.starts_with(PDF) && tail.windows(EOF_MARKER.len()).any(|w| w == EOF_MARKER)
}

/// Returns the PDF without its document information dictionary, file identifier and metadata
/// streams; `InvalidPdf` if it is incomplete, unparseable, encrypted or has no pages, and
/// `PdfTooComplex` if parsing it could need more than `max_bytes` (see `pdf_budget`).
pub(crate) fn strip_metadata(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, MediaError> {
    if !is_complete(bytes) {
        return Err(MediaError::InvalidPdf);
    }
    let scan = pdf_budget::scan(bytes);
    // Refused before parsing: lopdf's encrypted path decrypts object streams without our filter.
    if scan.encrypted {
        return Err(MediaError::InvalidPdf);
    }
    let too_complex = MediaError::PdfTooComplex { needed_bytes: scan.bytes_needed, max_bytes };
    let Some(object_streams) = max_bytes.checked_sub(scan.bytes_needed) else { return Err(too_complex) };
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_INFLATED_STREAM),
        filter: Some(pdf_budget::charge_object_streams),
        ..LoadOptions::default()
    };
    let loaded =
        pdf_budget::with_object_stream_budget(object_streams, || Document::load_mem_with_options(bytes, options));
    let mut doc = loaded.ok_or(too_complex)?.map_err(|_| MediaError::InvalidPdf)?;
    // lopdf decrypts files whose user password is empty; they are still refused because the owner
    // chose to restrict the document and a rewritten copy would silently drop that restriction.
    if doc.is_encrypted() || doc.was_encrypted() || doc.get_pages().is_empty() {
        return Err(MediaError::InvalidPdf);
    }

    // The Info dictionary holds Author, Creator, Producer, dates and any custom keys; /ID is a
    // fingerprint that links copies of one file (often derived from its path and creation time).
    doc.trailer.remove(b"Info");
    doc.trailer.remove(b"ID");
    for object in doc.objects.values_mut() {
        match object {
            Object::Dictionary(dict) => remove_metadata_keys(dict),
            Object::Stream(stream) => remove_metadata_keys(&mut stream.dict),
            _ => {}
        }
    }
    // XMP streams are found by their type too, in case something refers to them by another key.
    let xmp: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, object)| object.as_stream().is_ok_and(|s| s.dict.has_type(b"Metadata")))
        .map(|(&id, _)| id)
        .collect();
    for id in xmp {
        doc.objects.remove(&id);
    }
    // Whatever only the removed entries referred to (the Info dictionary, XMP streams) goes too.
    doc.prune_objects();

    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|_| MediaError::InvalidPdf)?;
    Ok(out)
}

fn remove_metadata_keys(dict: &mut Dictionary) {
    for key in METADATA_KEYS {
        dict.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_header_and_a_late_eof_marker() {
        assert!(is_complete(b"%PDF-1.4\n...\n%%EOF\n"));
        assert!(!is_complete(b"%PDF-1.4\n...\n"));
        assert!(!is_complete(b"%%EOF"));
        // An incremental-update PDF can contain an early %%EOF; only the end of the file counts.
        let mut cut = b"%PDF-1.4\n%%EOF\n".to_vec();
        cut.extend(std::iter::repeat_n(b' ', EOF_WINDOW));
        assert!(!is_complete(&cut));
    }

    #[test]
    fn complete_looking_garbage_is_invalid() {
        assert_eq!(strip_metadata(b"%PDF-1.4\nnot a pdf\n%%EOF\n", u64::MAX), Err(MediaError::InvalidPdf));
    }
}
