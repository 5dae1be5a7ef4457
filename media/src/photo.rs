//! Photo normalisation: decode safely, turn upright, drop every byte of metadata, shrink, re-encode.
//!
//! Metadata is removed by construction rather than by editing: the output JPEG is encoded from bare
//! pixels, so EXIF (GPS position of the institution, phone model, capture time), XMP, IPTC, ICC and
//! any trailing data in the upload cannot survive, including kinds we have never heard of. The law on
//! children's data (UU PDP) makes the location of a child-care home something we must not leak.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage, RgbaImage};

use crate::resize::shrink_to_fit;
use crate::{Limits, MediaError, budget, jpeg};

/// A normalised photo, ready to store.
pub(crate) struct Photo {
    pub(crate) jpeg: Vec<u8>,
    pub(crate) thumbnail: Vec<u8>,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

pub(crate) fn normalise(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<Photo, MediaError> {
    let (pixels, orientation) = decode_rgb(bytes, format, limits)?;
    // Shrink first, turn upright after: rotating the stored-size image needs a copy of a few MB
    // instead of a second full-resolution buffer, and the fitted size is the same either way.
    let stored = shrink_to_fit(&pixels, limits.long_edge).unwrap_or(pixels);
    let stored = upright(stored, orientation);
    // From the already reduced image: same result to the eye at a fraction of the work.
    let thumbnail = shrink_to_fit(&stored, limits.thumb_edge);
    let (width, height) = stored.dimensions();
    Ok(Photo {
        jpeg: encode_jpeg(&stored, limits.jpeg_quality),
        thumbnail: encode_jpeg(thumbnail.as_ref().unwrap_or(&stored), limits.jpeg_quality),
        width,
        height,
    })
}

/// Decodes to RGB8 pixels as stored in the file (not yet upright), refusing incomplete files and
/// images whose pixel memory would exceed the budget before any pixel memory is allocated.
pub fn decode_rgb(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<(RgbImage, Orientation), MediaError> {
    let mut jpeg_coefficients = 0;
    if format == ImageFormat::Jpeg {
        let layout = jpeg::layout(bytes);
        if !layout.is_whole() {
            return Err(MediaError::Corrupt);
        }
        jpeg_coefficients = layout.coefficient_bytes;
    }
    // Constructing the decoder parses headers only; the pixel buffer is allocated later.
    let mut decoder =
        ImageReader::with_format(Cursor::new(bytes), format).into_decoder().map_err(|_| MediaError::Corrupt)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(MediaError::TooManyPixels { width, height, max_pixels: limits.max_pixels });
    }
    let extra = budget::decoder_extra_bytes(format, width, height, jpeg_coefficients);
    let needed = budget::pixel_bytes(width, height, decoder.color_type(), extra, limits.long_edge);
    let max_bytes = limits.max_decode_bytes as u64;
    let over_budget = MediaError::TooMuchMemory { width, height, needed_bytes: needed, max_bytes };
    if needed > max_bytes {
        return Err(over_budget);
    }

    // A broken EXIF block should not cost the uploader an otherwise good photo; at worst it is stored
    // sideways, which an assessor can still read.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);

    // Second fence, in case a codec misreports its header or allocates per frame: the decoder may not
    // produce a larger canvas than the one just approved, and what `image` and png allocate beyond
    // the output buffer comes out of the same byte budget.
    let mut fence = image::Limits::default();
    fence.max_image_width = Some(width);
    fence.max_image_height = Some(height);
    fence.max_alloc = Some(max_bytes);
    fence.reserve(decoder.total_bytes()).map_err(|_| over_budget.clone())?;
    decoder.set_limits(fence).map_err(|_| over_budget.clone())?;

    let image = DynamicImage::from_decoder(decoder).map_err(|err| match err {
        ImageError::Limits(_) => over_budget,
        _ => MediaError::Corrupt,
    })?;
    Ok((to_rgb(image), orientation))
}

/// Applies the EXIF orientation so the photo is stored the way the photographer held the phone.
pub fn upright(image: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return image;
    }
    let mut image = DynamicImage::ImageRgb8(image);
    image.apply_orientation(orientation);
    image.into_rgb8()
}

/// Converts to RGB8 with as few full-size copies as possible: RGB8 is kept, RGBA8 is flattened in
/// its own buffer, anything else is converted once (see `budget::pixel_bytes`).
fn to_rgb(image: DynamicImage) -> RgbImage {
    match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        DynamicImage::ImageRgba8(rgba) => flatten_onto_white(rgba),
        other if other.color().has_alpha() => flatten_onto_white(other.into_rgba8()),
        other => other.into_rgb8(),
    }
}

/// JPEG has no alpha. Dropping the channel would reveal whatever colour the app that made the PNG left
/// under transparent pixels (often black); white matches the page the evidence is viewed on.
/// Works in place: pixel `i` is written to bytes `3i..3i+3`, which never overtakes the unread
/// pixels at `4(i+1)..`, so no second full-size buffer is needed.
fn flatten_onto_white(rgba: RgbaImage) -> RgbImage {
    let (width, height) = rgba.dimensions();
    let mut buf = rgba.into_raw();
    let pixels = buf.len() / 4;
    for i in 0..pixels {
        let [r, g, b, a] = [buf[4 * i], buf[4 * i + 1], buf[4 * i + 2], buf[4 * i + 3]];
        let alpha = u16::from(a);
        for (offset, channel) in [r, g, b].into_iter().enumerate() {
            let blended = (u16::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            buf[3 * i + offset] = u8::try_from(blended).unwrap_or(u8::MAX);
        }
    }
    buf.truncate(pixels * 3);
    RgbImage::from_raw(width, height, buf).expect("three bytes were kept for every pixel")
}

/// Baseline JPEG from pixels alone; `image`'s encoder writes only a JFIF header, never EXIF.
pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality.clamp(1, 100))
        .encode(image.as_raw(), image.width(), image.height(), ExtendedColorType::Rgb8)
        .expect("writing to a Vec cannot fail and sides are capped at the JPEG maximum by the resize step");
    jpeg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_pixels_become_white_and_opaque_ones_keep_their_colour() {
        let mut rgba = image::RgbaImage::new(3, 1);
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        rgba.put_pixel(1, 0, image::Rgba([10, 20, 30, 255]));
        rgba.put_pixel(2, 0, image::Rgba([0, 0, 0, 128]));
        let rgb = flatten_onto_white(rgba);
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(1, 0).0, [10, 20, 30]);
        assert_eq!(rgb.get_pixel(2, 0).0, [127, 127, 127]);
    }
}
