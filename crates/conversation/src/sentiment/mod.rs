//! How the customer feels, and whether they are getting frustrated.
//!
//! Sentiment is lexicon-based: positive and negative words of the three languages with
//! weights, flipped by a negation up to three words before them in the same clause
//! ("not good" counts -0.8 of "good", "no está mal" +0.4 of "mal"), strengthened by an intensifier
//! right before ("very", "muy", "molto"), by exclamation marks and by SHOUTING, plus
//! emoji. The sum `s` becomes a score `tanh(s / 3)` in -1..1 and one of the five levels
//! of the support PRD.
//!
//! Frustration follows the PRD's rule: a frustration keyword, an escalation phrase
//! ("talk to a human", "parlare con una persona", "hablar con alguien"), or a negative
//! message that repeats an earlier question.

mod frustration;
mod score;

use serde::Serialize;

pub use frustration::{FrustrationSignals, detect_frustration};
pub use score::analyse_sentiment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    VeryNegative,
    Negative,
    Neutral,
    Positive,
    VeryPositive,
}

impl Sentiment {
    pub fn from_score(score: f32) -> Self {
        match score {
            s if s <= -0.6 => Sentiment::VeryNegative,
            s if s <= -0.2 => Sentiment::Negative,
            s if s < 0.2 => Sentiment::Neutral,
            s if s < 0.6 => Sentiment::Positive,
            _ => Sentiment::VeryPositive,
        }
    }

    pub fn is_negative(self) -> bool {
        matches!(self, Sentiment::Negative | Sentiment::VeryNegative)
    }
}

/// The sentiment of one message.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SentimentReading {
    pub sentiment: Sentiment,
    /// -1 (furious) .. 1 (delighted).
    pub score: f32,
}

#[cfg(test)]
mod tests;
