//! Conversations, their lifecycle, and the assistant turn.
//!
//! This crate holds the language half of the assistant, as pure functions over text:
//! - `language`: which of English, Spanish, Italian a message is in, and which to reply in;
//! - `intents`: what the customer wants, as ranked intents with confidences;
//! - `entities`: products, variants, quantities, locations, yes/no and references,
//!   matched against a `CatalogSnapshot`;
//! - `sentiment`: how the customer feels and whether they are frustrated;
//! - `understanding`: all of the above for one message, the turn's input;
//! - `tones`: every reply the assistant sends without a model, per brand tone and language;
//! - `guardrails`: the filter every outgoing text passes (no medical claims, guarantees
//!   or prices the catalog does not have);
//! - `conversations`: the conversation aggregate (owner, lifecycle, order capture,
//!   dialogue memory), its timeline, and the workspace's assistant settings;
//! - `assistant`: the turn itself, wiring all of the above with the catalog, knowledge
//!   and orders through `ports`, with an optional language model (`llm`).
//!
//! How a turn uses it: build a `CatalogSnapshot` once per catalog version
//! (`CatalogSnapshot::from_priced`), call `understand(message, &snapshot, &TurnContext)`
//! with what the conversation knows (its language so far, the question the assistant
//! asked last, the products in play, the customer's last messages), decide, then answer
//! with a `Reply` rendered in the workspace's `Tone` and `Understanding::language`, and
//! pass every outgoing text through `guardrails::screen` with the prices the reply may
//! state (`Reply::prices`, the cart totals, or `AllowedPrices::from_catalog`).
//!
//! Domain crate: depends only on the kernel, the catalog and plain-data libraries, never
//! on adapters (enforced by the architecture test in `tests/`).

pub mod assistant;
pub mod conversations;
pub mod entities;
pub mod guardrails;
pub mod inbox;
pub mod intents;
pub mod language;
mod lexicon;
pub mod llm;
pub mod notes;
pub mod ports;
pub mod sentiment;
mod text;
pub mod tones;
pub mod understanding;

pub use entities::{
    CatalogSnapshot, CatalogSnapshotError, Confirmation, Entities, ExtractionContext, ItemMention,
    LocationMention, PendingQuestion, ProductMatch, ProductMention, QuantityMention,
    QuantitySource, Reference, SnapshotProduct, SnapshotVariant, TextSpan, VariantMatch,
    VariantMention, extract_entities,
};
pub use guardrails::{AllowedPrices, PriceMention, Verdict, Violation, find_prices, screen};
pub use intents::{Intent, IntentHints, IntentScore, RankedIntents, classify};
pub use language::{Language, LanguageDetection, detect_language, reply_language};
pub use sentiment::{
    FrustrationSignals, Sentiment, SentimentReading, analyse_sentiment, detect_frustration,
};
pub use tones::{
    HandoffReason, Opening, OrderLine, OrderProgress, OrderSummary, RenderError, Reply, ReplyKind,
    Tone, VariantPrice, format_money,
};
pub use understanding::{TurnContext, Understanding, understand};
