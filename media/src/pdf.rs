//! PDF acceptance.
//!
//! PDFs are stored byte for byte: they are signed letters and registrations whose exact bytes may
//! matter later, and rewriting them would need a full PDF parser. The check here is only that the
//! upload is a complete file, because an interrupted upload is the common failure and it produces a
//! file that starts right and ends early.

use crate::sniff::PDF;

/// Readers look for the end-of-file marker near the end; the spec allows trailing junk, and 1024 bytes
/// is the window that PDF readers such as pdf.js and Acrobat tolerate.
const EOF_WINDOW: usize = 1024;
const EOF_MARKER: &[u8] = b"%%EOF";

pub(crate) fn is_complete(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    bytes.starts_with(PDF) && tail.windows(EOF_MARKER.len()).any(|w| w == EOF_MARKER)
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
}
