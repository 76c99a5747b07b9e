use std::fmt;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use rand::rngs::OsRng;

const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    /// The data key given at start-up is not 32 bytes of base64.
    #[error("the data key must be 32 bytes, base64 encoded")]
    InvalidKey,
    /// Not base64, too short, tampered with, or encrypted under another key: AES-GCM
    /// cannot tell these apart, and callers should not either.
    #[error("the ciphertext cannot be decrypted")]
    Undecryptable,
    #[error("unexpected cipher failure: {0}")]
    Unexpected(String),
}

/// AES-256-GCM for small secrets at rest, such as channel access tokens.
///
/// Output is base64 of `nonce (12 bytes) || ciphertext || tag (16 bytes)`, so a value
/// carries everything needed to decrypt it but the key. Nonces are random: at 96 bits
/// they stay collision-free for far more values than this table will ever hold.
#[derive(Clone)]
pub struct DataCipher {
    aead: Aes256Gcm,
}

impl DataCipher {
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            aead: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)),
        }
    }

    /// Builds the cipher from the configured key, 32 bytes in standard base64
    /// (`openssl rand -base64 32`).
    pub fn from_base64(key: &str) -> Result<Self, CipherError> {
        let bytes = STANDARD
            .decode(key.trim())
            .map_err(|_| CipherError::InvalidKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| CipherError::InvalidKey)?;
        Ok(Self::new(&key))
    }

    #[tracing::instrument(skip_all)]
    pub fn encrypt(&self, plaintext: &str) -> Result<String, CipherError> {
        let mut nonce = [0u8; NONCE_BYTES];
        OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .aead
            .encrypt(&Nonce::from(nonce), plaintext.as_bytes())
            .map_err(|_| CipherError::Unexpected("AES-GCM refused the plaintext".to_owned()))?;
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    #[tracing::instrument(skip_all)]
    pub fn decrypt(&self, encoded: &str) -> Result<String, CipherError> {
        let raw = STANDARD
            .decode(encoded)
            .map_err(|_| CipherError::Undecryptable)?;
        if raw.len() < NONCE_BYTES + TAG_BYTES {
            return Err(CipherError::Undecryptable);
        }
        let (nonce, sealed) = raw.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| CipherError::Undecryptable)?;
        let plain = self
            .aead
            .decrypt(&Nonce::from(nonce), sealed)
            .map_err(|_| CipherError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| CipherError::Undecryptable)
    }
}

/// The channels domain seals channel tokens through this port.
impl channels::ports::SecretCipher for DataCipher {
    fn encrypt(&self, plaintext: &str) -> Result<String, channels::ports::SecretCipherError> {
        DataCipher::encrypt(self, plaintext).map_err(Into::into)
    }

    fn decrypt(&self, ciphertext: &str) -> Result<String, channels::ports::SecretCipherError> {
        DataCipher::decrypt(self, ciphertext).map_err(Into::into)
    }
}

impl From<CipherError> for channels::ports::SecretCipherError {
    fn from(error: CipherError) -> Self {
        match error {
            CipherError::Undecryptable => channels::ports::SecretCipherError::Undecryptable,
            other => channels::ports::SecretCipherError::Unexpected(other.to_string()),
        }
    }
}

impl fmt::Debug for DataCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataCipher([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher() -> DataCipher {
        DataCipher::new(&[7u8; 32])
    }

    #[test]
    fn a_value_round_trips() {
        let cipher = cipher();
        let token = "EAAGm0PX4ZCpsBAKZC-page-token-é";
        let sealed = cipher.encrypt(token).unwrap();
        assert!(!sealed.contains("page-token"));
        assert_eq!(cipher.decrypt(&sealed).unwrap(), token);
        assert_eq!(cipher.decrypt(&cipher.encrypt("").unwrap()).unwrap(), "");
    }

    #[test]
    fn the_same_value_encrypts_differently_each_time() {
        let cipher = cipher();
        let first = cipher.encrypt("secret").unwrap();
        let second = cipher.encrypt("secret").unwrap();
        assert_ne!(first, second);
        let first_nonce = &STANDARD.decode(&first).unwrap()[..NONCE_BYTES];
        let second_nonce = &STANDARD.decode(&second).unwrap()[..NONCE_BYTES];
        assert_ne!(first_nonce, second_nonce);
    }

    #[test]
    fn a_tampered_ciphertext_is_refused() {
        let cipher = cipher();
        let mut raw = STANDARD.decode(cipher.encrypt("secret").unwrap()).unwrap();
        // Flip one bit in the ciphertext body, after the nonce.
        raw[NONCE_BYTES] ^= 0x01;
        assert_eq!(
            cipher.decrypt(&STANDARD.encode(&raw)),
            Err(CipherError::Undecryptable)
        );
    }

    #[test]
    fn another_key_cannot_decrypt() {
        let sealed = cipher().encrypt("secret").unwrap();
        let other = DataCipher::new(&[8u8; 32]);
        assert_eq!(other.decrypt(&sealed), Err(CipherError::Undecryptable));
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let cipher = cipher();
        for input in ["", "not base64!", "AAAA", &STANDARD.encode([0u8; 27])] {
            assert_eq!(
                cipher.decrypt(input),
                Err(CipherError::Undecryptable),
                "{input}"
            );
        }
    }

    #[test]
    fn the_key_parses_from_base64_of_32_bytes_only() {
        let key = STANDARD.encode([7u8; 32]);
        let parsed = DataCipher::from_base64(&format!("{key}\n")).unwrap();
        let sealed = cipher().encrypt("secret").unwrap();
        assert_eq!(parsed.decrypt(&sealed).unwrap(), "secret");

        assert_eq!(
            DataCipher::from_base64(&STANDARD.encode([7u8; 16])).map(|_| ()),
            Err(CipherError::InvalidKey)
        );
        assert_eq!(
            DataCipher::from_base64("%%%").map(|_| ()),
            Err(CipherError::InvalidKey)
        );
    }

    #[test]
    fn channel_tokens_seal_through_the_port() {
        use channels::{AccessToken, Credentials};
        let cipher = cipher();
        let token = AccessToken::parse("EAAGpagetoken").unwrap();
        let sealed = Credentials::seal(&cipher, &token).unwrap();
        assert!(!sealed.ciphertext().contains("pagetoken"));
        assert_eq!(sealed.open(&cipher).unwrap(), token);
        let other = DataCipher::new(&[9u8; 32]);
        assert!(matches!(
            sealed.open(&other),
            Err(channels::CredentialsError::Undecryptable)
        ));
    }

    #[test]
    fn debug_never_shows_the_key() {
        assert_eq!(format!("{:?}", cipher()), "DataCipher([redacted])");
    }
}
