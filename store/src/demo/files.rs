//! The demo evidence files: a one-page PDF and a photo with its thumbnail, real files stored
//! the way an upload stores them (content-addressed by the SHA-256 of the stored bytes; a
//! photo with a JPEG thumbnail and its size, a PDF without either).

use crate::Result;
use crate::evidence::{Blob, BlobStore};
use domain::{EvidenceKind, Indicator};
use sha2::{Digest, Sha256};

/// "Dokumen contoh untuk data demo" on an A4 page, without metadata (as the upload pipeline
/// stores PDFs).
const DOCUMENT: &[u8] = include_bytes!("dokumen-contoh.pdf");
/// A synthetic room (no people, no EXIF): `fixtures/photos/dormitory-landscape.jpg` made
/// 480 × 360 and saved as the pipeline saves photos (JPEG quality 82); its thumbnail 320 × 240.
const PHOTO: &[u8] = include_bytes!("foto-contoh.jpg");
const PHOTO_THUMBNAIL: &[u8] = include_bytes!("foto-contoh.thumb.jpg");
pub(super) const PHOTO_SIZE: (i64, i64) = (480, 360);

/// One demo file and the facts an upload records about it.
pub(super) struct DemoFile {
    /// As evidence rows store it: 'photo' or 'document'.
    pub kind: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    pub thumbnail: Option<&'static [u8]>,
    pub width: i64,
    pub height: i64,
    pub sha256: String,
}

impl DemoFile {
    fn new(
        kind: &'static str,
        content_type: &'static str,
        bytes: &'static [u8],
        thumbnail: Option<&'static [u8]>,
        size: (i64, i64),
    ) -> DemoFile {
        DemoFile {
            kind,
            content_type,
            bytes,
            thumbnail,
            width: size.0,
            height: size.1,
            sha256: hex::encode(Sha256::digest(bytes)),
        }
    }

    pub fn blob(&self) -> Blob<'_> {
        Blob {
            sha256: &self.sha256,
            content_type: self.content_type,
            size_bytes: self.bytes.len() as i64,
            width: self.width,
            height: self.height,
        }
    }
}

pub(super) struct Files {
    pub photo: DemoFile,
    pub document: DemoFile,
}

impl Files {
    /// The demo files, written to `blobs` when given (once: the same address holds the same bytes).
    pub async fn keep(blobs: Option<&BlobStore>) -> Result<Files> {
        let files = Files {
            photo: DemoFile::new("photo", "image/jpeg", PHOTO, Some(PHOTO_THUMBNAIL), PHOTO_SIZE),
            document: DemoFile::new("document", "application/pdf", DOCUMENT, None, (0, 0)),
        };
        if let Some(blobs) = blobs {
            for f in [&files.photo, &files.document] {
                blobs.put(&f.sha256, f.bytes, f.thumbnail).await?;
            }
        }
        Ok(files)
    }

    /// The files an institution attaches to an indicator whose evidence must be uploaded: a
    /// photo where the instrument asks for one, a document where it asks for one.
    pub fn for_indicator(&self, indicator: &Indicator) -> Vec<&DemoFile> {
        let mut files = Vec::new();
        if indicator.evidence.contains(&EvidenceKind::Photo) {
            files.push(&self.photo);
        }
        if indicator.evidence.contains(&EvidenceKind::Document) {
            files.push(&self.document);
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width and height from a baseline or progressive JPEG's frame header.
    fn jpeg_size(bytes: &[u8]) -> Option<(i64, i64)> {
        let mut i = 2;
        while i + 9 < bytes.len() {
            let (marker, len) = (bytes[i + 1], usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]])));
            if matches!(marker, 0xC0..=0xC2) {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]);
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]);
                return Some((i64::from(w), i64::from(h)));
            }
            i += 2 + len;
        }
        None
    }

    #[test]
    fn the_demo_files_are_what_they_say() {
        assert_eq!(jpeg_size(PHOTO), Some(PHOTO_SIZE));
        let (w, h) = jpeg_size(PHOTO_THUMBNAIL).unwrap();
        assert_eq!(w.max(h), 320, "the pipeline's thumbnail edge");
        assert!(PHOTO.len() < 30_000 && PHOTO_THUMBNAIL.len() < 30_000);
        assert!(DOCUMENT.starts_with(b"%PDF-") && DOCUMENT.trim_ascii_end().ends_with(b"%%EOF"));
        let text = String::from_utf8_lossy(DOCUMENT);
        assert!(text.contains("(Dokumen contoh untuk data demo)") && !text.contains("/Info"));
    }
}
