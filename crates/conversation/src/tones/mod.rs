//! Every reply the assistant sends without a language model, in the workspace's brand
//! tone and the customer's language.
//!
//! A `Reply` carries typed parameters (product names, `Money`, variants, order lines);
//! `Reply::render` picks the template of its kind for the tone and language, formats the
//! parameters for the language (`24,90 €` in Spanish and Italian, `€24.90` in English,
//! lists with "o"/"or", weekdays) and fills the template. Templates are plain data, one
//! struct per tone and language (`en.rs`, `es.rs`, `it.rs`), so a missing reply kind
//! is a compile error and a test renders every combination.
//!
//! The texts only say what the parameters say: prices, variants and availability come in
//! from the catalog, never from the template. Rendered text still passes the
//! guardrails like any other outgoing text.

mod en;
mod es;
mod it;
mod locale;
mod render;
mod reply;
mod templates;

use std::fmt;

use serde::Serialize;

pub use locale::{Conjunction, format_money, join_list};
pub use render::RenderError;
pub use reply::{
    HandoffReason, Opening, OrderLine, OrderProgress, OrderSummary, Reply, ReplyKind, VariantPrice,
};

/// The voice of the assistant. Same names as `identity::BrandTone`, which the
/// orchestration maps with `Tone::parse(brand_tone.as_str())`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Friendly,
    Luxe,
    Influencer,
    Professional,
    Casual,
}

impl Tone {
    pub const ALL: [Tone; 5] = [
        Tone::Friendly,
        Tone::Luxe,
        Tone::Influencer,
        Tone::Professional,
        Tone::Casual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Friendly => "friendly",
            Tone::Luxe => "luxe",
            Tone::Influencer => "influencer",
            Tone::Professional => "professional",
            Tone::Casual => "casual",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Tone::ALL.into_iter().find(|t| t.as_str() == raw.trim())
    }
}

impl fmt::Display for Tone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
