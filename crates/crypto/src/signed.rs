//! Values the server hands out and must recognise later without storing them (an
//! OAuth `state`): the value, then an HMAC-SHA256 tag over it under a server secret.
//! Each use names its purpose, so a tag made for one can never pass as another.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Signer {
    keyed: HmacSha256,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignerError {
    #[error("the signing secret must not be empty")]
    EmptySecret,
}

impl Signer {
    pub fn new(secret: &[u8]) -> Result<Self, SignerError> {
        if secret.is_empty() {
            return Err(SignerError::EmptySecret);
        }
        let keyed = HmacSha256::new_from_slice(secret).map_err(|_| SignerError::EmptySecret)?;
        Ok(Self { keyed })
    }

    fn tag(&self, purpose: &str, value: &str) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        mac
    }

    /// `value.tag`, URL-safe. `value` must not contain a `.`.
    pub fn sign(&self, purpose: &str, value: &str) -> String {
        let tag = self.tag(purpose, value).finalize().into_bytes();
        format!("{value}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// The value of a token this signer made for `purpose`; `None` for anything else.
    /// The comparison is constant-time.
    pub fn verify<'a>(&self, purpose: &str, signed: &'a str) -> Option<&'a str> {
        let (value, tag) = signed.rsplit_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.tag(purpose, value).verify_slice(&tag).ok()?;
        Some(value)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_value_verifies_for_its_purpose_only() {
        let signer = Signer::new(b"server secret").unwrap();
        let signed = signer.sign("oauth-state", "ws-1:1700000000");
        assert_eq!(
            signer.verify("oauth-state", &signed),
            Some("ws-1:1700000000")
        );
        assert_eq!(signer.verify("visitor", &signed), None);
        let forged = signed.replace("ws-1", "ws-2");
        assert_eq!(signer.verify("oauth-state", &forged), None);
        let other = Signer::new(b"another secret").unwrap();
        assert_eq!(other.verify("oauth-state", &signed), None);
        for garbage in ["", ".", "abc", "a.%%%", "a.b.c"] {
            assert_eq!(signer.verify("oauth-state", garbage), None, "{garbage}");
        }
        assert_eq!(format!("{signer:?}"), "Signer([redacted])");
        assert!(Signer::new(b"").is_err());
    }
}
