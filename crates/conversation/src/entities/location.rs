//! The shipping location: a known city or country anywhere in the message ("Milano",
//! "Nueva York"), or a capitalised name after "to / a / en / in / per" ("to Sydney")
//! when the message is about shipping, or, when the assistant just asked where to ship,
//! any capitalised name or a short answer as typed.

use std::sync::LazyLock;

use super::places::PLACES;
use super::streets::in_street_name;
use super::synonyms::is_variant_word;
use super::{ExtractionContext, LocationMention, PendingQuestion, TextSpan};
use crate::language::Language;
use crate::lexicon::{Looseness, Phrase, compiled, is_known_word, is_stopword};
use crate::text::Token;

/// Aliases as phrases, longest first so "palma de mallorca" wins over "palma".
static ALIASES: LazyLock<Vec<(Phrase, usize)>> = LazyLock::new(|| {
    let mut aliases: Vec<(Phrase, usize)> = PLACES
        .iter()
        .enumerate()
        .flat_map(|(i, (_, _, names))| names.iter().map(move |n| (Phrase::parse(n), i)))
        .collect();
    aliases.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
    aliases
});

/// Words in a place name that may be lower-case ("Santa Cruz de Tenerife").
const NAME_JOINERS: &[&str] = &["de", "del", "di", "da", "la", "le", "los", "las", "of"];
const MAX_NAME_WORDS: usize = 4;
const SHORT_ANSWER_WORDS: usize = 4;

pub(crate) fn find_location(
    text: &str,
    tokens: &[Token<'_>],
    covered: &[bool],
    context: &ExtractionContext<'_>,
) -> Option<LocationMention> {
    known_place(text, tokens, covered)
        .or_else(|| after_marker(text, tokens, covered, context))
        .or_else(|| answer_to_question(text, tokens, covered, context))
}

fn known_place(text: &str, tokens: &[Token<'_>], covered: &[bool]) -> Option<LocationMention> {
    let mut taken = covered.to_vec();
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (phrase, place) in ALIASES.iter() {
        for m in phrase.find_all(tokens, Looseness::EXACT) {
            if taken[m.start..m.end].iter().any(|t| *t) || in_street_name(tokens, m.start, m.end) {
                continue;
            }
            // A place name that is also an everyday word of ours counts only capitalised.
            let single = m.end - m.start == 1;
            if single && is_known_word(&tokens[m.start].folded) && !tokens[m.start].is_capitalised()
            {
                continue;
            }
            for t in &mut taken[m.start..m.end] {
                *t = true;
            }
            found.push((m.start, m.end, *place));
        }
    }
    // Addresses end with the city ("via Roma 12, Milano"): the last place wins.
    let (start, end, place) = found.into_iter().max_by_key(|(start, _, _)| *start)?;
    let (name, country, _) = PLACES.get(place)?;
    Some(LocationMention {
        span: TextSpan::of_tokens(text, tokens, start, end - 1),
        name: (*name).to_owned(),
        known: true,
        country: Some(country),
    })
}

fn after_marker(
    text: &str,
    tokens: &[Token<'_>],
    covered: &[bool],
    context: &ExtractionContext<'_>,
) -> Option<LocationMention> {
    let shipping_talk = context.pending == Some(PendingQuestion::Location)
        || Language::ALL.into_iter().any(|l| {
            compiled(l)
                .shipping_cues
                .iter()
                .any(|cue| cue.find(tokens, Looseness::TIGHT).is_some())
        });
    if !shipping_talk {
        return None;
    }
    for language in Language::ALL {
        for marker in &compiled(language).location_markers {
            for m in marker.find_all(tokens, Looseness::EXACT) {
                if let Some((first, last)) = capitalised_run(tokens, covered, m.end) {
                    return Some(guessed(text, tokens, first, last));
                }
            }
        }
    }
    None
}

fn answer_to_question(
    text: &str,
    tokens: &[Token<'_>],
    covered: &[bool],
    context: &ExtractionContext<'_>,
) -> Option<LocationMention> {
    if context.pending != Some(PendingQuestion::Location) {
        return None;
    }
    if let Some((first, last)) = (0..tokens.len()).find_map(|i| capitalised_run(tokens, covered, i))
    {
        return Some(guessed(text, tokens, first, last));
    }
    let short = !tokens.is_empty() && tokens.len() <= SHORT_ANSWER_WORDS;
    let plain = tokens
        .iter()
        .enumerate()
        .all(|(i, t)| !covered[i] && (!is_known_word(&t.folded) || is_stopword(&t.folded)));
    (short && plain).then(|| guessed(text, tokens, 0, tokens.len() - 1))
}

/// Capitalised words starting at `from` that are no words of ours: a place we do not
/// know ("Sydney", "Santa Cruz de Tenerife").
fn capitalised_run(tokens: &[Token<'_>], covered: &[bool], from: usize) -> Option<(usize, usize)> {
    let starts_name = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            t.is_capitalised()
                && !covered[i]
                && !t.is_number()
                && !is_known_word(&t.folded)
                && !is_variant_word(&t.folded)
        })
    };
    if !starts_name(from) {
        return None;
    }
    let mut last = from;
    let mut i = from + 1;
    while i < tokens.len() && i - from < MAX_NAME_WORDS {
        if starts_name(i) {
            last = i;
        } else if !NAME_JOINERS.contains(&tokens[i].folded.as_str()) {
            break;
        }
        i += 1;
    }
    Some((from, last))
}

fn guessed(text: &str, tokens: &[Token<'_>], first: usize, last: usize) -> LocationMention {
    let span = TextSpan::of_tokens(text, tokens, first, last);
    LocationMention {
        name: span.text.clone(),
        span,
        known: false,
        country: None,
    }
}
