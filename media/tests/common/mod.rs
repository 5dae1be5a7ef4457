//! Test inputs made in code: valid images whose decoded size is huge while the file stays small.

/// A valid PNG of `width`x`height` all-zero pixels (`color_type` 6 = RGBA, 2 = RGB; `bit_depth` 8
/// or 16), written without an encoder: a single fixed-Huffman deflate block of one literal zero and
/// 258-byte back-references. A 7000x7000 16-bit RGBA image (392 MB decoded) is about 2.5 MB, and
/// building it takes milliseconds even in a debug build, unlike encoding 392 MB of pixels.
pub fn flat_png(width: u32, height: u32, bit_depth: u8, color_type: u8) -> Vec<u8> {
    let channels: u64 = if color_type == 6 { 4 } else { 3 };
    let row = 1 + u64::from(width) * channels * u64::from(bit_depth / 8);
    let total = row * u64::from(height); // filter byte 0 (None) + zero samples on every row

    let mut bits = BitWriter::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = 01, fixed Huffman
    bits.code(0x30, 8); // literal 0
    let matches = (total - 1) / 258;
    for _ in 0..matches {
        bits.code(0xC5, 8); // length code 285 = 258 bytes
        bits.code(0, 5); // distance code 0 = 1 byte back
    }
    for _ in 0..(total - 1 - matches * 258) {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(bits.finish());
    // Adler-32 of zeros: a stays 1, b adds 1 per byte.
    zlib.extend((((total % 65521) << 16) as u32 | 1).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([bit_depth, color_type, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Deflate packs bits from the least significant end; Huffman codes go most significant bit first.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    used: u32,
}

impl BitWriter {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.acc |= ((value >> i) & 1) << self.used;
            self.used += 1;
            if self.used == 8 {
                self.out.push(self.acc as u8);
                self.acc = 0;
                self.used = 0;
            }
        }
    }

    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
