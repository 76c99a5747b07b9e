//! The filter every outgoing text passes, template or model: no medical claims, no
//! guarantees of results, no price the catalog does not have.
//!
//! The text is read sentence by sentence. A sentence with a medical claim or a guarantee
//! is dropped; if what is left still says something (three words or more) the text is
//! *rewritten* without it, otherwise it is *blocked*. Any price that is not among the
//! allowed prices blocks the whole text: a wrong price is the answer being wrong, and
//! the orchestration must fall back to the grounded template instead of sending the
//! rest.

mod claims;
mod prices;

use serde::Serialize;

pub use prices::{AllowedPrices, PriceMention, find_prices};

use crate::text::analysed;

/// What broke a rule, with the words that broke it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    /// "cures acne", "trata el acné", "guarisce la dermatite".
    MedicalClaim { excerpt: String },
    /// "guaranteed to fix", "resultados garantizados", "clinically proven".
    Guarantee { excerpt: String },
    /// A price that is not the catalog's (or the order's).
    UnknownPrice { excerpt: String },
    /// Longer than the filter reads (`crate::text::MAX_ANALYSED_CHARS` characters).
    TooLong { chars: usize },
}

impl Violation {
    pub fn code(&self) -> &'static str {
        match self {
            Violation::MedicalClaim { .. } => "medical_claim",
            Violation::Guarantee { .. } => "guarantee",
            Violation::UnknownPrice { .. } => "unknown_price",
            Violation::TooLong { .. } => "too_long",
        }
    }
}

/// The filter's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    Allowed,
    /// Send `text` instead: the original without the offending sentences.
    Rewritten {
        text: String,
        violations: Vec<Violation>,
    },
    /// Send nothing of it; fall back to a template (or a handoff).
    Blocked {
        violations: Vec<Violation>,
    },
}

impl Verdict {
    /// The text to send: the original when allowed, the rewrite, or nothing.
    pub fn text_to_send<'a>(&'a self, original: &'a str) -> Option<&'a str> {
        match self {
            Verdict::Allowed => Some(original),
            Verdict::Rewritten { text, .. } => Some(text),
            Verdict::Blocked { .. } => None,
        }
    }

    pub fn violations(&self) -> &[Violation] {
        match self {
            Verdict::Allowed => &[],
            Verdict::Rewritten { violations, .. } | Verdict::Blocked { violations } => violations,
        }
    }
}

/// Words a rewrite must keep to still be an answer.
const MIN_REMAINING_WORDS: usize = 3;

/// Screens one outgoing text.
pub fn screen(text: &str, allowed: &AllowedPrices) -> Verdict {
    // Outgoing texts are bounded like incoming ones; a model that writes more than
    // this has gone astray and is blocked rather than cut.
    if analysed(text).len() < text.len() {
        return Verdict::Blocked {
            violations: vec![Violation::TooLong {
                chars: text.chars().count(),
            }],
        };
    }
    let mut violations = Vec::new();
    let mut kept = Vec::new();
    let mut price_violation = false;
    for sentence in sentences(text) {
        let mut broken = claims::find_claims(sentence);
        for price in find_prices(sentence) {
            if !allowed.allows(&price) {
                price_violation = true;
                broken.push(Violation::UnknownPrice {
                    excerpt: price.excerpt.clone(),
                });
            }
        }
        if broken.is_empty() {
            kept.push(sentence);
        } else {
            violations.extend(broken);
        }
    }
    if violations.is_empty() {
        return Verdict::Allowed;
    }
    let rewritten = kept.concat().trim().to_owned();
    let words = rewritten
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if price_violation || words < MIN_REMAINING_WORDS {
        Verdict::Blocked { violations }
    } else {
        Verdict::Rewritten {
            text: rewritten,
            violations,
        }
    }
}

/// Sentences with their ending punctuation and following spaces, so concatenating the
/// kept ones rebuilds the text. A decimal point ("24.90") does not end a sentence.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let next = chars.get(i + 1).map(|(_, n)| *n);
        let ends = match c {
            '!' | '?' | '\n' => true,
            '.' => !next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if ends {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].1.is_whitespace() || matches!(chars[j].1, '!' | '?' | '.'))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |(k, _)| *k);
            out.push(&text[start..end]);
            start = end;
            i = j;
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests;
