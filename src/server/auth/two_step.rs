//! Authenticator-app codes (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds, one step of drift).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use totp_rs::{Algorithm, Secret, TOTP};

const ISSUER: &str = "TurnAround";

/// How many one-time recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// Fresh recovery codes, shown once: ten characters in two groups, e.g. `7f3a9-c01de`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 5];
            OsRng.fill_bytes(&mut bytes);
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("{}-{}", &hex[..5], &hex[5..])
        })
        .collect()
}

/// What is stored for a recovery code: SHA-256 of its letters, ignoring case, spaces, hyphens.
pub fn recovery_code_hash(code: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("{:x}", Sha256::digest(normal.as_bytes()))
}

/// A fresh 160-bit secret, base32 as authenticator apps expect it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes).ok()
}

/// Is `code` (spaces allowed, as apps show "123 456") right for `secret` at `unix_time`?
pub fn code_is_valid(secret: &str, code: &str, unix_time: u64) -> bool {
    matching_step(secret, code, unix_time).is_some()
}

/// The 30-second step (Unix time / 30) whose code `code` is, within one step of drift either
/// way of `unix_time`; `None` when it is not right. Sign-in stores the step, so a code works
/// once.
pub fn matching_step(secret: &str, code: &str, unix_time: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 {
        return None;
    }
    let totp = totp(secret)?;
    let now_step = unix_time / 30;
    // Checked in full whatever matches first, so the time taken says nothing about which.
    let mut found = None;
    for step in [now_step.saturating_sub(1), now_step, now_step + 1] {
        let expected = totp.generate(step * 30);
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(expected.len() ^ code.len(), |acc, (a, b)| {
                acc | usize::from(a ^ b)
            });
        if same == 0 && found.is_none() {
            found = i64::try_from(step).ok();
        }
    }
    found
}

/// The code an app would show now (used by the demo helper and the tests).
pub fn current_code(secret: &str, unix_time: u64) -> Option<String> {
    totp(secret).map(|totp| totp.generate(unix_time))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
        issuer = ISSUER,
        account = urlencode(account),
    )
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8
        // digits); the 6-digit code is its last six digits.
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        assert_eq!(current_code(&secret, 59).as_deref(), Some("287082"));
        assert!(code_is_valid(&secret, "287 082", 59));
        assert!(
            code_is_valid(&secret, "287082", 59 + 30),
            "one step of drift"
        );
        assert!(!code_is_valid(&secret, "287082", 59 + 90));
        assert!(!code_is_valid(&secret, "28708", 59));
        assert_eq!(matching_step(&secret, "287 082", 59), Some(1));
        assert_eq!(matching_step(&secret, "287082", 59 + 30), Some(1));
        assert_eq!(matching_step(&secret, "287082", 59 + 90), None);
        assert_eq!(matching_step(&secret, "000000", 59), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_forgiving_to_type() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_eq!(
            recovery_code_hash("7F3A9 C01DE"),
            recovery_code_hash("7f3a9-c01de")
        );
        assert_eq!(recovery_code_hash("x").len(), 64);
    }

    #[test]
    fn new_secrets_differ_and_read_back() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(current_code(&a, 1_000_000).is_some());
        assert!(otpauth_url(&a, "sam@example.org").contains("sam%40example.org"));
    }
}
