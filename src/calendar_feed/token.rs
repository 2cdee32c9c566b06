//! The secret in a calendar link: 32 random bytes in URL-safe base64 (43 characters).

use std::fmt;

/// A calendar link's secret. Its `Debug` hides it, so it never reaches a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct FeedToken(String);

/// Length of 32 bytes in base64 without padding.
const LENGTH: usize = 43;

impl FeedToken {
    /// Accepts only what we could have issued: 43 characters of the URL-safe base64 alphabet.
    /// Anything else is refused before the database is asked.
    pub fn parse(text: &str) -> Option<Self> {
        let well_formed = text.len() == LENGTH
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        well_formed.then(|| Self(text.to_owned()))
    }

    /// A new secret from the operating system's random source.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Self(base64_url(&bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for FeedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FeedToken(…)")
    }
}

/// RFC 4648 §5 base64 ("URL and filename safe"), without padding.
pub fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        // 1 byte gives 2 characters, 2 give 3, 3 give 4.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_url_matches_the_rfc_examples() {
        // RFC 4648 §10 test vectors, without padding.
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_url(input.as_bytes()), expected);
        }
        // The two characters that differ from standard base64.
        assert_eq!(base64_url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn parse_accepts_only_43_url_safe_characters() {
        let good = "A".repeat(42) + "_";
        assert!(FeedToken::parse(&good).is_some());
        assert!(FeedToken::parse(&"A".repeat(42)).is_none());
        assert!(FeedToken::parse(&"A".repeat(44)).is_none());
        assert!(FeedToken::parse(&("A".repeat(42) + "+")).is_none());
        assert!(FeedToken::parse(&("A".repeat(42) + "/")).is_none());
        assert!(FeedToken::parse(&("A".repeat(41) + "é")).is_none());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn generated_tokens_parse_and_differ() {
        let a = FeedToken::generate();
        let b = FeedToken::generate();
        assert_ne!(a, b);
        assert_eq!(FeedToken::parse(a.as_str()), Some(a.clone()));
        assert_eq!(format!("{a:?}"), "FeedToken(…)");
    }
}
