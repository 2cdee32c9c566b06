//! A receipt photo is accepted by what its bytes are, never by its name or the type the browser
//! claims: a JPEG, PNG or WebP image of at most [`MAX_RECEIPT_BYTES`]. The type found here is
//! the one it is served with later.

use serde::{Deserialize, Serialize};

/// 8 MB: a full-size photo from a phone camera fits; anything bigger is not a receipt.
pub const MAX_RECEIPT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }

    pub fn from_content_type(text: &str) -> Option<ImageKind> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
            .into_iter()
            .find(|kind| kind.content_type() == text)
    }
}

/// Said when a photo is over [`MAX_RECEIPT_BYTES`], however it arrived.
pub const TOO_LARGE: &str =
    "That photo is larger than 8 MB. Take it again at a lower size, or crop it.";

const NOT_A_PHOTO: &str =
    "That file is not a photo we can keep: take a photo, or choose a JPEG, PNG or WebP picture.";

/// What the bytes are, or the sentence saying why they are not a receipt photo. The first
/// bytes name the format; then the picture's own header must hold together and give it a size
/// (a JPEG's frame, a PNG's header and end, a WebP's length), so a known signature followed by
/// anything else is refused rather than kept and shown as a broken picture.
pub fn check(bytes: &[u8]) -> Result<ImageKind, &'static str> {
    if bytes.is_empty() {
        return Err("Take a photo of the receipt, or choose one.");
    }
    if bytes.len() > MAX_RECEIPT_BYTES {
        return Err(TOO_LARGE);
    }
    let (kind, whole) = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (ImageKind::Jpeg, jpeg_has_a_frame(bytes))
    } else if bytes.starts_with(PNG_SIGNATURE) {
        (ImageKind::Png, png_holds_together(bytes))
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        (ImageKind::Webp, webp_holds_together(bytes))
    } else {
        return Err(NOT_A_PHOTO);
    };
    whole.then_some(kind).ok_or(NOT_A_PHOTO)
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Walks the JPEG's segments from the start to its frame header (SOF), which gives the
/// picture's height and width. Data after the picture's end is allowed: phones append some.
fn jpeg_has_a_frame(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        let Some(length) = be16(bytes, at + 2).filter(|length| *length >= 2) else {
            return false;
        };
        match marker {
            // Start of frame (baseline, progressive, …; not DHT, JPG or DAC): its size.
            0xC0..=0xCF if ![0xC4, 0xC8, 0xCC].contains(&marker) => {
                let height = be16(bytes, at + 5).unwrap_or(0);
                let width = be16(bytes, at + 7).unwrap_or(0);
                return length >= 8 && height > 0 && width > 0;
            }
            // Start of scan or end of image before any frame: no picture.
            0xDA | 0xD9 => return false,
            0xC4 | 0xC8 | 0xCC | 0xDB..=0xFE => at += 2 + length,
            _ => return false,
        }
    }
}

/// A PNG starts with its header chunk (IHDR, 13 bytes, a width and height) and ends with IEND.
fn png_holds_together(bytes: &[u8]) -> bool {
    const END: &[u8] = &[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    be32(bytes, 8) == Some(13)
        && bytes.get(12..16) == Some(b"IHDR".as_slice())
        && be32(bytes, 16).is_some_and(|width| width > 0)
        && be32(bytes, 20).is_some_and(|height| height > 0)
        && bytes.ends_with(END)
}

/// A WebP's RIFF length covers the file, and its first chunk is an image (lossy, lossless or
/// extended).
fn webp_holds_together(bytes: &[u8]) -> bool {
    let Some(riff) = bytes.get(4..8).and_then(|b| b.try_into().ok()) else {
        return false;
    };
    let riff = u32::from_le_bytes(riff) as usize;
    let chunk = bytes.get(12..16);
    riff + 8 == bytes.len()
        && bytes.len() >= 30
        && [b"VP8 ", b"VP8L", b"VP8X"]
            .iter()
            .any(|fourcc| chunk == Some(fourcc.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest whole JPEG the check accepts: JFIF header, a 1×1 frame, end.
    const TINY_JPEG: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01,
        0x01, 0x11, 0x00, 0xFF, 0xD9,
    ];

    /// A 1×1 PNG, whole.
    const TINY_PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    fn tiny_webp() -> Vec<u8> {
        let mut chunk = b"VP8L".to_vec();
        chunk.extend_from_slice(&[10, 0, 0, 0, 0x2F, 0, 0, 0, 0, 0x07, 0, 0, 0, 0]);
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&((chunk.len() + 4) as u32).to_le_bytes());
        file.extend_from_slice(b"WEBP");
        file.extend_from_slice(&chunk);
        file
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(check(TINY_JPEG), Ok(ImageKind::Jpeg));
        assert_eq!(check(TINY_PNG), Ok(ImageKind::Png));
        assert_eq!(check(&tiny_webp()), Ok(ImageKind::Webp));
        // A phone may append data after the picture's end.
        let mut with_trailer = TINY_JPEG.to_vec();
        with_trailer.extend_from_slice(b"motion photo");
        assert_eq!(check(&with_trailer), Ok(ImageKind::Jpeg));
    }

    #[test]
    fn a_known_signature_followed_by_anything_else_is_refused() {
        let mut png_then_noise = PNG_SIGNATURE.to_vec();
        png_then_noise.extend((0..200u8).map(|b| b.wrapping_mul(37)));
        let mut jpeg_then_html = vec![0xFF, 0xD8, 0xFF];
        jpeg_then_html.extend_from_slice(b"<html><script>alert(1)</script>");
        let mut cut_png = TINY_PNG.to_vec();
        cut_png.truncate(40);
        let mut long_webp = tiny_webp();
        long_webp.extend_from_slice(b"more");
        for refused in [
            png_then_noise,
            jpeg_then_html,
            cut_png,
            b"RIFF\x04\0\0\0WEBP".to_vec(),
            long_webp,
            TINY_JPEG[..20].to_vec(),
        ] {
            assert_eq!(check(&refused), Err(NOT_A_PHOTO), "{refused:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_sentence() {
        for refused in [
            &b"%PDF-1.7"[..],
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">",
            b"GIF89a",
            b"MZ\x90\0",
            b"RIFF\0\0\0\0WAVE",
            b"\xFF\xD8",
            b"",
        ] {
            let sentence = check(refused).unwrap_err();
            assert!(sentence.ends_with('.'), "{sentence}");
        }
        let too_big = vec![0xFF; MAX_RECEIPT_BYTES + 1];
        assert!(check(&too_big).unwrap_err().contains("8 MB"));
    }
}
