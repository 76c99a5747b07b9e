#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is missing")]
    Missing,
    #[error("the signature header is not in the expected form")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// Proves a webhook came from the platform: checks the signature header against the
/// raw body bytes, exactly as received (re-serialized JSON would not match).
#[cfg_attr(test, mockall::automock)]
pub trait WebhookVerifier: Send + Sync {
    // mockall needs the lifetime of an `Option<&T>` argument named.
    #[allow(clippy::needless_lifetimes)]
    fn verify<'a>(
        &self,
        body: &[u8],
        signature_header: Option<&'a str>,
    ) -> Result<(), SignatureError>;
}
