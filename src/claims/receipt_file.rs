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

/// What the bytes are, or the sentence saying why they are not a receipt photo.
pub fn check(bytes: &[u8]) -> Result<ImageKind, &'static str> {
    if bytes.is_empty() {
        return Err("Take a photo of the receipt, or choose one.");
    }
    if bytes.len() > MAX_RECEIPT_BYTES {
        return Err(TOO_LARGE);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(ImageKind::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Ok(ImageKind::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok(ImageKind::Webp)
    } else {
        Err("That file is not a photo we can keep: take a photo, or choose a JPEG, PNG or WebP picture.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(
            check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Ok(ImageKind::Jpeg)
        );
        assert_eq!(check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(ImageKind::Png));
        assert_eq!(check(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(ImageKind::Webp));
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
