#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretCipherError {
    /// Not ciphertext, tampered with, or sealed under another key.
    #[error("the ciphertext cannot be decrypted")]
    Undecryptable,
    #[error("unexpected cipher failure: {0}")]
    Unexpected(String),
}

/// Encrypts small secrets (channel access tokens) for storage. The only way the domain
/// ever turns stored credentials back into a token.
#[cfg_attr(test, mockall::automock)]
pub trait SecretCipher: Send + Sync {
    fn encrypt(&self, plaintext: &str) -> Result<String, SecretCipherError>;
    fn decrypt(&self, ciphertext: &str) -> Result<String, SecretCipherError>;
}
