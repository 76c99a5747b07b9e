//! What the customer wants from this message, as ranked candidates with confidences.

pub(crate) mod classify;
mod score;

use std::fmt;

use serde::Serialize;

pub use classify::{IntentHints, classify};
pub use score::{IntentScore, RankedIntents};

/// The intents of the assistant (beauty DM spec, plus `order_status`, `gratitude` and
/// `speak_to_human` from the support PRD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    Greeting,
    ProductInquiry,
    PriceCheck,
    AvailabilityCheck,
    BuyingIntent,
    OrderModification,
    OrderStatus,
    Complaint,
    CustomRequest,
    MedicalQuestion,
    SpeakToHuman,
    Gratitude,
    ChitChat,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 14] = [
        Intent::Greeting,
        Intent::ProductInquiry,
        Intent::PriceCheck,
        Intent::AvailabilityCheck,
        Intent::BuyingIntent,
        Intent::OrderModification,
        Intent::OrderStatus,
        Intent::Complaint,
        Intent::CustomRequest,
        Intent::MedicalQuestion,
        Intent::SpeakToHuman,
        Intent::Gratitude,
        Intent::ChitChat,
        Intent::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Greeting => "greeting",
            Intent::ProductInquiry => "product_inquiry",
            Intent::PriceCheck => "price_check",
            Intent::AvailabilityCheck => "availability_check",
            Intent::BuyingIntent => "buying_intent",
            Intent::OrderModification => "order_modification",
            Intent::OrderStatus => "order_status",
            Intent::Complaint => "complaint",
            Intent::CustomRequest => "custom_request",
            Intent::MedicalQuestion => "medical_question",
            Intent::SpeakToHuman => "speak_to_human",
            Intent::Gratitude => "gratitude",
            Intent::ChitChat => "chit_chat",
            Intent::Unknown => "unknown",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Intent::ALL.into_iter().find(|i| i.as_str() == raw.trim())
    }

    /// Pleasantries that ride along with a real request ("hi! how much is...") and must
    /// not make that request look ambiguous.
    pub fn is_social(self) -> bool {
        matches!(
            self,
            Intent::Greeting | Intent::Gratitude | Intent::ChitChat
        )
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
