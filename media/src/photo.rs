//! Photo normalisation: decode safely, turn upright, drop every byte of metadata, shrink, re-encode.
//!
//! Metadata is removed by construction rather than by editing: the output JPEG is encoded from bare
//! pixels, so EXIF (GPS position of the institution, phone model, capture time), XMP, IPTC, ICC and
//! any trailing data in the upload cannot survive, including kinds we have never heard of. The law on
//! children's data (UU PDP) makes the location of a child-care home something we must not leak.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage};

use crate::resize::shrink_to_fit;
use crate::{Limits, MediaError};

/// A normalised photo, ready to store.
pub(crate) struct Photo {
    pub(crate) jpeg: Vec<u8>,
    pub(crate) thumbnail: Vec<u8>,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

pub(crate) fn normalise(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<Photo, MediaError> {
    let upright = decode_upright(bytes, format, limits)?;
    let stored = shrink_to_fit(&upright, limits.long_edge).unwrap_or(upright);
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

/// Decodes to upright RGB8 pixels, refusing oversized canvases before any pixel memory is allocated.
pub fn decode_upright(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<RgbImage, MediaError> {
    // Constructing the decoder parses headers only; the pixel buffer is allocated later.
    let mut decoder =
        ImageReader::with_format(Cursor::new(bytes), format).into_decoder().map_err(|_| MediaError::Corrupt)?;
    let (width, height) = decoder.dimensions();
    let too_many = MediaError::TooManyPixels { width, height, max_pixels: limits.max_pixels };
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(too_many);
    }

    // A broken EXIF block should not cost the uploader an otherwise good photo; at worst it is stored
    // sideways, which an assessor can still read.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);

    // Second fence, in case a codec misreports its header or allocates per frame: the decoder may not
    // produce a larger canvas than the one just approved, nor allocate more than that budget at full
    // pixel depth.
    let mut fence = image::Limits::default();
    fence.max_image_width = Some(width);
    fence.max_image_height = Some(height);
    fence.max_alloc = Some(limits.max_pixels.saturating_mul(u64::from(decoder.color_type().bytes_per_pixel())));
    fence.reserve(decoder.total_bytes()).map_err(|_| too_many.clone())?;
    decoder.set_limits(fence).map_err(|_| too_many.clone())?;

    let mut image = DynamicImage::from_decoder(decoder).map_err(|err| match err {
        ImageError::Limits(_) => too_many,
        _ => MediaError::Corrupt,
    })?;
    image.apply_orientation(orientation);
    Ok(flatten_onto_white(image))
}

/// JPEG has no alpha. Dropping the channel would reveal whatever colour the app that made the PNG left
/// under transparent pixels (often black); white matches the page the evidence is viewed on.
fn flatten_onto_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(rgba.as_raw().len() / 4 * 3);
    for pixel in rgba.pixels() {
        let alpha = u16::from(pixel[3]);
        for &channel in &pixel.0[..3] {
            let blended = (u16::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            rgb.push(u8::try_from(blended).unwrap_or(u8::MAX));
        }
    }
    RgbImage::from_raw(width, height, rgb).expect("three bytes were pushed for every pixel")
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
        let rgb = flatten_onto_white(DynamicImage::ImageRgba8(rgba));
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(1, 0).0, [10, 20, 30]);
        assert_eq!(rgb.get_pixel(2, 0).0, [127, 127, 127]);
    }
}
