//! The password rules people are told about, shared so the browser can say them before sending.
//! No composition rules (NIST SP 800-63B): long passphrases welcome, the commonest refused.

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error(
        "Your password needs at least 8 characters. A few words you will remember works well."
    )]
    TooShort,
    #[error("Your password can be up to 128 characters long.")]
    TooLong,
    #[error("That password is one of the first ones people guess. Try a few words you will remember, like “blue kettle morning walk”.")]
    TooCommon,
}

/// Length rules, counted in characters (not bytes) so every alphabet counts the same.
pub fn check(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        Err(PasswordProblem::TooShort)
    } else if chars > MAX_CHARS {
        Err(PasswordProblem::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(check("sevench"), Err(PasswordProblem::TooShort));
        assert_eq!(check("éééééééé"), Ok(()));
        assert_eq!(check(&"a".repeat(128)), Ok(()));
        assert_eq!(check(&"a".repeat(129)), Err(PasswordProblem::TooLong));
    }
}
