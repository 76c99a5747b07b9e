//! Embeddings from any OpenAI-compatible API (`POST /v1/embeddings`): OpenAI itself,
//! Ollama, vLLM, LocalAI and others.

use std::time::Duration;

use async_trait::async_trait;
use knowledge::{EmbedError, Embedder, EmbedderSpec};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::EmbedderBuildError;
use crate::hashing::normalise;

#[derive(Debug, Clone)]
pub struct OpenAiEmbeddingsConfig {
    /// `https://api.openai.com` or `https://api.openai.com/v1`; both reach
    /// `.../v1/embeddings`.
    pub base_url: String,
    /// Sent as a Bearer token when set (local servers often need none).
    pub api_key: Option<SecretString>,
    pub model: String,
    /// The model's vector length (1536 for `text-embedding-3-small`). Checked on every
    /// answer: vectors of another length are refused, never stored.
    pub dimension: usize,
    pub timeout: Duration,
    /// Texts per request.
    pub batch_size: usize,
}

impl OpenAiEmbeddingsConfig {
    pub fn new(base_url: &str, model: &str, dimension: usize) -> Self {
        Self {
            base_url: base_url.to_owned(),
            api_key: None,
            model: model.to_owned(),
            dimension,
            timeout: Duration::from_secs(30),
            batch_size: 64,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpenAiEmbeddings {
    client: reqwest::Client,
    url: String,
    api_key: Option<SecretString>,
    model: String,
    spec: EmbedderSpec,
    batch_size: usize,
}

impl OpenAiEmbeddings {
    /// The spec is `openai:<model>` at the configured dimension, so switching model (or
    /// dimension) gives a new collection.
    pub fn new(config: OpenAiEmbeddingsConfig) -> Result<Self, EmbedderBuildError> {
        let model = config.model.trim().to_owned();
        if model.is_empty() {
            return Err(EmbedderBuildError::InvalidConfig(
                "the embeddings model name is empty".into(),
            ));
        }
        let spec = EmbedderSpec::new(&format!("openai:{model}"), config.dimension)
            .map_err(|e| EmbedderBuildError::InvalidConfig(format!("model '{model}': {e}")))?;
        let base = config.base_url.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(EmbedderBuildError::InvalidConfig(format!(
                "embeddings base URL must start with http:// or https:// (got '{base}')"
            )));
        }
        let url = if base.ends_with("/v1") {
            format!("{base}/embeddings")
        } else {
            format!("{base}/v1/embeddings")
        };
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| EmbedderBuildError::InvalidConfig(format!("HTTP client: {e}")))?;
        Ok(Self {
            client,
            url,
            api_key: config.api_key,
            model,
            spec,
            batch_size: config.batch_size.max(1),
        })
    }

    async fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut request = self.client.post(&self.url).json(&EmbeddingsRequest {
            model: &self.model,
            input: texts,
        });
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let response = request.send().await.map_err(|e| request_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response.text().await.unwrap_or_default();
            return Err(status_error(status, retry_after.as_deref(), &body));
        }
        let body = response.bytes().await.map_err(|e| request_error(&e))?;
        let parsed: EmbeddingsResponse = serde_json::from_slice(&body)
            .map_err(|e| EmbedError::Unexpected(format!("malformed embeddings response: {e}")))?;
        self.vectors_in_order(parsed, texts.len())
    }

    /// Puts `data[]` back in input order by `index`, checking that every input got
    /// exactly one vector of the right length.
    fn vectors_in_order(
        &self,
        response: EmbeddingsResponse,
        expected: usize,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        if response.data.len() != expected {
            return Err(EmbedError::Unexpected(format!(
                "malformed embeddings response: {} vectors for {expected} inputs",
                response.data.len()
            )));
        }
        let mut slots: Vec<Option<Vec<f32>>> = vec![None; expected];
        for item in response.data {
            let slot = slots.get_mut(item.index).ok_or_else(|| {
                EmbedError::Unexpected(format!(
                    "malformed embeddings response: index {} out of range",
                    item.index
                ))
            })?;
            if slot.is_some() {
                return Err(EmbedError::Unexpected(format!(
                    "malformed embeddings response: index {} repeated",
                    item.index
                )));
            }
            if item.embedding.len() != self.spec.dimension() {
                return Err(EmbedError::DimensionMismatch {
                    expected: self.spec.dimension(),
                    actual: item.embedding.len(),
                });
            }
            let mut vector = item.embedding;
            // OpenAI's vectors are unit length already; other servers' may not be,
            // and the port promises unit length.
            normalise(&mut vector);
            *slot = Some(vector);
        }
        Ok(slots.into_iter().flatten().collect())
    }
}

#[derive(Serialize)]
struct EmbeddingsRequest<'a> {
    model: &'a str,
    input: &'a [String],
}

#[derive(Deserialize)]
struct EmbeddingsResponse {
    data: Vec<EmbeddingItem>,
}

#[derive(Deserialize)]
struct EmbeddingItem {
    index: usize,
    embedding: Vec<f32>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

fn request_error(error: &reqwest::Error) -> EmbedError {
    if error.is_timeout() {
        EmbedError::Transient("embeddings request timed out".into())
    } else if error.is_connect() || error.is_request() || error.is_body() {
        EmbedError::Transient(format!("embeddings request failed: {error}"))
    } else {
        EmbedError::Unexpected(format!("embeddings request failed: {error}"))
    }
}

/// 429 and 5xx are worth retrying; other statuses will fail the same way again. The
/// server's own message (OpenAI's `error.message`) is kept, since it usually says
/// exactly what is wrong ("Incorrect API key provided").
fn status_error(status: StatusCode, retry_after: Option<&str>, body: &str) -> EmbedError {
    let message = serde_json::from_str::<ErrorBody>(body)
        .map(|b| b.error.message)
        .unwrap_or_else(|_| body.chars().take(200).collect());
    let detail = if message.trim().is_empty() {
        format!("HTTP {}", status.as_u16())
    } else {
        format!("HTTP {}: {}", status.as_u16(), message.trim())
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        match retry_after {
            Some(after) => EmbedError::Transient(format!("{detail} (retry after {after}s)")),
            None => EmbedError::Transient(detail),
        }
    } else if status.is_server_error() {
        EmbedError::Transient(detail)
    } else {
        EmbedError::Rejected(detail)
    }
}

#[async_trait]
impl Embedder for OpenAiEmbeddings {
    fn spec(&self) -> &EmbedderSpec {
        &self.spec
    }

    #[tracing::instrument(skip_all, fields(texts = texts.len(), model = %self.model))]
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(self.batch_size) {
            vectors.extend(self.embed_batch(batch).await?);
        }
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests;
