//! References to something listed before: "the first one", "la segunda", "l'ultimo",
//! "number 2", "#3", "this one", "quello".

use super::Reference;
use crate::language::Language;
use crate::lexicon::{Looseness, Ordinal, compiled};
use crate::text::Token;

/// Options the assistant lists are few; "#2024" is an order number, not an option.
const MAX_OPTION: u8 = 20;

pub(crate) fn find_reference(tokens: &[Token<'_>], language: Language) -> Option<Reference> {
    let mut languages = vec![language];
    languages.extend(Language::ALL.into_iter().filter(|l| *l != language));
    for l in &languages {
        let lexicon = compiled(*l);
        let ordinal = lexicon
            .ordinals
            .iter()
            .filter_map(|(phrase, ordinal)| {
                phrase
                    .find(tokens, Looseness::EXACT)
                    .map(|m| (m.start, *ordinal))
            })
            .min_by_key(|(start, _)| *start);
        if let Some((_, ordinal)) = ordinal {
            return Some(match ordinal {
                Ordinal::Nth(n) => Reference::Nth(n),
                Ordinal::Last => Reference::Last,
            });
        }
    }
    if let Some(n) = numbered_option(tokens, &languages) {
        return Some(Reference::Nth(n));
    }
    languages
        .iter()
        .any(|l| {
            compiled(*l)
                .demonstratives
                .iter()
                .any(|d| d.find(tokens, Looseness::EXACT).is_some())
        })
        .then_some(Reference::This)
}

/// "number 2", "opción 2", "#2".
fn numbered_option(tokens: &[Token<'_>], languages: &[Language]) -> Option<u8> {
    tokens.iter().enumerate().find_map(|(i, token)| {
        if !token.is_number() {
            return None;
        }
        let hashed = token.gap_before.ends_with('#');
        let named = i > 0
            && languages.iter().any(|l| {
                compiled(*l)
                    .option_words
                    .iter()
                    .any(|w| w.find(&tokens[i - 1..i], Looseness::EXACT).is_some())
            });
        let n: u8 = token.folded.parse().ok()?;
        ((hashed || named) && (1..=MAX_OPTION).contains(&n)).then_some(n)
    })
}
