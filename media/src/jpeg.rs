//! JPEG structure, read before any pixel is decoded.
//!
//! Two facts the decoder will not tell us in time:
//!
//! - Whether the upload is complete. `image` runs zune-jpeg in lenient mode and does not expose its
//!   strict mode, so a truncated upload decodes "successfully" with the missing part grey. Evidence
//!   must show what was photographed, so a JPEG whose segments do not reach the end-of-image marker
//!   is refused. Bytes *after* that marker are fine: phones append trailers (Samsung motion photos,
//!   depth maps) and they are dropped by re-encoding anyway.
//! - How much working memory a progressive JPEG needs. zune-jpeg keeps every DCT coefficient of the
//!   whole image (two bytes per sample, per component, at the component's sampling) until the last
//!   scan, which can be several times the decoded picture; see [`Layout::coefficient_bytes`].

/// What the segment walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Layout {
    /// The walk reached an EOI marker (`FF D9`) outside every segment payload and entropy-coded scan.
    pub(crate) complete: bool,
    /// Start-of-frame segments seen. A JPEG (other than the hierarchical kind no decoder here
    /// supports) has exactly one; a second could give the decoder other dimensions or another mode
    /// than the ones the memory budget was computed from.
    pub(crate) frames: u32,
    /// Bytes zune-jpeg allocates for coefficients of a progressive image (0 for baseline).
    pub(crate) coefficient_bytes: u64,
}

impl Layout {
    /// Complete and unambiguous: safe to hand to the decoder.
    pub(crate) fn is_whole(&self) -> bool {
        self.complete && self.frames == 1
    }
}

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
/// Progressive, Huffman-coded: the only progressive kind zune-jpeg decodes.
const SOF2: u8 = 0xC2;

/// Walks the marker segments of `bytes` (which start with `FF D8`).
pub(crate) fn layout(bytes: &[u8]) -> Layout {
    let mut out = Layout::default();
    if !bytes.starts_with(&[0xFF, SOI]) {
        return out;
    }
    let mut i = 2;
    loop {
        // libjpeg tolerates stray bytes between segments (it warns "extraneous bytes before marker"),
        // and so do viewers; refusing them would refuse photos people can open everywhere else.
        while i < bytes.len() && bytes[i] != 0xFF {
            i += 1;
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else { return out };
        i += 1;
        match marker {
            EOI => {
                out.complete = true;
                return out;
            }
            // Markers without a payload: SOI, restart markers, TEM, and a stuffed zero seen out of place.
            SOI | 0xD0..=0xD7 | 0x01 | 0x00 => continue,
            _ => {}
        }
        let Some(length) = bytes.get(i..i + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
            return out;
        };
        // The length counts its own two bytes; a segment that claims to end past the file is cut off.
        if length < 2 || i + length > bytes.len() {
            return out;
        }
        // C4 (DHT), C8 (reserved) and CC (DAC) share the range but are not frames.
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            out.frames += 1;
        }
        if marker == SOF2 {
            out.coefficient_bytes = progressive_coefficient_bytes(&bytes[i + 2..i + length]);
        }
        i += length;
        if marker == SOS {
            i = end_of_scan(bytes, i);
        }
    }
}

/// Index of the marker that ends the entropy-coded data starting at `i`, or `bytes.len()` if the
/// data runs to the end of the file (a truncated upload). Inside a scan `FF 00` is an escaped 0xFF
/// and `FF D0`..`FF D7` are restart markers; anything else after 0xFF is a real marker.
fn end_of_scan(bytes: &[u8], mut i: usize) -> usize {
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF && !matches!(bytes[i + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Mirrors zune-jpeg 0.5 `decode_mcu_ycbcr_progressive`: one i16 per coefficient for every
/// component, laid out on the MCU grid when any component is subsampled and on 8x8 blocks otherwise.
/// Tested against a counting allocator in `tests/memory.rs`, so a decoder upgrade that changes this
/// shows up as a failing test rather than as an unbudgeted allocation.
fn progressive_coefficient_bytes(sof: &[u8]) -> u64 {
    // SOF payload: precision(1) height(2) width(2) count(1), then id, HV sampling, table per component.
    let [_, h_hi, h_lo, w_hi, w_lo, count, ..] = *sof else { return 0 };
    let height = u64::from(u16::from_be_bytes([h_hi, h_lo]));
    let width = u64::from(u16::from_be_bytes([w_hi, w_lo]));
    // Zero sampling factors are invalid and refused by the decoder; 1 keeps the arithmetic sane.
    let sampling: Vec<(u64, u64)> = sof[6..]
        .chunks_exact(3)
        .take(usize::from(count))
        .map(|c| (u64::from(c[1] >> 4).max(1), u64::from(c[1] & 0x0F).max(1)))
        .collect();
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    let samples: u64 = if sampling.len() <= 1 || (h_max, v_max) == (1, 1) {
        // A lone subsampled grey component is reset to 1x1 by the decoder.
        sampling.len() as u64 * width.div_ceil(8) * height.div_ceil(8) * 64
    } else {
        let mcus = width.div_ceil(8 * h_max) * height.div_ceil(8 * v_max);
        sampling.iter().map(|(h, v)| mcus * 64 * h * v).sum()
    };
    samples * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP segment that contains a fake EOI, a scan with stuffing and a restart, then EOI.
    fn minimal() -> Vec<u8> {
        let mut jpeg = vec![0xFF, SOI, 0xFF, 0xE1, 0x00, 0x04, 0xFF, 0xD9];
        jpeg.extend([0xFF, SOS, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, EOI]);
        jpeg
    }

    #[test]
    fn complete_only_when_the_walk_reaches_eoi() {
        let jpeg = minimal();
        assert!(layout(&jpeg).complete);
        let mut trailing = jpeg.clone();
        trailing.extend(b"trailer\xFF\xD8");
        assert!(layout(&trailing).complete, "bytes after EOI are allowed");
        let mut two_frames = vec![0xFF, SOI];
        two_frames.extend([0xFF, 0xC0, 0x00, 0x02, 0xFF, SOF2, 0x00, 0x02, 0xFF, EOI]);
        assert!(layout(&two_frames).complete && !layout(&two_frames).is_whole());
        for cut in 0..jpeg.len() - 1 {
            // The EOI inside the APP1 payload must not count, nor must a scan cut off mid-way.
            assert!(!layout(&jpeg[..cut]).complete, "cut at {cut}");
        }
        assert!(!layout(b"\xFF\xD8\xFF\xE1\xFF\xFF").complete, "segment longer than the file");
        assert!(!layout(b"\xFF\xD8\xFF\xE1\x00\x01\xFF\xD9").complete, "length below 2");
    }

    #[test]
    fn coefficient_bytes_follow_the_sampling() {
        // 4:2:0 YCbCr 4096x3072: Y on a 2x2 MCU grid plus two quarter-size chroma planes = 1.5 samples/px.
        let sof = [8, 0x0C, 0x00, 0x10, 0x00, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        assert_eq!(progressive_coefficient_bytes(&sof), 4096 * 3072 * 3 / 2 * 2);
        // 4:4:4: three full planes; sides round up to whole 8x8 blocks.
        let sof = [8, 0x0B, 0xB9, 0x0F, 0xA0, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
        assert_eq!(progressive_coefficient_bytes(&sof), 4000 * 3008 * 3 * 2);
        assert_eq!(progressive_coefficient_bytes(&[8, 0]), 0);
    }
}
