//! How many bytes of pixel memory a photo will cost, worked out from its header alone.
//!
//! A pixel limit alone does not bound memory: 49 MP of 16-bit RGBA is 392 MB before any conversion,
//! from a PNG of a few hundred KB. So every buffer of full-resolution size that the pipeline (and
//! the decoder under it) holds at the same time is counted here, phase by phase, and the largest
//! phase is compared with [`crate::Limits::max_decode_bytes`] before decoding starts. The model is
//! checked against a counting allocator in `tests/memory.rs`.

use image::ColorType;

use crate::resize::fitted_size;

/// Working memory of the decoder beyond its output buffer, which depends on the codec.
pub(crate) fn decoder_extra_bytes(format: image::ImageFormat, width: u32, height: u32, jpeg_coefficients: u64) -> u64 {
    let (w, h) = (u64::from(width), u64::from(height));
    match format {
        // Baseline JPEG decodes one MCU row at a time; progressive keeps all coefficients.
        image::ImageFormat::Jpeg => jpeg_coefficients,
        // image-webp 0.2: lossless without alpha decodes to a temporary RGBA frame (4 bytes/px);
        // lossy keeps YUV 4:2:0 planes on a 16 px macroblock grid (1.5 bytes/px) and, with alpha,
        // an alpha plane decoded through the same RGBA path. The sum covers every branch.
        image::ImageFormat::WebP => 4 * w * h + w.div_ceil(16) * 16 * (h.div_ceil(16) * 16) * 3 / 2,
        // png decodes row by row into the output; its buffers are a few rows and the zlib window.
        _ => 0,
    }
}

/// The largest amount of full-resolution pixel memory alive at once while a `width`x`height` image
/// of `color` becomes a stored photo with a long edge of `long_edge`.
pub(crate) fn pixel_bytes(width: u32, height: u32, color: ColorType, decoder_extra: u64, long_edge: u32) -> u64 {
    let (w, h) = (u64::from(width), u64::from(height));
    let pixels = w * h;
    let decoded = pixels * u64::from(color.bytes_per_pixel());
    let rgb = 3 * pixels;

    let decoding = decoded + decoder_extra;
    // `photo::to_rgb` reuses the buffer of RGB8 and RGBA8 images; other layouts are first copied
    // to RGBA8 (with alpha) or RGB8 (without) while the decoded buffer is still alive.
    let converting = match color {
        ColorType::Rgb8 | ColorType::Rgba8 => decoded,
        other if other.has_alpha() => decoded + 4 * pixels,
        _ => decoded + rgb,
    };
    // Flattening alpha in place leaves the RGB pixels in a buffer of the RGBA size.
    let source = if color.has_alpha() { 4 * pixels } else { rgb };
    // fast_image_resize on u8 pixels runs the vertical pass first into a source-width x
    // destination-height scratch image, then writes the destination; the source stays alive.
    let (dst_w, dst_h) = fitted_size(width, height, long_edge);
    let (dst_w, dst_h) = (u64::from(dst_w), u64::from(dst_h));
    let resizing = if (dst_w, dst_h) == (w, h) { source } else { source + 3 * w * dst_h + 3 * dst_w * dst_h };

    decoding.max(converting).max(resizing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bit_rgba_costs_eight_bytes_a_pixel_before_conversion() {
        let bytes = pixel_bytes(7000, 7000, ColorType::Rgba16, 0, 2048);
        assert_eq!(bytes, 7000 * 7000 * (8 + 4));
    }

    #[test]
    fn rgb_photo_peaks_while_resizing() {
        // 4000x3000 -> 2048x1536: source + 4000x1536 scratch + destination.
        let bytes = pixel_bytes(4000, 3000, ColorType::Rgb8, 0, 2048);
        assert_eq!(bytes, 3 * (4000 * 3000 + 4000 * 1536 + 2048 * 1536));
        // Small enough to keep: only the decoded buffer.
        assert_eq!(pixel_bytes(1600, 1200, ColorType::Rgb8, 0, 2048), 3 * 1600 * 1200);
    }
}
