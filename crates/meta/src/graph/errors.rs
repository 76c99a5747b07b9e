//! Graph API answers to `SendFailure`s.

use channels::{PlatformError, SendFailure};
use serde::Deserialize;

#[derive(Deserialize)]
struct ErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    message: Option<String>,
    code: Option<i64>,
    error_subcode: Option<i64>,
    #[serde(default)]
    is_transient: bool,
    error_data: Option<ErrorData>,
}

#[derive(Deserialize)]
struct ErrorData {
    details: Option<String>,
}

/// Classifies a non-2xx answer from its status and Graph error body
/// (`{"error": {"message", "type", "code", "error_subcode", "is_transient", ...}}`).
pub(crate) fn failure_from_response(status: u16, body: &[u8]) -> SendFailure {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let transient = parsed.as_ref().is_some_and(|b| b.error.is_transient);
    let error = parsed.and_then(|body| {
        let graph = body.error;
        let code = graph.code?;
        let mut message = graph
            .message
            .unwrap_or_else(|| "unknown Graph error".to_owned());
        // WhatsApp puts the useful part in error_data.details.
        if let Some(details) = graph.error_data.and_then(|d| d.details)
            && !message.contains(&details)
        {
            message = format!("{message}: {details}");
        }
        Some(PlatformError {
            code,
            subcode: graph.error_subcode,
            message,
        })
    });
    SendFailure::classify(Some(status), error.as_ref(), transient)
}

/// A request that got no HTTP answer. The URL is dropped from the text because
/// Messenger calls carry the access token in the query string.
pub(crate) fn failure_from_transport(error: reqwest::Error) -> SendFailure {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    SendFailure::transient(format!("{kind}: {}", error.without_url()))
}
