//! Both adapters against a local server speaking the provider's API: the exact requests,
//! a tool call round trip, and how each failure is classified. The answers are the
//! providers' documented payloads, kept in `tests/fixtures/llm/`.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod anthropic;
mod openai;
mod support;
