//! Downscaling for storage and thumbnails.
//!
//! `fast_image_resize` does separable SIMD convolution; on a 12 MP photo it is over twenty times
//! faster than `image::imageops::resize` (see BENCHMARKS.md), and the resize would otherwise be the
//! single most expensive step of an upload. It runs single-threaded on purpose: the server already
//! bounds concurrent pipelines with a semaphore, so each pipeline should use one core.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

/// JPEG cannot store a side longer than this, so no target may exceed it whatever the limits say.
pub(crate) const JPEG_MAX_SIDE: u32 = 65_535;

/// The size that fits inside a `long_edge` square with the aspect ratio kept, never larger than the
/// input: upscaling would invent detail and make evidence look sharper than what was photographed.
pub(crate) fn fitted_size(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long_edge = long_edge.clamp(1, JPEG_MAX_SIDE);
    let long = width.max(height);
    if long <= long_edge {
        return (width, height);
    }
    // Rounded integer scaling: the long side lands exactly on `long_edge`, the short side within half a pixel.
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(long_edge) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(long_edge).max(1)
    };
    (scale(width), scale(height))
}

/// Shrinks `src` so its long edge is at most `long_edge`; `None` when it already fits, so callers keep
/// the original pixels instead of paying for a copy.
pub fn shrink_to_fit(src: &RgbImage, long_edge: u32) -> Option<RgbImage> {
    let (width, height) = src.dimensions();
    let (dst_width, dst_height) = fitted_size(width, height, long_edge);
    if (dst_width, dst_height) == (width, height) {
        return None;
    }
    let src_view = ImageRef::new(width, height, src.as_raw(), PixelType::U8x3)
        .expect("an RgbImage buffer always holds width*height*3 bytes");
    let mut dst = Image::new(dst_width, dst_height, PixelType::U8x3);
    // Lanczos3 keeps text on photographed documents and notice boards legible after a 2-6x reduction.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src_view, &mut dst, &options)
        .expect("source and destination are both non-empty U8x3 images");
    Some(
        RgbImage::from_raw(dst_width, dst_height, dst.into_vec())
            .expect("fast_image_resize allocates width*height*3 bytes for U8x3"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_size_keeps_aspect_and_never_upscales() {
        assert_eq!(fitted_size(4000, 3000, 2048), (2048, 1536));
        assert_eq!(fitted_size(3000, 4000, 2048), (1536, 2048));
        assert_eq!(fitted_size(1600, 1200, 2048), (1600, 1200));
        assert_eq!(fitted_size(2048, 10, 2048), (2048, 10));
        // A sliver must not collapse to zero pixels.
        assert_eq!(fitted_size(20_000, 2, 320), (320, 1));
        assert_eq!(fitted_size(100, 100, 0), (1, 1));
    }

    #[test]
    fn shrink_to_fit_resizes_only_when_needed() {
        let src = RgbImage::from_pixel(400, 300, image::Rgb([10, 200, 30]));
        assert!(shrink_to_fit(&src, 400).is_none());
        let small = shrink_to_fit(&src, 100).expect("400x300 does not fit in 100");
        assert_eq!(small.dimensions(), (100, 75));
        // A flat colour must stay that colour: catches channel-order or stride mistakes.
        assert!(small.pixels().all(|p| p.0.iter().zip([10u8, 200, 30]).all(|(a, b)| a.abs_diff(b) <= 1)));
    }
}
