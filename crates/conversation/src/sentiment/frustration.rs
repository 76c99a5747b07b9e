//! Frustration signals (support PRD §5.5.5).

use serde::Serialize;

use super::SentimentReading;
use super::score::is_shouting;
use crate::language::Language;
use crate::lexicon::{Looseness, compiled};
use crate::text::{analysed, containment, similarity, tokenize};

/// How alike a message must be to an earlier one to be "the same question again" (the
/// PRD's 0.8), or how much of the earlier one it must contain when it adds words.
const REPEAT_SIMILARITY: f32 = 0.8;
const REPEAT_CONTAINMENT: f32 = 0.9;
/// Only the last few messages count; asking again an hour of chat later is no repeat.
const REPEAT_WINDOW: usize = 5;
/// "ok", "yes", "50ml" repeat by nature.
const REPEAT_MIN_WORDS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FrustrationSignals {
    /// Frustration words and phrases as the customer wrote them.
    pub keywords: Vec<String>,
    /// "talk to a human", "hablar con alguien", "parlare con una persona", ...
    pub escalation_phrase: bool,
    /// The message is (nearly) one of the customer's last messages again.
    pub repeated_question: bool,
    /// Written mostly in capitals.
    pub shouting: bool,
    pub exclamations: u32,
    /// The PRD's rule: a keyword, an escalation phrase, or a negative repeated question
    /// (or negative shouting).
    pub frustrated: bool,
}

/// `previous` are the customer's earlier messages in this conversation, oldest first.
pub fn detect_frustration(
    text: &str,
    sentiment: SentimentReading,
    previous: &[&str],
) -> FrustrationSignals {
    let text = analysed(text);
    let tokens = tokenize(text);
    let mut keywords = Vec::new();
    let mut escalation_phrase = false;
    for language in Language::ALL {
        let lexicon = compiled(language);
        for phrase in &lexicon.frustration {
            for m in phrase.find_all(&tokens, Looseness::TIGHT) {
                let start = tokens[m.start].start;
                let end = tokens[m.end - 1].end;
                let word = text.get(start..end).unwrap_or_default().to_owned();
                if !keywords.contains(&word) {
                    keywords.push(word);
                }
            }
        }
        escalation_phrase |= lexicon
            .escalation
            .iter()
            .any(|p| p.find(&tokens, Looseness::LOOSE).is_some());
    }
    let repeated_question = tokens.len() >= REPEAT_MIN_WORDS
        && previous.iter().rev().take(REPEAT_WINDOW).any(|earlier| {
            similarity(earlier, text) >= REPEAT_SIMILARITY
                || (tokenize(earlier).len() >= REPEAT_MIN_WORDS
                    && containment(earlier, text) >= REPEAT_CONTAINMENT)
        });
    let shouting = is_shouting(text);
    let exclamations =
        u32::try_from(text.chars().filter(|c| *c == '!').count()).unwrap_or(u32::MAX);
    let negative = sentiment.sentiment.is_negative();
    let frustrated = !keywords.is_empty()
        || escalation_phrase
        || (negative && repeated_question)
        || (negative && shouting);
    FrustrationSignals {
        keywords,
        escalation_phrase,
        repeated_question,
        shouting,
        exclamations,
        frustrated,
    }
}
