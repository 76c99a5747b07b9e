//! The `[llm]` settings turned into a `LanguageModel` (or none), refusing at start-up what
//! could only fail later, one customer message at a time.

use std::sync::Arc;
use std::time::Duration;

use conversation::llm::LanguageModel;
use llm::{LanguageModelConfig, LlmBuildError, Provider};
use secrecy::ExposeSecret;

use crate::settings::{LlmProviderChoice, Settings};
use crate::startup::StartupError;

/// The configured language model; `None` with `provider = "none"` (the default).
pub fn language_model(settings: &Settings) -> Result<Option<Arc<dyn LanguageModel>>, StartupError> {
    llm::build(&config(settings))
        .map_err(|error| StartupError::Config(format!("{}: {error}", setting_at_fault(&error))))
}

fn config(settings: &Settings) -> LanguageModelConfig {
    let llm = &settings.llm;
    let provider = match llm.provider {
        LlmProviderChoice::None => Provider::None,
        LlmProviderChoice::Openai => Provider::OpenAiCompatible,
        LlmProviderChoice::Anthropic => Provider::Anthropic,
    };
    let mut config = LanguageModelConfig::new(provider, &llm.base_url, &llm.model);
    if !llm.api_key.expose_secret().trim().is_empty() {
        config.api_key = Some(llm.api_key.clone());
    }
    config.temperature = llm.temperature;
    config.max_tokens = llm.max_tokens;
    config.timeout = Duration::from_millis(llm.timeout_ms);
    config
}

/// The setting to change, so the operator is not left guessing.
fn setting_at_fault(error: &LlmBuildError) -> &'static str {
    match error {
        LlmBuildError::MissingModel => "llm.model",
        LlmBuildError::MissingBaseUrl
        | LlmBuildError::InvalidBaseUrl(_)
        | LlmBuildError::AnthropicAtOpenAi(_) => "llm.base_url",
        LlmBuildError::InvalidTemperature { .. } => "llm.temperature",
        LlmBuildError::ZeroMaxTokens => "llm.max_tokens",
        LlmBuildError::ZeroTimeout => "llm.timeout_ms",
        LlmBuildError::InvalidApiKey => "llm.api_key",
        LlmBuildError::Unexpected(_) => "llm",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, config::ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        Settings::load_from(
            dir.path(),
            "development",
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    }

    fn config_error(settings: &Settings) -> String {
        match language_model(settings) {
            Err(StartupError::Config(message)) => message,
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("built a language model from invalid settings"),
        }
    }

    #[test]
    fn by_default_there_is_no_language_model() {
        let settings = settings(&[]).unwrap();
        assert_eq!(settings.llm.provider, LlmProviderChoice::None);
        assert_eq!(settings.llm.base_url, "https://api.openai.com");
        assert_eq!(settings.llm.model, "");
        assert_eq!(settings.llm.temperature, 0.2);
        assert_eq!(settings.llm.max_tokens, 512);
        assert_eq!(settings.llm.timeout_ms, 8000);
        assert!(language_model(&settings).unwrap().is_none());
    }

    #[test]
    fn the_environment_chooses_and_configures_the_provider() {
        let settings = settings(&[
            ("CHATDESK__LLM__PROVIDER", "openai"),
            ("CHATDESK__LLM__BASE_URL", "http://127.0.0.1:11434/v1"),
            ("CHATDESK__LLM__MODEL", "llama3.1"),
            ("CHATDESK__LLM__TEMPERATURE", "0.7"),
            ("CHATDESK__LLM__MAX_TOKENS", "300"),
            ("CHATDESK__LLM__TIMEOUT_MS", "20000"),
            ("CHATDESK__LLM__API_KEY", "sk-hidden-value"),
        ])
        .unwrap();
        let chosen = config(&settings);
        assert_eq!(chosen.provider, Provider::OpenAiCompatible);
        assert_eq!(chosen.temperature, 0.7);
        assert_eq!(chosen.max_tokens, 300);
        assert_eq!(chosen.timeout, Duration::from_secs(20));
        assert_eq!(
            chosen
                .api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            Some("sk-hidden-value".to_owned())
        );
        assert!(!format!("{settings:?}").contains("sk-hidden-value"));
        let model = language_model(&settings).unwrap().unwrap();
        assert_eq!(model.name(), "openai-compatible:llama3.1");

        let anthropic = settings_for_anthropic();
        let model = language_model(&anthropic).unwrap().unwrap();
        assert_eq!(model.name(), "anthropic:claude-3-5-haiku-latest");
        assert!(config(&anthropic).api_key.is_none());
    }

    fn settings_for_anthropic() -> Settings {
        settings(&[
            ("CHATDESK__LLM__PROVIDER", "anthropic"),
            ("CHATDESK__LLM__BASE_URL", "https://api.anthropic.com"),
            ("CHATDESK__LLM__MODEL", "claude-3-5-haiku-latest"),
        ])
        .unwrap()
    }

    #[test]
    fn invalid_settings_stop_the_start_naming_the_setting() {
        let no_model = settings(&[("CHATDESK__LLM__PROVIDER", "openai")]).unwrap();
        assert!(config_error(&no_model).starts_with("llm.model: "));
        let hot = settings(&[
            ("CHATDESK__LLM__PROVIDER", "openai"),
            ("CHATDESK__LLM__MODEL", "gpt-4o-mini"),
            ("CHATDESK__LLM__TEMPERATURE", "3"),
        ])
        .unwrap();
        assert_eq!(
            config_error(&hot),
            "llm.temperature: temperature must be between 0 and 2 (got 3)"
        );
        let anthropic_at_openai = settings(&[
            ("CHATDESK__LLM__PROVIDER", "anthropic"),
            ("CHATDESK__LLM__MODEL", "claude-3-5-haiku-latest"),
        ])
        .unwrap();
        assert!(config_error(&anthropic_at_openai).starts_with("llm.base_url: "));
        assert!(settings(&[("CHATDESK__LLM__PROVIDER", "gpt")]).is_err());
    }
}
