//! What one turn did, for the playground's debug panel and the tests.

use handoff::{Decision, HandoffReason, Lifecycle, Owner};
use orders::{CaptureStage, Order};
use serde::Serialize;

use super::compose::Source;
use crate::conversations::ConversationId;
use crate::guardrails::Verdict;
use crate::language::Language;
use crate::understanding::Understanding;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyReport {
    pub text: String,
    /// The kind of reply sent: a template kind ("price", "ask_variant"), "answer" for a
    /// passage of the shop's knowledge, "handoff", "offer_human", "caveat", "model".
    pub kind: String,
    pub sources: Vec<Source>,
    pub confidence: f64,
    pub message_id: channels::MessageId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartLineReport {
    pub product_id: catalog::ProductId,
    pub product: String,
    pub variant: Option<String>,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartReport {
    pub lines: Vec<CartLineReport>,
    pub shipping_location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateReport {
    pub lifecycle: Lifecycle,
    pub owner: Owner,
    pub order_stage: CaptureStage,
    pub cart: CartReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnReport {
    pub conversation_id: ConversationId,
    /// The last customer message of the burst answered.
    pub through: channels::MessageId,
    /// Every customer message the turn read, joined.
    pub text: String,
    pub reply: Option<ReplyReport>,
    pub language: Language,
    pub understanding: Understanding,
    pub state: StateReport,
    pub decision: Decision,
    pub handoff: Option<HandoffReason>,
    /// The order placed this turn.
    pub order: Option<Order>,
    pub guardrail: Verdict,
    /// "grounded", or the model that drafted the answer.
    pub engine: String,
    /// Why the model's draft was not used, when one was configured and failed.
    pub model_fallback: Option<String>,
}

/// What a turn job did.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnOutcome {
    Answered(Box<TurnReport>),
    /// A later message arrived; its own job answers the whole burst.
    LeftToLaterMessage,
    /// This burst was answered before (a re-run).
    AlreadyAnswered,
}
