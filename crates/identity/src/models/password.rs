use std::fmt;

/// A plaintext password that passed the policy. Never printed, never serialized.
pub struct Password(String);

/// The first rule a candidate password breaks, so the caller can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRule {
    #[error("password must be at least 8 characters")]
    MinLength,
    #[error("password must be at most 128 characters")]
    MaxLength,
    #[error("password must contain an uppercase letter")]
    Uppercase,
    #[error("password must contain a lowercase letter")]
    Lowercase,
    #[error("password must contain a digit")]
    Digit,
}

impl PasswordRule {
    pub fn code(self) -> &'static str {
        match self {
            PasswordRule::MinLength => "min_length",
            PasswordRule::MaxLength => "max_length",
            PasswordRule::Uppercase => "uppercase",
            PasswordRule::Lowercase => "lowercase",
            PasswordRule::Digit => "digit",
        }
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, PasswordRule> {
        let length = raw.chars().count();
        if length < 8 {
            return Err(PasswordRule::MinLength);
        }
        if length > 128 {
            return Err(PasswordRule::MaxLength);
        }
        if !raw.chars().any(char::is_uppercase) {
            return Err(PasswordRule::Uppercase);
        }
        if !raw.chars().any(char::is_lowercase) {
            return Err(PasswordRule::Lowercase);
        }
        if !raw.chars().any(|c| c.is_ascii_digit()) {
            return Err(PasswordRule::Digit);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// A password hash in PHC string format, as produced by the `Credentials` port.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_the_first_broken_rule() {
        assert_eq!(Password::parse("Ab1").err(), Some(PasswordRule::MinLength));
        assert_eq!(
            Password::parse("lowercase1").err(),
            Some(PasswordRule::Uppercase)
        );
        assert_eq!(
            Password::parse("UPPERCASE1").err(),
            Some(PasswordRule::Lowercase)
        );
        assert_eq!(
            Password::parse("NoDigitsHere").err(),
            Some(PasswordRule::Digit)
        );
        assert_eq!(
            Password::parse(&"Aa1".repeat(50)).err(),
            Some(PasswordRule::MaxLength)
        );
        assert!(Password::parse("Correct1Horse").is_ok());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let password = Password::parse("Correct1Horse").unwrap();
        assert!(!format!("{password:?}").contains("Horse"));
    }
}
