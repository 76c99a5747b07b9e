//! Claude through Anthropic's Messages API (`POST /v1/messages`), with tools as
//! `tool_use` / `tool_result` content blocks.

mod wire;

use async_trait::async_trait;
use conversation::llm::{ChatRequest, ChatResponse, LanguageModel, LanguageModelError};
use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;

use crate::http::{Endpoint, secret_header, send};
use crate::{LanguageModelConfig, LlmBuildError};

/// The API version this adapter's JSON follows; Anthropic requires the header.
const API_VERSION: &str = "2023-06-01";
/// Anthropic accepts temperatures from 0 to 1 (OpenAI's go to 2).
const MAX_TEMPERATURE: f32 = 1.0;

#[derive(Debug, Clone)]
pub struct Anthropic {
    endpoint: Endpoint,
    /// `x-api-key`, marked sensitive so it never shows in debug output.
    api_key: Option<HeaderValue>,
    name: String,
}

impl Anthropic {
    /// Checks the configuration (its `provider` is not looked at).
    pub fn new(config: &LanguageModelConfig) -> Result<Self, LlmBuildError> {
        if config.base_url.contains("api.openai.com") {
            return Err(LlmBuildError::AnthropicAtOpenAi(
                config.base_url.trim().to_owned(),
            ));
        }
        let endpoint = Endpoint::new(config, "messages", MAX_TEMPERATURE)?;
        let api_key = config
            .api_key
            .as_ref()
            .map(|key| key.expose_secret().trim())
            .filter(|key| !key.is_empty())
            .map(secret_header)
            .transpose()?;
        Ok(Self {
            name: format!("anthropic:{}", endpoint.model),
            endpoint,
            api_key,
        })
    }
}

#[async_trait]
impl LanguageModel for Anthropic {
    fn name(&self) -> &str {
        &self.name
    }

    #[tracing::instrument(skip_all, fields(model = %self.endpoint.model, messages = request.messages.len(), tools = request.tools.len()))]
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LanguageModelError> {
        let body = wire::MessagesRequest::new(
            &self.endpoint.model,
            request,
            self.endpoint.temperature,
            self.endpoint.max_tokens,
        );
        let mut http = self
            .endpoint
            .client
            .post(&self.endpoint.url)
            .header("anthropic-version", API_VERSION)
            .json(&body);
        if let Some(key) = &self.api_key {
            http = http.header("x-api-key", key.clone());
        }
        let message: wire::Message = send(http).await?;
        let response = message.into_response()?;
        tracing::debug!(
            finish_reason = ?response.finish_reason,
            tool_calls = response.tool_calls.len(),
            usage = ?response.usage,
            "language model answered"
        );
        Ok(response)
    }
}
