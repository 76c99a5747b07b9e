//! What both adapters' tests share: the fixtures, a conversation with a tool call in it,
//! and a matcher telling a request that carries tool results from one that does not.

use std::time::Duration;

use conversation::llm::{
    ChatMessage, ChatRequest, LanguageModelError, ToolCall, ToolSpec, tool_specs,
};
use llm::{LanguageModelConfig, Provider};
use serde_json::{Value, json};
use wiremock::{Match, Request};

pub const OPENAI_TOOL_CALL: &str =
    include_str!("../../../../tests/fixtures/llm/openai_tool_call.json");
pub const OPENAI_TEXT: &str = include_str!("../../../../tests/fixtures/llm/openai_text.json");
pub const OPENAI_ERROR: &str = include_str!("../../../../tests/fixtures/llm/openai_error.json");
pub const ANTHROPIC_TOOL_USE: &str =
    include_str!("../../../../tests/fixtures/llm/anthropic_tool_use.json");
pub const ANTHROPIC_TEXT: &str = include_str!("../../../../tests/fixtures/llm/anthropic_text.json");
pub const ANTHROPIC_ERROR: &str =
    include_str!("../../../../tests/fixtures/llm/anthropic_error.json");

/// What the fixtures' text answers say.
pub const LIPSTICK_ANSWER: &str = "We have the Velvet Matte Lipstick in Ruby Red for 19.90 EUR, in stock. Shall I add it to your cart?";

/// A tool result as the domain would send it back.
pub const SEARCH_RESULT: &str = r#"{"products":[{"id":"p_ruby","name":"Velvet Matte Lipstick","variant":"Ruby Red","price":"19.90 EUR","available":true}]}"#;

pub fn fixture(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap()
}

pub fn config(provider: Provider, base_url: String, model: &str) -> LanguageModelConfig {
    let mut config = LanguageModelConfig::new(provider, &base_url, model);
    config.api_key = Some("sk-test".to_owned().into());
    config.temperature = 0.2;
    config.max_tokens = 256;
    // Short, so the timeout test is quick; far above what a local server needs.
    config.timeout = Duration::from_millis(500);
    config
}

pub fn search_products() -> ToolSpec {
    tool_specs()
        .into_iter()
        .find(|spec| spec.name == "search_products")
        .unwrap()
}

pub fn get_cart() -> ToolSpec {
    tool_specs()
        .into_iter()
        .find(|spec| spec.name == "get_cart")
        .unwrap()
}

/// The customer asked, the model searched, the result came back: the next request.
pub fn conversation_with_a_tool_result() -> ChatRequest {
    ChatRequest {
        messages: vec![
            ChatMessage::System {
                content: "You are Glow Beauty's assistant.".into(),
            },
            ChatMessage::User {
                content: "Do you have a red lipstick?".into(),
            },
            ChatMessage::Assistant {
                content: None,
                tool_calls: vec![ToolCall {
                    id: "call_1".into(),
                    name: "search_products".into(),
                    arguments: json!({"query": "red lipstick", "limit": 3}),
                }],
            },
            ChatMessage::Tool {
                call_id: "call_1".into(),
                content: SEARCH_RESULT.into(),
            },
        ],
        tools: vec![search_products(), get_cart()],
    }
}

pub fn first_question() -> ChatRequest {
    ChatRequest {
        messages: vec![
            ChatMessage::System {
                content: "You are Glow Beauty's assistant.".into(),
            },
            ChatMessage::User {
                content: "Do you have a red lipstick?".into(),
            },
        ],
        tools: tool_specs(),
    }
}

/// Matches requests whose JSON body mentions (or not) a tool result: `"role": "tool"`
/// for OpenAI, a `tool_result` block for Anthropic.
pub struct CarriesToolResult(pub bool);

impl Match for CarriesToolResult {
    fn matches(&self, request: &Request) -> bool {
        let Ok(body) = request.body_json::<Value>() else {
            return false;
        };
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let carries = messages.iter().any(|m| {
            m["role"] == "tool"
                || m["content"]
                    .as_array()
                    .is_some_and(|blocks| blocks.iter().any(|b| b["type"] == "tool_result"))
        });
        carries == self.0
    }
}

/// The body of the only request the server received.
pub async fn only_request(server: &wiremock::MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

pub fn is_malformed(result: &Result<conversation::llm::ChatResponse, LanguageModelError>) -> bool {
    matches!(result, Err(LanguageModelError::Malformed(_)))
}
