//! Password hashing: Argon2id in PHC format, computed on two threads of their own with a work
//! area each that is kept (see [`super::hashing`]).

use std::sync::LazyLock;

use argon2::password_hash::PasswordHash;

use super::hashing;

use crate::accounts::password_rules;
use crate::error::AppError;

/// Argon2id, version 0x13, m = 19 MiB, t = 2, p = 1: the crate's defaults, which are OWASP's
/// recommended minimum. Stored hashes with other parameters are upgraded at the next sign-in.
fn current_parameters() -> argon2::Params {
    argon2::Params::default()
}

/// A hash to verify against when the account does not exist, so "no such person" takes as long
/// as "wrong password".
static DECOY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hashing::hash(b"decoy password, never accepted", current_parameters()));

/// Hashes a new password after checking the rules people are told about.
pub async fn hash_new(password: String, personal_words: Vec<String>) -> Result<String, AppError> {
    password_rules::check(&password).map_err(|problem| AppError::Invalid(problem.to_string()))?;
    hashing::run(move || {
        let words: Vec<&str> = personal_words.iter().map(String::as_str).collect();
        if is_too_common(&password, &words) {
            return Err(AppError::Invalid(
                password_rules::PasswordProblem::TooCommon.to_string(),
            ));
        }
        hashing::hash(password.as_bytes(), current_parameters()).ok_or_else(|| {
            tracing::error!("cannot hash a password");
            AppError::Internal
        })
    })
    .await
}

/// One of the passwords attackers try first: refused (zxcvbn estimates under a million guesses,
/// which covers the common-password lists, keyboard walks and the person's own name).
fn is_too_common(password: &str, personal_words: &[&str]) -> bool {
    u8::from(zxcvbn::zxcvbn(password, personal_words).score()) < 2
}

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    Yes { needs_rehash: bool },
    No,
}

/// Checks `password` against `stored` (or, when there is no stored hash, against a decoy so the
/// answer takes the same time).
pub async fn verify(password: String, stored: Option<String>) -> Result<Verified, AppError> {
    hashing::run(move || {
        let (hash_text, real) = match stored {
            Some(hash) => (hash, true),
            None => (DECOY_HASH.clone().unwrap_or_default(), false),
        };
        let Ok(parsed) = PasswordHash::new(&hash_text) else {
            return Ok(Verified::No);
        };
        let matches = hashing::matches(&parsed, password.as_bytes());
        Ok(if matches && real {
            Verified::Yes {
                needs_rehash: !uses_current_parameters(&parsed),
            }
        } else {
            Verified::No
        })
    })
    .await
}

fn uses_current_parameters(hash: &PasswordHash<'_>) -> bool {
    let current = current_parameters();
    let param = |name: &str| hash.params.get_decimal(name);
    hash.algorithm == argon2::Algorithm::Argon2id.ident()
        && hash.version == Some(argon2::Version::V0x13.into())
        && param("m") == Some(current.m_cost())
        && param("t") == Some(current.t_cost())
        && param("p") == Some(current.p_cost())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{rand_core::OsRng, SaltString};
    use argon2::{Argon2, PasswordHasher};

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let hash = hash_new("correct horse battery staple".into(), vec![])
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify("correct horse battery staple".into(), Some(hash.clone()))
                .await
                .unwrap(),
            Verified::Yes {
                needs_rehash: false
            }
        );
        assert_eq!(
            verify("Correct horse battery staple".into(), Some(hash))
                .await
                .unwrap(),
            Verified::No
        );
    }

    #[tokio::test]
    async fn no_account_never_verifies() {
        let verified = verify("decoy password, never accepted".into(), None)
            .await
            .unwrap();
        assert_eq!(verified, Verified::No);
    }

    #[tokio::test]
    async fn weaker_parameters_ask_for_a_rehash() {
        let weak = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(8 * 1024, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let hash = weak
            .hash_password(b"a long enough passphrase", &salt)
            .unwrap()
            .to_string();
        assert_eq!(
            verify("a long enough passphrase".into(), Some(hash))
                .await
                .unwrap(),
            Verified::Yes { needs_rehash: true }
        );
    }

    #[tokio::test]
    async fn common_passwords_and_own_names_are_refused() {
        for common in [
            "password",
            "password1",
            "12345678",
            "qwertyuiop",
            "iloveyou1",
        ] {
            assert!(hash_new(common.into(), vec![]).await.is_err(), "{common}");
        }
        assert!(
            hash_new("jamiesmith".into(), vec!["jamie".into(), "smith".into()])
                .await
                .is_err()
        );
        assert!(hash_new("my dog likes the lake".into(), vec![])
            .await
            .is_ok());
    }
}
