//! The `LanguageModel` port: a chat model that may call tools.
//!
//! The assistant works without one (the grounded engine is the default). With one, the
//! model drafts the answer and calls the tools in `tools`, which the domain executes
//! against the real catalog, cart and orders; whatever it writes still passes the
//! guardrails, and a handoff is only ever the `handoff_to_human` tool, never a phrase.
//! Adapters (`crates/llm`) speak a provider's wire format; nothing here knows HTTP.

mod tools;

use async_trait::async_trait;
use serde::Serialize;

pub use tools::{ToolName, UnknownTool, tool_specs};

/// One message of the conversation as the model sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ChatMessage {
    /// Instructions: the brand, its tone, the rules, the workspace's custom instructions.
    System {
        content: String,
    },
    User {
        content: String,
    },
    /// What the model said before: text, tool calls, or both.
    Assistant {
        content: Option<String>,
        tool_calls: Vec<ToolCall>,
    },
    /// The result of one tool call, as JSON text.
    Tool {
        call_id: String,
        content: String,
    },
}

/// A tool the model may call: its name, what it does, and a JSON Schema of its arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// The model asks to run a tool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolCall {
    /// The provider's id for the call, echoed back with its result.
    pub id: String,
    pub name: String,
    /// Parsed arguments (an object). Adapters parse the provider's JSON text; a call
    /// whose arguments are not JSON is `LanguageModelError::Malformed`.
    pub arguments: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
}

/// Why the model stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// A complete answer.
    Stop,
    /// It wants tool results before answering.
    ToolCalls,
    /// Cut at the token limit.
    Length,
    /// The provider's content filter stopped it.
    ContentFilter,
    Other,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TokenUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// One answer of the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatResponse {
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    pub finish_reason: FinishReason,
    pub usage: Option<TokenUsage>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageModelError {
    /// No answer within the configured timeout.
    #[error("the language model did not answer in time")]
    Timeout,
    /// Could not connect, or the provider answered 5xx / 429.
    #[error("the language model is unavailable: {0}")]
    Unavailable(String),
    /// The provider refused the request (4xx other than 429): bad key, unknown model.
    #[error("the language model refused the request: {0}")]
    Rejected(String),
    /// An answer we cannot read (not JSON, no choices, tool arguments that are not JSON).
    #[error("the language model's answer could not be read: {0}")]
    Malformed(String),
    #[error("unexpected language model failure: {0}")]
    Unexpected(String),
}

/// A chat model. Implemented by `llm::OpenAiCompatible` and `llm::Anthropic`.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait LanguageModel: Send + Sync {
    /// Which model answers, for logs and the playground ("openai:gpt-4o-mini").
    fn name(&self) -> &str;
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LanguageModelError>;
}
