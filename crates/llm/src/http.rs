//! What both adapters share: checking the configuration, building the HTTP client, and
//! turning a provider's HTTP answer (or its absence) into a `LanguageModelError`.

use conversation::llm::LanguageModelError;
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::{LanguageModelConfig, LlmBuildError};

/// A checked configuration: where to post, which model, with what limits.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub client: reqwest::Client,
    /// `{base}/v1/{path}`.
    pub url: String,
    pub model: String,
    pub temperature: f32,
    pub max_tokens: u32,
}

impl Endpoint {
    /// Checks the settings every provider needs, and accepts a base URL with or without
    /// its `/v1` (people paste both) so that `path` is never doubled or missing.
    pub fn new(
        config: &LanguageModelConfig,
        path: &str,
        max_temperature: f32,
    ) -> Result<Self, LlmBuildError> {
        let model = config.model.trim();
        if model.is_empty() {
            return Err(LlmBuildError::MissingModel);
        }
        let base = config.base_url.trim().trim_end_matches('/');
        if base.is_empty() {
            return Err(LlmBuildError::MissingBaseUrl);
        }
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(LlmBuildError::InvalidBaseUrl(base.to_owned()));
        }
        // `contains` is false for NaN, so a NaN temperature is refused too.
        if !(0.0..=max_temperature).contains(&config.temperature) {
            return Err(LlmBuildError::InvalidTemperature {
                value: config.temperature,
                max: max_temperature,
            });
        }
        if config.max_tokens == 0 {
            return Err(LlmBuildError::ZeroMaxTokens);
        }
        if config.timeout.is_zero() {
            return Err(LlmBuildError::ZeroTimeout);
        }
        let url = if base.ends_with("/v1") {
            format!("{base}/{path}")
        } else {
            format!("{base}/v1/{path}")
        };
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| LlmBuildError::Unexpected(format!("HTTP client: {e}")))?;
        Ok(Self {
            client,
            url,
            model: model.to_owned(),
            temperature: config.temperature,
            max_tokens: config.max_tokens,
        })
    }
}

/// A header carrying the API key, checked once at start-up (a key pasted with a line
/// break would otherwise fail every call) and marked sensitive.
pub(crate) fn secret_header(value: &str) -> Result<HeaderValue, LlmBuildError> {
    let mut header =
        HeaderValue::from_str(value.trim()).map_err(|_| LlmBuildError::InvalidApiKey)?;
    header.set_sensitive(true);
    Ok(header)
}

/// Sends the request and reads a successful answer as `T`; every failure on the way is
/// classified for the caller (who falls back, retries later, or tells the operator).
pub(crate) async fn send<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, LanguageModelError> {
    let response = request.send().await.map_err(|e| transport_error(&e))?;
    let status = response.status();
    if !status.is_success() {
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // A body that cannot be read still leaves the status to classify by.
        let body = response.text().await.unwrap_or_default();
        return Err(status_error(status, retry_after.as_deref(), &body));
    }
    let body = response.bytes().await.map_err(|e| transport_error(&e))?;
    serde_json::from_slice(&body).map_err(|e| {
        if serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
            LanguageModelError::Malformed(format!("unexpected JSON: {e}"))
        } else {
            LanguageModelError::Malformed(format!("not JSON: {e}"))
        }
    })
}

/// The client's own timeout covers connecting, waiting and reading the body, so a slow
/// model surfaces here as a timeout whichever of the three it was.
fn transport_error(error: &reqwest::Error) -> LanguageModelError {
    if error.is_timeout() {
        LanguageModelError::Timeout
    } else if error.is_connect() || error.is_request() || error.is_body() {
        LanguageModelError::Unavailable(format!("request failed: {error}"))
    } else {
        LanguageModelError::Unexpected(format!("request failed: {error}"))
    }
}

/// 429 and 5xx (Anthropic's 529 "overloaded" included) pass; other 4xx will fail the same
/// way again. The provider's own message is kept: it usually says exactly what is wrong
/// ("Incorrect API key provided", "model: claude-x not found").
fn status_error(status: StatusCode, retry_after: Option<&str>, body: &str) -> LanguageModelError {
    let message = provider_message(body);
    let detail = if message.is_empty() {
        format!("HTTP {}", status.as_u16())
    } else {
        format!("HTTP {}: {message}", status.as_u16())
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        match retry_after {
            Some(after) => {
                LanguageModelError::Unavailable(format!("{detail} (retry after {after}s)"))
            }
            None => LanguageModelError::Unavailable(detail),
        }
    } else if status.is_server_error() {
        LanguageModelError::Unavailable(detail)
    } else if status.is_client_error() {
        LanguageModelError::Rejected(detail)
    } else {
        LanguageModelError::Unexpected(detail)
    }
}

/// OpenAI and Anthropic both answer `{"error": {"message": ...}}`; Ollama and some
/// proxies answer `{"error": "..."}`; anything else is shown, shortened.
fn provider_message(body: &str) -> String {
    let parsed = serde_json::from_str::<serde_json::Value>(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let message = error
        .and_then(|e| {
            e.get("message")
                .and_then(|m| m.as_str())
                .or_else(|| e.as_str())
        })
        .map(str::to_owned)
        .unwrap_or_else(|| body.chars().take(200).collect());
    message.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_providers_message_is_found_in_each_error_shape() {
        assert_eq!(
            provider_message(
                r#"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}"#
            ),
            "Incorrect API key provided"
        );
        assert_eq!(
            provider_message(
                r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#
            ),
            "Overloaded"
        );
        assert_eq!(
            provider_message(r#"{"error": "model 'llama9' not found"}"#),
            "model 'llama9' not found"
        );
        assert_eq!(provider_message(" bad gateway \n"), "bad gateway");
        assert_eq!(provider_message(&"x".repeat(500)).len(), 200);
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(
            status_error(
                StatusCode::TOO_MANY_REQUESTS,
                Some("20"),
                r#"{"error": {"message": "Rate limit reached"}}"#
            ),
            LanguageModelError::Unavailable(
                "HTTP 429: Rate limit reached (retry after 20s)".into()
            )
        );
        assert_eq!(
            status_error(StatusCode::from_u16(529).unwrap(), None, ""),
            LanguageModelError::Unavailable("HTTP 529".into())
        );
        assert_eq!(
            status_error(
                StatusCode::NOT_FOUND,
                None,
                r#"{"error": {"message": "The model `gpt-9` does not exist"}}"#
            ),
            LanguageModelError::Rejected("HTTP 404: The model `gpt-9` does not exist".into())
        );
        assert_eq!(
            status_error(StatusCode::NOT_MODIFIED, None, ""),
            LanguageModelError::Unexpected("HTTP 304".into())
        );
    }
}
