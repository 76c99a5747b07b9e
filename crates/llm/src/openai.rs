//! Chat completions with function tools from any OpenAI-compatible API
//! (`POST /v1/chat/completions`): OpenAI itself, Groq, OpenRouter, Ollama, vLLM, LocalAI.

mod wire;

use async_trait::async_trait;
use conversation::llm::{ChatRequest, ChatResponse, LanguageModel, LanguageModelError};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::ExposeSecret;

use crate::http::{Endpoint, secret_header, send};
use crate::{LanguageModelConfig, LlmBuildError};

/// OpenAI documents temperatures from 0 to 2.
const MAX_TEMPERATURE: f32 = 2.0;

#[derive(Debug, Clone)]
pub struct OpenAiCompatible {
    endpoint: Endpoint,
    /// `Bearer <key>`, marked sensitive so it never shows in debug output.
    authorization: Option<HeaderValue>,
    name: String,
}

impl OpenAiCompatible {
    /// Checks the configuration (its `provider` is not looked at).
    pub fn new(config: &LanguageModelConfig) -> Result<Self, LlmBuildError> {
        let endpoint = Endpoint::new(config, "chat/completions", MAX_TEMPERATURE)?;
        let authorization = config
            .api_key
            .as_ref()
            .map(|key| key.expose_secret().trim())
            .filter(|key| !key.is_empty())
            .map(|key| secret_header(&format!("Bearer {key}")))
            .transpose()?;
        Ok(Self {
            name: format!("openai-compatible:{}", endpoint.model),
            endpoint,
            authorization,
        })
    }
}

#[async_trait]
impl LanguageModel for OpenAiCompatible {
    fn name(&self) -> &str {
        &self.name
    }

    #[tracing::instrument(skip_all, fields(model = %self.endpoint.model, messages = request.messages.len(), tools = request.tools.len()))]
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LanguageModelError> {
        let body = wire::ChatCompletionRequest::new(
            &self.endpoint.model,
            request,
            self.endpoint.temperature,
            self.endpoint.max_tokens,
        )?;
        let mut http = self.endpoint.client.post(&self.endpoint.url).json(&body);
        if let Some(authorization) = &self.authorization {
            http = http.header(AUTHORIZATION, authorization.clone());
        }
        let completion: wire::ChatCompletion = send(http).await?;
        let response = completion.into_response()?;
        tracing::debug!(
            finish_reason = ?response.finish_reason,
            tool_calls = response.tool_calls.len(),
            usage = ?response.usage,
            "language model answered"
        );
        Ok(response)
    }
}
