//! The intent classifier: lexicon cues found in the message, plus entity hints.

use super::{Intent, RankedIntents};
use crate::language::Language;
use crate::lexicon::{Looseness, PhraseMatch, compiled, intent_cues};
use crate::text::{Token, analysed, tokenize};

/// What entity extraction found, as far as intents care. A named catalog product makes
/// a price or stock question more certain; "2 Glow Serum to Milan" is a purchase even
/// without the word "buy".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntentHints {
    pub product_mentioned: bool,
    pub variant_mentioned: bool,
    pub quantity_mentioned: bool,
    pub location_mentioned: bool,
    /// The message answers the question the assistant just asked (a size after "which
    /// size?"): the purchase goes on, whatever the words.
    pub answers_pending_question: bool,
}

/// A cue of another language than the message's still counts (customers mix
/// languages), a little less.
const OTHER_LANGUAGE_FACTOR: f32 = 0.85;

/// Evidence added by entity hints (see `crate::intents::score` for the scale).
const PRODUCT_BONUS: f32 = 0.5;
const PRODUCT_ALONE: f32 = 0.9;
const QUANTITY_WITH_PRODUCT: f32 = 1.2;
const LOCATION_WITH_PRODUCT: f32 = 0.6;
const ANSWERS_QUESTION: f32 = 1.5;

/// Classifies one message. `language` is the detected language, if any.
pub fn classify(text: &str, language: Option<Language>, hints: IntentHints) -> RankedIntents {
    let text = analysed(text);
    classify_tokens(&tokenize(text), language, hints)
}

pub(crate) fn classify_tokens(
    tokens: &[Token<'_>],
    language: Option<Language>,
    hints: IntentHints,
) -> RankedIntents {
    let mut evidence = [0.0f32; 14];
    // Tokens already explained by a heavier cue of the same intent: "where is my order"
    // must not also collect "my order" and "order" for order_status.
    let mut claimed: Vec<Vec<bool>> = vec![vec![false; tokens.len()]; 14];
    for cue in intent_cues() {
        let looseness = if cue.phrase.len() == 1 {
            Looseness::TIGHT
        } else {
            Looseness::LOOSE
        };
        let Some(found) = cue.phrase.find(tokens, looseness) else {
            continue;
        };
        let slot = index(cue.intent);
        if claimed[slot][found.start..found.end].iter().any(|c| *c) {
            continue;
        }
        if is_negatable(cue.intent) && is_negated(tokens, found) {
            continue;
        }
        let factor = match language {
            Some(l) if l != cue.language => OTHER_LANGUAGE_FACTOR,
            _ => 1.0,
        };
        evidence[slot] += cue.weight * found.quality * factor;
        for c in &mut claimed[slot][found.start..found.end] {
            *c = true;
        }
    }
    apply_hints(&mut evidence, hints);
    RankedIntents::from_evidence(&evidence)
}

fn index(intent: Intent) -> usize {
    Intent::ALL.iter().position(|i| *i == intent).unwrap_or(13)
}

/// "I don't want it" is not a purchase and "no thanks" is not gratitude; for the other
/// intents a negation does not change the topic ("no allergies?" is still medical).
fn is_negatable(intent: Intent) -> bool {
    matches!(intent, Intent::BuyingIntent | Intent::Gratitude)
}

/// A negator inside the matched words, or up to three words before them in the same
/// clause: "I don't want to buy", "non lo voglio comprare", but not "No, I want the red
/// one".
fn is_negated(tokens: &[Token<'_>], found: PhraseMatch) -> bool {
    if tokens[found.start..found.end]
        .iter()
        .any(|t| is_negator(&t.folded))
    {
        return true;
    }
    let mut position = found.start;
    for _ in 0..3 {
        if position == 0 {
            return false;
        }
        let before = &tokens[position - 1];
        if clause_break_between(before, &tokens[position]) {
            return false;
        }
        if is_negator(&before.folded) {
            return true;
        }
        position -= 1;
    }
    false
}

fn clause_break_between(before: &Token<'_>, after: &Token<'_>) -> bool {
    after.start > before.end
        && after
            .gap_before
            .chars()
            .any(|c| matches!(c, ',' | '.' | ';' | '!' | '?' | ':'))
}

fn is_negator(folded: &str) -> bool {
    Language::ALL.into_iter().any(|l| {
        compiled(l)
            .negators
            .iter()
            .any(|n| n.len() == 1 && n.words().next() == Some(folded))
    })
}

fn apply_hints(evidence: &mut [f32; 14], hints: IntentHints) {
    let shopping = [
        Intent::PriceCheck,
        Intent::AvailabilityCheck,
        Intent::ProductInquiry,
        Intent::BuyingIntent,
    ];
    if hints.product_mentioned {
        let asked = shopping.iter().any(|i| evidence[index(*i)] > 0.0);
        if asked {
            for intent in shopping {
                if evidence[index(intent)] > 0.0 {
                    evidence[index(intent)] += PRODUCT_BONUS;
                }
            }
        } else {
            evidence[index(Intent::ProductInquiry)] += PRODUCT_ALONE;
        }
    }
    let item_named = hints.product_mentioned || hints.variant_mentioned;
    if hints.quantity_mentioned && item_named {
        evidence[index(Intent::BuyingIntent)] += QUANTITY_WITH_PRODUCT;
    }
    if hints.location_mentioned && item_named {
        evidence[index(Intent::BuyingIntent)] += LOCATION_WITH_PRODUCT;
    }
    if hints.answers_pending_question {
        evidence[index(Intent::BuyingIntent)] += ANSWERS_QUESTION;
    }
}
