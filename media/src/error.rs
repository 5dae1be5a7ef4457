//! Why an upload was refused.
//!
//! The variants carry only numbers, never decoder text: the server shows uploaders a translated
//! message through [`MediaError::message_key`], and decoder internals are of no use to a caretaker
//! photographing a kitchen.

/// Why an upload cannot become evidence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    /// Browsers submit a zero-byte file when a capture is cancelled; say so rather than "corrupt".
    #[error("the file is empty")]
    Empty,
    /// Checked before decoding so an oversized upload costs no CPU.
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    /// The content is neither a photo format we accept nor a PDF, whatever the file name claims.
    #[error("the file is not a JPEG, PNG, WebP or PDF")]
    UnsupportedType,
    /// Recognised as an image but the pixels cannot be read (truncated upload, damaged file).
    #[error("the image cannot be decoded")]
    Corrupt,
    /// A small file can claim an enormous canvas (a decompression bomb); refused from the header alone.
    #[error("the image is {width}x{height} pixels, more than {max_pixels}")]
    TooManyPixels { width: u32, height: u32, max_pixels: u64 },
    /// Within the pixel limit but too costly to decode: deep colour (16 bits per channel), alpha or a
    /// progressive JPEG multiply the bytes per pixel. The uploader's remedy is the same as for too
    /// many pixels (shrink or retake), so it shares that message.
    #[error("decoding the {width}x{height} image needs {needed_bytes} bytes, more than {max_bytes}")]
    TooMuchMemory { width: u32, height: u32, needed_bytes: u64, max_bytes: u64 },
    /// A PDF whose structure (millions of tiny objects, huge cross-reference sections) would need
    /// more memory to parse than the budget, whatever its size in bytes. Real documents are far
    /// from it; the uploader's remedy is a smaller or re-saved PDF, as for a too large file.
    #[error("parsing the PDF could need {needed_bytes} bytes, more than {max_bytes}")]
    PdfTooComplex { needed_bytes: u64, max_bytes: u64 },
    /// Starts like a PDF but is cut off, cannot be parsed, or is encrypted (we cannot remove the
    /// metadata of a document we cannot read, nor can assessors open it).
    #[error("the PDF is incomplete, invalid or encrypted")]
    InvalidPdf,
}

impl MediaError {
    /// The translation key for the uploader's message, so the UI can speak Indonesian without this
    /// crate knowing any language.
    pub fn message_key(&self) -> &'static str {
        match self {
            MediaError::Empty => "media-empty",
            MediaError::TooLarge { .. } | MediaError::PdfTooComplex { .. } => "media-too-large",
            MediaError::UnsupportedType => "media-unsupported",
            MediaError::Corrupt => "media-corrupt",
            MediaError::TooManyPixels { .. } | MediaError::TooMuchMemory { .. } => "media-too-many-pixels",
            MediaError::InvalidPdf => "media-invalid-pdf",
        }
    }
}
