//! Which language model answers is configuration; this is the one place that turns it
//! into a `LanguageModel`, and refuses settings that could only fail later, one customer
//! message at a time.

use std::sync::Arc;
use std::time::Duration;

use conversation::llm::LanguageModel;
use secrecy::SecretString;

use crate::{Anthropic, OpenAiCompatible};

pub const DEFAULT_TEMPERATURE: f32 = 0.2;
pub const DEFAULT_MAX_TOKENS: u32 = 512;
/// A customer is waiting on the other side of a chat; past this the assistant falls back
/// to its grounded engine rather than keep them waiting.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// No language model: the assistant answers with its grounded engine alone.
    None,
    /// Any `/v1/chat/completions` API: OpenAI, Groq, OpenRouter, Ollama, vLLM...
    OpenAiCompatible,
    /// Anthropic's `/v1/messages` API.
    Anthropic,
}

#[derive(Debug, Clone)]
pub struct LanguageModelConfig {
    pub provider: Provider,
    /// `https://api.openai.com` or `https://api.openai.com/v1` (both reach
    /// `.../v1/chat/completions`); `https://api.anthropic.com` for Anthropic.
    pub base_url: String,
    /// Bearer token (OpenAI-compatible) or `x-api-key` (Anthropic) when set; local
    /// servers often need none.
    pub api_key: Option<SecretString>,
    pub model: String,
    /// 0 to 2 (Anthropic accepts 0 to 1).
    pub temperature: f32,
    /// Longest answer, in tokens. Chat replies are short; this also caps the cost.
    pub max_tokens: u32,
    /// For the whole call: connecting, the model thinking, reading the answer.
    pub timeout: Duration,
}

impl LanguageModelConfig {
    pub fn new(provider: Provider, base_url: &str, model: &str) -> Self {
        Self {
            provider,
            base_url: base_url.to_owned(),
            api_key: None,
            model: model.to_owned(),
            temperature: DEFAULT_TEMPERATURE,
            max_tokens: DEFAULT_MAX_TOKENS,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Why a language model could not be built at start-up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmBuildError {
    #[error(
        "the language model's name is empty (for example gpt-4o-mini or claude-3-5-haiku-latest)"
    )]
    MissingModel,
    #[error("the language model's base URL is empty")]
    MissingBaseUrl,
    #[error("the language model's base URL must start with http:// or https:// (got '{0}')")]
    InvalidBaseUrl(String),
    #[error("temperature must be between 0 and {max} (got {value})")]
    InvalidTemperature { value: f32, max: f32 },
    #[error("max_tokens must be at least 1")]
    ZeroMaxTokens,
    #[error("the language model's API key contains characters that cannot be sent in a header")]
    InvalidApiKey,
    #[error("the language model's timeout must be longer than zero")]
    ZeroTimeout,
    /// The base URL is OpenAI's (the settings' default) while the provider is Anthropic:
    /// every call would fail with 404, so say so at start-up.
    #[error(
        "provider anthropic with OpenAI's base URL '{0}'; set the base URL to https://api.anthropic.com"
    )]
    AnthropicAtOpenAi(String),
    #[error("unexpected failure building the language model: {0}")]
    Unexpected(String),
}

/// Builds the configured language model, or `None` when there is none. Call once at
/// start-up and share the result: it holds a connection pool.
pub fn build(
    config: &LanguageModelConfig,
) -> Result<Option<Arc<dyn LanguageModel>>, LlmBuildError> {
    let model: Arc<dyn LanguageModel> = match config.provider {
        Provider::None => {
            tracing::info!("no language model; the assistant answers with its grounded engine");
            return Ok(None);
        }
        Provider::OpenAiCompatible => Arc::new(OpenAiCompatible::new(config)?),
        Provider::Anthropic => Arc::new(Anthropic::new(config)?),
    };
    tracing::info!(model = model.name(), "language model ready");
    Ok(Some(model))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(provider: Provider) -> LanguageModelConfig {
        LanguageModelConfig::new(provider, "https://api.openai.com", "gpt-4o-mini")
    }

    #[test]
    fn none_builds_nothing_and_each_provider_names_its_model() {
        assert!(build(&config(Provider::None)).unwrap().is_none());
        let openai = build(&config(Provider::OpenAiCompatible)).unwrap().unwrap();
        assert_eq!(openai.name(), "openai-compatible:gpt-4o-mini");
        let anthropic = build(&LanguageModelConfig::new(
            Provider::Anthropic,
            "https://api.anthropic.com",
            " claude-3-5-haiku-latest ",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(anthropic.name(), "anthropic:claude-3-5-haiku-latest");
    }

    #[test]
    fn none_ignores_the_other_settings() {
        let mut none = config(Provider::None);
        none.model = String::new();
        none.max_tokens = 0;
        assert!(build(&none).unwrap().is_none());
    }

    #[test]
    fn settings_that_could_only_fail_later_are_refused() {
        let refused = |change: &dyn Fn(&mut LanguageModelConfig)| {
            let mut config = config(Provider::OpenAiCompatible);
            change(&mut config);
            build(&config).err()
        };
        assert_eq!(
            refused(&|c| c.model = "  ".into()),
            Some(LlmBuildError::MissingModel)
        );
        assert_eq!(
            refused(&|c| c.base_url = "".into()),
            Some(LlmBuildError::MissingBaseUrl)
        );
        assert_eq!(
            refused(&|c| c.base_url = "api.openai.com".into()),
            Some(LlmBuildError::InvalidBaseUrl("api.openai.com".into()))
        );
        assert_eq!(
            refused(&|c| c.temperature = 2.5),
            Some(LlmBuildError::InvalidTemperature {
                value: 2.5,
                max: 2.0
            })
        );
        assert_eq!(
            refused(&|c| c.temperature = -0.1),
            Some(LlmBuildError::InvalidTemperature {
                value: -0.1,
                max: 2.0
            })
        );
        assert_eq!(
            refused(&|c| c.temperature = f32::NAN)
                .map(|e| e.to_string().contains("between 0 and 2")),
            Some(true)
        );
        assert_eq!(
            refused(&|c| c.max_tokens = 0),
            Some(LlmBuildError::ZeroMaxTokens)
        );
        assert_eq!(
            refused(&|c| c.timeout = Duration::ZERO),
            Some(LlmBuildError::ZeroTimeout)
        );
        assert_eq!(refused(&|c| c.temperature = 2.0), None);
    }

    #[test]
    fn anthropic_refuses_openais_url_and_temperatures_above_one() {
        let mut config = config(Provider::Anthropic);
        config.model = "claude-3-5-haiku-latest".into();
        assert_eq!(
            build(&config).err(),
            Some(LlmBuildError::AnthropicAtOpenAi(
                "https://api.openai.com".into()
            ))
        );
        config.base_url = "https://api.anthropic.com/v1/".into();
        config.temperature = 1.5;
        assert_eq!(
            build(&config).err(),
            Some(LlmBuildError::InvalidTemperature {
                value: 1.5,
                max: 1.0
            })
        );
        config.temperature = 1.0;
        assert!(build(&config).unwrap().is_some());
    }
}
