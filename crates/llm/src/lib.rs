//! `LanguageModel` adapters (the port is `conversation::llm`), chosen by configuration
//! (`LanguageModelConfig`, `build`):
//! - `OpenAiCompatible`: `POST /v1/chat/completions` with function tools. One wire format
//!   serves OpenAI, Groq, OpenRouter, Ollama, vLLM and LocalAI.
//! - `Anthropic`: `POST /v1/messages` with `tool_use` / `tool_result` content blocks.
//!
//! Both map failures the same way: no answer in time is `Timeout`; no connection, 5xx and
//! 429 are `Unavailable` (worth trying later); other 4xx are `Rejected` with the
//! provider's own message (bad key, unknown model); an answer we cannot read is
//! `Malformed`. Neither logs prompts or answers: they carry customers' messages.

mod anthropic;
mod config;
mod http;
mod openai;

pub use anthropic::Anthropic;
pub use config::{
    DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE, DEFAULT_TIMEOUT, LanguageModelConfig, LlmBuildError,
    Provider, build,
};
pub use openai::OpenAiCompatible;
