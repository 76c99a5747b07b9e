//! Turning text into vectors. Adapters (in `crates/embed`): a local MiniLM model, a
//! deterministic hashing embedder, an OpenAI-compatible API.

use async_trait::async_trait;

use crate::EmbedderSpec;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedError {
    /// Worth trying again later: a rate limit, a 5xx, a timeout, a dropped connection.
    #[error("embedder temporarily unavailable: {0}")]
    Transient(String),
    /// Trying again cannot help: the service refused the request (bad key, unknown
    /// model, input too long).
    #[error("embedder refused the request: {0}")]
    Rejected(String),
    /// The embedder answered with vectors of another length than its spec says; mixing
    /// them into the collection would corrupt it.
    #[error("embedder returned {actual}-dimensional vectors, expected {expected}")]
    DimensionMismatch { expected: usize, actual: usize },
    #[error("unexpected embedder failure: {0}")]
    Unexpected(String),
}

impl EmbedError {
    /// Whether a job that hit this error should be retried.
    pub fn is_transient(&self) -> bool {
        matches!(self, EmbedError::Transient(_))
    }
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Embedder: Send + Sync {
    /// Which embedder this is and how long its vectors are; fixed for its lifetime.
    fn spec(&self) -> &EmbedderSpec;

    /// One vector per text, in the same order, each `spec().dimension()` long and
    /// L2-normalised (so a dot product is the cosine similarity). An empty slice gives
    /// an empty result without any work. Adapters batch internally as they need.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError>;
}
