//! Quantities: digits ("2", "x3", "3x", "2 pcs") and words in the three languages
//! ("two", "un par", "una dozzina").
//!
//! Not quantities: numbers inside a product or variant name ("50ml"), prices ("24.90",
//! "20€"), sizes with a unit, and ordinal references ("number 2" is a choice).
//! Words that are also articles or other words ("one", "una", "sei") count only when a
//! product or a buying word is next to them, when the message is little more than the
//! number, or when the assistant just asked how many.

use super::streets;
use super::{ExtractionContext, PendingQuestion, QuantityMention, QuantitySource, TextSpan};
use crate::language::Language;
use crate::lexicon::{Looseness, NumberUse, compiled, is_stopword};
use crate::text::Token;

/// A number word or phrase of a lexicon, its value, and when it counts.
type NumberWord = (crate::lexicon::Phrase, u32, NumberUse);

/// More than this is not a quantity a chat order means (a year, a postcode, a price).
pub(crate) const MAX_QUANTITY: u32 = 999;

pub(crate) fn find_quantities(
    text: &str,
    tokens: &[Token<'_>],
    covered: &[bool],
    context: &ExtractionContext<'_>,
) -> Vec<QuantityMention> {
    let mut found: Vec<(usize, QuantityMention)> = Vec::new();
    let mut taken = covered.to_vec();
    for (language, words) in number_words(context.language) {
        for (phrase, value, usage) in words {
            for m in phrase.find_all(tokens, Looseness::EXACT) {
                if taken[m.start..m.end].iter().any(|t| *t) {
                    continue;
                }
                let allowed = match usage {
                    NumberUse::Always => true,
                    NumberUse::OwnLanguageOnly => language == context.language,
                    NumberUse::NeedsContext => {
                        has_context(tokens, m.start, m.end, covered, context)
                    }
                };
                if !allowed {
                    continue;
                }
                for t in &mut taken[m.start..m.end] {
                    *t = true;
                }
                found.push((
                    m.start,
                    QuantityMention {
                        value: *value,
                        span: TextSpan::of_tokens(text, tokens, m.start, m.end - 1),
                        source: QuantitySource::Words,
                    },
                ));
            }
        }
    }
    for i in 0..tokens.len() {
        if taken[i] {
            continue;
        }
        let trailing = tokens.get(i + 1).map_or_else(
            || text.get(tokens[i].end..).unwrap_or_default(),
            |t| t.gap_before,
        );
        if streets::is_house_number(tokens, i) {
            continue;
        }
        if let Some(value) = digits_quantity(tokens, i, trailing) {
            found.push((
                i,
                QuantityMention {
                    value,
                    span: TextSpan::of_tokens(text, tokens, i, i),
                    source: QuantitySource::Digits,
                },
            ));
        }
    }
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, q)| q).collect()
}

/// The message's language first, then the others (a Spanish "dos" in an otherwise
/// unknown message still counts), longest phrases first so "un par" wins over "un".
fn number_words(first: Language) -> Vec<(Language, Vec<&'static NumberWord>)> {
    let mut languages = vec![first];
    languages.extend(Language::ALL.into_iter().filter(|l| *l != first));
    languages
        .into_iter()
        .map(|language| {
            let mut words: Vec<_> = compiled(language).numbers.iter().collect();
            words.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
            (language, words)
        })
        .collect()
}

/// Whether an ambiguous number word is meant as a quantity.
fn has_context(
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    covered: &[bool],
    context: &ExtractionContext<'_>,
) -> bool {
    // The number alone, give or take a "please": "one please", "uno por favor".
    let alone = tokens
        .iter()
        .enumerate()
        .all(|(i, t)| (start..end).contains(&i) || is_stopword(&t.folded));
    if context.pending == Some(PendingQuestion::Quantity) || alone {
        return true;
    }
    // A product or variant right after ("una crema", "one glow serum").
    let product_follows = (end..(end + 2).min(tokens.len())).any(|i| covered[i]);
    let cue_before = start > 0 && {
        let from = start.saturating_sub(2);
        let before = &tokens[from..start];
        Language::ALL.into_iter().any(|l| {
            compiled(l)
                .quantity_cues
                .iter()
                .any(|cue| cue.find(before, Looseness::EXACT).is_some())
        })
    };
    product_follows || cue_before
}

/// "2", "x2", "2x", "2pcs" as a quantity, unless it is part of a price, a decimal, a
/// size or a reference.
fn digits_quantity(tokens: &[Token<'_>], i: usize, gap_after: &str) -> Option<u32> {
    let token = &tokens[i];
    let folded = token.folded.as_str();
    let digits = folded
        .strip_prefix('x')
        .or_else(|| folded.strip_suffix('x'))
        .or_else(|| folded.strip_suffix("pcs"))
        .or_else(|| folded.strip_suffix("pz"))
        .unwrap_or(folded);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: u32 = digits.parse().ok()?;
    if value == 0 || value > MAX_QUANTITY {
        return None;
    }
    let after = tokens.get(i + 1);
    // "24.90", "24,90", "1.5": a decimal number.
    let decimal_after = matches!(gap_after, "." | ",") && after.is_some_and(|t| t.is_number());
    let decimal_before =
        matches!(token.gap_before, "." | ",") && i > 0 && tokens[i - 1].is_number();
    // "20€", "€20", "20 EUR", "$20", "20%", "#2".
    let money_or_percent = |gap: &str| gap.contains(['€', '$', '£', '%', '#']);
    let unit_after = after.is_some_and(|t| {
        matches!(
            t.folded.as_str(),
            "eur"
                | "euro"
                | "euros"
                | "usd"
                | "dollars"
                | "dollar"
                | "dolares"
                | "dollari"
                | "gbp"
                | "ml"
                | "g"
                | "gr"
                | "oz"
                | "kg"
                | "l"
                | "cl"
                | "mg"
                | "percent"
                | "am"
                | "pm"
                | "h"
        )
    });
    let reference_before = i > 0
        && Language::ALL.into_iter().any(|l| {
            compiled(l)
                .option_words
                .iter()
                .any(|w| w.find(&tokens[i - 1..i], Looseness::EXACT).is_some())
        });
    if decimal_after
        || decimal_before
        || money_or_percent(token.gap_before)
        || money_or_percent(gap_after.trim_end())
        || unit_after
        || reference_before
        || (after.is_some_and(|t| t.is_number()) && gap_after.trim().is_empty())
    {
        return None;
    }
    Some(value)
}
