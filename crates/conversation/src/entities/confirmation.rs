//! Yes or no, in any of the three languages ("yes", "sí", "sì", "va bene", "de acuerdo",
//! "nope", "annulla", "no problem" = yes).
//!
//! Only the opening words of a message, or a short message, answer a question: "si
//! tienes el rojo lo compro" starts with the Spanish "if", and "I have no idea what to
//! choose" is no refusal. When the assistant just asked for a confirmation, the whole
//! message is read.

use super::{Confirmation, ExtractionContext, PendingQuestion};
use crate::language::Language;
use crate::lexicon::{Looseness, PhraseMatch, compiled};
use crate::text::Token;

const OPENING_WORDS: usize = 2;
const SHORT_MESSAGE: usize = 4;

pub(crate) fn find_confirmation(
    tokens: &[Token<'_>],
    context: &ExtractionContext<'_>,
) -> Option<Confirmation> {
    let mut hits: Vec<(PhraseMatch, Confirmation)> = Vec::new();
    for language in Language::ALL {
        let lexicon = compiled(language);
        for phrase in &lexicon.yes {
            hits.extend(
                phrase
                    .find_all(tokens, Looseness::TIGHT)
                    .into_iter()
                    .map(|m| (m, Confirmation::Yes)),
            );
        }
        for phrase in &lexicon.no {
            hits.extend(
                phrase
                    .find_all(tokens, Looseness::TIGHT)
                    .into_iter()
                    .map(|m| (m, Confirmation::No)),
            );
        }
    }
    // "no problem" is a yes and "no thanks" a no: a longer phrase hides the shorter
    // ones inside it.
    let all = hits.clone();
    hits.retain(|(m, _)| {
        !all.iter().any(|(other, _)| {
            other.end - other.start > m.end - m.start
                && other.start <= m.start
                && m.end <= other.end
        })
    });
    let whole_message =
        context.pending == Some(PendingQuestion::Confirmation) || tokens.len() <= SHORT_MESSAGE;
    hits.retain(|(m, _)| whole_message || m.start < OPENING_WORDS);
    let (found, answer) = hits
        .into_iter()
        .min_by_key(|(m, _)| (m.start, usize::MAX - m.end))?;
    if answer == Confirmation::Yes && negated(tokens, found.start) {
        return Some(Confirmation::No);
    }
    Some(answer)
}

/// "not correct", "non va bene" (the latter is in the no-list already).
fn negated(tokens: &[Token<'_>], start: usize) -> bool {
    start > 0
        && Language::ALL.into_iter().any(|l| {
            compiled(l).negators.iter().any(|n| {
                n.find(&tokens[start - 1..start], Looseness::EXACT)
                    .is_some()
            })
        })
}
