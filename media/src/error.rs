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
    /// Starts like a PDF but is cut off or is not a complete document.
    #[error("the PDF is incomplete or invalid")]
    InvalidPdf,
}

impl MediaError {
    /// The translation key for the uploader's message, so the UI can speak Indonesian without this
    /// crate knowing any language.
    pub fn message_key(&self) -> &'static str {
        match self {
            MediaError::Empty => "media-empty",
            MediaError::TooLarge { .. } => "media-too-large",
            MediaError::UnsupportedType => "media-unsupported",
            MediaError::Corrupt => "media-corrupt",
            MediaError::TooManyPixels { .. } => "media-too-many-pixels",
            MediaError::InvalidPdf => "media-invalid-pdf",
        }
    }
}
