//! Channel credentials. The domain holds them only encrypted; the plaintext exists
//! for the moment a request is built, obtained through the `SecretCipher` port.

use std::fmt;

use crate::ports::{SecretCipher, SecretCipherError};

/// A plaintext access token (Page token, WhatsApp system-user token). Debug output
/// never shows it, so a token cannot end up in a log line through `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    #[error("access token must not be empty")]
    Empty,
    #[error("access token must not contain whitespace or control characters")]
    InvalidCharacter,
    #[error("access token must be at most {0} bytes")]
    TooLong(usize),
}

impl AccessToken {
    /// Meta tokens are a few hundred characters; anything past this is not a token.
    pub const MAX_BYTES: usize = 4_096;

    pub fn parse(raw: &str) -> Result<Self, AccessTokenError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(AccessTokenError::Empty);
        }
        if trimmed.len() > Self::MAX_BYTES {
            return Err(AccessTokenError::TooLong(Self::MAX_BYTES));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AccessTokenError::InvalidCharacter);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The secret itself, for the adapter that puts it on the wire and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// A channel's access token as stored: ciphertext from the `SecretCipher`, opaque to
/// everything else. Repositories store and load it as-is.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(String);

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("the stored credentials cannot be decrypted")]
    Undecryptable,
    #[error("the decrypted credentials are not a usable token: {0}")]
    InvalidToken(AccessTokenError),
    #[error("unexpected cipher failure: {0}")]
    Unexpected(String),
}

impl From<SecretCipherError> for CredentialsError {
    fn from(error: SecretCipherError) -> Self {
        match error {
            SecretCipherError::Undecryptable => CredentialsError::Undecryptable,
            SecretCipherError::Unexpected(m) => CredentialsError::Unexpected(m),
        }
    }
}

impl Credentials {
    pub fn seal(cipher: &dyn SecretCipher, token: &AccessToken) -> Result<Self, CredentialsError> {
        Ok(Self(cipher.encrypt(token.expose())?))
    }

    pub fn open(&self, cipher: &dyn SecretCipher) -> Result<AccessToken, CredentialsError> {
        let plain = cipher.decrypt(&self.0)?;
        AccessToken::parse(&plain).map_err(CredentialsError::InvalidToken)
    }

    /// Seals text that is not a platform token (a widget's configuration): any
    /// characters, any length the cipher takes.
    pub(crate) fn seal_text(
        cipher: &dyn SecretCipher,
        plaintext: &str,
    ) -> Result<Self, CredentialsError> {
        Ok(Self(cipher.encrypt(plaintext)?))
    }

    pub(crate) fn open_text(&self, cipher: &dyn SecretCipher) -> Result<String, CredentialsError> {
        Ok(cipher.decrypt(&self.0)?)
    }

    /// Rebuilds stored credentials; for storage adapters only.
    pub fn from_ciphertext(ciphertext: String) -> Self {
        Self(ciphertext)
    }

    pub fn ciphertext(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(encrypted)")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reverses the text: enough to prove the domain only ever stores the cipher's output.
    pub(crate) struct ReversingCipher;

    impl SecretCipher for ReversingCipher {
        fn encrypt(&self, plaintext: &str) -> Result<String, SecretCipherError> {
            Ok(format!(
                "enc:{}",
                plaintext.chars().rev().collect::<String>()
            ))
        }
        fn decrypt(&self, ciphertext: &str) -> Result<String, SecretCipherError> {
            ciphertext
                .strip_prefix("enc:")
                .map(|s| s.chars().rev().collect())
                .ok_or(SecretCipherError::Undecryptable)
        }
    }

    #[test]
    fn tokens_are_sealed_and_opened_through_the_cipher() {
        let token = AccessToken::parse(" EAAGm0PX4ZCpsBA ").unwrap();
        let sealed = Credentials::seal(&ReversingCipher, &token).unwrap();
        assert_eq!(sealed.ciphertext(), "enc:ABspCZ4XP0mGAAE");
        assert!(!sealed.ciphertext().contains(token.expose()));
        assert_eq!(sealed.open(&ReversingCipher).unwrap(), token);
        assert!(matches!(
            Credentials::from_ciphertext("garbage".into()).open(&ReversingCipher),
            Err(CredentialsError::Undecryptable)
        ));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let token = AccessToken::parse("EAAGsecret").unwrap();
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        let sealed = Credentials::seal(&ReversingCipher, &token).unwrap();
        assert_eq!(format!("{sealed:?}"), "Credentials(encrypted)");
        assert_eq!(AccessToken::parse("  "), Err(AccessTokenError::Empty));
        assert_eq!(
            AccessToken::parse("EAA G"),
            Err(AccessTokenError::InvalidCharacter)
        );
    }
}
